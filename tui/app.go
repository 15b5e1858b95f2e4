// Package tui is spirajira's terminal UI: a root model that routes messages
// between four screens (Connections, Jira, Mapping, Sync), a status bar and a
// help bar derived from the key maps. It reaches the rest of spirajira only
// through Backend, so its models can be tested without HTTP.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/spirajira/spirajira/ops"
)

// Options configure the TUI.
type Options struct {
	// Profile is the configuration profile's name, shown in the status bar.
	Profile string
	// ProductID is the Spira product the Mapping and Sync screens open first;
	// 0 lets the user pick one.
	ProductID int
	// JiraProject is the Jira project the Jira screen opens first; "" lets
	// the user pick one.
	JiraProject string
	// NoColor renders without colour (NO_COLOR).
	NoColor bool
	// Clipboard receives the OSC 52 sequence that copies an ID; nil
	// disables copying.
	Clipboard io.Writer
	// ExportDir is where "e" writes a tab as CSV; "" is the working directory.
	ExportDir string
	// MappingFile is the mapping.yaml the Mapping screen opens and "s"
	// saves; "" opens the mapping from Spira, and s saves mapping.yaml in
	// the working directory.
	MappingFile string
	// Sync holds the sync's settings that the Sync screen plans with (the
	// conflict winner, the poll window, a mapping file), as sync's flags
	// set them; its keys add Force and LinkSameNames.
	Sync ops.SyncOptions
	// Log receives what the TUI says once it has closed (a sync stopped
	// by quitting); nil is stderr.
	Log io.Writer
}

const (
	screenConnections = iota
	screenJira
	screenMapping
	screenSync
)

var screenTitles = []string{"Connections", "Jira", "Mapping", "Sync"}

// Model is the root model: it owns focus (the active screen), routes
// messages and draws the tab bar, status bar and help bar around the screen.
type Model struct {
	env    env
	cancel context.CancelFunc
	keys   globalKeys
	help   help.Model

	screens []screen
	started []bool
	active  int

	width, height int

	jiraWho, spiraWho string
	lastErr, note     string
	errKind           string // the type of the message lastErr came from
	quitting          bool
	// askQuit is true while the user is asked whether to quit and lose
	// the unsaved work it names.
	askQuit bool
	qk      quitKeys
}

// New builds the root model. Cancelling ctx, or quitting, cancels the work
// in flight.
func New(ctx context.Context, b Backend, opts Options) Model {
	ctx, cancel := context.WithCancel(ctx)
	st := NewStyles(DefaultTheme(), opts.NoColor)
	e := env{ctx: ctx, st: &st, opts: opts}
	h := help.New()
	h.Styles.ShortKey = st.Accent
	h.Styles.FullKey = st.Accent
	h.Styles.ShortDesc = st.Muted
	h.Styles.FullDesc = st.Muted
	h.Styles.ShortSeparator = st.Muted
	h.Styles.FullSeparator = st.Muted
	h.Styles.Ellipsis = st.Muted
	m := Model{
		env:    e,
		cancel: cancel,
		keys:   newGlobalKeys(),
		qk:     newQuitKeys(),
		help:   h,
		screens: []screen{
			newConnections(e, b),
			newJiraScreen(e, b),
			newMappingScreen(e, b),
			newSyncScreen(e, b),
		},
		started: make([]bool, 4),
		width:   80,
		height:  24,
	}
	m.layout()
	return m
}

// Run opens the TUI full-screen with mouse support and returns when the
// user quits.
func Run(ctx context.Context, b Backend, opts Options, progOpts ...tea.ProgramOption) error {
	if opts.Clipboard == nil {
		opts.Clipboard = os.Stdout
	}
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	m := New(ctx, b, opts)
	defer m.cancel()
	all := append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx)}, progOpts...)
	final, err := tea.NewProgram(m, all...).Run()
	if fm, ok := final.(Model); ok {
		// Said on the terminal once the screen is given back.
		if line := fm.farewell(); line != "" {
			fmt.Fprintln(opts.Log, line)
		}
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// Init asks for the window size; the first screen starts with it.
func (m Model) Init() tea.Cmd { return tea.WindowSize() }

// Update routes a message: keys and the mouse to the active screen after the
// global keys, everything else to every screen, started or not (each drops
// what is not its own, by load ID).
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		if !m.started[m.active] {
			return m.switchTo(m.active)
		}
		return m, nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case flashMsg:
		m.note = string(msg)
		return m, nil
	case screenFlashMsg:
		// A note from a screen left meanwhile is not about the one shown.
		if msg.screen == m.active {
			m.note = msg.text
		}
		return m, nil
	}
	m.observe(msg)
	cmds := make([]tea.Cmd, 0, len(m.screens)+1)
	for i, s := range m.screens {
		var cmd tea.Cmd
		m.screens[i], cmd = s.Update(msg)
		if i != m.active {
			cmd = flashFrom(i, cmd)
		}
		cmds = append(cmds, cmd)
	}
	if m.quitting && !m.busy() {
		cmds = append(cmds, tea.Quit)
	}
	return m, tea.Batch(cmds...)
}

// observe keeps the status bar current from the messages going by.
func (m *Model) observe(msg tea.Msg) {
	if id, ok := msg.(identityMsg); ok && id.seq != m.screens[screenConnections].(connectionsScreen).testSeq {
		return // an answer to a test made before the settings changed
	}
	if id, ok := msg.(identityMsg); ok && id.err == nil {
		m.jiraWho, m.spiraWho = id.id.Jira, id.id.Spira
		if id.id.JiraErr != "" {
			m.jiraWho = "✗ " + id.id.JiraErr
		}
		if id.id.SpiraErr != "" {
			m.spiraWho = "✗ " + id.id.SpiraErr
		}
	}
	if f, ok := msg.(failure); ok {
		kind := fmt.Sprintf("%T", msg)
		switch t := errText(f.failure()); {
		case t != "":
			m.lastErr, m.errKind = t, kind
			m.note = ""
		case kind == m.errKind:
			// The same work succeeded since: its error no longer holds
			// (a first run's "site URL is missing" once the site is set).
			m.lastErr, m.errKind = "", ""
		}
	}
}

func (m Model) busy() bool {
	for _, s := range m.screens {
		if s.Busy() {
			return true
		}
	}
	return false
}

func (m Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	capturing := m.screens[m.active].Capturing()
	// Keys typed faster than the terminal is read arrive as one message
	// ("1D"); outside a text field each is a command of its own.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !capturing {
		var cmds []tea.Cmd
		var next tea.Model = m
		for _, r := range msg.Runes {
			var cmd tea.Cmd
			next, cmd = next.(Model).handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
			cmds = append(cmds, cmd)
		}
		return next, tea.Batch(cmds...)
	}
	if m.askQuit {
		return m.answerQuit(msg)
	}
	switch {
	case key.Matches(msg, m.keys.ForceQuit):
		return m.quit(true)
	case capturing:
		return m.toActive(msg)
	case key.Matches(msg, m.keys.Quit):
		return m.quit(false)
	case key.Matches(msg, m.keys.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	case key.Matches(msg, m.keys.Next):
		return m.switchTo((m.active + 1) % len(m.screens))
	case key.Matches(msg, m.keys.Prev):
		return m.switchTo((m.active + len(m.screens) - 1) % len(m.screens))
	case key.Matches(msg, m.keys.Screen1):
		return m.switchTo(screenConnections)
	case key.Matches(msg, m.keys.Screen2):
		return m.switchTo(screenJira)
	case key.Matches(msg, m.keys.Screen3):
		return m.switchTo(screenMapping)
	case key.Matches(msg, m.keys.Screen4):
		return m.switchTo(screenSync)
	}
	m.note = ""
	return m.toActive(msg)
}

// quit cancels the work in flight; if something must wind down (a sync run)
// it waits for it, unless asked twice.
func (m Model) quit(force bool) (tea.Model, tea.Cmd) {
	if what := m.unsaved(); what != "" && !m.quitting {
		m.askQuit = true
		m.layout()
		return m, nil
	}
	m.cancel()
	if !m.busy() || (force && m.quitting) {
		return m, tea.Quit
	}
	m.quitting = true
	m.note = "Stopping the work in flight… (ctrl+c again to quit at once)"
	return m, nil
}

func (m Model) toActive(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.screens[m.active], cmd = m.screens[m.active].Update(msg)
	m.layout()
	return m, cmd
}

func (m Model) handleMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	if msg.Action != tea.MouseActionPress {
		return m, nil
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		return m.toActive(scrollMsg(-1))
	case tea.MouseButtonWheelDown:
		return m.toActive(scrollMsg(1))
	}
	return m, nil
}

func (m Model) switchTo(i int) (tea.Model, tea.Cmd) {
	m.active = i
	m.note = ""
	m.layout()
	if m.started[i] {
		return m, nil
	}
	m.started[i] = true
	var cmd tea.Cmd
	m.screens[i], cmd = m.screens[i].Init()
	return m, cmd
}

// keyMap is the active screen's keys followed by the global ones, with the
// global ones disabled while the screen captures the keyboard.
type keyMap struct {
	screen help.KeyMap
	global globalKeys
}

func (k keyMap) ShortHelp() []key.Binding {
	return append(k.screen.ShortHelp(), k.globalShortHelp()...)
}

func (k keyMap) globalShortHelp() []key.Binding {
	return []key.Binding{k.global.Next, k.global.Help, k.global.Quit}
}

func (k keyMap) FullHelp() [][]key.Binding {
	g := k.global
	return append(k.screen.FullHelp(), []key.Binding{g.Next, g.Prev, g.Screen1, g.Help, g.Quit, g.ForceQuit})
}

func (m Model) keyMap() keyMap {
	if m.askQuit {
		return keyMap{screen: m.qk, global: globalKeys{}}
	}
	g := m.keys
	capturing := m.screens[m.active].Capturing()
	for _, b := range []*key.Binding{&g.Next, &g.Prev, &g.Screen1, &g.Screen2, &g.Screen3, &g.Screen4, &g.Help, &g.Quit} {
		b.SetEnabled(!capturing)
	}
	if m.help.ShowAll {
		g.Help.SetHelp("?", "less help")
	}
	return keyMap{screen: m.screens[m.active].KeyMap(), global: g}
}

// layout gives every screen the space between the tab bar and the footer.
func (m *Model) layout() {
	m.help.Width = m.width
	helpH := lipgloss.Height(m.helpView())
	h := max(m.height-2-helpH, 3)
	for i, s := range m.screens {
		m.screens[i] = s.SetSize(m.width, h)
	}
}

// View draws the tab bar, the active screen, the status bar and the help.
func (m Model) View() string {
	st := m.env.st
	var tabs []string
	for i, t := range screenTitles {
		label := string(rune('1'+i)) + " " + t
		if i == m.active {
			// Marked in text too: NO_COLOR terminals show neither colour
			// nor underline.
			tabs = append(tabs, st.Tabs.Active.Render("["+label+"]"))
		} else {
			tabs = append(tabs, st.Tabs.Inactive.Render(label))
		}
	}
	top := ansi.Truncate(strings.Join(tabs, ""), m.width, "")
	helpView := m.helpView()
	h := max(m.height-2-lipgloss.Height(helpView), 3)
	body := fitHeight(m.screens[m.active].View(), h)
	return top + "\n" + body + "\n" + m.statusView() + "\n" + helpView
}

// helpView is the help for the active screen, cut to the terminal's width
// (the help bubble lets a line overflow when not even its ellipsis fits).
func (m Model) helpView() string {
	var v string
	if m.help.ShowAll {
		v = m.fullHelpView()
	} else {
		v = m.shortHelpView()
	}
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	return strings.Join(lines, "\n")
}

// shortHelpView is the one-line help: the screen's keys, then the global
// ones. When the line is too long the screen's keys are cut, not "?" (the
// way to every key that does not fit) and "q quit"; "tab next screen" gives
// its room first, the tab bar naming the screens, and "? more help" becomes
// "? help". Each screen lists its keys most needed first.
func (m Model) shortHelpView() string {
	km := m.keyMap()
	natural := m.help
	natural.Width = 0
	global := natural.ShortHelpView(km.globalShortHelp())
	if global == "" {
		return m.help.ShortHelpView(km.ShortHelp())
	}
	var items []string
	for _, b := range km.screen.ShortHelp() {
		if b.Enabled() {
			items = append(items, natural.ShortHelpView([]key.Binding{b}))
		}
	}
	sep := m.help.Styles.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	if len(items) == 0 {
		return global
	}
	if line := strings.Join(items, sep) + sep + global; lipgloss.Width(line) <= m.width {
		return line
	}
	global = natural.ShortHelpView([]key.Binding{withHelp(km.global.Help, "?", "help"), km.global.Quit})
	tail := " " + m.help.Styles.Ellipsis.Inline(true).Render(m.help.Ellipsis) + sep + global
	if line := strings.Join(items, sep) + sep + global; lipgloss.Width(line) <= m.width {
		return line
	}
	line := ""
	for _, it := range items {
		next := it
		if line != "" {
			next = line + sep + it
		}
		if lipgloss.Width(next+tail) > m.width {
			break
		}
		line = next
	}
	if line == "" {
		return global
	}
	return line + tail
}

// fullHelpView lays the columns of the full help side by side while they
// fit, then starts a new row of columns below: the help bubble would drop
// the columns that do not fit, the global keys (? and q) among them.
func (m Model) fullHelpView() string {
	natural := m.help
	natural.Width = 0
	var blocks []string
	var row [][]key.Binding
	for _, col := range m.keyMap().FullHelp() {
		if natural.FullHelpView([][]key.Binding{col}) == "" {
			continue // nothing enabled
		}
		next := append(append([][]key.Binding(nil), row...), col)
		if len(row) > 0 && lipgloss.Width(natural.FullHelpView(next)) > m.width {
			blocks = append(blocks, natural.FullHelpView(row))
			next = [][]key.Binding{col}
		}
		row = next
	}
	if len(row) > 0 {
		blocks = append(blocks, natural.FullHelpView(row))
	}
	return strings.Join(blocks, "\n")
}

func (m Model) statusView() string {
	st := m.env.st
	profile := m.env.opts.Profile
	if profile == "" {
		profile = "default"
	}
	who := func(s string) string {
		if s == "" {
			return "…"
		}
		return s
	}
	build := func(jira, spira string) string {
		parts := []string{
			st.Status.Key.Render(" profile ") + st.Status.Value.Render(profile),
			st.Status.Key.Render(" Jira ") + st.Status.Value.Render(who(jira)),
			st.Status.Key.Render(" Spira ") + st.Status.Value.Render(who(spira)),
		}
		// A note or an error comes first so that a narrow terminal keeps it.
		switch {
		case m.askQuit:
			parts = append([]string{st.Status.Error.Render(" Quit without saving " + m.unsaved() + "?")}, parts...)
		case m.note != "":
			parts = append([]string{st.Status.Value.Render(" " + m.note)}, parts...)
		case m.lastErr != "":
			parts = append([]string{st.Status.Error.Render(" ✗ " + m.lastErr)}, parts...)
		}
		// The mark of unsaved work is short and comes first of all.
		if m.unsaved() != "" && !m.askQuit {
			parts = append([]string{st.Status.Modified.Render(" ● modified")}, parts...)
		}
		return strings.Join(parts, st.Status.Key.Render(" │"))
	}
	line := build(m.jiraWho, m.spiraWho)
	if lipgloss.Width(line) > m.width {
		// Names without their e-mail or login fit where both sides' would not.
		line = build(shortWho(m.jiraWho), shortWho(m.spiraWho))
	}
	line = ansi.Truncate(line, m.width, "…")
	if w := lipgloss.Width(line); w < m.width {
		line += st.Status.Bar.Render(strings.Repeat(" ", m.width-w))
	}
	return line
}

// shortWho is a user's display name without the e-mail or login after it:
// "Avery Admin <avery@…>" and "System Administrator (administrator)" become
// their first part.
func shortWho(s string) string {
	if strings.HasPrefix(s, "✗") {
		return s
	}
	if i := strings.IndexAny(s, "<("); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}
