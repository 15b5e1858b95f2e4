package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/spirajira/spirajira/mapping"
)

// The Mapping screen's auto-map proposals: one at a time, accepted or
// skipped, or all at once.

func (s *mappingScreen) proposalKey(msg tea.KeyMsg) tea.Cmd {
	accept := func(p mapping.Proposal) {
		if err := s.ed.Accept(p); err != nil {
			s.errS = errText(err)
			return
		}
		s.accepted++
	}
	switch {
	case key.Matches(msg, s.dk.All):
		for _, p := range s.proposals[s.propIdx:] {
			accept(p)
		}
		s.propIdx = len(s.proposals)
	case key.Matches(msg, s.dk.Yes):
		accept(s.proposals[s.propIdx])
		s.propIdx++
	case key.Matches(msg, s.dk.No):
		s.propIdx++
	case key.Matches(msg, s.dk.Close):
		s.propIdx = len(s.proposals)
	default:
		return nil
	}
	if s.propIdx < len(s.proposals) {
		return nil
	}
	s.mode = modeBrowse
	note := flash(fmt.Sprintf("Auto-map: accepted %d of %d proposals", s.accepted, len(s.proposals)))
	if s.accepted == 0 {
		s.refresh()
		return note
	}
	stale := s.edited()
	return tea.Sequence(note, stale) // the warning, if any, is the note left
}

func (s mappingScreen) proposalView(h int) string {
	st := s.env.st
	p := s.proposals[min(s.propIdx, len(s.proposals)-1)]
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n\n", st.Pane.Title.Render("Auto-map "+s.cats[s.cat].Title),
		st.Muted.Render(fmt.Sprintf("proposal %d of %d", s.propIdx+1, len(s.proposals))))
	reason := p.Reason
	if p.Overwrites {
		reason += " · replaces " + jiraName(p.Current)
	}
	fmt.Fprintf(&b, "  Spira  %s\n", st.Bold.Render(p.Spira.Name))
	fmt.Fprintf(&b, "  Jira   %s %s\n", st.Bold.Render(jiraName(p.Jira)), st.Muted.Render("["+p.Jira.ID+"]"))
	fmt.Fprintf(&b, "  %s\n\n", st.Muted.Render(fmt.Sprintf("confidence %.0f%% · %s", p.Confidence*100, reason)))
	b.WriteString("  y accept · n skip · A accept all the rest · esc stop")
	return s.env.st.Dialog.Width(min(s.w-4, 70)).Render(b.String())
}
