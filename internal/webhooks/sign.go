package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Signature is the X-Ghost-Signature value Ghost sends with a body signed
// by secret at ts: "sha256=<hex>, t=<ms>", where hex is the HMAC-SHA256
// of the body followed by the timestamp in decimal milliseconds (the
// timestamp is in the signed text, so a receiver can refuse old replays).
func Signature(body []byte, secret string, ts time.Time) string {
	t := strconv.FormatInt(ts.UnixMilli(), 10)
	return "sha256=" + sign(body, secret, t) + ", t=" + t
}

func sign(body []byte, secret, t string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	m.Write([]byte(t))
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a X-Ghost-Signature header against body and secret, as a
// receiver does; it returns the signed time.
func Verify(body []byte, secret, header string) (time.Time, bool) {
	var sum, t string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "sha256":
			sum = v
		case "t":
			t = v
		}
	}
	ms, err := strconv.ParseInt(t, 10, 64)
	if sum == "" || err != nil {
		return time.Time{}, false
	}
	if !hmac.Equal([]byte(sum), []byte(sign(body, secret, t))) {
		return time.Time{}, false
	}
	return time.UnixMilli(ms), true
}
