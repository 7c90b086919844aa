package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/loadtest"
	"newsdesk/internal/testsupport"
)

// TestThreeInstances runs three "newsdesk serve" processes on one
// PostgreSQL and one S3-compatible store, each taking writes: publishes,
// edits, uploads and schedules on each, webhooks fired from each. Every instance shows every change within a
// second, every scheduled post is published once, every webhook event is
// delivered under one id; one instance is SIGKILLed midway and the other
// two carry on.
func TestThreeInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs three servers; -short skips it")
	}
	testsupport.PostgresURL(t)
	ctx := context.Background()
	bin, err := loadtest.Build(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s3 := testsupport.S3Server(t)
	c := newHookCluster(t, bin, 3, s3.MediaURL("", "three"))
	rc := &hookReceiver{secret: "three"}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	c.addWebhook(0, "post.published", srv.URL+"/published", "three")
	c.addWebhook(1, "post.published.edited", srv.URL+"/edited", "three")
	c.addWebhook(2, "post.scheduled", srv.URL+"/scheduled", "three")
	time.Sleep(300 * time.Millisecond) // every instance hears of the webhooks

	alive := []bool{true, true, true}
	published := map[string]bool{}
	edited := map[string]bool{}
	scheduled := map[string]bool{}
	var slowest time.Duration
	// seen waits until every live instance shows want at path.
	seen := func(path, want string) {
		t.Helper()
		start := time.Now()
		for i, s := range c.srvs {
			if !alive[i] {
				continue
			}
			for {
				if body, code := get(s.URL + path); code == http.StatusOK && strings.Contains(body, want) {
					break
				}
				if time.Since(start) > time.Second {
					t.Fatalf("instance %d does not show %q at %s a second after the change\n%s", i, want, path, c.logs())
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		slowest = max(slowest, time.Since(start))
	}
	for round := range 3 {
		for i := range 3 {
			if !alive[i] {
				continue
			}
			admin := c.admin(i)
			title := fmt.Sprintf("Round %d desk %d story", round, i)
			status, p, err := admin.Publish(ctx, title, "Kyiv — words.", nil)
			if err != nil || status != http.StatusCreated {
				t.Fatalf("publish on %d: %d %v", i, status, err)
			}
			published[p.ID] = true
			seen("/"+p.Slug+"/", title)
			seen("/", title)
			// Edited on the next live instance.
			j := (i + 1) % 3
			for !alive[j] {
				j = (j + 1) % 3
			}
			status, _, err = c.admin(j).Call(ctx, "PUT", "posts/"+p.ID+"/", map[string]any{"posts": []any{map[string]any{
				"title": title + " updated", "updated_at": p.UpdatedAt}}})
			if err != nil || status != http.StatusOK {
				t.Fatalf("edit on %d: %d %v", j, status, err)
			}
			edited[p.ID] = true
			seen("/"+p.Slug+"/", title+" updated")
			// An image uploaded here is served by every instance.
			img := smallPNG(t, round*3+i)
			code, imgURL, err := admin.UploadImage(ctx, fmt.Sprintf("round-%d-desk-%d.png", round, i), img)
			if err != nil || code != http.StatusCreated {
				t.Fatalf("upload on %d: %d %v", i, code, err)
			}
			sameBytes(t, c, alive, strings.TrimPrefix(imgURL, c.srvs[i].URL), img)
			// Scheduled a few seconds ahead: some instance's scheduler
			// publishes it, once.
			at := time.Now().Add(3 * time.Second).UTC().Format("2006-01-02T15:04:05.000Z")
			status, sp, err := admin.Call(ctx, "POST", "posts/?source=html", map[string]any{"posts": []any{map[string]any{
				"title": fmt.Sprintf("Round %d desk %d scheduled", round, i), "html": "<p>Later.</p>", "status": "scheduled", "published_at": at}}})
			if err != nil || status != http.StatusCreated {
				t.Fatalf("schedule on %d: %d %v", i, status, err)
			}
			scheduled[sp.ID] = true
		}
		if round == 0 {
			// One instance dies in the middle; the others carry on.
			c.srvs[2].Kill()
			alive[2] = false
		}
	}
	// Every scheduled post goes out within the schedulers' 10-second tick.
	for id := range scheduled {
		published[id] = true
	}
	waitDelivered(t, rc, c, "post.published", published, 60*time.Second)
	waitDelivered(t, rc, c, "post.published.edited", edited, 30*time.Second)
	waitDelivered(t, rc, c, "post.scheduled", scheduled, 30*time.Second)
	time.Sleep(time.Second)
	for _, ev := range []string{"post.published", "post.published.edited", "post.scheduled"} {
		ids := map[string]map[string]int{}
		for _, g := range rc.accepted(ev) {
			if ids[g.post] == nil {
				ids[g.post] = map[string]int{}
			}
			ids[g.post][g.delivery]++
		}
		for post, byID := range ids {
			if len(byID) != 1 {
				// A scheduled post published twice would be two events.
				t.Errorf("%s of %s delivered as %d different events: %v", ev, post, len(byID), byID)
			}
			for id, n := range byID {
				if n > 1 {
					t.Logf("%s of %s delivered %d times under %s (the killed instance died mid-delivery)", ev, post, n, id)
				}
			}
		}
	}
	// The scheduled posts are public on the instances left.
	for id := range scheduled {
		for i, s := range c.srvs {
			if !alive[i] {
				continue
			}
			body, code := get(s.URL + "/ghost/api/content/posts/" + id + "/?key=" + c.keys.ContentKey)
			if code != http.StatusOK || !strings.Contains(body, id) {
				t.Errorf("scheduled post %s on instance %d: %d", id, i, code)
			}
		}
	}
	t.Logf("%d posts published, edited and given an image, %d scheduled, on 3 instances (one killed after the first round); slowest change seen everywhere after %s",
		len(edited), len(scheduled), slowest.Round(time.Millisecond))
}

// smallPNG is a distinct little image for upload n.
func smallPNG(t *testing.T, n int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 40 {
			img.Set(x, y, color.RGBA{uint8(n * 20), uint8(x * 6), uint8(y * 8), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameBytes checks every live instance serves want at path at once.
func sameBytes(t *testing.T, c *hookCluster, alive []bool, path string, want []byte) {
	t.Helper()
	for i, s := range c.srvs {
		if !alive[i] {
			continue
		}
		body, code := get(s.URL + path)
		if code != http.StatusOK || body != string(want) {
			t.Fatalf("instance %d serves %s as %d, %d bytes (want %d)", i, path, code, len(body), len(want))
		}
	}
}

func get(u string) (string, int) {
	res, err := http.Get(u)
	if err != nil {
		return err.Error(), 0
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b), res.StatusCode
}
