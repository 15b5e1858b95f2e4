package mapping

import (
	"fmt"
	"strings"
)

// KeyDueDate is the External Key of a requirement Date property that takes
// Jira's due date (Jira → Spira only): Jira's own field ID, matched in any
// case since the guide writes both duedate and DueDate.
const KeyDueDate = "duedate"

// Extra is one of what the plug-in syncs beyond the mapped fields, with
// whether the settings turn it on and what that means, or how to turn it on.
type Extra struct {
	Name  string `json:"name"`
	On    bool   `json:"on"`
	Means string `json:"means"`
}

// RequirementDueDate is the requirement property mapped to Jira's due date,
// or nil.
func (p *Product) RequirementDueDate() *PropertyMapping {
	for i, m := range p.CustomProperties {
		if m.Artifact == ArtifactRequirement && strings.EqualFold(strings.TrimSpace(m.Jira.ID), KeyDueDate) {
			return &p.CustomProperties[i]
		}
	}
	return nil
}

// Extras lists what syncs beyond the mapped fields with the product's
// settings: the mapping file, `mapping show` and the TUI say it the same way.
func (p *Product) Extras() []Extra {
	s := p.Plugin.Settings()
	reqs := s.Syncs(FlowRequirements)
	noReqs := "off: requirements do not sync in this Sync Mode or without Requirement Types"
	on := func(name, means string) Extra { return Extra{Name: name, On: true, Means: means} }
	off := func(name, why string) Extra { return Extra{Name: name, Means: "off: " + why} }

	var out []Extra
	if s.NoAttachments {
		out = append(out, off("Attachments", "NoAttachments is in "+LabelSyncMode))
	} else {
		out = append(out, on("Attachments", "files go across on create and update, each once"))
	}
	out = append(out, on("Tags ↔ labels", "Spira tags ↔ Jira labels (a tag with a space stays in Spira)"))
	switch {
	case s.EstimateField == "":
		out = append(out, off("Estimate points", "enter the Jira number field's ID as the second of "+LabelSpecialFields))
	case !reqs:
		out = append(out, Extra{Name: "Estimate points", Means: noReqs})
	default:
		out = append(out, on("Estimate points", "requirement Estimate Points ↔ Jira field "+s.EstimateField))
	}
	if s.TimeTracking {
		out = append(out, on("Time tracking", "Estimated and Remaining Effort ↔ Original Estimate and Time Remaining, Time Spent → Actual Effort (incidents, tasks)"))
	} else {
		out = append(out, off("Time tracking", "add timetracking to "+LabelSpecialFields))
	}
	out = append(out, on("Dates", "Start Date ↔ due date (incidents, tasks)"))
	switch due := p.RequirementDueDate(); {
	case due == nil:
		out = append(out, off("Requirement due date", "map a requirement Date property to the External Key "+KeyDueDate))
	case due.Type != PropDate:
		out = append(out, off("Requirement due date", fmt.Sprintf("%s is a %s property, not a Date", spiraLabel(due.Property), due.Type)))
	case !reqs:
		out = append(out, Extra{Name: "Requirement due date", Means: noReqs})
	default:
		out = append(out, on("Requirement due date", "Jira due date → requirement property "+spiraLabel(due.Property)+" (Jira → Spira only)"))
	}
	switch {
	case !s.Extended.SyncEpicStoryHierarchy:
		out = append(out, off("Epic/Story hierarchy", "Sync Epic/Story hierarchy is not Yes in plugin.extended (Spira's API cannot read it: the file declares it)"))
	case !reqs:
		out = append(out, Extra{Name: "Epic/Story hierarchy", Means: noReqs})
	default:
		out = append(out, on("Epic/Story hierarchy", "requirement parent ↔ Jira parent; shapes the other side cannot hold go to the root"))
	}
	if s.Extended.SkipComments {
		out = append(out, off("Comments", "Skip Comments is Yes"))
	} else {
		out = append(out, on("Comments", "new comments go across, each once"))
	}
	return out
}

// Summary is "on: what syncs" or "off: why".
func (e Extra) Summary() string {
	if e.On {
		return "on: " + e.Means
	}
	return e.Means
}
