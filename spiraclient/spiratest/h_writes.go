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
	p, t, in, ok := creating[wIncident](s, c)
	if !ok {
		return
	}
	echo := *in
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
	if refused(c, "The incident could not be created.", s.validateIncident(p, in)) {
		return
	}
	now := s.stampNow()
	createdAt(&in.CreationDate, &in.LastUpdateDate, now)
	insert(s, c, incidents, p, t, in, echo, now)
}

func (s *Sim) updateIncident(c *call) {
	p, t, in, x, ok := updating(s, c, incidents)
	if !ok {
		return
	}
	if in.IncidentTypeId == nil {
		in.IncidentTypeId = x.IncidentTypeId
	}
	if in.IncidentStatusId == nil || t.statusBulkEditOff {
		in.IncidentStatusId = x.IncidentStatusId
	}
	if refused(c, "The incident could not be updated.", s.validateIncident(p, in)) {
		return
	}
	if msg := incidentDatesWrong(in, x.CreationDate); msg != "" {
		writeJSONString(c.w, http.StatusBadRequest, msg)
		return
	}
	keep, now, ok := storeUpdate(s, c, incidents, t, in, x)
	if !ok {
		return
	}
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
	if refused(c, "Validation Fault", s.validateCPs(t, artifactType, cps)) {
		return false
	}
	a.CustomProperties = cps
	return true
}

// parentIndent is the indent level under which a create puts the new
// artifact: its parent's, named by the path parameter param, or the top
// level. The parent becomes a summary.
func parentIndent[T any](s *Sim, c *call, k kind[T], p *wProject, param string, indent func(*T) *string, summary func(*T) *bool) (string, bool) {
	if c.r.PathValue(param) == "" {
		return "", true
	}
	parent, ok := pathArtifact(c, p.ProjectId, param, "parent "+k.noun, k.finder(s))
	if !ok {
		return "", false
	}
	*summary(parent) = true
	return *indent(parent), true
}

func (s *Sim) createRequirement(c *call) {
	p, t, in, ok := creating[wRequirement](s, c)
	if !ok {
		return
	}
	echo := *in
	indent, ok := parentIndent(s, c, requirements, p, "parent_requirement_id",
		func(r *wRequirement) *string { return &r.IndentLevel }, func(r *wRequirement) *bool { return &r.Summary })
	if !ok {
		return
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
	if refused(c, "The requirement could not be created.", s.validateRequirement(p, in)) {
		return
	}
	now := s.stampNow()
	in.Summary = false
	in.IndentLevel = childIndent(s.st.requirements[p.ProjectId], indent, func(r *wRequirement) string { return r.IndentLevel })
	createdAt(&in.CreationDate, &in.LastUpdateDate, now)
	insert(s, c, requirements, p, t, in, echo, now)
}

func (s *Sim) updateRequirement(c *call) {
	p, t, in, x, ok := updating(s, c, requirements)
	if !ok {
		return
	}
	if t.statusBulkEditOff {
		in.StatusId = x.StatusId
	}
	if refused(c, "The requirement could not be updated.", s.validateRequirement(p, in)) {
		return
	}
	keep, now, ok := storeUpdate(s, c, requirements, t, in, x)
	if !ok {
		return
	}
	x.CreationDate, x.IndentLevel, x.Summary, x.LastUpdateDate = keep.CreationDate, keep.IndentLevel, keep.Summary, at(now)
	if x.AuthorId == nil {
		x.AuthorId = keep.AuthorId
	}
	noContent(c.w)
}

func (s *Sim) createRelease(c *call) {
	p, t, in, ok := creating[wRelease](s, c)
	if !ok {
		return
	}
	echo := *in
	indent, ok := parentIndent(s, c, releases, p, "parent_release_id",
		func(r *wRelease) *string { return &r.IndentLevel }, func(r *wRelease) *bool { return &r.Summary })
	if !ok {
		return
	}
	if t.statusBulkEditOff {
		in.ReleaseStatusId = 1 // Planned
	}
	if refused(c, "The release could not be created.", s.validateRelease(p, in, 0)) {
		return
	}
	now := s.stampNow()
	in.Summary = false
	in.VersionNumber = strings.TrimSpace(in.VersionNumber)
	in.IndentLevel = childIndent(s.st.releases[p.ProjectId], indent, func(r *wRelease) string { return r.IndentLevel })
	if in.CreatorId == nil {
		in.CreatorId = ip(c.u.UserId)
	}
	in.CreationDate, in.LastUpdateDate = at(now), at(now)
	insert(s, c, releases, p, t, in, echo, now)
}

func (s *Sim) updateRelease(c *call) {
	p, t, in, x, ok := updating(s, c, releases)
	if !ok {
		return
	}
	if t.statusBulkEditOff {
		in.ReleaseStatusId = x.ReleaseStatusId
	}
	if refused(c, "The release could not be updated.", s.validateRelease(p, in, *x.ReleaseId)) {
		return
	}
	keep, now, ok := storeUpdate(s, c, releases, t, in, x)
	if !ok {
		return
	}
	x.CreationDate, x.IndentLevel, x.Summary, x.CreatorId = keep.CreationDate, keep.IndentLevel, keep.Summary, keep.CreatorId
	x.LastUpdateDate = at(now)
	noContent(c.w)
}
