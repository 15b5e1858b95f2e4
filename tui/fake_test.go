package tui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/spirajira/spirajira/internal/doctor"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/spiraclient"
)

// fakeBackend serves canned data the way the real one would, with no HTTP.
type fakeBackend struct {
	mu     sync.Mutex
	pushed bool
	forced bool
	// clean: the mapping has no problems.
	clean   bool
	applied bool
	ran     int
	saved   []ConnectionEdit
	// block makes RunSync wait for cancellation after its first step.
	block     bool
	cancelled bool
	// notes are the report's notes.
	notes []string
}

func (f *fakeBackend) ConnectionInfo(context.Context) (ConnectionInfo, error) {
	return ConnectionInfo{
		Profile: "sandbox", Sandbox: true,
		JiraSite: "http://127.0.0.1:4001", JiraEmail: "admin@library.example", JiraToken: "••••••••7f3a",
		SpiraURL: "http://127.0.0.1:4002", SpiraLogin: "administrator", SpiraAPIKey: "{••••••••-C6D1}",
		Plugin: PluginInfo{Name: "JiraDataSync", Found: true, Active: true, LastSync: "2026-11-26 18:00 UTC",
			Settings: []Setting{{"Custom 01", "customfield_10030"}, {"Custom 03", "Both"}}},
	}, nil
}

func (f *fakeBackend) TestConnections(context.Context) (Identity, error) {
	return Identity{Jira: "Ada Admin", Spira: "administrator"}, nil
}

func (f *fakeBackend) Doctor(context.Context) (doctor.Report, error) {
	return doctor.Report{Checks: []doctor.Check{
		{Title: "Jira reachable", Verdict: doctor.Pass, Message: "Jira Cloud 1001.0.0"},
		{Title: "Plug-in JiraDataSync", Verdict: doctor.Pass, Message: "active"},
		{Title: "Clocks", Verdict: doctor.Warn, Message: "Spira is 4 min ahead of Jira", Fix: "set Time Offset to 5"},
	}}, nil
}

func (f *fakeBackend) Projects(context.Context) ([]jiraclient.Project, error) {
	return []jiraclient.Project{{ID: "10000", Key: "LIB", Name: "Library Information System"}, {ID: "10001", Key: "HR", Name: "Human Resources"}}, nil
}

func fakeCatalog() Catalog {
	st := func(id, name, cat string) CatalogRow {
		return CatalogRow{Cells: []string{id, name, cat}, Detail: []string{name + " (" + id + ")", "Category: " + cat, "Used by: Bug, Task, Story"}}
	}
	return Catalog{Project: "LIB", Tabs: []CatalogTab{
		{Name: "Issue types", Columns: []string{"ID", "Name", "Subtask"}, Rows: []CatalogRow{
			{Cells: []string{"10001", "Bug", "No"}}, {Cells: []string{"10002", "Task", "No"}}, {Cells: []string{"10003", "Story", "No"}},
		}},
		{Name: "Statuses", Columns: []string{"ID", "Name", "Category"}, Rows: []CatalogRow{
			st("10000", "To Do", "To Do"), st("3", "In Progress", "In Progress"), st("10010", "In Review", "In Progress"), st("10001", "Done", "Done"),
		}},
		{Name: "Versions", Columns: []string{"ID", "Name", "Released"}, Rows: []CatalogRow{
			{Cells: []string{"10100", "1.0", "Yes"}}, {Cells: []string{"10101", "1.1", "No"}},
		}},
	}}
}

func (f *fakeBackend) Catalog(_ context.Context, key string) (Catalog, error) {
	if key != "LIB" {
		return Catalog{}, fmt.Errorf("project %s: not found", key)
	}
	return fakeCatalog(), nil
}

func (f *fakeBackend) Products(context.Context) ([]spiraclient.RemoteProject, error) {
	return []spiraclient.RemoteProject{{ProjectID: 1, Name: "Library Information System"}, {ProjectID: 2, Name: "Sample Barebones Product"}}, nil
}

func (f *fakeBackend) OpenMapping(_ context.Context, id int) (MappingEditor, error) {
	if id != 1 {
		return nil, errors.New("product not found")
	}
	return newFakeEditor(f), nil
}

// OpenMappingFile opens the fake mapping when the file names product 1.
func (f *fakeBackend) OpenMappingFile(_ context.Context, data []byte) (MappingEditor, error) {
	if !strings.HasPrefix(string(data), "product: 1\n") {
		return nil, errors.New("mapping file: no product 1")
	}
	return newFakeEditor(f), nil
}

func (f *fakeBackend) Plan(_ context.Context, o ops.SyncOptions) (*ops.SyncRun, error) {
	return &ops.SyncRun{Plan: ops.PlanFile{ProductID: o.ProductID}, Actions: []ops.Action{
		{Kind: "create", Direction: "Spira → Jira", Artifact: ops.Artifact{Type: "incident", SpiraID: 12}, Summary: "Book search times out",
			Changes: []ops.Change{{Field: "summary", Before: "", After: "Book search times out"}, {Field: "priority", Before: "", After: "High"}}},
		{Kind: "update", Direction: "Jira → Spira", Artifact: ops.Artifact{Type: "incident", SpiraID: 7, JiraKey: "LIB-4"}, Summary: "status Open → In Progress",
			Changes: []ops.Change{{Field: "IncidentStatusId", Before: "Open", After: "Assigned"}}},
		{Kind: "create", Direction: "Jira → Spira", Artifact: ops.Artifact{Type: "incident", JiraKey: "LIB-9"}, Summary: "Barcode reader misreads ISBN"},
		{Kind: "conflict", Direction: "both", Artifact: ops.Artifact{Type: "incident", SpiraID: 3, JiraKey: "LIB-2"}, Summary: "priority changed on both sides; Jira wins",
			Changes: []ops.Change{{Field: "priority", Before: "Low", After: "High"}}},
	}}, nil
}

func (f *fakeBackend) RunSync(ctx context.Context, plan *ops.SyncRun, progress func(ops.Progress)) (*ops.SyncResult, error) {
	f.mu.Lock()
	f.ran++
	f.mu.Unlock()
	var fails []ops.Failure
	for i, a := range plan.Actions {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		line := string(a.Kind) + " " + a.Artifact.String() + ": ok"
		if a.Kind == "conflict" {
			fails = append(fails, ops.Failure{Artifact: a.Artifact.String(), Reason: "Jira refused the transition: no path from Done to To Do in the workflow of Bug; add a transition or change the status in Jira by hand"})
			line = string(a.Kind) + " " + a.Artifact.String() + ": failed"
		}
		progress(ops.Progress{Done: i + 1, Total: len(plan.Actions), Line: line})
		if f.block {
			<-ctx.Done()
			f.mu.Lock()
			f.cancelled = true
			f.mu.Unlock()
			return nil, ctx.Err()
		}
	}
	rep := &ops.Report{Counts: map[string]int{"create": 2, "update": 1, ops.BucketFailed: len(fails)}, Planned: len(plan.Actions), Failures: fails, Notes: f.notes}
	return &ops.SyncResult{Report: rep}, nil
}

// fakeEditor maps three incident statuses and two priorities.

// The fake's categories are keyed as the live editor keys them, so that
// where places its problems and proposals.
var (
	fakeStatusCat   = fieldCat(mapping.IncidentStatus)
	fakePriorityCat = fieldCat(mapping.IncidentPriority)
)

type fakeEditor struct {
	b    *fakeBackend
	cats []MappingCategory
}

func newFakeEditor(b *fakeBackend) *fakeEditor {
	return &fakeEditor{b: b, cats: []MappingCategory{
		{Key: fakeStatusCat, Title: "Incident status", Primary: true, Rows: []MappingRow{
			{SpiraID: "1", SpiraName: "New"}, {SpiraID: "2", SpiraName: "Open"}, {SpiraID: "4", SpiraName: "In Progress"},
			{SpiraID: "5", SpiraName: "Closed", JiraID: "10001", JiraName: "Done", Primary: true},
		}},
		{Key: fakePriorityCat, Title: "Incident priority", Primary: true, Rows: []MappingRow{
			{SpiraID: "1", SpiraName: "1 - Critical", JiraID: "1", JiraName: "Highest", Primary: true},
			{SpiraID: "2", SpiraName: "2 - High", JiraID: "2", JiraName: "High", Primary: true},
		}},
		{Key: catReleases, Title: "Releases"},
	}}
}

var fakeStatuses = []mapping.Choice{{ID: "10000", Name: "To Do", Hint: "To Do"}, {ID: "3", Name: "In Progress", Hint: "In Progress"}, {ID: "10010", Name: "In Review", Hint: "In Progress"}, {ID: "10001", Name: "Done", Hint: "Done"}}

func (e *fakeEditor) Categories() []MappingCategory {
	out := make([]MappingCategory, len(e.cats))
	for i, c := range e.cats {
		c.Rows = append([]MappingRow(nil), c.Rows...)
		out[i] = c
	}
	return out
}

func (e *fakeEditor) Choices(cat, _ string) []mapping.Choice {
	if cat == fakeStatusCat {
		return fakeStatuses
	}
	return nil
}

func (e *fakeEditor) row(cat, spiraID string) (*MappingCategory, *MappingRow) {
	for i := range e.cats {
		if e.cats[i].Key != cat {
			continue
		}
		for j := range e.cats[i].Rows {
			if e.cats[i].Rows[j].SpiraID == spiraID {
				return &e.cats[i], &e.cats[i].Rows[j]
			}
		}
	}
	return nil, nil
}

func (e *fakeEditor) SetJira(cat, spiraID, jiraID string) error {
	_, r := e.row(cat, spiraID)
	if r == nil {
		return errors.New("no such row")
	}
	for _, c := range e.Choices(cat, "") {
		if c.ID == jiraID {
			r.JiraID, r.JiraName = c.ID, c.Name
			return nil
		}
	}
	return fmt.Errorf("no Jira value %s", jiraID)
}

func (e *fakeEditor) TogglePrimary(cat, spiraID string) error {
	c, r := e.row(cat, spiraID)
	if r == nil {
		return errors.New("no such row")
	}
	if r.Primary {
		r.Primary = false
		return nil
	}
	for i := range c.Rows {
		if c.Rows[i].JiraID == r.JiraID {
			c.Rows[i].Primary = false
		}
	}
	r.Primary = true
	return nil
}

func (e *fakeEditor) Problems() []mapping.Problem {
	e.b.mu.Lock()
	clean := e.b.clean
	e.b.mu.Unlock()
	if clean {
		return nil
	}
	var ps []mapping.Problem
	for _, c := range e.cats {
		for _, r := range c.Rows {
			if r.JiraID == "" && c.Key != catReleases {
				ps = append(ps, mapping.Problem{Severity: mapping.Error, Location: locationOf(c.Key, r.SpiraID),
					Message: "Spira " + c.Title + " " + r.SpiraName + " is not mapped", Fix: "press enter to pick the Jira value"})
			}
		}
		if c.Primary {
			n := map[string]int{}
			for _, r := range c.Rows {
				if r.JiraID != "" && r.Primary {
					n[r.JiraID]++
				}
			}
			for _, r := range c.Rows {
				if r.JiraID != "" && n[r.JiraID] == 0 {
					ps = append(ps, mapping.Problem{Severity: mapping.Warning, Location: locationOf(c.Key, r.SpiraID), Message: "no Primary for Jira " + r.JiraName, Fix: "press p on one of its rows"})
					n[r.JiraID] = -1
				}
			}
		}
	}
	return ps
}

func (e *fakeEditor) Proposals() []mapping.Proposal {
	var ps []mapping.Proposal
	for _, c := range e.cats {
		for _, r := range c.Rows {
			if r.JiraID != "" {
				continue
			}
			for _, ch := range e.Choices(c.Key, "") {
				if strings.EqualFold(ch.Name, r.SpiraName) {
					ps = append(ps, fakeProposal(c.Key, r, mapping.JiraRef{ID: ch.ID, Name: ch.Name}, 1, "same name"))
				}
			}
			if r.SpiraName == "New" {
				ps = append(ps, fakeProposal(c.Key, r, mapping.JiraRef{ID: "10000", Name: "To Do"}, 0.6, "both are the first status"))
			}
		}
	}
	return ps
}

func fakeProposal(cat string, r MappingRow, j mapping.JiraRef, confidence float64, reason string) mapping.Proposal {
	id, _ := strconv.Atoi(r.SpiraID)
	return mapping.Proposal{Location: locationOf(cat, r.SpiraID), Spira: mapping.Ref{ID: id, Name: r.SpiraName}, Jira: j, Confidence: confidence, Reason: reason}
}

func (e *fakeEditor) Accept(p mapping.Proposal) error {
	cat, row := where(p.Location)
	if err := e.SetJira(cat, row, p.Jira.ID); err != nil {
		return err
	}
	_, r := e.row(cat, row)
	r.Primary = true
	return nil
}

func (e *fakeEditor) Pushed(*ops.PushOutcome) {}

func (e *fakeEditor) Product() mapping.Ref {
	return mapping.Ref{ID: 1, Name: "Library Information System"}
}

func (e *fakeEditor) Clone() MappingEditor {
	return &fakeEditor{b: e.b, cats: e.Categories()}
}

func (e *fakeEditor) Diff(context.Context) ([]mapping.Change, error) {
	var d []mapping.Change
	for _, c := range e.cats {
		for _, r := range c.Rows {
			if r.JiraID != "" && c.Key == fakeStatusCat && r.SpiraID != "5" {
				d = append(d, mapping.Change{Kind: mapping.Added, What: c.Title, Remote: r.SpiraName, Local: r.JiraName + " (" + r.JiraID + ")", Writable: true})
			}
		}
	}
	return d, nil
}

func (e *fakeEditor) sheet() *mapping.Sheet {
	sc := mapping.Screen{Title: "Incident Status mapping", Path: "System Administration > Integrations > Data Synchronization > JiraDataSync: View Product Mappings"}
	for _, c := range e.cats {
		for _, r := range c.Rows {
			if r.JiraID != "" && c.Key == fakeStatusCat && r.SpiraID != "5" {
				primary := r.Primary
				sc.Lines = append(sc.Lines, mapping.SheetLine{Row: r.SpiraName, Label: "External Key", Enter: r.JiraID, Primary: &primary})
			}
		}
	}
	sheet := &mapping.Sheet{Plugin: "JiraDataSync"}
	if len(sc.Lines) > 0 {
		sheet.Screens = append(sheet.Screens, sc)
	}
	return sheet
}

func (e *fakeEditor) Push(_ context.Context, force bool) (*ops.PushOutcome, error) {
	e.b.mu.Lock()
	e.b.pushed, e.b.forced = true, force
	e.b.mu.Unlock()
	written := []mapping.Change{
		{Kind: mapping.Changed, What: "Plug-in JiraDataSync Custom 03", Remote: "True", Local: "Both", Writable: true},
		{Kind: mapping.Added, What: "User mappings", Local: "2 users", Writable: true},
	}
	return &ops.PushOutcome{Changes: written, Result: &mapping.PushResult{Written: written, Sheet: e.sheet()}}, nil
}

func (e *fakeEditor) Verify(context.Context) ([]mapping.LineCheck, *mapping.Sheet, error) {
	e.b.mu.Lock()
	applied := e.b.applied
	e.b.mu.Unlock()
	sheet := e.sheet()
	var checks []mapping.LineCheck
	for _, l := range sheet.Lines() {
		checks = append(checks, mapping.LineCheck{Line: l, Done: applied})
	}
	return checks, sheet, nil
}

// fakeFileKeys name the categories in the fake's file.
var fakeFileKeys = map[string]string{fakeStatusCat: "incident-status", fakePriorityCat: "incident-priority", catReleases: "releases"}

func (e *fakeEditor) Format() ([]byte, error) {
	var b strings.Builder
	b.WriteString("product: 1\n")
	for _, c := range e.cats {
		for _, r := range c.Rows {
			fmt.Fprintf(&b, "%s %s: %s\n", fakeFileKeys[c.Key], r.SpiraID, r.JiraID)
		}
	}
	return []byte(b.String()), nil
}

func (e *fakeEditor) CanApplySheet() bool { return true }

func (e *fakeEditor) ApplySheet(context.Context) error {
	e.b.mu.Lock()
	e.b.applied = true
	e.b.mu.Unlock()
	return nil
}

func (f *fakeBackend) SaveConnection(_ context.Context, e ConnectionEdit) error {
	if strings.HasSuffix(e.SpiraURL, "/login.aspx") {
		return errors.New("the Spira URL ends in /login.aspx: use the address without the page name")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saved = append(f.saved, e)
	return nil
}
