package site_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/site"
)

// TestFragmentsRenderTheSameBytes serves every kind of page from a site
// that takes the masthead and footer from its fragment cache and from one
// that renders every page whole, over the same store, and requires the
// same bytes: first with the automatic sections, then with menus (whose
// links mark the current page), each after a content change.
func TestFragmentsRenderTheSameBytes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	whole := func() http.Handler {
		s, err := site.New(site.Deps{Store: e.store, Log: log, Events: e.bus, BaseURL: "https://news.example.org"})
		if err != nil {
			t.Fatal(err)
		}
		site.RenderWhole(s)
		mux := http.NewServeMux()
		s.Register(mux)
		return mux
	}()
	paths := []string{"/", "/search/?q=port", "/no-such-page/"}
	for _, p := range e.fix.Stream {
		paths = append(paths, "/"+p.Slug+"/")
		for _, tg := range p.Tags {
			paths = append(paths, "/tag/"+tg.Slug+"/", "/tag/"+tg.Slug+"/?after="+url.QueryEscape(cursorString(p)))
		}
		for _, a := range p.Authors {
			paths = append(paths, "/author/"+a.Slug+"/")
		}
	}
	compare := func(round string) {
		t.Helper()
		// One change per round: past the page cache, while the fragments
		// rendered for one page serve the next.
		e.bus.Publish(events.Event{Type: events.PostUpdated})
		for _, path := range paths {
			code, got, _ := e.get(t, path)
			ref := &env{handler: whole}
			wcode, want, _ := ref.get(t, path)
			if code != wcode || got != want {
				t.Fatalf("%s: %s differs from the whole render (status %d, %d):\n%s\n---\n%s", round, path, code, wcode, got, want)
			}
		}
	}
	compare("sections")
	st, err := e.store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Navigation = []domain.NavItem{{Label: "Home", URL: "/"}, {Label: "Rescue", URL: "/" + e.fix.Stream[0].Slug + "/"}}
	st.SecondaryNavigation = []domain.NavItem{{Label: "About", URL: "https://news.example.org/" + e.fix.Stream[1].Slug + "/"}}
	if err := e.store.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	e.bus.Publish(events.Event{Type: events.SettingsUpdated})
	compare("menus")
}
