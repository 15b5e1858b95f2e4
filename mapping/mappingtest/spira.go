// Package mappingtest is an in-memory Spira for tests of code that pulls,
// pushes and verifies mappings (the mapping package, the CLI, the TUI). It
// keeps mapping rows as Spira stores them (External Keys only) with the
// REST semantics Push relies on: user and artifact mappings are added only
// for rows that have none, and only active project mappings are listed. It
// also implements mapping.SheetApplier, standing in for an administrator.
package mappingtest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/spirajira/spirajira/mapping"
)

// Spira is the in-memory Spira. It is safe for concurrent use.
type Spira struct {
	mu       sync.Mutex
	plugin   mapping.Plugin
	password string
	product  mapping.ProductInfo
	projects []mapping.DataMapping
	users    []mapping.DataMapping
	releases []mapping.DataMapping
	fields   map[int][]mapping.DataMapping
	props    map[[2]int]mapping.DataMapping
	propVals map[[2]int][]mapping.DataMapping
	lk       *mapping.SpiraLookups
	calls    []string
}

var (
	_ mapping.Spira        = (*Spira)(nil)
	_ mapping.SheetApplier = (*Spira)(nil)
)

// New returns a Spira that holds the mapping p (its External Keys; names
// are dropped as Spira does) over the lookups lk. lk.ProjectMappings are
// the plug-in's active project mappings.
func New(p *mapping.Product, lk *mapping.SpiraLookups) *Spira {
	s := &Spira{plugin: p.Plugin, password: "{token-kept-by-spira}", lk: lk,
		product: mapping.ProductInfo{ID: p.Project.Spira.ID, Name: p.Project.Spira.Name, TemplateID: 1},
		fields:  map[int][]mapping.DataMapping{}, props: map[[2]int]mapping.DataMapping{}, propVals: map[[2]int][]mapping.DataMapping{}}
	for _, l := range lk.ProjectMappings {
		s.projects = append(s.projects, mapping.DataMapping{InternalID: l.ProductID, ExternalKey: l.JiraKey, Primary: true})
	}
	for _, u := range p.Users {
		if u.Jira.ID != "" {
			s.users = append(s.users, mapping.DataMapping{InternalID: u.Spira.ID, ExternalKey: u.Jira.ID, Primary: true})
		}
	}
	for _, r := range p.Releases {
		if r.Jira.ID != "" {
			s.releases = append(s.releases, mapping.DataMapping{ProjectID: s.product.ID, InternalID: r.Spira.ID, ExternalKey: r.Jira.ID, Primary: true})
		}
	}
	for _, fm := range p.Fields {
		for _, v := range fm.Values {
			if k := v.ExternalKey(fm.Field.KeyedByName()); k != "" {
				_ = s.SetFieldValueMapping(p.Plugin.ID, s.product.ID, fm.Field.ArtifactFieldID(), v.Spira.ID, k, v.Primary)
			}
		}
	}
	for _, m := range p.CustomProperties {
		if m.Jira.ID != "" {
			_ = s.SetCustomPropertyMapping(p.Plugin.ID, s.product.ID, m.Artifact.TypeID(), m.Property.ID, m.Jira.ID)
		}
		for _, v := range m.Values {
			if k := v.ExternalKey(m.ValuesKeyedByName()); k != "" {
				_ = s.SetCustomPropertyValueMapping(p.Plugin.ID, s.product.ID, m.Artifact.TypeID(), m.Property.ID, v.Spira.ID, k)
			}
		}
	}
	return s
}

// Calls returns the write calls made so far ("PUT data-syncs", "POST
// users", "POST artifacts", "DELETE artifacts") and forgets them.
func (s *Spira) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = nil
	return c
}

// Password returns the plug-in password Spira keeps (never pushed).
func (s *Spira) Password() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.password
}

func (s *Spira) write(call string) func() {
	s.mu.Lock()
	s.calls = append(s.calls, call)
	return s.mu.Unlock
}

func (s *Spira) read() func() {
	s.mu.Lock()
	return s.mu.Unlock
}

// DataSyncs implements mapping.Spira.
func (s *Spira) DataSyncs(context.Context) ([]mapping.Plugin, error) {
	defer s.read()()
	return []mapping.Plugin{s.plugin}, nil
}

// DataSync implements mapping.Spira.
func (s *Spira) DataSync(_ context.Context, id int) (mapping.Plugin, error) {
	defer s.read()()
	if id != s.plugin.ID {
		return mapping.Plugin{}, fmt.Errorf("data-syncs/%d: 404 not found", id)
	}
	return s.plugin, nil
}

// UpdateDataSync implements mapping.Spira.
func (s *Spira) UpdateDataSync(_ context.Context, p mapping.Plugin) error {
	defer s.write("PUT data-syncs")()
	s.plugin = p
	return nil
}

// ProjectMappings implements mapping.Spira.
func (s *Spira) ProjectMappings(context.Context, int) ([]mapping.DataMapping, error) {
	defer s.read()()
	return slices.Clone(s.projects), nil
}

// UserMappings implements mapping.Spira.
func (s *Spira) UserMappings(context.Context, int) ([]mapping.DataMapping, error) {
	defer s.read()()
	return slices.Clone(s.users), nil
}

// AddUserMappings implements mapping.Spira.
func (s *Spira) AddUserMappings(_ context.Context, _ int, ms []mapping.DataMapping) error {
	defer s.write("POST users")()
	for _, m := range ms {
		if !slices.ContainsFunc(s.users, func(u mapping.DataMapping) bool { return u.InternalID == m.InternalID }) {
			s.users = append(s.users, m)
		}
	}
	return nil
}

// ArtifactMappings implements mapping.Spira.
func (s *Spira) ArtifactMappings(_ context.Context, _, _, art int) ([]mapping.DataMapping, error) {
	defer s.read()()
	if art != mapping.ArtifactTypeRelease {
		return nil, nil
	}
	return slices.Clone(s.releases), nil
}

// AddArtifactMappings implements mapping.Spira.
func (s *Spira) AddArtifactMappings(_ context.Context, _, _, _ int, ms []mapping.DataMapping) error {
	defer s.write("POST artifacts")()
	for _, m := range ms {
		if m.ExternalKey != "" && !slices.ContainsFunc(s.releases, func(r mapping.DataMapping) bool { return r.InternalID == m.InternalID }) {
			s.releases = append(s.releases, m)
		}
	}
	return nil
}

// RemoveArtifactMappings implements mapping.Spira.
func (s *Spira) RemoveArtifactMappings(_ context.Context, _, _, _ int, ms []mapping.DataMapping) error {
	defer s.write("DELETE artifacts")()
	s.releases = slices.DeleteFunc(s.releases, func(r mapping.DataMapping) bool {
		return slices.ContainsFunc(ms, func(m mapping.DataMapping) bool { return m.InternalID == r.InternalID })
	})
	return nil
}

// FieldValueMappings implements mapping.Spira.
func (s *Spira) FieldValueMappings(_ context.Context, _, _, field int) ([]mapping.DataMapping, error) {
	defer s.read()()
	return slices.Clone(s.fields[field]), nil
}

// CustomPropertyMapping implements mapping.Spira.
func (s *Spira) CustomPropertyMapping(_ context.Context, _, _, art, prop int) (*mapping.DataMapping, error) {
	defer s.read()()
	if m, ok := s.props[[2]int{art, prop}]; ok {
		return &m, nil
	}
	return nil, nil
}

// CustomPropertyValueMappings implements mapping.Spira.
func (s *Spira) CustomPropertyValueMappings(_ context.Context, _, _, art, prop int) ([]mapping.DataMapping, error) {
	defer s.read()()
	return slices.Clone(s.propVals[[2]int{art, prop}]), nil
}

// Product implements mapping.Spira.
func (s *Spira) Product(_ context.Context, id int) (mapping.ProductInfo, error) {
	defer s.read()()
	if id != s.product.ID {
		return mapping.ProductInfo{}, fmt.Errorf("projects/%d: 404 not found", id)
	}
	return s.product, nil
}

// Values implements mapping.Spira.
func (s *Spira) Values(_ context.Context, _ mapping.ProductInfo, k mapping.FieldKind) ([]mapping.SpiraValue, error) {
	return s.lk.Values[k], nil
}

// CustomProperties implements mapping.Spira.
func (s *Spira) CustomProperties(_ context.Context, _ mapping.ProductInfo, a mapping.Artifact) ([]mapping.SpiraProperty, error) {
	var out []mapping.SpiraProperty
	for _, p := range s.lk.Properties {
		if p.Artifact == a {
			out = append(out, p)
		}
	}
	return out, nil
}

// Releases implements mapping.Spira.
func (s *Spira) Releases(context.Context, int) ([]mapping.SpiraRelease, error) {
	return s.lk.Releases, nil
}

// ProductUsers implements mapping.Spira.
func (s *Spira) ProductUsers(context.Context, int) ([]mapping.SpiraUser, error) {
	return s.lk.Users, nil
}

// ServerTime implements mapping.Spira.
func (s *Spira) ServerTime(context.Context) (time.Time, error) { return s.lk.ServerTime, nil }

// IncidentWorkflow implements mapping.Spira.
func (s *Spira) IncidentWorkflow(context.Context, mapping.ProductInfo) ([]mapping.WorkflowStep, error) {
	return s.lk.Workflows, nil
}

// SetProjectKey sets the product's "Key in JIRA".
func (s *Spira) SetProjectKey(_, product int, key string) error {
	defer s.read()()
	i := slices.IndexFunc(s.projects, func(m mapping.DataMapping) bool { return m.InternalID == product })
	if i < 0 {
		s.projects = append(s.projects, mapping.DataMapping{InternalID: product, Primary: true})
		i = len(s.projects) - 1
	}
	s.projects[i].ExternalKey = key
	return nil
}

// SetProjectActive sets the Active Flag; an inactive mapping is no longer
// listed, as in Spira.
func (s *Spira) SetProjectActive(_, product int, active bool) error {
	defer s.read()()
	if !active {
		s.projects = slices.DeleteFunc(s.projects, func(m mapping.DataMapping) bool { return m.InternalID == product })
	}
	return nil
}

// SetUserMapping sets (or, with an empty key, clears) a user's mapping.
func (s *Spira) SetUserMapping(_, user int, key string) error {
	defer s.read()()
	s.users = slices.DeleteFunc(s.users, func(m mapping.DataMapping) bool { return m.InternalID == user })
	if key != "" {
		s.users = append(s.users, mapping.DataMapping{InternalID: user, ExternalKey: key, Primary: true})
	}
	return nil
}

// SetFieldValueMapping sets one row of a standard field's value mapping.
func (s *Spira) SetFieldValueMapping(_, product, field, value int, key string, primary bool) error {
	defer s.read()()
	s.fields[field] = slices.DeleteFunc(s.fields[field], func(m mapping.DataMapping) bool { return m.InternalID == value })
	if key != "" {
		s.fields[field] = append(s.fields[field], mapping.DataMapping{ProjectID: product, InternalID: value, ExternalKey: key, Primary: primary})
	}
	return nil
}

// SetCustomPropertyMapping sets a custom property's External Key.
func (s *Spira) SetCustomPropertyMapping(_, product, art, prop int, key string) error {
	defer s.read()()
	if key == "" {
		delete(s.props, [2]int{art, prop})
		return nil
	}
	s.props[[2]int{art, prop}] = mapping.DataMapping{ProjectID: product, InternalID: prop, ExternalKey: key, Primary: true}
	return nil
}

// SetCustomPropertyValueMapping sets one list value's External Key.
func (s *Spira) SetCustomPropertyValueMapping(_, product, art, prop, value int, key string) error {
	defer s.read()()
	k := [2]int{art, prop}
	s.propVals[k] = slices.DeleteFunc(s.propVals[k], func(m mapping.DataMapping) bool { return m.InternalID == value })
	if key != "" {
		s.propVals[k] = append(s.propVals[k], mapping.DataMapping{ProjectID: product, InternalID: value, ExternalKey: key, Primary: true})
	}
	return nil
}
