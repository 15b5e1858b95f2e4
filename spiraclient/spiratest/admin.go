package spiratest

import (
	"fmt"
	"slices"
	"time"
)

// The methods in this file do what a Spira administrator does in the web
// UI. Spira's REST API cannot do these things (there is no route for them),
// so tests and the sandbox call them directly.

// PlugIn is a data-sync plug-in record as the admin screen shows it.
type PlugIn struct {
	ID               int
	Name             string // must be JiraDataSync for the Jira Cloud plug-in
	Caption          string // DisplayName in the API
	Description      string
	ConnectionString string // the Jira URL
	Login            string
	Password         string // the Jira API token
	TimeOffsetHours  int
	AutoMapUsers     bool
	IsActive         bool
	Custom           [5]string // Custom 01..05
	LastSyncDate     *time.Time
	StatusID         int // 1 success, 2 failure, 3 warning, 4 not run
}

// PlugIn returns the plug-in record id.
func (s *Sim) PlugIn(id int) (PlugIn, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.dataSync(id)
	if d == nil {
		return PlugIn{}, false
	}
	p := PlugIn{ID: d.DataSyncSystemId, Name: d.Name, Caption: d.DisplayName, ConnectionString: d.ConnectionString,
		Login: d.Login, Password: d.Password, TimeOffsetHours: d.TimeOffsetHours, AutoMapUsers: d.AutoMapUsers,
		IsActive: d.IsActive, StatusID: d.DataSyncStatusId}
	if d.Description != nil {
		p.Description = *d.Description
	}
	for i, v := range []*string{d.Custom01, d.Custom02, d.Custom03, d.Custom04, d.Custom05} {
		if v != nil {
			p.Custom[i] = *v
		}
	}
	if d.LastSyncDate != nil {
		t := d.LastSyncDate.t
		p.LastSyncDate = &t
	}
	return p, true
}

// SetPlugIn saves a plug-in record (creating it when ID is 0) and returns
// its ID, as the Edit Data Synchronization Plug-in screen does.
func (s *Sim) SetPlugIn(p PlugIn) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.dataSync(p.ID)
	if d == nil {
		d = &wDataSync{DataSyncSystemId: s.st.nextID("datasync")}
		if p.ID > d.DataSyncSystemId {
			d.DataSyncSystemId = p.ID
			s.st.next["datasync"] = p.ID
		}
		s.st.dataSyncs = append(s.st.dataSyncs, d)
	}
	d.Name, d.DisplayName, d.Description = p.Name, p.Caption, sp(p.Description)
	d.ConnectionString, d.Login, d.Password, d.TimeOffsetHours = p.ConnectionString, p.Login, p.Password, p.TimeOffsetHours
	d.AutoMapUsers, d.IsActive = p.AutoMapUsers, p.IsActive
	d.Custom01, d.Custom02, d.Custom03, d.Custom04, d.Custom05 = sp(p.Custom[0]), sp(p.Custom[1]), sp(p.Custom[2]), sp(p.Custom[3]), sp(p.Custom[4])
	if p.LastSyncDate != nil {
		d.LastSyncDate = at(*p.LastSyncDate)
	} else {
		d.LastSyncDate = nil
	}
	d.DataSyncStatusId = p.StatusID
	if d.DataSyncStatusId == 0 {
		d.DataSyncStatusId = 4
	}
	return d.DataSyncSystemId
}

// SetProjectMapping sets a product's Jira project key and Active flag for a
// plug-in (the product's "View Product Mappings" screen).
func (s *Sim) SetProjectMapping(dataSyncID, productID int, key string, active bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.dsMaps(dataSyncID).projects[productID] = &projMap{key: key, active: active}
}

// ValueMapping is one row of a field-value mapping screen.
type ValueMapping struct {
	SpiraID     int
	ExternalKey string
	Primary     bool
}

// SetFieldValueMappings replaces the value mappings of one standard field
// (artifact field ID, e.g. 3 for incident status) of a product.
func (s *Sim) SetFieldValueMappings(dataSyncID, productID, fieldID int, rows []ValueMapping) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.dsMaps(dataSyncID)
	if m.fields[productID] == nil {
		m.fields[productID] = map[int][]fieldRow{}
	}
	out := make([]fieldRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, fieldRow{internal: r.SpiraID, external: r.ExternalKey, primary: r.Primary})
	}
	m.fields[productID][fieldID] = out
}

// SetFieldValueMapping sets (or, with an empty key, clears) one row.
func (s *Sim) SetFieldValueMapping(dataSyncID, productID, fieldID int, row ValueMapping) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.dsMaps(dataSyncID)
	if m.fields[productID] == nil {
		m.fields[productID] = map[int][]fieldRow{}
	}
	rows := m.fields[productID][fieldID]
	for i := range rows {
		if rows[i].internal == row.SpiraID {
			rows[i] = fieldRow{row.SpiraID, row.ExternalKey, row.Primary}
			return
		}
	}
	m.fields[productID][fieldID] = append(rows, fieldRow{row.SpiraID, row.ExternalKey, row.Primary})
}

// SetCustomPropertyMapping sets the External Key of a custom property (a
// Jira custom field ID or a special key such as Resolution); empty clears.
func (s *Sim) SetCustomPropertyMapping(dataSyncID, productID, customPropertyID int, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.dsMaps(dataSyncID)
	if m.cps[productID] == nil {
		m.cps[productID] = map[int]string{}
	}
	m.cps[productID][customPropertyID] = key
}

// SetCustomPropertyValueMapping sets the external value of one custom list
// value of a list property; empty clears.
func (s *Sim) SetCustomPropertyValueMapping(dataSyncID, productID, customPropertyID, valueID int, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.dsMaps(dataSyncID)
	if m.cpValues[productID] == nil {
		m.cpValues[productID] = map[int]map[int]string{}
	}
	if m.cpValues[productID][customPropertyID] == nil {
		m.cpValues[productID][customPropertyID] = map[int]string{}
	}
	m.cpValues[productID][customPropertyID][valueID] = key
}

// SetUserMapping sets or, with an empty key, deletes a user's mapping (the
// user's Data Mapping tab); the API itself can only add.
func (s *Sim) SetUserMapping(dataSyncID, userID int, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.dsMaps(dataSyncID)
	if key == "" {
		delete(m.users, userID)
		return
	}
	m.users[userID] = key
}

// SetReleaseMapping sets a release's Jira ID (the "Jira ID" field on the
// release page); empty clears.
func (s *Sim) SetReleaseMapping(dataSyncID, productID, releaseID int, versionID string) {
	s.setArtifactMapping(dataSyncID, productID, 4, releaseID, versionID)
}

func (s *Sim) setArtifactMapping(dataSyncID, productID, typ, id int, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := s.st.dsMaps(dataSyncID).artifactKeys(productID, typ)
	if key == "" {
		delete(keys, id)
		return
	}
	keys[id] = key
}

// SetProductVersion sets what system/product-version reports.
func (s *Sim) SetProductVersion(version string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.version = wVersion{Version: version}
}

// SetAllowedDomains sets the origins Spira's CORS answers admit
// (Administration > System > Security Settings > Allowed Domains); "*"
// admits any.
func (s *Sim) SetAllowedDomains(origins ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.allowedDomains = append([]string(nil), origins...)
}

// SetWebServerURL sets the web-server-url setting; empty means "the URL the
// request came to".
func (s *Sim) SetWebServerURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.webServerURL = u
}

// SetUserActive activates or deactivates a user; an inactive user cannot
// log in to the API.
func (s *Sim) SetUserActive(userID int, active bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.user(userID)
	if u == nil {
		return fmt.Errorf("spiratest: no user %d", userID)
	}
	u.Active = active
	return nil
}

// Event is an entry of the simulated event log.
type Event struct {
	Type     int // 1 error, 2 warning, 4 information
	Message  string
	Details  string
	Time     time.Time
	Category string
}

// Events returns the event log, oldest first.
func (s *Sim) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Event, 0, len(s.st.events))
	for _, e := range s.st.events {
		out = append(out, Event{Type: e.EventTypeId, Message: e.Message, Details: e.Details, Time: e.EventTimeUtc.t, Category: e.EventCategory})
	}
	return out
}

// IncidentCount returns how many incidents a product has.
func (s *Sim) IncidentCount(productID int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.st.incidents[productID])
}

// ProjectMappingRow is a product's project mapping as the admin screen
// shows it.
type ProjectMappingRow struct {
	Key    string
	Active bool
}

// ProjectMapping returns a product's project mapping for a plug-in.
func (s *Sim) ProjectMapping(dataSyncID, productID int) (ProjectMappingRow, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.dsMaps(dataSyncID).projects[productID]
	if m == nil {
		return ProjectMappingRow{}, false
	}
	return ProjectMappingRow{Key: m.key, Active: m.active}, true
}

// SetRSSEnabled turns a user's "Enable RSS Feeds" on or off; with it off
// the user's API key (RSS token) no longer logs in.
func (s *Sim) SetRSSEnabled(userID int, enabled bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.user(userID)
	if u == nil {
		return fmt.Errorf("spiratest: no user %d", userID)
	}
	u.rssOff = !enabled
	return nil
}

// SetUserLocked locks or unlocks a user; a locked user cannot log in.
func (s *Sim) SetUserLocked(userID int, locked bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.user(userID)
	if u == nil {
		return fmt.Errorf("spiratest: no user %d", userID)
	}
	u.Locked = locked
	return nil
}

// CopyFieldValueMappings copies the value mappings of the given standard
// fields from one product to another of the same template, as an
// administrator enters the same rows on the second product's screens.
func (s *Sim) CopyFieldValueMappings(dataSyncID, fromProduct, toProduct int, fieldIDs ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.dsMaps(dataSyncID)
	if m.fields[toProduct] == nil {
		m.fields[toProduct] = map[int][]fieldRow{}
	}
	for _, f := range fieldIDs {
		m.fields[toProduct][f] = slices.Clone(m.fields[fromProduct][f])
	}
}
