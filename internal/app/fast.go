package app

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"newsdesk/internal/newsroom"
	"newsdesk/internal/pagecache"
)

// Header values of every answer, built once: net/http only reads them.
var (
	vNosniff   = []string{"nosniff"}
	vReferrer  = []string{"strict-origin-when-cross-origin"}
	vHSTS      = []string{"max-age=31536000"}
	vAnyOrigin = []string{"*"}
)

// fromCache answers a GET for a cached page, feed or sitemap before any
// routing: a map lookup, the stored headers and bytes, the access log line
// and the metrics, with no allocation of its own. Content API answers too,
// once their key was found good (ghost.API.CachedAnswer). Everything else,
// and site addresses with a query string, go to next, whose handlers fill
// the cache. An entry exists only if a request passed every check next makes,
// and content events (redirect rules among them) drop what they change.
func (a *App) fromCache(next http.Handler) http.Handler {
	hsts := strings.HasPrefix(strings.ToLower(a.Config.SiteURL), "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || len(r.RequestURI) > MaxURLLength {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		var e *pagecache.Entry
		api := false
		switch {
		case r.URL.RawQuery == "":
			e = a.Cache.Get(r.URL.Path)
		case strings.HasPrefix(r.URL.Path, "/ghost/api/content/") && a.ghost != nil:
			e, api = a.ghost.CachedAnswer(r), true
		}
		if e == nil {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		if api {
			h["Access-Control-Allow-Origin"] = vAnyOrigin
		}
		h["X-Content-Type-Options"] = vNosniff
		h["Referrer-Policy"] = vReferrer
		if hsts {
			h["Strict-Transport-Security"] = vHSTS
		}
		status, n := pagecache.Serve(w, r, e)
		a.logRequest(r, e.Route, status, n, time.Since(start))
	})
}

// logRequest writes the access log line and the request metrics.
func (a *App) logRequest(r *http.Request, route string, status, bytes int, took time.Duration) {
	a.Metrics.ObserveRequest(route, r.Method, status, took)
	h := a.Log.Handler()
	if !h.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	// A record without a program counter: Logger.LogAttrs would walk the
	// stack for the caller's source line on every request, which the
	// access log does not show.
	rec := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
	rec.AddAttrs(slog.String("method", r.Method), slog.String("path", newsroom.LogPath(r.URL.Path)),
		slog.Int("status", status), slog.Int("bytes", bytes), slog.Duration("took", took))
	h.Handle(r.Context(), rec)
}
