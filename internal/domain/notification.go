package domain

import (
	"net"
	"net/mail"
	"strings"
	"time"
)

// Notification is one in-app notice for one staff member: something in
// the newsroom that needs them (a story to review, a mention).
type Notification struct {
	ID     string
	UserID string // the recipient
	Kind   string // notify.Kind: "review.requested", "note.mentioned", ...
	// ActorID is who did it; ActorName and ActorAvatar are read with it.
	ActorID     string
	ActorName   string
	ActorAvatar string
	PostID      string
	PostTitle   string // the title when it happened
	Note        string
	Path        string // the newsroom page it links to
	CreatedAt   time.Time
	ReadAt      time.Time // zero while unread
}

// Unread reports whether the recipient has not opened it yet.
func (n *Notification) Unread() bool { return n.ReadAt.IsZero() }

// The ways of talking to a mail server.
const (
	MailStartTLS = "starttls" // plain connection upgraded with STARTTLS, required
	MailTLS      = "tls"      // TLS from the first byte (port 465)
	MailNone     = "none"     // no encryption: a server on this machine only
)

// MailSettings are how the newsroom sends email. They are kept beside the
// site settings but apart from them: Password is a secret, never shown in
// a form or written to an export.
type MailSettings struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string // "Newsroom <newsroom@example.org>"
	Security string // MailStartTLS, MailTLS or MailNone
}

// Enabled reports whether email can be sent at all.
func (m MailSettings) Enabled() bool { return m.Host != "" && m.From != "" }

// Validate checks settings before they are saved. Empty settings (no
// host) are valid: they turn email off.
func (m MailSettings) Validate() error {
	if m.Host == "" {
		return nil
	}
	if strings.ContainsAny(m.Host, " /:@") && net.ParseIP(m.Host) == nil {
		return FieldError("smtp_host", "The mail server must be a host name such as smtp.example.org.")
	}
	if m.Port < 1 || m.Port > 65535 {
		return FieldError("smtp_port", "The port must be a number from 1 to 65535.")
	}
	if _, err := mail.ParseAddress(m.From); err != nil || strings.ContainsAny(m.From, "\r\n") {
		return FieldError("smtp_from", "The from address must be an email address, such as Newsroom <newsroom@example.org>.")
	}
	switch m.Security {
	case MailStartTLS, MailTLS:
	case MailNone:
		if !IsLocalHost(m.Host) {
			return FieldError("smtp_security", "Without encryption mail may only go to a server on this machine (localhost).")
		}
	default:
		return FieldError("smtp_security", "Choose how to connect to the mail server.")
	}
	if strings.ContainsAny(m.Username+m.Password, "\r\n") {
		return FieldError("smtp_username", "The user name and password must be on one line.")
	}
	return nil
}

// IsLocalHost reports whether host names this machine.
func IsLocalHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
