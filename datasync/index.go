package datasync

import (
	"cmp"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// index answers the mapping questions Plan asks, built once per plan.
type index struct {
	s        *Snapshot
	p        *mapping.Product
	relToVer map[int]string
	verToRel map[string]int
	versions map[string]jiraclient.Version
	releases map[int]spiraclient.RemoteRelease
	keyToInc map[string]int
	keyToReq map[string]int
	reqTypes map[string]bool
	// set are the plug-in's settings, ext its extended settings (modes.go).
	set mapping.Settings
	ext mapping.Extended
}

func newIndex(s *Snapshot) *index {
	ix := &index{s: s, p: s.Mapping, relToVer: map[int]string{}, verToRel: map[string]int{},
		versions: map[string]jiraclient.Version{}, releases: map[int]spiraclient.RemoteRelease{},
		keyToInc: map[string]int{}, keyToReq: map[string]int{}, reqTypes: map[string]bool{},
		set: s.Mapping.Plugin.Settings(), ext: extended(s)}
	for _, r := range s.Mapping.Releases {
		if r.Jira.ID != "" {
			ix.relToVer[r.Spira.ID], ix.verToRel[r.Jira.ID] = r.Jira.ID, r.Spira.ID
		}
	}
	for rel, ver := range s.ReleaseVersions {
		ix.relToVer[rel], ix.verToRel[ver] = ver, rel
	}
	for _, v := range s.Versions {
		ix.versions[v.ID] = v
	}
	for _, r := range s.Releases {
		ix.releases[r.ReleaseID] = r
	}
	for id, k := range s.IncidentKeys {
		ix.keyToInc[k] = id
	}
	for id, k := range s.RequirementKeys {
		ix.keyToReq[k] = id
	}
	for _, t := range s.Mapping.Plugin.RequirementIssueTypes() {
		ix.reqTypes[t] = true
	}
	return ix
}

// fwd maps a Spira value of field k to its Jira value (an ID, or the option
// name for severity), "" when unmapped.
func (ix *index) fwd(k mapping.FieldKind, spiraID int) string {
	f := ix.p.Field(k)
	if f == nil || spiraID == 0 {
		return ""
	}
	if k.ListsStatuses() {
		return f.Forward(spiraID) // the first of the row's Jira statuses
	}
	for _, v := range f.Values {
		if v.Spira.ID == spiraID {
			return v.ExternalKey(k.KeyedByName())
		}
	}
	return ""
}

// back maps a Jira value of field k to the Spira value: the Primary row of
// that Jira value, else the only row; 0 when unmapped.
func (ix *index) back(k mapping.FieldKind, jira string) int {
	f := ix.p.Field(k)
	if f == nil || jira == "" {
		return 0
	}
	found := 0
	for _, v := range f.Values {
		ek := v.ExternalKey(k.KeyedByName())
		match := ek == jira || (k.KeyedByName() && strings.EqualFold(ek, jira))
		if k.ListsStatuses() {
			match = slices.Contains(v.JiraIDs(k), jira)
		}
		if ek == "" || !match {
			continue
		}
		if v.Primary {
			return v.Spira.ID
		}
		if found == 0 {
			found = v.Spira.ID
		}
	}
	return found
}

// jiraUser maps a Spira user to a Jira accountId, "" when unmapped.
func (ix *index) jiraUser(spiraID int) string {
	if spiraID == 0 {
		return ""
	}
	for _, u := range ix.p.Users {
		if u.Spira.ID == spiraID && u.Jira.ID != "" {
			if strings.Contains(u.Jira.ID, "@") {
				return ix.accountByEmail(u.Jira.ID)
			}
			return u.Jira.ID
		}
	}
	if ix.p.Plugin.AutoMapUsers {
		for _, su := range ix.s.SpiraUsers {
			if su.UserID == spiraID && su.EmailAddress != "" {
				return ix.accountByEmail(su.EmailAddress)
			}
		}
	}
	return ""
}

func (ix *index) accountByEmail(email string) string {
	for _, ju := range ix.s.JiraUsers {
		if ju.EmailAddress != "" && strings.EqualFold(ju.EmailAddress, email) {
			return ju.AccountID
		}
	}
	return ""
}

// spiraUser maps a Jira user to a Spira user ID, 0 when unmapped.
func (ix *index) spiraUser(u *jiraclient.User) int {
	if u == nil {
		return 0
	}
	for _, m := range ix.p.Users {
		if m.Jira.ID != "" && (m.Jira.ID == u.AccountID || (u.EmailAddress != "" && strings.EqualFold(m.Jira.ID, u.EmailAddress))) {
			return m.Spira.ID
		}
	}
	if ix.p.Plugin.AutoMapUsers && u.EmailAddress != "" {
		for _, su := range ix.s.SpiraUsers {
			if strings.EqualFold(su.UserName, u.EmailAddress) || strings.EqualFold(su.EmailAddress, u.EmailAddress) {
				return su.UserID
			}
		}
	}
	return 0
}

func (ix *index) userName(spiraID int) string {
	for _, u := range ix.s.SpiraUsers {
		if u.UserID == spiraID {
			return u.UserName
		}
	}
	if spiraID == 0 {
		return ""
	}
	return "user " + strconv.Itoa(spiraID)
}

// customField normalises a custom field ID to "customfield_N".
func customField(id string) string {
	id = strings.TrimSpace(id)
	if id == "" {
		return ""
	}
	if strings.HasPrefix(id, "customfield_") {
		return id
	}
	if _, err := strconv.Atoi(id); err == nil {
		return "customfield_" + id
	}
	return id
}

// severityOption reads the option name in the Custom 01 field of an issue.
func severityOption(is jiraclient.Issue, field string) string {
	if field == "" {
		return ""
	}
	var opt struct {
		Value string `json:"value"`
		Name  string `json:"name"`
	}
	if ok, err := is.Field(field, &opt); ok && err == nil {
		return cmp.Or(opt.Value, opt.Name)
	}
	return ""
}

// plainHTML is the comparable text of Spira HTML.
func plainHTML(h string) string { return norm(adf.FromHTML(h).PlainText()) }

// plainADF is the comparable text of a Jira ADF document.
func plainADF(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var d adf.Doc
	if json.Unmarshal(raw, &d) != nil {
		return ""
	}
	return norm(d.PlainText())
}

func htmlOf(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var d adf.Doc
	if json.Unmarshal(raw, &d) != nil {
		return ""
	}
	return d.HTML()
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func itoa(i int) string {
	if i == 0 {
		return ""
	}
	return strconv.Itoa(i)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func idList(ids []int) string {
	c := slices.Clone(ids)
	sort.Ints(c)
	parts := make([]string, 0, len(c))
	for _, id := range c {
		if id != 0 {
			parts = append(parts, strconv.Itoa(id))
		}
	}
	return strings.Join(parts, ",")
}

func parseIDs(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		if n := atoi(p); n != 0 {
			out = append(out, n)
		}
	}
	return out
}
