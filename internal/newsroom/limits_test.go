package newsroom

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"newsdesk/internal/domain"
	"newsdesk/internal/media"
)

// TestImageLimitSaidOnce: the editor, its error and the README give the
// media library's image limit, one number from one constant.
func TestImageLimitSaidOnce(t *testing.T) {
	want := fmt.Sprintf("%d MB", media.DefaultMaxBytes>>20)
	e := newEnv(t)
	page := e.as(domain.RoleAuthor).get("/newsroom/posts/new")
	if page.StatusCode != 200 || !strings.Contains(page.body, "JPEG, PNG, WebP or GIF, up to "+want+"<") {
		t.Errorf("editor does not say the image limit is %s", want)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "**Limits**: "+want+" per image") {
		t.Errorf("README's Media limits do not say %s per image", want)
	}
	if uploadLimit <= maxImage {
		t.Errorf("a request body (%d bytes) cannot hold the largest image (%d)", uploadLimit, maxImage)
	}
}
