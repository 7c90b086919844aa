package ghost

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
	"newsdesk/internal/webhooks"
)

// maxWebhookBody bounds a webhooks/ request: a few short strings.
const maxWebhookBody = 64 << 10

// webhookInput is one {"webhooks":[{...}]} entry as Ghost 5 takes it.
type webhookInput struct {
	Event         *string `json:"event"`
	TargetURL     *string `json:"target_url"`
	Name          *string `json:"name"`
	Secret        *string `json:"secret"`
	APIVersion    *string `json:"api_version"`
	IntegrationID *string `json:"integration_id"`
}

func decodeWebhook(w http.ResponseWriter, r *http.Request, add bool) (*webhookInput, error) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxWebhookBody)).Decode(&body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "RequestEntityTooLargeError", Message: "Request is larger than 64 KB."}
		}
		return nil, &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: "The body is not valid JSON.", Help: err.Error(), raw: true}
	}
	// Ghost's input serializer refuses a body without a root key, or with
	// an empty one, before its schema sees it.
	raw, ok := body["webhooks"]
	var list []json.RawMessage
	if ok {
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, schemaError("webhooks", "type", ".webhooks", "#/properties/webhooks/type", "should be array",
				object{{"type", "array"}})
		}
	}
	if len(list) == 0 {
		return nil, &apiError{Status: http.StatusBadRequest, Type: "BadRequestError", Message: "No root key ('webhooks') provided."}
	}
	var in webhookInput
	if err := json.Unmarshal(list[0], &in); err != nil {
		return nil, errValidation(http.StatusUnprocessableEntity, "Validation failed for webhooks[0].", err.Error(), "webhooks[0]")
	}
	if add {
		for _, req := range []struct {
			name string
			v    *string
		}{{"event", in.Event}, {"target_url", in.TargetURL}} {
			if req.v == nil {
				return nil, schemaError("webhooks[0]", "required", ".webhooks[0]", "#/properties/webhooks/items/required",
					"should have required property '"+req.name+"'", object{{"missingProperty", req.name}})
			}
		}
	}
	if in.Event != nil && *in.Event != strings.ToLower(*in.Event) {
		schemaPath := "webhooks#/definitions/webhook/properties/event/isLowercase"
		if !add {
			schemaPath = "webhooks.edit#/properties/webhooks/items/properties/event/isLowercase"
		}
		return nil, schemaError("event", "isLowercase", ".webhooks[0].event", schemaPath,
			`should pass "isLowercase" keyword validation`, object{{"keyword", "isLowercase"}})
	}
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"name", in.Name, 191}, {"secret", in.Secret, 191}, {"api_version", in.APIVersion, 50}, {"event", in.Event, 50}, {"target_url", in.TargetURL, webhooks.MaxTargetURL}} {
		if f.v != nil && utf8.RuneCountInString(*f.v) > f.max {
			return nil, errValidation(http.StatusUnprocessableEntity, "Validation failed for "+f.name+".",
				f.name+" must be at most "+strconv.Itoa(f.max)+" characters.", f.name)
		}
	}
	return &in, nil
}

// applyWebhook copies the sent fields onto h and checks the result.
func (a *API) applyWebhook(h *storage.Webhook, in *webhookInput) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&h.Event, in.Event)
	set(&h.TargetURL, in.TargetURL)
	set(&h.Name, in.Name)
	set(&h.APIVersion, in.APIVersion)
	if in.Secret != nil {
		h.Secret = *in.Secret
	}
	// Like Ghost, any lowercase event is taken, also one newsdesk never
	// sends (member.added, which Zapier's Ghost app subscribes to): the
	// integration's set-up then works, and the webhook stays quiet.
	if h.Event == "" {
		return errValidation(http.StatusUnprocessableEntity, "Validation failed for event.", "The event must not be empty.", "event")
	}
	if err := a.Publisher.Webhooks.CheckTarget(h.TargetURL); err != nil {
		return errValidation(http.StatusUnprocessableEntity, "Validation failed for target_url.", domain.ErrorMessage(err), "target_url")
	}
	if h.APIVersion == "" {
		// Ghost's default is its own version, "v" and major.minor.
		h.APIVersion = Version
	}
	return nil
}

// webhookAllowed says whether who may manage webhooks of integrationID:
// an integration its own only (as in Ghost), a signed-in user when an
// Administrator.
func webhookAllowed(who *actor, integrationID string) bool {
	if who.Integration != nil {
		return who.Integration.ID == integrationID
	}
	return who.User != nil && who.User.Role == domain.RoleAdministrator
}

func (a *API) adminAddWebhook(w http.ResponseWriter, r *http.Request, who *actor) {
	in, err := decodeWebhook(w, r, true)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	h := &storage.Webhook{}
	switch {
	case who.Integration != nil:
		// Ghost takes the integration from the key, whatever the body says.
		h.IntegrationID = who.Integration.ID
	case in.IntegrationID != nil:
		h.IntegrationID = *in.IntegrationID
	}
	if !webhookAllowed(who, h.IntegrationID) {
		a.writeError(w, r, errNoPermission("You do not have permission to add webhooks."))
		return
	}
	if h.IntegrationID == "" {
		a.writeError(w, r, errValidation(http.StatusUnprocessableEntity, "Validation failed for 'integration_id'.",
			"You may only create webhooks with 'integration_id' when using session authentication.", "integration_id"))
		return
	}
	if err := a.applyWebhook(h, in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.uniqueWebhook(r, h); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.Store.CreateWebhook(r.Context(), h); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.webhooksChanged()
	// Ghost sends no Location (webhooks/ has no read) and no X-Cache-Invalidate.
	a.writeJSON(w, r, http.StatusCreated, object{{"webhooks", []object{webhookObject(h)}}}, privateCache)
}

// uniqueWebhook refuses a new webhook for an event and target some
// webhook (of any integration) has, ignoring case, as Ghost does; Ghost
// does not check edits.
func (a *API) uniqueWebhook(r *http.Request, h *storage.Webhook) error {
	list, err := a.Store.ListWebhooks(r.Context(), "")
	if err != nil {
		return err
	}
	for _, o := range list {
		if o.ID != h.ID && strings.EqualFold(o.Event, h.Event) && strings.EqualFold(o.TargetURL, h.TargetURL) {
			return &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationError", Message: "Target URL has already been used for this event."}
		}
	}
	return nil
}

// loadWebhook finds the webhook of a write that who may change. verb is
// Ghost's method name (edit, destroy), which its messages carry.
func (a *API) loadWebhook(r *http.Request, who *actor, verb string) (*storage.Webhook, error) {
	if err := checkPathParams(r); err != nil {
		return nil, err
	}
	h, err := a.Store.WebhookByID(r.Context(), r.PathValue("id"))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		if who.Integration != nil {
			return nil, &apiError{Status: http.StatusNotFound, Type: "NotFoundError", Message: "Webhook not found."}
		}
		return nil, &apiError{Status: http.StatusNotFound, Type: "NotFoundError", Message: "Resource could not be found."}
	}
	if err != nil {
		return nil, err
	}
	if !webhookAllowed(who, h.IntegrationID) {
		e := errNoPermission("You do not have permission to " + verb + " this webhook.")
		if who.Integration != nil {
			e.Context = "You may only " + verb + " webhooks that belong to the authenticated integration. Check the supplied Admin API Key."
		}
		return nil, e
	}
	return h, nil
}

func (a *API) adminEditWebhook(w http.ResponseWriter, r *http.Request, who *actor) {
	// Ghost checks the body before it looks the webhook up.
	in, err := decodeWebhook(w, r, false)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	h, err := a.loadWebhook(r, who, "edit")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.applyWebhook(h, in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.Store.UpdateWebhook(r.Context(), h); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.webhooksChanged()
	a.writeJSON(w, r, http.StatusOK, object{{"webhooks", []object{webhookObject(h)}}}, privateCache)
}

func (a *API) adminDeleteWebhook(w http.ResponseWriter, r *http.Request, who *actor) {
	h, err := a.loadWebhook(r, who, "destroy")
	if err == nil {
		err = a.Store.DeleteWebhook(r.Context(), h.ID)
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.webhooksChanged()
	// Ghost's 204 without X-Cache-Invalidate: the site did not change.
	hd := w.Header()
	hd.Set("Cache-Control", privateCache)
	hd.Set("Content-Version", Version)
	hd.Set("Vary", "Accept-Version")
	if a.adminCORS(w, r) {
		hd.Set("Vary", "Accept-Version, Origin")
	}
	hd.Set("ETag", `W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"`) // Express's weak ETag of an empty body
	w.WriteHeader(http.StatusNoContent)
}

// webhooksChanged tells every instance to read the subscriptions again.
func (a *API) webhooksChanged() {
	if a.Events != nil {
		a.Events.Publish(events.Event{Type: events.WebhooksUpdated})
	}
}

// webhookObject is a webhook as Ghost writes it.
func webhookObject(h *storage.Webhook) object {
	sh := shaper{admin: true}
	return object{
		{"id", h.ID},
		{"event", h.Event},
		{"target_url", h.TargetURL},
		{"name", null(h.Name)},
		{"secret", null(h.Secret)},
		{"api_version", h.APIVersion},
		{"integration_id", h.IntegrationID},
		{"last_triggered_at", sh.date(h.LastTriggeredAt)},
		{"last_triggered_status", null(h.LastTriggeredStatus)},
		{"last_triggered_error", null(h.LastTriggeredError)},
		{"created_at", sh.date(h.CreatedAt)},
		{"updated_at", sh.date(h.UpdatedAt)},
	}
}
