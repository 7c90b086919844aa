package sqlstore

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

const authorColumns = `u.id, u.name, u.slug, u.avatar, u.title, u.bio, u.website, u.location, u.links`

const userColumns = authorColumns + `, COALESCE(u.email, ''), u.role, u.password_hash, u.suspended, u.pending, u.newsroom_language, u.created_at, u.updated_at`

// scanAuthor scans authorColumns, after any leading destinations in pre.
func scanAuthor(row scanner, pre ...any) (*domain.Author, error) {
	var a domain.Author
	var links string
	dest := append(pre, &a.ID, &a.Name, &a.Slug, &a.Avatar, &a.Title, &a.Bio, &a.Website, &a.Location, &links)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(links), &a.Links)
	return &a, nil
}

func scanUser(row scanner) (*domain.User, error) {
	var u domain.User
	var links string
	var suspended, pending int
	var created, updated int64
	err := row.Scan(&u.ID, &u.Name, &u.Slug, &u.Avatar, &u.Title, &u.Bio, &u.Website, &u.Location, &links,
		&u.Email, &u.Role, &u.PasswordHash, &suspended, &pending, &u.NewsroomLanguage, &created, &updated)
	if err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(links), &u.Links)
	u.Suspended, u.Pending = suspended != 0, pending != 0
	u.CreatedAt, u.UpdatedAt = fromMS(created), fromMS(updated)
	return &u, nil
}

func validateUser(u *domain.User) error {
	var errs domain.ValidationErrors
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if u.Name == "" {
		errs = append(errs, domain.FieldError("name", "Name is required."))
	}
	if u.Slug == "" {
		u.Slug = domain.Slugify(u.Name)
	}
	if !domain.ValidSlug(u.Slug) {
		errs = append(errs, domain.FieldError("slug", "Slug may hold only lowercase letters, digits and single hyphens."))
	}
	if u.Role == "" {
		u.Role = domain.RoleAuthor
	}
	if u.PasswordHash != "" {
		// Setting a password is accepting the invitation, whichever way
		// the password came.
		u.Pending = false
	}
	if u.NewsroomLanguage != "" && u.NewsroomLanguage != "en" && u.NewsroomLanguage != "uk" {
		errs = append(errs, domain.FieldError("newsroom_language", "The newsroom speaks English or Ukrainian, not %q.", u.NewsroomLanguage))
	}
	if !u.Role.Valid() {
		errs = append(errs, domain.FieldError("role", "Unknown role %q.", u.Role))
	}
	if u.Email != "" && (!strings.Contains(u.Email, "@") || len(u.Email) > 254) {
		errs = append(errs, domain.FieldError("email", "Enter a valid email address."))
	}
	if u.Avatar != "" && !domain.ValidURL(u.Avatar) {
		errs = append(errs, domain.FieldError("avatar", "Avatar must be a site path or an http(s) URL."))
	}
	if u.Website != "" && !domain.ValidURL(u.Website) {
		errs = append(errs, domain.FieldError("website", "Website must be an http(s) URL."))
	}
	return errs.Err()
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateUser implements storage.Authors.
func (s *Store) CreateUser(ctx context.Context, u *domain.User) error {
	if err := validateUser(u); err != nil {
		return err
	}
	if u.ID == "" {
		u.ID = domain.NewID()
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	u.CreatedAt, u.UpdatedAt = now, now
	links, _ := json.Marshal(u.Links)
	if u.Links == nil {
		links = []byte("[]")
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO users (id, name, slug, email, role, password_hash, avatar,
		title, bio, website, location, links, suspended, pending, newsroom_language, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		u.ID, u.Name, u.Slug, nullable(u.Email), string(u.Role), u.PasswordHash, u.Avatar, u.Title, u.Bio,
		u.Website, u.Location, string(links), b2i(u.Suspended), b2i(u.Pending), u.NewsroomLanguage, ms(now), ms(now))
	return userWriteError(err, u)
}

func userWriteError(err error, u *domain.User) error {
	if isUniqueViolation(err) {
		if strings.Contains(violatedConstraint(err), "email") {
			return domain.FieldError("email", "Another user already has the email %q.", u.Email)
		}
		return domain.FieldError("slug", "Another user already has the slug %q.", u.Slug)
	}
	return storage.Wrap(err, "save user %q", u.Slug)
}

// UpdateUser implements storage.Authors.
func (s *Store) UpdateUser(ctx context.Context, u *domain.User) error {
	if err := validateUser(u); err != nil {
		return err
	}
	u.UpdatedAt = time.Now().UTC().Truncate(time.Millisecond)
	links, _ := json.Marshal(u.Links)
	if u.Links == nil {
		links = []byte("[]")
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE users SET name = ?, slug = ?, email = ?, role = ?, password_hash = ?,
		avatar = ?, title = ?, bio = ?, website = ?, location = ?, links = ?, suspended = ?, pending = ?, newsroom_language = ?, updated_at = ? WHERE id = ?`),
		u.Name, u.Slug, nullable(u.Email), string(u.Role), u.PasswordHash, u.Avatar, u.Title, u.Bio, u.Website,
		u.Location, string(links), b2i(u.Suspended), b2i(u.Pending), u.NewsroomLanguage, ms(u.UpdatedAt), u.ID)
	if err != nil {
		return userWriteError(err, u)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.NotFound("User", u.ID)
	}
	return nil
}

// UserByID implements storage.Authors.
func (s *Store) UserByID(ctx context.Context, id string) (*domain.User, error) {
	return s.oneUser(ctx, `u.id = ?`, id)
}

// UserByEmail implements storage.Authors.
func (s *Store) UserByEmail(ctx context.Context, email string) (*domain.User, error) {
	return s.oneUser(ctx, `u.email = ?`, strings.ToLower(strings.TrimSpace(email)))
}

func (s *Store) oneUser(ctx context.Context, where, key string) (*domain.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, s.q(`SELECT `+userColumns+` FROM users u WHERE `+where), key))
	if isNoRows(err) {
		return nil, storage.NotFound("User", key)
	}
	return u, storage.Wrap(err, "load user %q", key)
}

// AuthorBySlug implements storage.Authors.
func (s *Store) AuthorBySlug(ctx context.Context, slug string) (*domain.Author, error) {
	a, err := scanAuthor(s.db.QueryRowContext(ctx, s.q(`SELECT `+authorColumns+` FROM users u WHERE u.slug = ?`), slug))
	if isNoRows(err) {
		return nil, storage.NotFound("Author", slug)
	}
	return a, storage.Wrap(err, "load author %q", slug)
}

// PublicAuthorBySlug implements storage.Authors.
func (s *Store) PublicAuthorBySlug(ctx context.Context, slug string) (*domain.Author, error) {
	a, err := scanAuthor(s.db.QueryRowContext(ctx, s.q(`SELECT `+authorColumns+` FROM users u WHERE u.slug = ? AND u.pending = 0`), slug))
	if isNoRows(err) {
		return nil, storage.NotFound("Author", slug)
	}
	return a, storage.Wrap(err, "load author %q", slug)
}

// ListUsers implements storage.Authors.
func (s *Store) ListUsers(ctx context.Context) ([]*domain.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.name, u.id`)
	if err != nil {
		return nil, storage.Wrap(err, "list users")
	}
	defer rows.Close()
	var out []*domain.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, storage.Wrap(err, "scan user")
		}
		out = append(out, u)
	}
	return out, storage.Wrap(rows.Err(), "list users")
}
