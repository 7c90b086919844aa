package newsroom

import (
	"encoding/json"
	"net/http"

	"newsdesk/internal/domain"
)

// uploadMedia stores one picture for the rich-text editor (pasted, dropped
// or chosen in its image dialog) and answers its address as JSON, so the
// editor can write the figure's Markdown. The form's "post" field names the
// post the picture is for, empty for one not saved yet: the same role rule
// as the editor form's own image field decides.
func (n *Newsroom) uploadMedia(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	var p *domain.Post
	if id := r.PostFormValue("post"); id != "" {
		var err error
		if p, err = n.Store.PostByID(r.Context(), id); err != nil {
			return err
		}
	}
	if !domain.Can(u, domain.ActionUploadImage, p) {
		return forbidden("upload images to this post")
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return domain.FieldError("file", "Choose an image to upload.")
	}
	var errs domain.ValidationErrors
	img, ok, err := n.upload(r, u, p, "file", &errs, "file")
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return errs[0]
	}
	if !ok {
		return domain.FieldError("file", "Choose an image to upload.")
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(map[string]any{"url": img.URL, "width": img.Width, "height": img.Height})
}
