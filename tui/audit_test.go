package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"
)

// Under NO_COLOR the terminal shows neither colour nor bold nor underline
// (the tests pin that Ascii profile), so the active screen is marked in text.
func TestNoColorMarksTheActiveScreenInText(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	for i, want := range []string{"[1 Connections]", "[2 Jira]", "[3 Mapping]", "[4 Sync]"} {
		m = send(m, keys(string(rune('1'+i))))
		top := strings.Split(ansi.Strip(m.View()), "\n")[0]
		require.Contains(t, top, want)
		require.Equal(t, 1, strings.Count(top, "["), "only the active screen is marked: %q", top)
	}
}

// At 80 columns the screen's own keys are many; the help bar still names
// ? (the way to the others) and q, cutting the screen's last keys instead.
func TestShortHelpKeepsTheGlobalKeysAt80Columns(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	views := map[string]Model{}
	views["jira"] = jiraCatalog(t, m, b)
	m, b = newRoot(t, fakeOpts)
	views["mapping"] = send(openMapping(t, m, b), right)
	m, b = newRoot(t, fakeOpts)
	views["sync plan"] = planned(t, m, b)
	// Each keeps the key its main flow goes on with.
	next := map[string]string{"jira": "y copy ID", "mapping": "a auto-map", "sync plan": "r run sync"}
	for name, v := range views {
		lines := strings.Split(ansi.Strip(v.View()), "\n")
		help := lines[len(lines)-1]
		require.Contains(t, help, "? help", "%s: %q", name, help)
		require.Contains(t, help, "q quit", "%s: %q", name, help)
		require.Contains(t, help, next[name], "%s: %q", name, help)
		require.LessOrEqual(t, ansi.StringWidth(help), 80)
	}
}

// A category whose name is cut at 80 columns keeps its count of problems.
func TestMappingCategoryKeepsItsCountWhenCut(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, keys("3"))
	ed := newFakeEditor(b)
	ed.cats = append(ed.cats, MappingCategory{Key: "requirement-importance", Title: "Requirement Importance", Primary: true, Rows: []MappingRow{
		{SpiraID: "1", SpiraName: "1 - Critical"}, {SpiraID: "2", SpiraName: "2 - High"}, {SpiraID: "3", SpiraName: "3 - Medium"}, {SpiraID: "4", SpiraName: "4 - Low"},
		{SpiraID: "5", SpiraName: "5 - Trivial"}, {SpiraID: "6", SpiraName: "6 - Cosmetic"}, {SpiraID: "7", SpiraName: "7 - None"}, {SpiraID: "8", SpiraName: "8 - Other"},
		{SpiraID: "9", SpiraName: "9 - Later"}, {SpiraID: "10", SpiraName: "10 - Never"},
	}})
	m = send(m, editorMsg{seq: mappingOf(m).load.seq, product: SpiraProduct{ID: 1, Name: "Library Information System"}, ed: ed})
	v := ansi.Strip(m.View())
	require.Contains(t, v, "(10)", "the count of the category's problems is shown:\n%s", v)
	require.Contains(t, v, "Requirement Imp", "as much of the name as fits")
	for _, l := range strings.Split(m.View(), "\n") {
		require.LessOrEqual(t, ansi.StringWidth(l), 80)
	}
}
