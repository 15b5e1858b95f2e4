package mapping

import (
	"fmt"
	"slices"
	"strings"
)

// The plug-in record's five Custom slots changed meaning between
// Inflectra's plug-in of 2020 (the older guide) and the current one (8.x on
// Spira 9.x): Custom 01 was the severity field and is now the Jira Special
// Fields, Custom 02 was "True" for a security level and is now the Task
// Types, Custom 03 was blank / True / Both and is now the Sync Mode with its
// options. Spira stores both in the same slots, so Settings tells them
// apart by the values.

// Generation is which plug-in's meanings a record's slots hold.
type Generation int

const (
	// GenerationCurrent is Inflectra's current plug-in (Sync Mode words,
	// Task Types, Special Fields). Values both plug-ins read alike (a
	// blank Sync Mode, one severity field ID) count as current.
	GenerationCurrent Generation = iota
	// GenerationLegacy is the plug-in of the older guide: Custom 03 True
	// or Both, Custom 02 True.
	GenerationLegacy
)

func (g Generation) String() string {
	if g == GenerationLegacy {
		return "older plug-in"
	}
	return "current plug-in"
}

// SyncMode is Custom 03's mode.
type SyncMode string

// The Sync Modes of the current plug-in.
const (
	ModeDefault        SyncMode = "Default"
	ModeBidirectional  SyncMode = "Bidirectional"
	ModeComplete       SyncMode = "Complete"
	ModeNoRequirements SyncMode = "NoRequirements"
	ModeNoIncidents    SyncMode = "NoIncidents"
)

// Modes lists the Sync Modes in the order the guide gives them.
var Modes = []SyncMode{ModeDefault, ModeBidirectional, ModeComplete, ModeNoRequirements, ModeNoIncidents}

// The options that may follow the mode in Custom 03.
const (
	OptionNoAttachments      = "NoAttachments"
	OptionCreateReleasesOnly = "createReleasesOnly"
)

// LegacyModes is the one table of how the older plug-in's Custom 03 values
// read in the current plug-in's terms: plug-in 6.0 (December 2023)
// renamed "True" to noRequirements and "Both" to Bidirectional (IN:8936).
var LegacyModes = map[string]SyncMode{
	"":     ModeDefault,
	"true": ModeNoRequirements,
	"both": ModeBidirectional,
}

// Settings are the plug-in record's Custom 01-05, read with the meanings of
// their generation.
type Settings struct {
	Generation Generation
	// Mode is the Sync Mode (a legacy value already read as its current
	// equivalent); LegacyMode is the legacy value as written ("True",
	// "Both"), empty otherwise.
	Mode       SyncMode
	LegacyMode string
	// NoAttachments and CreateReleasesOnly are Custom 03's options.
	NoAttachments      bool
	CreateReleasesOnly bool
	// Unknown lists the words of Custom 03 the plug-in does not know.
	Unknown []string

	// SeverityField and EstimateField are Jira custom field IDs ("" when
	// not synced): Custom 01, "severity,estimate" with 0 for none (one ID
	// in the older plug-in: severity only).
	SeverityField string
	EstimateField string
	// TimeTracking is "timetracking" in Custom 01.
	TimeTracking bool
	// TaskTypes are Custom 02's Jira issue-type IDs synced as Spira tasks
	// (current plug-in).
	TaskTypes []string
	// SecurityLevel is the older plug-in's Custom 02 True. The current
	// plug-in sets the level through the custom property mapped to
	// SecurityLevel whenever there is one.
	SecurityLevel bool
	// RequirementTypes are Custom 04's issue-type IDs synced as Spira
	// requirements; ignored in NoIncidents, where requirements are the
	// default artifact.
	RequirementTypes []string
	// LinkType is Custom 05, the name of the Jira issue link type.
	LinkType string
	// Extended are the settings no known REST call reads (Types to Skip,
	// Skip Comments, ...), as the mapping file declares them.
	Extended Extended
}

// Settings reads the record's slots.
func (p Plugin) Settings() Settings {
	s := Settings{LinkType: strings.TrimSpace(p.Custom05), RequirementTypes: splitIDs(p.Custom04), Extended: p.Extended}
	legacy := false
	current := false

	c03 := strings.TrimSpace(p.Custom03)
	if m, ok := LegacyModes[strings.ToLower(c03)]; ok && c03 != "" {
		s.Mode, s.LegacyMode, legacy = m, c03, true
	} else {
		s.Mode = ModeDefault
		for i, w := range splitWords(c03) {
			switch {
			case strings.EqualFold(w, OptionNoAttachments):
				s.NoAttachments, current = true, true
			case strings.EqualFold(w, OptionCreateReleasesOnly):
				s.CreateReleasesOnly, current = true, true
			case i == 0 && modeOf(w) != "":
				s.Mode, current = modeOf(w), true
			default:
				s.Unknown = append(s.Unknown, w)
			}
		}
	}

	c02 := strings.TrimSpace(p.Custom02)
	switch {
	case strings.EqualFold(c02, "true"):
		s.SecurityLevel, legacy = true, true
	case c02 != "":
		s.TaskTypes, current = splitIDs(c02), true
	}

	c01 := splitIDs(p.Custom01)
	for _, f := range c01 {
		if strings.EqualFold(f, "timetracking") {
			s.TimeTracking, current = true, true
		}
	}
	ids := slices.DeleteFunc(slices.Clone(c01), func(f string) bool { return strings.EqualFold(f, "timetracking") })
	if len(ids) > 1 || len(c01) > len(ids) {
		current = true
	}
	if len(ids) > 0 && ids[0] != "0" {
		s.SeverityField = ids[0]
	}
	if len(ids) > 1 && ids[1] != "0" {
		s.EstimateField = ids[1]
	}
	if legacy && !current {
		s.Generation = GenerationLegacy
	}
	return s
}

// Mixed reports whether the record holds values of both generations (a
// legacy Custom 02 True beside Sync Mode words, say): the current reading
// applies, and the legacy value has no effect.
func (p Plugin) Mixed() bool {
	s := p.Settings()
	if s.Generation == GenerationLegacy {
		return false
	}
	return s.SecurityLevel || s.LegacyMode != ""
}

func modeOf(w string) SyncMode {
	for _, m := range Modes {
		if strings.EqualFold(w, string(m)) {
			return m
		}
	}
	return ""
}

func splitWords(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func splitIDs(s string) []string { return splitWords(s) }

// Describe names the mode as the plan header and the doctor show it, e.g.
// "Bidirectional (current plug-in)" or "Bidirectional (older plug-in's
// Both)".
func (s Settings) Describe() string {
	mode := string(s.Mode)
	var opts []string
	if s.NoAttachments {
		opts = append(opts, OptionNoAttachments)
	}
	if s.CreateReleasesOnly {
		opts = append(opts, OptionCreateReleasesOnly)
	}
	if len(opts) > 0 {
		mode += ", " + strings.Join(opts, ", ")
	}
	if s.LegacyMode != "" {
		return fmt.Sprintf("%s (older plug-in's %s)", mode, s.LegacyMode)
	}
	return mode + " (" + s.Generation.String() + ")"
}

// Way is which way data flows: none, to Jira, to Spira, or both.
type Way uint8

// The ways.
const (
	WayNone    Way = 0
	WayToJira  Way = 1
	WayToSpira Way = 2
	WayBoth        = WayToJira | WayToSpira
)

// ToJira and ToSpira test one way.
func (w Way) ToJira() bool  { return w&WayToJira != 0 }
func (w Way) ToSpira() bool { return w&WayToSpira != 0 }

// Flow is how one kind of artifact syncs: which way new items are created
// and which way updates go.
type Flow struct {
	Create Way
	Update Way
}

// Synced kinds of artifact for Flow.
const (
	FlowReleases     = "releases"
	FlowRequirements = "requirements"
	FlowIncidents    = "incidents"
	FlowTasks        = "tasks"
)

// directionMatrix is the plug-in's direction matrix, mode by mode
// (reference: real-spira-2026 J9). Releases and versions go both ways in
// every mode; Default differs from Bidirectional only in incident updates.
var directionMatrix = map[SyncMode]map[string]Flow{
	ModeDefault: {
		FlowReleases:     {WayBoth, WayBoth},
		FlowRequirements: {WayToSpira, WayToSpira},
		FlowIncidents:    {WayBoth, WayToSpira},
		FlowTasks:        {WayToJira, WayToSpira},
	},
	ModeBidirectional: {
		FlowReleases:     {WayBoth, WayBoth},
		FlowRequirements: {WayToSpira, WayToSpira},
		FlowIncidents:    {WayBoth, WayBoth},
		FlowTasks:        {WayToJira, WayToSpira},
	},
	ModeComplete: {
		FlowReleases:     {WayBoth, WayBoth},
		FlowRequirements: {WayBoth, WayBoth},
		FlowIncidents:    {WayBoth, WayBoth},
		FlowTasks:        {WayBoth, WayBoth},
	},
	ModeNoRequirements: {
		FlowReleases:     {WayBoth, WayBoth},
		FlowRequirements: {WayNone, WayNone},
		FlowIncidents:    {WayToJira, WayToSpira},
		FlowTasks:        {WayToJira, WayToSpira},
	},
	ModeNoIncidents: {
		FlowReleases:     {WayBoth, WayBoth},
		FlowRequirements: {WayToSpira, WayToSpira},
		FlowIncidents:    {WayNone, WayNone},
		FlowTasks:        {WayToJira, WayToSpira},
	},
}

// Syncs reports whether artifacts of kind sync at all, either way.
func (s Settings) Syncs(kind string) bool { return s.Flow(kind) != (Flow{}) }

// Flow is how artifacts of kind (FlowReleases...) sync under these
// settings: the matrix of the mode, less what the other settings turn off
// (no Task Types: no tasks; no Requirement Types outside NoIncidents: no
// requirements; createReleasesOnly: no release updates).
func (s Settings) Flow(kind string) Flow {
	f := directionMatrix[s.Mode][kind]
	switch kind {
	case FlowTasks:
		if len(s.TaskTypes) == 0 {
			return Flow{}
		}
	case FlowRequirements:
		if len(s.RequirementTypes) == 0 && s.Mode != ModeNoIncidents {
			return Flow{}
		}
	case FlowReleases:
		if s.CreateReleasesOnly {
			f.Update = WayNone
		}
	}
	return f
}
