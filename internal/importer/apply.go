package importer

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"newsdesk/internal/domain"
	"newsdesk/internal/media"
	"newsdesk/internal/publish"
	"newsdesk/internal/storage"
)

// Target is where Apply writes: the database through the publishing
// service, and the media library for images found in MediaDir.
type Target struct {
	Store     storage.Store
	Publisher *publish.Service
	// Media, with MediaDir, copies the old site's image files in; without
	// them images stay at their old absolute URLs.
	Media    media.Uploader
	MediaDir string
}

// ApplyOptions say how Apply runs.
type ApplyOptions struct {
	DryRun bool
	// Progress, when set, is told how many posts and pages are done.
	Progress func(done, total int)
}

// Result is what Apply did, beside the reader's Report.
type Result struct {
	Posts        publish.ImportReport
	UsersCreated int
	UsersMatched int
	TagsCreated  int
	TagsMatched  int
	Redirects    int
	Images       int
	// ImagesMissing lists image URLs MediaDir did not have.
	ImagesMissing []string
	Settings      bool
	// Gated lists the posts and pages imported for members only (Ghost's
	// members, paid or tiers), at most MaxNotes of them, GatedCount
	// counting all: readers get only their part before the members-only
	// marker (or the standfirst) and a note, until newsdesk has members.
	Gated      []GatedPost
	GatedCount int
}

// GatedPost is a members-only post in the result.
type GatedPost struct {
	SourceKey  string
	Slug       string
	Title      string
	Visibility domain.Visibility
}

// WriteTo prints the result for a person, after the reader's report.
func (r *Result) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "posts and pages: %d created, %d skipped\n", r.Posts.Created, r.Posts.Skipped)
	for _, s := range r.Posts.Skips {
		fmt.Fprintf(&b, "  skipped %s (line %d) %q: %s\n", s.SourceKey, s.Line, s.Title, s.Reason)
	}
	for _, c := range r.Posts.Renamed {
		fmt.Fprintf(&b, "  renamed %s: /%s/ -> /%s/ (%s; the old path redirects)\n", c.SourceKey, c.From, c.To, c.Why)
	}
	if r.GatedCount > 0 {
		fmt.Fprintf(&b, "for members only: %d (readers see the part before the members-only marker, or the standfirst, and a note)\n", r.GatedCount)
		for _, g := range r.Gated {
			fmt.Fprintf(&b, "  %s /%s/ %q: %s\n", g.SourceKey, g.Slug, g.Title, g.Visibility)
		}
		if n := r.GatedCount - len(r.Gated); n > 0 {
			fmt.Fprintf(&b, "  ... and %d more\n", n)
		}
	}
	fmt.Fprintf(&b, "authors: %d created, %d matched existing\n", r.UsersCreated, r.UsersMatched)
	fmt.Fprintf(&b, "tags: %d created, %d matched existing\n", r.TagsCreated, r.TagsMatched)
	fmt.Fprintf(&b, "redirects: %d\n", r.Redirects)
	if r.Images > 0 || len(r.ImagesMissing) > 0 {
		fmt.Fprintf(&b, "images copied: %d, not found in the media folder: %d\n", r.Images, len(r.ImagesMissing))
		for _, u := range r.ImagesMissing {
			fmt.Fprintf(&b, "  missing %s (left at its old address)\n", u)
		}
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// Apply writes what im read into the site: settings, authors, tags, then
// posts and pages in batches through the publishing service, then
// redirects for every old address. Records remember their source, so
// applying the same file again creates nothing twice, and an import cut
// short by a crash resumes where it stopped. One site.imported event
// follows a real run.
func Apply(ctx context.Context, t Target, a publish.Actor, im *Import, o ApplyOptions) (*Result, error) {
	if !domain.Can(a.User, domain.ActionManageSite, nil) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "Only administrators may import content.")
	}
	res := &Result{}
	ap := &applier{t: t, im: im, o: o, res: res, users: map[string]domain.Author{}, tags: map[string]domain.Tag{},
		images: map[string]media.Image{}}
	if err := ap.settings(ctx); err != nil {
		return res, err
	}
	if err := ap.people(ctx); err != nil {
		return res, err
	}
	if err := ap.topics(ctx); err != nil {
		return res, err
	}
	err := ap.posts(ctx, a)
	if !o.DryRun {
		// Batches may be durable only at a checkpoint (see
		// storage.Imports): what was saved is made durable now, also
		// when the import stopped partway.
		if serr := t.Store.SyncImports(ctx); err == nil {
			err = serr
		}
	}
	if err != nil {
		return res, err
	}
	if !o.DryRun {
		t.Publisher.Imported()
	}
	return res, nil
}

type applier struct {
	t      Target
	im     *Import
	o      ApplyOptions
	res    *Result
	users  map[string]domain.Author // source id -> author
	tags   map[string]domain.Tag    // source id -> tag
	images map[string]media.Image   // old URL -> the image as stored here
	prefix string                   // source key prefix
}

// key makes a source key unique across sites: WordPress ids restart at
// 1 on every site, Ghost ids are global.
func (ap *applier) key(id string) string {
	if ap.prefix == "" {
		ap.prefix = "ghost:"
		if ap.im.Format == FormatWXR {
			host := "site"
			if u, err := url.Parse(ap.im.Site.URL); err == nil && u.Host != "" {
				host = u.Host + strings.TrimRight(u.Path, "/")
			}
			ap.prefix = "wp:" + host + ":"
		}
	}
	return ap.prefix + strings.TrimPrefix(strings.TrimPrefix(id, "ghost:"), "wp:")
}

// settings takes what the export says about the site, keeping what it
// does not say.
func (ap *applier) settings(ctx context.Context) error {
	s := ap.im.Site
	cur, err := ap.t.Store.Settings(ctx)
	if err != nil {
		return err
	}
	next := cur
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&next.Title, s.Title)
	set(&next.Description, s.Description)
	set(&next.Language, s.Language)
	set(&next.Timezone, s.Timezone)
	set(&next.Accent, s.Accent)
	set(&next.Dateline, s.Dateline)
	next.ReviewAuthors = next.ReviewAuthors || s.ReviewAuthors
	if s.Logo != "" {
		next.Logo = ap.image(ctx, s.Logo)
	}
	if s.ShareImage != "" {
		next.ShareImage = ap.image(ctx, s.ShareImage)
	}
	applyNavigation(&next, s)
	if reflect.DeepEqual(next, cur) {
		return nil
	}
	ap.res.Settings = true
	if ap.o.DryRun {
		return nil
	}
	return ap.t.Store.SaveSettings(ctx, next)
}

// people matches the export's authors to existing users by email, then
// slug, and creates the others as public authors without a password
// (they can be sent a password link later).
func (ap *applier) people(ctx context.Context) error {
	keys := make([]string, len(ap.im.Users))
	for i, u := range ap.im.Users {
		keys[i] = ap.key(u.SourceID)
	}
	done, err := ap.t.Store.ImportedIDs(ctx, "user", keys)
	if err != nil {
		return err
	}
	for i, iu := range ap.im.Users {
		if id, ok := done[keys[i]]; ok {
			if u, err := ap.t.Store.UserByID(ctx, id); err == nil {
				ap.users[iu.SourceID] = u.Author
				ap.res.UsersMatched++
				continue
			}
		}
		if u, err := ap.existingUser(ctx, iu); err != nil {
			return err
		} else if u != nil {
			ap.users[iu.SourceID] = u.Author
			ap.res.UsersMatched++
			if !ap.o.DryRun {
				if err := ap.t.Store.RecordImport(ctx, "user", keys[i], u.ID); err != nil {
					return err
				}
			}
			continue
		}
		u := &domain.User{Author: domain.Author{Name: strings.TrimSpace(iu.Name), Slug: iu.Slug, Bio: iu.Bio,
			Avatar: ap.image(ctx, iu.Avatar), Website: iu.Website, Location: iu.Location, Links: iu.Links, Title: iu.Title},
			Email: strings.ToLower(strings.TrimSpace(iu.Email)), Role: iu.Role, Suspended: iu.Suspended}
		if u.Name == "" {
			u.Name = first(iu.Login, iu.Slug, "Unknown author")
		}
		if !u.Role.Valid() {
			u.Role = domain.RoleAuthor
		}
		if u.Slug == "" || !domain.ValidSlug(u.Slug) {
			u.Slug = domain.Slugify(first(iu.Slug, u.Name))
		}
		if !domain.ValidURL(u.Avatar) {
			u.Avatar = ""
		}
		ap.res.UsersCreated++
		if ap.o.DryRun {
			u.ID = "dry-run-" + iu.SourceID
			ap.users[iu.SourceID] = u.Author
			continue
		}
		if err := ap.t.Store.CreateUser(ctx, u); err != nil {
			if domain.ErrorCode(err) == domain.EINVALID {
				return fmt.Errorf("author %s (%s): %w", iu.SourceID, u.Name, err)
			}
			return err
		}
		if err := ap.t.Store.RecordImport(ctx, "user", keys[i], u.ID); err != nil {
			return err
		}
		ap.users[iu.SourceID] = u.Author
	}
	return nil
}

func (ap *applier) existingUser(ctx context.Context, iu User) (*domain.User, error) {
	if iu.Email != "" {
		u, err := ap.t.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(iu.Email)))
		if err == nil || domain.ErrorCode(err) != domain.ENOTFOUND {
			return u, err
		}
	}
	if iu.Slug != "" {
		a, err := ap.t.Store.AuthorBySlug(ctx, iu.Slug)
		if err == nil {
			return ap.t.Store.UserByID(ctx, a.ID)
		}
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			return nil, err
		}
	}
	return nil, nil
}

// topics matches tags by slug and creates the others.
func (ap *applier) topics(ctx context.Context) error {
	for _, it := range ap.im.Tags {
		name := strings.TrimSpace(it.Name)
		if it.Internal && !strings.HasPrefix(name, "#") {
			name = "#" + name
		}
		slug := it.Slug
		if slug == "" || !domain.ValidSlug(slug) {
			slug = domain.TagSlug(name)
		}
		if it.Internal && !strings.HasPrefix(slug, "hash-") {
			slug = domain.TagSlug(name)
		}
		t, err := ap.t.Store.TagBySlug(ctx, slug)
		switch {
		case err == nil:
			ap.res.TagsMatched++
		case domain.ErrorCode(err) != domain.ENOTFOUND:
			return err
		default:
			t = &domain.Tag{Name: name, Slug: slug, Description: truncate(it.Description, 500)}
			ap.res.TagsCreated++
			if ap.o.DryRun {
				t.ID = "dry-run-" + it.SourceID
			} else if err := ap.t.Store.CreateTag(ctx, t); err != nil {
				return fmt.Errorf("tag %s (%s): %w", it.SourceID, name, err)
			}
		}
		ap.tags[it.SourceID] = *t
		if !ap.o.DryRun {
			if err := ap.t.Store.RecordImport(ctx, "tag", ap.key(it.SourceID), t.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// batchSize is how many posts one publishing transaction takes.
const batchSize = 500

// postBatch is one transaction's worth of posts with their old paths
// (source key -> old paths).
type postBatch struct {
	items []publish.ImportItem
	old   map[string][]string
}

// posts streams the posts and pages into the publishing service. Reading,
// converting and rendering go on while the batch before is saved: the
// writer works on one core, the rest on the others, so neither waits for
// the other. At most three batches are in memory.
func (ap *applier) posts(ctx context.Context, a publish.Actor) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan postBatch, 1)
	written := make(chan error, 1)
	go func() {
		var err error
		done := 0
		for b := range batches {
			if err != nil {
				continue // drain: the reader stops at the cancellation
			}
			if err = ap.flush(ctx, a, b); err != nil {
				cancel()
				continue
			}
			done += len(b.items)
			if ap.o.Progress != nil {
				ap.o.Progress(done, ap.im.PostCount)
			}
		}
		written <- err
	}()
	send := func(b postBatch) bool {
		// Rendered here, the bodies of this batch take the cores while
		// the writer saves the batch before.
		publish.Prerender(b.items)
		select {
		case batches <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	var readErr error
	b := postBatch{old: map[string][]string{}}
	for ip, err := range ap.im.Posts() {
		if err != nil {
			readErr = err
			break
		}
		p := ap.post(ctx, ip)
		key := ap.key(ip.SourceID)
		b.old[key] = ip.OldPaths
		it := ap.item(ip, p, key)
		it.Entries = ap.entries(ctx, p, ip)
		b.items = append(b.items, it)
		if len(b.items) == batchSize {
			if !send(b) {
				break
			}
			b = postBatch{old: map[string][]string{}}
		}
	}
	if readErr == nil && len(b.items) > 0 {
		send(b)
	}
	close(batches)
	if err := <-written; err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var rules []*domain.Redirect
	for _, r := range ap.im.Redirects {
		rules = append(rules, &domain.Redirect{From: r.From, To: r.To, Permanent: r.Permanent})
	}
	return ap.redirects(ctx, rules)
}

// flush saves one batch of posts and the redirects from their old paths.
// It runs on the writer goroutine only.
func (ap *applier) flush(ctx context.Context, a publish.Actor, b postBatch) error {
	rep, err := ap.t.Publisher.Import(ctx, a, b.items, publish.ImportOptions{DryRun: ap.o.DryRun, BatchSize: batchSize})
	if err != nil {
		return err
	}
	ap.res.Posts.Created += rep.Created
	ap.res.Posts.Skipped += rep.Skipped
	ap.res.Posts.Skips = append(ap.res.Posts.Skips, rep.Skips...)
	ap.res.Posts.Renamed = append(ap.res.Posts.Renamed, rep.Renamed...)
	var rules []*domain.Redirect
	skipped := map[string]bool{}
	for _, sk := range rep.Skips {
		skipped[sk.SourceKey] = true
	}
	for _, it := range b.items {
		if skipped[it.SourceKey] {
			continue
		}
		ap.gated(it)
		to := "/" + it.Post.Slug + "/"
		for _, from := range b.old[it.SourceKey] {
			if from != to {
				rules = append(rules, &domain.Redirect{From: from, To: to, Permanent: true})
			}
		}
	}
	for _, c := range rep.Renamed {
		rules = append(rules, &domain.Redirect{From: "/" + c.From + "/", To: "/" + c.To + "/", Permanent: true})
	}
	return ap.redirects(ctx, rules)
}

// post turns an imported post into a domain post with authors, tags and
// images of this site.
func (ap *applier) post(ctx context.Context, ip *Post) *domain.Post {
	p := &domain.Post{Kind: domain.KindArticle, Status: ip.Status, Slug: ip.Slug, Title: strings.TrimSpace(ip.Title),
		Standfirst: ip.Standfirst, BodyMD: ip.BodyMD, Language: ip.Language, Featured: ip.Featured,
		Image: ip.Image, MetaTitle: ip.MetaTitle, MetaDescription: ip.MetaDescription,
		PublishedAt: ip.PublishedAt, CreatedAt: ip.CreatedAt, UpdatedAt: ip.UpdatedAt, UUID: ip.UUID,
		VideoURL: ip.VideoURL, BreakingUntil: ip.BreakingUntil, Corrections: ip.Corrections}
	if ip.Kind.Valid() {
		p.Kind = ip.Kind
	}
	setImportedFields(p, ip)
	if p.Title == "" {
		p.Title = "(untitled)"
	}
	if p.Language == "" {
		p.Language = ap.im.Site.Language
	}
	if len(p.Standfirst) > 0 {
		p.Standfirst = truncate(p.Standfirst, domain.MaxStandfirstLen)
	}
	if p.Status == domain.StatusPublished && p.PublishedAt.IsZero() {
		p.PublishedAt = p.CreatedAt
	}
	if p.Status == domain.StatusDraft {
		p.PublishedAt = p.PublishedAt.Truncate(0)
	}
	if p.UUID != "" && !validUUID(p.UUID) {
		p.UUID = ""
	}
	if id := strings.TrimPrefix(ip.SourceID, "ghost:"); ap.im.Format == FormatGhost && domain.ValidID(id) {
		p.ID = id // kept unless another post has it
	}
	for _, id := range ip.Authors {
		if au, ok := ap.users[id]; ok {
			p.Authors = append(p.Authors, au)
		}
	}
	if len(p.Authors) == 0 {
		p.Authors = ap.fallbackAuthor(ctx)
	}
	for _, id := range ip.Tags {
		if t, ok := ap.tags[id]; ok {
			p.Tags = append(p.Tags, t)
		}
	}
	if p.Image.URL != "" {
		p.Image.URL = ap.image(ctx, p.Image.URL)
		if im, ok := ap.images[p.Image.URL]; ok && im.URL == p.Image.URL {
			p.Image.Width, p.Image.Height = im.Width, im.Height
		}
		if !domain.ValidURL(p.Image.URL) {
			p.Image = domain.Image{}
		}
	}
	p.BodyMD = ap.bodyImages(ctx, p.BodyMD)
	return p
}

// item is the import item of p, with the trash entry and pending version
// of a post from newsdesk's own export, their users mapped to this site's.
func (ap *applier) item(ip *Post, p *domain.Post, key string) publish.ImportItem {
	it := publish.ImportItem{Post: p, SourceKey: key, Line: ip.Line}
	user := func(id string) string {
		if id == "" {
			return ""
		}
		return ap.users["ghost:"+id].ID
	}
	if t := ip.Trash; t != nil {
		it.Trash = &storage.Trash{TrashedAt: t.At, UserID: user(t.By)}
	}
	for _, n := range ip.Notes {
		n.AuthorID, n.ResolvedBy = user(n.AuthorID), user(n.ResolvedBy)
		it.Notes = append(it.Notes, n)
	}
	if pd := ip.Pending; pd != nil {
		it.Pending = &storage.Pending{Title: pd.Title, Standfirst: pd.Standfirst, BodyMD: pd.BodyMD,
			Fields: publish.MapPendingAuthors(pd.Fields, user), UserID: user(pd.By), SavedAt: pd.SavedAt, StaleAt: pd.StaleAt,
			BaseUpdatedAt: pd.BaseUpdatedAt, BaseTitle: pd.BaseTitle, BaseStandfirst: pd.BaseStandfirst, BaseBodyMD: pd.BaseBodyMD}
	}
	if rv := ip.Review; rv != nil {
		if rv.State != "" {
			it.ReviewState = &storage.Review{State: storage.ReviewState(rv.State), SubmittedBy: user(rv.SubmittedBy),
				SubmittedAt: rv.SubmittedAt, UserID: user(rv.By), At: rv.At, Note: rv.Note}
		}
		for _, h := range rv.History {
			it.ReviewLog = append(it.ReviewLog, &storage.ReviewEvent{Action: storage.ReviewAction(h.Action), At: h.At,
				UserID: user(h.By), Note: h.Note})
		}
	}
	// An assignment whose reporter is not among the imported users has
	// nobody to write it: the post comes in without it.
	if as := ip.Assignment; as != nil && user(as.Assignee) != "" {
		it.Assignment = &storage.Assignment{AssigneeID: user(as.Assignee), AssignedBy: user(as.By), AssignedAt: as.At,
			Deadline: as.Deadline, Brief: as.Brief, DoneAt: as.DoneAt}
	}
	return it
}

// entries gives an imported live blog its state and entries, their
// authors mapped to this site's users (the post's first author when the
// entry's is not among them).
func (ap *applier) entries(ctx context.Context, p *domain.Post, ip *Post) []*domain.LiveEntry {
	if p.Kind != domain.KindLive {
		return nil
	}
	p.Live = ip.Live
	for _, e := range ip.LiveEntries {
		if au, ok := ap.users[e.Author.ID]; ok {
			e.Author = au
		} else {
			e.Author = p.PrimaryAuthor()
		}
		e.BodyMD = ap.bodyImages(ctx, e.BodyMD)
	}
	return ip.LiveEntries
}

// gated lists an imported post that only members may read whole.
func (ap *applier) gated(it publish.ImportItem) {
	if !it.Post.Gated() {
		return
	}
	ap.res.GatedCount++
	if len(ap.res.Gated) < MaxNotes {
		ap.res.Gated = append(ap.res.Gated, GatedPost{SourceKey: it.SourceKey, Slug: it.Post.Slug,
			Title: it.Post.Title, Visibility: it.Post.Visibility})
	}
}

// fallbackAuthor bylines a post whose authors the export did not name:
// the first author imported, else the site's first administrator.
func (ap *applier) fallbackAuthor(ctx context.Context) []domain.Author {
	for _, u := range ap.im.Users {
		if au, ok := ap.users[u.SourceID]; ok {
			return []domain.Author{au}
		}
	}
	users, err := ap.t.Store.ListUsers(ctx)
	if err == nil {
		for _, u := range users {
			if u.Role == domain.RoleAdministrator {
				return []domain.Author{u.Author}
			}
		}
	}
	return nil
}

func (ap *applier) redirects(ctx context.Context, rules []*domain.Redirect) error {
	if len(rules) == 0 {
		return nil
	}
	ap.res.Redirects += len(rules)
	if ap.o.DryRun {
		return nil
	}
	return appendRedirects(ctx, ap.t.Store, rules)
}

// imageRe finds image addresses in Markdown: ![alt](url ...).
var imageRe = regexp.MustCompile(`!\[[^\]]*\]\(([^)\s]+)`)

// bodyImages brings in the images a body shows, when a media folder was
// given, and points the body at their new addresses.
func (ap *applier) bodyImages(ctx context.Context, md string) string {
	if ap.t.MediaDir == "" || ap.t.Media == nil || !strings.Contains(md, "![") {
		return md
	}
	return imageRe.ReplaceAllStringFunc(md, func(m string) string {
		sub := imageRe.FindStringSubmatch(m)
		if to := ap.image(ctx, sub[1]); to != sub[1] {
			return strings.Replace(m, sub[1], to, 1)
		}
		return m
	})
}

// image copies the file behind an old image URL from the media folder
// through the media library (variants made, metadata stripped) and
// returns its new site path; without a media folder, or when the file is
// not there, the URL stays as it was (absolute, so it keeps working while
// the old site is up).
func (ap *applier) image(ctx context.Context, u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	abs := strings.ReplaceAll(u, "__GHOST_URL__", strings.TrimRight(ap.im.Site.URL, "/"))
	if strings.HasPrefix(abs, "/") && !strings.HasPrefix(abs, "//") && ap.im.Site.URL != "" {
		abs = strings.TrimRight(ap.im.Site.URL, "/") + abs
	}
	if ap.t.MediaDir == "" || ap.t.Media == nil {
		return abs
	}
	if im, ok := ap.images[abs]; ok {
		return im.URL
	}
	rel := mediaPath(abs)
	if rel == "" {
		return abs
	}
	file := filepath.Join(ap.t.MediaDir, filepath.FromSlash(rel))
	f, err := os.Open(file)
	if err != nil {
		ap.res.ImagesMissing = append(ap.res.ImagesMissing, abs)
		ap.images[abs] = media.Image{URL: abs}
		return abs
	}
	defer f.Close()
	if ap.o.DryRun {
		ap.res.Images++
		ap.images[abs] = media.Image{URL: abs}
		return abs
	}
	img, err := ap.t.Media.Upload(ctx, path.Base(rel), f)
	if err != nil {
		ap.res.ImagesMissing = append(ap.res.ImagesMissing, abs+" ("+domain.ErrorMessage(err)+")")
		ap.images[abs] = media.Image{URL: abs}
		return abs
	}
	ap.res.Images++
	ap.images[abs] = img
	ap.images[img.URL] = img
	return img.URL
}

// mediaPath is the path of an image inside a Ghost content/images folder
// or a WordPress wp-content/uploads folder ("2020/01/photo.jpg"), or ""
// for other addresses.
func mediaPath(u string) string {
	p := u
	if pu, err := url.Parse(u); err == nil {
		p = pu.Path
	}
	for _, marker := range []string{"/content/images/", "/wp-content/uploads/"} {
		if i := strings.Index(p, marker); i >= 0 {
			rel := p[i+len(marker):]
			rel = strings.TrimPrefix(rel, "size/")
			if strings.HasPrefix(p[i+len(marker):], "size/") {
				// A Ghost variant (size/w600/...): the original is the file.
				if j := strings.Index(rel, "/"); j >= 0 {
					rel = rel[j+1:]
				}
			}
			clean := path.Clean("/" + rel)[1:]
			if clean == "" || strings.HasPrefix(clean, "..") {
				return ""
			}
			return clean
		}
	}
	return ""
}

var uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func validUUID(s string) bool { return uuidRe.MatchString(s) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// setImportedFields copies what the domain post keeps beyond the common
// fields: the type (post or page) and the visibility.
func setImportedFields(p *domain.Post, ip *Post) {
	if ip.Type == TypePage {
		p.Type = domain.TypePage
	} else {
		p.Type = domain.TypePost
	}
	// The reader maps every visibility Ghost writes onto these four.
	p.Visibility = domain.Visibility(ip.Visibility)
	p.Tiers = ip.Tiers
}

// applyNavigation takes the export's menus when it has them and they are
// valid; an invalid menu is left out rather than failing the import.
func applyNavigation(s *domain.Settings, site Site) {
	conv := func(items []NavItem) []domain.NavItem {
		out := make([]domain.NavItem, 0, len(items))
		for _, it := range items {
			u := strings.TrimPrefix(it.URL, "__GHOST_URL__")
			if site.URL != "" && strings.HasPrefix(u, strings.TrimRight(site.URL, "/")+"/") {
				u = u[len(strings.TrimRight(site.URL, "/")):]
			}
			if u == "" {
				u = "/"
			}
			out = append(out, domain.NavItem{Label: it.Label, URL: u})
		}
		return out
	}
	if len(site.Navigation) > 0 {
		if nav := conv(site.Navigation); domain.ValidateNavigation("navigation", nav) == nil {
			s.Navigation = nav
		}
	}
	if len(site.SecondaryNavigation) > 0 {
		if nav := conv(site.SecondaryNavigation); domain.ValidateNavigation("secondary_navigation", nav) == nil {
			s.SecondaryNavigation = nav
		}
	}
}

// appendRedirects adds rules after the existing ones. A rule the table
// refuses (a path it cannot hold) is left out alone, not with its batch.
func appendRedirects(ctx context.Context, store storage.Store, rules []*domain.Redirect) error {
	if _, err := store.AppendRedirects(ctx, rules); err == nil || domain.ErrorCode(err) != domain.EINVALID {
		return err
	}
	for _, r := range rules {
		if _, err := store.AppendRedirects(ctx, []*domain.Redirect{r}); err != nil && domain.ErrorCode(err) != domain.EINVALID {
			return err
		}
	}
	return nil
}
