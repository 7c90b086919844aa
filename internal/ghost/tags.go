package ghost

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
)

// Admin API tag writes: tags.add, tags.edit and tags.delete, answered as
// Ghost answers them. newsdesk keeps a tag's name, slug and description;
// Ghost's other tag fields (images, meta, accent colour) are read as null.

// tagInput is a tag as the Admin API sends it.
type tagInput struct {
	Name        *string `json:"name"`
	Slug        *string `json:"slug"`
	Description *string `json:"description"`
}

// schemaError is Ghost's answer to a body its JSON schema refuses.
func schemaError(property, keyword, dataPath, schemaPath, message string, params any) *apiError {
	return &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationError",
		Message: "Validation failed for " + property + ".", Prop: property,
		Details: []object{{{"keyword", keyword}, {"dataPath", dataPath}, {"schemaPath", schemaPath},
			{"params", params}, {"message", message}}}}
}

// decodeTag reads {"tags":[{...}]} as Ghost's schema checks it.
func decodeTag(w http.ResponseWriter, r *http.Request, add bool) (*tagInput, error) {
	var body map[string]json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPostBody))
	if err := dec.Decode(&body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError", Message: "Request is larger than 2 MB."}
		}
		return nil, &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: "The body is not valid JSON.", Help: err.Error(), raw: true}
	}
	raw, ok := body["tags"]
	if !ok {
		return nil, schemaError("tags", "required", "", "#/required", "should have required property 'tags'",
			object{{"missingProperty", "tags"}})
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || len(list) == 0 {
		return nil, schemaError("tags", "minItems", ".tags", "#/properties/tags/minItems", "should NOT have fewer than 1 items",
			object{{"limit", 1}})
	}
	var in tagInput
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(list[0], &fields); err != nil {
		return nil, schemaError("tags[0]", "type", ".tags[0]", "#/properties/tags/items/type", "should be object",
			object{{"type", "object"}})
	}
	if err := json.Unmarshal(list[0], &in); err != nil {
		return nil, errValidation(http.StatusUnprocessableEntity, "Validation failed for tags[0].", err.Error(), "tags[0]")
	}
	if add && in.Name == nil {
		return nil, schemaError("tags[0]", "required", ".tags[0]", "#/properties/tags/items/required",
			"should have required property 'name'", object{{"missingProperty", "name"}})
	}
	if in.Name != nil && utf8.RuneCountInString(*in.Name) > domain.MaxTagNameLen {
		return nil, schemaError("name", "maxLength", ".tags[0].name", "tags#/definitions/tag/properties/name/maxLength",
			fmt.Sprintf("should NOT be longer than %d characters", domain.MaxTagNameLen), object{{"limit", domain.MaxTagNameLen}})
	}
	return &in, nil
}

// freeTagSlug returns slug, or slug-2, slug-3... whichever no other tag
// has, as Ghost de-duplicates tag slugs on add and edit.
func (a *API) freeTagSlug(r *http.Request, slug, selfID string) (string, error) {
	return domain.FreeSlug(slug, selfID, func(s string) (string, error) {
		t, err := a.Store.TagBySlug(r.Context(), s)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		return t.ID, nil
	})
}

// applyTag copies the sent fields onto t and gives it a free slug.
func (a *API) applyTag(r *http.Request, t *domain.Tag, in *tagInput) error {
	if in.Name != nil {
		t.Name = strings.TrimSpace(*in.Name)
	}
	if in.Description != nil {
		t.Description = strings.TrimSpace(*in.Description)
	}
	slug := t.Slug
	if in.Slug != nil {
		slug = domain.Slugify(*in.Slug)
	}
	if slug == "" {
		slug = domain.TagSlug(t.Name)
	}
	free, err := a.freeTagSlug(r, slug, t.ID)
	if err != nil {
		return err
	}
	t.Slug = free
	return t.Validate()
}

// changed answers a write as Ghost does: the caches in front may drop
// everything (X-Cache-Invalidate).
func changed(w http.ResponseWriter) {
	w.Header().Set("X-Cache-Invalidate", "/*")
}

func (a *API) adminAddTag(w http.ResponseWriter, r *http.Request, who *actor) {
	// Ghost's Contributors may browse and read tags, not add them here.
	if who.User.Role == domain.RoleContributor || !domain.Can(who.User, domain.ActionCreateTag, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to add tags."))
		return
	}
	in, err := decodeTag(w, r, true)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	t := &domain.Tag{}
	if err := a.applyTag(r, t, in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.Store.CreateTag(r.Context(), t, a.Publisher.Webhooks.TagChange(r.Context(), nil, t)...); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.tagChanged(t)
	a.writeTag(w, r, http.StatusCreated, t)
}

// loadTag finds the tag of a write, with Ghost's answer when there is none.
func (a *API) loadTag(r *http.Request) (*domain.Tag, error) {
	t, err := a.Store.TagByID(r.Context(), r.PathValue("id"))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, &apiError{Status: http.StatusNotFound, Type: "NotFoundError", Message: "Resource could not be found."}
	}
	return t, err
}

func (a *API) adminEditTag(w http.ResponseWriter, r *http.Request, who *actor) {
	if !domain.Can(who.User, domain.ActionManageTags, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to edit tags."))
		return
	}
	if err := checkPathParams(r); err != nil {
		a.writeError(w, r, err)
		return
	}
	t, err := a.loadTag(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	old := *t
	in, err := decodeTag(w, r, false)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.applyTag(r, t, in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.Store.UpdateTag(r.Context(), t, a.Publisher.Webhooks.TagChange(r.Context(), &old, t)...); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.tagChanged(t)
	a.writeTag(w, r, http.StatusOK, t)
}

func (a *API) adminDeleteTag(w http.ResponseWriter, r *http.Request, who *actor) {
	if !domain.Can(who.User, domain.ActionManageTags, nil) {
		a.writeError(w, r, errNoPermission("You do not have permission to delete tags."))
		return
	}
	if err := checkPathParams(r); err != nil {
		a.writeError(w, r, err)
		return
	}
	t, err := a.loadTag(r)
	if err == nil {
		err = a.Store.DeleteTag(r.Context(), t.ID, a.Publisher.Webhooks.TagChange(r.Context(), t, nil)...)
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.tagChanged(t)
	writeNoContent(w)
}

// writeNoContent is Ghost's 204 for a delete, headers and all.
func writeNoContent(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", privateCache)
	h.Set("Content-Version", Version)
	h.Set("Vary", "Accept-Version")
	h.Set("ETag", `W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"`) // Express's weak ETag of an empty body
	changed(w)
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) tagChanged(t *domain.Tag) {
	if a.Events != nil {
		a.Events.Publish(events.Event{Type: events.TagUpdated, Slug: t.Slug})
	}
}

func (a *API) writeTag(w http.ResponseWriter, r *http.Request, status int, t *domain.Tag) {
	sh, err := a.shaper(r.Context(), true)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", a.SiteURL+"/ghost/api/admin/tags/"+t.ID+"/")
	}
	changed(w)
	a.writeJSON(w, r, status, object{{"tags", []object{sh.tag(t, nil)}}}, privateCache)
}
