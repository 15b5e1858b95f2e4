package mapping

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/spirajira/spirajira/internal/words"
)

// ChangeKind says how a local row differs from Spira's.
type ChangeKind string

// The three kinds of Change.
const (
	Added   ChangeKind = "add"    // Spira has nothing, the local mapping has a value
	Removed ChangeKind = "remove" // Spira has a value, the local mapping has none
	Changed ChangeKind = "change" // both have values, and they differ
)

// Change is one difference between a local mapping and Spira's. Writable
// says whether Spira's REST API can make it (else it goes to the setup
// sheet).
type Change struct {
	Kind     ChangeKind `json:"kind" yaml:"kind"`
	Location Location   `json:"location" yaml:"location"`
	// What names the changed thing for people, e.g. `Incident Status "Open" (2)`.
	What     string `json:"what" yaml:"what"`
	Local    string `json:"local" yaml:"local"`
	Remote   string `json:"remote" yaml:"remote"`
	Writable bool   `json:"writable" yaml:"writable"`
	// Target is where the value is entered in Spira (for the sheet).
	Target Target `json:"target" yaml:"target"`
}

// TargetKind is the kind of Spira setting a sheet line or change targets.
type TargetKind string

// The settings of Spira's data-mapping screens and API.
const (
	TargetPlugin        TargetKind = "plugin"
	TargetProject       TargetKind = "project"
	TargetUser          TargetKind = "user"
	TargetRelease       TargetKind = "release"
	TargetFieldValue    TargetKind = "field-value"
	TargetProperty      TargetKind = "property"
	TargetPropertyValue TargetKind = "property-value"
)

// Target addresses one setting in Spira. Attr names the attribute for the
// plug-in ("custom01SeverityField", ...) and the project ("jiraKey",
// "active"); Row is the Spira ID of the user, release or value.
type Target struct {
	Kind     TargetKind `json:"kind" yaml:"kind"`
	Attr     string     `json:"attr,omitempty" yaml:"attr,omitempty"`
	Field    FieldKind  `json:"field,omitempty" yaml:"field,omitempty"`
	Artifact Artifact   `json:"artifact,omitempty" yaml:"artifact,omitempty"`
	Property int        `json:"property,omitempty" yaml:"property,omitempty"`
	Row      int        `json:"row,omitempty" yaml:"row,omitempty"`
}

// Diff lists what local would change in remote (the mapping Spira holds),
// in the order of Spira's screens. Only what Spira stores is compared: the
// External Keys, Primary flags and settings, not the display names.
func Diff(local, remote *Product) []Change {
	d := &differ{}
	d.plugin(local.Plugin, remote.Plugin)
	d.project(local.Project, remote.Project)
	d.users(local.Users, remote.Users)
	d.releases(local.Releases, remote.Releases)
	for _, k := range FieldKinds {
		d.field(k, local.Field(k), remote.Field(k))
	}
	d.properties(local, remote)
	return d.out
}

// DiffWritable splits changes into those Push writes through the API and
// those that go to the setup sheet.
func DiffWritable(cs []Change) (writable, sheet []Change) {
	for _, c := range cs {
		if c.Writable {
			writable = append(writable, c)
		} else {
			sheet = append(sheet, c)
		}
	}
	return writable, sheet
}

type differ struct{ out []Change }

func kindOf(local, remote string) (ChangeKind, bool) {
	switch {
	case local == remote:
		return "", false
	case remote == "":
		return Added, true
	case local == "":
		return Removed, true
	}
	return Changed, true
}

func (d *differ) add(local, remote string, c Change) {
	k, ok := kindOf(local, remote)
	if !ok {
		return
	}
	c.Kind, c.Local, c.Remote = k, local, remote
	d.out = append(d.out, c)
}

// PluginSettings lists the plug-in settings in the order of Spira's
// plug-in screen, with their labels there and their values in pl.
func PluginSettings(pl Plugin) []Setting {
	return []Setting{
		{"name", "Name", pl.Name},
		{"caption", "Caption", pl.Caption},
		{"description", "Description", pl.Description},
		{"url", "Connection Info", pl.URL},
		{"login", "Login", pl.Login},
		{"timeOffsetHours", "Time Offset", strconv.Itoa(pl.TimeOffsetHours)},
		{"autoMapUsers", "Auto-Map Users", words.YesNo(pl.AutoMapUsers)},
		// The slots by their labels today, with the older screen's name
		// for a Spira that still shows it.
		{KeySpecialFields, LabelSpecialFields + " (Custom 01)", pl.Custom01},
		{KeyTaskTypes, LabelTaskTypes + " (Custom 02)", pl.Custom02},
		{KeySyncMode, LabelSyncMode + " (Custom 03)", pl.Custom03},
		{KeyRequirementTypes, LabelRequirementTypes + " (Custom 04)", pl.Custom04},
		{KeyLinkType, LabelLinkType + " (Custom 05)", pl.Custom05},
		{"active", "Active", words.YesNo(pl.Active)},
	}
}

// Setting is one plug-in setting: its file key, its label in Spira and
// its value as text.
type Setting struct {
	Key, Label, Value string
}

func (d *differ) plugin(l, r Plugin) {
	ls, rs := PluginSettings(l), PluginSettings(r)
	for i := range ls {
		if ls[i].Value == rs[i].Value {
			continue
		}
		k := Changed
		if rs[i].Value == "" {
			k = Added
		} else if ls[i].Value == "" {
			k = Removed
		}
		d.out = append(d.out, Change{Kind: k, Location: plugLoc(ls[i].Key), What: "Plug-in " + ls[i].Label,
			Local: ls[i].Value, Remote: rs[i].Value, Writable: true, Target: Target{Kind: TargetPlugin, Attr: ls[i].Key}})
	}
}

func (d *differ) project(l, r Project) {
	if !l.Active && !r.Active {
		// Spira lists active project mappings only: an inactive key cannot
		// be read back, so it is not compared.
		return
	}
	loc := Location{Section: SectionProject, Setting: "jiraKey"}
	// "{full}" asks the next cycle for a full pull; from Spira 9.4 the
	// plug-in (or another client) removes it over REST, so its coming or
	// going is not drift.
	if l.Active && l.Key() != r.Key() {
		d.add(l.JiraKey, r.JiraKey, Change{Location: loc, What: "Key in JIRA", Target: Target{Kind: TargetProject, Attr: "jiraKey"}})
	}
	if l.Active != r.Active {
		d.out = append(d.out, Change{Kind: Changed, Location: Location{Section: SectionProject, Setting: "active"}, What: "Active Flag",
			Local: words.YesNo(l.Active), Remote: words.YesNo(r.Active), Target: Target{Kind: TargetProject, Attr: "active"}})
	}
}

func (d *differ) users(l, r []UserMapping) {
	for _, id := range unionIDs(l, r, func(u UserMapping) int { return u.Spira.ID }) {
		lu, lok := find(l, func(u UserMapping) bool { return u.Spira.ID == id })
		ru, _ := find(r, func(u UserMapping) bool { return u.Spira.ID == id })
		who := lu.Spira
		if !lok {
			who = ru.Spira
		}
		// The API adds user mappings but cannot change or remove one.
		k, _ := kindOf(lu.Jira.ID, ru.Jira.ID)
		d.add(lu.Jira.ID, ru.Jira.ID, Change{Location: Location{Section: SectionUsers, Row: id}, What: refName("User", who),
			Writable: k == Added, Target: Target{Kind: TargetUser, Row: id}})
	}
}

func (d *differ) releases(l, r []ReleaseMapping) {
	for _, id := range unionIDs(l, r, func(m ReleaseMapping) int { return m.Spira.ID }) {
		lm, lok := find(l, func(m ReleaseMapping) bool { return m.Spira.ID == id })
		rm, _ := find(r, func(m ReleaseMapping) bool { return m.Spira.ID == id })
		who := lm.Spira
		if !lok {
			who = rm.Spira
		}
		d.add(lm.Jira.ID, rm.Jira.ID, Change{Location: Location{Section: SectionReleases, Row: id}, What: refName("Release", who),
			Writable: true, Target: Target{Kind: TargetRelease, Row: id}})
	}
}

func (d *differ) field(k FieldKind, l, r *FieldMapping) {
	var lv, rv []ValueMapping
	if l != nil {
		lv = l.Values
	}
	if r != nil {
		rv = r.Values
	}
	byName := k.KeyedByName()
	for _, id := range unionIDs(lv, rv, func(v ValueMapping) int { return v.Spira.ID }) {
		a, aok := find(lv, func(v ValueMapping) bool { return v.Spira.ID == id })
		b, _ := find(rv, func(v ValueMapping) bool { return v.Spira.ID == id })
		who := a.Spira
		if !aok {
			who = b.Spira
		}
		lk, rk := a.ExternalKey(byName), b.ExternalKey(byName)
		// Primary only counts on a mapped row.
		lp, rp := lk != "" && a.Primary, rk != "" && b.Primary
		if lk == rk && lp == rp {
			continue
		}
		kind, _ := kindOf(lk, rk)
		if kind == "" {
			kind = Changed
		}
		d.out = append(d.out, Change{Kind: kind, Location: Location{Section: SectionFields, Field: k, Row: id},
			What: fmt.Sprintf("%s %s (%d)", k.Label(), spiraLabel(who), id), Local: withPrimary(lk, lp), Remote: withPrimary(rk, rp),
			Target: Target{Kind: TargetFieldValue, Field: k, Row: id}})
	}
}

func withPrimary(key string, primary bool) string {
	if key == "" {
		return ""
	}
	if primary {
		return key + " (Primary)"
	}
	return key
}

func (d *differ) properties(local, remote *Product) {
	type pk struct {
		a  Artifact
		id int
	}
	var keys []pk
	for _, m := range append(slices.Clone(local.CustomProperties), remote.CustomProperties...) {
		k := pk{m.Artifact, m.Property.ID}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b pk) int {
		if a.a != b.a {
			return b.a.TypeID() - a.a.TypeID()
		}
		return a.id - b.id
	})
	for _, k := range keys {
		var lm, rm PropertyMapping
		if m := local.Property(k.a, k.id); m != nil {
			lm = *m
		}
		if m := remote.Property(k.a, k.id); m != nil {
			rm = *m
		}
		who := lm.Property
		if who.Name == "" {
			who = rm.Property
		}
		what := fmt.Sprintf("%s property %s", titleCase(string(k.a)), spiraLabel(who))
		d.add(lm.Jira.ID, rm.Jira.ID, Change{Location: Location{Section: SectionProperties, Artifact: k.a, Property: k.id},
			What: what + " External Key", Target: Target{Kind: TargetProperty, Artifact: k.a, Property: k.id}})
		byName := lm.ValuesKeyedByName()
		if lm.Jira.ID == "" {
			byName = rm.ValuesKeyedByName()
		}
		for _, id := range unionIDs(lm.Values, rm.Values, func(v ValueMapping) int { return v.Spira.ID }) {
			a, aok := find(lm.Values, func(v ValueMapping) bool { return v.Spira.ID == id })
			b, _ := find(rm.Values, func(v ValueMapping) bool { return v.Spira.ID == id })
			vw := a.Spira
			if !aok {
				vw = b.Spira
			}
			d.add(a.ExternalKey(byName), b.ExternalKey(byName), Change{
				Location: Location{Section: SectionProperties, Artifact: k.a, Property: k.id, Row: id},
				What:     fmt.Sprintf("%s value %s (%d)", what, spiraLabel(vw), id),
				Target:   Target{Kind: TargetPropertyValue, Artifact: k.a, Property: k.id, Row: id}})
		}
	}
}

func unionIDs[T any](a, b []T, id func(T) int) []int {
	var ids []int
	for _, x := range append(slices.Clone(a), b...) {
		if i := id(x); !slices.Contains(ids, i) {
			ids = append(ids, i)
		}
	}
	slices.Sort(ids)
	return ids
}

func find[T any](xs []T, f func(T) bool) (T, bool) {
	if i := slices.IndexFunc(xs, f); i >= 0 {
		return xs[i], true
	}
	var zero T
	return zero, false
}
