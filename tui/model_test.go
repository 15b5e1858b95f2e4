package tui

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Unsetenv("TMUX")
	os.Exit(m.Run())
}

func keys(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var (
	enter    = tea.KeyMsg{Type: tea.KeyEnter}
	esc      = tea.KeyMsg{Type: tea.KeyEsc}
	down     = tea.KeyMsg{Type: tea.KeyDown}
	right    = tea.KeyMsg{Type: tea.KeyRight}
	tabKey   = tea.KeyMsg{Type: tea.KeyTab}
	ctrlC    = tea.KeyMsg{Type: tea.KeyCtrlC}
	bgCtx    = context.Background()
	fakeOpts = Options{Profile: "sandbox", NoColor: true}
)

// newRoot builds a root model at 80x24 with the fake backend.
func newRoot(t *testing.T, opts Options) (Model, *fakeBackend) {
	t.Helper()
	b := &fakeBackend{}
	m := New(bgCtx, b, opts)
	return send(m, tea.WindowSizeMsg{Width: 80, Height: 24}), b
}

func send(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// sendCmd is send that also returns the last command.
func sendCmd(m Model, msg tea.Msg) (Model, tea.Cmd) {
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

func typeText(m Model, s string) Model {
	for _, r := range s {
		m = send(m, keys(string(r)))
	}
	return m
}

// requireFrame checks the frame fits the terminal and matches its golden
// file.
func requireFrame(t *testing.T, m Model) {
	t.Helper()
	v := m.View()
	lines := strings.Split(v, "\n")
	require.Len(t, lines, m.height, "the frame must fill the terminal exactly")
	for i, l := range lines {
		require.LessOrEqual(t, ansi.StringWidth(l), m.width, "line %d is wider than the terminal: %q", i, l)
	}
	golden.RequireEqual(t, []byte(v))
}

func jiraOf(m Model) jiraScreen       { return m.screens[screenJira].(jiraScreen) }
func mappingOf(m Model) mappingScreen { return m.screens[screenMapping].(mappingScreen) }
func syncOf(m Model) syncScreen       { return m.screens[screenSync].(syncScreen) }
func connOf(m Model) connectionsScreen {
	return m.screens[screenConnections].(connectionsScreen)
}

func connLoaded(t *testing.T, m Model, b *fakeBackend) Model {
	info, _ := b.ConnectionInfo(bgCtx)
	id, _ := b.TestConnections(bgCtx)
	return send(m, connInfoMsg{seq: connOf(m).load.seq, info: info}, identityMsg{id: id})
}

func TestConnectionsLoading(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	requireFrame(t, m)
}

func TestConnectionsLoaded(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	require.Equal(t, "Ada Admin", m.jiraWho, "the status bar learns who you are")
	requireFrame(t, m)
}

func TestConnectionsDoctor(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m, cmd := sendCmd(m, keys("D"))
	require.NotNil(t, cmd)
	require.True(t, connOf(m).doctor.active, "D starts the doctor with a spinner")
	r, _ := b.Doctor(bgCtx)
	m = send(m, doctorMsg{seq: connOf(m).doctor.seq, report: r})
	requireFrame(t, m)
}

func TestConnectionsErrorInStatusBar(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, connInfoMsg{seq: connOf(m).load.seq, err: errString("read config: no profile \"work\"")})
	require.Contains(t, m.View(), "✗ read config: no profile")
	requireFrame(t, m)
}

type errString string

func (e errString) Error() string { return string(e) }

func openJira(t *testing.T, m Model, b *fakeBackend) Model {
	m = send(m, keys("2"))
	ps, _ := b.Projects(bgCtx)
	return send(m, projectsMsg{seq: jiraOf(m).load.seq, projects: ps})
}

func TestJiraProjectPicker(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openJira(t, m, b)
	require.True(t, m.screens[m.active].Capturing(), "the picker has the keyboard")
	m = typeText(m, "lib")
	requireFrame(t, m)
}

func jiraCatalog(t *testing.T, m Model, b *fakeBackend) Model {
	m = openJira(t, m, b)
	m = typeText(m, "lib")
	m, _ = sendCmd(m, enter)
	require.True(t, jiraOf(m).load.active, "choosing a project loads its catalog")
	c, _ := b.Catalog(bgCtx, "LIB")
	return send(m, catalogMsg{seq: jiraOf(m).load.seq, catalog: c})
}

func TestJiraCatalogTabs(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = jiraCatalog(t, m, b)
	requireFrame(t, m)
}

func TestJiraCatalogNotes(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openJira(t, m, b)
	m = send(m, esc)
	c := fakeCatalog()
	c.Notes = []string{"priorities: read from the create screens (the account is not a Jira administrator)", "options: forbidden"}
	m = send(m, catalogMsg{seq: jiraOf(m).load.seq, catalog: c})
	require.Contains(t, m.View(), "note: priorities: read from the create screens")
	requireFrame(t, m)
}

func TestJiraFindStatusAndCopy(t *testing.T) {
	var clip bytes.Buffer
	opts := fakeOpts
	opts.Clipboard = &clip
	m, b := newRoot(t, opts)
	m = jiraCatalog(t, m, b)
	m = send(m, right) // Statuses
	m = send(m, keys("/"))
	require.True(t, m.screens[m.active].Capturing(), "q and 1-4 must not act while filtering")
	m = typeText(m, "in progress")
	m = send(m, keys("q")) // typed into the filter, not quitting
	require.Equal(t, "in progressq", jiraOf(m).tables[1].FilterValue())
	m = send(m, tea.KeyMsg{Type: tea.KeyBackspace}, enter)
	require.Equal(t, 2, jiraOf(m).tables[1].Shown(), "the status and the status in its category")
	requireFrame(t, m)

	m, cmd := sendCmd(m, keys("y"))
	require.NotNil(t, cmd)
	msg := cmd()
	require.Equal(t, flashMsg("Copied 3 (In Progress) to the clipboard"), msg)
	require.Contains(t, clip.String(), "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte("3")))
}

// exportingCatalog is a root on the Jira catalog's second tab that
// exports into a fresh directory, which it gives too.
func exportingCatalog(t *testing.T) (Model, string) {
	t.Helper()
	dir := t.TempDir()
	opts := fakeOpts
	opts.ExportDir = dir
	m, b := newRoot(t, opts)
	m = jiraCatalog(t, m, b)
	return send(m, right), dir
}

// requireWithin checks that no line of the view is wider than width.
func requireWithin(t *testing.T, m Model, width int) {
	t.Helper()
	for _, l := range strings.Split(m.View(), "\n") {
		require.LessOrEqual(t, ansi.StringWidth(l), width)
	}
}

func TestJiraExport(t *testing.T) {
	m, dir := exportingCatalog(t)
	_, cmd := sendCmd(m, keys("e"))
	msg := cmd().(exportedMsg)
	require.NoError(t, msg.err)
	data, err := os.ReadFile(filepath.Join(dir, "LIB-Statuses.csv"))
	require.NoError(t, err)
	require.Equal(t, "ID,Name,Category\n10000,To Do,To Do\n3,In Progress,In Progress\n10010,In Review,In Progress\n10001,Done,Done\n", string(data))
}

func TestJiraStaleLoadDropped(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = jiraCatalog(t, m, b)
	stale := jiraOf(m).load.seq
	m = send(m, keys("o"), enter) // open LIB again: a new load
	require.Greater(t, jiraOf(m).load.seq, stale)
	m = send(m, catalogMsg{seq: stale, catalog: Catalog{Project: "OLD"}})
	require.Equal(t, "LIB", jiraOf(m).catalog.Project, "an answer to an older load is dropped")
}

func openMapping(t *testing.T, m Model, b *fakeBackend) Model {
	m = send(m, keys("3"))
	if ms := mappingOf(m); ms.env.opts.MappingFile != "" {
		// A file that does not exist yet: the mapping comes from Spira.
		m = send(m, readFileCmd(ms.file.Path, ms.load.seq)())
	}
	ps, _ := b.Products(bgCtx)
	m = send(m, productsMsg{seq: mappingOf(m).load.seq, products: ps})
	m = send(m, enter)
	ed, _ := b.OpenMapping(bgCtx, 1)
	return send(m, editorMsg{seq: mappingOf(m).load.seq, product: mapping.Ref{ID: 1, Name: "Library Information System"}, ed: ed})
}

func TestMappingLoaded(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, right)
	requireFrame(t, m)
	// The help bubble overflows when its ellipsis does not fit either.
	for w := 60; w <= 110; w++ {
		m = send(m, tea.WindowSizeMsg{Width: w, Height: 24})
		requireWithin(t, m, w)
	}
}

func TestMappingPickValueAndPrimary(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, right, down, enter) // Open -> picker
	require.NotNil(t, mappingOf(m).picker)
	m = typeText(m, "inprog")
	requireFrame(t, m)
	m = send(m, enter)
	ms := mappingOf(m)
	require.Equal(t, "3", ms.cats[0].Rows[1].JiraID)
	require.Contains(t, m.View(), "no Primary for Jira In Progress")
	m = send(m, keys("p"))
	require.True(t, mappingOf(m).cats[0].Rows[1].Primary)
	require.NotContains(t, m.View(), "no Primary for Jira In Progress")
}

func TestMappingAutomap(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("a"))
	require.Equal(t, modeProposals, mappingOf(m).mode)
	requireFrame(t, m)
	m = send(m, keys("n")) // skip New -> To Do
	m, cmd := sendCmd(m, keys("A"))
	require.Equal(t, flashMsg("Auto-map: accepted 1 of 2 proposals"), cmd())
	rows := mappingOf(m).cats[0].Rows
	require.Empty(t, rows[0].JiraID, "a skipped proposal is not applied")
	require.Equal(t, "3", rows[2].JiraID)
}

func TestMappingPushAndSheet(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("a"), keys("A"))
	m, cmd := sendCmd(m, keys("P"))
	require.NotNil(t, cmd)
	ed := mappingOf(m).ed
	d, _ := ed.Diff(bgCtx)
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, lines: d, forPush: true})
	requireFrameNamed(t, m, "confirm")
	b.mu.Lock()
	require.False(t, b.pushed, "nothing is pushed before the user says yes")
	b.mu.Unlock()

	m, _ = sendCmd(m, keys("y"))
	res, _ := ed.Clone().Push(bgCtx, false)
	m = send(m, pushMsg{seq: mappingOf(m).load.seq, edits: mappingOf(m).edits, res: res})
	require.Equal(t, modeSheet, mappingOf(m).mode)
	m = send(m, keys("v"))
	checks, sheet, _ := ed.Verify(bgCtx)
	m = send(m, verifyMsg{seq: mappingOf(m).load.seq, items: sheetItems(sheet, checks)})
	requireFrame(t, m)
}

func TestMappingApplySheetThenVerified(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("a"), keys("A"))
	ed := mappingOf(m).ed
	res, _ := ed.Push(bgCtx, false)
	m = send(m, pushMsg{seq: mappingOf(m).load.seq, edits: mappingOf(m).edits, res: res})
	m, cmd := sendCmd(m, keys("A"))
	require.NotNil(t, cmd)
	require.NoError(t, ed.ApplySheet(bgCtx))
	m = send(m, appliedMsg{seq: mappingOf(m).load.seq})
	checks, sheet, _ := ed.Verify(bgCtx)
	m = send(m, verifyMsg{seq: mappingOf(m).load.seq, items: sheetItems(sheet, checks)})
	requireFrame(t, m)
}

func TestMappingSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapping.yaml")
	opts := fakeOpts
	opts.MappingFile = path
	m, b := newRoot(t, opts)
	m = openMapping(t, m, b)
	_, cmd := sendCmd(m, keys("s"))
	msg := cmd().(savedMsg)
	require.NoError(t, msg.err)
	require.Equal(t, path, msg.stamp.Path)
	require.FileExists(t, path)
}

func planned(t *testing.T, m Model, b *fakeBackend) Model {
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"})
	m = send(m, keys("4"))
	m, cmd := sendCmd(m, enter)
	require.NotNil(t, cmd)
	p, _ := b.Plan(bgCtx, ops.SyncOptions{ProductID: 1})
	return send(m, planMsg{seq: syncOf(m).load.seq, plan: p})
}

func TestSyncIdle(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"}, keys("4"))
	requireFrame(t, m)
}

func TestSyncPlanFilterAndOpen(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = planned(t, m, b)
	requireFrameNamed(t, m, "plan")
	m = send(m, keys("f")) // create only
	require.Equal(t, 2, syncOf(m).table.Shown())
	m = send(m, keys("f"), keys("f")) // conflict
	require.Equal(t, 1, syncOf(m).table.Shown())
	m = send(m, enter)
	require.Equal(t, "IN:3 ↔ LIB-2", syncOf(m).open.Artifact.String())
	requireFrame(t, m)
}

func TestSyncRunProgressAndReport(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = planned(t, m, b)
	m, cmd := sendCmd(send(m, keys("r")), keys("y"))
	require.NotNil(t, cmd)
	require.True(t, m.busy(), "a running sync keeps the program from quitting at once")
	m = runToReport(m, cmd, func(m Model, msg tea.Msg) {
		if p, ok := msg.(syncProgressMsg); ok && p.p.Done == 2 {
			requireFrameNamed(t, m, "running")
		}
	})
	require.False(t, m.busy())
	requireFrame(t, m)
}

// runToReport drives a run's stream from cmd as the program would, each
// message re-arming the wait, until the run is done; each, when not nil,
// sees the model after every message.
func runToReport(m Model, cmd tea.Cmd, each func(Model, tea.Msg)) Model {
	for msg := cmd(); msg != nil; {
		var next tea.Cmd
		m, next = sendCmd(m, msg)
		if each != nil {
			each(m, msg)
		}
		if _, done := msg.(syncDoneMsg); done {
			break
		}
		msg = next()
	}
	return m
}

// requireScrollStops pages down from the top past the end and checks that
// the bottom differs from the top, that one step up then moves at once,
// and that g and G go to the ends. It gives back the bottom's view.
func requireScrollStops(t *testing.T, m Model, downs int, longer string) string {
	t.Helper()
	top := m.View()
	for range downs {
		m = send(m, down)
	}
	bottom := m.View()
	require.NotEqual(t, top, bottom, longer)
	m = send(m, tea.KeyMsg{Type: tea.KeyUp})
	require.NotEqual(t, bottom, m.View(), "one step up after overshooting moves at once")
	m = send(m, keys("g"))
	require.Equal(t, top, m.View(), "g goes to the top")
	m = send(m, keys("G"))
	require.Equal(t, bottom, m.View(), "G goes to the last page")
	return bottom
}

// The run's notes (no lease across machines, a damaged journal line) are
// in the report, wrapped to the screen, not only in the CLI's.
func TestSyncReportShowsTheRunsNotes(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	b.notes = []string{"no lease across machines: Spira's event log cannot be read with this account; only the lock on this machine stops a second run, so run this product's sync from one machine only"}
	m = planned(t, m, b)
	m, cmd := sendCmd(send(m, keys("r")), keys("y"))
	m = runToReport(m, cmd, nil)
	view := m.View()
	require.Contains(t, view, "Notes:")
	require.Contains(t, view, "no lease across machines")
	require.Contains(t, view, "one machine only", "wrapped, not cut")
}

func requireFrameNamed(t *testing.T, m Model, name string) {
	t.Run(name, func(t *testing.T) { requireFrame(t, m) })
}

func TestFullHelpAndTabs(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, tabKey)
	require.Equal(t, screenJira, m.active)
	m = send(m, tea.KeyMsg{Type: tea.KeyShiftTab}, keys("?"))
	require.Equal(t, screenConnections, m.active)
	requireFrame(t, m)
}

func TestResize(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = jiraCatalog(t, m, b)
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 30}, right)
	requireFrameNamed(t, m, "120x30")
	m = send(m, tea.WindowSizeMsg{Width: 60, Height: 16})
	requireFrameNamed(t, m, "60x16")
}

func TestMouseWheelScrolls(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = jiraCatalog(t, m, b)
	m = send(m, right)
	before, _ := jiraOf(m).tables[1].Selected()
	m = send(m, tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	after, _ := jiraOf(m).tables[1].Selected()
	require.Equal(t, before+1, after)
}

func TestCtrlCCancelsWorkThenQuits(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	ctx := m.env.ctx
	m, cmd := sendCmd(m, ctrlC)
	require.Error(t, ctx.Err(), "ctrl+c cancels the work in flight")
	require.IsType(t, tea.QuitMsg{}, cmd())

	// With a sync running, quitting waits for it to wind down.
	m, _ = newRoot(t, fakeOpts)
	m = planned(t, m, b)
	m, run := sendCmd(send(m, keys("r")), keys("y"))
	require.NotNil(t, run)
	m, cmd = sendCmd(m, ctrlC)
	require.Nil(t, cmd, "waits for the sync to stop")
	require.Error(t, m.env.ctx.Err())
	require.Contains(t, m.View(), "Stopping the work in flight")
	m, cmd = sendCmd(m, syncDoneMsg{seq: syncOf(m).runSeq, err: context.Canceled})
	require.NotNil(t, cmd)
	var quit bool
	for _, msg := range runCmd(cmd) {
		if _, ok := msg.(tea.QuitMsg); ok {
			quit = true
		}
	}
	require.True(t, quit, "quits once the sync has stopped")
}

// runCmd runs a command as the program would, batches included, and
// returns the messages; each command runs once (a spinner tick waits for its
// frame).
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestConnectionsEditForm(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, keys("e"))
	require.True(t, m.screens[m.active].Capturing(), "the form has the keyboard")
	m = send(m, down, down, down, tea.KeyMsg{Type: tea.KeyEnd})
	m = typeText(m, "/login.aspx")
	m, cmd := sendCmd(m, enter)
	require.NotNil(t, cmd)
	var saved tea.Msg
	for _, msg := range runCmd(cmd) {
		if msg, ok := msg.(savedConnMsg); ok {
			saved = msg
		}
	}
	require.NotNil(t, saved, "enter submits the form")
	m = send(m, saved)
	requireFrame(t, m)

	for range len("/login.aspx") {
		m = send(m, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	m, cmd = sendCmd(m, enter)
	for _, msg := range runCmd(cmd) {
		if msg, ok := msg.(savedConnMsg); ok {
			m = send(m, msg)
		}
	}
	require.False(t, m.screens[m.active].Capturing(), "a successful save closes the form")
	b.mu.Lock()
	defer b.mu.Unlock()
	require.Len(t, b.saved, 1)
	require.Equal(t, ConnectionEdit{JiraSite: "http://127.0.0.1:4001", JiraEmail: "admin@library.example",
		SpiraURL: "http://127.0.0.1:4002", SpiraLogin: "administrator", PluginName: "JiraDataSync"}, b.saved[0],
		"empty secrets keep the stored ones")
}

func TestJiraTabBarFollowsTheActiveTab(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openJira(t, m, b)
	m = send(m, esc)
	c := fakeCatalog()
	for i := 0; i < 8; i++ {
		c.Tabs = append(c.Tabs, CatalogTab{Name: fmt.Sprintf("Extra tab %d", i), Columns: []string{"ID"}})
	}
	m = send(m, catalogMsg{seq: jiraOf(m).load.seq, catalog: c})
	for range 9 {
		m = send(m, right)
	}
	require.Contains(t, m.View(), "[Extra tab 6 0]", "the active tab stays visible")
	requireFrame(t, m)
}

func TestKeysReadTogetherActOneByOne(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, keys("2"))
	m, _ = sendCmd(m, keys("1D"))
	require.Equal(t, screenConnections, m.active)
	require.True(t, connOf(m).doctor.active, "D ran after 1")
}

func TestDoctorReportScrollsIntoView(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 14})
	m = connLoaded(t, m, b)
	require.NotContains(t, m.View(), "Doctor")
	m = send(m, keys("D"))
	r, _ := b.Doctor(bgCtx)
	m = send(m, doctorMsg{seq: connOf(m).doctor.seq, report: r})
	require.Contains(t, m.View(), "1 warning")
	requireFrame(t, m)
}

func TestNoColorDropsColoursButKeepsTheCursorMark(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	for _, noColor := range []bool{false, true} {
		opts := fakeOpts
		opts.NoColor = noColor
		m, b := newRoot(t, opts)
		m = jiraCatalog(t, m, b)
		v := m.View()
		hasColour := strings.Contains(v, "\x1b[38;") || strings.Contains(v, "\x1b[48;")
		require.Equal(t, !noColor, hasColour, "NoColor=%v", noColor)
		require.Contains(t, ansi.Strip(v), "› 10001", "the selected row is marked in text")
	}
}

func TestNoColorInPickerAndForm(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	m, b := newRoot(t, fakeOpts)
	m = openJira(t, m, b) // the picker, with its placeholder
	require.NotContains(t, m.View(), "\x1b[38;")
	m, b = newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, keys("e"))
	require.NotContains(t, m.View(), "\x1b[38;")
}

func TestMappingPickerNeedsChoices(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, down, right) // Incident priority has no Jira values in the fake
	m, cmd := sendCmd(m, enter)
	require.Nil(t, mappingOf(m).picker, "no empty picker")
	require.Contains(t, string(cmd().(flashMsg)), "Nothing to pick for 1 - Critical")
}

func TestConnectionsFirstRun(t *testing.T) {
	m, _ := newRoot(t, Options{Profile: "default", NoColor: true})
	info := ConnectionInfo{Profile: "default", Plugin: PluginInfo{Name: "JiraDataSync", Err: "no Spira connection yet"}}
	id := Identity{
		JiraErr:  "jira: the site URL is missing; it looks like https://your-site.atlassian.net (run spirajira login jira)",
		SpiraErr: "spira: the URL is empty; use the address of your Spira instance without /login.aspx",
	}
	m = send(m, connInfoMsg{seq: connOf(m).load.seq, info: info}, identityMsg{id: id})
	v := ansi.Strip(m.View())
	require.Contains(t, v, "(run spirajira login jira)", "a long error wraps instead of being cut")
	require.NotContains(t, v, "not found in Spira", "the plug-in is not called missing before Spira answers")
	requireFrame(t, m)
}

func TestSyncNamesTheProductBeforeTheMappingScreenIsOpened(t *testing.T) {
	opts := fakeOpts
	opts.ProductID = 1
	m, _ := newRoot(t, opts)
	m, cmd := sendCmd(m, keys("4"))
	for _, msg := range runCmd(cmd) {
		m = send(m, msg)
	}
	v := ansi.Strip(m.View())
	require.Contains(t, v, "Sync Library Information System")
	require.NotContains(t, v, "product 1")

	// The Mapping screen naming no product does not undo it.
	m = send(m, productChosenMsg{id: 1})
	require.Contains(t, ansi.Strip(m.View()), "Sync Library Information System")
}

func TestMappingPushWithNothingToPushShowsTheSheet(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m, cmd := sendCmd(m, keys("P"))
	require.NotNil(t, cmd)
	d, _ := mappingOf(m).ed.Diff(bgCtx)
	require.Empty(t, d, "the fake's mapping starts as Spira holds it")
	m, cmd = sendCmd(m, diffMsg{seq: mappingOf(m).load.seq, lines: d, forPush: true})
	require.NotEqual(t, modeConfirmPush, mappingOf(m).mode, "no confirmation of nothing")
	require.Contains(t, ansi.Strip(m.View()), "Nothing to push: Spira already holds this mapping")
	var verified bool
	for _, msg := range runCmd(cmd) {
		if v, ok := msg.(verifyMsg); ok {
			m, cmd = sendCmd(m, v)
			verified = true
		}
	}
	require.True(t, verified, "P goes on to verify the setup sheet, as after a push")
	require.Contains(t, runCmd(cmd), tea.Msg(flashMsg("Nothing to push; verified: nothing to enter by hand")))
	require.Equal(t, modeSheet, mappingOf(m).mode)
	b.mu.Lock()
	require.False(t, b.pushed, "nothing is pushed")
	b.mu.Unlock()
	requireFrame(t, m)
}

func TestConnectionsFormSaysUnchangedOnlyForAStoredSecret(t *testing.T) {
	m, _ := newRoot(t, Options{Profile: "default", NoColor: true})
	info := ConnectionInfo{Profile: "default", Plugin: PluginInfo{Name: "JiraDataSync", Err: "no Spira connection yet"}}
	m = send(m, connInfoMsg{seq: connOf(m).load.seq, info: info}, keys("e"))
	require.NotNil(t, connOf(m).form)
	v := ansi.Strip(m.View())
	require.NotContains(t, v, "(unchanged)", "nothing is stored on the first run")
	require.Contains(t, v, "paste your Atlassian API token")
	require.Contains(t, v, "paste your RSS token: {XXXXXXXX-XXXX-…}")
	m = send(m, down, down)
	require.NotContains(t, ansi.Strip(m.View()), "empty keeps the stored one")
	requireFrame(t, m)

	// With both stored, an empty field keeps each.
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, keys("e"), down, down)
	v = ansi.Strip(m.View())
	require.Equal(t, 2, strings.Count(v, "(unchanged)"))
	require.Contains(t, strings.Join(strings.Fields(v), " "), "empty keeps the stored one")
}

func TestConnectionTestSaysWhenAndHowItWent(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	require.NotContains(t, ansi.Strip(m.View()), "Connections tested", "the test made at start-up was not asked for")

	// The command stamps its answer.
	m, cmd := sendCmd(m, keys("t"))
	var answer identityMsg
	for _, msg := range runCmd(cmd) {
		if id, ok := msg.(identityMsg); ok {
			answer = id
		}
	}
	require.False(t, answer.at.IsZero())
	m = send(m, answer)
	require.Regexp(t, `✓ Connections tested at \d\d:\d\d:\d\d: Jira ok, Spira ok`, ansi.Strip(m.View()))

	at := time.Date(2026, 11, 27, 10, 42, 7, 0, time.UTC)
	m = send(m, keys("t"))
	require.NotContains(t, ansi.Strip(m.View()), "Connections tested", "the line goes while the new test runs")
	id := Identity{Jira: "Ada Admin", SpiraErr: "spira: 401 Unauthorized: check the login and the RSS token"}
	m = send(m, identityMsg{seq: connOf(m).testSeq, id: id, at: at})
	require.Contains(t, ansi.Strip(m.View()), "✗ Connections tested at 10:42:07: Jira ok, Spira failed")

	m = send(m, keys("t"))
	m = send(m, identityMsg{seq: connOf(m).testSeq, id: Identity{Jira: "Ada Admin", Spira: "administrator"}, at: at.Add(5 * time.Second)})
	requireFrame(t, m)
}

func TestConnectionTestAskedDuringTheStartupOneIsReported(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	info, _ := b.ConnectionInfo(bgCtx)
	m = send(m, connInfoMsg{seq: connOf(m).load.seq, info: info}, keys("t"))
	at := time.Date(2026, 11, 27, 10, 42, 7, 0, time.UTC)
	m = send(m, identityMsg{seq: connOf(m).testSeq, id: Identity{Jira: "Ada Admin", Spira: "administrator"}, at: at})
	require.Contains(t, ansi.Strip(m.View()), "✓ Connections tested at 10:42:07: Jira ok, Spira ok")
}

// linkBackend plans one same-name proposal, or with the links accepted the
// link itself, and records what it was asked.
type linkBackend struct {
	*fakeBackend
	asked []ops.SyncOptions
}

func (f *linkBackend) Plan(_ context.Context, o ops.SyncOptions) (*ops.SyncRun, error) {
	f.asked = append(f.asked, o)
	a := ops.Action{Kind: "link", Direction: "Jira → Spira", Artifact: ops.Artifact{Type: "incident", SpiraID: 6, JiraKey: "LIB-10"}, Proposal: true,
		Summary: "proposed: link IN:6 to LIB-10 (neither is created): same name on both sides: pass --link-same-names to link them instead of creating both",
		Changes: []ops.Change{{Field: "Name", Before: "Fine total rounds half-cents down", After: "Fine total rounds half-cents down"}}}
	if o.LinkSameNames {
		a.Proposal, a.Summary, a.Changes = false, "link IN:6 and LIB-10, which have the same name, instead of creating either", nil
	}
	return &ops.SyncRun{Plan: ops.PlanFile{ProductID: o.ProductID}, Actions: []ops.Action{a,
		{Kind: "create", Direction: "Spira → Jira", Artifact: ops.Artifact{Type: "incident", SpiraID: 12}, Summary: "Book search times out"}}}, nil
}

func TestSyncLinkSameNamesReplansWithTheLinksAccepted(t *testing.T) {
	b := &linkBackend{fakeBackend: &fakeBackend{}}
	m := send(New(bgCtx, b, fakeOpts), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"}, keys("4"))
	m, cmd := sendCmd(m, enter)
	for _, msg := range runCmd(cmd) {
		m = send(m, msg)
	}
	require.Equal(t, []ops.SyncOptions{{ProductID: 1}}, b.asked)
	require.Contains(t, m.View(), "1 same-name link proposed (L links)")
	require.Contains(t, m.View(), "link (proposed)")
	require.True(t, syncOf(m).KeyMap().(syncKeys).Link.Enabled(), "L is offered while the plan proposes links")
	requireFrame(t, m)

	m, cmd = sendCmd(m, keys("L"))
	require.NotNil(t, cmd)
	for _, msg := range runCmd(cmd) {
		m = send(m, msg)
	}
	require.Equal(t, ops.SyncOptions{ProductID: 1, LinkSameNames: true}, b.asked[len(b.asked)-1])
	require.Contains(t, m.View(), "same-name links accepted")
	require.NotContains(t, m.View(), "link (proposed)")
	require.False(t, syncOf(m).KeyMap().(syncKeys).Link.Enabled(), "nothing left to accept")
	_, cmd = sendCmd(m, keys("L"))
	require.Nil(t, cmd, "L does nothing once no link is proposed")
}

func TestSyncPlansWithTheSyncSettingsGiven(t *testing.T) {
	b := &linkBackend{fakeBackend: &fakeBackend{}}
	opts := fakeOpts
	opts.Sync = ops.SyncOptions{ConflictWinner: "spira", PollWindow: 2 * time.Minute, MappingFile: "lib.yaml"}
	m := send(New(bgCtx, b, opts), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"}, keys("4"))
	_, cmd := sendCmd(m, enter)
	runCmd(cmd)
	require.Equal(t, []ops.SyncOptions{{ProductID: 1, ConflictWinner: "spira", PollWindow: 2 * time.Minute, MappingFile: "lib.yaml"}}, b.asked,
		"the Sync screen plans with the settings sync's flags gave")
}
