package mapping

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Pull reads the whole mapping of one product from Spira, every read the
// plug-in itself makes, and the Spira lookups that Validate and Automap
// need. Every Spira value, user, release and custom property of the
// product gets a row, mapped or not, so the file is the editing surface.
// Jira names are filled in by FillJiraNames. Spira lists only active
// project mappings, so an inactive product reads back with no Jira key.
func Pull(ctx context.Context, s Spira, pluginID, productID int) (*Product, *SpiraLookups, error) {
	p := &Product{}
	lk := &SpiraLookups{Values: map[FieldKind][]SpiraValue{}}
	var err error
	if p.Plugin, err = s.DataSync(ctx, pluginID); err != nil {
		return nil, nil, fmt.Errorf("read plug-in %d: %w", pluginID, err)
	}
	info, err := s.Product(ctx, productID)
	if err != nil {
		return nil, nil, fmt.Errorf("read product %d: %w", productID, err)
	}
	p.Project.Spira = Ref{ID: info.ID, Name: info.Name}
	projects, err := s.ProjectMappings(ctx, pluginID)
	if err != nil {
		return nil, nil, fmt.Errorf("read project mappings: %w", err)
	}
	for _, m := range projects {
		lk.ProjectMappings = append(lk.ProjectMappings, ProjectLink{ProductID: m.InternalID, JiraKey: m.ExternalKey})
		if m.InternalID == productID {
			p.Project.JiraKey, p.Project.Active = m.ExternalKey, true
		}
	}
	if err := pullUsers(ctx, s, pluginID, productID, p, lk); err != nil {
		return nil, nil, err
	}
	if err := pullReleases(ctx, s, pluginID, productID, p, lk); err != nil {
		return nil, nil, err
	}
	for _, k := range FieldKinds {
		values, err := s.Values(ctx, info, k)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s values: %w", k.Label(), err)
		}
		lk.Values[k] = values
		ms, err := s.FieldValueMappings(ctx, pluginID, productID, k.ArtifactFieldID())
		if err != nil {
			return nil, nil, fmt.Errorf("read %s mappings: %w", k.Label(), err)
		}
		p.Fields = append(p.Fields, FieldMapping{Field: k, Values: valueRows(values, ms, k.KeyedByName())})
	}
	for _, a := range []Artifact{ArtifactIncident, ArtifactRequirement} {
		props, err := s.CustomProperties(ctx, info, a)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s custom properties: %w", a, err)
		}
		lk.Properties = append(lk.Properties, props...)
		for _, sp := range props {
			pm := PropertyMapping{Artifact: a, Property: Ref{ID: sp.ID, Name: sp.Name}, Type: sp.Type}
			m, err := s.CustomPropertyMapping(ctx, pluginID, productID, a.TypeID(), sp.ID)
			if err != nil {
				return nil, nil, fmt.Errorf("read mapping of %s property %q: %w", a, sp.Name, err)
			}
			if m != nil {
				pm.Jira.ID = m.ExternalKey
			}
			if sp.Type.IsList() {
				ms, err := s.CustomPropertyValueMappings(ctx, pluginID, productID, a.TypeID(), sp.ID)
				if err != nil {
					return nil, nil, fmt.Errorf("read value mappings of %s property %q: %w", a, sp.Name, err)
				}
				pm.Values = valueRows(sp.Values, ms, pm.ValuesKeyedByName())
				for i := range pm.Values {
					pm.Values[i].Primary = pm.Values[i].ExternalKey(pm.ValuesKeyedByName()) != ""
				}
			}
			p.CustomProperties = append(p.CustomProperties, pm)
		}
	}
	if lk.ServerTime, err = s.ServerTime(ctx); err != nil {
		return nil, nil, fmt.Errorf("read Spira's server time: %w", err)
	}
	if lk.Workflows, err = s.IncidentWorkflow(ctx, info); err != nil {
		return nil, nil, fmt.Errorf("read incident workflows: %w", err)
	}
	p.normalize()
	p.Sort()
	return p, lk, nil
}

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

func pullUsers(ctx context.Context, s Spira, pluginID, productID int, p *Product, lk *SpiraLookups) error {
	users, err := s.ProductUsers(ctx, productID)
	if err != nil {
		return fmt.Errorf("read product users: %w", err)
	}
	lk.Users = users
	ms, err := s.UserMappings(ctx, pluginID)
	if err != nil {
		return fmt.Errorf("read user mappings: %w", err)
	}
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

func pullReleases(ctx context.Context, s Spira, pluginID, productID int, p *Product, lk *SpiraLookups) error {
	rels, err := s.Releases(ctx, productID)
	if err != nil {
		return fmt.Errorf("read releases: %w", err)
	}
	lk.Releases = rels
	ms, err := s.ArtifactMappings(ctx, pluginID, productID, ArtifactTypeRelease)
	if err != nil {
		return fmt.Errorf("read release mappings: %w", err)
	}
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
