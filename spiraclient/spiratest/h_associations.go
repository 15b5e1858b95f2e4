package spiratest

import (
	"fmt"
	"strings"
)

// The handlers of associations and URL documents of artifacts.

func (s *Sim) artifactName(pid, typ, id int) string {
	switch typ {
	case 1:
		if x := s.st.requirement(pid, id); x != nil {
			return x.Name
		}
	case 3:
		if x := s.st.incident(pid, id); x != nil {
			return x.Name
		}
	case 4:
		if x := s.st.release(pid, id); x != nil {
			return x.Name
		}
	case 6:
		if x := s.st.task(pid, id); x != nil {
			return x.Name
		}
	}
	return ""
}

var linkTypeNames = map[int]string{1: "Related-to", 2: "Depends-on", 3: "Implicit", 4: "Source Code Commit"}

func (s *Sim) listAssociations(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	typ, ok := c.pathInt("artifact_type_id")
	if !ok {
		return
	}
	id, ok := c.pathInt("artifact_id")
	if !ok {
		return
	}
	if !s.artifactExists(p.ProjectId, typ, id) {
		c.notFound(fmt.Sprintf("The artifact %d of type %d does not exist in the project.", id, typ))
		return
	}
	out := []wAssociation{}
	for _, a := range s.st.associations[p.ProjectId] {
		o := *a
		switch {
		case a.SourceArtifactTypeId == typ && a.SourceArtifactId == id:
		case a.DestArtifactTypeId == typ && a.DestArtifactId == id:
			// Seen from the destination, the other end is the source.
			o.DestArtifactId, o.DestArtifactTypeId = a.SourceArtifactId, a.SourceArtifactTypeId
			o.SourceArtifactId, o.SourceArtifactTypeId = a.DestArtifactId, a.DestArtifactTypeId
		default:
			continue
		}
		o.DestArtifactName = s.artifactName(p.ProjectId, o.DestArtifactTypeId, o.DestArtifactId)
		o.DestArtifactTypeName = artifactTypeName(o.DestArtifactTypeId)
		if u := s.st.user(derefInt(a.CreatorId)); u != nil {
			o.CreatorName = u.FullName
		}
		o.ArtifactLinkTypeName = linkTypeNames[a.ArtifactLinkTypeId]
		out = append(out, o)
	}
	c.ok(out)
}

func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func (s *Sim) createAssociation(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wAssociation
	if !c.decode(&in) {
		return
	}
	var msgs []wFaultMessage
	if !s.artifactExists(p.ProjectId, in.SourceArtifactTypeId, in.SourceArtifactId) {
		msgs = append(msgs, wFaultMessage{"SourceArtifactId", "The source artifact does not exist in the product."})
	}
	if !s.artifactExists(p.ProjectId, in.DestArtifactTypeId, in.DestArtifactId) {
		msgs = append(msgs, wFaultMessage{"DestArtifactId", "The destination artifact does not exist in the product."})
	}
	if linkTypeNames[in.ArtifactLinkTypeId] == "" {
		msgs = append(msgs, wFaultMessage{"ArtifactLinkTypeId", fmt.Sprintf("The link type %d does not exist.", in.ArtifactLinkTypeId)})
	}
	if refused(c, "The association could not be created.", msgs) {
		return
	}
	a := &wAssociation{}
	*a = in
	a.ArtifactLinkId = ip(s.st.nextID("association"))
	if a.CreatorId == nil {
		a.CreatorId = ip(c.u.UserId)
	}
	if a.CreationDate == nil {
		a.CreationDate = at(s.stampNow())
	}
	s.st.associations[p.ProjectId] = append(s.st.associations[p.ProjectId], a)
	o := *a
	o.DestArtifactName = s.artifactName(p.ProjectId, a.DestArtifactTypeId, a.DestArtifactId)
	o.DestArtifactTypeName = artifactTypeName(a.DestArtifactTypeId)
	o.ArtifactLinkTypeName = linkTypeNames[a.ArtifactLinkTypeId]
	c.ok(o)
}

func (s *Sim) addURLDocument(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var in wDocument
	if !c.decode(&in) {
		return
	}
	var msgs []wFaultMessage
	if strings.TrimSpace(in.FilenameOrUrl) == "" {
		msgs = append(msgs, wFaultMessage{"FilenameOrUrl", "The URL is required."})
	}
	for _, a := range in.AttachedArtifacts {
		if !s.artifactExists(p.ProjectId, a.ArtifactTypeId, a.ArtifactId) {
			msgs = append(msgs, wFaultMessage{"AttachedArtifacts", fmt.Sprintf("The artifact %d of type %d does not exist in the product.", a.ArtifactId, a.ArtifactTypeId)})
		}
	}
	if refused(c, "The document could not be added.", msgs) {
		return
	}
	now := s.stampNow()
	d := &wDocument{}
	*d = in
	d.AttachmentId = ip(s.st.nextID("document"))
	d.ProjectId, d.ArtifactTypeId, d.AttachmentTypeId, d.Size = p.ProjectId, 13, 2, 0
	if d.AuthorId == nil {
		d.AuthorId = ip(c.u.UserId)
	}
	d.UploadDate, d.EditedDate, d.CurrentVersion, d.AttachmentTypeName = at(now), at(now), "1.0", "URL"
	d.AuthorName = s.st.user(*d.AuthorId).FullName
	if d.AttachedArtifacts == nil {
		d.AttachedArtifacts = []wLinked{}
	}
	s.st.documents[p.ProjectId] = append(s.st.documents[p.ProjectId], d)
	c.ok(d)
}

func (s *Sim) artifactDocuments(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	typ, ok := c.pathInt("artifact_type_id")
	if !ok {
		return
	}
	id, ok := c.pathInt("artifact_id")
	if !ok {
		return
	}
	out := []wDocument{}
	for _, d := range s.st.documents[p.ProjectId] {
		for _, a := range d.AttachedArtifacts {
			if a.ArtifactTypeId == typ && a.ArtifactId == id {
				o := *d
				if u := s.st.user(derefInt(d.AuthorId)); u != nil {
					o.AuthorName = u.FullName
				}
				out = append(out, o)
				break
			}
		}
	}
	c.ok(out)
}
