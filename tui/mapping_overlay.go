package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

// The Mapping screen's overlays: the diff with Spira, the push confirmation
// and the setup sheet, scrolled over the browse view.

func (s *mappingScreen) overlayKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.dk.List.Up):
		s.scroll(-1)
	case key.Matches(msg, s.dk.List.Down):
		s.scroll(1)
	case key.Matches(msg, s.dk.List.PageDown):
		s.scroll(10)
	case key.Matches(msg, s.dk.List.PageUp):
		s.scroll(-10)
	case key.Matches(msg, s.dk.List.Top):
		s.scroll(-1 << 20)
	case key.Matches(msg, s.dk.List.Bottom):
		s.scroll(1 << 20)
	case s.load.active && (key.Matches(msg, s.dk.Yes) || key.Matches(msg, s.keys.Apply)):
		// One push or apply at a time: a second y would write twice.
		return nil
	case s.mode == modeConfirmPush && key.Matches(msg, s.dk.Yes):
		seq, spin := s.load.start("Pushing to Spira…")
		// The confirmation named the mapping's errors, if any: a yes to it
		// is the --force of the command line.
		return tea.Batch(spin, pushCmd(s.env, s.ed.Clone(), seq, s.edits, s.errorCount() > 0))
	case s.mode == modeConfirmPush && key.Matches(msg, s.dk.No), key.Matches(msg, s.dk.Close):
		s.mode = modeBrowse
	case s.mode == modeSheet && key.Matches(msg, s.keys.Verify):
		seq, spin := s.load.start("Verifying the setup sheet against Spira…")
		return tea.Batch(spin, verifyCmd(s.env, s.ed.Clone(), seq))
	case s.mode == modeSheet && key.Matches(msg, s.keys.Apply) && s.ed.CanApplySheet():
		seq, spin := s.load.start("Applying the sheet to the sandbox's Spira…")
		return tea.Batch(spin, applySheetCmd(s.env, s.ed.Clone(), seq))
	}
	return nil
}

// overlayLines are the lines of the diff or the sheet, before scrolling.
func (s mappingScreen) overlayLines() []string {
	switch s.mode {
	case modeDiff, modeConfirmPush:
		return s.diffLines()
	case modeSheet:
		return s.sheetLines()
	}
	return nil
}

func (s mappingScreen) scrolled(lines []string, h int) string {
	off := min(s.overlayY, max(len(lines)-h, 0))
	return strings.Join(lines[off:min(len(lines), off+h)], "\n")
}

func (s mappingScreen) diffLines() []string {
	st := s.env.st
	var lines []string
	title := "Diff with Spira"
	if s.mode == modeConfirmPush {
		title = "Push these changes to Spira? y pushes, n cancels"
	}
	lines = append(lines, st.Pane.Title.Render(title))
	if errs := s.errorCount(); s.mode == modeConfirmPush && errs > 0 {
		// The command line refuses this push without --force: say so here.
		msg := fmt.Sprintf("The mapping has %s (marked ✗ on its rows): mapping push refuses it without --force; y pushes it anyway.", words.Count(errs, "error"))
		lines = append(lines, errorLines(st, msg, s.w)...)
	}
	if len(s.diff) == 0 {
		lines = append(lines, st.Muted.Render("  no differences: Spira already holds this mapping"))
	}
	for _, d := range s.diff {
		op, sty := "~", st.Diff.Change
		switch d.Kind {
		case mapping.Added:
			op, sty = "+", st.Diff.Add
		case mapping.Removed:
			op, sty = "-", st.Diff.Del
		}
		for _, l := range hangWrap(op+" ", describe(d), s.w) {
			lines = append(lines, sty.Render(l))
		}
	}
	return lines
}

// changes is true when a diff has a change.
func changes(lines []mapping.Change) bool { return len(lines) > 0 }

func (s mappingScreen) sheetLines() []string {
	st := s.env.st
	var lines []string
	done := 0
	for _, it := range s.sheet {
		if it.Done {
			done++
		}
	}
	title := fmt.Sprintf("Setup sheet: %d of %d done", done, len(s.sheet))
	if len(s.sheet) == 0 {
		title = "Setup sheet"
	}
	lines = append(lines, st.Pane.Title.Render(title)+st.Muted.Render("  v verifies against Spira"))
	if s.upToDate {
		lines = append(lines, st.OK.Render("Nothing to push: Spira already holds this mapping."))
	}
	if len(s.written) > 0 {
		lines = append(lines, st.OK.Render(fmt.Sprintf("Written by push (%d):", len(s.written))))
		for _, w := range s.written {
			lines = append(lines, hangWrap("  ✓ ", w, s.w)...)
		}
	}
	screen := ""
	for _, it := range s.sheet {
		if it.Screen != screen {
			screen = it.Screen
			lines = append(lines, st.Bold.Render(screen))
			if it.Where != "" {
				for _, l := range strings.Split(lipgloss.NewStyle().Width(max(s.w-4, 10)).Render(it.Where), "\n") {
					lines = append(lines, st.Muted.Render("  "+strings.TrimRight(l, " ")))
				}
			}
		}
		box := "[ ]"
		if it.Done {
			box = st.OK.Render("[x]")
		}
		// What to enter is read in full: it is typed into Spira by hand.
		lines = append(lines, hangWrap("  "+box+" ", it.Text, s.w)...)
		if it.Note != "" && !it.Done {
			for _, l := range hangWrap("      ", it.Note, s.w) {
				lines = append(lines, st.Warn.Render(l))
			}
		}
	}
	if len(s.sheet) == 0 {
		lines = append(lines, st.OK.Render("Nothing left to enter by hand."))
	}
	return lines
}

// SheetItem is one line of the setup sheet.
type SheetItem struct {
	Screen string
	// Where is how to reach the screen in Spira.
	Where string
	Text  string
	Done  bool
	Note  string // what differs, after verify
}

// sheetItems are the sheet's lines as the screen lists them, each with its
// check after a verify (checks nil: none yet).
func sheetItems(s *mapping.Sheet, checks []mapping.LineCheck) []SheetItem {
	if s == nil {
		return nil
	}
	var out []SheetItem
	i := 0
	for _, sc := range s.Screens {
		for _, l := range sc.Lines {
			text := l.Row + " · " + l.Label + " = " + l.Enter
			if l.Enter == "" {
				text = l.Row + " · " + l.Label + ": clear the box"
			}
			if l.Means != "" && l.Enter != "" {
				text += " (" + l.Means + ")"
			}
			if l.Primary != nil && *l.Primary {
				text += ", Primary"
			}
			it := SheetItem{Screen: sc.Title, Where: sc.Path, Text: text}
			if checks != nil && i < len(checks) {
				it.Done = checks[i].Done
				switch {
				case checks[i].Unreadable:
					it.Note = "cannot be read over REST: check it on the plug-in screen"
				case !it.Done:
					it.Note = "Spira holds " + orNothing(checks[i].Actual)
				}
			}
			out = append(out, it)
			i++
		}
	}
	return out
}

func orNothing(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

// written are the changes a push wrote, as the screen lists them.
func written(out *ops.PushOutcome) []string {
	if out == nil || out.Result == nil {
		return nil
	}
	var w []string
	for _, c := range out.Result.Written {
		w = append(w, describe(c))
	}
	return w
}

// pushedSheet is the sheet a push left, as the screen lists it.
func pushedSheet(out *ops.PushOutcome) []SheetItem {
	if out == nil || out.Result == nil {
		return nil
	}
	return sheetItems(out.Result.Sheet, nil)
}
