package tui

import (
	"os"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/require"
)

// quits reports whether cmd ends the program.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if quits(c) {
				return true
			}
		}
	}
	return false
}

// editOneRow maps the incident status Open to In Progress.
func editOneRow(m Model) Model {
	m = send(m, right, down, enter)
	m = typeText(m, "inprog")
	return send(m, enter)
}

func TestQuitAsksBeforeLosingMappingEdits(t *testing.T) {
	dir := t.TempDir()
	m, b := newRoot(t, Options{Profile: "sandbox", NoColor: true, MappingFile: filepath.Join(dir, "mapping.yaml")})
	m = openMapping(t, m, b)
	m, cmd := sendCmd(m, keys("q"))
	require.True(t, quits(cmd), "nothing edited: q quits at once")

	m, b = newRoot(t, Options{Profile: "sandbox", NoColor: true, MappingFile: filepath.Join(dir, "mapping.yaml")})
	m = openMapping(t, m, b)
	m = editOneRow(m)
	require.Contains(t, m.statusView(), "● modified", "the status bar marks the unsaved edit")
	m, cmd = sendCmd(m, keys("q"))
	require.False(t, quits(cmd), "q asks first")
	requireFrame(t, m)
	m, cmd = sendCmd(m, keys("n"))
	require.False(t, quits(cmd))
	require.Equal(t, "3", mappingOf(m).cats[0].Rows[1].JiraID, "the edit is kept")
	require.Equal(t, screenMapping, m.active)

	m, cmd = sendCmd(m, ctrlC)
	require.False(t, quits(cmd), "ctrl+c asks too")
	m, cmd = sendCmd(m, keys("y"))
	require.True(t, quits(cmd), "y quits without saving")
}

func TestSaveClearsTheModifiedMark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapping.yaml")
	m, b := newRoot(t, Options{Profile: "sandbox", NoColor: true, MappingFile: path})
	m = openMapping(t, m, b)
	m = editOneRow(m)
	m, cmd := sendCmd(m, keys("s"))
	m = send(m, cmd())
	require.NotContains(t, m.statusView(), "● modified")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), "incident-status 2: 3")
	_, cmd = sendCmd(m, keys("q"))
	require.True(t, quits(cmd), "saved: q quits at once")
}
