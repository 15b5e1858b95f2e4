package mapping

import (
	"fmt"
	"strings"
)

// Reading is one plug-in slot as Spira's screen labels it today and as
// the record's generation reads it, for the YAML comments, the doctor and
// the TUI.
type Reading struct {
	Key   string // the file key
	Label string // the label on the plug-in screen (plug-in 8.x)
	Value string // what the slot holds
	Means string // how it is read
}

// Readings lists the five slots in the order of the plug-in screen.
func (p Plugin) Readings() []Reading {
	s := p.Settings()
	return []Reading{
		{KeySpecialFields, LabelSpecialFields, p.Custom01, s.specialMeans()},
		{KeyTaskTypes, LabelTaskTypes, p.Custom02, s.taskMeans()},
		{KeySyncMode, LabelSyncMode, p.Custom03, s.Describe()},
		{KeyRequirementTypes, LabelRequirementTypes, p.Custom04, s.requirementMeans()},
		{KeyLinkType, LabelLinkType, p.Custom05, s.linkMeans()},
	}
}

func (s Settings) specialMeans() string {
	var parts []string
	if s.SeverityField != "" {
		parts = append(parts, "severity field "+s.SeverityField)
	}
	if s.EstimateField != "" {
		parts = append(parts, "estimate points field "+s.EstimateField)
	}
	if s.TimeTracking {
		parts = append(parts, "time tracking")
	}
	if len(parts) == 0 {
		return "no special fields"
	}
	return strings.Join(parts, ", ")
}

func (s Settings) taskMeans() string {
	switch {
	case s.SecurityLevel && s.Generation == GenerationLegacy:
		return "older plug-in's True: new issues get a security level; no tasks"
	case s.SecurityLevel:
		return "older plug-in's True: read as no task types"
	case len(s.TaskTypes) == 0:
		return "no tasks"
	}
	return fmt.Sprintf("issue types %s sync as tasks", strings.Join(s.TaskTypes, ", "))
}

func (s Settings) requirementMeans() string {
	switch {
	case s.Mode == ModeNoIncidents:
		return "ignored: requirements are the default artifact in NoIncidents"
	case s.Mode == ModeNoRequirements:
		return "ignored: no requirements in NoRequirements"
	case len(s.RequirementTypes) == 0:
		return "no requirements"
	}
	return fmt.Sprintf("issue types %s sync as requirements", strings.Join(s.RequirementTypes, ", "))
}

func (s Settings) linkMeans() string {
	if s.LinkType == "" {
		return "no links"
	}
	return fmt.Sprintf("associations become %q links", s.LinkType)
}
