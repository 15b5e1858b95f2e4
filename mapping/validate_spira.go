package mapping

import (
	"fmt"
	"slices"
	"strings"
)

// The checks of the Spira side of the mapping and of the pairs the plug-in
// can hold only one way.
const (
	RuleUnknownSpiraID Rule = "unknown-spira-id" // a user, release, value or property ID that Spira does not have
	RuleManyToOne      Rule = "many-to-one"      // two Spira releases on one Jira version, or two Spira users on one Jira account
)

// spiraIDs checks every Spira ID of the file against what Spira holds. A
// row that maps to something is an error (push would write a mapping for
// nothing, the sync fails on it); a bare row is a warning. Lookups that
// were not read (nil) are not checked.
func (v *validator) spiraIDs() {
	if v.s == nil {
		return
	}
	unknown := func(loc Location, mapped bool, what, fix string) {
		sev := Warning
		msg := fmt.Sprintf("%s does not exist in Spira", what)
		if mapped {
			sev = Error
			msg += ": push would write a mapping for nothing and the sync cannot use it"
		}
		v.add(RuleUnknownSpiraID, sev, loc, msg, fix)
	}
	if v.s.Users != nil {
		for _, u := range v.p.Users {
			if !slices.ContainsFunc(v.s.Users, func(s SpiraUser) bool { return s.ID == u.Spira.ID }) {
				unknown(Location{Section: SectionUsers, Row: u.Spira.ID}, strings.TrimSpace(u.Jira.ID) != "",
					refName("Spira user", u.Spira)+" is not a member of product "+fmt.Sprint(v.p.Project.Spira.ID)+", or",
					"Use the ID of a user of the product (spirajira spira users), or remove the row.")
			}
		}
	}
	if v.s.Releases != nil {
		for _, r := range v.p.Releases {
			if !slices.ContainsFunc(v.s.Releases, func(s SpiraRelease) bool { return s.ID == r.Spira.ID }) {
				unknown(Location{Section: SectionReleases, Row: r.Spira.ID}, strings.TrimSpace(r.Jira.ID) != "",
					refName("Release", r.Spira)+" of product "+fmt.Sprint(v.p.Project.Spira.ID),
					"Use the ID of a release of the product (spirajira mapping pull lists them all), or remove the row.")
			}
		}
	}
	for _, fm := range v.p.Fields {
		known, read := v.s.Values[fm.Field]
		if !read {
			continue
		}
		for _, val := range fm.Values {
			if !slices.ContainsFunc(known, func(s SpiraValue) bool { return s.ID == val.Spira.ID }) {
				unknown(Location{Section: SectionFields, Field: fm.Field, Row: val.Spira.ID}, val.ExternalKey(fm.Field.KeyedByName()) != "",
					fmt.Sprintf("%s %s (%d)", fm.Field.Label(), spiraLabel(val.Spira), val.Spira.ID),
					fmt.Sprintf("Use one of Spira's %s values: %s.", fm.Field.Label(), valueList(known)))
			}
		}
	}
	if v.s.Properties == nil {
		return
	}
	for _, m := range v.p.CustomProperties {
		loc := Location{Section: SectionProperties, Artifact: m.Artifact, Property: m.Property.ID}
		i := slices.IndexFunc(v.s.Properties, func(s SpiraProperty) bool { return s.Artifact == m.Artifact && s.ID == m.Property.ID })
		if i < 0 {
			unknown(loc, strings.TrimSpace(m.Jira.ID) != "" || len(m.Values) > 0,
				fmt.Sprintf("%s custom property %s (%d)", titleCase(string(m.Artifact)), spiraLabel(m.Property), m.Property.ID),
				"Use the ID of one of the product's custom properties (spirajira mapping pull lists them), or remove the entry.")
			continue
		}
		sp := v.s.Properties[i]
		for _, val := range m.Values {
			if !slices.ContainsFunc(sp.Values, func(s SpiraValue) bool { return s.ID == val.Spira.ID }) {
				l := loc
				l.Row = val.Spira.ID
				unknown(l, val.ExternalKey(m.ValuesKeyedByName()) != "",
					fmt.Sprintf("Value %d of custom property %s", val.Spira.ID, spiraLabel(m.Property)),
					fmt.Sprintf("Use one of the property's values: %s.", valueList(sp.Values)))
			}
		}
	}
}

func valueList(vs []SpiraValue) string {
	if len(vs) == 0 {
		return "(none)"
	}
	var s []string
	for _, x := range vs {
		s = append(s, fmt.Sprintf("%s (%d)", x.Name, x.ID))
	}
	return strings.Join(s, ", ")
}

// manyToOne refuses what the plug-in keeps one to one: it holds a release
// mapping per Jira version and a user mapping per Jira account, and finds
// the Spira side from the Jira one, so a second Spira item on the same
// Jira item makes that look-up ambiguous.
func (v *validator) manyToOne() {
	seen := map[string]Ref{}
	for _, r := range v.p.Releases {
		id := strings.TrimSpace(r.Jira.ID)
		if id == "" {
			continue
		}
		if first, ok := seen[id]; ok {
			v.add(RuleManyToOne, Error, Location{Section: SectionReleases, Row: r.Spira.ID},
				fmt.Sprintf("%s and %s are both mapped to Jira version %s: the plug-in maps one release to one version", refName("Release", first), refName("release", r.Spira), jiraLabel(r.Jira)),
				"Map one of the two releases to another Jira version, or clear its Jira ID (the sync then creates a version for it).")
			continue
		}
		seen[id] = r.Spira
	}
	seen = map[string]Ref{}
	for _, u := range v.p.Users {
		id := v.accountOf(u.Jira.ID)
		if id == "" {
			continue
		}
		if first, ok := seen[id]; ok {
			v.add(RuleManyToOne, Error, Location{Section: SectionUsers, Row: u.Spira.ID},
				fmt.Sprintf("%s and %s are both mapped to the Jira account %s: the plug-in maps one Spira user to one Jira user", refName("Spira user", first), refName("Spira user", u.Spira), jiraLabel(u.Jira)),
				"Keep the Jira account on the user who works in Jira and clear it on the other.")
			continue
		}
		seen[id] = u.Spira
	}
}

// accountOf is the Jira account an ID or e-mail names, as one comparable
// key: an e-mail Jira shows becomes its accountId.
func (v *validator) accountOf(id string) string {
	id = strings.TrimSpace(id)
	if !strings.Contains(id, "@") {
		return id
	}
	if v.j != nil {
		if i := slices.IndexFunc(v.j.Users, func(j JiraUser) bool { return strings.EqualFold(j.Email, id) }); i >= 0 {
			return v.j.Users[i].AccountID
		}
	}
	return strings.ToLower(id)
}
