package newsroom

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk/internal/domain"
	"newsdesk/internal/events"
	"newsdesk/internal/storage"
	"newsdesk/internal/webhooks"
)

// integrationHooks is an integration with its webhooks, for the
// integrations page.
type integrationHooks struct {
	*domain.Integration
	Webhooks []*storage.Webhook
}

// addWebhook subscribes a target URL to an event for an integration
// (Administrators, as for the keys).
func (n *Newsroom) addWebhook(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageKeys, nil) {
		return forbidden("manage API keys")
	}
	ctx := r.Context()
	in, err := n.integration(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	h := &storage.Webhook{IntegrationID: in.ID, Event: r.PostFormValue("event"), TargetURL: strings.TrimSpace(r.PostFormValue("target_url")),
		Name: strings.TrimSpace(r.PostFormValue("name")), Secret: r.PostFormValue("secret"), APIVersion: "v6"}
	var errs domain.ValidationErrors
	if !webhooks.Valid(h.Event) {
		errs = append(errs, domain.FieldError("event", "Pick an event from the list."))
	}
	if err := n.Publisher.Webhooks.CheckTarget(h.TargetURL); err != nil {
		errs = append(errs, asFieldError(err, "target_url"))
	}
	if utf8.RuneCountInString(h.Name) > 191 {
		errs = append(errs, domain.FieldError("hook_name", "Name is at most 191 characters."))
	}
	if utf8.RuneCountInString(h.Secret) > 191 {
		errs = append(errs, domain.FieldError("secret", "Secret is at most 191 characters."))
	}
	if in.Revoked() {
		errs = append(errs, domain.FieldError("event", "This integration is revoked; its webhooks would never fire."))
	}
	if len(errs) == 0 {
		list, err := n.Store.ListWebhooks(ctx, in.ID)
		if err != nil {
			return err
		}
		for _, o := range list {
			if o.Event == h.Event && o.TargetURL == h.TargetURL {
				errs = append(errs, domain.FieldError("target_url", "This integration already sends %s to that URL.", h.Event))
			}
		}
	}
	if len(errs) > 0 {
		return n.renderIntegrationsWith(w, r, u, http.StatusBadRequest, integrationsPage{hookFor: in.ID, hook: h, errs: errs})
	}
	if err := n.Store.CreateWebhook(ctx, h); err != nil {
		return err
	}
	n.webhooksChanged()
	http.Redirect(w, r, "/newsroom/integrations?done=webhook", http.StatusSeeOther)
	return nil
}

// integration finds an integration by id (ENOTFOUND when there is none).
func (n *Newsroom) integration(r *http.Request, id string) (*domain.Integration, error) {
	list, err := n.Store.ListIntegrations(r.Context())
	if err != nil {
		return nil, err
	}
	for _, in := range list {
		if in.ID == id {
			return in, nil
		}
	}
	return nil, storage.NotFound("Integration", id)
}

func (n *Newsroom) deleteWebhook(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageKeys, nil) {
		return forbidden("manage API keys")
	}
	if err := n.Store.DeleteWebhook(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	n.webhooksChanged()
	http.Redirect(w, r, "/newsroom/integrations?done=webhook-deleted", http.StatusSeeOther)
	return nil
}

// webhookLog shows a webhook's latest deliveries: status, answer, time
// taken and the next attempt, with "Send again".
func (n *Newsroom) webhookLog(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageKeys, nil) {
		return forbidden("manage API keys")
	}
	h, err := n.Store.WebhookByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := n.Store.ListDeliveries(r.Context(), h.ID, storage.MaxLimit)
	if err != nil {
		return err
	}
	n.render(w, r, u, http.StatusOK, "webhook", map[string]any{"PageTitle": "Webhook deliveries", "Hook": h, "Deliveries": list})
	return nil
}

// retryDelivery is "Send again": the delivery goes back in the queue,
// due now, under the same id.
func (n *Newsroom) retryDelivery(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageKeys, nil) {
		return forbidden("manage API keys")
	}
	d, err := n.Store.DeliveryByID(r.Context(), r.PathValue("did"))
	if err != nil {
		return err
	}
	if d.WebhookID != r.PathValue("id") {
		return storage.NotFound("Delivery", d.ID)
	}
	if err := n.Store.RetryDelivery(r.Context(), d.ID, time.Now()); err != nil {
		return err
	}
	// Wake this instance's deliverer (and, relayed, the others').
	n.webhooksChanged()
	http.Redirect(w, r, "/newsroom/webhooks/"+d.WebhookID+"?done=resent", http.StatusSeeOther)
	return nil
}

func (n *Newsroom) webhooksChanged() {
	if n.Events != nil {
		n.Events.Publish(events.Event{Type: events.WebhooksUpdated})
	}
}
