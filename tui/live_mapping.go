package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

// NewMappingEditor edits an opened mapping through the session's
// operations (sess may be nil for an editor that never reaches Spira).
func NewMappingEditor(sess *ops.Session, m *ops.Mapping) MappingEditor {
	return &liveMapping{sess: sess, m: m, local: m.Product, lookups: m.Lookups, jira: m.Jira}
}

type liveMapping struct {
	sess *ops.Session
	m    *ops.Mapping
	// local, lookups and jira are m's, read by the plain methods.
	local   *mapping.Product
	lookups *mapping.SpiraLookups
	jira    *mapping.Jira
	sheet   *mapping.Sheet
}

const (
	catPlugin   = "plugin"
	catProject  = "project"
	catUsers    = "users"
	catReleases = "releases"
	catGeneral  = "general"
	catExtras   = "extras"
)

func fieldCat(k mapping.FieldKind) string { return "field:" + string(k) }
func propsCat(a mapping.Artifact) string  { return "props:" + string(a) }
func propValsCat(a mapping.Artifact, id int) string {
	return fmt.Sprintf("propvals:%s:%d", a, id)
}

func parseCat(cat string) (kind string, a mapping.Artifact, k mapping.FieldKind, prop int) {
	parts := strings.Split(cat, ":")
	switch parts[0] {
	case "field":
		return "field", "", mapping.FieldKind(parts[1]), 0
	case "props":
		return "props", mapping.Artifact(parts[1]), "", 0
	case "propvals":
		id, _ := strconv.Atoi(parts[2])
		return "propvals", mapping.Artifact(parts[1]), "", id
	}
	return cat, "", "", 0
}

func itoa(i int) string { return strconv.Itoa(i) }

func jiraName(j mapping.JiraRef) string {
	if j.Name != "" {
		return j.Name
	}
	return j.ID
}

func (e *liveMapping) Product() mapping.Ref { return e.local.Project.Spira }

func (e *liveMapping) Categories() []MappingCategory {
	p := e.local
	var out []MappingCategory
	pl := MappingCategory{Key: catPlugin, Title: "Plug-in settings", Settings: true}
	means := map[string]string{}
	for _, r := range p.Plugin.Readings() {
		means[r.Key] = r.Means
	}
	for _, s := range mapping.PluginSettings(p.Plugin) {
		// A slot shows how it is read (e.g. "Bidirectional (current
		// plug-in)"), its value in brackets.
		name := s.Value
		if m, ok := means[s.Key]; ok {
			name = m
		}
		hint, text := mapping.SettingInput(s.Key)
		pl.Rows = append(pl.Rows, MappingRow{SpiraID: s.Key, SpiraName: s.Label, JiraID: s.Value, JiraName: name, Text: text, Hint: hint})
	}
	// The settings no REST call reads: what the file declares, entered on
	// the plug-in screen from the setup sheet.
	for _, s := range p.Plugin.Extended.Settings() {
		hint, text := mapping.SettingInput(s.Key)
		if hint == "" {
			hint = "not readable over REST: the setup sheet carries it"
		}
		pl.Rows = append(pl.Rows, MappingRow{SpiraID: s.Key, SpiraName: s.Label + " (screen only)", JiraID: s.Value, JiraName: s.Value, Text: text, Hint: hint})
	}
	out = append(out, pl)
	// What syncs beyond the mapped fields, as the settings turn it on: the
	// same words as the mapping file's header.
	extras := MappingCategory{Key: catExtras, Title: "Beyond fields", Settings: true, ReadOnly: true}
	for _, e := range p.Extras() {
		extras.Rows = append(extras.Rows, MappingRow{SpiraID: e.Name, SpiraName: e.Name, JiraID: e.Summary(), JiraName: e.Summary()})
	}
	out = append(out, extras)
	out = append(out, MappingCategory{Key: catProject, Title: "Project", Rows: []MappingRow{{
		SpiraID: itoa(p.Project.Spira.ID), SpiraName: p.Project.Spira.Name, JiraID: p.Project.JiraKey, JiraName: p.Project.JiraKey,
	}}})
	users := MappingCategory{Key: catUsers, Title: "Users"}
	for _, u := range p.Users {
		users.Rows = append(users.Rows, MappingRow{SpiraID: itoa(u.Spira.ID), SpiraName: u.Spira.Name, JiraID: u.Jira.ID, JiraName: jiraName(u.Jira)})
	}
	out = append(out, users)
	rels := MappingCategory{Key: catReleases, Title: "Releases"}
	for _, r := range p.Releases {
		name := r.Spira.Name
		if r.VersionNumber != "" {
			name += " (" + r.VersionNumber + ")"
		}
		rels.Rows = append(rels.Rows, MappingRow{SpiraID: itoa(r.Spira.ID), SpiraName: name, JiraID: r.Jira.ID, JiraName: jiraName(r.Jira)})
	}
	out = append(out, rels)
	for _, k := range mapping.FieldKinds {
		c := MappingCategory{Key: fieldCat(k), Title: k.Label(), Primary: true}
		if fm := p.Field(k); fm != nil {
			for _, v := range fm.Values {
				id := v.Jira.ID
				if id == "" {
					id = v.Jira.Name // severity is keyed by name
				}
				c.Rows = append(c.Rows, MappingRow{SpiraID: itoa(v.Spira.ID), SpiraName: v.Spira.Name, JiraID: id, JiraName: jiraName(v.Jira), Primary: v.Primary})
			}
		}
		out = append(out, c)
	}
	var lists []MappingCategory
	for _, a := range []mapping.Artifact{mapping.ArtifactIncident, mapping.ArtifactRequirement} {
		c := MappingCategory{Key: propsCat(a), Title: strings.ToUpper(string(a[:1])) + string(a[1:]) + " custom properties"}
		for _, prop := range e.properties(a) {
			row := MappingRow{SpiraID: itoa(prop.ID), SpiraName: prop.Name}
			if m := p.Property(a, prop.ID); m != nil {
				row.JiraID, row.JiraName = m.Jira.ID, jiraName(m.Jira)
				if prop.Type.IsList() && m.Jira.ID != "" {
					lists = append(lists, e.valuesCategory(a, prop, m))
				}
			}
			c.Rows = append(c.Rows, row)
		}
		out = append(out, c)
	}
	return append(out, lists...)
}

// properties lists the Spira custom properties of an artifact: those the
// product defines, and any the mapping names that it does not.
func (e *liveMapping) properties(a mapping.Artifact) []mapping.SpiraProperty {
	var out []mapping.SpiraProperty
	if e.lookups != nil {
		for _, p := range e.lookups.Properties {
			if p.Artifact == a {
				out = append(out, p)
			}
		}
	}
	for _, m := range e.local.CustomProperties {
		if m.Artifact == a && !slices.ContainsFunc(out, func(p mapping.SpiraProperty) bool { return p.ID == m.Property.ID }) {
			out = append(out, mapping.SpiraProperty{Artifact: a, ID: m.Property.ID, Name: m.Property.Name, Type: m.Type})
		}
	}
	return out
}

func (e *liveMapping) valuesCategory(a mapping.Artifact, prop mapping.SpiraProperty, m *mapping.PropertyMapping) MappingCategory {
	c := MappingCategory{Key: propValsCat(a, prop.ID), Title: prop.Name + " values", Primary: true}
	seen := map[int]bool{}
	for _, v := range m.Values {
		seen[v.Spira.ID] = true
		id := v.Jira.ID
		if id == "" {
			id = v.Jira.Name
		}
		c.Rows = append(c.Rows, MappingRow{SpiraID: itoa(v.Spira.ID), SpiraName: v.Spira.Name, JiraID: id, JiraName: jiraName(v.Jira), Primary: v.Primary})
	}
	for _, v := range prop.Values {
		if !seen[v.ID] && v.Active {
			c.Rows = append(c.Rows, MappingRow{SpiraID: itoa(v.ID), SpiraName: v.Name})
		}
	}
	return c
}

// locationOf is the mapping row a category and row of the screen show.
func locationOf(cat, spiraID string) mapping.Location {
	kind, a, k, prop := parseCat(cat)
	id, _ := strconv.Atoi(spiraID)
	switch kind {
	case catPlugin:
		return mapping.Location{Section: mapping.SectionPlugin, Setting: spiraID}
	case catProject:
		return mapping.Location{Section: mapping.SectionProject, Setting: "jiraKey"}
	case catUsers:
		return mapping.Location{Section: mapping.SectionUsers, Row: id}
	case catReleases:
		return mapping.Location{Section: mapping.SectionReleases, Row: id}
	case "field":
		return mapping.Location{Section: mapping.SectionFields, Field: k, Row: id}
	case "props":
		return mapping.Location{Section: mapping.SectionProperties, Artifact: a, Property: id}
	case "propvals":
		return mapping.Location{Section: mapping.SectionProperties, Artifact: a, Property: prop, Row: id}
	}
	return mapping.Location{Section: mapping.Section(cat)}
}

func (e *liveMapping) Choices(cat, spiraID string) []mapping.Choice {
	return e.local.Choices(locationOf(cat, spiraID), e.jira, e.lookups)
}

func (e *liveMapping) SetJira(cat, spiraID, jiraID string) error {
	return e.local.SetJira(locationOf(cat, spiraID), jiraID, e.jira, e.lookups)
}

func (e *liveMapping) TogglePrimary(cat, spiraID string) error {
	return e.local.TogglePrimary(locationOf(cat, spiraID))
}

// where turns a mapping location into a category and a row of the screen.
func where(l mapping.Location) (cat, spiraID string) {
	row := ""
	if l.Row != 0 {
		row = itoa(l.Row)
	}
	switch l.Section {
	case mapping.SectionPlugin:
		return catPlugin, l.Setting
	case mapping.SectionProject:
		return catProject, row
	case mapping.SectionUsers:
		return catUsers, row
	case mapping.SectionReleases:
		return catReleases, row
	case mapping.SectionFields:
		return fieldCat(l.Field), row
	case mapping.SectionProperties:
		if l.Row == 0 {
			prop := ""
			if l.Property != 0 {
				prop = itoa(l.Property)
			}
			return propsCat(l.Artifact), prop
		}
		return propValsCat(l.Artifact, l.Property), row
	}
	return catGeneral, ""
}

func (e *liveMapping) Problems() []mapping.Problem {
	return mapping.Validate(e.local, e.jira, e.lookups)
}

func (e *liveMapping) Proposals() []mapping.Proposal {
	return mapping.Automap(e.local, e.jira, e.lookups)
}

func (e *liveMapping) Accept(p mapping.Proposal) error {
	e.local = mapping.Apply(e.local, []mapping.Proposal{p}, 0, true)
	e.m.Product = e.local
	return nil
}

func (e *liveMapping) Pushed(out *ops.PushOutcome) {
	if out != nil && out.Result != nil {
		e.sheet = out.Result.Sheet
	}
}

func (e *liveMapping) Clone() MappingEditor {
	c := *e
	c.local = e.local.Clone()
	m := *e.m
	m.Product = c.local
	c.m = &m
	return &c
}

func (e *liveMapping) session() (*ops.Session, error) {
	if e.sess == nil {
		return nil, errors.New("this mapping is not connected to Spira")
	}
	return e.sess, nil
}

// describe is a change as the diff and the push show it.
func describe(c mapping.Change) string {
	from, to := c.Remote, c.Local
	if from == "" {
		from = "(nothing)"
	}
	if to == "" {
		to = "(nothing)"
	}
	s := c.What + ": " + from + " → " + to
	if !c.Writable {
		s += "  [setup sheet]"
	}
	return s
}

func (e *liveMapping) Diff(ctx context.Context) ([]mapping.Change, error) {
	sess, err := e.session()
	if err != nil {
		return nil, err
	}
	return sess.DiffMapping(ctx, e.m)
}

func (e *liveMapping) Push(ctx context.Context, force bool) (*ops.PushOutcome, error) {
	sess, err := e.session()
	if err != nil {
		return nil, err
	}
	res, err := sess.PushMapping(ctx, e.m, ops.PushOptions{Force: force})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Verify checks every setting of the mapping against Spira, as mapping
// verify does.
func (e *liveMapping) Verify(ctx context.Context) ([]mapping.LineCheck, *mapping.Sheet, error) {
	sess, err := e.session()
	if err != nil {
		return nil, nil, err
	}
	return sess.VerifyMapping(ctx, e.m)
}

// Format is the file the TUI saves, stamped as the CLI's pull stamps its
// own, so that a later pull knows it for spirajira's.
func (e *liveMapping) Format() ([]byte, error) {
	b, err := mapping.Format(e.local)
	if err != nil {
		return nil, err
	}
	return mapping.Stamp(b, "TUI"), nil
}

func (e *liveMapping) CanApplySheet() bool { return e.sess != nil && e.sess.CanApplySheet() }

func (e *liveMapping) ApplySheet(ctx context.Context) error {
	sess, err := e.session()
	if err != nil {
		return err
	}
	return sess.ApplySheet(ctx, e.m, e.sheet)
}
