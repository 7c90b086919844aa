package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsdesk/internal/domain"
)

// Message is one email to one person.
type Message struct {
	To      mail.Address
	Subject string
	Text    string
	HTML    string // optional alternative to Text
}

// Mailer sends email through the site's SMTP server from a bounded queue,
// so a slow or absent mail server never slows a request: Enqueue returns
// at once, workers send and retry with backoff, failures are logged.
type Mailer struct {
	Log *slog.Logger
	// RootCAs, when set, are the only roots trusted for the server's
	// certificate; nil trusts the system's. Tests set it to trust the
	// certificate of the SMTP server they start. Certificates are always
	// verified.
	RootCAs *x509.CertPool
	// Attempts per message (default 4) and the wait after the first
	// failure (default 2 s), doubling after each.
	Attempts int
	Backoff  time.Duration
	// Timeout bounds one attempt, connection to QUIT (default 30 s).
	Timeout time.Duration

	once  sync.Once
	queue chan job
	// pending counts messages queued or being sent (tests wait on it).
	pending sync.WaitGroup
}

type job struct {
	settings domain.MailSettings
	msg      Message
}

// QueueSize bounds the messages waiting to be sent; past it new ones are
// dropped (and logged) rather than held in memory without limit.
const QueueSize = 1000

func (m *Mailer) init() {
	m.once.Do(func() {
		m.queue = make(chan job, QueueSize)
		if m.Log == nil {
			m.Log = slog.Default()
		}
	})
}

// Enqueue queues msg for sending with settings and reports whether it
// was taken.
func (m *Mailer) Enqueue(settings domain.MailSettings, msg Message) bool {
	m.init()
	m.pending.Add(1)
	select {
	case m.queue <- job{settings, msg}:
		return true
	default:
		m.pending.Done()
		m.Log.Error("mail queue full; email dropped", "to", msg.To.Address, "subject", msg.Subject)
		return false
	}
}

// Wait blocks until every queued message was sent or given up (tests).
func (m *Mailer) Wait() { m.pending.Wait() }

// Run sends queued mail with workers workers until ctx ends.
func (m *Mailer) Run(ctx context.Context, workers int) {
	m.init()
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-m.queue:
					m.deliver(ctx, j)
					m.pending.Done()
				}
			}
		}()
	}
	wg.Wait()
}

// deliver sends one message, retrying temporary failures with backoff.
func (m *Mailer) deliver(ctx context.Context, j job) {
	attempts := m.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	wait := m.Backoff
	if wait <= 0 {
		wait = 2 * time.Second
	}
	for i := 1; ; i++ {
		err := m.Send(ctx, j.settings, j.msg)
		if err == nil {
			m.Log.Info("email sent", "to", j.msg.To.Address, "subject", j.msg.Subject)
			return
		}
		if i >= attempts || permanent(err) || ctx.Err() != nil {
			m.Log.Error("email not sent", "to", j.msg.To.Address, "subject", j.msg.Subject, "attempts", i, "err", err)
			return
		}
		m.Log.Warn("email not sent; retrying", "to", j.msg.To.Address, "attempt", i, "in", wait, "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// permanent reports an SMTP 5xx answer: the server refused the message
// (bad address, authentication), and sending it again would not help.
func permanent(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500
}

// Send makes one attempt to deliver msg, now, and says why it failed.
func (m *Mailer) Send(ctx context.Context, s domain.MailSettings, msg Message) error {
	if !s.Enabled() {
		return errors.New("no mail server is set")
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("from address: %w", err)
	}
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	tlsConfig := &tls.Config{ServerName: s.Host, RootCAs: m.RootCAs, MinVersion: tls.VersionTLS12}
	var conn net.Conn
	if s.Security == domain.MailTLS {
		conn, err = (&tls.Dialer{Config: tlsConfig}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("connect to %s: %w", addr, err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("greeting from %s: %w", addr, err)
	}
	defer c.Close()
	switch s.Security {
	case domain.MailStartTLS:
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("%s does not offer STARTTLS, which these settings require", addr)
		}
		if err := c.StartTLS(tlsConfig); err != nil {
			return fmt.Errorf("STARTTLS with %s: %w", addr, err)
		}
	case domain.MailTLS:
	default:
		// Plain text is allowed only to this machine (MailSettings.Validate);
		// check again rather than send a password across a network.
		if !domain.IsLocalHost(s.Host) {
			return fmt.Errorf("refusing to send unencrypted mail to %s", s.Host)
		}
	}
	if s.Username != "" {
		// PlainAuth itself refuses an unencrypted connection to another host.
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("sign in to %s: %w", addr, err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(msg.To.Address); err != nil {
		return fmt.Errorf("RCPT TO %s: %w", msg.To.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(compose(from, msg)); err != nil {
		return fmt.Errorf("write message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end message: %w", err)
	}
	return c.Quit()
}

// compose writes msg as an RFC 5322 message: UTF-8 plain text (and HTML
// when given), quoted-printable, with encoded headers.
func compose(from *mail.Address, msg Message) []byte {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", msg.To.String())
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(msg.Subject)))
	header("Date", time.Now().Format(time.RFC1123Z))
	host := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	header("Message-ID", "<"+domain.NewID()+"@"+host+">")
	header("MIME-Version", "1.0")
	header("Auto-Submitted", "auto-generated") // no vacation replies
	if msg.HTML == "" {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		writeQP(&b, msg.Text)
		return b.Bytes()
	}
	mw := multipart.NewWriter(&b)
	header("Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", msg.Text}, {"text/html", msg.HTML}} {
		w, _ := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		var pb bytes.Buffer
		writeQP(&pb, part.body)
		w.Write(pb.Bytes())
	}
	mw.Close()
	return b.Bytes()
}

func writeQP(b *bytes.Buffer, text string) {
	qp := quotedprintable.NewWriter(b)
	qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")))
	qp.Close()
}

// oneLine keeps a header on one line whatever a title holds.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
