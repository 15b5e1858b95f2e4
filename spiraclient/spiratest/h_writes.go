package spiratest

import (
	"net/http"
	"strings"
	"time"
)

// Spira answers a create with the object it received, the new ID and
// ProjectId filled in (F7): what the request left out comes back null or 0
// although Spira stored its defaults, and the ConcurrencyDate is the one
// sent. A client must read the artifact back for anything else.
//
// A status is written only when the template's Status Bulk Edit setting is
// on (F8): off, a create gets the default status (a release Planned) and an
// update keeps the old one, answering 200 all the same.
//
// Custom property values are written after the insert (F9): a create whose
// values fail validation answers 400 and leaves the artifact behind,
// without them.

func (s *Sim) createIncident(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wIncident
	if !c.decode(&in) {
		return
	}
	t := s.st.template(p.ProjectTemplateId)
	echo := in
	if in.IncidentStatusId != nil && t.statusBulkEditOff {
		in.IncidentStatusId = nil
	}
	if in.IncidentTypeId == nil {
		in.IncidentTypeId = ip(t.defaultType)
	}
	if in.IncidentStatusId == nil {
		in.IncidentStatusId = ip(t.defaultStatus)
	}
	if in.OpenerId == nil {
		in.OpenerId = ip(c.u.UserId)
	}
	if msgs := s.validateIncident(p, &in); len(msgs) > 0 {
		writeFault(c.w, "The incident could not be created.", msgs...)
		return
	}
	now := s.stampNow()
	x := &in
	x.IncidentId = ip(s.st.nextID("incident"))
	x.wArtifact = in.created(p.ProjectId, 3, now)
	if x.CreationDate == nil {
		x.CreationDate = at(now)
	}
	x.LastUpdateDate = at(now)
	s.st.incidents[p.ProjectId] = append(s.st.incidents[p.ProjectId], x)
	if !s.storeCPs(c, t, 3, &x.wArtifact, echo.CustomProperties) {
		return
	}
	echo.IncidentId, echo.ProjectId = x.IncidentId, p.ProjectId
	c.ok(echo)
}

func (s *Sim) updateIncident(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wIncident
	if !c.decode(&in) {
		return
	}
	x, ok := bodyArtifact(c, p.ProjectId, in.IncidentId, "incident", "IncidentId", s.st.incident)
	if !ok || stale(c, "incident", in.ConcurrencyDate, x.ConcurrencyDate) {
		return
	}
	t := s.st.template(p.ProjectTemplateId)
	if in.IncidentTypeId == nil {
		in.IncidentTypeId = x.IncidentTypeId
	}
	if in.IncidentStatusId == nil || t.statusBulkEditOff {
		in.IncidentStatusId = x.IncidentStatusId
	}
	if msgs := s.validateIncident(p, &in); len(msgs) > 0 {
		writeFault(c.w, "The incident could not be updated.", msgs...)
		return
	}
	if msg := incidentDatesWrong(&in, x.CreationDate); msg != "" {
		writeJSONString(c.w, http.StatusBadRequest, msg)
		return
	}
	cps := mergeCPs(t, 3, x.CustomProperties, in.CustomProperties)
	if msgs := s.validateCPs(t, 3, cps); len(msgs) > 0 {
		writeFault(c.w, "Validation Fault", msgs...)
		return
	}
	now := s.stampNow()
	keep := *x
	*x = in
	x.wArtifact = keep.updated(in.wArtifact, now)
	x.CustomProperties = cps
	x.CreationDate, x.LastUpdateDate = keep.CreationDate, at(now)
	if x.OpenerId == nil {
		x.OpenerId = keep.OpenerId
	}
	noContent(c.w)
}

// incidentDatesWrong is Spira's refusal of an incident update whose dates
// contradict its creation date, or whose completion is not a percentage
// (F10); create does not check. Days are UTC calendar days here: which zone
// Spira's date-only comparison uses is not known.
func incidentDatesWrong(x *wIncident, created *stamp) string {
	if created == nil {
		return ""
	}
	day := func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
	if x.ClosedDate != nil && day(x.ClosedDate.t).Before(day(created.t)) {
		return "The closed date cannot be before the date the incident was created."
	}
	if x.StartDate != nil && day(x.StartDate.t.Add(24*time.Hour)).Before(day(created.t)) {
		return "The start date cannot be before the date the incident was created."
	}
	if x.CompletionPercent < 0 || x.CompletionPercent > 100 {
		return "The completion percentage must be between 0 and 100."
	}
	return ""
}

// storeCPs writes the custom property values a create sent onto the new
// artifact a, after its insert. Values that fail validation answer 400 and
// are not stored; the artifact stays.
func (s *Sim) storeCPs(c *call, t *tpl, artifactType int, a *wArtifact, sent []wCPValue) bool {
	cps := mergeCPs(t, artifactType, nil, sent)
	if msgs := s.validateCPs(t, artifactType, cps); len(msgs) > 0 {
		writeFault(c.w, "Validation Fault", msgs...)
		return false
	}
	a.CustomProperties = cps
	return true
}

func (s *Sim) createRequirement(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wRequirement
	if !c.decode(&in) {
		return
	}
	t := s.st.template(p.ProjectTemplateId)
	echo := in
	indent := ""
	if c.r.PathValue("parent_requirement_id") != "" {
		parent, ok := pathArtifact(c, p.ProjectId, "parent_requirement_id", "parent requirement", s.st.requirement)
		if !ok {
			return
		}
		parent.Summary = true
		indent = parent.IndentLevel
	}
	if in.StatusId == nil || t.statusBulkEditOff {
		in.StatusId = ip(1)
	}
	if in.RequirementTypeId == nil {
		in.RequirementTypeId = ip(4)
	}
	if in.AuthorId == nil {
		in.AuthorId = ip(c.u.UserId)
	}
	if msgs := s.validateRequirement(p, &in); len(msgs) > 0 {
		writeFault(c.w, "The requirement could not be created.", msgs...)
		return
	}
	now := s.stampNow()
	x := &in
	x.RequirementId = ip(s.st.nextID("requirement"))
	x.wArtifact = in.created(p.ProjectId, 1, now)
	x.Summary = false
	x.IndentLevel = childIndent(s.st.requirements[p.ProjectId], indent, func(r *wRequirement) string { return r.IndentLevel })
	if x.CreationDate == nil {
		x.CreationDate = at(now)
	}
	x.LastUpdateDate = at(now)
	s.st.requirements[p.ProjectId] = append(s.st.requirements[p.ProjectId], x)
	if !s.storeCPs(c, t, 1, &x.wArtifact, echo.CustomProperties) {
		return
	}
	echo.RequirementId, echo.ProjectId = x.RequirementId, p.ProjectId
	c.ok(echo)
}

func (s *Sim) updateRequirement(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wRequirement
	if !c.decode(&in) {
		return
	}
	x, ok := bodyArtifact(c, p.ProjectId, in.RequirementId, "requirement", "RequirementId", s.st.requirement)
	if !ok || stale(c, "requirement", in.ConcurrencyDate, x.ConcurrencyDate) {
		return
	}
	t := s.st.template(p.ProjectTemplateId)
	if t.statusBulkEditOff {
		in.StatusId = x.StatusId
	}
	if msgs := s.validateRequirement(p, &in); len(msgs) > 0 {
		writeFault(c.w, "The requirement could not be updated.", msgs...)
		return
	}
	cps := mergeCPs(t, 1, x.CustomProperties, in.CustomProperties)
	if msgs := s.validateCPs(t, 1, cps); len(msgs) > 0 {
		writeFault(c.w, "Validation Fault", msgs...)
		return
	}
	now := s.stampNow()
	keep := *x
	*x = in
	x.wArtifact = keep.updated(in.wArtifact, now)
	x.CustomProperties = cps
	x.CreationDate, x.IndentLevel, x.Summary, x.LastUpdateDate = keep.CreationDate, keep.IndentLevel, keep.Summary, at(now)
	if x.AuthorId == nil {
		x.AuthorId = keep.AuthorId
	}
	noContent(c.w)
}

func (s *Sim) createRelease(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wRelease
	if !c.decode(&in) {
		return
	}
	t := s.st.template(p.ProjectTemplateId)
	echo := in
	indent := ""
	if c.r.PathValue("parent_release_id") != "" {
		parent, ok := pathArtifact(c, p.ProjectId, "parent_release_id", "parent release", s.st.release)
		if !ok {
			return
		}
		parent.Summary = true
		indent = parent.IndentLevel
	}
	if t.statusBulkEditOff {
		in.ReleaseStatusId = 1 // Planned
	}
	if msgs := s.validateRelease(p, &in, 0); len(msgs) > 0 {
		writeFault(c.w, "The release could not be created.", msgs...)
		return
	}
	now := s.stampNow()
	x := &in
	x.ReleaseId = ip(s.st.nextID("release"))
	x.wArtifact = in.created(p.ProjectId, 4, now)
	x.Summary = false
	x.VersionNumber = strings.TrimSpace(in.VersionNumber)
	x.IndentLevel = childIndent(s.st.releases[p.ProjectId], indent, func(r *wRelease) string { return r.IndentLevel })
	if x.CreatorId == nil {
		x.CreatorId = ip(c.u.UserId)
	}
	x.CreationDate, x.LastUpdateDate = at(now), at(now)
	s.st.releases[p.ProjectId] = append(s.st.releases[p.ProjectId], x)
	if !s.storeCPs(c, t, 4, &x.wArtifact, echo.CustomProperties) {
		return
	}
	echo.ReleaseId, echo.ProjectId = x.ReleaseId, p.ProjectId
	c.ok(echo)
}

func (s *Sim) updateRelease(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wRelease
	if !c.decode(&in) {
		return
	}
	x, ok := bodyArtifact(c, p.ProjectId, in.ReleaseId, "release", "ReleaseId", s.st.release)
	if !ok || stale(c, "release", in.ConcurrencyDate, x.ConcurrencyDate) {
		return
	}
	t := s.st.template(p.ProjectTemplateId)
	if t.statusBulkEditOff {
		in.ReleaseStatusId = x.ReleaseStatusId
	}
	if msgs := s.validateRelease(p, &in, *x.ReleaseId); len(msgs) > 0 {
		writeFault(c.w, "The release could not be updated.", msgs...)
		return
	}
	cps := mergeCPs(t, 4, x.CustomProperties, in.CustomProperties)
	if msgs := s.validateCPs(t, 4, cps); len(msgs) > 0 {
		writeFault(c.w, "Validation Fault", msgs...)
		return
	}
	now := s.stampNow()
	keep := *x
	*x = in
	x.wArtifact = keep.updated(in.wArtifact, now)
	x.CustomProperties = cps
	x.CreationDate, x.IndentLevel, x.Summary, x.CreatorId = keep.CreationDate, keep.IndentLevel, keep.Summary, keep.CreatorId
	x.LastUpdateDate = at(now)
	noContent(c.w)
}
