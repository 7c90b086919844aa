package newsroom

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/media"
	"newsdesk/internal/storage"
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
	autoSlug := p.Slug == ""
	p.Standfirst = val("standfirst")
	p.BodyMD = strings.ReplaceAll(val("body"), "\r\n", "\n")
	p.VideoURL = strings.TrimSpace(val("video_url"))
	p.Language = strings.TrimSpace(val("language"))
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
	if autoSlug && len(f.Errors) == 0 && strings.TrimSpace(p.Title) != "" {
		slug, err := n.freeSlug(ctx, domain.Slugify(p.Title), p.ID)
		if err != nil {
			return nil, nil, err
		}
		p.Slug = slug
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
		*errs = append(*errs, domain.FieldError(errField, "The image is larger than %d MB.", maxImage>>20))
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
			*errs = append(*errs, &domain.Error{Code: domain.EINVALID, Field: errField, Message: domain.ErrorMessage(err)})
			return media.Image{}, false, nil
		}
		return media.Image{}, false, err
	}
	return img, true, nil
}

// freeSlug returns base, or base-2, base-3... whichever no other post uses.
func (n *Newsroom) freeSlug(ctx context.Context, base, selfID string) (string, error) {
	if base == "" {
		return "", nil
	}
	for i := 1; i < 100; i++ {
		slug := base
		if i > 1 {
			slug = base + "-" + strconv.Itoa(i)
		}
		other, err := n.Store.PostBySlug(ctx, slug)
		if domain.ErrorCode(err) == domain.ENOTFOUND || err == nil && other.ID == selfID {
			return slug, nil
		}
		if err != nil {
			return "", err
		}
	}
	return base + "-" + domain.NewID()[:6], nil
}

// resolveTags finds each tag of p by slug and creates the missing ones.
func (n *Newsroom) resolveTags(ctx context.Context, u *domain.User, p *domain.Post) error {
	for i, t := range p.Tags {
		slug := tagSlug(t.Name)
		if existing, err := n.Store.TagBySlug(ctx, slug); err == nil {
			p.Tags[i] = *existing
			continue
		} else if domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		if !domain.Can(u, domain.ActionCreateTag, nil) {
			return domain.FieldError("tags", "Your role does not allow creating the tag %q.", t.Name)
		}
		nt := &domain.Tag{Name: t.Name}
		if err := n.Store.CreateTag(ctx, nt); err != nil {
			return err
		}
		p.Tags[i] = *nt
	}
	return nil
}

// tagSlug is the slug a tag typed as name has: "#wire" is "hash-wire".
func tagSlug(name string) string {
	slug := domain.Slugify(strings.TrimPrefix(name, "#"))
	if strings.HasPrefix(name, "#") {
		slug = "hash-" + slug
	}
	return slug
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

// snapshot is what a revision keeps besides title, standfirst and body.
type snapshot struct {
	Kind     domain.Kind  `json:"kind"`
	Slug     string       `json:"slug"`
	Language string       `json:"language"`
	Image    domain.Image `json:"image"`
	VideoURL string       `json:"video_url"`
	Tags     []string     `json:"tags"`
	Authors  []string     `json:"authors"`
	Status   string       `json:"status"`
}

func revisionOf(p *domain.Post, u *domain.User) *storage.Revision {
	s := snapshot{Kind: p.Kind, Slug: p.Slug, Language: p.Language, Image: p.Image, VideoURL: p.VideoURL, Status: string(p.Status)}
	for _, t := range p.Tags {
		s.Tags = append(s.Tags, t.Name)
	}
	for _, a := range p.Authors {
		s.Authors = append(s.Authors, a.Name)
	}
	b, _ := json.Marshal(s)
	return &storage.Revision{PostID: p.ID, UserID: u.ID, Title: p.Title, Standfirst: p.Standfirst, BodyMD: p.BodyMD, Snapshot: string(b)}
}
