package mapping

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The editing rules of a mapping, shared by the TUI's Mapping screen and
// "spirajira mapping edit": which values a row may take, setting a row's
// Jira side, the Primary flag and the plug-in settings. Every row is
// addressed by a Location, as Validate, Diff and Automap report them.

// Choice is one value a row may take: the ID written to the mapping, the
// name shown beside it and a hint.
type Choice struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Hint string `json:"hint,omitempty"`
}

// ErrNoRow is returned for a Location that names no row of the mapping.
var ErrNoRow = errors.New("no such row in the mapping")

// ParseLocation reads a row address as Location.String writes it:
// "plugin/custom03SyncDirection", "project/jiraKey", "users/5",
// "releases/3", "fields/incident.status/4", "customProperties/incident/12"
// (the property) or "customProperties/incident/12/4" (one of its values).
func ParseLocation(s string) (Location, error) {
	parts := strings.Split(strings.Trim(strings.TrimSpace(s), "/"), "/")
	bad := func(form string) (Location, error) {
		return Location{}, fmt.Errorf("%q is not a mapping row: write it as %s", s, form)
	}
	num := func(p string) (int, bool) {
		n, err := strconv.Atoi(p)
		return n, err == nil && n > 0
	}
	switch Section(parts[0]) {
	case SectionPlugin:
		if len(parts) != 2 {
			return bad("plugin/SETTING, e.g. plugin/" + KeySyncMode)
		}
		return Location{Section: SectionPlugin, Setting: parts[1]}, nil
	case SectionProject:
		if len(parts) > 2 || (len(parts) == 2 && parts[1] != "jiraKey") {
			return bad("project/jiraKey")
		}
		return Location{Section: SectionProject, Setting: "jiraKey"}, nil
	case SectionUsers, SectionReleases:
		if len(parts) != 2 {
			return bad(parts[0] + "/SPIRA_ID, e.g. " + parts[0] + "/5")
		}
		id, ok := num(parts[1])
		if !ok {
			return bad(parts[0] + "/SPIRA_ID, e.g. " + parts[0] + "/5")
		}
		return Location{Section: Section(parts[0]), Row: id}, nil
	case SectionFields:
		if len(parts) != 3 || !FieldKind(parts[1]).Known() {
			return bad("fields/FIELD/SPIRA_ID, e.g. fields/incident.status/4, FIELD one of " + fieldKindList())
		}
		id, ok := num(parts[2])
		if !ok {
			return bad("fields/FIELD/SPIRA_ID, e.g. fields/incident.status/4")
		}
		return Location{Section: SectionFields, Field: FieldKind(parts[1]), Row: id}, nil
	case SectionProperties:
		form := "customProperties/ARTIFACT/PROPERTY_ID[/VALUE_ID], e.g. customProperties/incident/12 or customProperties/incident/12/4"
		if len(parts) < 3 || len(parts) > 4 {
			return bad(form)
		}
		a := Artifact(parts[1])
		if a != ArtifactIncident && a != ArtifactRequirement {
			return bad(form)
		}
		prop, ok := num(parts[2])
		if !ok {
			return bad(form)
		}
		loc := Location{Section: SectionProperties, Artifact: a, Property: prop}
		if len(parts) == 4 {
			if loc.Row, ok = num(parts[3]); !ok {
				return bad(form)
			}
		}
		return loc, nil
	}
	return Location{}, fmt.Errorf("%q is not a mapping row: it starts with plugin, project, users, releases, fields or customProperties", s)
}

func fieldKindList() string {
	var ks []string
	for _, k := range FieldKinds {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}

// SettingInput says how a plug-in setting is entered: picked from Choices,
// or typed (then Hint says what to type).
func SettingInput(key string) (hint string, typed bool) {
	hint, typed = typedSettings[key]
	return hint, typed
}

// typedSettings are the plug-in settings typed rather than picked, with
// what to type.
var typedSettings = map[string]string{
	"caption":           "the plug-in's caption in Spira's list",
	"description":       "a description of the plug-in record",
	"url":               "the Jira site the plug-in connects to: https://your-site.atlassian.net",
	"login":             "the Jira account's e-mail address the plug-in signs in with",
	"timeOffsetHours":   "hours between Spira's and Jira's clocks: 0, or e.g. 5 or -3",
	KeySpecialFields:    "severityFieldId,estimatePointsFieldId (0 skips one), and/or timetracking: e.g. 10001,10033 or 10001,0,timetracking",
	KeyTaskTypes:        "Jira issue-type IDs synced as Spira tasks, comma-separated (blank: no tasks), e.g. 10002,10003",
	KeyRequirementTypes: "Jira issue-type IDs synced as Spira requirements, comma-separated (blank: none), e.g. 10001",
	"typesToSkip":       "Jira issue-type IDs never synced, comma-separated",
}

// Choices lists the values the row at loc may take, the first being "none"
// where a row may be left unmapped. It is nil when the choices need the
// Jira catalog and jira is nil, for typed settings, and for a Location that
// names no row.
func (p *Product) Choices(loc Location, jira *Jira, lookups *SpiraLookups) []Choice {
	if loc.Section == SectionPlugin {
		return pluginChoices(p.Plugin, loc.Setting, jira)
	}
	j := jira
	if j == nil {
		return nil
	}
	switch loc.Section {
	case SectionProject:
		return []Choice{{ID: j.Key, Name: j.Key, Hint: j.Name}}
	case SectionUsers:
		out := []Choice{noneChoice}
		for _, u := range j.Users {
			hint := u.Email
			if hint == "" {
				hint = "e-mail hidden"
			}
			out = append(out, Choice{ID: u.AccountID, Name: u.DisplayName, Hint: hint})
		}
		return out
	case SectionReleases:
		return itemChoices(j.Versions)
	case SectionFields:
		switch loc.Field.JiraKind() {
		case "issue type":
			return itemChoices(j.IssueTypes)
		case "status":
			return itemChoices(j.Statuses())
		case "priority":
			return itemChoices(j.Priorities)
		case "component":
			return itemChoices(j.Components)
		}
		if f := j.FieldByID(p.Plugin.Settings().SeverityField); f != nil {
			return itemChoices(f.Options)
		}
		return nil
	case SectionProperties:
		if loc.Row == 0 {
			out := []Choice{noneChoice}
			for _, key := range SpecialKeys {
				out = append(out, Choice{ID: key, Name: key, Hint: "special key"})
			}
			for _, f := range j.Fields {
				if f.Custom {
					out = append(out, Choice{ID: f.ID, Name: f.Name, Hint: f.Type})
				}
			}
			return out
		}
		m := p.Property(loc.Artifact, loc.Property)
		if m == nil {
			return nil
		}
		switch m.Special() {
		case KeyResolution:
			return itemChoices(j.Resolutions)
		case KeySecurityLevel:
			return itemChoices(j.SecurityLevels)
		}
		if f := j.FieldByID(m.Jira.ID); f != nil {
			return itemChoices(f.Options)
		}
	}
	return nil
}

var noneChoice = Choice{ID: "", Name: "(none)", Hint: "leave unmapped"}

func itemChoices(set []JiraItem) []Choice {
	out := []Choice{noneChoice}
	for _, it := range set {
		out = append(out, Choice{ID: it.ID, Name: it.Name})
	}
	return out
}

func yesNoChoices() []Choice { return []Choice{{ID: "Yes", Name: "Yes"}, {ID: "No", Name: "No"}} }

// pluginChoices lists a plug-in setting's values with the current
// plug-in's meanings (real-spira-2026 J2-J7).
func pluginChoices(pl Plugin, key string, j *Jira) []Choice {
	switch key {
	case KeySyncMode:
		return syncModeChoices(pl)
	case KeyLinkType:
		if j == nil {
			return nil
		}
		out := []Choice{{ID: "", Name: "(none)", Hint: "no Jira links for Spira associations"}}
		for _, l := range j.LinkTypes {
			out = append(out, Choice{ID: l.Name, Name: l.Name})
		}
		return out
	case "autoMapUsers", "active", "skipComments", "autoMapProperties", "syncEpicStoryHierarchy", "usePlainText", "skipRichTextWarnings":
		return yesNoChoices()
	}
	return nil
}

// syncModeChoices are the five modes, each alone and with each set of
// options, and the value as it stands when it holds words the current
// plug-in does not know (a legacy True or Both, a typo), so that picking
// leaves nothing out unasked.
func syncModeChoices(pl Plugin) []Choice {
	var out []Choice
	cur := strings.TrimSpace(pl.Custom03)
	s := pl.Settings()
	if cur != "" && (s.LegacyMode != "" || len(s.Unknown) > 0) {
		out = append(out, Choice{ID: cur, Name: cur, Hint: "as it stands: " + s.Describe()})
	}
	optionSets := [][]string{nil, {OptionNoAttachments}, {OptionCreateReleasesOnly}, {OptionNoAttachments, OptionCreateReleasesOnly}}
	for _, m := range Modes {
		for _, opts := range optionSets {
			v := strings.Join(append([]string{string(m)}, opts...), ",")
			out = append(out, Choice{ID: v, Name: v, Hint: modeHint(m, opts)})
		}
	}
	return out
}

func modeHint(m SyncMode, opts []string) string {
	hint := map[SyncMode]string{
		ModeDefault:        "new incidents both ways, updates Jira → Spira; requirements Jira → Spira",
		ModeBidirectional:  "incidents both ways; requirements Jira → Spira",
		ModeComplete:       "incidents, requirements and tasks both ways",
		ModeNoRequirements: "no requirements; new incidents Spira → Jira, updates Jira → Spira",
		ModeNoIncidents:    "no incidents; requirements Jira → Spira",
	}[m]
	for _, o := range opts {
		switch o {
		case OptionNoAttachments:
			hint += "; no attachments"
		case OptionCreateReleasesOnly:
			hint += "; releases created, never updated"
		}
	}
	return hint
}

// SetPluginSetting sets one plug-in setting, key as PluginSettings and
// Extended.Settings name it, from its text form ("Yes"/"No" for flags).
func (p *Product) SetPluginSetting(key, value string) error {
	pl := &p.Plugin
	yes, isFlag := parseYesNo(value)
	flag := func(b *bool) error {
		if !isFlag {
			return fmt.Errorf("the plug-in's %s is Yes or No, not %q", key, value)
		}
		*b = yes
		return nil
	}
	switch key {
	case KeySpecialFields:
		pl.Custom01 = strings.TrimSpace(value)
	case KeyTaskTypes:
		pl.Custom02 = strings.TrimSpace(value)
	case KeySyncMode:
		pl.Custom03 = strings.TrimSpace(value)
	case KeyRequirementTypes:
		pl.Custom04 = strings.TrimSpace(value)
	case KeyLinkType:
		pl.Custom05 = strings.TrimSpace(value)
	case "autoMapUsers":
		return flag(&pl.AutoMapUsers)
	case "active":
		return flag(&pl.Active)
	case "caption":
		pl.Caption = value
	case "description":
		pl.Description = value
	case "url":
		pl.URL = strings.TrimSpace(value)
	case "login":
		pl.Login = strings.TrimSpace(value)
	case "timeOffsetHours":
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			return fmt.Errorf("the Time Offset is a whole number of hours (0, 5 or -3), not %q", value)
		}
		pl.TimeOffsetHours = n
	case "typesToSkip":
		pl.Extended.TypesToSkip = splitIDs(value)
	case "skipComments":
		return flag(&pl.Extended.SkipComments)
	case "autoMapProperties":
		return flag(&pl.Extended.AutoMapProperties)
	case "syncEpicStoryHierarchy":
		return flag(&pl.Extended.SyncEpicStoryHierarchy)
	case "usePlainText":
		return flag(&pl.Extended.UsePlainText)
	case "skipRichTextWarnings":
		return flag(&pl.Extended.SkipRichTextWarnings)
	case "name":
		return fmt.Errorf("the plug-in's name is %s: Spira finds the plug-in by it", PluginName)
	default:
		return fmt.Errorf("the plug-in has no setting %q: the settings are %s", key, strings.Join(PluginSettingKeys(), ", "))
	}
	return nil
}

// PluginSettingKeys lists the keys SetPluginSetting takes.
func PluginSettingKeys() []string {
	var keys []string
	for _, s := range PluginSettings(Plugin{}) {
		if s.Key != "name" {
			keys = append(keys, s.Key)
		}
	}
	for _, s := range (Extended{}).Settings() {
		keys = append(keys, s.Key)
	}
	return keys
}

func parseYesNo(v string) (yes, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "y", "true":
		return true, true
	case "no", "n", "false":
		return false, true
	}
	return false, false
}

// SetJira sets the Jira side of the row at loc to the Jira ID (a setting's
// value for plug-in settings; "" unmaps). The name comes from the row's
// choices when jira is given. A value row becomes Primary when no other
// row of the field holds the same Jira value, so the common one-to-one
// case needs no second step. A custom property, or a value of one, that
// the mapping does not hold yet is added from lookups.
func (p *Product) SetJira(loc Location, jiraID string, jira *Jira, lookups *SpiraLookups) error {
	if loc.Section == SectionPlugin {
		return p.SetPluginSetting(loc.Setting, jiraID)
	}
	ref := JiraRef{ID: jiraID}
	if jiraID != "" {
		for _, c := range p.Choices(loc, jira, lookups) {
			if c.ID == jiraID {
				ref.Name = c.Name
			}
		}
	} else {
		ref = JiraRef{}
	}
	switch loc.Section {
	case SectionProject:
		p.Project.JiraKey = jiraID
		p.Project.Active = jiraID != ""
	case SectionUsers:
		i := slices.IndexFunc(p.Users, func(u UserMapping) bool { return u.Spira.ID == loc.Row })
		if i < 0 {
			return noRow(loc)
		}
		p.Users[i].Jira = ref
	case SectionReleases:
		i := slices.IndexFunc(p.Releases, func(r ReleaseMapping) bool { return r.Spira.ID == loc.Row })
		if i < 0 {
			return noRow(loc)
		}
		p.Releases[i].Jira = ref
	case SectionFields:
		fm := p.Field(loc.Field)
		if fm == nil {
			return noRow(loc)
		}
		return setValueRow(fm.Values, loc, ref)
	case SectionProperties:
		m := p.Property(loc.Artifact, loc.Property)
		if m == nil {
			sp, ok := lookups.property(loc.Artifact, loc.Property)
			if !ok {
				return noRow(loc)
			}
			p.CustomProperties = append(p.CustomProperties, PropertyMapping{Artifact: loc.Artifact, Property: Ref{ID: sp.ID, Name: sp.Name}, Type: sp.Type})
			m = &p.CustomProperties[len(p.CustomProperties)-1]
		}
		if loc.Row == 0 {
			m.Jira = ref
			return nil
		}
		if !slices.ContainsFunc(m.Values, func(v ValueMapping) bool { return v.Spira.ID == loc.Row }) {
			name := ""
			if sp, ok := lookups.property(loc.Artifact, loc.Property); ok {
				for _, v := range sp.Values {
					if v.ID == loc.Row {
						name = v.Name
					}
				}
			}
			if name == "" {
				return noRow(loc)
			}
			m.Values = append(m.Values, ValueMapping{Spira: Ref{ID: loc.Row, Name: name}})
		}
		return setValueRow(m.Values, loc, ref)
	default:
		return noRow(loc)
	}
	return nil
}

func (lk *SpiraLookups) property(a Artifact, id int) (SpiraProperty, bool) {
	if lk == nil {
		return SpiraProperty{}, false
	}
	for _, sp := range lk.Properties {
		if sp.Artifact == a && sp.ID == id {
			return sp, true
		}
	}
	return SpiraProperty{}, false
}

func noRow(loc Location) error { return fmt.Errorf("%s: %w", loc, ErrNoRow) }

func setValueRow(rows []ValueMapping, loc Location, ref JiraRef) error {
	i := slices.IndexFunc(rows, func(v ValueMapping) bool { return v.Spira.ID == loc.Row })
	if i < 0 {
		return noRow(loc)
	}
	rows[i].Jira = ref
	shared := slices.ContainsFunc(rows, func(v ValueMapping) bool {
		return v.Spira.ID != loc.Row && !ref.IsZero() && v.Jira == ref
	})
	rows[i].Primary = !ref.IsZero() && !shared
	return nil
}

// TogglePrimary flips the Primary flag of the value row at loc; making a
// row Primary takes the flag from every other row with the same Jira value,
// since only one may hold it.
func (p *Product) TogglePrimary(loc Location) error {
	if loc.Section != SectionFields && (loc.Section != SectionProperties || loc.Row == 0) {
		return fmt.Errorf("%s: the Primary flag applies to value mappings only (fields/... or customProperties/ARTIFACT/PROPERTY/VALUE)", loc)
	}
	rows := p.valueRows(loc)
	i := slices.IndexFunc(rows, func(v ValueMapping) bool { return v.Spira.ID == loc.Row })
	if i < 0 {
		return noRow(loc)
	}
	if rows[i].Jira.IsZero() {
		return fmt.Errorf("%s: map the row to a Jira value before making it Primary", loc)
	}
	if rows[i].Primary {
		rows[i].Primary = false
		return nil
	}
	for j := range rows {
		if rows[j].Jira == rows[i].Jira {
			rows[j].Primary = false
		}
	}
	rows[i].Primary = true
	return nil
}

// SetPrimary gives the value row at loc the Primary flag (on) or takes it
// away; unlike TogglePrimary it is idempotent, for scripts.
func (p *Product) SetPrimary(loc Location, on bool) error {
	rows := p.valueRows(loc)
	i := slices.IndexFunc(rows, func(v ValueMapping) bool { return v.Spira.ID == loc.Row })
	if i >= 0 && rows[i].Primary == on {
		return nil
	}
	return p.TogglePrimary(loc)
}

func (p *Product) valueRows(loc Location) []ValueMapping {
	switch {
	case loc.Section == SectionFields:
		if fm := p.Field(loc.Field); fm != nil {
			return fm.Values
		}
	case loc.Section == SectionProperties && loc.Row != 0:
		if m := p.Property(loc.Artifact, loc.Property); m != nil {
			return m.Values
		}
	}
	return nil
}

// Edits lists what after changes in before, two versions of one file:
// Diff's changes, and the screen-only settings (Extended) that Diff leaves
// out because Spira cannot be read for them.
func Edits(after, before *Product) []Change {
	out := Diff(after, before)
	a, b := after.Plugin.Extended.Settings(), before.Plugin.Extended.Settings()
	for i := range a {
		if a[i].Value != b[i].Value {
			out = append(out, Change{Kind: Changed, Location: plugLoc(a[i].Key), What: "Plug-in " + a[i].Label + " (screen only)",
				Local: a[i].Value, Remote: b[i].Value, Target: Target{Kind: TargetPlugin, Attr: a[i].Key}})
		}
	}
	return out
}
