package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// unsaved names the work quitting would lose, from every screen.
func (m Model) unsaved() string {
	for _, s := range m.screens {
		if u := s.Unsaved(); u != "" {
			return u
		}
	}
	return ""
}

// answerQuit takes the answer to "quit without saving?": y quits (ctrl+c
// too, asked twice), n or esc stays, on the Mapping screen so that s saves.
func (m Model) answerQuit(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.qk.Yes), key.Matches(msg, m.keys.ForceQuit):
		m.askQuit, m.quitting = false, true
		m.cancel()
		if !m.busy() {
			return m, tea.Quit
		}
		m.note = "Stopping the work in flight… (ctrl+c again to quit at once)"
		return m, nil
	case key.Matches(msg, m.qk.No):
		m.askQuit = false
		next, cmd := m.switchTo(screenMapping)
		nm := next.(Model)
		nm.note = "Not quit: s saves the mapping"
		return nm, cmd
	}
	return m, nil
}

// farewell is what the TUI says once closed: what a sync stopped by
// quitting did and what the next run does.
func (m Model) farewell() string {
	if s, ok := m.screens[screenSync].(syncScreen); ok {
		return s.stoppedLine()
	}
	return ""
}
