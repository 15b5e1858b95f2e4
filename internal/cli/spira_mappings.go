package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/spiraclient"
)

// spiraMappingRow is one mapping row with the Spira name beside the ID.
type spiraMappingRow struct {
	SpiraID     int    `json:"spiraId"`
	SpiraName   string `json:"spiraName,omitempty"`
	ExternalKey string `json:"externalKey"`
	Primary     *bool  `json:"primary,omitempty"`
}

type spiraFieldMapping struct {
	FieldID int               `json:"fieldId"`
	Field   string            `json:"field"`
	Values  []spiraMappingRow `json:"values"`
}

type spiraPropertyMapping struct {
	ID          int               `json:"id"`
	Name        string            `json:"name"`
	Artifact    string            `json:"artifact"`
	Type        string            `json:"type"`
	ExternalKey string            `json:"externalKey"`
	Values      []spiraMappingRow `json:"values,omitempty"`
}

type spiraPluginInfo struct {
	ID               int    `json:"id"`
	Name             string `json:"name"`
	ConnectionString string `json:"connectionString"`
	Login            string `json:"login"`
	TimeOffsetHours  int    `json:"timeOffsetHours"`
	AutoMapUsers     bool   `json:"autoMapUsers"`
	Custom01         string `json:"custom01"`
	Custom02         string `json:"custom02"`
	Custom03         string `json:"custom03"`
	Custom04         string `json:"custom04"`
	Custom05         string `json:"custom05"`
}

type spiraProjectMapping struct {
	Key    string `json:"key"`
	Active bool   `json:"active"`
}

// spiraMappingsResult is what "spira mappings" shows: the data mapping of
// one product exactly as Spira holds it.
type spiraMappingsResult struct {
	DataSync         spiraPluginInfo        `json:"dataSync"`
	Product          int                    `json:"product"`
	Project          *spiraProjectMapping   `json:"project"`
	Users            []spiraMappingRow      `json:"users"`
	Releases         []spiraMappingRow      `json:"releases"`
	Incidents        []spiraMappingRow      `json:"incidents"`
	Requirements     []spiraMappingRow      `json:"requirements"`
	Fields           []spiraFieldMapping    `json:"fields"`
	CustomProperties []spiraPropertyMapping `json:"customProperties"`
}

var spiraFieldLabels = map[int]string{
	spiraclient.FieldIncidentType: "incident type", spiraclient.FieldIncidentStatus: "incident status",
	spiraclient.FieldIncidentPriority: "incident priority", spiraclient.FieldIncidentSeverity: "incident severity",
	spiraclient.FieldIncidentComponent: "incident component", spiraclient.FieldRequirementStatus: "requirement status",
	spiraclient.FieldRequirementImportance: "requirement importance", spiraclient.FieldRequirementType: "requirement type",
	spiraclient.FieldRequirementComponent: "requirement component",
}

func spiraMappings(ctx context.Context, o *SpiraOptions, c *spiraclient.Client) error {
	res, err := readSpiraMappings(ctx, c, o.DataSync(), o.Product)
	if err != nil {
		return err
	}
	t := Table{Headers: []string{"SECTION", "SPIRA ID", "SPIRA NAME", "EXTERNAL KEY", "PRIMARY"}}
	row := func(section string, r spiraMappingRow) {
		primary := ""
		if r.Primary != nil {
			primary = words.YesNo(*r.Primary)
		}
		t.Rows = append(t.Rows, []string{section, spItoa(r.SpiraID), r.SpiraName, r.ExternalKey, primary})
	}
	if res.Project != nil {
		t.Rows = append(t.Rows, []string{"project", spItoa(res.Product), "", res.Project.Key, ""})
	} else {
		t.Rows = append(t.Rows, []string{"project", spItoa(res.Product), "", "(not mapped or not active)", ""})
	}
	for _, r := range res.Users {
		row("user", r)
	}
	for _, r := range res.Releases {
		row("release", r)
	}
	for _, r := range res.Incidents {
		row("incident", r)
	}
	for _, r := range res.Requirements {
		row("requirement", r)
	}
	for _, fm := range res.Fields {
		for _, r := range fm.Values {
			row(fm.Field, r)
		}
	}
	for _, cp := range res.CustomProperties {
		t.Rows = append(t.Rows, []string{cp.Artifact + " property", spItoa(cp.ID), cp.Name, cp.ExternalKey, ""})
		for _, r := range cp.Values {
			row("  "+cp.Name+" value", r)
		}
	}
	return printResult(o.IO, o.Output, res, t)
}

func readSpiraMappings(ctx context.Context, c *spiraclient.Client, dataSync string, productID int) (*spiraMappingsResult, error) {
	ds, err := c.DataSyncByName(ctx, dataSync)
	if err != nil {
		return nil, err
	}
	p, err := c.Project(ctx, productID)
	if err != nil {
		return nil, err
	}
	dsid := ds.DataSyncSystemID
	res := &spiraMappingsResult{Product: productID,
		DataSync: spiraPluginInfo{ID: dsid, Name: ds.Name, ConnectionString: ds.ConnectionString, Login: ds.Login,
			TimeOffsetHours: ds.TimeOffsetHours, AutoMapUsers: ds.AutoMapUsers, Custom01: ds.Custom01, Custom02: ds.Custom02,
			Custom03: ds.Custom03, Custom04: ds.Custom04, Custom05: ds.Custom05},
		Users: []spiraMappingRow{}, Releases: []spiraMappingRow{}, Incidents: []spiraMappingRow{}, Requirements: []spiraMappingRow{},
		Fields: []spiraFieldMapping{}, CustomProperties: []spiraPropertyMapping{}}

	pms, err := c.ProjectMappings(ctx, dsid)
	if err != nil {
		return nil, err
	}
	for _, m := range pms {
		if m.InternalID == productID {
			res.Project = &spiraProjectMapping{Key: m.ExternalKey, Active: true}
		}
	}

	// User names need users/all, which only administrators may call.
	names := map[int]string{}
	if us, err := c.Users(ctx); err == nil {
		for _, u := range us {
			names[u.UserID] = u.FullName
		}
	} else if !errors.Is(err, spiraclient.ErrUnauthorized) {
		return nil, err
	}
	ums, err := c.UserMappings(ctx, dsid)
	if err != nil {
		return nil, err
	}
	for _, m := range ums {
		res.Users = append(res.Users, spiraMappingRow{SpiraID: m.InternalID, SpiraName: names[m.InternalID], ExternalKey: m.ExternalKey})
	}

	rels, err := c.Releases(ctx, productID)
	if err != nil {
		return nil, err
	}
	relNames := map[int]string{}
	for _, r := range rels {
		relNames[r.ReleaseID] = r.VersionNumber + " " + r.Name
	}
	for _, at := range []struct {
		typ   int
		into  *[]spiraMappingRow
		names map[int]string
	}{{spiraclient.ArtifactTypeRelease, &res.Releases, relNames}, {spiraclient.ArtifactTypeIncident, &res.Incidents, nil},
		{spiraclient.ArtifactTypeRequirement, &res.Requirements, nil}} {
		ms, err := c.ArtifactMappings(ctx, productID, dsid, at.typ)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			*at.into = append(*at.into, spiraMappingRow{SpiraID: m.InternalID, SpiraName: at.names[m.InternalID], ExternalKey: m.ExternalKey})
		}
	}

	valueNames, err := spiraFieldValueNames(ctx, c, p.ProjectTemplateID, productID)
	if err != nil {
		return nil, err
	}
	for _, fid := range spiraclient.MappableFields {
		ms, err := c.FieldValueMappings(ctx, productID, dsid, fid)
		if err != nil {
			return nil, err
		}
		fm := spiraFieldMapping{FieldID: fid, Field: spiraFieldLabels[fid], Values: []spiraMappingRow{}}
		for _, m := range ms {
			primary := m.Primary
			fm.Values = append(fm.Values, spiraMappingRow{SpiraID: m.InternalID, SpiraName: valueNames[fid][m.InternalID], ExternalKey: m.ExternalKey, Primary: &primary})
		}
		res.Fields = append(res.Fields, fm)
	}

	for _, at := range []int{spiraclient.ArtifactTypeIncident, spiraclient.ArtifactTypeRequirement} {
		defs, err := c.CustomProperties(ctx, p.ProjectTemplateID, at)
		if err != nil {
			return nil, err
		}
		for _, d := range defs {
			m, err := c.CustomPropertyMapping(ctx, productID, dsid, at, d.CustomPropertyID)
			if err != nil {
				return nil, err
			}
			if m == nil {
				continue
			}
			pm := spiraPropertyMapping{ID: d.CustomPropertyID, Name: d.Name, Artifact: spiraclient.ArtifactTypeName(at),
				Type: d.CustomPropertyTypeName, ExternalKey: m.ExternalKey}
			if d.CustomList != nil {
				listNames := map[int]string{}
				for _, v := range d.CustomList.Values {
					listNames[v.CustomPropertyValueID] = v.Name
				}
				vs, err := c.CustomPropertyValueMappings(ctx, productID, dsid, at, d.CustomPropertyID)
				if err != nil {
					return nil, err
				}
				for _, v := range vs {
					pm.Values = append(pm.Values, spiraMappingRow{SpiraID: v.InternalID, SpiraName: listNames[v.InternalID], ExternalKey: v.ExternalKey})
				}
			}
			res.CustomProperties = append(res.CustomProperties, pm)
		}
	}
	return res, nil
}

// spiraFieldValueNames reads the names of the values of every mappable
// field, keyed by field ID and value ID.
func spiraFieldValueNames(ctx context.Context, c *spiraclient.Client, tid, productID int) (map[int]map[int]string, error) {
	out := map[int]map[int]string{}
	set := func(fid, id int, name string) {
		if out[fid] == nil {
			out[fid] = map[int]string{}
		}
		out[fid][id] = name
	}
	var errs []error
	if v, err := c.IncidentTypes(ctx, tid); err == nil {
		for _, x := range v {
			set(spiraclient.FieldIncidentType, x.IncidentTypeID, x.Name)
		}
	} else {
		errs = append(errs, err)
	}
	if v, err := c.IncidentStatuses(ctx, tid); err == nil {
		for _, x := range v {
			set(spiraclient.FieldIncidentStatus, x.IncidentStatusID, x.Name)
		}
	} else {
		errs = append(errs, err)
	}
	if v, err := c.IncidentPriorities(ctx, tid); err == nil {
		for _, x := range v {
			set(spiraclient.FieldIncidentPriority, x.PriorityID, x.Name)
		}
	} else {
		errs = append(errs, err)
	}
	if v, err := c.IncidentSeverities(ctx, tid); err == nil {
		for _, x := range v {
			set(spiraclient.FieldIncidentSeverity, x.SeverityID, x.Name)
		}
	} else {
		errs = append(errs, err)
	}
	if v, err := c.RequirementStatuses(ctx, tid); err == nil {
		for _, x := range v {
			set(spiraclient.FieldRequirementStatus, x.RequirementStatusID, x.Name)
		}
	} else {
		errs = append(errs, err)
	}
	if v, err := c.RequirementImportances(ctx, tid); err == nil {
		for _, x := range v {
			set(spiraclient.FieldRequirementImportance, x.ImportanceID, x.Name)
		}
	} else {
		errs = append(errs, err)
	}
	if v, err := c.RequirementTypes(ctx, tid); err == nil {
		for _, x := range v {
			set(spiraclient.FieldRequirementType, x.RequirementTypeID, x.Name)
		}
	} else {
		errs = append(errs, err)
	}
	if v, err := c.Components(ctx, productID, false, true); err == nil {
		for _, x := range v {
			set(spiraclient.FieldIncidentComponent, x.ComponentID, x.Name)
			set(spiraclient.FieldRequirementComponent, x.ComponentID, x.Name)
		}
	} else {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("reading the lookups of product %d: %w", productID, err)
	}
	return out, nil
}
