package mapping

import (
	"fmt"
	"slices"
	"strings"
)

// The checks of what the estimate points and time tracking need on Jira's
// screens: the plug-in writes both on create and on edit, and Jira refuses
// a write of a field its screen lacks (the whole write, not the field).
const (
	RuleEstimateScreen Rule = "estimate-screen" // the estimate points field is not on a synced requirement type's create or edit screen
	RuleTimeTracking   Rule = "time-tracking"   // timetracking is set but Time tracking is not on a synced type's screens
)

func (v *validator) screens(s Settings) {
	if v.j == nil || v.j.Key == "" || v.j.CreateScreens == nil {
		return
	}
	loc := plugLoc(KeySpecialFields)
	if f := s.EstimateField; f != "" {
		if _, ok := customFieldNumber(f); ok && v.j.FieldByID(f) != nil {
			id := v.j.FieldByID(f).ID
			for _, typ := range s.RequirementTypes {
				if miss := v.missingOn(typ, id); len(miss) > 0 {
					v.add(RuleEstimateScreen, Error, loc,
						fmt.Sprintf("the estimate points field %s (%s) is not on the %s screen of issue type %s, a Requirement Type: Jira refuses the plug-in's writes of requirements of that type",
							id, v.j.FieldByID(f).Name, strings.Join(miss, " and "), v.typeLabel(typ)),
						fmt.Sprintf("In Jira, add %s to the create and edit screens of %s (Project settings > Issue types > %s, or the screen scheme), or enter 0 as the second of %s %s.",
							v.j.FieldByID(f).Name, v.typeLabel(typ), v.typeLabel(typ), LabelSpecialFields, v.screen(LabelSpecialFields)))
				}
			}
		}
	}
	if !s.TimeTracking {
		return
	}
	for _, typ := range v.syncedTypes(s) {
		if miss := v.missingOn(typ, "timetracking"); len(miss) > 0 {
			v.add(RuleTimeTracking, Error, loc,
				fmt.Sprintf("%s has timetracking, but Time tracking is not on the %s screen of issue type %s: estimates of its items cannot be written to Jira",
					LabelSpecialFields, strings.Join(miss, " and "), v.typeLabel(typ)),
				fmt.Sprintf("In Jira, turn time tracking on (Settings > Issues > Time tracking) and add Time tracking to the create and edit screens of %s, or remove timetracking from %s %s.",
					v.typeLabel(typ), LabelSpecialFields, v.screen(LabelSpecialFields)))
		}
	}
}

// missingOn names the screens of an issue type that lack a field: create,
// edit (when its edit screen was read).
func (v *validator) missingOn(typ, field string) []string {
	var miss []string
	if !slices.Contains(v.j.CreateScreens[typ], field) {
		miss = append(miss, "create")
	}
	if edit, ok := v.j.EditScreens[typ]; ok && !slices.Contains(edit, field) {
		miss = append(miss, "edit")
	}
	return miss
}

// syncedTypes are the Jira issue types the product syncs: the incident
// types of the mapping, the Requirement Types and the Task Types, each
// once, in that order.
func (v *validator) syncedTypes(s Settings) []string {
	var out []string
	if f := v.p.Field(IncidentType); f != nil && s.Mode != ModeNoIncidents {
		for _, r := range f.Values {
			out = append(out, r.Jira.ID)
		}
	}
	out = append(out, s.RequirementTypes...)
	out = append(out, s.TaskTypes...)
	out = slices.DeleteFunc(out, func(id string) bool { return id == "" || slices.Contains(s.Extended.TypesToSkip, id) })
	slices.Sort(out)
	return slices.Compact(out)
}
