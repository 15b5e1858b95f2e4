package datasync

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Comment prefixes, the plug-in's own: a comment carrying the other side's
// prefix was written by a sync and is never copied back (no echo).
const (
	prefixFromSpira = "[SpiraDataSync]"
	prefixFromJira  = "[JiraDataSync]"
)

// The incident fields the engine compares, in the order people read them.
var incidentFields = []string{"name", "description", "type", "status", "priority", "severity", "owner", "components", "detected", "resolved", "resolution"}

// fieldLabels names every compared field as a plan shows it: these and
// the extra fields' (extras.go).
var fieldLabels = func() map[string]string {
	m := map[string]string{"name": "Name", "description": "Description", "type": "Type", "status": "Status",
		"priority": "Priority", "severity": "Severity", "owner": "Owner", "components": "Components",
		"detected": "Detected release", "resolved": "Resolved release", "resolution": "Resolution", "comments": "Comments",
		"importance": "Importance", "release": "Release", "component": "Component", "author": "Author"}
	maps.Copy(m, extraLabels)
	return m
}()

type planner struct {
	s       *Snapshot
	ix      *index
	out     []Action
	n       int
	relNew  map[string]string // Jira version ID -> action creating its Spira release
	verNew  map[int]string    // Spira release ID -> action creating its Jira version
	created map[int]string    // Spira incident ID -> action creating its Jira issue
	// linking are the issues linked by name this run (samenames.go).
	linking map[string]bool
}

// Plan is what a sync will do and the snapshot it was computed from:
// Apply runs it against that snapshot only.
type Plan struct {
	Snapshot *Snapshot
	Actions  []Action
}

// Plan computes the sync's actions. It does no I/O: the same snapshot
// always gives the same plan.
func (s *Snapshot) Plan() *Plan { return &Plan{Snapshot: s, Actions: planActions(s)} }

// newPlanner is a planner of s with nothing planned yet.
func newPlanner(s *Snapshot) *planner {
	return &planner{s: s, ix: newIndex(s), relNew: map[string]string{}, verNew: map[int]string{}, created: map[int]string{}, linking: map[string]bool{}}
}

func planActions(s *Snapshot) []Action {
	p := newPlanner(s)
	for _, r := range s.Recovered {
		if r.Sent {
			p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Item: itemOf(r.Type, r.SpiraID), Phase: 1,
				Artifact: Artifact{Type: r.Type, SpiraID: r.SpiraID, JiraKey: r.JiraKey},
				Summary:  "record the mapping of the Jira issue an earlier run created, which Spira lacks",
				Op:       &Op{Adopt: true}})
			continue
		}
		p.add(Action{Kind: KindCreate, Direction: JiraToSpira, Item: r.JiraKey, Phase: 1,
			Artifact: Artifact{Type: r.Type, SpiraID: r.SpiraID, JiraKey: r.JiraKey},
			Summary:  "record the mapping of the Spira " + r.Type + " an interrupted run created",
			Op:       &Op{Adopt: true, RemoteLink: p.remoteLinkTo(r.Type, r.SpiraID, cmp.Or(r.Name, r.JiraKey))}})
	}
	sn := p.sameNames()
	p.newRequirementsToJira(sn)
	for _, it := range s.NewIncidents {
		if !sn.incidents[it.Incident.IncidentID] && p.flow(mapping.FlowIncidents).Create.ToJira() {
			p.newIncident(it)
		}
	}
	for _, it := range s.Issues {
		if sn.issues[it.Issue.Key] {
			continue
		}
		from := len(p.out)
		mv, moved, synced := p.movedIssue(it)
		if synced {
			p.jiraIssue(it)
		}
		if moved {
			p.keyPropertyAfterMove(mv, it, from)
		}
	}
	if p.flow(mapping.FlowIncidents).Update.ToJira() {
		for _, it := range s.ChangedIncidents {
			p.changedIncident(it)
		}
	}
	p.planTasks()
	p.links()
	p.noteSameNames(sn)
	p.settingsNotes()
	p.resolveParents()
	p.planFiles()
	typeOps(p.out)
	// Releases and versions first: stable sort by phase keeps plan order
	// within a phase.
	slices.SortStableFunc(p.out, func(a, b Action) int { return a.Phase - b.Phase })
	return p.out
}

func (p *planner) add(a Action) string {
	p.n++
	a.ID = "a" + strconv.Itoa(p.n)
	if a.Item == "" {
		a.Item = a.ID
	}
	p.out = append(p.out, a)
	return a.ID
}

func incItem(id int) string { return "IN:" + strconv.Itoa(id) }

// ---- helpers ----

// prefixHTML puts the sync prefix at the start of the first paragraph, so
// the text reads "[JiraDataSync] ..." on one line.
func prefixHTML(prefix, h string) string {
	t := strings.TrimSpace(h)
	if strings.HasPrefix(t, "<p>") {
		return "<p>" + prefix + " " + t[len("<p>"):]
	}
	return prefix + " " + t
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain values are marshalled here
	}
	return b
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func dateOf(t *spiraclient.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(jiraclient.DateLayout)
}

func atoi64(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
