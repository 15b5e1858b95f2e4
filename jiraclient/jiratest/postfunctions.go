package jiratest

import "slices"

// Workflow effects a site may be configured with, off unless asked for:
// the seed's goldens are of a site without them.

// WithAssignOnTransition adds Jira's "Assign to current user" post-function
// to every transition of the given names (in every workflow): the issue
// goes to the user making the transition.
func WithAssignOnTransition(names ...string) Option {
	return func(c *config) { c.assignOn = append(c.assignOn, names...) }
}

// WithProjectLeadAssignee sets the projects' Default Assignee to Project
// lead: an issue created without an assignee (or with accountId "-1") goes
// to the project's lead, and the project says assigneeType PROJECT_LEAD.
func WithProjectLeadAssignee() Option { return func(c *config) { c.leadAssignee = true } }

// postFunctions runs the post-functions of transition t on is, after the
// status moved, adding their changes to the transition's history items.
func (c *call) postFunctions(is *issue, t *transitionDef, items []changeItem) []changeItem {
	if c.user == nil || !slices.Contains(c.s.cfg.assignOn, t.Name) || is.Assignee == c.user.AccountID {
		return items
	}
	a := &applier{c: c}
	items = append(items, change("assignee", "assignee", "jira", is.Assignee, a.displayName("user", is.Assignee), c.user.AccountID, a.displayName("user", c.user.AccountID)))
	is.Assignee = c.user.AccountID
	return items
}

// defaultAssignee is who an issue of p gets when none is given: nobody,
// or the lead with WithProjectLeadAssignee.
func (c *call) defaultAssignee(p *project) string {
	if !c.s.cfg.leadAssignee || p == nil {
		return ""
	}
	if u := c.s.site.users[p.LeadID]; u != nil && u.Active {
		return p.LeadID
	}
	return ""
}

// projectAssigneeType is the assigneeType a project answers.
func (c *call) projectAssigneeType() string {
	if c.s.cfg.leadAssignee {
		return "PROJECT_LEAD"
	}
	return "UNASSIGNED"
}
