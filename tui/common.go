package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// screen is what the root model routes to. Each screen is a value that
// returns its updated self.
type screen interface {
	// Init starts the screen the first time it is shown.
	Init() (screen, tea.Cmd)
	Update(msg tea.Msg) (screen, tea.Cmd)
	View() string
	SetSize(w, h int) screen
	KeyMap() help.KeyMap
	// Capturing is true while a text field or dialog has the keyboard, so
	// the root passes keys through instead of switching screens or quitting.
	Capturing() bool
	// Busy is true while work runs that should be let finish (cancelled) before
	// the program quits.
	Busy() bool
	// Unsaved names the work that quitting would lose ("the mapping of
	// X"), or is "".
	Unsaved() string
}

// env is what every screen shares: the program's context (cancelled on
// quit), the styles and the options.
type env struct {
	ctx  context.Context
	st   *Styles
	opts Options
}

// failure is implemented by every result message, so the root can show the
// last error in the status bar.
type failure interface{ failure() error }

// flashMsg puts a short note in the status bar.
type flashMsg string

// identityMsg carries who the user is on each side, for the status bar.
type identityMsg struct {
	seq int
	id  Identity
	err error
	// at is when the answer came, for the Connections screen's result line.
	at time.Time
}

func (m identityMsg) failure() error { return m.err }

// productChosenMsg tells the Sync screen which product the Mapping screen
// opened.
type productChosenMsg struct {
	id   int
	name string
}

// scrollMsg is a mouse-wheel step for the active screen.
type scrollMsg int

func flash(s string) tea.Cmd { return func() tea.Msg { return flashMsg(s) } }

// screenFlashMsg is a note from the work of one screen: the root shows it
// only while that screen is the one shown.
type screenFlashMsg struct {
	screen int
	text   string
}

// flashFrom tags the notes cmd yields with the screen whose work it is, so
// that a note arriving after the user moved on does not stay on another
// screen's status bar.
func flashFrom(screen int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case flashMsg:
			return screenFlashMsg{screen: screen, text: string(msg)}
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = flashFrom(screen, c)
			}
			return out
		default:
			return msg
		}
	}
}

// loader is a spinner with a label, shown while a load is in flight. Each
// load gets an ID so that an answer to an older load can be dropped.
type loader struct {
	spin   spinner.Model
	label  string
	active bool
	seq    int
}

func newLoader(st *Styles) loader {
	return loader{spin: spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(st.Accent))}
}

// start begins a load and returns its ID and the spinner's first tick.
func (l *loader) start(label string) (int, tea.Cmd) {
	l.seq++
	l.label = label
	if l.active {
		return l.seq, nil
	}
	l.active = true
	return l.seq, l.spin.Tick
}

// done reports whether id is the current load, and if so stops the spinner.
func (l *loader) done(id int) bool {
	if id != l.seq {
		return false
	}
	l.active = false
	return true
}

// stop ends the spinner of a load whose answer has been taken.
func (l *loader) stop() { l.active = false }

// drop forgets the load in flight: its answer will not be taken, and the
// spinner stops.
func (l *loader) drop() {
	l.seq++
	l.active = false
}

func (l loader) update(msg tea.Msg) (loader, tea.Cmd) {
	t, ok := msg.(spinner.TickMsg)
	if !ok || t.ID != l.spin.ID() || !l.active {
		return l, nil
	}
	var cmd tea.Cmd
	l.spin, cmd = l.spin.Update(msg)
	return l, cmd
}

func (l loader) View() string {
	if !l.active {
		return ""
	}
	return l.spin.View() + " " + l.label
}

// errText is an error as one line for the UI; a cancellation is not an error
// worth showing.
func errText(err error) string {
	if err == nil || errors.Is(err, context.Canceled) {
		return ""
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}

// fitHeight fills s with blank lines up to h lines, or cuts it to h.
func fitHeight(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// wrapText breaks s into lines no wider than w, so that a message is read in
// full instead of being cut at the edge of the terminal.
func wrapText(s string, w int) []string {
	var out []string
	for _, l := range strings.Split(lipgloss.NewStyle().Width(max(w, 10)).Render(s), "\n") {
		out = append(out, strings.TrimRight(l, " "))
	}
	return out
}

// errorLines is an error message wrapped to w, each line in the error style.
func errorLines(st *Styles, msg string, w int) []string {
	lines := wrapText("✗ "+msg, w)
	for i, l := range lines {
		lines[i] = st.Error.Render(l)
	}
	return lines
}

// hangWrap wraps text to w columns after lead; the lines after the first are
// indented under the text.
func hangWrap(lead, text string, w int) []string {
	lw := lipgloss.Width(lead)
	lines := wrapText(text, w-lw)
	for i := range lines {
		if i == 0 {
			lines[i] = lead + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", lw) + lines[i]
		}
	}
	return lines
}

// wrapWarn is a question or warning wrapped to w, each line in the warning
// style.
func wrapWarn(st *Styles, msg string, w int) []string {
	lines := wrapText(msg, w)
	for i, l := range lines {
		lines[i] = st.Warn.Render(l)
	}
	return lines
}
