package spiratest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// syncRoutes are the data-sync and data-mapping operations Spira's REST
// API has. It has none that writes project, field-value or custom-property
// mappings; the Set* methods of Sim stand for the admin screens instead.
func (s *Sim) syncRoutes() {
	s.handle("GET data-syncs", s.listDataSyncs)
	s.handle("GET data-syncs/{data_sync_system_id}", s.getDataSync)
	s.handle("POST data-syncs", s.createDataSync)
	s.handle("PUT data-syncs/{data_sync_system_id}", s.updateDataSync)
	s.handle("POST data-syncs/{data_sync_system_id}/success", s.runResult(1))
	s.handle("POST data-syncs/{data_sync_system_id}/warning", s.runResult(3))
	s.handle("POST data-syncs/{data_sync_system_id}/failure", s.runResult(2))
	s.handle("POST data-syncs/events", s.writeEvent)

	s.handle("GET data-mappings/{data_sync_system_id}/projects", s.projectMappings)
	s.handle("GET data-mappings/{data_sync_system_id}/users", s.userMappings)
	s.handle("POST data-mappings/{data_sync_system_id}/users", s.addUserMappings)
	s.handle("POST data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}/search", s.searchArtifactMappings)
	s.handle("GET projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}", s.artifactMappings)
	s.handle("POST projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}", s.addArtifactMappings)
	s.handle("DELETE projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}", s.removeArtifactMappings)
	s.handle("GET projects/{project_id}/data-mappings/{data_sync_system_id}/field-values/{artifact_field_id}", s.fieldValueMappings)
	s.handle("GET projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}/custom-properties/{custom_property_id}", s.cpMapping)
	s.handle("GET projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}/custom-properties/{custom_property_id}/values", s.cpValueMappings)
}

var statusNames = map[int]string{1: "Success", 2: "Failure", 3: "Warning", 4: "Not Run"}

// dataSyncOut is a record as Spira returns it: DisplayName is the stored
// Caption, empty when none was set, never the Name (F12).
func (st *state) dataSyncOut(d *wDataSync) wDataSync {
	o := *d
	o.DataSyncStatusName = statusNames[d.DataSyncStatusId]
	if n, ok := st.statusNames[d.DataSyncStatusId]; ok {
		o.DataSyncStatusName = n
	}
	return o
}

func (s *Sim) listDataSyncs(c *call) {
	var act []*wDataSync
	for _, d := range s.st.dataSyncs {
		if d.IsActive {
			act = append(act, d)
		}
	}
	sort.SliceStable(act, func(i, j int) bool {
		if act[i].Name != act[j].Name {
			return act[i].Name < act[j].Name
		}
		return act[i].DataSyncSystemId < act[j].DataSyncSystemId
	})
	out := []wDataSync{}
	for _, d := range act {
		out = append(out, s.st.dataSyncOut(d))
	}
	c.ok(out)
}

func (c *call) dataSync() (*wDataSync, bool) {
	id, ok := c.pathInt("data_sync_system_id")
	if !ok {
		return nil, false
	}
	d := c.s.st.dataSync(id)
	if d == nil {
		c.notFound("The data-sync plug-in " + strconv.Itoa(id) + " does not exist.")
		return nil, false
	}
	return d, true
}

func (s *Sim) getDataSync(c *call) {
	if d, ok := c.dataSync(); ok {
		c.ok(s.st.dataSyncOut(d))
	}
}

func validateDataSync(d *wDataSync) []wFaultMessage {
	var out []wFaultMessage
	if strings.TrimSpace(d.Name) == "" {
		out = append(out, wFaultMessage{"Name", "Name is a required field."})
	} else if len(d.Name) > 50 {
		out = append(out, wFaultMessage{"Name", "Name can be at most 50 characters long."})
	}
	if strings.TrimSpace(d.ConnectionString) == "" {
		out = append(out, wFaultMessage{"ConnectionString", "Connection Info is a required field."})
	} else if len(d.ConnectionString) > 255 {
		out = append(out, wFaultMessage{"ConnectionString", "Connection Info can be at most 255 characters long."})
	}
	if len(d.Login) > 50 {
		out = append(out, wFaultMessage{"Login", "Login can be at most 50 characters long."})
	}
	for i, v := range []*string{d.Custom01, d.Custom02, d.Custom03, d.Custom04, d.Custom05} {
		if v != nil && len(*v) > 255 {
			out = append(out, wFaultMessage{"Custom0" + strconv.Itoa(i+1), "Custom fields can be at most 255 characters long."})
		}
	}
	return out
}

func (s *Sim) createDataSync(c *call) {
	if !c.requireAdmin() {
		return
	}
	var in wDataSync
	if !c.decode(&in) {
		return
	}
	if msgs := validateDataSync(&in); len(msgs) > 0 {
		writeFault(c.w, "The data-sync plug-in could not be created.", msgs...)
		return
	}
	// Spira returns the existing record, in full, when the name is taken.
	for _, d := range s.st.dataSyncs {
		if d.Name == in.Name {
			c.ok(s.st.dataSyncOut(d))
			return
		}
	}
	d := &wDataSync{}
	*d = in
	d.DataSyncSystemId = s.st.nextID("datasync")
	d.DataSyncStatusId, d.LastSyncDate = 4, nil
	// The insert takes no IsActive and defaults it to true: a new record
	// is always active, whatever the body says (F11).
	d.IsActive = true
	s.st.dataSyncs = append(s.st.dataSyncs, d)
	// The answer is the request with the new ID, not the stored record:
	// its IsActive is what was sent (F11, F7).
	in.DataSyncSystemId = d.DataSyncSystemId
	c.ok(in)
}

func (s *Sim) updateDataSync(c *call) {
	if !c.requireAdmin() {
		return
	}
	var in wDataSync
	if !c.decode(&in) {
		return
	}
	// The ID in the body wins over the one in the URL.
	d := s.st.dataSync(in.DataSyncSystemId)
	if d == nil {
		c.notFound("The data-sync plug-in " + strconv.Itoa(in.DataSyncSystemId) + " does not exist.")
		return
	}
	if msgs := validateDataSync(&in); len(msgs) > 0 {
		writeFault(c.w, "The data-sync plug-in could not be updated.", msgs...)
		return
	}
	d.Name, d.DisplayName, d.Description = in.Name, in.DisplayName, in.Description
	d.ConnectionString, d.Login, d.Password, d.TimeOffsetHours = in.ConnectionString, in.Login, in.Password, in.TimeOffsetHours
	d.Custom01, d.Custom02, d.Custom03, d.Custom04, d.Custom05 = in.Custom01, in.Custom02, in.Custom03, in.Custom04, in.Custom05
	d.AutoMapUsers, d.IsActive = in.AutoMapUsers, in.IsActive
	if s.cfg.putClearsExtended {
		delete(s.st.extended, d.DataSyncSystemId)
	}
	noContent(c.w)
}

// runResult records a run: success and warning set LastSyncDate to the
// posted date (a bare JSON date); failure leaves it. For an ID that has no
// record Spira only logs a warning and answers 200, changing nothing (F13).
func (s *Sim) runResult(status int) handler {
	return func(c *call) {
		id, ok := c.pathInt("data_sync_system_id")
		if !ok {
			return
		}
		d := s.st.dataSync(id)
		if d == nil {
			if status != 2 {
				var when stamp
				if !c.decode(&when) {
					return
				}
			}
			noContent(c.w)
			return
		}
		if status != 2 {
			var when stamp
			if !c.decode(&when) {
				return
			}
			if when.t.IsZero() {
				writeJSONString(c.w, http.StatusBadRequest, "The last run date is required.")
				return
			}
			d.LastSyncDate = &stamp{when.t}
		}
		d.DataSyncStatusId = status
		noContent(c.w)
	}
}

var eventTypeNames = map[int]string{1: "Error", 2: "Warning", 4: "Information", 8: "SuccessAudit", 16: "FailureAudit"}

func (s *Sim) writeEvent(c *call) {
	var in wEventIn
	if !c.decode(&in) {
		return
	}
	typ := in.EventLogEntryType
	if eventTypeNames[typ] == "" {
		typ = 4
	}
	msg := in.Message
	if len([]rune(msg)) > 255 {
		msg = string([]rune(msg)[:255])
	}
	s.st.events = append(s.st.events, wEvent{EventId: strconv.Itoa(len(s.st.events) + 1), EventTypeId: typ,
		EventTypeName: eventTypeNames[typ], Message: msg, Details: in.Details, EventTimeUtc: stamp{s.now()},
		EventCategory: "Data Synchronization", EventCode: 0})
	noContent(c.w)
}

// ---- mappings

func (c *call) dsMaps() (*dsMaps, bool) {
	d, ok := c.dataSync()
	if !ok {
		return nil, false
	}
	return c.s.st.dsMaps(d.DataSyncSystemId), true
}

// dsMapsRead is dsMaps for the data-mapping reads, which do not check that
// the plug-in exists: an unknown ID has no mappings, so they answer 200
// with nothing (F14).
func (c *call) dsMapsRead() (*dsMaps, bool) {
	id, ok := c.pathInt("data_sync_system_id")
	if !ok {
		return nil, false
	}
	if c.s.st.dataSync(id) == nil {
		return newDSMaps(), true
	}
	return c.s.st.dsMaps(id), true
}

func (s *Sim) projectMappings(c *call) {
	m, ok := c.dsMapsRead()
	if !ok {
		return
	}
	out := []wMapping{}
	ids := sortedKeys(m.projects)
	for _, pid := range ids {
		pm := m.projects[pid]
		p := s.st.project(pid)
		if !pm.active || p == nil || !p.Active {
			continue
		}
		out = append(out, wMapping{ProjectId: ip(pid), InternalId: pid, ExternalKey: pm.key, Primary: bp(true)})
	}
	c.ok(out)
}

func (s *Sim) userMappings(c *call) {
	if m, ok := c.dsMapsRead(); ok {
		c.ok(mappingRows(nil, m.users))
	}
}

func (s *Sim) addUserMappings(c *call) {
	m, ok := c.dsMaps()
	if !ok {
		return
	}
	var in []wMapping
	if !c.decode(&in) {
		return
	}
	for _, x := range in {
		if s.st.user(x.InternalId) == nil || strings.TrimSpace(x.ExternalKey) == "" {
			continue
		}
		if len(x.ExternalKey) > 50 {
			writeFault(c.w, "The user mapping could not be added.", wFaultMessage{"ExternalKey", "The external key can be at most 50 characters long."})
			return
		}
		if _, exists := m.users[x.InternalId]; !exists {
			m.users[x.InternalId] = x.ExternalKey
		}
	}
	noContent(c.w)
}

// projectMaps finds the product and the plug-in's mappings of a call about
// one product, and reads the integer path parameter param (an artifact
// type, field or custom property).
func (c *call) projectMaps(param string) (*wProject, *dsMaps, int, bool) {
	return c.projectMapsOf(param, (*call).dsMaps)
}

// projectMapsRead is projectMaps for the reads (see dsMapsRead).
func (c *call) projectMapsRead(param string) (*wProject, *dsMaps, int, bool) {
	return c.projectMapsOf(param, (*call).dsMapsRead)
}

func (c *call) projectMapsOf(param string, maps func(*call) (*dsMaps, bool)) (*wProject, *dsMaps, int, bool) {
	p, ok := c.project()
	if !ok {
		return nil, nil, 0, false
	}
	if !c.mappingRoleOK(p.ProjectId) {
		return nil, nil, 0, false
	}
	m, ok := maps(c)
	if !ok {
		return nil, nil, 0, false
	}
	n, ok := c.pathInt(param)
	if !ok {
		return nil, nil, 0, false
	}
	return p, m, n, true
}

// mappingRows lists the rows of keys by internal ID, leaving out cleared
// ones; pid is nil for mappings that belong to no product (users).
func mappingRows(pid *int, keys map[int]string) []wMapping {
	out := []wMapping{}
	for _, id := range sortedKeys(keys) {
		if keys[id] != "" {
			out = append(out, wMapping{ProjectId: pid, InternalId: id, ExternalKey: keys[id], Primary: bp(true)})
		}
	}
	return out
}

// artifactKeys is the plug-in's artifact mappings of one type in a product,
// made on first use.
func (m *dsMaps) artifactKeys(pid, typ int) map[int]string {
	if m.artifact[pid] == nil {
		m.artifact[pid] = map[int]map[int]string{}
	}
	if m.artifact[pid][typ] == nil {
		m.artifact[pid][typ] = map[int]string{}
	}
	return m.artifact[pid][typ]
}

func (s *Sim) artifactMappings(c *call) {
	if p, m, typ, ok := c.projectMapsRead("artifact_type_id"); ok {
		c.ok(mappingRows(ip(p.ProjectId), m.artifact[p.ProjectId][typ]))
	}
}

// mappingWrite reads an artifact-mapping write: the product, its maps, the
// artifact type and the mappings sent.
func (c *call) mappingWrite() (*wProject, *dsMaps, int, []wMapping, bool) {
	p, m, typ, ok := c.projectMaps("artifact_type_id")
	if !ok {
		return nil, nil, 0, nil, false
	}
	var in []wMapping
	if !c.decode(&in) {
		return nil, nil, 0, nil, false
	}
	return p, m, typ, in, true
}

func (s *Sim) addArtifactMappings(c *call) {
	p, m, typ, in, ok := c.mappingWrite()
	if !ok {
		return
	}
	rows := m.artifactKeys(p.ProjectId, typ)
	for _, x := range in {
		if strings.TrimSpace(x.ExternalKey) == "" {
			continue
		}
		// Insert only: an existing mapping is never overwritten.
		if _, exists := rows[x.InternalId]; !exists {
			rows[x.InternalId] = x.ExternalKey
		}
	}
	noContent(c.w)
}

func (s *Sim) removeArtifactMappings(c *call) {
	p, m, typ, in, ok := c.mappingWrite()
	if !ok {
		return
	}
	rows := m.artifact[p.ProjectId][typ]
	for _, x := range in {
		delete(rows, x.InternalId)
	}
	noContent(c.w)
}

func (s *Sim) searchArtifactMappings(c *call) {
	m, ok := c.dsMapsRead()
	if !ok {
		return
	}
	typ, ok := c.pathInt("artifact_type_id")
	if !ok {
		return
	}
	var key string
	if !c.decode(&key) {
		return
	}
	out := []wProjectArtifact{}
	for _, pid := range sortedKeys(m.artifact) {
		if !c.u.Admin && !s.st.isMember(pid, c.u.UserId) {
			continue
		}
		var ids []int
		rows := m.artifact[pid][typ]
		for _, id := range sortedKeys(rows) {
			if rows[id] == key {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			out = append(out, wProjectArtifact{ProjectId: pid, ArtifactIds: ids})
		}
	}
	c.ok(out)
}

func (s *Sim) fieldValueMappings(c *call) {
	p, m, field, ok := c.projectMapsRead("artifact_field_id")
	if !ok {
		return
	}
	out := []wMapping{}
	for _, r := range m.fields[p.ProjectId][field] {
		if r.external == "" {
			continue
		}
		out = append(out, wMapping{ProjectId: ip(p.ProjectId), InternalId: r.internal, ExternalKey: r.external, Primary: bp(r.primary)})
	}
	c.ok(out)
}

func (s *Sim) cpMapping(c *call) {
	p, m, cpid, ok := c.projectMapsRead("custom_property_id")
	if !ok {
		return
	}
	key, found := m.cps[p.ProjectId][cpid]
	if !found || key == "" {
		c.ok(nil)
		return
	}
	c.ok(wMapping{ProjectId: ip(p.ProjectId), InternalId: cpid, ExternalKey: key, Primary: bp(true)})
}

func (s *Sim) cpValueMappings(c *call) {
	if p, m, cpid, ok := c.projectMapsRead("custom_property_id"); ok {
		c.ok(mappingRows(ip(p.ProjectId), m.cpValues[p.ProjectId][cpid]))
	}
}

func sortedKeys[V any](m map[int]V) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
