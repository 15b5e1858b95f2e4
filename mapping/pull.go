package mapping

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// PullConcurrency bounds the Spira calls Pull makes at once.
const PullConcurrency = 6

// Pull reads the whole mapping of one product from Spira, every read the
// plug-in itself makes, and the Spira lookups that Validate and Automap
// need, with at most PullConcurrency calls at once. Every Spira value,
// user, release and custom property of the product gets a row, mapped or
// not, so the file is the editing surface. Jira names are filled in by
// FillJiraNames. Spira lists only active project mappings, so an inactive
// product reads back with no Jira key.
func Pull(ctx context.Context, s Spira, pluginID, productID int) (*Product, *SpiraLookups, error) {
	return pull(ctx, s, pluginID, nil, productID, true)
}

// PullForSync reads the mapping a sync runs on: what Pull reads but the
// lookups only Validate needs (the incident workflow's field states, one
// read per type and status, and Spira's clock), and with plugin, the
// record the caller read this run (FindPlugin), rather than reading it
// again. The value mappings of a list property that is not mapped are not
// read either: no value of it is synced.
func PullForSync(ctx context.Context, s Spira, plugin Plugin, productID int) (*Product, error) {
	p, _, err := pull(ctx, s, plugin.ID, &plugin, productID, false)
	return p, err
}

func pull(ctx context.Context, s Spira, pluginID int, plugin *Plugin, productID int, full bool) (*Product, *SpiraLookups, error) {
	p := &Product{}
	lk := &SpiraLookups{Values: map[FieldKind][]SpiraValue{}}
	var err error
	if plugin != nil {
		p.Plugin = *plugin
	} else if p.Plugin, err = s.DataSync(ctx, pluginID); err != nil {
		return nil, nil, fmt.Errorf("read plug-in %d: %w", pluginID, err)
	}
	info, err := s.Product(ctx, productID)
	if err != nil {
		return nil, nil, fmt.Errorf("read product %d: %w", productID, err)
	}
	p.Project.Spira = Ref{ID: info.ID, Name: info.Name}

	g := newGroup(ctx, PullConcurrency)
	var mu sync.Mutex // guards lk and the result slots below
	g.spawn(func(ctx context.Context) error {
		projects, err := s.ProjectMappings(ctx, pluginID)
		if err != nil {
			return fmt.Errorf("read project mappings: %w", err)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, m := range projects {
			lk.ProjectMappings = append(lk.ProjectMappings, ProjectLink{ProductID: m.InternalID, JiraKey: m.ExternalKey})
			if m.InternalID == productID {
				p.Project.JiraKey, p.Project.Active = m.ExternalKey, true
			}
		}
		return nil
	})
	g.spawn(func(ctx context.Context) error { return pullUsers(ctx, s, pluginID, productID, p, lk, &mu) })
	g.spawn(func(ctx context.Context) error { return pullReleases(ctx, s, pluginID, productID, p, lk, &mu) })
	fields := make([]FieldMapping, len(FieldKinds))
	st := p.Plugin.Settings()
	for i, k := range FieldKinds {
		fields[i].Field = k
		if !full && !st.Syncs(k.flowKind()) {
			continue // none of these artifacts sync: no value is looked up
		}
		g.spawn(func(ctx context.Context) error {
			values, err := s.Values(ctx, info, k)
			if err != nil {
				return fmt.Errorf("read %s values: %w", k.Label(), err)
			}
			ms, err := s.FieldValueMappings(ctx, pluginID, productID, k.ArtifactFieldID())
			if err != nil {
				return fmt.Errorf("read %s mappings: %w", k.Label(), err)
			}
			mu.Lock()
			defer mu.Unlock()
			lk.Values[k] = values
			fields[i] = FieldMapping{Field: k, Values: valueRows(values, ms, k.KeyedByName())}
			return nil
		})
	}
	artifacts := []Artifact{ArtifactIncident, ArtifactRequirement}
	props := make([][]SpiraProperty, len(artifacts))
	for i, a := range artifacts {
		if !full && !st.Syncs(map[Artifact]string{ArtifactIncident: FlowIncidents, ArtifactRequirement: FlowRequirements}[a]) {
			continue
		}
		g.spawn(func(ctx context.Context) error {
			defs, err := s.CustomProperties(ctx, info, a)
			if err != nil {
				return fmt.Errorf("read %s custom properties: %w", a, err)
			}
			mu.Lock()
			props[i] = defs
			mu.Unlock()
			return nil
		})
	}
	if full {
		pullChecks(g, s, info, lk, &mu)
	}
	if err := g.wait(); err != nil {
		return nil, nil, err
	}
	p.Fields = fields

	// The property mappings need the definitions first.
	g = newGroup(ctx, PullConcurrency)
	var mappings []PropertyMapping
	for i, a := range artifacts {
		lk.Properties = append(lk.Properties, props[i]...)
		for _, sp := range props[i] {
			mappings = append(mappings, PropertyMapping{Artifact: a, Property: Ref{ID: sp.ID, Name: sp.Name}, Type: sp.Type})
		}
	}
	for i := range mappings {
		pm := &mappings[i]
		g.spawn(func(ctx context.Context) error {
			m, err := s.CustomPropertyMapping(ctx, pluginID, productID, pm.Artifact.TypeID(), pm.Property.ID)
			if err != nil {
				return fmt.Errorf("read mapping of %s property %q: %w", pm.Artifact, pm.Property.Name, err)
			}
			if m != nil {
				pm.Jira.ID = m.ExternalKey
			}
			if !pm.Type.IsList() || (!full && pm.Jira.ID == "") {
				return nil
			}
			ms, err := s.CustomPropertyValueMappings(ctx, pluginID, productID, pm.Artifact.TypeID(), pm.Property.ID)
			if err != nil {
				return fmt.Errorf("read value mappings of %s property %q: %w", pm.Artifact, pm.Property.Name, err)
			}
			sp, _ := find(lk.Properties, func(x SpiraProperty) bool { return x.Artifact == pm.Artifact && x.ID == pm.Property.ID })
			byName := pm.ValuesKeyedByName()
			pm.Values = valueRows(sp.Values, ms, byName)
			// Spira keeps no Primary flag for list values: a mapped one counts.
			for i := range pm.Values {
				pm.Values[i].Primary = pm.Values[i].ExternalKey(byName) != ""
			}
			return nil
		})
	}
	if err := g.wait(); err != nil {
		return nil, nil, err
	}
	p.CustomProperties = mappings
	// Read, even when empty: Validate checks the file against it.
	lk.Properties = orEmptyList(lk.Properties)
	p.normalize()
	p.Sort()
	return p, lk, nil
}

// flowKind is the Flow kind (FlowIncidents...) of the field's artifact.
func (k FieldKind) flowKind() string {
	switch {
	case k.Incident():
		return FlowIncidents
	case k.Task():
		return FlowTasks
	}
	return FlowRequirements
}

// pullChecks reads what only Validate needs: Spira's clock and the
// incident workflow's field states.
func pullChecks(g *group, s Spira, info ProductInfo, lk *SpiraLookups, mu *sync.Mutex) {
	g.spawn(func(ctx context.Context) error {
		t, err := s.ServerTime(ctx)
		if err != nil {
			return fmt.Errorf("read Spira's server time: %w", err)
		}
		mu.Lock()
		lk.ServerTime, lk.ReadAt = t, time.Now()
		mu.Unlock()
		return nil
	})
	g.spawn(func(ctx context.Context) error {
		w, err := s.IncidentWorkflow(ctx, info)
		if err != nil {
			return fmt.Errorf("read incident workflows: %w", err)
		}
		mu.Lock()
		lk.Workflows = w
		mu.Unlock()
		return nil
	})
}

// group runs functions at most n at once and keeps the first error, which
// cancels the context the others are given.
type group struct {
	eg  *errgroup.Group
	ctx context.Context
}

func newGroup(ctx context.Context, n int) *group {
	eg, ctx := errgroup.WithContext(ctx)
	eg.SetLimit(n)
	return &group{eg: eg, ctx: ctx}
}

func (g *group) spawn(f func(context.Context) error) { g.eg.Go(func() error { return f(g.ctx) }) }

func (g *group) wait() error { return g.eg.Wait() }

// valueRows makes one row per Spira value (active, or inactive but
// mapped), plus rows for mappings of values Spira no longer lists.
func valueRows(values []SpiraValue, ms []DataMapping, byName bool) []ValueMapping {
	var rows []ValueMapping
	for _, v := range values {
		m, ok := find(ms, func(m DataMapping) bool { return m.InternalID == v.ID })
		if !v.Active && !ok {
			continue
		}
		rows = append(rows, row(Ref{ID: v.ID, Name: v.Name}, m, byName))
	}
	for _, m := range ms {
		if !slices.ContainsFunc(values, func(v SpiraValue) bool { return v.ID == m.InternalID }) {
			rows = append(rows, row(Ref{ID: m.InternalID}, m, byName))
		}
	}
	return rows
}

func row(r Ref, m DataMapping, byName bool) ValueMapping {
	v := ValueMapping{Spira: r}
	if m.ExternalKey == "" {
		return v
	}
	v.Primary = m.Primary
	if byName {
		v.Jira.Name = m.ExternalKey
	} else {
		v.Jira.ID = m.ExternalKey
	}
	return v
}

func pullUsers(ctx context.Context, s Spira, pluginID, productID int, p *Product, lk *SpiraLookups, mu *sync.Mutex) error {
	users, err := s.ProductUsers(ctx, productID)
	if err != nil {
		return fmt.Errorf("read product users: %w", err)
	}
	ms, err := s.UserMappings(ctx, pluginID)
	if err != nil {
		return fmt.Errorf("read user mappings: %w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	lk.Users = orEmptyList(users)
	for _, u := range users {
		um := UserMapping{Spira: Ref{ID: u.ID, Name: u.Login}}
		if m, ok := find(ms, func(m DataMapping) bool { return m.InternalID == u.ID }); ok {
			um.Jira.ID = m.ExternalKey
		}
		if u.Active || um.Jira.ID != "" {
			p.Users = append(p.Users, um)
		}
	}
	return nil
}

func pullReleases(ctx context.Context, s Spira, pluginID, productID int, p *Product, lk *SpiraLookups, mu *sync.Mutex) error {
	rels, err := s.Releases(ctx, productID)
	if err != nil {
		return fmt.Errorf("read releases: %w", err)
	}
	ms, err := s.ArtifactMappings(ctx, pluginID, productID, ArtifactTypeRelease)
	if err != nil {
		return fmt.Errorf("read release mappings: %w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	lk.Releases = orEmptyList(rels)
	for _, r := range rels {
		rm := ReleaseMapping{Spira: Ref{ID: r.ID, Name: r.Name}, VersionNumber: r.VersionNumber}
		if m, ok := find(ms, func(m DataMapping) bool { return m.InternalID == r.ID }); ok {
			rm.Jira.ID = m.ExternalKey
		}
		p.Releases = append(p.Releases, rm)
	}
	return nil
}

// FillJiraNames writes the Jira names beside the IDs the product holds
// (and the IDs beside severity and option names), so the file and the
// sheet read well. IDs Jira does not know keep an empty name.
func FillJiraNames(p *Product, j *Jira) {
	if j == nil {
		return
	}
	for i := range p.Users {
		u := &p.Users[i]
		if ju, ok := find(j.Users, func(x JiraUser) bool {
			return x.AccountID == u.Jira.ID || (x.Email != "" && strings.EqualFold(x.Email, u.Jira.ID))
		}); ok && u.Jira.ID != "" {
			u.Jira.Name = ju.DisplayName
		}
	}
	for i := range p.Releases {
		r := &p.Releases[i]
		if it := findID(j.Versions, r.Jira.ID); it != nil {
			r.Jira.Name = it.Name
		}
	}
	v := &validator{p: p, j: j}
	for fi := range p.Fields {
		k := p.Fields[fi].Field
		if k.KeyedByName() {
			continue
		}
		set := v.jiraSet(k)
		for i := range p.Fields[fi].Values {
			jr := &p.Fields[fi].Values[i].Jira
			if it := findID(set, jr.ID); it != nil {
				jr.Name = it.Name
			}
		}
	}
	for i := range p.CustomProperties {
		m := &p.CustomProperties[i]
		if m.Special() != "" {
			var set []JiraItem
			switch m.Special() {
			case KeyResolution:
				set = j.Resolutions
			case KeySecurityLevel:
				set = j.SecurityLevels
			}
			for vi := range m.Values {
				if it := findID(set, m.Values[vi].Jira.ID); it != nil {
					m.Values[vi].Jira.Name = it.Name
				}
			}
			continue
		}
		if f := j.FieldByID(m.Jira.ID); f != nil {
			m.Jira.Name = f.Name
		}
	}
}

// orEmptyList tells "Spira has none" (empty) from "not read" (nil).
func orEmptyList[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
