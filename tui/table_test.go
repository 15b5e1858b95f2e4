package tui

import (
	"testing"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/stretchr/testify/require"
)

func testTable(t *testing.T) tableModel {
	t.Helper()
	st := NewStyles(DefaultTheme(), false)
	tm := newTable(&st)
	tm.SetData([]string{"ID", "Name"}, [][]string{{"1", "To Do"}, {"2", "In Progress"}, {"3", "Done"}})
	tm.SetSize(40, 10)
	return tm
}

func TestTableWithoutFocusIgnoresKeys(t *testing.T) {
	tm := testTable(t)
	require.False(t, tm.Focused(), "a new table waits for the focus")
	tm, _ = tm.Update(down)
	i, _ := tm.Selected()
	require.Zero(t, i)

	tm.Focus()
	require.True(t, tm.Focused())
	tm, _ = tm.Update(down)
	i, _ = tm.Selected()
	require.Equal(t, 1, i)

	tm.Blur()
	tm, _ = tm.Update(keys("G"))
	i, _ = tm.Selected()
	require.Equal(t, 1, i, "blurred, the cursor stays")
}

func TestTableDimsItsCursorWithoutFocus(t *testing.T) {
	tm := testTable(t)
	// Marked, as colour is not rendered here.
	tm.st.Muted = tm.st.Muted.Transform(func(s string) string { return "<" + s + ">" })
	tm.Focus()
	require.Contains(t, tm.View(), "\n› 1   To Do\n")
	tm.Blur()
	require.Contains(t, tm.View(), "\n<› 1   To Do>\n", "the cursor is dimmed")
}

func TestTableKeyMapFollowsTheFilter(t *testing.T) {
	tm := testTable(t)
	tm.Focus()
	var km help.KeyMap = tm.KeyMap()
	require.Equal(t, tm.keys.List.all(), km.ShortHelp())
	require.Equal(t, [][]string{{"↑/k", "↓/j", "pgup", "pgdn", "g", "G"}}, helpKeysOf(km.FullHelp()))

	tm.StartFilter()
	km = tm.KeyMap()
	require.Equal(t, [][]string{{"enter", "esc"}}, helpKeysOf(km.FullHelp()))
	tm, _ = tm.Update(enter)
	require.False(t, tm.Filtering())
	require.Len(t, tm.KeyMap().ShortHelp(), 6, "the cursor's keys again")
}

func helpKeysOf(groups [][]key.Binding) [][]string {
	var out [][]string
	for _, g := range groups {
		var ks []string
		for _, b := range g {
			ks = append(ks, b.Help().Key)
		}
		out = append(out, ks)
	}
	return out
}
