package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

// showOverlay puts o in front of the browse view.
func (s *mappingScreen) showOverlay(o mappingOverlay) { s.overlay, s.mode = o, o.shows }

// overlayKey routes a key to the overlay and does what it asks.
func (s *mappingScreen) overlayKey(msg tea.KeyMsg) tea.Cmd {
	o, ask := s.overlay.Update(msg, s.w, s.bodyHeight())
	s.overlay = o
	switch ask {
	case askClose:
		s.mode = modeBrowse
	case askPush:
		if s.load.active {
			return nil // one push at a time: a second y would write twice
		}
		seq, spin := s.load.start("Pushing to Spira…")
		return tea.Batch(spin, pushCmd(s.env, s.ed.Clone(), seq, s.edits, o.Force()))
	case askVerify:
		return s.startVerify("Verifying the setup sheet against Spira…")
	case askApply:
		if !s.load.active && s.ed.CanApplySheet() {
			return s.startApply()
		}
	}
	return nil
}

func (s *mappingScreen) startVerify(note string) tea.Cmd {
	seq, spin := s.load.start(note)
	return tea.Batch(spin, verifyCmd(s.env, s.ed.Clone(), seq))
}

func (s *mappingScreen) startApply() tea.Cmd {
	seq, spin := s.load.start("Applying the sheet to the sandbox's Spira…")
	return tea.Batch(spin, applySheetCmd(s.env, s.ed.Clone(), seq))
}

// mappingOverlay is the Mapping screen's overlay over the browse view: the
// diff with Spira, the push confirmation or the setup sheet, scrolled. It
// keeps the last sheet once closed: A shows it again.
type mappingOverlay struct {
	st   *Styles
	dk   dialogKeys
	keys mappingKeys // Verify and Apply act on the sheet

	// shows is modeDiff, modeConfirmPush or modeSheet.
	shows mappingMode
	diff  []mapping.Change
	// errors are the mapping's errors the push confirmation names: a yes
	// to it pushes them anyway.
	errors  int
	written []string
	sheet   []SheetItem
	// upToDate is true when P found nothing to push: the sheet says so
	// instead of listing what push wrote.
	upToDate bool
	y        int
}

// overlayAsk is what a key in the overlay asks the Mapping screen to do.
type overlayAsk int

const (
	askNothing overlayAsk = iota
	askClose
	askPush // with --force when Force says so
	askVerify
	askApply
)

func newMappingOverlay(st *Styles) mappingOverlay {
	return mappingOverlay{st: st, dk: newDialogKeys(), keys: newMappingKeys()}
}

// withDiff shows a diff, as the push confirmation when forPush.
func (o mappingOverlay) withDiff(lines []mapping.Change, forPush bool, errors int) mappingOverlay {
	o.diff, o.errors, o.y, o.shows = lines, errors, 0, modeDiff
	if forPush {
		o.shows = modeConfirmPush
	}
	return o
}

// withPushed shows the sheet a push left and what it wrote.
func (o mappingOverlay) withPushed(res *ops.PushOutcome) mappingOverlay {
	o.written, o.sheet, o.y, o.upToDate = written(res), pushedSheet(res), 0, false
	o.shows = modeSheet
	return o
}

// withSheet shows the sheet items, keeping the scroll and what push wrote.
func (o mappingOverlay) withSheet(items []SheetItem) mappingOverlay {
	o.sheet, o.shows = items, modeSheet
	return o
}

// Force is true when the push confirmed named errors: its yes is the
// --force of the command line.
func (o mappingOverlay) Force() bool { return o.shows == modeConfirmPush && o.errors > 0 }

// Update scrolls the w×h overlay or says what the key asks of the screen.
func (o mappingOverlay) Update(msg tea.KeyMsg, w, h int) (mappingOverlay, overlayAsk) {
	if n, ok := o.dk.List.Move(msg, 10); ok {
		return o.Scroll(n, w, h), askNothing
	}
	switch {
	case o.shows == modeConfirmPush && key.Matches(msg, o.dk.Yes):
		return o, askPush
	case o.shows == modeConfirmPush && key.Matches(msg, o.dk.No), key.Matches(msg, o.dk.Close):
		return o, askClose
	case o.shows == modeSheet && key.Matches(msg, o.keys.Verify):
		return o, askVerify
	case o.shows == modeSheet && key.Matches(msg, o.keys.Apply):
		return o, askApply
	}
	return o, askNothing
}

// Scroll moves by n lines, clamped to the last page of w×h so that going
// back up moves at once.
func (o mappingOverlay) Scroll(n, w, h int) mappingOverlay {
	last := max(len(o.lines(w))-h, 0)
	o.y = max(min(o.y, last)+n, 0)
	o.y = min(o.y, last)
	return o
}

// KeyMap is the overlay's help; canApply: the sheet can be applied here.
func (o mappingOverlay) KeyMap(canApply bool) help.KeyMap {
	switch o.shows {
	case modeConfirmPush:
		return helpKeys{withHelp(o.dk.Yes, "y", "push"), withHelp(o.dk.No, "n", "cancel"), scrollHelp}
	case modeSheet:
		apply := o.keys.Apply
		apply.SetEnabled(canApply)
		return helpKeys{o.keys.Verify, apply, o.dk.Close, scrollHelp}
	}
	return helpKeys{o.dk.List.Up, o.dk.List.Down, o.dk.Close}
}

func (o mappingOverlay) View(w, h int) string {
	lines := o.lines(w)
	off := min(o.y, max(len(lines)-h, 0))
	return strings.Join(lines[off:min(len(lines), off+h)], "\n")
}

// lines are the lines of the diff or the sheet, before scrolling.
func (o mappingOverlay) lines(w int) []string {
	switch o.shows {
	case modeDiff, modeConfirmPush:
		return o.diffLines(w)
	case modeSheet:
		return o.sheetLines(w)
	}
	return nil
}

func (o mappingOverlay) diffLines(w int) []string {
	st := o.st
	var lines []string
	title := "Diff with Spira"
	if o.shows == modeConfirmPush {
		title = "Push these changes to Spira? y pushes, n cancels"
	}
	lines = append(lines, st.Pane.Title.Render(title))
	if o.shows == modeConfirmPush && o.errors > 0 {
		// The command line refuses this push without --force: say so here.
		msg := fmt.Sprintf("The mapping has %s (marked ✗ on its rows): mapping push refuses it without --force; y pushes it anyway.", words.Count(o.errors, "error"))
		lines = append(lines, errorLines(st, msg, w)...)
	}
	if len(o.diff) == 0 {
		lines = append(lines, st.Muted.Render("  no differences: Spira already holds this mapping"))
	}
	for _, d := range o.diff {
		op, sty := "~", st.Diff.Change
		switch d.Kind {
		case mapping.Added:
			op, sty = "+", st.Diff.Add
		case mapping.Removed:
			op, sty = "-", st.Diff.Del
		}
		for _, l := range hangWrap(op+" ", describe(d), w) {
			lines = append(lines, sty.Render(l))
		}
	}
	return lines
}

// changes is true when a diff has a change.
func changes(lines []mapping.Change) bool { return len(lines) > 0 }

func (o mappingOverlay) sheetLines(w int) []string {
	st := o.st
	var lines []string
	done := 0
	for _, it := range o.sheet {
		if it.Done {
			done++
		}
	}
	title := fmt.Sprintf("Setup sheet: %d of %d done", done, len(o.sheet))
	if len(o.sheet) == 0 {
		title = "Setup sheet"
	}
	lines = append(lines, st.Pane.Title.Render(title)+st.Muted.Render("  v verifies against Spira"))
	if o.upToDate {
		lines = append(lines, st.OK.Render("Nothing to push: Spira already holds this mapping."))
	}
	if len(o.written) > 0 {
		lines = append(lines, st.OK.Render(fmt.Sprintf("Written by push (%d):", len(o.written))))
		for _, c := range o.written {
			lines = append(lines, hangWrap("  ✓ ", c, w)...)
		}
	}
	screen := ""
	for _, it := range o.sheet {
		if it.Screen != screen {
			screen = it.Screen
			lines = append(lines, st.Bold.Render(screen))
			if it.Where != "" {
				for _, l := range strings.Split(lipgloss.NewStyle().Width(max(w-4, 10)).Render(it.Where), "\n") {
					lines = append(lines, st.Muted.Render("  "+strings.TrimRight(l, " ")))
				}
			}
		}
		box := "[ ]"
		if it.Done {
			box = st.OK.Render("[x]")
		}
		// What to enter is read in full: it is typed into Spira by hand.
		lines = append(lines, hangWrap("  "+box+" ", it.Text, w)...)
		if it.Note != "" && !it.Done {
			for _, l := range hangWrap("      ", it.Note, w) {
				lines = append(lines, st.Warn.Render(l))
			}
		}
	}
	if len(o.sheet) == 0 {
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
