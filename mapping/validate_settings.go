package mapping

import (
	"fmt"
	"slices"
	"strings"
)

// The plug-in settings' checks. They read the slots with both generations'
// meanings (Settings): a value valid for either plug-in is never called an
// error, and a fix never asks to move a record from one generation to the
// other. An older plug-in's value is reported, as a warning, with how it is
// read today.

// The checks of the plug-in settings.
const (
	RuleSpecialFields    Rule = "special-fields"    // Jira Special Fields holds something other than field IDs and timetracking
	RuleSeverityField    Rule = "severity-field"    // the severity field is not a single-select custom field
	RuleEstimateField    Rule = "estimate-field"    // the estimate points field is not a number field
	RuleTaskTypes        Rule = "task-types"        // Task Types holds IDs that are not issue types of the project
	RuleSecurityLevel    Rule = "security-level"    // the older plug-in's security level without a SecurityLevel property
	RuleSyncMode         Rule = "sync-mode"         // Sync Mode holds a word the plug-in does not know
	RuleRequirementTypes Rule = "requirement-types" // Requirement Types holds IDs that are not issue types of the project
	RuleTypesToSkip      Rule = "types-to-skip"     // Types to Skip holds IDs that are not issue types of the project
	RuleIssueTypeTwice   Rule = "issue-type-twice"  // one issue type in two of Task Types, Requirement Types, Types to Skip
	RuleLinkType         Rule = "link-type"         // Link Type is not an issue link type name
	RuleLegacySetting    Rule = "legacy-setting"    // an older plug-in's value, and how it is read
)

// The plug-in slots' file keys (the older meanings: files with them exist)
// and their labels on the plug-in screen today.
const (
	KeySpecialFields    = "custom01SeverityField"
	KeyTaskTypes        = "custom02SecurityLevel"
	KeySyncMode         = "custom03SyncDirection"
	KeyRequirementTypes = "custom04RequirementIssueTypes"
	KeyLinkType         = "custom05LinkType"

	LabelSpecialFields    = "Jira Special Fields"
	LabelTaskTypes        = "Task Types"
	LabelSyncMode         = "Sync Mode"
	LabelRequirementTypes = "Requirement Types"
	LabelLinkType         = "Link Type"
)

const optionWords = OptionNoAttachments + ", " + OptionCreateReleasesOnly

func (v *validator) screen(label string) string {
	return fmt.Sprintf("(%s, box %s)", PluginScreen(v.p.Plugin.Name), label)
}

func (v *validator) settings() {
	pl := v.p.Plugin
	s := pl.Settings()
	v.syncMode(pl, s)
	v.specialFields(pl, s)
	v.taskTypes(pl, s)
	v.issueTypeLists(s)
	v.linkType(pl)
	v.screens(s)
}

func (v *validator) syncMode(pl Plugin, s Settings) {
	loc := plugLoc(KeySyncMode)
	if s.LegacyMode != "" {
		v.add(RuleLegacySetting, Warning, loc,
			fmt.Sprintf("%s is %q, the older plug-in's value: read as %s (plug-in 6.0 renamed True to NoRequirements and Both to Bidirectional); whether Inflectra's current plug-in still reads the old word is not known",
				LabelSyncMode, s.LegacyMode, s.Mode),
			fmt.Sprintf("Nothing to change for spirajira, which syncs as %s; the Event Log of Inflectra's data-sync service shows whether its plug-in reads the value the same way.", s.Mode))
	}
	words := splitWords(pl.Custom03)
	for _, w := range s.Unknown {
		msg := fmt.Sprintf("%s is %q: the plug-in does not know %q, and runs as %s without it", LabelSyncMode, strings.TrimSpace(pl.Custom03), w, s.Describe())
		fix := fmt.Sprintf("Enter one of %s, optionally followed by %s, comma-separated, in %s %s.", modeWords(), optionWords, LabelSyncMode, v.screen(LabelSyncMode))
		switch {
		case modeOf(w) != "" && len(words) > 0 && words[0] != w:
			fix = fmt.Sprintf("The mode comes first: enter %q. ", reorderMode(words, w)) + fix
		default:
			if sug, ok := suggestMode(w, s.Generation); ok {
				fix = fmt.Sprintf("Did you mean %q? ", sug) + fix
			}
		}
		v.add(RuleSyncMode, Error, loc, msg, fix)
	}
	if s.Mode == ModeNoIncidents && len(s.RequirementTypes) > 0 {
		v.add(RuleRequirementTypes, Warning, plugLoc(KeyRequirementTypes),
			fmt.Sprintf("%s lists %s, but in NoIncidents mode requirements are the default artifact and the plug-in ignores %s", LabelRequirementTypes, strings.Join(s.RequirementTypes, ", "), LabelRequirementTypes),
			fmt.Sprintf("Nothing is needed: every Jira type not in %s syncs as a requirement. Clear %s to say so %s.", LabelTaskTypes, LabelRequirementTypes, v.screen(LabelRequirementTypes)))
	}
}

func modeWords() string {
	ws := make([]string, len(Modes))
	for i, m := range Modes {
		ws[i] = string(m)
	}
	return strings.Join(ws, ", ")
}

func reorderMode(words []string, mode string) string {
	out := []string{string(modeOf(mode))}
	for _, w := range words {
		if w != mode {
			out = append(out, w)
		}
	}
	return strings.Join(out, ",")
}

// suggestMode proposes a word of the record's own generation for a typo.
func suggestMode(w string, g Generation) (string, bool) {
	switch Normalize(w) {
	case "both", "twoway", "full", "all", "bidirection", "bidi":
		if g == GenerationLegacy {
			return "Both", true
		}
		return string(ModeBidirectional), true
	case "none", "blank", "default", "standard":
		return string(ModeDefault), true
	}
	cands := []string{OptionNoAttachments, OptionCreateReleasesOnly}
	for _, m := range Modes {
		cands = append(cands, string(m))
	}
	if g == GenerationLegacy {
		cands = append(cands, "True", "Both")
	}
	return closest(w, cands)
}

func (v *validator) specialFields(pl Plugin, s Settings) {
	loc := plugLoc(KeySpecialFields)
	items := splitWords(pl.Custom01)
	var ids []string
	for _, it := range items {
		if strings.EqualFold(it, "timetracking") {
			continue
		}
		ids = append(ids, it)
		if _, ok := customFieldNumber(it); ok || it == "0" {
			continue
		}
		fix := fmt.Sprintf("Enter the severity field's ID and the estimate points field's ID as bare numbers, e.g. 10030,10034 (0 for none), and/or timetracking, in %s %s.", LabelSpecialFields, v.screen(LabelSpecialFields))
		if v.j != nil {
			if f := v.fieldByName(it); f != nil {
				fix = fmt.Sprintf("%q is a name: enter its ID %s instead. ", it, strings.TrimPrefix(f.ID, "customfield_")) + fix
			}
		}
		v.add(RuleSpecialFields, Error, loc,
			fmt.Sprintf("%s holds %q, which is not a Jira field ID (a number)", LabelSpecialFields, it), fix)
	}
	if len(ids) > 2 {
		v.add(RuleSpecialFields, Warning, loc,
			fmt.Sprintf("%s holds %d field IDs; the plug-in reads two, the severity field then the estimate points field, and ignores %s", LabelSpecialFields, len(ids), strings.Join(ids[2:], ", ")),
			fmt.Sprintf("Keep two IDs (0 for none) %s.", v.screen(LabelSpecialFields)))
	}
	if v.j == nil || v.j.Key == "" {
		return
	}
	if c := s.SeverityField; c != "" {
		if _, ok := customFieldNumber(c); ok {
			f := v.j.FieldByID(c)
			switch {
			case f == nil:
				v.add(RuleSeverityField, Error, loc,
					fmt.Sprintf("%s names %q as the severity field, which is not a Jira field the plug-in's login can see", LabelSpecialFields, c),
					fmt.Sprintf("Enter the ID of the Jira custom select list that holds severities (the Custom Fields tab) first in %s, or 0 for none %s.", LabelSpecialFields, v.screen(LabelSpecialFields)))
			case !f.Custom || !isSingleSelect(f):
				v.add(RuleSeverityField, Error, loc,
					fmt.Sprintf("%s names %s (%s) as the severity field, a %s field, not a single-select custom field: severities cannot be written to it", LabelSpecialFields, f.ID, f.Name, fieldTypeName(f)),
					fmt.Sprintf("Create a Jira custom field of type Select List (single choice) with the severity names and enter its ID first in %s %s.", LabelSpecialFields, v.screen(LabelSpecialFields)))
			}
		}
	}
	if c := s.EstimateField; c != "" {
		if _, ok := customFieldNumber(c); ok {
			f := v.j.FieldByID(c)
			switch {
			case f == nil:
				v.add(RuleEstimateField, Error, loc,
					fmt.Sprintf("%s names %q as the estimate points field, which is not a Jira field the plug-in's login can see", LabelSpecialFields, c),
					fmt.Sprintf("Enter the ID of a Jira number field (Story points, say) second in %s, or 0 for none %s.", LabelSpecialFields, v.screen(LabelSpecialFields)))
			case f.Type != "number":
				v.add(RuleEstimateField, Error, loc,
					fmt.Sprintf("%s names %s (%s) as the estimate points field, a %s field, not a number: the plug-in does not sync requirements' estimates then", LabelSpecialFields, f.ID, f.Name, fieldTypeName(f)),
					fmt.Sprintf("Enter the ID of a Jira number field (Story points, say) second in %s %s.", LabelSpecialFields, v.screen(LabelSpecialFields)))
			}
		}
	}
}

func (v *validator) fieldByName(name string) *JiraField {
	for i := range v.j.Fields {
		if strings.EqualFold(v.j.Fields[i].Name, name) && v.j.Fields[i].Custom {
			return &v.j.Fields[i]
		}
	}
	return nil
}

func (v *validator) taskTypes(pl Plugin, s Settings) {
	if !s.SecurityLevel {
		return
	}
	loc := plugLoc(KeyTaskTypes)
	c02 := strings.TrimSpace(pl.Custom02)
	if s.Generation == GenerationLegacy {
		v.add(RuleLegacySetting, Warning, loc,
			fmt.Sprintf("%s is %q, the older plug-in's switch for giving new Jira issues a security level: read as that, so no Spira tasks sync; the current plug-in sets the level from the incident property mapped to SecurityLevel, and what it makes of %q here is not known", LabelTaskTypes, c02, c02),
			"Nothing to change for spirajira, which reads it as the older plug-in did; the Event Log of Inflectra's data-sync service shows how its plug-in reads it.")
		if v.p.PropertyBySpecialKey(ArtifactIncident, KeySecurityLevel) == nil {
			v.add(RuleSecurityLevel, Error, loc,
				fmt.Sprintf("%s is %q (the older plug-in's security level) but no incident custom property is mapped to SecurityLevel: new issues cannot get a security level", LabelTaskTypes, c02),
				fmt.Sprintf("Create an incident custom property of type List holding the security levels, enter \"SecurityLevel\" as its External Key and the level IDs as its values; or clear %s %s.", LabelTaskTypes, v.screen(LabelTaskTypes)))
		}
		return
	}
	v.add(RuleLegacySetting, Warning, loc,
		fmt.Sprintf("%s is %q, the older plug-in's security-level switch, beside the current plug-in's settings (%s): read as no Task Types, so no Spira tasks sync; the security level comes from the incident property mapped to SecurityLevel", LabelTaskTypes, c02, s.Describe()),
		fmt.Sprintf("To sync tasks, enter the IDs of the Jira issue types to sync as tasks, comma-separated, in %s %s; otherwise nothing is needed.", LabelTaskTypes, v.screen(LabelTaskTypes)))
}

// issueTypeLists checks Task Types, Requirement Types and Types to Skip
// against the project's issue types, and that no type is in two of them.
func (v *validator) issueTypeLists(s Settings) {
	lists := []struct {
		rule  Rule
		key   string
		label string
		ids   []string
	}{
		{RuleTaskTypes, KeyTaskTypes, LabelTaskTypes, s.TaskTypes},
		{RuleRequirementTypes, KeyRequirementTypes, LabelRequirementTypes, s.RequirementTypes},
		{RuleTypesToSkip, "extended.typesToSkip", "Types to Skip", s.Extended.TypesToSkip},
	}
	in := map[string]string{}
	for _, l := range lists {
		for _, id := range l.ids {
			if other, ok := in[id]; ok && other != l.label {
				v.add(RuleIssueTypeTwice, Error, plugLoc(l.key),
					fmt.Sprintf("issue type %s is in both %s and %s: the plug-in cannot sync it as two artifacts", v.typeLabel(id), other, l.label),
					fmt.Sprintf("Keep it in one of the two lists %s.", v.screen(l.label)))
				continue
			}
			in[id] = l.label
		}
		if v.j == nil || v.j.Key == "" {
			continue
		}
		for _, id := range l.ids {
			if findID(v.j.IssueTypes, id) != nil {
				continue
			}
			fix := fmt.Sprintf("Enter only IDs of the project's issue types (the Issue Types tab), separated by commas, in %s %s.", l.label, v.screen(l.label))
			if it := findName(v.j.IssueTypes, id); it != nil {
				fix = fmt.Sprintf("%q is a name: enter its ID %s instead, in %s %s.", id, it.ID, l.label, v.screen(l.label))
			}
			v.add(l.rule, Error, plugLoc(l.key),
				fmt.Sprintf("%s lists %q, which is not an issue type ID of project %s", l.label, id, v.j.Key), fix)
		}
	}
}

func (v *validator) typeLabel(id string) string {
	if v.j != nil {
		if it := findID(v.j.IssueTypes, id); it != nil {
			return fmt.Sprintf("%s (%s)", id, it.Name)
		}
	}
	return id
}

func (v *validator) linkType(pl Plugin) {
	lt := strings.TrimSpace(pl.Custom05)
	if lt == "" || v.j == nil || v.j.Key == "" || slices.ContainsFunc(v.j.LinkTypes, func(it JiraItem) bool { return it.Name == lt }) {
		return
	}
	fix := fmt.Sprintf("Enter the exact name of a Jira issue link type in %s, or leave it blank %s.", LabelLinkType, v.screen(LabelLinkType))
	names := itemNames(v.j.LinkTypes)
	if it := findID(v.j.LinkTypes, lt); it != nil {
		fix = fmt.Sprintf("%q is an ID: enter the name %q instead. ", lt, it.Name) + fix
	} else if s, ok := closest(lt, names); ok {
		fix = fmt.Sprintf("Did you mean %q? ", s) + fix
	}
	v.add(RuleLinkType, Error, plugLoc(KeyLinkType),
		fmt.Sprintf("%s is %q, which is not an issue link type of this Jira site (it has %s)", LabelLinkType, lt, strings.Join(names, ", ")), fix)
}

// SlotLabel is a plug-in setting's label on Spira's screen today, for a
// file key; the key itself when it is not a slot.
func SlotLabel(key string) string {
	switch key {
	case KeySpecialFields:
		return LabelSpecialFields
	case KeyTaskTypes:
		return LabelTaskTypes
	case KeySyncMode:
		return LabelSyncMode
	case KeyRequirementTypes:
		return LabelRequirementTypes
	case KeyLinkType:
		return LabelLinkType
	}
	return key
}
