// Package metrics exposes Prometheus metrics: request counts and latencies
// by route pattern, plus Go runtime and process metrics.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
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
	webhooks *prometheus.HistogramVec

	// observers keeps each label set's histogram: looking one up by
	// label values costs allocations on every request otherwise.
	mu        sync.RWMutex
	observers map[requestLabels]prometheus.Observer
}

type requestLabels struct {
	route, method string
	code          int
}

// New registers the collectors on a fresh registry.
func New() *Metrics {
	m := &Metrics{
		observers: map[requestLabels]prometheus.Observer{},
		registry:  prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newsdesk_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern, method and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method", "code"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsdesk_content_events_total",
			Help: "Content events published, by type and origin (local or remote instance).",
		}, []string{"type", "origin"}),
		webhooks: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newsdesk_webhook_attempt_duration_seconds",
			Help:    "Webhook delivery attempts by outcome (delivered, retry, failed: given up) and how long the receiver took.",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"result"}),
	}
	m.registry.MustRegister(m.requests, m.events, m.webhooks,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveRequest records one request. route is the ServeMux pattern, so
// label cardinality stays bounded whatever paths clients ask for.
func (m *Metrics) ObserveRequest(route, method string, code int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	l := requestLabels{route, method, code}
	m.mu.RLock()
	o := m.observers[l]
	m.mu.RUnlock()
	if o == nil {
		o = m.requests.WithLabelValues(route, method, strconv.Itoa(code))
		m.mu.Lock()
		if len(m.observers) < maxObservers { // methods are the client's choice
			m.observers[l] = o
		}
		m.mu.Unlock()
	}
	o.Observe(took.Seconds())
}

// maxObservers bounds the memo of label sets.
const maxObservers = 4096

// ObserveEvent counts one content event.
func (m *Metrics) ObserveEvent(typ string, remote bool) {
	origin := "local"
	if remote {
		origin = "remote"
	}
	m.events.WithLabelValues(typ, origin).Inc()
}

// ObserveWebhook records one webhook delivery attempt: result is
// "delivered", "retry" or "failed" (given up).
func (m *Metrics) ObserveWebhook(result string, took time.Duration) {
	m.webhooks.WithLabelValues(result).Observe(took.Seconds())
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
