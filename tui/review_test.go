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
