// Package s3blobs keeps media in an S3-compatible object store (AWS S3,
// Cloudflare R2, MinIO, SeaweedFS, Garage...) behind media.Blobs, so
// several newsdesk instances share uploads without a network filesystem.
//
// A store is named by a URL:
//
//	s3://bucket/prefix?region=eu-west-1
//	s3://media/site?endpoint=http://127.0.0.1:9000&path-style=true
//
// Credentials come from the AWS SDK's usual places: AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), AWS_PROFILE with the
// shared ~/.aws/credentials and ~/.aws/config files, or an instance role.
package s3blobs

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"newsdesk/internal/media"
)

// Location is a parsed store URL.
type Location struct {
	Bucket    string
	Prefix    string // "" or ends in "/"
	Endpoint  string // base URL of a non-AWS store; "" for AWS
	Region    string // "" takes the SDK's (AWS_REGION), else us-east-1
	PathStyle bool   // bucket in the path (http://host/bucket/key), which most non-AWS stores want
}

// ParseURL reads s3://bucket/prefix?endpoint=...&region=...&path-style=true.
// With an endpoint, path-style addressing is the default (path-style=false
// turns it off).
func ParseURL(raw string) (Location, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Location{}, fmt.Errorf("media URL %q: %w", raw, err)
	}
	if u.Scheme != "s3" || u.Host == "" {
		return Location{}, fmt.Errorf("media URL %q: want s3://bucket/prefix?endpoint=...&region=...", raw)
	}
	loc := Location{Bucket: u.Host, Prefix: strings.Trim(u.Path, "/")}
	if loc.Prefix != "" {
		if !media.ValidKey(loc.Prefix) {
			return Location{}, fmt.Errorf("media URL %q: the prefix %q is not a clean path", raw, loc.Prefix)
		}
		loc.Prefix += "/"
	}
	q := u.Query()
	for k := range q {
		switch k {
		case "endpoint", "region", "path-style":
		default:
			return Location{}, fmt.Errorf("media URL %q: unknown parameter %q (want endpoint, region, path-style)", raw, k)
		}
	}
	loc.Endpoint, loc.Region = q.Get("endpoint"), q.Get("region")
	if loc.Endpoint != "" {
		e, err := url.Parse(loc.Endpoint)
		if err != nil || (e.Scheme != "http" && e.Scheme != "https") || e.Host == "" {
			return Location{}, fmt.Errorf("media URL %q: endpoint %q is not an http(s) URL", raw, loc.Endpoint)
		}
		loc.PathStyle = true
	}
	if ps := q.Get("path-style"); ps != "" {
		b, err := strconv.ParseBool(ps)
		if err != nil {
			return Location{}, fmt.Errorf("media URL %q: path-style=%q: want true or false", raw, ps)
		}
		loc.PathStyle = b
	}
	return loc, nil
}

// String is the URL the location was parsed from, in canonical form.
func (l Location) String() string {
	u := url.URL{Scheme: "s3", Host: l.Bucket, Path: "/" + l.Prefix}
	q := url.Values{}
	if l.Endpoint != "" {
		q.Set("endpoint", l.Endpoint)
	}
	if l.Region != "" {
		q.Set("region", l.Region)
	}
	if l.PathStyle != (l.Endpoint != "") {
		q.Set("path-style", strconv.FormatBool(l.PathStyle))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Store is media.Blobs on an S3-compatible bucket, every key under a
// prefix.
type Store struct {
	client *s3.Client
	bucket string
	prefix string
	// noConditional is set once the store answered 501 to If-None-Match;
	// shared by Sub stores.
	noConditional *atomic.Bool
}

var _ media.Blobs = (*Store)(nil)

// Open connects to the store at loc. It checks that credentials can be
// found but sends the store no request: a store that is down shows in the
// first Put or Open (ErrUnavailable), as it would later.
func Open(ctx context.Context, loc Location) (*Store, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithHTTPClient(httpClient()),
		// Fail fast: a reader waits at most a few seconds for a store that
		// is away, then gets a 503, instead of the SDK's 20-second backoff.
		config.WithRetryMaxAttempts(3),
	}
	if loc.Region != "" {
		opts = append(opts, config.WithRegion(loc.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("media store: load AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1" // what most S3-compatible stores accept
	}
	// Missing credentials are a configuration error: say so at start,
	// rather than as a store "unavailable" on the first upload.
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if cfg.Credentials == nil {
		return nil, errors.New("media store: no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE")
	}
	if _, err := cfg.Credentials.Retrieve(cctx); err != nil {
		return nil, fmt.Errorf("media store: no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials): %w", err)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if loc.Endpoint != "" {
			o.BaseEndpoint = aws.String(loc.Endpoint)
		}
		o.UsePathStyle = loc.PathStyle
		// Checksums only where S3 requires them: many S3-compatible stores
		// do not take the newer trailing CRC checksums. Put sends
		// Content-MD5 itself, which every store checks.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		o.DisableLogOutputChecksumValidationSkipped = true
	})
	return &Store{client: client, bucket: loc.Bucket, prefix: loc.Prefix, noConditional: new(atomic.Bool)}, nil
}

// httpClient bounds each attempt: connecting, and waiting for the first
// byte of an answer. Bodies (large videos) may take their time.
func httpClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = 3 * time.Second }).
		WithTransportOptions(func(t *http.Transport) {
			t.ResponseHeaderTimeout = 15 * time.Second
			t.MaxIdleConnsPerHost = 64
		})
}

// Sub returns the same bucket with prefix added under the store's own, for
// the images and videos of one site.
func (s *Store) Sub(prefix string) *Store {
	c := *s
	c.prefix += strings.Trim(prefix, "/") + "/"
	return &c
}

// Bucket names the store in messages: "bucket/prefix/".
func (s *Store) Bucket() string { return s.bucket + "/" + s.prefix }

func (s *Store) object(key string) (*string, error) {
	if !media.ValidKey(key) {
		return nil, fmt.Errorf("media key %q: %w", key, media.ErrNotExist)
	}
	return aws.String(s.prefix + key), nil
}

// Info describes a stored object.
type Info struct {
	Size     int64
	Modified time.Time
	ETag     string // without quotes; the MD5 of the content for single-part uploads
	SHA256   string // hex, from the metadata newsdesk writes with each object; "" if absent
}

// Stat returns what the store knows of key, or media.ErrNotExist.
func (s *Store) Stat(ctx context.Context, key string) (Info, error) {
	obj, err := s.object(key)
	if err != nil {
		return Info{}, err
	}
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: obj})
	if err != nil {
		return Info{}, classify("stat", key, err)
	}
	return Info{
		Size:     aws.ToInt64(out.ContentLength),
		Modified: aws.ToTime(out.LastModified),
		ETag:     strings.Trim(aws.ToString(out.ETag), `"`),
		SHA256:   out.Metadata["sha256"],
	}, nil
}

// Exists reports whether key is stored.
func (s *Store) Exists(ctx context.Context, key string) (bool, error) {
	if !media.ValidKey(key) {
		return false, nil
	}
	_, err := s.Stat(ctx, key)
	if errors.Is(err, media.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// Put stores r under key unless key is taken (media.ErrExist). The body is
// read whole first (spooled to a temporary file when it is not already in
// memory), so a failed read stores nothing; S3 writes are atomic, so a
// failed PUT leaves nothing either. The write is conditional (If-None-Match:
// *) where the store supports it, and checked by Content-MD5.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) error {
	obj, err := s.object(key)
	if err != nil {
		return err
	}
	body, sum, err := spool(r)
	if err != nil {
		return fmt.Errorf("read %s: %w", key, err)
	}
	defer body.Close()
	// Stores without conditional writes ignore If-None-Match: look first,
	// so an upload never replaces another of the same name.
	if ok, err := s.Exists(ctx, key); err != nil {
		return err
	} else if ok {
		return fmt.Errorf("store %s: %w", key, media.ErrExist)
	}
	in := &s3.PutObjectInput{
		Bucket:        &s.bucket,
		Key:           obj,
		Body:          body,
		ContentLength: aws.Int64(sum.size),
		ContentMD5:    aws.String(base64.StdEncoding.EncodeToString(sum.md5)),
		ContentType:   contentType(key),
		CacheControl:  aws.String("public, max-age=31536000, immutable"),
		Metadata:      map[string]string{"sha256": hex.EncodeToString(sum.sha256)},
	}
	if !s.noConditional.Load() {
		in.IfNoneMatch = aws.String("*")
	}
	_, err = s.client.PutObject(ctx, in)
	if in.IfNoneMatch != nil && status(err) == http.StatusNotImplemented {
		// A store without conditional writes that refuses the header
		// rather than ignoring it: write without it from now on (the
		// look above, and the variant lock, remain).
		s.noConditional.Store(true)
		in.IfNoneMatch = nil
		if _, serr := body.Seek(0, io.SeekStart); serr != nil {
			return fmt.Errorf("store %s: %w", key, serr)
		}
		_, err = s.client.PutObject(ctx, in)
	}
	if err != nil {
		if status(err) == http.StatusPreconditionFailed {
			return fmt.Errorf("store %s: %w", key, media.ErrExist)
		}
		return classify("store", key, err)
	}
	return nil
}

func contentType(key string) *string {
	if t := media.TypeOf(key); t != "" {
		return aws.String(t)
	}
	return aws.String("application/octet-stream")
}

// Open returns the content of key. The object is fetched as it is read,
// and a seek (http.ServeContent answering a range request) fetches just
// the range asked for, so serving a range reads no more from the store
// than it sends.
func (s *Store) Open(ctx context.Context, key string) (io.ReadSeekCloser, time.Time, int64, error) {
	obj, err := s.object(key)
	if err != nil {
		return nil, time.Time{}, 0, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: obj})
	if err != nil {
		return nil, time.Time{}, 0, classify("open", key, err)
	}
	size := aws.ToInt64(out.ContentLength)
	o := &object{ctx: ctx, s: s, key: key, obj: obj, size: size, etag: aws.ToString(out.ETag), body: out.Body}
	return o, aws.ToTime(out.LastModified), size, nil
}

// object reads a stored object from its current offset; body, when set,
// is positioned at pos.
type object struct {
	ctx      context.Context
	s        *Store
	key      string
	obj      *string
	size     int64
	etag     string
	body     io.ReadCloser
	pos, off int64
}

func (o *object) Read(p []byte) (int, error) {
	if o.off >= o.size {
		return 0, io.EOF
	}
	if o.body == nil || o.pos != o.off {
		if o.body != nil {
			o.body.Close()
			o.body = nil
		}
		in := &s3.GetObjectInput{Bucket: &o.s.bucket, Key: o.obj, Range: aws.String(fmt.Sprintf("bytes=%d-", o.off))}
		if o.etag != "" {
			in.IfMatch = aws.String(o.etag) // never splice two versions of a key
		}
		out, err := o.s.client.GetObject(o.ctx, in)
		if err != nil {
			return 0, classify("read", o.key, err)
		}
		o.body, o.pos = out.Body, o.off
	}
	n, err := o.body.Read(p)
	o.pos += int64(n)
	o.off += int64(n)
	if err == io.EOF && o.off < o.size {
		err = fmt.Errorf("read %s: %w", o.key, io.ErrUnexpectedEOF)
	}
	return n, err
}

func (o *object) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += o.off
	case io.SeekEnd:
		offset += o.size
	default:
		return 0, fmt.Errorf("seek %s: bad whence %d", o.key, whence)
	}
	if offset < 0 {
		return 0, fmt.Errorf("seek %s: negative offset", o.key)
	}
	o.off = offset
	return offset, nil
}

func (o *object) Close() error {
	if o.body != nil {
		err := o.body.Close()
		o.body = nil
		return err
	}
	return nil
}

// status is the HTTP status of a store's answer, or 0 when there was none.
func status(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// classify turns the SDK's errors into media's: 404 is ErrNotExist; no
// answer at all, a timeout, throttling or a 5xx is ErrUnavailable; anything
// else (403 for bad credentials, 400) is a configuration error, as is.
func classify(op, key string, err error) error {
	code := status(err)
	switch {
	case code == http.StatusNotFound:
		return fmt.Errorf("%s %s: %w", op, key, media.ErrNotExist)
	case code == 0 && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		return fmt.Errorf("%s %s: %w", op, key, err)
	case code == 0, code == http.StatusTooManyRequests, code >= 500:
		return fmt.Errorf("%s %s: %w: %v", op, key, media.ErrUnavailable, err)
	}
	return fmt.Errorf("%s %s: %w", op, key, err)
}

// sums are the length and checksums of a body.
type sums struct {
	size   int64
	md5    []byte
	sha256 []byte
}

// spool returns r as a seekable body with its checksums. A body that can
// be read again (bytes.Reader, os.File) is read twice, once for the sums;
// anything else is copied to a temporary file removed on Close.
func spool(r io.Reader) (readSeekCloser, sums, error) {
	m, sh := md5.New(), sha256.New()
	if rs, ok := r.(interface {
		io.ReaderAt
		io.ReadSeeker
	}); ok {
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, sums{}, err
		}
		n, err := io.Copy(io.MultiWriter(m, sh), rs)
		if err != nil {
			return nil, sums{}, err
		}
		return nopCloser{io.NewSectionReader(rs, start, n)}, sumsOf(n, m, sh), nil
	}
	f, err := os.CreateTemp("", "newsdesk-upload-*")
	if err != nil {
		return nil, sums{}, err
	}
	os.Remove(f.Name()) // gone when closed; nothing left behind on a crash
	n, err := io.Copy(io.MultiWriter(f, m, sh), r)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, sums{}, err
	}
	return f, sumsOf(n, m, sh), nil
}

func sumsOf(n int64, m, sh hash.Hash) sums {
	return sums{size: n, md5: m.Sum(nil), sha256: sh.Sum(nil)}
}

type readSeekCloser interface {
	io.ReadSeeker
	io.Closer
}

type nopCloser struct{ io.ReadSeeker }

func (nopCloser) Close() error { return nil }
