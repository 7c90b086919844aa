package newsroom

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/media"
)

// parsePostForm reads the editor form over a copy of old (nil for a new
// post). Problems become field errors in the returned form; only storage
// failures are returned as err.
func (n *Newsroom) parsePostForm(r *http.Request, u *domain.User, old *domain.Post) (*domain.Post, *postForm, error) {
	ctx := r.Context()
	p := &domain.Post{Status: domain.StatusDraft}
	if old != nil {
		cp := *old
		p = &cp
	}
	f := &postForm{Post: p, New: old == nil}
	f.UpdatedAt, _ = strconv.ParseInt(r.PostFormValue("updated_at"), 10, 64)
	val := func(k string) string { return r.PostFormValue(k) }
	p.Kind = domain.Kind(val("kind"))
	if old == nil && val("type") == string(domain.TypePage) {
		p.Type = domain.TypePage // a new page; a saved post keeps its type
	}
	p.Title = val("title")
	p.Slug = strings.TrimSpace(val("slug"))
	f.Slug = p.Slug
	p.Standfirst = val("standfirst")
	p.BodyMD = strings.ReplaceAll(val("body"), "\r\n", "\n")
	p.VideoURL = strings.TrimSpace(val("video_url"))
	p.Language = strings.TrimSpace(val("language"))
	if v := val("visibility"); v != "" { // forms without the field keep the post's
		p.Visibility = domain.Visibility(v)
	}
	p.Image.Alt = strings.TrimSpace(val("image_alt"))
	p.Image.Caption = strings.TrimSpace(val("image_caption"))
	p.Image.Credit = strings.TrimSpace(val("image_credit"))
	p.Image.URL = strings.TrimSpace(val("image_url"))
	p.Image.Width, _ = strconv.Atoi(val("image_width"))
	p.Image.Height, _ = strconv.Atoi(val("image_height"))
	if val("image_remove") == "1" {
		p.Image = domain.Image{}
	}
	f.Tags = val("tags")
	f.PublishedAt = strings.TrimSpace(val("published_at"))

	if f.PublishedAt != "" {
		t, err := parseLocalTime(f.PublishedAt, n.loc(ctx))
		if err != nil {
			f.Errors = append(f.Errors, asFieldError(err, "published_at"))
		} else {
			p.PublishedAt = t
		}
	} else if p.Status != domain.StatusPublished {
		p.PublishedAt = time.Time{}
	}

	// Authors, in the order of the selects; the first is the byline. The
	// name has brackets because the form repeats it, one select per author.
	p.Authors = nil
	seen := map[string]bool{}
	for _, id := range r.PostForm["author[]"] {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		f.AuthorIDs = append(f.AuthorIDs, id)
		a, err := n.Store.UserByID(ctx, id)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			f.Errors = append(f.Errors, domain.FieldError("authors", "Unknown author."))
			continue
		} else if err != nil {
			return nil, nil, err
		}
		// What the picker does not offer, a hand-made form cannot choose;
		// an author the post already has may stay.
		if (a.Pending || a.Suspended) && (old == nil || !a.IsAuthorOf(old)) {
			why := "has not accepted their invitation yet"
			if a.Suspended {
				why = "is suspended"
			}
			f.Errors = append(f.Errors, domain.FieldError("authors", "%s %s.", a.Name, why))
			continue
		}
		p.Authors = append(p.Authors, a.Author)
	}
	if !u.Role.AtLeast(domain.RoleEditor) && len(p.Authors) > 0 && !u.IsAuthorOf(p) {
		f.Errors = append(f.Errors, domain.FieldError("authors", "Keep yourself among the authors, or the post leaves your hands."))
	}

	// Tags: a comma list as typed; resolved (and created) after validation.
	p.Tags = nil
	for _, name := range strings.Split(f.Tags, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if len([]rune(name)) > 191 {
			f.Errors = append(f.Errors, domain.FieldError("tags", "Tag names are at most 191 characters."))
			break
		}
		p.Tags = append(p.Tags, domain.Tag{Name: name})
	}

	if img, ok, err := n.upload(r, u, old, "image_file", &f.Errors, "image"); err != nil {
		return nil, nil, err
	} else if ok {
		p.Image.URL, p.Image.Width, p.Image.Height = img.URL, img.Width, img.Height
	}
	return p, f, nil
}

// upload stores the file in field, if one was sent. Refusals (role, size,
// type) become field errors under errField.
func (n *Newsroom) upload(r *http.Request, u *domain.User, p *domain.Post, field string, errs *domain.ValidationErrors, errField string) (media.Image, bool, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return media.Image{}, false, nil
	}
	fh := r.MultipartForm.File[field][0]
	if fh.Size == 0 && fh.Filename == "" {
		return media.Image{}, false, nil
	}
	if !domain.Can(u, domain.ActionUploadImage, p) {
		*errs = append(*errs, domain.FieldError(errField, "Your role does not allow uploads to this post."))
		return media.Image{}, false, nil
	}
	if fh.Size > maxImage {
		*errs = append(*errs, domain.FieldError(errField, "The image is larger than %s.", imageLimit()))
		return media.Image{}, false, nil
	}
	if n.Uploads == nil {
		*errs = append(*errs, domain.FieldError(errField, "Uploads are not available on this server."))
		return media.Image{}, false, nil
	}
	file, err := fh.Open()
	if err != nil {
		return media.Image{}, false, err
	}
	defer file.Close()
	img, err := n.Uploads.Upload(r.Context(), fh.Filename, file)
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			*errs = append(*errs, reErr(err, errField))
			return media.Image{}, false, nil
		}
		return media.Image{}, false, err
	}
	return img, true, nil
}

// parseLocalTime reads a datetime-local value in the site's time zone.
func parseLocalTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if t.Year() < 1990 || t.Year() > 2200 {
				break
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, domain.FieldError("published_at", "Enter a date and time like 2026-03-19 14:30.")
}
