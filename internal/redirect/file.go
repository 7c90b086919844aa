package redirect

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
)

// MaxRules bounds a redirects file: an archive's worth of old links, far
// beyond what any site has, small enough to check in one go.
const MaxRules = 200_000

// SyntaxError is a file that is not JSON at all; Ghost answers those with
// 400 rather than the 422 of a well-formed file with bad rules.
type SyntaxError struct {
	Message string
	Reason  string // the JSON parser's words, for Ghost's "Could not parse JSON: ..."
	Line    int    // 0 for an empty file
}

func (e *SyntaxError) Error() string { return e.Message }

// entry is one rule as redirects.json writes it.
type entry struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Permanent bool   `json:"permanent"`
}

// ParseFile reads Ghost's redirects.json ([{"from", "to", "permanent"}])
// and checks every rule. Errors say which rule is wrong and why; a file
// that is not JSON is a *SyntaxError giving the line.
func ParseFile(data []byte) ([]*domain.Redirect, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
			return nil, &SyntaxError{Message: fmt.Sprintf("The redirects file is not valid JSON: %s on line %d.", se.Error(), line),
				Reason: se.Error(), Line: line}
		case errors.As(err, &te) || len(bytes.TrimSpace(data)) > 0:
			return nil, domain.FieldError("redirects", `The redirects file must be a JSON array of rules such as [{"from": "/old/", "to": "/new/", "permanent": true}].`)
		}
		return nil, &SyntaxError{Message: "The redirects file is empty.", Reason: "unexpected end of JSON input"}
	}
	if len(raw) > MaxRules {
		return nil, domain.FieldError("redirects", "The file holds %d redirects; newsdesk takes at most %d at once.", len(raw), MaxRules)
	}
	rules := make([]*domain.Redirect, 0, len(raw))
	for i, r := range raw {
		var fields struct {
			From, To  json.RawMessage
			Permanent json.RawMessage
		}
		if err := json.Unmarshal(r, &fields); err != nil {
			return nil, ruleError(i, "is not an object with from and to")
		}
		var e entry
		if json.Unmarshal(fields.From, &e.From) != nil {
			return nil, ruleError(i, "needs a from that is a string")
		}
		if json.Unmarshal(fields.To, &e.To) != nil {
			return nil, ruleError(i, "needs a to that is a string")
		}
		if len(fields.Permanent) > 0 && string(fields.Permanent) != "null" && json.Unmarshal(fields.Permanent, &e.Permanent) != nil {
			return nil, ruleError(i, "has a permanent that is not true or false")
		}
		rule := &domain.Redirect{From: e.From, To: e.To, Permanent: e.Permanent}
		if err := rule.Validate(); err != nil {
			return nil, ruleError(i, "is refused: %s", domain.ErrorMessage(err))
		}
		rules = append(rules, rule)
	}
	return rules, nil
}

func ruleError(i int, format string, args ...any) error {
	return domain.FieldError("redirects", "Redirect %d of the file %s", i+1, fmt.Sprintf(format, args...))
}

// WriteFile writes every rule as redirects.json, in file order, without
// holding them all in memory.
func WriteFile(ctx context.Context, w io.Writer, store storage.Redirects) error {
	bw := bufio.NewWriter(w)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	bw.WriteString("[")
	n := 0
	err := store.EachRedirect(ctx, func(r *domain.Redirect) error {
		buf.Reset()
		if err := enc.Encode(entry{From: r.From, To: r.To, Permanent: r.Permanent}); err != nil {
			return err
		}
		if n > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		n++
		return nil
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}
