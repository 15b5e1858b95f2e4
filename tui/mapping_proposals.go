package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/spirajira/spirajira/mapping"
)

// mappingProposals are one category's auto-map proposals, answered one at a
// time, accepted or skipped, or all at once.
type mappingProposals struct {
	st *Styles
	dk dialogKeys

	title    string // the category's
	list     []mapping.Proposal
	idx      int // the proposal asked about
	accepted int
}

func newMappingProposals(st *Styles, title string, list []mapping.Proposal) mappingProposals {
	return mappingProposals{st: st, dk: newDialogKeys(), title: title, list: list}
}

// Update answers the proposal asked about; accept applies one to the
// mapping (one it fails to apply is not counted). done: none is left.
func (p mappingProposals) Update(msg tea.KeyMsg, accept func(mapping.Proposal) error) (_ mappingProposals, done bool) {
	take := func(pr mapping.Proposal) {
		if accept(pr) == nil {
			p.accepted++
		}
	}
	switch {
	case key.Matches(msg, p.dk.All):
		for _, pr := range p.list[p.idx:] {
			take(pr)
		}
		p.idx = len(p.list)
	case key.Matches(msg, p.dk.Yes):
		take(p.list[p.idx])
		p.idx++
	case key.Matches(msg, p.dk.No):
		p.idx++
	case key.Matches(msg, p.dk.Close):
		p.idx = len(p.list)
	default:
		return p, false
	}
	return p, p.idx >= len(p.list)
}

// Summary is the note left once the proposals are answered.
func (p mappingProposals) Summary() string {
	return fmt.Sprintf("Auto-map: accepted %d of %d proposals", p.accepted, len(p.list))
}

func (p mappingProposals) KeyMap() help.KeyMap {
	return helpKeys{p.dk.Yes, p.dk.No, p.dk.All, p.dk.Close}
}

// View is the proposal asked about, in a box of up to w columns.
func (p mappingProposals) View(w int) string {
	st := p.st
	pr := p.list[min(p.idx, len(p.list)-1)]
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n\n", st.Pane.Title.Render("Auto-map "+p.title),
		st.Muted.Render(fmt.Sprintf("proposal %d of %d", p.idx+1, len(p.list))))
	reason := pr.Reason
	if pr.Overwrites {
		reason += " · replaces " + jiraName(pr.Current)
	}
	fmt.Fprintf(&b, "  Spira  %s\n", st.Bold.Render(pr.Spira.Name))
	fmt.Fprintf(&b, "  Jira   %s %s\n", st.Bold.Render(jiraName(pr.Jira)), st.Muted.Render("["+pr.Jira.ID+"]"))
	fmt.Fprintf(&b, "  %s\n\n", st.Muted.Render(fmt.Sprintf("confidence %.0f%% · %s", pr.Confidence*100, reason)))
	b.WriteString("  y accept · n skip · A accept all the rest · esc stop")
	return st.Dialog.Width(min(w-4, 70)).Render(b.String())
}

// proposalKey routes a key to the proposals; once they are answered, it
// goes back to the browse view with what was accepted.
func (s *mappingScreen) proposalKey(msg tea.KeyMsg) tea.Cmd {
	p, done := s.proposals.Update(msg, func(pr mapping.Proposal) error {
		err := s.ed.Accept(pr)
		if err != nil {
			s.errS = errText(err)
		}
		return err
	})
	s.proposals = p
	if !done {
		return nil
	}
	s.mode = modeBrowse
	note := flash(p.Summary())
	if p.accepted == 0 {
		s.refresh()
		return note
	}
	stale := s.edited()
	return tea.Sequence(note, stale) // the warning, if any, is the note left
}
