package spiratest

import (
	"strings"

	"github.com/spirajira/spirajira/internal/simkit"
)

const (
	adminUserID = 1
	syncUserID  = 7
)

type user struct {
	wUser
	token string
	// rssOff: "Enable RSS Feeds" is off, so the user has no API key.
	rssOff bool
}

type member struct {
	userID, roleID int
	roleName       string
}

// tpl is one product template with its lookups and custom properties.
type tpl struct {
	wTemplate
	incTypes    []wIncidentType
	incStatuses []wIncidentStatus
	priorities  []wScored
	severities  []wScored
	reqStatuses []wReqStatus
	importances []wScored
	reqTypes    []wReqType
	relStatuses []wPositioned
	relTypes    []wPositioned
	// Task lookups (h_tasks.go).
	taskTypes      []wTaskType
	taskStatuses   []wTaskStatus
	taskPriorities []wScored
	defaultType    int
	defaultStatus  int
	// transitions per workflow ID
	transitions map[int][]wTransition
	// fieldStates per workflow ID and status ID
	fieldStates map[int]map[int][]wWorkflowField
	cpStates    map[int]map[int][]wWorkflowCP
	cps         []*wCPDef
	// statusBulkEditOff is the template's Status Bulk Edit setting turned
	// off (F8); Spira's default is on.
	statusBulkEditOff bool
	lists             []*wCustomList
}

type artKey struct{ typ, id int }

type projMap struct {
	key    string
	active bool
}

type fieldRow struct {
	internal int
	external string
	primary  bool
}

// dsMaps holds every mapping of one plug-in.
type dsMaps struct {
	projects map[int]*projMap               // product -> key
	users    map[int]string                 // user -> external key
	artifact map[int]map[int]map[int]string // product -> artifact type -> artifact -> key
	fields   map[int]map[int][]fieldRow     // product -> field -> rows
	cps      map[int]map[int]string         // product -> custom property -> key
	cpValues map[int]map[int]map[int]string // product -> custom property -> value -> key
}

func newDSMaps() *dsMaps {
	return &dsMaps{projects: map[int]*projMap{}, users: map[int]string{}, artifact: map[int]map[int]map[int]string{},
		fields: map[int]map[int][]fieldRow{}, cps: map[int]map[int]string{}, cpValues: map[int]map[int]map[int]string{}}
}

type state struct {
	users        []*user
	templates    []*tpl
	projects     []*wProject
	members      map[int][]member
	components   map[int][]*wComponent
	releases     map[int][]*wRelease
	incidents    map[int][]*wIncident
	requirements map[int][]*wRequirement
	tasks        map[int][]*wTask
	comments     map[artKey][]*wComment
	associations map[int][]*wAssociation
	documents    map[int][]*wDocument
	blobs        map[int]*simkit.Blob // file documents' content by document id
	dataSyncs    []*wDataSync
	maps         map[int]*dsMaps
	events       []wEvent

	version     wVersion
	productName string
	// statusNames: run statuses beyond Spira's four, seeded by tests (F18).
	statusNames map[int]string
	// extended: a plug-in's Spira 8.8+ settings, out of REST's reach (F19).
	extended map[int]map[string]string
	// mappingRoles: roles a non-administrator needs, beyond membership,
	// for a product's data-mapping calls (F24); empty means membership.
	mappingRoles   []string
	webServerURL   string
	allowedDomains []string

	next map[string]int
}

func (st *state) nextID(kind string) int {
	st.next[kind]++
	return st.next[kind]
}

func (st *state) user(id int) *user {
	for _, u := range st.users {
		if u.UserId == id {
			return u
		}
	}
	return nil
}

func (st *state) userName(id *int) *string {
	if id == nil {
		return nil
	}
	if u := st.user(*id); u != nil {
		return sp(u.FullName)
	}
	return nil
}

func (st *state) project(id int) *wProject {
	for _, p := range st.projects {
		if p.ProjectId == id {
			return p
		}
	}
	return nil
}

func (st *state) template(id int) *tpl {
	for _, t := range st.templates {
		if t.ProjectTemplateId == id {
			return t
		}
	}
	return nil
}

func (st *state) isMember(pid, uid int) bool {
	for _, m := range st.members[pid] {
		if m.userID == uid {
			return true
		}
	}
	return false
}

func (st *state) dataSync(id int) *wDataSync {
	for _, d := range st.dataSyncs {
		if d.DataSyncSystemId == id {
			return d
		}
	}
	return nil
}

func (st *state) dsMaps(id int) *dsMaps {
	m := st.maps[id]
	if m == nil {
		m = newDSMaps()
		st.maps[id] = m
	}
	return m
}

func (st *state) release(pid, id int) *wRelease {
	return byID(st.releases[pid], releaseID, id)
}

func (st *state) incident(pid, id int) *wIncident {
	return byID(st.incidents[pid], incidentID, id)
}

func (st *state) requirement(pid, id int) *wRequirement {
	return byID(st.requirements[pid], requirementID, id)
}

func (st *state) cpDef(tid, id int) *wCPDef {
	if t := st.template(tid); t != nil {
		for _, d := range t.cps {
			if d.CustomPropertyId == id {
				return d
			}
		}
	}
	return nil
}

func (st *state) anyCPDef(id int) *wCPDef {
	for _, t := range st.templates {
		for _, d := range t.cps {
			if d.CustomPropertyId == id {
				return d
			}
		}
	}
	return nil
}

func (st *state) list(tid, id int) *wCustomList {
	if t := st.template(tid); t != nil {
		for _, l := range t.lists {
			if l.CustomPropertyListId == id {
				return l
			}
		}
	}
	return nil
}

func artifactTypeByName(name string) (int, bool) {
	names := map[string]int{"requirement": 1, "testcase": 2, "incident": 3, "release": 4, "testrun": 5, "task": 6,
		"teststep": 7, "testset": 8, "automationhost": 9, "automationengine": 10, "requirementstep": 12, "document": 13, "risk": 14}
	if id, ok := names[strings.ToLower(name)]; ok {
		return id, true
	}
	n := 0
	for _, r := range name {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	for _, v := range names {
		if v == n {
			return n, true
		}
	}
	return 0, false
}

func artifactTypeName(id int) string {
	switch id {
	case 1:
		return "Requirement"
	case 3:
		return "Incident"
	case 4:
		return "Release"
	case 6:
		return "Task"
	case 2:
		return "Test Case"
	}
	return "Artifact"
}

// renumberTemplate changes the ID of template from to to, everywhere it is
// held.
func (st *state) renumberTemplate(from, to int) {
	for _, t := range st.templates {
		if t.ProjectTemplateId != from {
			continue
		}
		t.ProjectTemplateId = to
		for _, l := range t.lists {
			l.ProjectTemplateId = to
		}
		for _, d := range t.cps {
			d.ProjectTemplateId = to
			if d.CustomList != nil {
				d.CustomList.ProjectTemplateId = to
			}
		}
	}
	for _, p := range st.projects {
		if p.ProjectTemplateId == from {
			p.ProjectTemplateId = to
		}
	}
}
