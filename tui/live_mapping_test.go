package tui

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func liveFixture() (*mapping.Product, *mapping.SpiraLookups, *mapping.Jira) {
	p := &mapping.Product{
		Plugin:  mapping.Plugin{ID: 1, Name: mapping.PluginName, URL: "https://lib.atlassian.net", Login: "sync@lib.example", Active: true},
		Project: mapping.Project{Spira: mapping.Ref{ID: 1, Name: "Library"}, JiraKey: "LIB", Active: true},
		Fields: []mapping.FieldMapping{{Field: mapping.IncidentStatus, Values: []mapping.ValueMapping{
			{Spira: mapping.Ref{ID: 1, Name: "New"}},
			{Spira: mapping.Ref{ID: 2, Name: "Open"}},
			{Spira: mapping.Ref{ID: 4, Name: "In Progress"}},
		}}},
	}
	lk := &mapping.SpiraLookups{Values: map[mapping.FieldKind][]mapping.SpiraValue{mapping.IncidentStatus: {
		{ID: 1, Name: "New", Active: true}, {ID: 2, Name: "Open", Active: true}, {ID: 4, Name: "In Progress", Active: true},
	}}}
	todo, prog := mapping.JiraItem{ID: "10000", Name: "To Do"}, mapping.JiraItem{ID: "3", Name: "In Progress"}
	j := &mapping.Jira{Key: "LIB", Name: "Library", IssueTypes: []mapping.JiraItem{{ID: "10001", Name: "Bug"}},
		Workflows: map[string][]mapping.JiraItem{"10001": {todo, prog}}}
	return p, lk, j
}

func TestLiveMappingEditing(t *testing.T) {
	p, lk, j := liveFixture()
	ed := offlineEditor(p, lk, j)

	var status MappingCategory
	for _, c := range ed.Categories() {
		if c.Key == fieldCat(mapping.IncidentStatus) {
			status = c
		}
	}
	require.Equal(t, "Incident Status", status.Title)
	require.True(t, status.Primary)
	require.Len(t, status.Rows, 3)

	unmapped := 0
	for _, pr := range ed.Problems() {
		if cat, row := where(pr.Location); cat == status.Key && row != "" {
			unmapped++
		}
	}
	require.Equal(t, 3, unmapped, "each unmapped status is a problem on its row")

	choices := ed.Choices(status.Key, "2")
	require.Equal(t, []mapping.Choice{{ID: "", Name: "(none)", Hint: "leave unmapped"}, {ID: "10000", Name: "To Do"}, {ID: "3", Name: "In Progress"}}, choices)

	require.NoError(t, ed.SetJira(status.Key, "1", "10000"))
	require.NoError(t, ed.SetJira(status.Key, "2", "10000"))
	rows := catOf(ed, status.Key).Rows
	require.True(t, rows[0].Primary, "the first Spira value on a Jira value becomes Primary")
	require.False(t, rows[1].Primary, "a second one does not")
	require.NoError(t, ed.TogglePrimary(status.Key, "2"))
	rows = catOf(ed, status.Key).Rows
	require.False(t, rows[0].Primary)
	require.True(t, rows[1].Primary, "toggling moves Primary within the Jira value")

	var props []mapping.Proposal
	for _, pr := range ed.Proposals() {
		if cat, _ := where(pr.Location); cat == status.Key {
			props = append(props, pr)
		}
	}
	require.NotEmpty(t, props)
	_, row := where(props[0].Location)
	require.Equal(t, "4", row)
	require.Equal(t, "3", props[0].Jira.ID)
	clone := ed.Clone()
	require.NoError(t, ed.Accept(props[0]))
	require.Equal(t, "3", catOf(ed, status.Key).Rows[2].JiraID)
	require.Empty(t, catOf(clone, status.Key).Rows[2].JiraID, "a clone does not see later edits")

	data, err := ed.Format()
	require.NoError(t, err)
	writer, intact := mapping.ReadStamp(data)
	require.True(t, intact, "a TUI save is stamped, so a later pull knows it for spirajira's")
	require.Equal(t, "TUI", writer)
	back, err := mapping.Parse(data)
	require.NoError(t, err)
	require.Equal(t, "3", back.Field(mapping.IncidentStatus).Values[2].Jira.ID)
	require.False(t, ed.CanApplySheet(), "only the sandbox applies the sheet")
}

func TestLiveMappingPluginSettings(t *testing.T) {
	p, lk, j := liveFixture()
	ed := offlineEditor(p, lk, j)
	require.NoError(t, ed.SetJira(catPlugin, "custom03SyncDirection", "Both"))
	require.Equal(t, "Both", ed.Categories()[0].Rows[9].JiraID)
	require.NoError(t, ed.SetJira(catPlugin, "caption", "Jira Cloud"))
	require.NoError(t, ed.SetJira(catPlugin, "url", "https://lib.atlassian.net"))
	require.NoError(t, ed.SetJira(catPlugin, "login", "sync@library.example"))
	require.NoError(t, ed.SetJira(catPlugin, "description", "ours"))
	require.NoError(t, ed.SetJira(catPlugin, "timeOffsetHours", "-3"))
	require.ErrorContains(t, ed.SetJira(catPlugin, "timeOffsetHours", "three"), "whole number of hours")
	rows := ed.Categories()[0].Rows
	byKey := map[string]MappingRow{}
	for _, r := range rows {
		byKey[r.SpiraID] = r
	}
	require.Equal(t, "Jira Cloud", byKey["caption"].JiraID)
	require.Equal(t, "https://lib.atlassian.net", byKey["url"].JiraID)
	require.Equal(t, "sync@library.example", byKey["login"].JiraID)
	require.Equal(t, "ours", byKey["description"].JiraID)
	require.Equal(t, "-3", byKey["timeOffsetHours"].JiraID)
	require.True(t, byKey["caption"].Text, "a free-text setting is typed in")
	require.False(t, byKey["custom03SyncDirection"].Text)
	require.True(t, ed.Categories()[0].Settings)
	require.ErrorContains(t, ed.SetJira(catPlugin, "name", "x"), "finds the plug-in by it", "the record's name is how it is found: not edited here")
}

func catOf(ed MappingEditor, key string) MappingCategory {
	for _, c := range ed.Categories() {
		if c.Key == key {
			return c
		}
	}
	return MappingCategory{}
}

// Push, verify and the sheet applied run over the simulator, as the
// Mapping screen runs them on the sandbox: what Spira's API cannot write
// goes to the sheet, and verify checks every line of it.
func TestLiveMappingPushVerifyApply(t *testing.T) {
	l, _ := bothSims(t)
	ed, err := l.OpenMapping(bgCtx, spiratest.ProductID)
	require.NoError(t, err)
	key := fieldCat(mapping.IncidentStatus)
	require.NoError(t, ed.SetJira(key, "4", "10002"), "Resolved, unmapped in the sandbox, to Done")
	require.NoError(t, ed.SetJira(key, "8", "4"), "Reopen, unmapped in the sandbox, to Reopened")

	diff, err := ed.Clone().Diff(bgCtx)
	require.NoError(t, err)
	require.Len(t, diff, 2)
	require.Equal(t, mapping.Added, diff[0].Kind)
	require.Contains(t, describe(diff[0]), "[setup sheet]", "Spira's API cannot write field-value mappings")

	res, err := ed.Clone().Push(bgCtx, false)
	require.NoError(t, err)
	require.Len(t, pushedSheet(res), 2)
	ed.Pushed(res)
	checks, sheet, err := ed.Clone().Verify(bgCtx)
	require.NoError(t, err)
	var open []SheetItem
	for _, it := range sheetItems(sheet, checks) {
		if !it.Done {
			open = append(open, it)
		}
	}
	require.Len(t, open, 2, "verify checks every line, as mapping verify does: the two entered by hand are not done yet")
	require.Equal(t, "Spira holds nothing", open[0].Note)

	require.True(t, ed.CanApplySheet())
	require.NoError(t, ed.Clone().ApplySheet(bgCtx))
	checks, sheet, err = ed.Clone().Verify(bgCtx)
	require.NoError(t, err)
	for _, it := range sheetItems(sheet, checks) {
		require.True(t, it.Done, it.Text)
	}
	diff, err = ed.Diff(bgCtx)
	require.NoError(t, err)
	require.Empty(t, diff, "after the sheet, Spira holds the mapping")
}

// offlineEditor edits a mapping with no session: the rules alone.
func offlineEditor(p *mapping.Product, lk *mapping.SpiraLookups, j *mapping.Jira) MappingEditor {
	mapping.FillJiraNames(p, j)
	return NewMappingEditor(nil, &ops.Mapping{Product: p, Lookups: lk, Jira: j})
}
