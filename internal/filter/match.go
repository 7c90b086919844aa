package filter

import (
	"fmt"
	"strconv"
	"strings"
)

// UnknownFieldError says a filter names a field the endpoint cannot filter on.
type UnknownFieldError struct {
	Field string
	Pos   int
}

func (e *UnknownFieldError) Error() string {
	return fmt.Sprintf("at character %d: cannot filter by %q", e.Pos, e.Field)
}

// Match evaluates e against one object in memory, for endpoints whose
// lists are small (tags, authors). get returns a field's values (several
// for a relation) and false for a field that cannot be filtered on.
// Strings compare without regard to case, as Ghost's database collation does.
func Match(e Expr, get func(field string) ([]string, bool)) (bool, error) {
	switch n := e.(type) {
	case nil:
		return true, nil
	case *And:
		for _, t := range n.Terms {
			ok, err := Match(t, get)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case *Or:
		for _, t := range n.Terms {
			ok, err := Match(t, get)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *Cmp:
		have, ok := get(n.Field)
		if !ok {
			return false, &UnknownFieldError{Field: n.Field, Pos: n.At}
		}
		return matchCmp(n, have), nil
	}
	return false, fmt.Errorf("filter: unknown node %T", e)
}

func matchCmp(c *Cmp, have []string) bool {
	any := func(pred func(h string) bool) bool {
		for _, h := range have {
			if pred(h) {
				return true
			}
		}
		return false
	}
	eq := func(h string, v Value) bool {
		if v.Kind == Null {
			return h == ""
		}
		return strings.EqualFold(h, v.Text)
	}
	v := c.Values[0]
	switch c.Op {
	case Eq:
		if v.Kind == Null && len(have) == 0 {
			return true
		}
		return any(func(h string) bool { return eq(h, v) })
	case Ne:
		if v.Kind == Null && len(have) == 0 {
			return false
		}
		return !any(func(h string) bool { return eq(h, v) })
	case In, NotIn:
		found := any(func(h string) bool {
			for _, v := range c.Values {
				if eq(h, v) {
					return true
				}
			}
			return false
		})
		return found == (c.Op == In)
	case Contains, NotContains:
		found := any(func(h string) bool { return strings.Contains(strings.ToLower(h), strings.ToLower(v.Text)) })
		return found == (c.Op == Contains)
	case StartsWith:
		return any(func(h string) bool { return strings.HasPrefix(strings.ToLower(h), strings.ToLower(v.Text)) })
	case EndsWith:
		return any(func(h string) bool { return strings.HasSuffix(strings.ToLower(h), strings.ToLower(v.Text)) })
	}
	// Ordering comparisons: numerically when both sides are numbers.
	return any(func(h string) bool {
		var d int
		hn, err1 := strconv.ParseFloat(h, 64)
		if err1 == nil && v.Kind == Number {
			switch {
			case hn < v.Num:
				d = -1
			case hn > v.Num:
				d = 1
			}
		} else {
			d = strings.Compare(strings.ToLower(h), strings.ToLower(v.Text))
		}
		switch c.Op {
		case Gt:
			return d > 0
		case Gte:
			return d >= 0
		case Lt:
			return d < 0
		case Lte:
			return d <= 0
		}
		return false
	})
}
