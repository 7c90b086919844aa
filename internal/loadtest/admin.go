package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
)

// Admin calls the Ghost Admin API with an integration's key.
type Admin struct {
	URL  string // the site
	Key  string // id:secret
	HTTP *http.Client
}

// Post is what the Admin API answers about a post, as far as the load
// tests look.
type Post struct {
	ID        string `json:"id"`
	Slug      string `json:"slug"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	UpdatedAt string `json:"updated_at"`
	Tags      []struct {
		Name string `json:"name"`
	} `json:"tags"`
}

// Call sends one Admin API request (path relative to
// /ghost/api/admin/) and decodes the first post of a 2xx answer. The
// status is returned even with an error, 0 when no answer came.
func (a *Admin) Call(ctx context.Context, method, path string, body any) (int, *Post, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.URL+"/ghost/api/admin/"+path, rd)
	if err != nil {
		return 0, nil, err
	}
	tok, err := AdminToken(a.Key)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Ghost "+tok)
	req.Header.Set("Content-Type", "application/json")
	hc := a.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	res, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, nil, err
	}
	if res.StatusCode/100 != 2 {
		if len(raw) > 300 {
			raw = raw[:300]
		}
		return res.StatusCode, nil, fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	var env struct {
		Posts []*Post `json:"posts"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return res.StatusCode, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if len(env.Posts) == 0 {
		return res.StatusCode, nil, nil
	}
	return res.StatusCode, env.Posts[0], nil
}

// Publish creates a published post with the Admin API.
func (a *Admin) Publish(ctx context.Context, title, markdown string, tags []string) (int, *Post, error) {
	p := map[string]any{"title": title, "status": "published", "html": "<p>" + markdown + "</p>"}
	if len(tags) > 0 {
		var ts []map[string]string
		for _, t := range tags {
			ts = append(ts, map[string]string{"name": t})
		}
		p["tags"] = ts
	}
	return a.Call(ctx, http.MethodPost, "posts/?source=html", map[string]any{"posts": []any{p}})
}

// UploadImage sends an image to images/upload/ as Ghost's clients do and
// returns the status and the stored image's URL (on 201).
func (a *Admin) UploadImage(ctx context.Context, name string, data []byte) (int, string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		return 0, "", err
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, "POST", a.URL+"/ghost/api/admin/images/upload/", &body)
	if err != nil {
		return 0, "", err
	}
	tok, err := AdminToken(a.Key)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Ghost "+tok)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	hc := a.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	res, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	var out struct {
		Images []struct {
			URL string `json:"url"`
		} `json:"images"`
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return res.StatusCode, "", fmt.Errorf("images/upload: %d %s", res.StatusCode, b)
	}
	if err := json.Unmarshal(b, &out); err != nil || len(out.Images) == 0 {
		return res.StatusCode, "", fmt.Errorf("images/upload answered %s: %v", b, err)
	}
	return res.StatusCode, out.Images[0].URL, nil
}
