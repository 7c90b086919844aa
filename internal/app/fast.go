package app

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
	"unsafe"

	"newsdesk/internal/edge"
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
	hsts := a.https()
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

// edgeServer answers cached site pages, feeds and sitemaps on the
// connections it reads itself, with the same heads fromCache sends.
func (a *App) edgeServer() *edge.Server {
	extra := http.Header{"X-Content-Type-Options": vNosniff, "Referrer-Policy": vReferrer}
	if a.https() {
		extra["Strict-Transport-Security"] = vHSTS
	}
	return &edge.Server{
		Hit: func(r *edge.Request) edge.Answer {
			e := a.Cache.GetBytes(r.Path)
			if e == nil {
				return edge.Answer{}
			}
			head, body, status := e.Wire(extra).Choose(e, unsafeString(r.AcceptEncoding),
				unsafeString(r.IfNoneMatch), unsafeString(r.IfModifiedSince), r.HasINM, r.HasIMS)
			return edge.Answer{Head: head, Body: body, Status: status, Route: e.Route, Key: e.Key()}
		},
		Miss: a.edgeMiss,
		Done: func(r *edge.Request, ans *edge.Answer, n int, at time.Time, took time.Duration) {
			a.logLine(context.Background(), r.Method(), ans.Key, ans.Route, ans.Status, n, at, took)
		},
		IdleTimeout:   serverIdleTimeout,
		HeaderTimeout: serverHeaderTimeout,
		MaxURL:        MaxURLLength,
	}
}

// edgeMiss answers on the edge's connection a page that is not in the
// cache (dropped by a change, expired, never asked for) when its route
// makes cached answers, by running the whole handler with a Recorder:
// the handler logs it, counts it and caches it as it would behind
// net/http. Other routes, streams among them, go to net/http.
func (a *App) edgeMiss(r *edge.Request, head []byte, c net.Conn) edge.Answer {
	if a.handler == nil || a.mux == nil {
		return edge.Answer{}
	}
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(head)))
	if err != nil {
		return edge.Answer{}
	}
	if _, pattern := a.mux.Handler(req); pattern == "" || !a.Cache.Caches(pattern) {
		return edge.Answer{}
	}
	req.RemoteAddr = c.RemoteAddr().String()
	w := edge.NewRecorder()
	if !serveRecorded(a.handler, w, req) {
		// http.ErrAbortHandler (the middleware recovers every other
		// panic): net/http closes the connection without an answer; the
		// edge closes it after a bare 500.
		return edge.Answer{Head: []byte("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n"),
			Status: http.StatusInternalServerError, Close: true, Logged: true}
	}
	ans, closing := w.Answer(r.Head)
	ans.Logged, ans.Close = true, closing
	return ans
}

// serveRecorded runs h, false if it panicked (the middleware recovers
// all but http.ErrAbortHandler, which asks for the connection's end).
func serveRecorded(h http.Handler, w http.ResponseWriter, r *http.Request) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			ok = false
		}
	}()
	h.ServeHTTP(w, r)
	return true
}

// accessLog is where access log lines go.
func (a *App) accessLog() slog.Handler {
	if a.AccessLog != nil {
		return a.AccessLog
	}
	return a.Log.Handler()
}

// https reports whether the site is served over https: browsers heed
// HSTS only there, and a site served over http must not promise it.
func (a *App) https() bool { return strings.HasPrefix(strings.ToLower(a.Config.SiteURL), "https://") }

// unsafeString views b as a string for a call that does not keep it.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// logRequest writes the access log line and the request metrics.
func (a *App) logRequest(r *http.Request, route string, status, bytes int, took time.Duration) {
	a.logLine(r.Context(), r.Method, r.URL.Path, route, status, bytes, time.Now(), took)
}

// logLine is logRequest for what the edge read.
func (a *App) logLine(ctx context.Context, method, path, route string, status, bytes int, at time.Time, took time.Duration) {
	a.Metrics.ObserveRequest(route, method, status, took)
	if a.AccessLog != nil && a.AccessLog.request(at, method, newsroom.LogPath(path), status, bytes, took) {
		return
	}
	h := a.accessLog()
	if !h.Enabled(ctx, slog.LevelInfo) {
		return
	}
	// A record without a program counter: Logger.LogAttrs would walk the
	// stack for the caller's source line on every request, which the
	// access log does not show.
	rec := slog.NewRecord(at, slog.LevelInfo, "request", 0)
	rec.AddAttrs(slog.String("method", method), slog.String("path", newsroom.LogPath(path)),
		slog.Int("status", status), slog.Int("bytes", bytes), slog.Duration("took", took))
	h.Handle(ctx, rec)
}
