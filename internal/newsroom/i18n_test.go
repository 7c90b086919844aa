package newsroom

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/domain"
)

// TestPluralForms: counts take the Ukrainian one/few/many forms (1, 21,
// 101 зміна; 2, 22 зміни; 0, 5, 11–14, 25, 111 змін), English one/other.
func TestPluralForms(t *testing.T) {
	uk := map[int]string{0: "0 змін", 1: "1 зміна", 2: "2 зміни", 5: "5 змін", 11: "11 змін", 12: "12 змін",
		14: "14 змін", 21: "21 зміна", 22: "22 зміни", 25: "25 змін", 101: "101 зміна", 111: "111 змін"}
	for n, want := range uk {
		if got := newsroomUkrainian.N(n, "%d change", "%d changes"); got != want {
			t.Errorf("uk N(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0 changes", 1: "1 change", 2: "2 changes", 21: "21 changes"} {
		if got := newsroomEnglish.N(n, "%d change", "%d changes"); got != want {
			t.Errorf("en N(%d) = %q, want %q", n, got, want)
		}
	}
	// Arguments after the count, and counts of other integer types.
	if got := newsroomUkrainian.N(int64(3), "%[1]d post tagged %[2]s, %[3]d published", "%[1]d posts tagged %[2]s, %[3]d published", "Київ", 2); got != "3 матеріали з тегом Київ, опубліковано: 2" {
		t.Errorf("uk N with args = %q", got)
	}
}

func TestDatesAndErrorsInUkrainian(t *testing.T) {
	kyiv, _ := time.LoadLocation("Europe/Kyiv")
	at := time.Date(2026, 11, 27, 12, 5, 0, 0, time.UTC)
	if got := newsroomUkrainian.Date(at, kyiv); got != "27 листопада 2026, 14:05" {
		t.Errorf("uk date = %q", got)
	}
	if got := newsroomEnglish.Date(at, kyiv); got != "27 Nov 2026, 14:05" {
		t.Errorf("en date = %q", got)
	}
	if got := newsroomUkrainian.Ago(time.Now().Add(-5 * time.Minute)); got != "5 хв тому" {
		t.Errorf("uk ago = %q", got)
	}
	// A domain error is translated from its format, with its own arguments;
	// so is an argument that is itself an interface string.
	err := domain.FieldError("title", "Title is longer than %d characters.", 300)
	if got := newsroomUkrainian.Err(err); got != "Заголовок довший за 300 символів." {
		t.Errorf("uk error = %q", got)
	}
	if got := newsroomEnglish.Err(err); got != "Title is longer than 300 characters." {
		t.Errorf("en error = %q", got)
	}
	if got := newsroomUkrainian.Err(forbidden("see the staff list")); got != "Ваша роль не дозволяє переглядати список співробітників." {
		t.Errorf("uk forbidden = %q", got)
	}
	if got := newsroomUkrainian.Err(errors.New("disk on fire")); got != "Внутрішня помилка." {
		t.Errorf("uk internal error = %q", got)
	}
	// Translating a form's errors leaves the originals alone.
	ve := domain.ValidationErrors{err}
	if tr := newsroomUkrainian.Errs(ve); tr[0].Message == err.Message || err.Message != "Title is longer than 300 characters." {
		t.Errorf("Errs changed the original or did not translate: %q / %q", tr[0].Message, err.Message)
	}
}

var htmlLang = regexp.MustCompile(`<html lang="([a-z]+)">`)

// TestNewsroomLanguageInProfile: a user switches the newsroom to
// Ukrainian in their profile and every page follows, with <html lang>,
// flashes, errors and the script's strings; "Site default" follows the
// site's language.
func TestNewsroomLanguageInProfile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(domain.RoleAuthor)
	me := e.users[domain.RoleAuthor]
	lang := func(body string) string {
		if m := htmlLang.FindStringSubmatch(body); m != nil {
			return m[1]
		}
		return ""
	}
	if page := c.get("/newsroom/"); lang(page.body) != "en" || !strings.Contains(page.body, ">Posts</h1>") {
		t.Fatalf("default newsroom is not English: %s", snippet(page.body))
	}
	profile := func(choice string) response {
		return c.postMultipart("/newsroom/profile", url.Values{"name": {me.Name}, "slug": {me.Slug}, "email": {me.Email},
			"newsroom_language": {choice}}, "avatar_file", "", nil)
	}
	res := profile("uk")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save profile: %d %s", res.StatusCode, snippet(res.body))
	}
	if u, _ := e.store.UserByID(ctx, me.ID); u.NewsroomLanguage != "uk" {
		t.Fatalf("stored newsroom language = %q", u.NewsroomLanguage)
	}
	page := c.get(res.Header.Get("Location"))
	for _, want := range []string{`<html lang="uk">`, "Профіль збережено.", "Мова редакції", `<option value="uk" lang="uk" selected>Українська</option>`, "Зберегти профіль"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("Ukrainian profile page lacks %s", want)
		}
	}
	list := c.get("/newsroom/")
	for _, want := range []string{`<html lang="uk">`, ">Матеріали</h1>", "Новий матеріал", "Кошик", "Вийти", "Співробітники"} {
		if !strings.Contains(list.body, want) {
			t.Errorf("Ukrainian post list lacks %s", want)
		}
	}
	editor := c.get("/newsroom/posts/new")
	for _, want := range []string{"Зберегти чернетку", "Заголовок", "Теги", "Головне зображення", "<title>Новий матеріал"} {
		if !strings.Contains(editor.body, want) {
			t.Errorf("Ukrainian editor lacks %s", want)
		}
	}
	// The script's strings and month names come in a JSON block.
	m := regexp.MustCompile(`(?s)<script type="application/json" id="newsroom-i18n">(.*?)</script>`).FindStringSubmatch(editor.body)
	var js struct {
		Months   []string
		Messages map[string]string
	}
	if m == nil || json.Unmarshal([]byte(m[1]), &js) != nil || len(js.Months) != 12 || js.Months[10] != "листопада" ||
		js.Messages["Unsaved changes · copy kept in this browser"] == "" {
		t.Errorf("script strings: %v %+v", m, js)
	}
	// A refused form says why in Ukrainian.
	bad := c.postMultipart("/newsroom/profile", url.Values{"name": {me.Name}, "slug": {"Not A Slug"}, "email": {me.Email},
		"newsroom_language": {"uk"}}, "avatar_file", "", nil)
	if bad.StatusCode != http.StatusBadRequest || !strings.Contains(bad.body, "Адреса може містити лише малі латинські літери") ||
		!strings.Contains(bad.body, "Нічого не збережено.") {
		t.Errorf("Ukrainian validation error: %d %s", bad.StatusCode, snippet(bad.body))
	}
	// An error page.
	if res := c.get("/newsroom/posts/000000000000000000000000"); res.StatusCode != http.StatusNotFound || !strings.Contains(res.body, "Не знайдено") {
		t.Errorf("Ukrainian 404: %d %s", res.StatusCode, snippet(res.body))
	}

	// Back to English, then "Site default" with a Ukrainian site.
	if res := profile("en"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save profile: %d", res.StatusCode)
	}
	if page := c.get("/newsroom/"); lang(page.body) != "en" || !strings.Contains(page.body, "New post") {
		t.Errorf("English again: %s", snippet(page.body))
	}
	s, _ := e.store.Settings(ctx)
	s.Language = "uk"
	if err := e.store.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if page := c.get("/newsroom/"); lang(page.body) != "en" {
		t.Errorf("an explicit English choice lost to the site's language")
	}
	if res := profile(""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save profile: %d", res.StatusCode)
	}
	if page := c.get("/newsroom/"); lang(page.body) != "uk" {
		t.Errorf("site default with a Ukrainian site: %s", snippet(page.body))
	}
	if res := profile("de"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("newsroom language de: %d", res.StatusCode)
	}
}

// TestSignInLanguage: before sign-in the page follows the browser's
// languages, else the site's.
func TestSignInLanguage(t *testing.T) {
	e := newEnv(t)
	get := func(accept string) string {
		req, _ := http.NewRequest("GET", e.srv.URL+"/newsroom/signin", nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		return e.client().do(req).body
	}
	if body := get(""); !strings.Contains(body, `<html lang="en">`) {
		t.Errorf("sign-in without Accept-Language: %s", snippet(body))
	}
	if body := get("uk-UA,uk;q=0.9,en;q=0.8"); !strings.Contains(body, `<html lang="uk">`) || !strings.Contains(body, "Увійти") {
		t.Errorf("sign-in in Ukrainian: %s", snippet(body))
	}
	if body := get("de-DE,en;q=0.5"); !strings.Contains(body, `<html lang="en">`) {
		t.Errorf("sign-in for a German browser: %s", snippet(body))
	}
}

// Templates are parsed when a language is first shown, so a template that
// does not parse would only fail at that request: parse every language's
// set here, and require the same pages in each.
func TestTemplatesParseInEveryLanguage(t *testing.T) {
	e := newEnv(t)
	var first map[string]bool
	for _, l := range locales {
		pages, err := e.nr.templates(l)
		if err != nil {
			t.Fatalf("%s: %v", l.lang, err)
		}
		if len(pages) < 20 {
			t.Fatalf("%s: only %d page templates", l.lang, len(pages))
		}
		names := map[string]bool{}
		for name := range pages {
			names[name] = true
		}
		if first == nil {
			first = names
			continue
		}
		for name := range first {
			if !names[name] {
				t.Errorf("%s lacks page %q", l.lang, name)
			}
		}
	}
}
