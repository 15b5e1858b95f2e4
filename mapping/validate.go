package mapping

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Severity says whether a problem breaks the sync or only weakens it.
type Severity string

const (
	// Error: the sync will fail for some items, or write wrong data.
	Error Severity = "error"
	// Warning: the sync runs, but not as the administrator probably wants.
	Warning Severity = "warning"
)

// Rule names one check of Validate; it is stable, for scripts and tests.
type Rule string

// The checks Validate makes. Each Problem carries one of them.
const (
	RuleUnknownProject   Rule = "unknown-project"        // the Jira project key does not exist
	RuleUnmappedValue    Rule = "unmapped-value"         // an active Spira value has no Jira value
	RulePrimary          Rule = "primary"                // a Jira value without exactly one Primary Spira value
	RuleUnknownJiraID    Rule = "unknown-jira-id"        // a Jira ID that the project does not have
	RuleStatusNotInFlow  Rule = "status-not-in-workflow" // a status no workflow of the mapped issue types uses
	RuleSeverityOption   Rule = "severity-option"        // a severity name that is not an option of the severity field
	RulePropertyType     Rule = "property-type"          // a Jira field type that does not fit the Spira property type
	RulePropertyOption   Rule = "property-option"        // a list value that is not an option of the Jira field
	RuleSpecialValueID   Rule = "special-value-id"       // a Resolution or SecurityLevel value that is not an ID
	RuleUnknownUser      Rule = "unknown-user"           // a user mapping to an accountId or e-mail Jira does not know
	RuleHiddenEmail      Rule = "hidden-email"           // auto-map users while Jira users hide their e-mail
	RuleReleaseDuplicate Rule = "release-duplicate"      // an unmapped release whose version number is a Jira version name
	RuleProjectShared    Rule = "project-shared"         // two products mapped to one Jira project
	RuleProjectUnmapped  Rule = "project-unmapped"       // the product has no active Jira project key: nothing syncs
	RuleClockSkew        Rule = "clock-skew"             // Jira's clock behind Spira's by more than the time offset
	RuleWorkflowEditable Rule = "workflow-editable"      // Spira incidents editable after New while Jira is the master
)

// Section is the part of the mapping a problem is in.
type Section string

// The sections of a Product, as the TUI's Mapping screen lists them.
const (
	SectionPlugin     Section = "plugin"
	SectionProject    Section = "project"
	SectionUsers      Section = "users"
	SectionReleases   Section = "releases"
	SectionFields     Section = "fields"
	SectionProperties Section = "customProperties"
	SectionWorkflow   Section = "workflow"
)

// Location points at what a problem is about: a section, and in it a
// setting, a field, a property and a Spira row. Zero parts are unset.
type Location struct {
	Section  Section   `json:"section" yaml:"section"`
	Setting  string    `json:"setting,omitempty" yaml:"setting,omitempty"`
	Field    FieldKind `json:"field,omitempty" yaml:"field,omitempty"`
	Artifact Artifact  `json:"artifact,omitempty" yaml:"artifact,omitempty"`
	Property int       `json:"property,omitempty" yaml:"property,omitempty"`
	// Row is the Spira ID of the row (user, release or value), 0 for none.
	Row int `json:"row,omitempty" yaml:"row,omitempty"`
}

// String renders the location as a path, e.g. "fields/incident.status/5".
func (l Location) String() string {
	parts := []string{string(l.Section)}
	if l.Setting != "" {
		parts = append(parts, l.Setting)
	}
	if l.Field != "" {
		parts = append(parts, string(l.Field))
	}
	if l.Artifact != "" {
		parts = append(parts, fmt.Sprintf("%s/%d", l.Artifact, l.Property))
	}
	if l.Row != 0 {
		parts = append(parts, fmt.Sprint(l.Row))
	}
	return strings.Join(parts, "/")
}

// Problem is one finding of Validate.
type Problem struct {
	Rule     Rule     `json:"rule" yaml:"rule"`
	Severity Severity `json:"severity" yaml:"severity"`
	Location Location `json:"location" yaml:"location"`
	Message  string   `json:"message" yaml:"message"`
	Fix      string   `json:"fix" yaml:"fix"`
}

// HasErrors reports whether any problem is an Error.
func HasErrors(ps []Problem) bool {
	return slices.ContainsFunc(ps, func(p Problem) bool { return p.Severity == Error })
}

// ClockTolerance is how far the two clocks may drift beyond the time
// offset before Validate reports it.
const ClockTolerance = time.Minute

// Validate checks a product's mapping against the Jira project and the
// Spira product, following the guide: it returns every problem, errors
// (the sync will fail or corrupt data) and warnings (it will run, but not
// as intended), in a stable order. jira or spira may be nil; the checks
// that need them are then skipped.
func Validate(p *Product, jira *Jira, spira *SpiraLookups) []Problem {
	v := &validator{p: p, j: jira, s: spira}
	v.plugin()
	v.projectMapped()
	if jira != nil && jira.Key == "" {
		v.add(RuleUnknownProject, Error, Location{Section: SectionProject, Setting: "jiraKey"},
			fmt.Sprintf("Jira has no project with key %q, or the Jira login cannot browse it", p.Project.Key()),
			"Enter the key of an existing Jira project as \"Key in JIRA\", and check that the plug-in's login can browse it.")
		v.j = nil
	}
	v.project()
	v.spiraIDs()
	v.manyToOne()
	v.users()
	v.releases()
	v.fields()
	v.properties()
	v.workflow()
	return v.out
}

type validator struct {
	p   *Product
	j   *Jira
	s   *SpiraLookups
	out []Problem
}

func (v *validator) add(r Rule, sev Severity, loc Location, msg, fix string) {
	v.out = append(v.out, Problem{Rule: r, Severity: sev, Location: loc, Message: msg, Fix: fix})
}

func plugLoc(setting string) Location { return Location{Section: SectionPlugin, Setting: setting} }

func (v *validator) plugin() {
	pl := v.p.Plugin
	v.settings()
	if v.j == nil || v.j.Key == "" {
		return
	}
	if pl.AutoMapUsers {
		var hidden []string
		for _, u := range v.j.Users {
			if u.Active && !u.App && u.Email == "" {
				hidden = append(hidden, u.DisplayName)
			}
		}
		if len(hidden) > 0 {
			v.add(RuleHiddenEmail, Warning, plugLoc("autoMapUsers"),
				fmt.Sprintf("Auto-Map Users is on, but these Jira users hide their e-mail, so they cannot be matched: %s", strings.Join(hidden, ", ")),
				"Ask them to make their e-mail visible to Anyone in their Atlassian profile, or turn Auto-Map Users off and map users by accountId.")
		}
	}
	if v.s != nil && !v.s.ServerTime.IsZero() && !v.j.ServerTime.IsZero() {
		behind := v.s.ServerTime.Sub(v.j.ServerTime)
		if !v.s.ReadAt.IsZero() && !v.j.ReadAt.IsZero() {
			// Read at different moments: compare each clock with this
			// machine's at the time it was read.
			behind = v.s.ServerTime.Sub(v.s.ReadAt) - v.j.ServerTime.Sub(v.j.ReadAt)
		}
		allowed := time.Duration(pl.TimeOffsetHours) * time.Hour
		if behind > allowed+ClockTolerance {
			v.add(RuleClockSkew, Error, plugLoc("timeOffsetHours"),
				fmt.Sprintf("Jira's clock is %s behind Spira's but the time offset is %d h: changes made in Jira in that gap will be missed", behind.Round(time.Second), pl.TimeOffsetHours),
				fmt.Sprintf("Set Time Offset to at least %d.", int((behind+time.Hour-1)/time.Hour)))
		}
	}
}

func isSingleSelect(f *JiraField) bool {
	return f.Type == "option" && (strings.HasSuffix(f.CustomType, ":select") || strings.HasSuffix(f.CustomType, ":radiobuttons"))
}

func fieldTypeName(f *JiraField) string {
	if f.CustomType != "" {
		if _, t, ok := strings.Cut(f.CustomType, ":"); ok {
			return t
		}
		return f.CustomType
	}
	if f.Items != "" {
		return f.Type + " of " + f.Items
	}
	return f.Type
}

func findID(items []JiraItem, id string) *JiraItem {
	for i := range items {
		if items[i].ID == id {
			return &items[i]
		}
	}
	return nil
}

func findName(items []JiraItem, name string) *JiraItem {
	for i := range items {
		if strings.EqualFold(items[i].Name, name) {
			return &items[i]
		}
	}
	return nil
}

func itemNames(items []JiraItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Name
	}
	return out
}

// projectMapped says first when the product is not synced at all, since
// the warnings about its values then matter only once it is.
func (v *validator) projectMapped() {
	loc := Location{Section: SectionProject, Setting: "jiraKey"}
	fix := "Enter the key of the Jira project (as listed by 'spirajira jira projects') as the product's \"Key in JIRA\", with Active Flag = Yes."
	product := strings.TrimSpace(refName("", v.p.Project.Spira))
	switch key := v.p.Project.Key(); {
	case key == "":
		v.add(RuleProjectUnmapped, Warning, loc,
			fmt.Sprintf("Spira product %s is not mapped to a Jira project (no \"Key in JIRA\"): the plug-in syncs nothing for it", product), fix)
	case !v.p.Project.Active:
		v.add(RuleProjectUnmapped, Warning, loc,
			fmt.Sprintf("the mapping of Spira product %s to Jira project %s is not active: the plug-in syncs nothing for it", product, key), fix)
	}
}

func (v *validator) project() {
	if v.s == nil {
		return
	}
	key := v.p.Project.Key()
	if key == "" || !v.p.Project.Active {
		return
	}
	for _, l := range v.s.ProjectMappings {
		other := stripFull(l.JiraKey)
		if l.ProductID != v.p.Project.Spira.ID && strings.EqualFold(other, key) {
			v.add(RuleProjectShared, Error, Location{Section: SectionProject, Setting: "jiraKey"},
				fmt.Sprintf("Spira product %d is also mapped to Jira project %s: one Spira product maps to one Jira project, and two would create every issue twice", l.ProductID, key),
				fmt.Sprintf("Set the Active Flag of product %d's mapping to No, or map one of the two products to another Jira project.", l.ProductID))
		}
	}
}

func (v *validator) users() {
	if v.j == nil {
		return
	}
	for _, u := range v.p.Users {
		id := strings.TrimSpace(u.Jira.ID)
		if id == "" {
			continue
		}
		loc := Location{Section: SectionUsers, Row: u.Spira.ID}
		who := refName("Spira user", u.Spira)
		if strings.Contains(id, "@") {
			if !slices.ContainsFunc(v.j.Users, func(j JiraUser) bool { return strings.EqualFold(j.Email, id) }) {
				v.add(RuleUnknownUser, Error, loc,
					fmt.Sprintf("%s is mapped to %s, an e-mail that no Jira user shows (it may be hidden or unknown)", who, id),
					"Enter the user's Atlassian accountId instead (the Users tab); it works whatever the e-mail visibility.")
			}
			continue
		}
		if !slices.ContainsFunc(v.j.Users, func(j JiraUser) bool { return j.AccountID == id }) {
			v.add(RuleUnknownUser, Error, loc,
				fmt.Sprintf("%s is mapped to accountId %s, which is not a Jira user", who, id),
				"Enter the accountId shown in the Users tab for this person.")
		}
	}
}

func refName(what string, r Ref) string {
	if r.Name != "" {
		return fmt.Sprintf("%s %q (%d)", what, r.Name, r.ID)
	}
	return fmt.Sprintf("%s %d", what, r.ID)
}

func (v *validator) releases() {
	if v.j == nil {
		return
	}
	mappedVersions := map[string]bool{}
	for _, r := range v.p.Releases {
		if r.Jira.ID != "" {
			mappedVersions[r.Jira.ID] = true
		}
	}
	for _, r := range v.p.Releases {
		loc := Location{Section: SectionReleases, Row: r.Spira.ID}
		if r.Jira.ID != "" {
			if findID(v.j.Versions, r.Jira.ID) == nil {
				v.add(RuleUnknownJiraID, Warning, loc,
					fmt.Sprintf("%s is mapped to Jira version %s, which project %s does not have: the plug-in will drop this mapping and create a new version", refName("Release", r.Spira), r.Jira.ID, v.j.Key),
					"Enter the ID of the matching version (the Versions tab) as the release's Jira ID.")
			}
			continue
		}
		vn := strings.TrimSpace(r.VersionNumber)
		if vn == "" {
			continue
		}
		for _, jv := range v.j.Versions {
			if jv.Name == vn && !mappedVersions[jv.ID] {
				v.add(RuleReleaseDuplicate, Warning, loc,
					fmt.Sprintf("%s (version %s) is not mapped, and Jira already has version %q (%s): the first sync would try to create it again and fail, or duplicate it", refName("Release", r.Spira), vn, jv.Name, jv.ID),
					fmt.Sprintf("Map the release to Jira version %s (enter it as the release's Jira ID).", jv.ID))
			}
		}
	}
}

// jiraSet is the Jira items a field's values must come from.
func (v *validator) jiraSet(k FieldKind) []JiraItem {
	switch k {
	case IncidentType, RequirementType, TaskType:
		return v.j.IssueTypes
	case IncidentStatus, RequirementStatus, TaskStatus:
		return v.j.Statuses()
	case IncidentPriority, RequirementImportance, TaskPriority:
		return v.j.Priorities
	case IncidentComponent, RequirementComponent:
		return v.j.Components
	}
	return nil
}

// fieldUsed reports whether the plug-in reads a field's mapping at all.
func (v *validator) fieldUsed(k FieldKind) bool {
	s := v.p.Plugin.Settings()
	if k == IncidentSeverity {
		return s.SeverityField != "" && s.Flow(FlowIncidents) != Flow{}
	}
	if k.Task() {
		return len(v.p.Plugin.Settings().TaskTypes) > 0
	}
	if !k.Incident() {
		return s.Flow(FlowRequirements) != Flow{}
	}
	return s.Flow(FlowIncidents) != Flow{}
}

func (v *validator) fields() {
	for _, k := range FieldKinds {
		if !v.fieldUsed(k) {
			continue
		}
		fm := v.p.Field(k)
		var rows []ValueMapping
		if fm != nil {
			rows = fm.Values
		}
		v.unmapped(k, rows)
		v.primary(k, rows)
		if v.j != nil {
			v.jiraValues(k, rows)
		}
	}
}

func (v *validator) unmapped(k FieldKind, rows []ValueMapping) {
	if v.s == nil {
		return
	}
	// A warning, not an error: the plug-in logs the items it cannot map
	// and carries on, and leaving a value unmapped is also how an
	// administrator keeps it out of the sync.
	consequence := "the plug-in leaves this field empty for items with it"
	switch k {
	case IncidentType:
		consequence = "Spira incidents of this type are not sent to Jira (the plug-in logs an error for each)"
	case IncidentStatus:
		consequence = "Spira incidents in this status are not sent to Jira, and no Jira status comes back as it"
	case RequirementStatus, RequirementType:
		consequence = "the plug-in falls back to its default for requirements with it"
	}
	for _, sv := range v.s.Values[k] {
		if !sv.Active {
			continue
		}
		i := slices.IndexFunc(rows, func(r ValueMapping) bool { return r.Spira.ID == sv.ID })
		if i >= 0 && rows[i].ExternalKey(k.KeyedByName()) != "" {
			continue
		}
		v.add(RuleUnmappedValue, Warning, Location{Section: SectionFields, Field: k, Row: sv.ID},
			fmt.Sprintf("%s %q (%d) is not mapped to a Jira %s: %s", k.Label(), sv.Name, sv.ID, k.JiraKind(), consequence),
			fmt.Sprintf("Enter the Jira %s for %q, or make the value inactive in Spira if it is not used.", k.JiraKind(), sv.Name))
	}
}

func (v *validator) primary(k FieldKind, rows []ValueMapping) {
	groups := map[string][]ValueMapping{}
	var keys []string
	for _, r := range rows {
		// A status row may hold several Jira IDs: one Primary per ID.
		for _, key := range r.JiraIDs(k) {
			if _, ok := groups[key]; !ok {
				keys = append(keys, key)
			}
			groups[key] = append(groups[key], r)
		}
	}
	for _, key := range keys {
		g := groups[key]
		var prim, names []string
		for _, r := range g {
			names = append(names, spiraLabel(r.Spira))
			if r.Primary {
				prim = append(prim, spiraLabel(r.Spira))
			}
		}
		if len(prim) == 1 {
			continue
		}
		jl := jiraLabel(g[0].Jira)
		if k.ListsStatuses() {
			jl = key
		}
		loc := Location{Section: SectionFields, Field: k, Row: g[0].Spira.ID}
		if len(prim) == 0 {
			fix := fmt.Sprintf("Set Primary = Yes on exactly one of %s.", strings.Join(names, ", "))
			msg := fmt.Sprintf("%s: %s map to Jira %s with no Primary: changes from Jira to that value cannot come back to Spira", k.Label(), strings.Join(names, ", "), jl)
			if len(g) == 1 {
				fix = fmt.Sprintf("Set Primary = Yes on %s.", names[0])
				msg = fmt.Sprintf("%s: %s maps to Jira %s but is not Primary: changes from Jira to that value cannot come back to Spira", k.Label(), names[0], jl)
			}
			v.add(RulePrimary, Error, loc, msg, fix)
			continue
		}
		v.add(RulePrimary, Error, loc,
			fmt.Sprintf("%s: %s are all Primary for Jira %s: the way back from Jira is ambiguous", k.Label(), strings.Join(prim, ", "), jl),
			fmt.Sprintf("Keep Primary = Yes on one of %s and set the others to No.", strings.Join(prim, ", ")))
	}
}

func spiraLabel(r Ref) string {
	if r.Name != "" {
		return fmt.Sprintf("%q", r.Name)
	}
	return fmt.Sprint(r.ID)
}

func jiraLabel(j JiraRef) string {
	switch {
	case j.ID != "" && j.Name != "" && j.ID != j.Name:
		return fmt.Sprintf("%s (%s)", j.ID, j.Name)
	case j.ID != "":
		return j.ID
	}
	return fmt.Sprintf("%q", j.Name)
}

func (v *validator) jiraValues(k FieldKind, rows []ValueMapping) {
	if k == IncidentSeverity {
		v.severityOptions(rows)
		return
	}
	set := v.jiraSet(k)
	for _, r := range rows {
		for _, id := range r.JiraIDs(k) {
			v.jiraValue(k, set, r, id)
		}
	}
	if k == IncidentStatus || k == RequirementStatus || k == TaskStatus {
		v.statusWorkflows(k, rows)
	}
}

// jiraValue checks one Jira ID of a row of field k.
func (v *validator) jiraValue(k FieldKind, set []JiraItem, r ValueMapping, id string) {
	{
		loc := Location{Section: SectionFields, Field: k, Row: r.Spira.ID}
		if findID(set, id) != nil {
			return
		}
		if k == IncidentStatus || k == RequirementStatus || k == TaskStatus {
			if st := v.anyStatus(id); st != nil {
				v.add(RuleStatusNotInFlow, Warning, loc,
					fmt.Sprintf("%s %s maps to Jira status %s (%s), which no workflow of project %s uses", k.Label(), spiraLabel(r.Spira), id, st.Name, v.j.Key),
					"Pick a status of the workflows of the mapped issue types (the Issue Statuses tab), or add this status to them in Jira.")
				return
			}
		}
		fix := fmt.Sprintf("Enter the ID of a Jira %s of project %s.", k.JiraKind(), v.j.Key)
		if it := findName(set, id); it != nil {
			fix = fmt.Sprintf("%q is a name: enter its ID %s instead.", id, it.ID)
		}
		v.add(RuleUnknownJiraID, Error, loc,
			fmt.Sprintf("%s %s maps to Jira %s %q, which project %s does not have", k.Label(), spiraLabel(r.Spira), k.JiraKind(), id, v.j.Key), fix)
	}
}

// anyStatus finds a status of the site that the project's workflows do not
// use; Jira reports such statuses only if a workflow list is incomplete,
// so this looks in every workflow, including issue types not in the
// project list.
func (v *validator) anyStatus(id string) *JiraItem {
	for _, sts := range v.j.Workflows {
		if s := findID(sts, id); s != nil {
			return s
		}
	}
	return nil
}

// statusWorkflows checks that a mapped status is used by the workflow of an
// issue type the artifact is synced with.
func (v *validator) statusWorkflows(k FieldKind, rows []ValueMapping) {
	var types []string
	if k == IncidentStatus {
		if tf := v.p.Field(IncidentType); tf != nil {
			for _, r := range tf.Values {
				if r.Jira.ID != "" && !slices.Contains(types, r.Jira.ID) {
					types = append(types, r.Jira.ID)
				}
			}
		}
	} else if k == TaskStatus {
		types = v.p.Plugin.Settings().TaskTypes
	} else {
		types = v.p.Plugin.Settings().RequirementTypes
	}
	types = slices.DeleteFunc(types, func(t string) bool { return findID(v.j.IssueTypes, t) == nil })
	if len(types) == 0 {
		return
	}
	type rowID struct {
		r  ValueMapping
		id string
	}
	var ids []rowID
	for _, r := range rows {
		for _, id := range r.JiraIDs(k) {
			ids = append(ids, rowID{r, id})
		}
	}
	for _, ri := range ids {
		r, id := ri.r, ri.id
		if findID(v.j.Statuses(), id) == nil {
			continue
		}
		used := slices.ContainsFunc(types, func(t string) bool { return findID(v.j.Workflows[t], id) != nil })
		if used {
			continue
		}
		st := findID(v.j.Statuses(), id)
		var tn []string
		for _, t := range types {
			tn = append(tn, findID(v.j.IssueTypes, t).Name)
		}
		v.add(RuleStatusNotInFlow, Warning, Location{Section: SectionFields, Field: k, Row: r.Spira.ID},
			fmt.Sprintf("%s %s maps to Jira status %s (%s), which the workflows of the mapped issue types (%s) do not use: items can never reach it", k.Label(), spiraLabel(r.Spira), id, st.Name, strings.Join(tn, ", ")),
			"Pick a status that these issue types' workflows use, or add the status to their workflow in Jira.")
	}
}

func (v *validator) severityOptions(rows []ValueMapping) {
	f := v.j.FieldByID(v.p.Plugin.Settings().SeverityField)
	if f == nil || !isSingleSelect(f) {
		return // reported as severity-field
	}
	names := itemNames(f.Options)
	for _, r := range rows {
		if r.Jira.Name == "" || slices.Contains(names, r.Jira.Name) {
			continue
		}
		fix := fmt.Sprintf("Enter the exact name of an option of %s (%s): %s.", f.ID, f.Name, strings.Join(names, ", "))
		if s, ok := closest(r.Jira.Name, names); ok {
			fix = fmt.Sprintf("Did you mean %q? ", s) + fix
		}
		v.add(RuleSeverityOption, Error, Location{Section: SectionFields, Field: IncidentSeverity, Row: r.Spira.ID},
			fmt.Sprintf("Incident Severity %s maps to %q, which is not an option of the severity field %s (%s): Jira will refuse the issue", spiraLabel(r.Spira), r.Jira.Name, f.ID, f.Name),
			fix)
	}
}

// workflow follows the guide's advice: when Jira is the master of updates,
// Spira incidents should be read-only after "New".
func (v *validator) workflow() {
	st := v.p.Plugin.Settings()
	if v.s == nil || st.Flow(FlowIncidents).Update.ToJira() || st.Flow(FlowIncidents) == (Flow{}) {
		return
	}
	twoWay := `set Sync Mode to Bidirectional`
	if st.Generation == GenerationLegacy {
		twoWay = `set Sync Mode to Both`
	}
	type agg struct {
		typ      Ref
		statuses []string
		fields   []string
	}
	var order []int
	byType := map[int]*agg{}
	for _, w := range v.s.Workflows {
		if w.Initial || len(w.Editable) == 0 {
			continue
		}
		a := byType[w.Type.ID]
		if a == nil {
			a = &agg{typ: w.Type}
			byType[w.Type.ID] = a
			order = append(order, w.Type.ID)
		}
		a.statuses = append(a.statuses, w.Status.Name)
		for _, f := range w.Editable {
			if !slices.Contains(a.fields, f) {
				a.fields = append(a.fields, f)
			}
		}
	}
	for _, id := range order {
		a := byType[id]
		v.add(RuleWorkflowEditable, Warning, Location{Section: SectionWorkflow, Row: id},
			fmt.Sprintf("Incident type %s: fields %s stay editable in statuses %s, while Jira is the master of updates: edits made in Spira there will be overwritten",
				spiraLabel(a.typ), strings.Join(a.fields, ", "), strings.Join(a.statuses, ", ")),
			"In Spira's incident workflow for this type, mark these fields inactive for every status other than New (or "+twoWay+", if Spira's changes should go to Jira).")
	}
}
