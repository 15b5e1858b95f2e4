package datasync

import (
	"context"
	"fmt"
	"time"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The requirement due date: the current plug-in copies Jira's due date into
// the requirement Date property whose External Key is duedate, from Jira
// only (incidents and tasks take it as their Start Date: keyDue). It is an
// extra field like the others (extras.go), under keyReqDue.

const keyReqDue = "reqdue"

// readRequirementProperties reads the requirement property definitions
// when the mapping has a due date property: a write names the property by
// its number, and a new requirement has no values to take it from.
func (e *Engine) readRequirementProperties(ctx context.Context, s *Snapshot) error {
	if m := s.Mapping.RequirementDueDate(); m == nil || m.Type != mapping.PropDate {
		return nil
	}
	defs, err := e.cfg.Spira.CustomProperties(ctx, s.TemplateID, mapping.ArtifactTypeRequirement)
	if err != nil {
		return fmt.Errorf("read requirement custom properties: %w", err)
	}
	s.RequirementProperties = defs
	return nil
}

// reqDueDef is the definition of the requirement due date property: nil
// when none is mapped, it is not a Date, or the template has no such
// property (the validator reports each).
func (p *planner) reqDueDef() *spiraclient.RemoteCustomProperty {
	m := p.ix.p.RequirementDueDate()
	if m == nil || m.Type != mapping.PropDate {
		return nil
	}
	for i := range p.s.RequirementProperties {
		if p.s.RequirementProperties[i].CustomPropertyID == m.Property.ID {
			return &p.s.RequirementProperties[i]
		}
	}
	return nil
}

// reqSide is requirementSide with the due date property, for the planner.
func (p *planner) reqSide(r *spiraclient.RemoteRequirement) spiraSide {
	sd := requirementSide(r)
	sd.due = p.reqDueDef()
	return sd
}

// reqDueSpira is the requirement's due date property as yyyy-mm-dd.
func reqDueSpira(sd spiraSide) string {
	if sd.props == nil || sd.due == nil {
		return ""
	}
	for _, cp := range *sd.props {
		if cp.PropertyNumber != sd.due.PropertyNumber {
			continue
		}
		if cp.DateTimeValue == nil || cp.DateTimeValue.IsZero() {
			return ""
		}
		return cp.DateTimeValue.UTC().Format(time.DateOnly)
	}
	return ""
}

// setReqDue writes a yyyy-mm-dd date ("" empties it) into the requirement's
// due date property.
func setReqDue(sd spiraSide, v string) {
	if sd.props == nil || sd.due == nil {
		return
	}
	d := sd.due
	cp := spiraclient.RemoteArtifactCustomProperty{PropertyNumber: d.PropertyNumber,
		Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: d.CustomPropertyID, ProjectTemplateID: d.ProjectTemplateID,
			ArtifactTypeID: d.ArtifactTypeID, Name: d.Name}}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		cp.DateTimeValue = spiraclient.TimePtr(t)
	}
	*sd.props = withProperty(*sd.props, cp)
}
