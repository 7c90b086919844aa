package domain

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
)

// translit maps Ukrainian and Russian Cyrillic to Latin, following the
// Ukrainian national transliteration (2010) where the languages share letters.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e",
	'є': "ie", 'ж': "zh", 'з': "z", 'и': "y", 'і': "i", 'ї': "i", 'й': "i",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch",
	'ш': "sh", 'щ': "shch", 'ь': "", 'ю': "iu", 'я': "ia", 'ё': "io",
	'ы': "y", 'э': "e", 'ъ': "", '\'': "", '’': "", 'ʼ': "",
}

// MaxSlugLen bounds slugs so URLs stay readable and indexable.
const MaxSlugLen = 120

// Slugify turns a title into a URL slug: lowercase ASCII letters, digits and
// single hyphens, with Cyrillic transliterated and other accents dropped.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if t, ok := translit[r]; ok {
			b.WriteString(t)
			dash = false
			continue
		}
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case unicode.IsLetter(r):
			if a := foldAccent(r); a != 0 {
				b.WriteRune(a)
				dash = false
			}
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > MaxSlugLen {
		out = strings.TrimRight(out[:MaxSlugLen], "-")
	}
	return out
}

func foldAccent(r rune) rune {
	const from, to = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿłśźżćńąęő", "aaaaaaceeeeiiiinoooooouuuuyylszzcnaeo"
	for i, f := range []rune(from) {
		if f == r {
			return []rune(to)[i]
		}
	}
	return 0
}

// ValidSlug reports whether s is already a well-formed slug.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
		if c == '-' && i > 0 && s[i-1] == '-' {
			return false
		}
	}
	return true
}

// NewID returns a new 24-hex-character id, the shape Ghost ids have.
func NewID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

// NewUUID returns a random RFC 4122 version 4 UUID.
func NewUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// ValidID reports whether s has the shape of an id made by NewID.
func ValidID(s string) bool {
	if len(s) != 24 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// FreeSlug returns slug, or slug-2, slug-3... the first that holder says
// no one but selfID has, as Ghost de-duplicates slugs; after 100 tries a
// random suffix. holder returns the ID holding a slug, or "" for none.
func FreeSlug(slug, selfID string, holder func(slug string) (string, error)) (string, error) {
	base := slug
	for i := 2; ; i++ {
		id, err := holder(slug)
		if err != nil {
			return "", err
		}
		if id == "" || id == selfID {
			return slug, nil
		}
		if i > 100 {
			return base + "-" + NewID()[:6], nil
		}
		suffix := "-" + strconv.Itoa(i)
		if len(base)+len(suffix) > 185 {
			base = strings.TrimRight(base[:185-len(suffix)], "-")
		}
		slug = base + suffix
	}
}
