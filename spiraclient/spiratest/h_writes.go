package spiratest

import "strings"

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
	if s.cfg.echoCreates {
		echo.IncidentId, echo.ProjectId = x.IncidentId, p.ProjectId
		c.ok(echo)
		return
	}
	c.ok(s.incidentOut(x))
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
	if in.IncidentTypeId == nil {
		in.IncidentTypeId = x.IncidentTypeId
	}
	if in.IncidentStatusId == nil {
		in.IncidentStatusId = x.IncidentStatusId
	}
	if msgs := s.validateIncident(p, &in); len(msgs) > 0 {
		writeFault(c.w, "The incident could not be updated.", msgs...)
		return
	}
	now := s.stampNow()
	keep := *x
	*x = in
	x.wArtifact = keep.updated(in.wArtifact, now)
	x.CreationDate, x.LastUpdateDate = keep.CreationDate, at(now)
	if x.OpenerId == nil {
		x.OpenerId = keep.OpenerId
	}
	noContent(c.w)
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
	indent := ""
	if c.r.PathValue("parent_requirement_id") != "" {
		parent, ok := pathArtifact(c, p.ProjectId, "parent_requirement_id", "parent requirement", s.st.requirement)
		if !ok {
			return
		}
		parent.Summary = true
		indent = parent.IndentLevel
	}
	if in.StatusId == nil {
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
	c.ok(s.requirementOut(x))
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
	if msgs := s.validateRequirement(p, &in); len(msgs) > 0 {
		writeFault(c.w, "The requirement could not be updated.", msgs...)
		return
	}
	now := s.stampNow()
	keep := *x
	*x = in
	x.wArtifact = keep.updated(in.wArtifact, now)
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
	indent := ""
	if c.r.PathValue("parent_release_id") != "" {
		parent, ok := pathArtifact(c, p.ProjectId, "parent_release_id", "parent release", s.st.release)
		if !ok {
			return
		}
		parent.Summary = true
		indent = parent.IndentLevel
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
	c.ok(s.releaseOut(x))
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
	if msgs := s.validateRelease(p, &in, *x.ReleaseId); len(msgs) > 0 {
		writeFault(c.w, "The release could not be updated.", msgs...)
		return
	}
	now := s.stampNow()
	keep := *x
	*x = in
	x.wArtifact = keep.updated(in.wArtifact, now)
	x.CreationDate, x.IndentLevel, x.Summary, x.CreatorId = keep.CreationDate, keep.IndentLevel, keep.Summary, keep.CreatorId
	x.LastUpdateDate = at(now)
	noContent(c.w)
}
