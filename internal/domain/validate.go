package domain

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Limits on post fields; generous for news, small enough to stop abuse.
const (
	MaxTitleLen      = 300
	MaxStandfirstLen = 1000
	MaxBodyLen       = 500_000
	MaxCaptionLen    = 1000
	MaxAuthors       = 10
	MaxTags          = 20
)

// Validate checks a post before it is saved and normalises what it can
// (trims text, fills the slug from the title). It reports every problem.
func (p *Post) Validate() error {
	var errs ValidationErrors
	p.Title = strings.TrimSpace(p.Title)
	p.Standfirst = strings.TrimSpace(p.Standfirst)
	p.Slug = strings.TrimSpace(p.Slug)
	if p.Kind == "" {
		p.Kind = KindArticle
	}
	if p.Type == "" {
		p.Type = TypePost
	}
	if !p.Type.Valid() {
		errs = append(errs, FieldError("type", "Type must be post or page."))
	}
	if p.Type == TypePage {
		// A page is not a stream item: kinds (brief, video) mean nothing there.
		p.Kind = KindArticle
	}
	if p.Status == "" {
		p.Status = StatusDraft
	}
	if p.Visibility == "" {
		p.Visibility = VisibilityPublic
	}
	if !p.Visibility.Valid() {
		errs = append(errs, FieldError("visibility", "Visibility must be public, members, paid or tiers."))
	}
	if !p.Kind.Valid() {
		errs = append(errs, FieldError("kind", "Kind must be article, brief or video."))
	}
	if !p.Status.Valid() {
		errs = append(errs, FieldError("status", "Status must be draft, scheduled or published."))
	}
	switch {
	case p.Title == "":
		errs = append(errs, FieldError("title", "Title is required."))
	case utf8.RuneCountInString(p.Title) > MaxTitleLen:
		errs = append(errs, FieldError("title", "Title is longer than %d characters.", MaxTitleLen))
	case hasControl(p.Title):
		errs = append(errs, FieldError("title", "Title contains control characters."))
	}
	if p.Slug == "" {
		p.Slug = Slugify(p.Title)
		if p.Slug == "" {
			p.Slug = "post-" + NewID()[:8]
		}
		if ReservedSlug(p.Slug) {
			p.Slug += "-news"
		}
	} else if !ValidSlug(p.Slug) {
		errs = append(errs, FieldError("slug", "Slug may hold only lowercase letters, digits and single hyphens."))
	} else if ReservedSlug(p.Slug) {
		errs = append(errs, FieldError("slug", "The slug %q is taken by a site page; choose another.", p.Slug))
	}
	if utf8.RuneCountInString(p.Standfirst) > MaxStandfirstLen {
		errs = append(errs, FieldError("standfirst", "Standfirst is longer than %d characters.", MaxStandfirstLen))
	}
	if len(p.BodyMD) > MaxBodyLen {
		errs = append(errs, FieldError("body", "Body is larger than %d bytes.", MaxBodyLen))
	}
	if !utf8.ValidString(p.BodyMD) || !utf8.ValidString(p.Title) || !utf8.ValidString(p.Standfirst) {
		errs = append(errs, FieldError("body", "Text must be valid UTF-8."))
	} else if strings.ContainsRune(p.BodyMD, 0) || strings.ContainsRune(p.Standfirst, 0) {
		// PostgreSQL cannot store NUL in text; no real text contains it.
		errs = append(errs, FieldError("body", "Text must not contain NUL characters."))
	}
	if p.Status == StatusScheduled && p.PublishedAt.IsZero() {
		errs = append(errs, FieldError("published_at", "A scheduled post needs a publication time."))
	}
	if p.Image.URL != "" && !ValidURL(p.Image.URL) {
		errs = append(errs, FieldError("image", "Lead image must be a site path or an http(s) URL."))
	}
	if utf8.RuneCountInString(p.Image.Caption) > MaxCaptionLen {
		errs = append(errs, FieldError("caption", "Caption is longer than %d characters.", MaxCaptionLen))
	}
	if p.VideoURL != "" && !ValidURL(p.VideoURL) {
		errs = append(errs, FieldError("video_url", "Video URL must be a site path or an http(s) URL."))
	}
	if p.Kind == KindVideo && p.VideoURL == "" {
		errs = append(errs, FieldError("video_url", "A video item needs a video URL or an uploaded file."))
	}
	if len(p.Authors) == 0 {
		errs = append(errs, FieldError("authors", "A post needs at least one author."))
	}
	if len(p.Authors) > MaxAuthors {
		errs = append(errs, FieldError("authors", "A post may have at most %d authors.", MaxAuthors))
	}
	for i := range p.Tags {
		if err := p.Tags[i].Validate(); err != nil {
			errs = append(errs, FieldError("tags", "Tag %q: %s", p.Tags[i].Name, ErrorMessage(err)))
			break
		}
	}
	if p.Language == "" {
		p.Language = "en"
	} else if !validLang(p.Language) {
		errs = append(errs, FieldError("language", "Language must be a code such as en or uk."))
	}
	return errs.Err()
}

// ValidateEdit is Validate for a save that changes old (nil for a new
// post) by hand. MaxTags is an editing guard, not a property of posts:
// archives bring posts with dozens of tags, and such a post may still be
// edited as long as the save does not add to them.
func (p *Post) ValidateEdit(old *Post) error {
	err := p.Validate()
	if len(p.Tags) > MaxTags && (old == nil || len(p.Tags) > len(old.Tags)) {
		errs, _ := err.(ValidationErrors)
		return append(errs, FieldError("tags", "A post may have at most %d tags.", MaxTags)).Err()
	}
	return err
}

// ValidURL accepts site-relative paths and absolute http(s) URLs only, so
// "javascript:" and other schemes never reach a page.
func ValidURL(s string) bool {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return !strings.ContainsAny(s, " \t\r\n\"'<>")
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func validLang(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
			return false
		}
	}
	return true
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// reservedSlugs are first path segments the site serves itself; a post
// with one of these slugs could never be reached at /{slug}/.
var reservedSlugs = map[string]bool{
	"author": true, "tag": true, "search": true, "rss": true, "atom": true,
	"ghost": true, "newsroom": true, "content": true, "assets": true,
	"healthz": true, "readyz": true, "page": true, "live": true,
}

// ReservedSlug reports whether slug names a site page rather than a post.
func ReservedSlug(slug string) bool { return reservedSlugs[slug] }
