package ghost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/importer/convert"
	"newsdesk/internal/markdown"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// maxGhostTitle is the longest title Ghost's posts table takes; the Admin
// API refuses longer ones as Ghost does (the newsroom takes what newsdesk
// can store).
const maxGhostTitle = 255

// Request body limits: post JSON, and image uploads.
const (
	maxPostBody   = 2 << 20
	maxUploadBody = 32 << 20
)

// optString is a JSON string field that remembers whether it was sent;
// null clears it, as in Ghost.
type optString struct {
	Set bool
	V   string
}

// UnmarshalJSON implements json.Unmarshaler; null is an empty value.
func (o *optString) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.V = ""
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// postInput is what the Admin API reads from a post; read-only fields a
// client sends back (url, excerpt, reading_time, ...) are ignored.
type postInput struct {
	Title               optString          `json:"title"`
	Slug                optString          `json:"slug"`
	HTML                optString          `json:"html"`
	Lexical             optString          `json:"lexical"`
	Mobiledoc           optString          `json:"mobiledoc"`
	Status              optString          `json:"status"`
	PublishedAt         optString          `json:"published_at"`
	UpdatedAt           optString          `json:"updated_at"`
	Featured            *bool              `json:"featured"`
	CustomExcerpt       optString          `json:"custom_excerpt"`
	FeatureImage        optString          `json:"feature_image"`
	FeatureImageAlt     optString          `json:"feature_image_alt"`
	FeatureImageCaption optString          `json:"feature_image_caption"`
	MetaTitle           optString          `json:"meta_title"`
	MetaDescription     optString          `json:"meta_description"`
	Visibility          optString          `json:"visibility"`
	Tags                *[]json.RawMessage `json:"tags"`
	Authors             *[]json.RawMessage `json:"authors"`
	Newsdesk            *struct {
		Kind               optString `json:"kind"`
		Language           optString `json:"language"`
		VideoURL           optString `json:"video_url"`
		FeatureImageCredit optString `json:"feature_image_credit"`
	} `json:"newsdesk"`
}

// decodePost reads the one post (or page: res) of a request body.
func decodePost(w http.ResponseWriter, r *http.Request, res resource) (*postInput, error) {
	var body map[string][]json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPostBody))
	if err := dec.Decode(&body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError", Message: "Request is larger than 2 MB."}
		}
		// Ghost's body parser fails this way, a 400 it calls an internal error.
		return nil, &apiError{Status: http.StatusBadRequest, Type: "InternalServerError", Message: "An unexpected error occurred, please try again.",
			Context: "The body is not valid JSON: " + err.Error(), Code: "UNEXPECTED_ERROR", raw: true}
	}
	if len(body[res.key]) != 1 {
		return nil, errValidation(http.StatusUnprocessableEntity,
			"Validation error: send exactly one "+strings.ToLower(res.name)+" as {\""+res.key+"\":[{...}]}.", "", res.key)
	}
	var in postInput
	if err := json.Unmarshal(body[res.key][0], &in); err != nil {
		return nil, errValidation(http.StatusUnprocessableEntity, "Validation error: "+err.Error(), "", res.key)
	}
	return &in, nil
}

func parseTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errValidation(http.StatusUnprocessableEntity, "Validation error: "+field+" must be an ISO 8601 date such as 2026-11-27T10:00:00.000Z.", "", field)
}

// sitePath turns an absolute URL on this site into a site path, so stored
// image URLs survive a change of domain.
func (a *API) sitePath(u string) string {
	if a.SiteURL != "" && strings.HasPrefix(u, a.SiteURL+"/") {
		return u[len(a.SiteURL):]
	}
	return u
}

// splitCredit separates "Caption. (Photographer / Agency)" into caption
// and credit: the form newsdesk writes feature_image_caption in, so a
// client sending a post back does not double the credit.
func splitCredit(s string) (caption, credit string) {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, ")") {
		return s, ""
	}
	i := strings.LastIndex(s, "(")
	if i < 0 || (i > 0 && s[i-1] != ' ') {
		return s, ""
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : len(s)-1])
}

// applyInput copies the sent fields onto p. It reports whether the body changed.
func (a *API) applyInput(ctx context.Context, p *domain.Post, in *postInput, source string, who *actor) (bool, error) {
	if in.Title.Set {
		if utf8.RuneCountInString(in.Title.V) > maxGhostTitle {
			return false, errValidation(http.StatusUnprocessableEntity,
				fmt.Sprintf("Value in [posts.title] exceeds maximum length of %d characters.", maxGhostTitle), "posts.title", "")
		}
		p.Title = in.Title.V
	}
	if in.Slug.Set {
		p.Slug = in.Slug.V
	}
	bodyChanged := false
	// Bodies become newsdesk Markdown through the importer's converters,
	// so an API post reads in the editor like any other.
	switch {
	case in.Lexical.Set && in.Lexical.V != "":
		md, _, err := convert.Lexical([]byte(in.Lexical.V))
		if err != nil {
			return false, errValidation(http.StatusUnprocessableEntity, "Validation error: lexical is not a Lexical document: "+err.Error(), "", "lexical")
		}
		p.BodyMD, bodyChanged = md, true
	case in.Mobiledoc.Set && in.Mobiledoc.V != "":
		md, _, err := convert.Mobiledoc([]byte(in.Mobiledoc.V))
		if err != nil {
			return false, errValidation(http.StatusUnprocessableEntity, "Validation error: mobiledoc is not a Mobiledoc document: "+err.Error(), "", "mobiledoc")
		}
		p.BodyMD, bodyChanged = md, true
	case in.HTML.Set && source == "html":
		p.BodyMD, _ = convert.HTML(in.HTML.V)
		bodyChanged = true
	}
	if in.Status.Set {
		st := domain.Status(in.Status.V)
		if !st.Valid() {
			return false, errValidation(http.StatusUnprocessableEntity, "Validation error: status must be draft, published or scheduled.", "", "status")
		}
		p.Status = st
	}
	if in.PublishedAt.Set {
		t, err := parseTime("published_at", in.PublishedAt.V)
		if err != nil {
			return false, err
		}
		p.PublishedAt = t
	}
	if in.Featured != nil {
		p.Featured = *in.Featured
	}
	if in.CustomExcerpt.Set {
		p.Standfirst = markdown.PlainText(markdown.Sanitize(in.CustomExcerpt.V))
	}
	if in.FeatureImage.Set {
		p.Image.URL = a.sitePath(in.FeatureImage.V)
		if p.Image.URL == "" {
			p.Image = domain.Image{}
		}
	}
	if in.FeatureImageAlt.Set {
		p.Image.Alt = in.FeatureImageAlt.V
	}
	if in.FeatureImageCaption.Set {
		// Ghost captions may hold inline HTML; newsdesk keeps plain text.
		text := markdown.PlainText(markdown.Sanitize(in.FeatureImageCaption.V))
		p.Image.Caption, p.Image.Credit = splitCredit(text)
	}
	if in.MetaTitle.Set {
		p.MetaTitle = in.MetaTitle.V
	}
	if in.MetaDescription.Set {
		p.MetaDescription = in.MetaDescription.V
	}
	if in.Visibility.Set {
		p.Visibility = domain.Visibility(in.Visibility.V) // checked with the post
	}
	if nd := in.Newsdesk; nd != nil {
		if nd.Kind.Set {
			p.Kind = domain.Kind(nd.Kind.V)
		}
		if nd.Language.Set {
			p.Language = nd.Language.V
		}
		if nd.VideoURL.Set {
			p.VideoURL = a.sitePath(nd.VideoURL.V)
		}
		if nd.FeatureImageCredit.Set {
			p.Image.Credit = nd.FeatureImageCredit.V
		}
	}
	if in.Authors != nil {
		authors, err := a.resolveAuthors(ctx, *in.Authors)
		if err != nil {
			return false, err
		}
		p.Authors = authors
	}
	if in.Tags != nil {
		tags, err := a.resolveTags(*in.Tags)
		if err != nil {
			return false, err
		}
		p.Tags = tags
	}
	return bodyChanged, nil
}

// ref is an author or tag reference: a string or an object with id,
// slug, email or name.
type ref struct {
	ID, Slug, Email, Name string
}

func parseRef(raw json.RawMessage) (ref, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return ref{Name: s}, nil
	}
	var r ref
	var obj struct {
		ID    string `json:"id"`
		Slug  string `json:"slug"`
		Email string `json:"email"`
		Name  string `json:"name"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return r, err
	}
	return ref{ID: obj.ID, Slug: obj.Slug, Email: obj.Email, Name: obj.Name}, nil
}

func (a *API) resolveAuthors(ctx context.Context, raws []json.RawMessage) ([]domain.Author, error) {
	var out []domain.Author
	for _, raw := range raws {
		rf, err := parseRef(raw)
		if err != nil {
			return nil, errValidation(http.StatusUnprocessableEntity, "Validation error: authors must be ids, emails, slugs or objects with one of them.", "", "authors")
		}
		// A bare string is an email when it looks like one, else an id or slug.
		if rf.Name != "" {
			switch {
			case strings.Contains(rf.Name, "@"):
				rf.Email = rf.Name
			case domain.ValidID(rf.Name):
				rf.ID = rf.Name
			default:
				rf.Slug = rf.Name
			}
		}
		var u *domain.User
		switch {
		case rf.ID != "":
			u, err = a.Store.UserByID(ctx, rf.ID)
		case rf.Email != "":
			u, err = a.Store.UserByEmail(ctx, rf.Email)
		case rf.Slug != "":
			var au *domain.Author
			if au, err = a.Store.AuthorBySlug(ctx, rf.Slug); err == nil {
				u, err = a.Store.UserByID(ctx, au.ID)
			}
		default:
			return nil, errValidation(http.StatusUnprocessableEntity, "Validation error: each author needs an id, email or slug.", "", "authors")
		}
		if err == nil && u.Pending {
			// A pending invitation is no user yet (in Ghost, an invite).
			err = domain.Errorf(domain.ENOTFOUND, "no such author")
		}
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			// Ghost leaves out authors it does not know; with none left the
			// post goes to the default author.
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, u.Author)
	}
	return out, nil
}

// resolveTags reads the post's tags as references: by id, slug, name or
// both, as Ghost takes them. Nothing is created here: the publishing
// service finds each tag or creates it with the post, after validation.
func (a *API) resolveTags(raws []json.RawMessage) ([]domain.Tag, error) {
	var out []domain.Tag
	for _, raw := range raws {
		rf, err := parseRef(raw)
		if err != nil {
			return nil, errValidation(http.StatusUnprocessableEntity, "Validation error: tags must be names or objects with an id, slug or name.", "", "tags")
		}
		t := domain.Tag{ID: rf.ID, Slug: strings.TrimSpace(rf.Slug), Name: strings.TrimSpace(rf.Name)}
		if t.ID == "" && t.Slug == "" && t.Name == "" {
			return nil, errValidation(http.StatusUnprocessableEntity, "Validation error: each tag needs an id, slug or name.", "", "tags")
		}
		out = append(out, t)
	}
	return out, nil
}

// defaultAuthor is who a post is by when the request names nobody: the
// signed-in user, or for an integration the site's first Administrator
// (Ghost uses the owner).
func (a *API) defaultAuthor(ctx context.Context, who *actor) (*domain.Author, error) {
	if who.Integration == nil {
		return &who.User.Author, nil
	}
	users, err := a.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var first *domain.User
	for _, u := range users {
		if u.Suspended || u.Pending {
			continue
		}
		if u.Role == domain.RoleAdministrator {
			return &u.Author, nil
		}
		if first == nil {
			first = u
		}
	}
	if first == nil {
		return nil, errValidation(http.StatusUnprocessableEntity, "Validation error: the site has no users; name the post's authors.", "", "authors")
	}
	return &first.Author, nil
}

func (a *API) adminOptions(r *http.Request) (*params, postOptions, error) {
	p, err := parseParams(r)
	if err != nil {
		return nil, postOptions{}, err
	}
	opts := p.postOptions()
	// The Admin API carries authors and tags unless fields names what to
	// give; html (the default format here) stands in for the lexical
	// format newsdesk does not keep.
	if len(p.fields) == 0 {
		opts.authors, opts.tags = true, true
	}
	q := query(r)
	opts.editorFormats = q.Get("formats") == "" || p.formats["lexical"] || p.formats["mobiledoc"]
	return p, opts, nil
}

func (a *API) writePost(w http.ResponseWriter, r *http.Request, status int, p *domain.Post, opts postOptions) {
	sh, err := a.shaper(r.Context(), true)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	opts.corrections = true
	if pd, err := a.Store.PendingOf(r.Context(), p.ID); err == nil {
		opts.pending = pd
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		a.writeError(w, r, err)
		return
	}
	if p.IsPage() {
		a.writeJSON(w, r, status, object{{"pages", []object{sh.page(p, opts)}}}, privateCache)
		return
	}
	a.writeJSON(w, r, status, object{{"posts", []object{sh.post(p, opts)}}}, privateCache)
}

func canView(u *domain.User, p *domain.Post) bool {
	return domain.Can(u, domain.ActionViewAllPosts, p) || u.IsAuthorOf(p)
}

func (a *API) adminBrowsePosts(w http.ResponseWriter, r *http.Request, who *actor) {
	p, opts, err := a.adminOptions(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	posts, total, err := a.listPosts(r.Context(), storage.GhostQuery{Now: a.Now(), Order: postOrder(p, true),
		Limit: p.limit, Page: p.page}, ownWork(p.filter, who))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh, err := a.shaper(r.Context(), true)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list := make([]object, len(posts))
	for i, post := range posts {
		list[i] = sh.post(post, opts)
	}
	a.writeJSON(w, r, http.StatusOK, object{{"posts", list}, {"meta", pagination(p.page, p.limit, total)}}, privateCache)
}

func (a *API) adminReadPost(w http.ResponseWriter, r *http.Request, who *actor) {
	_, opts, err := a.adminOptions(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	opts.lookup = lookupKey(r)
	post, err := a.loadPost(r)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		err = errNotFound("Post")
	}
	if err == nil && !canView(who.User, post) {
		err = errNoPermission("You do not have permission to read this post.")
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writePost(w, r, http.StatusOK, post, opts)
}

func (a *API) adminAddPost(w http.ResponseWriter, r *http.Request, who *actor) {
	a.addPost(w, r, who, postsResource)
}

func (a *API) addPost(w http.ResponseWriter, r *http.Request, who *actor, res resource) {
	_, opts, err := a.adminOptions(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if !domain.Can(who.User, domain.ActionCreatePost, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to add posts."))
		return
	}
	in, err := decodePost(w, r, res)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	post := &domain.Post{Type: res.typ, Kind: domain.KindArticle, Status: domain.StatusDraft}
	if _, err := a.applyInput(r.Context(), post, in, r.URL.Query().Get("source"), who); err != nil {
		a.writeError(w, r, err)
		return
	}
	if len(post.Authors) == 0 {
		au, err := a.defaultAuthor(r.Context(), who)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		post.Authors = []domain.Author{*au}
	}
	if err := a.Publisher.Create(r.Context(), publish.Actor{User: who.User}, post, publish.Options{UniqueSlug: true}); err != nil {
		a.writeError(w, r, err)
		return
	}
	saved, err := a.Store.PostByID(r.Context(), post.ID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", a.SiteURL+"/ghost/api/admin/"+res.key+"/"+post.ID+"/")
	if saved.Status == domain.StatusPublished {
		changed(w) // Ghost asks caches to drop what a public change touches
	}
	a.writePost(w, r, http.StatusCreated, saved, opts)
}

func (a *API) adminEditPost(w http.ResponseWriter, r *http.Request, who *actor) {
	a.editPost(w, r, who, postsResource)
}

func (a *API) editPost(w http.ResponseWriter, r *http.Request, who *actor, res resource) {
	_, opts, err := a.adminOptions(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	old, err := a.loadOf(r, res.typ)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		err = errNotFound(res.name)
	}
	if err == nil && !domain.Can(who.User, domain.ActionEditPost, old) {
		err = errNoPermission("You do not have permission to edit this post.")
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	in, err := decodePost(w, r, res)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if !in.UpdatedAt.Set || in.UpdatedAt.V == "" {
		a.writeError(w, r, errValidation(http.StatusUnprocessableEntity,
			"Validation error: updated_at is required when editing; send the value you last read.", "", "updated_at"))
		return
	}
	ifUpdated, err := parseTime("updated_at", in.UpdatedAt.V)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	cp := *old
	post := &cp
	if _, err := a.applyInput(r.Context(), post, in, r.URL.Query().Get("source"), who); err != nil {
		a.writeError(w, r, err)
		return
	}
	o := publish.Options{IfUpdatedAt: ifUpdated, UniqueSlug: in.Slug.Set}
	if err := a.Publisher.Update(r.Context(), publish.Actor{User: who.User}, old, post, o); err != nil {
		a.writeError(w, r, err)
		return
	}
	saved, err := a.Store.PostByID(r.Context(), post.ID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if old.Status == domain.StatusPublished || saved.Status == domain.StatusPublished {
		changed(w)
	}
	a.writePost(w, r, http.StatusOK, saved, opts)
}

func (a *API) adminDeletePost(w http.ResponseWriter, r *http.Request, who *actor) {
	a.deletePost(w, r, who, postsResource)
}

func (a *API) deletePost(w http.ResponseWriter, r *http.Request, who *actor, res resource) {
	post, err := a.loadOf(r, res.typ)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		err = errNotFound(res.name)
	}
	if err == nil && !domain.Can(who.User, domain.ActionDeletePost, post) {
		err = errNoPermission("You do not have permission to delete this post.")
	}
	var settings domain.Settings
	if err == nil {
		settings, err = a.Store.Settings(r.Context())
	}
	if err == nil {
		// Ghost deletes at once; a site that asked for it sends API
		// deletions to the trash, as the newsroom's.
		if settings.APITrash {
			_, err = a.Publisher.Trash(r.Context(), publish.Actor{User: who.User}, post.ID)
		} else {
			_, err = a.Publisher.Delete(r.Context(), publish.Actor{User: who.User}, post.ID)
		}
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeNoContent(w)
}

func (a *API) adminUploadImage(w http.ResponseWriter, r *http.Request, who *actor) {
	if !domain.Can(who.User, domain.ActionUploadImage, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to upload images."))
		return
	}
	if a.Media == nil {
		a.writeError(w, r, &apiError{Status: http.StatusNotImplemented, Type: "InternalServerError", Message: "Image uploads are not configured."})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	// Ghost's answers when there is no image to take.
	noImage := func(help string) *apiError {
		return &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationError", Message: "Please select an image.", Help: help, raw: true}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		a.writeError(w, r, noImage("Send the image as multipart/form-data in a field named file."))
		return
	}
	var ref any
	var uploaded bool
	var url string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				a.writeError(w, r, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError", Message: "The image is larger than 32 MB."})
				return
			}
			a.writeError(w, r, errValidation(http.StatusBadRequest, "Validation error: malformed multipart body: "+err.Error(), "", "file"))
			return
		}
		switch part.FormName() {
		case "ref":
			b, _ := io.ReadAll(io.LimitReader(part, 2000))
			ref = string(b)
		case "file":
			if uploaded {
				continue
			}
			img, err := a.Media.Upload(r.Context(), part.FileName(), part)
			if err != nil {
				var tooBig *http.MaxBytesError
				switch {
				case errors.As(err, &tooBig):
					err = &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError", Message: "The image is larger than 32 MB."}
				case domain.ErrorCode(err) == domain.EINVALID && strings.Contains(domain.ErrorMessage(err), "larger than"):
					err = &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError", Message: domain.ErrorMessage(err)}
				case domain.ErrorCode(err) == domain.EINVALID:
					err = &apiError{Status: http.StatusUnsupportedMediaType, Type: "UnsupportedMediaTypeError",
						Message: "Please select a valid image.", Help: domain.ErrorMessage(err), raw: true}
				case domain.ErrorCode(err) == domain.ECONFLICT:
					err = errValidation(http.StatusUnprocessableEntity, domain.ErrorMessage(err), "", "file")
				}
				a.writeError(w, r, err)
				return
			}
			uploaded, url = true, img.URL
		}
		part.Close()
	}
	if !uploaded {
		a.writeError(w, r, noImage("The upload has no field named file."))
		return
	}
	sh := shaper{site: a.SiteURL}
	a.writeJSON(w, r, http.StatusCreated, object{{"images", []object{{{"url", sh.abs(url)}, {"ref", ref}}}}}, privateCache)
}

func (a *API) adminBrowseTags(w http.ResponseWriter, r *http.Request, who *actor) {
	a.browseTagList(w, r, true)
}

func (a *API) adminReadTag(w http.ResponseWriter, r *http.Request, who *actor) {
	a.readOneTag(w, r, true)
}

func (a *API) adminBrowseUsers(w http.ResponseWriter, r *http.Request, who *actor) {
	if !domain.Can(who.User, domain.ActionBrowseUsers, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to browse users."))
		return
	}
	a.browseUsers(w, r, who.User)
}

func (a *API) adminReadUser(w http.ResponseWriter, r *http.Request, who *actor) {
	if !domain.Can(who.User, domain.ActionBrowseUsers, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to read users."))
		return
	}
	a.readUser(w, r, who.User)
}

// adminSite is public in Ghost: clients call it to discover the site.
func (a *API) adminSite(w http.ResponseWriter, r *http.Request) {
	st, err := a.Store.Settings(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sh := shaper{site: a.SiteURL}
	a.writeJSON(w, r, http.StatusOK, object{{"site", object{
		{"title", st.Title},
		{"description", st.Description},
		{"logo", sh.abs(st.Logo)},
		{"icon", nil},
		{"cover_image", nil},
		{"accent_color", null(st.Accent)},
		{"locale", st.Language},
		{"url", a.SiteURL + "/"},
		{"version", strings.TrimPrefix(Version, "v")},
		{"allow_external_signup", false}, // no members
		{"site_uuid", a.stableUUID("site")},
	}}}, privateCache)
}
