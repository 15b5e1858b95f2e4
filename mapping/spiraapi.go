package mapping

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spirajira/spirajira/spiraclient"
)

// NewSpira adapts a Spira REST client to the Spira interface.
func NewSpira(c *spiraclient.Client) Spira {
	return &spiraAPI{c: c, records: map[int]spiraclient.RemoteDataSyncSystem{}}
}

type spiraAPI struct {
	c *spiraclient.Client
	// records keeps the plug-in records read, so that an update sends back
	// the password Spira holds without reading it again.
	mu      sync.Mutex
	records map[int]spiraclient.RemoteDataSyncSystem
}

func pluginFrom(r spiraclient.RemoteDataSyncSystem) Plugin {
	return Plugin{
		ID: r.DataSyncSystemID, Name: r.Name, Caption: r.DisplayName, Description: r.Description,
		URL: r.ConnectionString, Login: r.Login, TimeOffsetHours: r.TimeOffsetHours, AutoMapUsers: r.AutoMapUsers,
		Active: r.IsActive, Custom01: r.Custom01, Custom02: r.Custom02, Custom03: r.Custom03, Custom04: r.Custom04, Custom05: r.Custom05,
	}
}

func (s *spiraAPI) remember(r spiraclient.RemoteDataSyncSystem) {
	s.mu.Lock()
	s.records[r.DataSyncSystemID] = r
	s.mu.Unlock()
}

func (s *spiraAPI) DataSyncs(ctx context.Context) ([]Plugin, error) {
	rs, err := s.c.DataSyncs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Plugin, len(rs))
	for i, r := range rs {
		s.remember(r)
		out[i] = pluginFrom(r)
	}
	return out, nil
}

func (s *spiraAPI) DataSync(ctx context.Context, id int) (Plugin, error) {
	r, err := s.c.DataSync(ctx, id)
	if err != nil {
		return Plugin{}, err
	}
	s.remember(*r)
	return pluginFrom(*r), nil
}

func (s *spiraAPI) UpdateDataSync(ctx context.Context, p Plugin) error {
	s.mu.Lock()
	r, ok := s.records[p.ID]
	s.mu.Unlock()
	if !ok {
		cur, err := s.c.DataSync(ctx, p.ID)
		if err != nil {
			return err
		}
		r = *cur
	}
	// Password (the Jira token) and LastSyncDate stay as Spira holds them.
	r.Name, r.DisplayName, r.Description = p.Name, p.Caption, p.Description
	r.ConnectionString, r.Login, r.TimeOffsetHours, r.AutoMapUsers, r.IsActive = p.URL, p.Login, p.TimeOffsetHours, p.AutoMapUsers, p.Active
	r.Custom01, r.Custom02, r.Custom03, r.Custom04, r.Custom05 = p.Custom01, p.Custom02, p.Custom03, p.Custom04, p.Custom05
	if err := s.c.UpdateDataSync(ctx, r); err != nil {
		return err
	}
	s.remember(r)
	return nil
}

func mappingsFrom(ms []spiraclient.RemoteDataMapping) []DataMapping {
	out := make([]DataMapping, len(ms))
	for i, m := range ms {
		out[i] = DataMapping{InternalID: m.InternalID, ExternalKey: m.ExternalKey, Primary: m.Primary}
		if m.ProjectID != nil {
			out[i].ProjectID = *m.ProjectID
		}
	}
	return out
}

func mappingsTo(ms []DataMapping) []spiraclient.RemoteDataMapping {
	out := make([]spiraclient.RemoteDataMapping, len(ms))
	for i, m := range ms {
		out[i] = spiraclient.RemoteDataMapping{InternalID: m.InternalID, ExternalKey: m.ExternalKey, Primary: m.Primary}
		if m.ProjectID != 0 {
			pid := m.ProjectID
			out[i].ProjectID = &pid
		}
	}
	return out
}

func (s *spiraAPI) ProjectMappings(ctx context.Context, pluginID int) ([]DataMapping, error) {
	ms, err := s.c.ProjectMappings(ctx, pluginID)
	return mappingsFrom(ms), err
}

func (s *spiraAPI) UserMappings(ctx context.Context, pluginID int) ([]DataMapping, error) {
	ms, err := s.c.UserMappings(ctx, pluginID)
	return mappingsFrom(ms), err
}

func (s *spiraAPI) AddUserMappings(ctx context.Context, pluginID int, ms []DataMapping) error {
	return s.c.AddUserMappings(ctx, pluginID, mappingsTo(ms))
}

func (s *spiraAPI) ArtifactMappings(ctx context.Context, pluginID, productID, artifactTypeID int) ([]DataMapping, error) {
	ms, err := s.c.ArtifactMappings(ctx, productID, pluginID, artifactTypeID)
	return mappingsFrom(ms), err
}

func (s *spiraAPI) AddArtifactMappings(ctx context.Context, pluginID, productID, artifactTypeID int, ms []DataMapping) error {
	return s.c.AddArtifactMappings(ctx, productID, pluginID, artifactTypeID, mappingsTo(ms))
}

func (s *spiraAPI) RemoveArtifactMappings(ctx context.Context, pluginID, productID, artifactTypeID int, ms []DataMapping) error {
	return s.c.RemoveArtifactMappings(ctx, productID, pluginID, artifactTypeID, mappingsTo(ms))
}

func (s *spiraAPI) FieldValueMappings(ctx context.Context, pluginID, productID, fieldID int) ([]DataMapping, error) {
	ms, err := s.c.FieldValueMappings(ctx, productID, pluginID, fieldID)
	return mappingsFrom(ms), err
}

func (s *spiraAPI) CustomPropertyMapping(ctx context.Context, pluginID, productID, artifactTypeID, propertyID int) (*DataMapping, error) {
	m, err := s.c.CustomPropertyMapping(ctx, productID, pluginID, artifactTypeID, propertyID)
	if err != nil || m == nil {
		return nil, err
	}
	return &mappingsFrom([]spiraclient.RemoteDataMapping{*m})[0], nil
}

func (s *spiraAPI) CustomPropertyValueMappings(ctx context.Context, pluginID, productID, artifactTypeID, propertyID int) ([]DataMapping, error) {
	ms, err := s.c.CustomPropertyValueMappings(ctx, productID, pluginID, artifactTypeID, propertyID)
	return mappingsFrom(ms), err
}

func (s *spiraAPI) Product(ctx context.Context, productID int) (ProductInfo, error) {
	p, err := s.c.Project(ctx, productID)
	if err != nil {
		return ProductInfo{}, err
	}
	return ProductInfo{ID: p.ProjectID, Name: p.Name, TemplateID: p.ProjectTemplateID}, nil
}

func lookup[T any](items []T, f func(T) SpiraValue) []SpiraValue {
	out := make([]SpiraValue, len(items))
	for i, it := range items {
		out[i] = f(it)
	}
	return out
}

func (s *spiraAPI) Values(ctx context.Context, p ProductInfo, k FieldKind) ([]SpiraValue, error) {
	tid := p.TemplateID
	switch k {
	case IncidentType:
		xs, err := s.c.IncidentTypes(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteIncidentType) SpiraValue {
			return SpiraValue{x.IncidentTypeID, x.Name, x.Active}
		}), err
	case IncidentStatus:
		xs, err := s.c.IncidentStatuses(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteIncidentStatus) SpiraValue {
			return SpiraValue{x.IncidentStatusID, x.Name, x.Active}
		}), err
	case IncidentPriority:
		xs, err := s.c.IncidentPriorities(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteIncidentPriority) SpiraValue {
			return SpiraValue{x.PriorityID, x.Name, x.Active}
		}), err
	case IncidentSeverity:
		xs, err := s.c.IncidentSeverities(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteIncidentSeverity) SpiraValue {
			return SpiraValue{x.SeverityID, x.Name, x.Active}
		}), err
	case RequirementStatus:
		xs, err := s.c.RequirementStatuses(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteRequirementStatus) SpiraValue {
			return SpiraValue{x.RequirementStatusID, x.Name, x.Active}
		}), err
	case RequirementImportance:
		xs, err := s.c.RequirementImportances(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteRequirementImportance) SpiraValue {
			return SpiraValue{x.ImportanceID, x.Name, x.Active}
		}), err
	case RequirementType:
		xs, err := s.c.RequirementTypes(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteRequirementType) SpiraValue {
			return SpiraValue{x.RequirementTypeID, x.Name, x.IsActive}
		}), err
	case TaskStatus:
		xs, err := s.c.TaskStatuses(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteTaskStatus) SpiraValue {
			return SpiraValue{x.TaskStatusID, x.Name, x.Active}
		}), err
	case TaskPriority:
		xs, err := s.c.TaskPriorities(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteTaskPriority) SpiraValue {
			return SpiraValue{x.PriorityID, x.Name, x.Active}
		}), err
	case TaskType:
		xs, err := s.c.TaskTypes(ctx, tid)
		return lookup(xs, func(x spiraclient.RemoteTaskType) SpiraValue {
			return SpiraValue{x.TaskTypeID, x.Name, x.IsActive}
		}), err
	case IncidentComponent, RequirementComponent:
		xs, err := s.c.Components(ctx, p.ID, false, false)
		return lookup(xs, func(x spiraclient.RemoteComponent) SpiraValue {
			return SpiraValue{x.ComponentID, x.Name, x.IsActive && !x.IsDeleted}
		}), err
	}
	return nil, fmt.Errorf("unknown field %q", k)
}

func (s *spiraAPI) CustomProperties(ctx context.Context, p ProductInfo, a Artifact) ([]SpiraProperty, error) {
	defs, err := s.c.CustomProperties(ctx, p.TemplateID, a.TypeID())
	if err != nil {
		return nil, err
	}
	var out []SpiraProperty
	for _, d := range defs {
		t, ok := PropertyTypeByID(d.CustomPropertyTypeID)
		if d.IsDeleted || !ok {
			// Release and automation-host properties are not synced.
			continue
		}
		sp := SpiraProperty{Artifact: a, ID: d.CustomPropertyID, Name: d.Name, Type: t}
		if t.IsList() && d.CustomList != nil {
			list := d.CustomList
			if len(list.Values) == 0 && list.CustomPropertyListID != 0 {
				if full, err := s.c.CustomList(ctx, p.TemplateID, list.CustomPropertyListID); err == nil {
					list = full
				}
			}
			for _, v := range list.Values {
				sp.Values = append(sp.Values, SpiraValue{v.CustomPropertyValueID, v.Name, v.Active})
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

func (s *spiraAPI) Releases(ctx context.Context, productID int) ([]SpiraRelease, error) {
	rs, err := s.c.Releases(ctx, productID)
	if err != nil {
		return nil, err
	}
	out := make([]SpiraRelease, len(rs))
	for i, r := range rs {
		out[i] = SpiraRelease{ID: r.ReleaseID, Name: r.Name, VersionNumber: r.VersionNumber, Active: r.Active}
	}
	return out, nil
}

func (s *spiraAPI) ProductUsers(ctx context.Context, productID int) ([]SpiraUser, error) {
	us, err := s.c.ProjectUsers(ctx, productID)
	if err != nil {
		return nil, err
	}
	out := make([]SpiraUser, len(us))
	for i, u := range us {
		name := u.FullName
		if name == "" {
			name = strings.TrimSpace(u.FirstName + " " + u.LastName)
		}
		out[i] = SpiraUser{ID: u.UserID, Login: u.UserName, FullName: name, Email: u.EmailAddress, Active: u.Active}
	}
	return out, nil
}

func (s *spiraAPI) ServerTime(ctx context.Context) (time.Time, error) { return s.c.ServerDateTime(ctx) }

// syncedIncidentFields are the incident fields the plug-in writes from
// Jira; the workflow check looks at these only.
var syncedIncidentFields = []string{
	"Name", "Description", "IncidentTypeId", "PriorityId", "SeverityId", "OwnerId",
	"DetectedReleaseId", "ResolvedReleaseId", "ComponentIds", "StartDate", "ClosedDate",
}

func (s *spiraAPI) IncidentWorkflow(ctx context.Context, p ProductInfo) ([]WorkflowStep, error) {
	types, err := s.c.IncidentTypes(ctx, p.TemplateID)
	if err != nil {
		return nil, err
	}
	statuses, err := s.c.IncidentStatuses(ctx, p.TemplateID)
	if err != nil {
		return nil, err
	}
	initial := 0
	if d, err := s.c.DefaultIncidentStatus(ctx, p.TemplateID); err == nil && d != nil {
		initial = d.IncidentStatusID
	}
	var steps []*WorkflowStep
	g := newGroup(ctx, PullConcurrency)
	for _, t := range types {
		if !t.Active {
			continue
		}
		for _, st := range statuses {
			if !st.Active {
				continue
			}
			step := &WorkflowStep{
				Type: Ref{ID: t.IncidentTypeID, Name: t.Name}, Status: Ref{ID: st.IncidentStatusID, Name: st.Name},
				Initial: st.IncidentStatusID == initial || (initial == 0 && strings.EqualFold(st.Name, "New")),
			}
			steps = append(steps, step)
			g.spawn(func(ctx context.Context) error {
				fields, err := s.c.IncidentWorkflowFields(ctx, p.TemplateID, step.Type.ID, step.Status.ID)
				if err != nil {
					return err
				}
				for _, f := range syncedIncidentFields {
					locked := slices.ContainsFunc(fields, func(w spiraclient.RemoteWorkflowField) bool {
						return w.FieldName == f && (w.FieldStateID == spiraclient.FieldStateInactive || w.FieldStateID == spiraclient.FieldStateHidden)
					})
					if !locked {
						step.Editable = append(step.Editable, f)
					}
				}
				return nil
			})
		}
	}
	if err := g.wait(); err != nil {
		return nil, err
	}
	out := make([]WorkflowStep, len(steps))
	for i, st := range steps {
		out[i] = *st
	}
	return out, nil
}
