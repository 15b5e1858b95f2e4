package spiratest

import (
	"fmt"
	"net/http"
	"strings"
)

func (s *Sim) artifactRoutes() {
	s.handle("GET projects/{project_id}/incidents", s.recentIncidents)
	s.handle("GET projects/{project_id}/incidents/count", s.countIncidents)
	s.handle("GET projects/{project_id}/incidents/recent", s.newIncidents)
	s.handle("GET projects/{project_id}/incidents/search-by-ids", s.incidentsByIDs)
	s.handle("GET projects/{project_id}/incidents/search", s.searchIncidents)
	s.handle("POST projects/{project_id}/incidents/search", s.searchIncidents)
	s.handle("GET projects/{project_id}/incidents/{incident_id}", s.getIncident)
	s.handle("POST projects/{project_id}/incidents", s.createIncident)
	s.handle("PUT projects/{project_id}/incidents/{incident_id}", s.updateIncident)
	s.handle("GET projects/{project_id}/incidents/{incident_id}/comments", s.listComments(3, "incident_id"))
	s.handle("POST projects/{project_id}/incidents/{incident_id}/comments", s.addIncidentComments)

	s.handle("GET projects/{project_id}/requirements", s.listRequirements)
	s.handle("POST projects/{project_id}/requirements/search", s.searchRequirements)
	s.handle("GET projects/{project_id}/requirements/{requirement_id}", getArtifact(s, requirements, s.requirementOut))
	s.handle("POST projects/{project_id}/requirements", s.createRequirement)
	s.handle("POST projects/{project_id}/requirements/parent/{parent_requirement_id}", s.createRequirement)
	s.handle("PUT projects/{project_id}/requirements", s.updateRequirement)
	s.handle("GET projects/{project_id}/requirements/{requirement_id}/comments", s.listComments(1, "requirement_id"))
	s.handle("POST projects/{project_id}/requirements/{requirement_id}/comments", addOneComment(s, requirements))

	s.handle("GET projects/{project_id}/releases", s.listReleases)
	s.handle("POST projects/{project_id}/releases/search", s.searchReleases)
	s.handle("GET projects/{project_id}/releases/{release_id}", getArtifact(s, releases, s.releaseOut))
	s.handle("POST projects/{project_id}/releases", s.createRelease)
	s.handle("POST projects/{project_id}/releases/{parent_release_id}", s.createRelease)
	s.handle("PUT projects/{project_id}/releases", s.updateRelease)

	s.handle("GET projects/{project_id}/associations/{artifact_type_id}/{artifact_id}", s.listAssociations)
	s.handle("POST projects/{project_id}/associations", s.createAssociation)
	s.handle("POST projects/{project_id}/documents/url", s.addURLDocument)
	s.handle("GET projects/{project_id}/artifact-types/{artifact_type_id}/artifacts/{artifact_id}/documents", s.artifactDocuments)
}

// ---- what the artifact handlers share

// writeOut answers xs, each completed as Spira sends it.
func writeOut[T any](c *call, xs []*T, out func(*T) T) {
	res := make([]T, 0, len(xs))
	for _, x := range xs {
		res = append(res, out(x))
	}
	c.ok(res)
}

// pathArtifact finds the artifact whose ID is in the path parameter param,
// answering Spira's 404 when the product has none.
func pathArtifact[T any](c *call, pid int, param, noun string, find func(pid, id int) *T) (*T, bool) {
	id, ok := c.pathInt(param)
	if !ok {
		return nil, false
	}
	return findArtifact(c, pid, id, noun, find)
}

// bodyArtifact finds the artifact an update names by its ID field idField:
// Spira takes the ID from the body, not the URL.
func bodyArtifact[T any](c *call, pid int, id *int, noun, idField string, find func(pid, id int) *T) (*T, bool) {
	if id == nil {
		writeFault(c.w, "The "+noun+" could not be updated.", wFaultMessage{idField, idField + " is required."})
		return nil, false
	}
	return findArtifact(c, pid, *id, noun, find)
}

func findArtifact[T any](c *call, pid, id int, noun string, find func(pid, id int) *T) (*T, bool) {
	x := find(pid, id)
	if x == nil {
		c.notFound(fmt.Sprintf("The %s %d does not exist in the project.", noun, id))
		return nil, false
	}
	return x, true
}

// stale answers Spira's 409 when an update's ConcurrencyDate is not the
// stored one.
func stale(c *call, noun string, sent, stored *stamp) bool {
	if sent != nil && sent.t.Equal(stored.t) {
		return false
	}
	writeJSONString(c.w, http.StatusConflict, "The "+noun+" has been modified by another user since you retrieved it (ConcurrencyDate does not match). Retrieve it again and reapply your changes.")
	return true
}

// childIndent is the indent level of a new last child under parent ("" for
// the top level) among xs.
func childIndent[T any](xs []*T, parent string, indent func(*T) string) string {
	siblings := 0
	for _, x := range xs {
		if l := indent(x); len(l) == len(parent)+3 && strings.HasPrefix(l, parent) {
			siblings++
		}
	}
	return parent + indentSegment(siblings)
}

// indentSegment is the n-th three-letter indent segment (AAA, AAB, ...).
func indentSegment(n int) string {
	b := []byte{'A', 'A', 'A'}
	for i := 2; i >= 0 && n > 0; i-- {
		b[i] = byte('A' + n%26)
		n /= 26
	}
	return string(b)
}

// ---- incidents

func incidentID(x *wIncident) int { return *x.IncidentId }

func (s *Sim) incidentOut(x *wIncident) wIncident {
	o := *x
	st := s.st
	t := st.template(st.project(x.ProjectId).ProjectTemplateId)
	for _, v := range t.incTypes {
		if x.IncidentTypeId != nil && v.IncidentTypeId == *x.IncidentTypeId {
			o.IncidentTypeName = sp(v.Name)
		}
	}
	for _, v := range t.incStatuses {
		if x.IncidentStatusId != nil && v.IncidentStatusId == *x.IncidentStatusId {
			o.IncidentStatusName, o.IncidentStatusOpenStatus = sp(v.Name), v.Open
		}
	}
	o.PriorityName = scoredName(t.priorities, x.PriorityId)
	o.SeverityName = scoredName(t.severities, x.SeverityId)
	o.OpenerName, o.OwnerName = st.userName(x.OpenerId), st.userName(x.OwnerId)
	o.ProjectName = sp(st.project(x.ProjectId).Name)
	o.DetectedReleaseVersionNumber = s.versionNumber(x.ProjectId, x.DetectedReleaseId)
	o.ResolvedReleaseVersionNumber = s.versionNumber(x.ProjectId, x.ResolvedReleaseId)
	o.VerifiedReleaseVersionNumber = s.versionNumber(x.ProjectId, x.VerifiedReleaseId)
	o.CustomProperties = s.cpOut(t, 3, x.CustomProperties)
	if o.ComponentIds == nil {
		o.ComponentIds = []int{}
	}
	o.IsAttachments = s.hasDocuments(x.ProjectId, 3, *x.IncidentId)
	return o
}

func scoredName(list []wScored, id *int) *string {
	if id == nil {
		return nil
	}
	for _, v := range list {
		if v.id == *id {
			return sp(v.Name)
		}
	}
	return nil
}

func (s *Sim) versionNumber(pid int, id *int) *string {
	if id == nil {
		return nil
	}
	if r := s.st.release(pid, *id); r != nil {
		return sp(r.VersionNumber)
	}
	return nil
}

func (s *Sim) hasDocuments(pid, typ, id int) bool {
	for _, d := range s.st.documents[pid] {
		for _, a := range d.AttachedArtifacts {
			if a.ArtifactTypeId == typ && a.ArtifactId == id {
				return true
			}
		}
	}
	return false
}

func incidentField(x *wIncident, name string) fieldValue {
	switch name {
	case "IncidentId":
		return intField(x.IncidentId)
	case "IncidentTypeId":
		return intField(x.IncidentTypeId)
	case "IncidentStatusId":
		return intField(x.IncidentStatusId)
	case "PriorityId":
		return intField(x.PriorityId)
	case "SeverityId":
		return intField(x.SeverityId)
	case "OpenerId":
		return intField(x.OpenerId)
	case "OwnerId":
		return intField(x.OwnerId)
	case "DetectedReleaseId":
		return intField(x.DetectedReleaseId)
	case "ResolvedReleaseId":
		return intField(x.ResolvedReleaseId)
	case "VerifiedReleaseId":
		return intField(x.VerifiedReleaseId)
	// Spira's incident view has ComponentIds only; ComponentId is ignored.
	case "ComponentIds":
		return fieldValue{ints: x.ComponentIds, known: true}
	case "Name":
		return nameField(x.Name, x.Description)
	case "CreationDate":
		return dateField(x.CreationDate)
	case "LastUpdateDate":
		return dateField(x.LastUpdateDate)
	case "ClosedDate":
		return dateField(x.ClosedDate)
	case "StartDate":
		return dateField(x.StartDate)
	}
	if strings.HasPrefix(name, "Custom_") {
		return customField(name, x.CustomProperties)
	}
	return fieldValue{}
}

func (s *Sim) incidentByPath(c *call) (*wIncident, bool) {
	p, ok := c.project()
	if !ok {
		return nil, false
	}
	return pathArtifact(c, p.ProjectId, "incident_id", "incident", s.st.incident)
}

func (s *Sim) getIncident(c *call) {
	if x, ok := s.incidentByPath(c); ok {
		c.ok(s.incidentOut(x))
	}
}

// validateIncident checks references the way Spira's business layer does
// and returns the field messages of a ValidationFault.
func (s *Sim) validateIncident(p *wProject, x *wIncident) []wFaultMessage {
	t := s.st.template(p.ProjectTemplateId)
	var out []wFaultMessage
	if strings.TrimSpace(x.Name) == "" {
		out = append(out, wFaultMessage{"Name", "Name is a required field."})
	}
	if x.IncidentTypeId != nil && !hasID(len(t.incTypes), func(i int) int { return t.incTypes[i].IncidentTypeId }, *x.IncidentTypeId) {
		out = append(out, wFaultMessage{"IncidentTypeId", fmt.Sprintf("The incident type %d does not exist in this product's template.", *x.IncidentTypeId)})
	}
	if x.IncidentStatusId != nil && !hasID(len(t.incStatuses), func(i int) int { return t.incStatuses[i].IncidentStatusId }, *x.IncidentStatusId) {
		out = append(out, wFaultMessage{"IncidentStatusId", fmt.Sprintf("The incident status %d does not exist in this product's template.", *x.IncidentStatusId)})
	}
	if x.PriorityId != nil && scoredName(t.priorities, x.PriorityId) == nil {
		out = append(out, wFaultMessage{"PriorityId", fmt.Sprintf("The priority %d does not exist in this product's template.", *x.PriorityId)})
	}
	if x.SeverityId != nil && scoredName(t.severities, x.SeverityId) == nil {
		out = append(out, wFaultMessage{"SeverityId", fmt.Sprintf("The severity %d does not exist in this product's template.", *x.SeverityId)})
	}
	out = append(out, s.unknownUsers(idField{"OpenerId", x.OpenerId}, idField{"OwnerId", x.OwnerId})...)
	for _, f := range []idField{{"DetectedReleaseId", x.DetectedReleaseId}, {"ResolvedReleaseId", x.ResolvedReleaseId}, {"VerifiedReleaseId", x.VerifiedReleaseId}} {
		if f.id != nil && s.st.release(p.ProjectId, *f.id) == nil {
			out = append(out, wFaultMessage{f.name, fmt.Sprintf("The release %d does not exist in the product.", *f.id)})
		}
	}
	for _, id := range x.ComponentIds {
		found := false
		for _, cmp := range s.st.components[p.ProjectId] {
			found = found || *cmp.ComponentId == id
		}
		if !found {
			out = append(out, wFaultMessage{"ComponentIds", fmt.Sprintf("The component %d does not exist in the product.", id)})
		}
	}
	return out
}

// idField is an optional ID an artifact refers to, with its field name.
type idField struct {
	name string
	id   *int
}

// unknownUsers gives a ValidationFault message for each field that names a
// user who does not exist.
func (s *Sim) unknownUsers(fs ...idField) []wFaultMessage {
	var out []wFaultMessage
	for _, f := range fs {
		if f.id != nil && s.st.user(*f.id) == nil {
			out = append(out, wFaultMessage{f.name, fmt.Sprintf("The user %d does not exist.", *f.id)})
		}
	}
	return out
}

func hasID(n int, id func(int) int, want int) bool {
	for i := 0; i < n; i++ {
		if id(i) == want {
			return true
		}
	}
	return false
}

func (s *Sim) listComments(typ int, idName string) handler {
	return func(c *call) {
		p, ok := c.project()
		if !ok {
			return
		}
		id, ok := c.pathInt(idName)
		if !ok {
			return
		}
		if !s.artifactExists(p.ProjectId, typ, id) {
			c.notFound(fmt.Sprintf("The %s %d does not exist in the project.", strings.ToLower(artifactTypeName(typ)), id))
			return
		}
		out := []wComment{}
		for _, cm := range s.st.comments[artKey{typ, id}] {
			if !cm.IsDeleted {
				out = append(out, *cm)
			}
		}
		c.ok(out)
	}
}

func (s *Sim) artifactExists(pid, typ, id int) bool {
	switch typ {
	case 1:
		return s.st.requirement(pid, id) != nil
	case 3:
		return s.st.incident(pid, id) != nil
	case 4:
		return s.st.release(pid, id) != nil
	case 6:
		return s.st.task(pid, id) != nil
	}
	return false
}

func (s *Sim) addComment(c *call, typ, id int, in wComment) (wComment, []wFaultMessage) {
	if strings.TrimSpace(in.Text) == "" {
		return wComment{}, []wFaultMessage{{"Text", "The comment text is required."}}
	}
	uid := c.u.UserId
	if in.UserId != nil {
		if s.st.user(*in.UserId) == nil {
			return wComment{}, []wFaultMessage{{"UserId", fmt.Sprintf("The user %d does not exist.", *in.UserId)}}
		}
		uid = *in.UserId
	}
	cm := &wComment{CommentId: ip(s.st.nextID("comment")), ArtifactId: id, UserId: ip(uid), UserName: s.st.user(uid).FullName, Text: in.Text}
	if in.CreationDate != nil {
		cm.CreationDate = in.CreationDate
	} else {
		cm.CreationDate = at(s.stampNow())
	}
	s.st.comments[artKey{typ, id}] = append(s.st.comments[artKey{typ, id}], cm)
	return *cm, nil
}

func (s *Sim) addIncidentComments(c *call) {
	x, ok := s.incidentByPath(c)
	if !ok {
		return
	}
	var in []wComment
	if !c.decode(&in) {
		return
	}
	out := []wComment{}
	for _, cm := range in {
		added, msgs := s.addComment(c, 3, *x.IncidentId, cm)
		if refused(c, "The comment could not be added.", msgs) {
			return
		}
		out = append(out, added)
	}
	c.ok(out)
}

// ---- requirements

func requirementID(x *wRequirement) int { return *x.RequirementId }

func (s *Sim) requirementOut(x *wRequirement) wRequirement {
	o := *x
	st := s.st
	t := st.template(st.project(x.ProjectId).ProjectTemplateId)
	for _, v := range t.reqStatuses {
		if x.StatusId != nil && v.RequirementStatusId == *x.StatusId {
			o.StatusName = sp(v.Name)
		}
	}
	for _, v := range t.reqTypes {
		if x.RequirementTypeId != nil && v.RequirementTypeId == *x.RequirementTypeId {
			o.RequirementTypeName = sp(v.Name)
		}
	}
	o.ImportanceName = scoredName(t.importances, x.ImportanceId)
	o.AuthorName, o.OwnerName = st.userName(x.AuthorId), st.userName(x.OwnerId)
	o.ProjectName = sp(st.project(x.ProjectId).Name)
	o.ReleaseVersionNumber = s.versionNumber(x.ProjectId, x.ReleaseId)
	o.CustomProperties = s.cpOut(t, 1, x.CustomProperties)
	o.IsAttachments = s.hasDocuments(x.ProjectId, 1, *x.RequirementId)
	return o
}

func requirementField(x *wRequirement, name string) fieldValue {
	switch name {
	case "RequirementId":
		return intField(x.RequirementId)
	// The object's field is StatusId, but the filter is RequirementStatusId
	// (verified on a v7, F2); StatusId is no field of the view, so Spira
	// ignores a filter on it and answers every requirement.
	case "RequirementStatusId":
		return intField(x.StatusId)
	case "RequirementTypeId":
		return intField(x.RequirementTypeId)
	case "ImportanceId":
		return intField(x.ImportanceId)
	case "ReleaseId":
		return intField(x.ReleaseId)
	case "ComponentId":
		return intField(x.ComponentId)
	case "AuthorId":
		return intField(x.AuthorId)
	case "OwnerId":
		return intField(x.OwnerId)
	case "Name":
		return nameField(x.Name, x.Description)
	case "CreationDate":
		return dateField(x.CreationDate)
	case "LastUpdateDate":
		return dateField(x.LastUpdateDate)
	case "IndentLevel":
		return strField(x.IndentLevel)
	}
	if strings.HasPrefix(name, "Custom_") {
		return customField(name, x.CustomProperties)
	}
	return fieldValue{}
}

func (s *Sim) validateRequirement(p *wProject, x *wRequirement) []wFaultMessage {
	t := s.st.template(p.ProjectTemplateId)
	var out []wFaultMessage
	if strings.TrimSpace(x.Name) == "" {
		out = append(out, wFaultMessage{"Name", "Name is a required field."})
	}
	if x.StatusId != nil && !hasID(len(t.reqStatuses), func(i int) int { return t.reqStatuses[i].RequirementStatusId }, *x.StatusId) {
		out = append(out, wFaultMessage{"StatusId", fmt.Sprintf("The requirement status %d does not exist.", *x.StatusId)})
	}
	if x.RequirementTypeId != nil && !hasID(len(t.reqTypes), func(i int) int { return t.reqTypes[i].RequirementTypeId }, *x.RequirementTypeId) {
		out = append(out, wFaultMessage{"RequirementTypeId", fmt.Sprintf("The requirement type %d does not exist.", *x.RequirementTypeId)})
	}
	if x.ImportanceId != nil && scoredName(t.importances, x.ImportanceId) == nil {
		out = append(out, wFaultMessage{"ImportanceId", fmt.Sprintf("The importance %d does not exist.", *x.ImportanceId)})
	}
	if x.ReleaseId != nil && s.st.release(p.ProjectId, *x.ReleaseId) == nil {
		out = append(out, wFaultMessage{"ReleaseId", fmt.Sprintf("The release %d does not exist in the product.", *x.ReleaseId)})
	}
	out = append(out, s.unknownUsers(idField{"AuthorId", x.AuthorId}, idField{"OwnerId", x.OwnerId})...)
	return out
}

// ---- releases

func releaseID(x *wRelease) int { return *x.ReleaseId }

func (s *Sim) releaseOut(x *wRelease) wRelease {
	o := *x
	t := s.st.template(s.st.project(x.ProjectId).ProjectTemplateId)
	o.CreatorName, o.OwnerName = s.st.userName(x.CreatorId), s.st.userName(x.OwnerId)
	o.FullName = x.Name + " " + x.VersionNumber
	for _, v := range t.relStatuses {
		if v.id == x.ReleaseStatusId {
			o.ReleaseStatusName = v.Name
		}
	}
	for _, v := range t.relTypes {
		if v.id == x.ReleaseTypeId {
			o.ReleaseTypeName = v.Name
		}
	}
	o.Active = x.ReleaseStatusId <= 3
	o.CustomProperties = s.cpOut(t, 4, x.CustomProperties)
	return o
}

func releaseField(x *wRelease, name string) fieldValue {
	switch name {
	case "ReleaseId":
		return intField(x.ReleaseId)
	case "ReleaseStatusId":
		return intField(&x.ReleaseStatusId)
	case "ReleaseTypeId":
		return intField(&x.ReleaseTypeId)
	case "Name":
		return nameField(x.Name, x.Description)
	case "VersionNumber":
		return strField(x.VersionNumber)
	case "IndentLevel":
		return strField(x.IndentLevel)
	case "CreationDate":
		return dateField(x.CreationDate)
	case "LastUpdateDate":
		return dateField(x.LastUpdateDate)
	case "StartDate":
		return dateField(x.StartDate)
	case "EndDate":
		return dateField(x.EndDate)
	}
	return fieldValue{}
}

func (s *Sim) validateRelease(p *wProject, x *wRelease, self int) []wFaultMessage {
	var out []wFaultMessage
	if strings.TrimSpace(x.Name) == "" {
		out = append(out, wFaultMessage{"Name", "Name is a required field."})
	}
	vn := strings.TrimSpace(x.VersionNumber)
	switch {
	case vn == "":
		out = append(out, wFaultMessage{"VersionNumber", "Version Number is a required field."})
	case len([]rune(vn)) > 20:
		out = append(out, wFaultMessage{"VersionNumber", "Version Number can be at most 20 characters long."})
	default:
		for _, r := range s.st.releases[p.ProjectId] {
			if *r.ReleaseId != self && strings.EqualFold(r.VersionNumber, vn) {
				out = append(out, wFaultMessage{"VersionNumber", fmt.Sprintf("The version number %q is already used by release %d; version numbers must be unique in a product.", vn, *r.ReleaseId)})
			}
		}
	}
	if x.ReleaseStatusId < 1 || x.ReleaseStatusId > 6 {
		out = append(out, wFaultMessage{"ReleaseStatusId", fmt.Sprintf("The release status %d does not exist.", x.ReleaseStatusId)})
	}
	if x.ReleaseTypeId < 1 || x.ReleaseTypeId > 4 {
		out = append(out, wFaultMessage{"ReleaseTypeId", fmt.Sprintf("The release type %d does not exist.", x.ReleaseTypeId)})
	}
	// StartDate and EndDate are non-nullable DateTimes: one left out arrives
	// as .NET's default 0001-01-01, which Spira's database cannot store.
	if x.StartDate == nil || x.EndDate == nil || x.StartDate.t.Year() < 1753 || x.EndDate.t.Year() < 1753 {
		out = append(out, wFaultMessage{"StartDate", "Start Date and End Date are required."})
	} else if x.EndDate.t.Before(x.StartDate.t) {
		out = append(out, wFaultMessage{"EndDate", "The end date cannot be before the start date."})
	}
	return out
}
