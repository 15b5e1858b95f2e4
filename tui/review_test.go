package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"
)

// catalogWithField opens a catalog whose only tab is a custom field with
// options in two contexts, longer than any window is wide.
func catalogWithField(t *testing.T, m Model) Model {
	t.Helper()
	m = send(m, keys("2"), esc)
	c := Catalog{Project: "LIB", Tabs: []CatalogTab{{Name: "Custom fields", Columns: []string{"ID", "Name", "Type"}, Rows: []CatalogRow{{
		Cells: []string{"customfield_10031", "Affected Branches", "multiselect"},
		Detail: []string{
			"Affected Branches (customfield_10031)",
			"Jira type: multiselect",
			"Options in Default Configuration Scheme for Affected Branches: Central (10220), North (10221), South (10222), East (10223), Mobile Library (10224)",
			"Options in LIB bugs: Central (10230), Mobile Library (10234)",
		},
	}}}}}
	return send(m, catalogMsg{seq: jiraOf(m).load.seq, catalog: c})
}

func TestJiraDetailWrapsInsteadOfCutting(t *testing.T) {
	for _, size := range []tea.WindowSizeMsg{{Width: 80, Height: 24}, {Width: 120, Height: 30}} {
		m, _ := newRoot(t, fakeOpts)
		m = send(m, size)
		m = catalogWithField(t, m)
		v := ansi.Strip(m.View())
		for _, id := range []string{"10220", "10224", "10230", "10234"} {
			require.Contains(t, v, id, "at %dx%d every option ID is in the detail pane", size.Width, size.Height)
		}
		if size.Width == 80 {
			requireFrame(t, m)
		}
	}
}

func TestJiraDetailSaysWhatDoesNotFit(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 60, Height: 16})
	m = catalogWithField(t, m)
	v := ansi.Strip(m.View())
	require.Contains(t, v, "more lines: a wider window")
	for _, l := range strings.Split(m.View(), "\n") {
		require.LessOrEqual(t, ansi.StringWidth(l), 60)
	}
}

func TestConnectionsTopAndBottomKeys(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 12})
	m = connLoaded(t, m, b)
	require.NotContains(t, m.View(), "press D", "the window is too short for everything")
	m = send(m, keys("G"))
	require.Contains(t, m.View(), "press D for the doctor's report", "G goes to the bottom, as the help says")
	m = send(m, keys("g"))
	require.Contains(t, m.View(), "Jira Cloud", "g goes back to the top")
}

func TestMappingTopAndBottomKeys(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("G"))
	require.Equal(t, 2, mappingOf(m).cat, "G goes to the last category")
	m = send(m, keys("g"), right, keys("G"))
	require.Equal(t, 0, mappingOf(m).cat)
	require.Equal(t, 3, mappingOf(m).row, "in the rows, G goes to the last row")
	m = send(m, keys("g"))
	require.Equal(t, 0, mappingOf(m).row)
}

func TestMappingSheetScrollStopsAtTheEnd(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 10})
	m = openMapping(t, m, b)
	m = send(m, keys("a"), keys("A"))
	res, _ := mappingOf(m).ed.Clone().Push(bgCtx)
	m = send(m, pushMsg{seq: mappingOf(m).load.seq, res: res})
	require.Equal(t, modeSheet, mappingOf(m).mode)
	top := m.View()
	for range 20 {
		m = send(m, down)
	}
	bottom := m.View()
	require.NotEqual(t, top, bottom, "the sheet is longer than the window")
	m = send(m, tea.KeyMsg{Type: tea.KeyUp})
	require.NotEqual(t, bottom, m.View(), "one step up after overshooting moves at once")
	m = send(m, keys("g"))
	require.Equal(t, top, m.View(), "g goes to the top")
	m = send(m, keys("G"))
	require.Equal(t, bottom, m.View(), "G goes to the last page")
}

func TestMappingErrorWrapsWithItsFix(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("d"))
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, err: errString("spira: the API key was refused (401): check the RSS token under My Profile and run spirajira login spira again")})
	v := ansi.Strip(m.View())
	require.Contains(t, v, "run spirajira login spira again", "the error is read in full, its fix included")
}
