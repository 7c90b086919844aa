package newsroom

import (
	"net/http"

	"newsdesk/internal/domain"
)

// integrations lists API integrations for Administrators: the Ghost-format
// keys that static front ends and automation use. The same as
// "newsdesk integration list" on the command line.
func (n *Newsroom) integrations(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	return n.renderIntegrations(w, r, u, http.StatusOK, nil, "", nil)
}

func (n *Newsroom) renderIntegrations(w http.ResponseWriter, r *http.Request, u *domain.User, status int,
	created *domain.Integration, name string, errs domain.ValidationErrors) error {
	if !domain.Can(u, domain.ActionManageKeys, nil) {
		return forbidden("manage API keys")
	}
	list, err := n.Store.ListIntegrations(r.Context())
	if err != nil {
		return err
	}
	data := map[string]any{"PageTitle": "Integrations", "List": list, "Created": created, "Name": name,
		"Errors": errs, "Roles": domain.Roles}
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
