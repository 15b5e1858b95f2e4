package spiratest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// The methods in this file stand for what Spira knows of its plug-in
// records and data-mapping permissions beyond what the v6 source shows:
// a run status the REST API of 7.13+ can set, the extended settings of
// Spira 8.8+ and the permission rule of 7.5+ on data-mapping calls. None of
// them has a known route or shape, so none is served over REST.

// SetPlugInStatus gives plug-in id the run status statusID with the name
// Spira shows for it. Spira 7.13 added an "In Progress" status, set by a
// call whose route, status ID and name are unknown (F18); tests seed it
// here to check that clients cope with a status they do not know.
func (s *Sim) SetPlugInStatus(id, statusID int, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.dataSync(id)
	if d == nil {
		return fmt.Errorf("spiratest: no plug-in %d", id)
	}
	if _, known := statusNames[statusID]; !known {
		if s.st.statusNames == nil {
			s.st.statusNames = map[int]string{}
		}
		s.st.statusNames[statusID] = name
	}
	d.DataSyncStatusId = statusID
	return nil
}

// WithPutClearsExtendedSettings makes PUT data-syncs/{id} clear the
// plug-in's extended settings. Whether Spira 8.8+ keeps or clears them on a
// PUT of the v7 DTO, which lacks them, is unknown (F19); without this
// option they are kept, as an update that copies the DTO's fields onto the
// record would.
func WithPutClearsExtendedSettings() Option {
	return func(c *config) { c.putClearsExtended = true }
}

// SetPlugInExtended sets the extended settings of plug-in id, as the
// plug-in screen of Spira 8.8+ does (20 more custom settings and Yes/No
// settings, F19). Their names and storage are unknown, so they are opaque
// name-value pairs, and no REST call reads or writes them: the 8.11
// endpoint that reads them has no known path.
func (s *Sim) SetPlugInExtended(id int, values map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.extended == nil {
		s.st.extended = map[int]map[string]string{}
	}
	cp := make(map[string]string, len(values))
	for k, v := range values {
		cp[k] = v
	}
	s.st.extended[id] = cp
}

// PlugInExtended returns the extended settings of plug-in id.
func (s *Sim) PlugInExtended(id int) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for k, v := range s.st.extended[id] {
		out[k] = v
	}
	return out
}

// SetMappingRoles makes a product's data-mapping calls require, for a
// caller who is not a system administrator, membership with one of these
// roles (names as in Spira, e.g. "Product Owner"); none means membership
// alone, as in v6. Spira 7.5 fixed "Data Mapping API Endpoints do not
// validate permissions beyond project membership" without saying what
// they check now (F24).
func (s *Sim) SetMappingRoles(roles ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.mappingRoles = slices.Clone(roles)
}

// mappingRoleOK applies SetMappingRoles to a call about product pid; it
// answers 401, as Spira does for a missing permission.
func (c *call) mappingRoleOK(pid int) bool {
	if c.u.Admin || len(c.s.st.mappingRoles) == 0 {
		return true
	}
	for _, m := range c.s.st.members[pid] {
		if m.userID == c.u.UserId && slices.ContainsFunc(c.s.st.mappingRoles, func(r string) bool { return strings.EqualFold(r, m.roleName) }) {
			return true
		}
	}
	writeJSONString(c.w, http.StatusUnauthorized, "You are not authorized to access the data mappings of this product.")
	return false
}

// DeletePlugIn deletes plug-in id with its mappings, as the Delete button
// of the plug-in screen does (the guide warns that this loses the mappings
// and Jira IDs).
func (s *Sim) DeletePlugIn(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.dataSyncs = slices.DeleteFunc(s.st.dataSyncs, func(d *wDataSync) bool { return d.DataSyncSystemId == id })
	delete(s.st.maps, id)
	delete(s.st.extended, id)
}
