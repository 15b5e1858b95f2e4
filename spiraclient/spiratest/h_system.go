package spiratest

import (
	"sort"
	"strconv"
	"strings"
)

func (s *Sim) routes() {
	s.handle("GET users", s.currentUser)
	s.handle("GET users/all", s.allUsers)
	s.handle("GET users/{user_id}", s.userByID)
	s.handle("GET users/usernames/{user_name}", s.userByName)
	s.handle("GET system/settings/server-date-time", s.serverDateTime)
	s.handle("GET system/settings/web-server-url", s.webServerURL)
	s.handle("GET system/settings/product-name", s.productName)
	s.handle("GET system/product-version", s.productVersion)
	// Spira's only read of the event log (F1); there is no GET system/events.
	s.handle("POST system/events/search", s.searchEvents)

	s.handle("GET projects", s.listProjects)
	s.handle("GET projects/{project_id}", s.getProject)
	s.handle("GET projects/{project_id}/users", s.projectUsers)
	s.handle("GET project-templates", s.listTemplates)
	s.handle("GET project-templates/{project_template_id}", s.getTemplate)
	s.handle("GET projects/{project_id}/components", s.listComponents)
	s.handle("GET projects/{project_id}/components/{component_id}", s.getComponent)
	s.handle("POST projects/{project_id}/components", s.createComponent)

	s.handle("GET project-templates/{project_template_id}/incidents/types", templateList(func(t *tpl) []wIncidentType { return t.incTypes }))
	s.handle("GET project-templates/{project_template_id}/incidents/types/default", s.defaultIncidentType)
	s.handle("GET project-templates/{project_template_id}/incidents/statuses", templateList(func(t *tpl) []wIncidentStatus { return t.incStatuses }))
	s.handle("GET project-templates/{project_template_id}/incidents/statuses/default", s.defaultIncidentStatus)
	s.handle("GET project-templates/{project_template_id}/incidents/priorities", s.scoredList("PriorityId", func(t *tpl) []wScored { return t.priorities }))
	s.handle("GET project-templates/{project_template_id}/incidents/severities", s.scoredList("SeverityId", func(t *tpl) []wScored { return t.severities }))
	s.handle("GET project-templates/{project_template_id}/requirements/importances", s.scoredList("ImportanceId", func(t *tpl) []wScored { return t.importances }))
	s.handle("GET project-templates/{project_template_id}/requirements/statuses", templateList(func(t *tpl) []wReqStatus { return t.reqStatuses }))
	s.handle("GET project-templates/{project_template_id}/requirements/types", templateList(func(t *tpl) []wReqType { return t.reqTypes }))
	s.handle("GET project-templates/{project_template_id}/releases/statuses", s.positioned("ReleaseStatusId", false, func(t *tpl) []wPositioned { return t.relStatuses }))
	s.handle("GET project-templates/{project_template_id}/releases/types", s.positioned("ReleaseTypeId", true, func(t *tpl) []wPositioned { return t.relTypes }))
	s.handle("GET projects/{project_id}/incidents/types/{incident_type_id}/workflow/transitions", s.transitions)
	s.handle("GET project-templates/{project_template_id}/incidents/types/{incident_type_id}/workflow/fields", workflowStates(func(t *tpl) map[int]map[int][]wWorkflowField { return t.fieldStates }))
	s.handle("GET project-templates/{project_template_id}/incidents/types/{incident_type_id}/workflow/custom-properties", workflowStates(func(t *tpl) map[int]map[int][]wWorkflowCP { return t.cpStates }))
	s.handle("GET project-templates/{project_template_id}/custom-properties/{artifact_type_name}", s.customProperties)
	s.handle("GET project-templates/{project_template_id}/custom-lists", s.customLists)
	s.handle("GET project-templates/{project_template_id}/custom-lists/{custom_list_id}", s.customList)

	s.artifactRoutes()
	s.documentRoutes()
	s.taskRoutes()
	s.syncRoutes()
}

func (s *Sim) userOut(u *user, withToken bool) wUser {
	out := u.wUser
	if withToken {
		out.RssToken = sp(u.token)
	}
	return out
}

func (s *Sim) currentUser(c *call) { c.ok(s.userOut(c.u, c.u.Admin)) }

func (s *Sim) allUsers(c *call) {
	if !c.requireAdmin() {
		return
	}
	// v6 takes no parameter here; v7 clients send these (F23).
	includeInactive, ok := c.optionalBool("include_inactive", true)
	if !ok {
		return
	}
	start, n, ok := c.optionalPaging("start_row", "number_rows")
	if !ok {
		return
	}
	var out []wUser
	for _, u := range s.st.users {
		if u.Active || includeInactive {
			out = append(out, s.userOut(u, true))
		}
	}
	c.ok(page(out, start, n))
}

func (s *Sim) userByID(c *call) {
	id, ok := c.pathInt("user_id")
	if !ok {
		return
	}
	u := s.st.user(id)
	if u == nil {
		c.notFound("The user " + strconv.Itoa(id) + " does not exist.")
		return
	}
	c.ok(s.userOut(u, c.u.Admin))
}

func (s *Sim) userByName(c *call) {
	name := c.r.PathValue("user_name")
	inactive, ok := c.requiredBool("include_inactive")
	if !ok {
		return
	}
	for _, u := range s.st.users {
		if strings.EqualFold(u.UserName, name) && (u.Active || inactive) {
			c.ok(s.userOut(u, c.u.Admin))
			return
		}
	}
	c.notFound("The user '" + name + "' does not exist.")
}

func (s *Sim) serverDateTime(c *call) { c.ok(stamp{s.now()}) }

func (s *Sim) webServerURL(c *call) {
	u := s.st.webServerURL
	if u == "" {
		scheme := "http"
		if c.r.TLS != nil {
			scheme = "https"
		}
		u = scheme + "://" + c.r.Host
	}
	c.ok(u)
}

func (s *Sim) productName(c *call)    { c.ok(s.st.productName) }
func (s *Sim) productVersion(c *call) { c.ok(s.st.version) }

func (s *Sim) listProjects(c *call) {
	out := []wProject{}
	for _, p := range s.st.projects {
		if c.u.Admin || s.st.isMember(p.ProjectId, c.u.UserId) {
			out = append(out, *p)
		}
	}
	c.ok(out)
}

func (s *Sim) getProject(c *call) {
	if p, ok := c.project(); ok {
		c.ok(p)
	}
}

func (s *Sim) projectUsers(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	out := []wProjectUser{}
	for _, m := range s.st.members[p.ProjectId] {
		u := s.st.user(m.userID)
		out = append(out, wProjectUser{wUser: s.userOut(u, false), ProjectId: p.ProjectId, ProjectRoleId: m.roleID, ProjectRoleName: m.roleName})
	}
	c.ok(out)
}

func (s *Sim) listTemplates(c *call) {
	out := []wTemplate{}
	for _, t := range s.st.templates {
		out = append(out, t.wTemplate)
	}
	c.ok(out)
}

func (s *Sim) getTemplate(c *call) {
	if t, ok := c.template(); ok {
		c.ok(t.wTemplate)
	}
}

func (s *Sim) listComponents(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	activeOnly, ok := c.requiredBool("active_only")
	if !ok {
		return
	}
	includeDeleted, ok := c.requiredBool("include_deleted")
	if !ok {
		return
	}
	out := []wComponent{}
	for _, x := range s.st.components[p.ProjectId] {
		if (activeOnly && !x.IsActive) || (!includeDeleted && x.IsDeleted) {
			continue
		}
		out = append(out, *x)
	}
	c.ok(out)
}

func (s *Sim) getComponent(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	id, ok := c.pathInt("component_id")
	if !ok {
		return
	}
	for _, x := range s.st.components[p.ProjectId] {
		if *x.ComponentId == id {
			c.ok(x)
			return
		}
	}
	c.notFound("The component " + strconv.Itoa(id) + " does not exist.")
}

func (s *Sim) createComponent(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wComponent
	if !c.decode(&in) {
		return
	}
	if strings.TrimSpace(in.Name) == "" {
		writeFault(c.w, "The component could not be created.", wFaultMessage{"Name", "The component name is required."})
		return
	}
	in.ComponentId = ip(s.st.nextID("component"))
	in.ProjectId = p.ProjectId
	s.st.components[p.ProjectId] = append(s.st.components[p.ProjectId], &in)
	c.ok(in)
}

// templateList serves one of the path's product template's lookup lists
// as the template holds it.
func templateList[T any](get func(*tpl) []T) handler {
	return func(c *call) {
		if t, ok := c.template(); ok {
			c.ok(get(t))
		}
	}
}

func (s *Sim) defaultIncidentType(c *call) {
	if t, ok := c.template(); ok {
		for _, x := range t.incTypes {
			if x.IncidentTypeId == t.defaultType {
				c.ok(x)
			}
		}
	}
}

func (s *Sim) defaultIncidentStatus(c *call) {
	if t, ok := c.template(); ok {
		for _, x := range t.incStatuses {
			if x.IncidentStatusId == t.defaultStatus {
				c.ok(x)
			}
		}
	}
}

// scoredList serves priorities, severities and importances, whose ID field
// name differs.
func (s *Sim) scoredList(idField string, get func(*tpl) []wScored) handler {
	return func(c *call) {
		t, ok := c.template()
		if !ok {
			return
		}
		out := []map[string]any{}
		for _, x := range get(t) {
			out = append(out, map[string]any{idField: x.id, "Name": x.Name, "Active": x.Active, "Color": x.Color, "Score": x.Score})
		}
		c.ok(out)
	}
}

func (s *Sim) positioned(idField string, workflow bool, get func(*tpl) []wPositioned) handler {
	return func(c *call) {
		t, ok := c.template()
		if !ok {
			return
		}
		out := []map[string]any{}
		for _, x := range get(t) {
			m := map[string]any{idField: x.id, "Name": x.Name, "Active": x.Active, "Position": x.Position}
			if workflow {
				m["WorkflowId"] = nil
			}
			out = append(out, m)
		}
		c.ok(out)
	}
}

// incidentWorkflow reads the incident type in the path and the status_id
// query of a workflow call and finds the type's workflow in t.
func (s *Sim) incidentWorkflow(c *call, t *tpl) (wf, status int, ok bool) {
	typeID, ok := c.pathInt("incident_type_id")
	if !ok {
		return 0, 0, false
	}
	if status, ok = c.requiredInt("status_id"); !ok {
		return 0, 0, false
	}
	for _, x := range t.incTypes {
		if x.IncidentTypeId == typeID {
			return x.WorkflowId, status, true
		}
	}
	c.notFound("The incident type " + strconv.Itoa(typeID) + " does not exist.")
	return 0, 0, false
}

func (s *Sim) transitions(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	t := s.st.template(p.ProjectTemplateId)
	wf, status, ok := s.incidentWorkflow(c, t)
	if !ok {
		return
	}
	detector, ok := c.requiredBool("is_detector")
	if !ok {
		return
	}
	owner, ok := c.requiredBool("isOwner")
	if !ok {
		return
	}
	out := []wTransition{}
	for _, tr := range t.transitions[wf] {
		if tr.IncidentStatusId_Input != status {
			continue
		}
		// Transitions limited to the detector or owner are offered only to
		// them; ones limited to neither are open to all project roles.
		if (tr.ExecuteByDetector || tr.ExecuteByOwner) && !((tr.ExecuteByDetector && detector) || (tr.ExecuteByOwner && owner)) && !c.u.Admin {
			continue
		}
		out = append(out, tr)
	}
	c.ok(out)
}

// workflowStates serves the field or custom property states of the
// path's incident type's workflow in the status_id status: an empty list
// where the workflow sets none.
func workflowStates[T any](get func(*tpl) map[int]map[int][]T) handler {
	return func(c *call) {
		t, ok := c.template()
		if !ok {
			return
		}
		if wf, status, ok := c.s.incidentWorkflow(c, t); ok {
			c.ok(append([]T{}, get(t)[wf][status]...))
		}
	}
}

func (s *Sim) customProperties(c *call) {
	t, ok := c.template()
	if !ok {
		return
	}
	at, found := artifactTypeByName(c.r.PathValue("artifact_type_name"))
	if !found {
		c.notAcceptable("The passed in 'artifact_type_name' needs to be a valid artifact type name")
		return
	}
	out := []wCPDef{}
	for _, d := range t.cps {
		if d.ArtifactTypeId == at && !d.IsDeleted {
			out = append(out, *d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PropertyNumber < out[j].PropertyNumber })
	c.ok(out)
}

func (s *Sim) customLists(c *call) {
	t, ok := c.template()
	if !ok {
		return
	}
	out := []wCustomList{}
	for _, l := range t.lists {
		// The list call returns the lists without their values.
		x := *l
		x.Values = nil
		out = append(out, x)
	}
	c.ok(out)
}

func (s *Sim) customList(c *call) {
	t, ok := c.template()
	if !ok {
		return
	}
	id, ok := c.pathInt("custom_list_id")
	if !ok {
		return
	}
	if l := s.st.list(t.ProjectTemplateId, id); l != nil {
		c.ok(l)
		return
	}
	c.notFound("The custom list " + strconv.Itoa(id) + " does not exist.")
}
