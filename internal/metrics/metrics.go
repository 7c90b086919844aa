// Package metrics exposes Prometheus metrics: request counts and latencies
// by route pattern, plus Go runtime and process metrics.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors of one process.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.HistogramVec
	events   *prometheus.CounterVec
}

// New registers the collectors on a fresh registry.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newsdesk_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern, method and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method", "code"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsdesk_content_events_total",
			Help: "Content events published, by type and origin (local or remote instance).",
		}, []string{"type", "origin"}),
	}
	m.registry.MustRegister(m.requests, m.events,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveRequest records one request. route is the ServeMux pattern, so
// label cardinality stays bounded whatever paths clients ask for.
func (m *Metrics) ObserveRequest(route, method string, code int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Observe(took.Seconds())
}

// ObserveEvent counts one content event.
func (m *Metrics) ObserveEvent(typ string, remote bool) {
	origin := "local"
	if remote {
		origin = "remote"
	}
	m.events.WithLabelValues(typ, origin).Inc()
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
