package mapping

import (
	"context"
	"errors"
	"slices"
	"time"
)

// fakeSpira is an in-memory Spira holding mapping rows as Spira stores
// them (External Keys only), with the REST semantics Push relies on: user
// and artifact mappings are only added for rows that have none.
type fakeSpira struct {
	plugin   Plugin
	password string
	product  ProductInfo
	projects []DataMapping
	users    []DataMapping
	releases []DataMapping
	fields   map[int][]DataMapping
	props    map[[2]int]*DataMapping
	propVals map[[2]int][]DataMapping
	lk       *SpiraLookups
	calls    []string
}

func newFakeSpira(p *Product, lk *SpiraLookups) *fakeSpira {
	f := &fakeSpira{plugin: p.Plugin, password: "secret-token", lk: lk,
		product: ProductInfo{ID: p.Project.Spira.ID, Name: p.Project.Spira.Name, TemplateID: 1},
		fields:  map[int][]DataMapping{}, props: map[[2]int]*DataMapping{}, propVals: map[[2]int][]DataMapping{}}
	for _, l := range lk.ProjectMappings {
		f.projects = append(f.projects, DataMapping{InternalID: l.ProductID, ExternalKey: l.JiraKey, Primary: true})
	}
	for _, u := range p.Users {
		if u.Jira.ID != "" {
			f.users = append(f.users, DataMapping{InternalID: u.Spira.ID, ExternalKey: u.Jira.ID, Primary: true})
		}
	}
	for _, r := range p.Releases {
		if r.Jira.ID != "" {
			f.releases = append(f.releases, DataMapping{ProjectID: f.product.ID, InternalID: r.Spira.ID, ExternalKey: r.Jira.ID, Primary: true})
		}
	}
	for _, fm := range p.Fields {
		for _, v := range fm.Values {
			if k := v.ExternalKey(fm.Field.KeyedByName()); k != "" {
				_ = f.SetFieldValueMapping(p.Plugin.ID, f.product.ID, fm.Field.ArtifactFieldID(), v.Spira.ID, k, v.Primary)
			}
		}
	}
	for _, m := range p.CustomProperties {
		if m.Jira.ID != "" {
			_ = f.SetCustomPropertyMapping(p.Plugin.ID, f.product.ID, m.Artifact.TypeID(), m.Property.ID, m.Jira.ID)
		}
		for _, v := range m.Values {
			if k := v.ExternalKey(m.ValuesKeyedByName()); k != "" {
				_ = f.SetCustomPropertyValueMapping(p.Plugin.ID, f.product.ID, m.Artifact.TypeID(), m.Property.ID, v.Spira.ID, k)
			}
		}
	}
	return f
}

func (f *fakeSpira) log(s string) { f.calls = append(f.calls, s) }

func (f *fakeSpira) DataSync(_ context.Context, id int) (Plugin, error) {
	f.log("GET data-syncs")
	if id != f.plugin.ID {
		return Plugin{}, errors.New("404")
	}
	return f.plugin, nil
}
func (f *fakeSpira) UpdateDataSync(_ context.Context, p Plugin) error {
	f.log("PUT data-syncs")
	f.plugin = p
	return nil
}
func (f *fakeSpira) ProjectMappings(context.Context, int) ([]DataMapping, error) {
	f.log("GET projects")
	return slices.Clone(f.projects), nil
}
func (f *fakeSpira) UserMappings(context.Context, int) ([]DataMapping, error) {
	f.log("GET users")
	return slices.Clone(f.users), nil
}
func (f *fakeSpira) AddUserMappings(_ context.Context, _ int, ms []DataMapping) error {
	f.log("POST users")
	for _, m := range ms {
		if !slices.ContainsFunc(f.users, func(u DataMapping) bool { return u.InternalID == m.InternalID }) {
			f.users = append(f.users, m)
		}
	}
	return nil
}
func (f *fakeSpira) ArtifactMappings(_ context.Context, _, _, art int) ([]DataMapping, error) {
	f.log("GET artifacts")
	if art != ArtifactTypeRelease {
		return nil, nil
	}
	return slices.Clone(f.releases), nil
}
func (f *fakeSpira) AddArtifactMappings(_ context.Context, _, _, _ int, ms []DataMapping) error {
	f.log("POST artifacts")
	for _, m := range ms {
		if m.ExternalKey != "" && !slices.ContainsFunc(f.releases, func(r DataMapping) bool { return r.InternalID == m.InternalID }) {
			f.releases = append(f.releases, m)
		}
	}
	return nil
}
func (f *fakeSpira) RemoveArtifactMappings(_ context.Context, _, _, _ int, ms []DataMapping) error {
	f.log("DELETE artifacts")
	f.releases = slices.DeleteFunc(f.releases, func(r DataMapping) bool {
		return slices.ContainsFunc(ms, func(m DataMapping) bool { return m.InternalID == r.InternalID })
	})
	return nil
}
func (f *fakeSpira) FieldValueMappings(_ context.Context, _, _, field int) ([]DataMapping, error) {
	return slices.Clone(f.fields[field]), nil
}
func (f *fakeSpira) CustomPropertyMapping(_ context.Context, _, _, art, prop int) (*DataMapping, error) {
	if m := f.props[[2]int{art, prop}]; m != nil {
		c := *m
		return &c, nil
	}
	return nil, nil
}
func (f *fakeSpira) CustomPropertyValueMappings(_ context.Context, _, _, art, prop int) ([]DataMapping, error) {
	return slices.Clone(f.propVals[[2]int{art, prop}]), nil
}
func (f *fakeSpira) Product(context.Context, int) (ProductInfo, error) { return f.product, nil }
func (f *fakeSpira) Values(_ context.Context, _ ProductInfo, k FieldKind) ([]SpiraValue, error) {
	return f.lk.Values[k], nil
}
func (f *fakeSpira) CustomProperties(_ context.Context, _ ProductInfo, a Artifact) ([]SpiraProperty, error) {
	var out []SpiraProperty
	for _, p := range f.lk.Properties {
		if p.Artifact == a {
			out = append(out, p)
		}
	}
	return out, nil
}
func (f *fakeSpira) Releases(context.Context, int) ([]SpiraRelease, error)  { return f.lk.Releases, nil }
func (f *fakeSpira) ProductUsers(context.Context, int) ([]SpiraUser, error) { return f.lk.Users, nil }
func (f *fakeSpira) ServerTime(context.Context) (time.Time, error)          { return f.lk.ServerTime, nil }
func (f *fakeSpira) IncidentWorkflow(context.Context, ProductInfo) ([]WorkflowStep, error) {
	return f.lk.Workflows, nil
}

// The SheetApplier side: what an administrator does in Spira's screens.

func (f *fakeSpira) SetProjectKey(_, product int, key string) error {
	i := slices.IndexFunc(f.projects, func(m DataMapping) bool { return m.InternalID == product })
	if i < 0 {
		f.projects = append(f.projects, DataMapping{InternalID: product, Primary: true})
		i = len(f.projects) - 1
	}
	f.projects[i].ExternalKey = key
	return nil
}
func (f *fakeSpira) SetProjectActive(_, product int, active bool) error {
	if !active {
		// Spira lists active project mappings only.
		f.projects = slices.DeleteFunc(f.projects, func(m DataMapping) bool { return m.InternalID == product })
	}
	return nil
}
func (f *fakeSpira) SetUserMapping(_, user int, key string) error {
	f.users = slices.DeleteFunc(f.users, func(m DataMapping) bool { return m.InternalID == user })
	if key != "" {
		f.users = append(f.users, DataMapping{InternalID: user, ExternalKey: key, Primary: true})
	}
	return nil
}
func (f *fakeSpira) SetFieldValueMapping(_, product, field, value int, key string, primary bool) error {
	f.fields[field] = slices.DeleteFunc(f.fields[field], func(m DataMapping) bool { return m.InternalID == value })
	if key != "" {
		f.fields[field] = append(f.fields[field], DataMapping{ProjectID: product, InternalID: value, ExternalKey: key, Primary: primary})
	}
	return nil
}
func (f *fakeSpira) SetCustomPropertyMapping(_, product, art, prop int, key string) error {
	if key == "" {
		delete(f.props, [2]int{art, prop})
		return nil
	}
	f.props[[2]int{art, prop}] = &DataMapping{ProjectID: product, InternalID: prop, ExternalKey: key, Primary: true}
	return nil
}
func (f *fakeSpira) SetCustomPropertyValueMapping(_, product, art, prop, value int, key string) error {
	k := [2]int{art, prop}
	f.propVals[k] = slices.DeleteFunc(f.propVals[k], func(m DataMapping) bool { return m.InternalID == value })
	if key != "" {
		f.propVals[k] = append(f.propVals[k], DataMapping{ProjectID: product, InternalID: value, ExternalKey: key, Primary: true})
	}
	return nil
}
