package newsroom

import (
	"net/http"

	"newsdesk/internal/domain"
	"newsdesk/internal/storage"
	"newsdesk/internal/webhooks"
)

// integrations lists API integrations for Administrators: the Ghost-format
// keys that static front ends and automation use. The same as
// "newsdesk integration list" on the command line.
func (n *Newsroom) integrations(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	return n.renderIntegrationsWith(w, r, u, http.StatusOK, integrationsPage{})
}

func (n *Newsroom) renderIntegrations(w http.ResponseWriter, r *http.Request, u *domain.User, status int,
	created *domain.Integration, name string, errs domain.ValidationErrors) error {
	return n.renderIntegrationsWith(w, r, u, status, integrationsPage{created: created, name: name, errs: errs})
}

// integrationsPage is what the integrations page shows besides the list:
// keys just created, or a form sent back with its errors (the
// integration form's, or the webhook form of integration hookFor's).
type integrationsPage struct {
	created *domain.Integration
	name    string
	hookFor string
	hook    *storage.Webhook
	errs    domain.ValidationErrors
}

func (n *Newsroom) renderIntegrationsWith(w http.ResponseWriter, r *http.Request, u *domain.User, status int, pg integrationsPage) error {
	if !domain.Can(u, domain.ActionManageKeys, nil) {
		return forbidden("manage API keys")
	}
	list, err := n.Store.ListIntegrations(r.Context())
	if err != nil {
		return err
	}
	hooks, err := n.Store.ListWebhooks(r.Context(), "")
	if err != nil {
		return err
	}
	withHooks := make([]integrationHooks, len(list))
	for i, in := range list {
		withHooks[i].Integration = in
		for _, h := range hooks {
			if h.IntegrationID == in.ID {
				withHooks[i].Webhooks = append(withHooks[i].Webhooks, h)
			}
		}
	}
	data := map[string]any{"PageTitle": "Integrations", "List": withHooks, "Created": pg.created, "Name": pg.name,
		"Errors": pg.errs, "Roles": domain.Roles, "Events": webhooks.Events(), "HookFor": pg.hookFor, "Hook": pg.hook,
		"AllowPrivate": n.Publisher.Webhooks != nil && n.Publisher.Webhooks.AllowPrivate}
	if pg.hookFor != "" {
		// The errors belong to that integration's webhook form.
		data["Errors"], data["HookErrors"] = domain.ValidationErrors(nil), pg.errs
	}
	if r.URL.Query().Get("done") == "revoked" {
		data["Flash"] = "Integration revoked: its keys no longer work."
	}
	n.render(w, r, u, status, "integrations", data)
	return nil
}

// addIntegration creates keys and shows them once: the Admin API secret is
// not shown again (the list shows only key ids).
func (n *Newsroom) addIntegration(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageKeys, nil) {
		return forbidden("manage API keys")
	}
	name := r.PostFormValue("name")
	in, err := domain.NewIntegration(name, domain.Role(r.PostFormValue("role")))
	if err == nil {
		err = n.Store.CreateIntegration(r.Context(), in)
	}
	if err != nil {
		if domain.ErrorCode(err) != domain.EINVALID {
			return err
		}
		return n.renderIntegrations(w, r, u, http.StatusBadRequest, nil, name, domain.ValidationErrors{asFieldError(err, "name")})
	}
	return n.renderIntegrations(w, r, u, http.StatusCreated, in, "", nil)
}

func (n *Newsroom) revokeIntegration(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	if !domain.Can(u, domain.ActionManageKeys, nil) {
		return forbidden("manage API keys")
	}
	if err := n.Store.RevokeIntegration(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/integrations?done=revoked", http.StatusSeeOther)
	return nil
}
