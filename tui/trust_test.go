package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/doctor"
	"github.com/spirajira/spirajira/mapping"
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

func TestMappingOpensTheFileAndRefusesToOverwriteAHandEdit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapping.yaml")
	require.NoError(t, os.WriteFile(path, []byte("product: 1\n# mine\n"), 0o600))
	m, _ := newRoot(t, Options{Profile: "sandbox", NoColor: true, MappingFile: path})
	m, cmd := sendCmd(m, keys("3"))
	require.NotNil(t, cmd)
	ms := mappingOf(m)
	m, cmd = sendCmd(m, readFileCmd(ms.file.Path, ms.load.seq)())
	m = send(m, runUntil[editorMsg](t, cmd))
	require.NotNil(t, mappingOf(m).ed, "the mapping of the file is open")
	require.Empty(t, m.unsaved())

	m = editOneRow(m)
	require.NoError(t, os.WriteFile(path, []byte("product: 1\n# edited by hand meanwhile\n"), 0o600))
	m, cmd = sendCmd(m, keys("s"))
	m = send(m, cmd())
	data, _ := os.ReadFile(path)
	require.Equal(t, "product: 1\n# edited by hand meanwhile\n", string(data), "the hand edit is not overwritten")
	require.Equal(t, path+" changed since it was read", mappingOf(m).overwrite)
	require.Contains(t, m.View(), "keeps the file as it is", "the question is asked on the screen")

	m, cmd = sendCmd(m, keys("n"))
	m = send(m, cmd())
	data, _ = os.ReadFile(path)
	require.Contains(t, string(data), "by hand", "n keeps the file")
	require.Contains(t, m.statusView(), "● modified")

	m, cmd = sendCmd(m, keys("s"))
	m, _ = sendCmd(m, cmd())
	m, cmd = sendCmd(m, keys("y"))
	m, cmd = sendCmd(m, cmd())
	m = send(m, runUntil[flashMsg](t, cmd))
	data, _ = os.ReadFile(path)
	require.Contains(t, string(data), "incident-status 2: 3", "y overwrites")
	require.Contains(t, strings.ReplaceAll(m.View(), "\n", ""), "Saved to"+path, "the full path is on the screen")
	entries, _ := os.ReadDir(filepath.Dir(path))
	require.Len(t, entries, 1, "no temporary file is left")
}

func TestSaveAsksBeforeOverwritingAFileNotRead(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, os.WriteFile("mapping.yaml", []byte("hand-made\n"), 0o600))
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m, cmd := sendCmd(m, keys("s"))
	m = send(m, cmd())
	data, _ := os.ReadFile("mapping.yaml")
	require.Equal(t, "hand-made\n", string(data))
	require.Equal(t, filepath.Join(dir, "mapping.yaml")+" already exists and was not read here", mappingOf(m).overwrite)
}

// runUntil runs cmd and the commands it batches until one returns a T.
func runUntil[T tea.Msg](t *testing.T, cmd tea.Cmd) T {
	t.Helper()
	var zero T
	if cmd == nil {
		t.Fatalf("no command to run for a %T", zero)
	}
	switch msg := cmd().(type) {
	case T:
		return msg
	case tea.BatchMsg:
		for _, c := range msg {
			if c == nil {
				continue
			}
			if got, ok := tryRun[T](c); ok {
				return got
			}
		}
	}
	t.Fatalf("no %T came", zero)
	return zero
}

func tryRun[T tea.Msg](cmd tea.Cmd) (T, bool) {
	switch msg := cmd().(type) {
	case T:
		return msg, true
	case tea.BatchMsg:
		for _, c := range msg {
			if c == nil {
				continue
			}
			if got, ok := tryRun[T](c); ok {
				return got, true
			}
		}
	}
	var zero T
	return zero, false
}

func TestSyncAsksBeforeRunningWithThePlansCounts(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = planned(t, m, b)
	m, cmd := sendCmd(m, keys("r"))
	require.False(t, syncOf(m).running, "r asks first")
	require.Nil(t, cmd)
	requireFrame(t, m)
	m, _ = sendCmd(m, keys("n"))
	require.False(t, syncOf(m).running)
	require.False(t, syncOf(m).askRun)
	b.mu.Lock()
	require.Zero(t, b.ran, "n runs nothing")
	b.mu.Unlock()
	m = send(m, keys("r"))
	m, cmd = sendCmd(m, keys("y"))
	require.True(t, syncOf(m).running)
	require.NotNil(t, cmd)
}

func TestQuitDuringASyncSaysWhatWasDone(t *testing.T) {
	opts := fakeOpts
	opts.ProductID = 1
	var log lockedBuffer
	opts.Log = &log
	b := &fakeBackend{block: true}
	tm := teatest.NewTestModel(t, New(bgCtx, b, opts), teatest.WithInitialTermSize(80, 24))
	press(tm, keys("4"), enter)
	waitFor(t, tm, "Dry-run plan for Library Information System")
	press(tm, keys("r"))
	waitFor(t, tm, "Run this sync", "1 conflict (4 actions)")
	press(tm, keys("y"))
	waitFor(t, tm, "Syncing Library Information System", "1 / 4")
	press(tm, keys("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(flowTimeout))
	final := tm.FinalModel(t).(Model)
	require.Equal(t, "The sync of Library Information System was stopped: 1 of 4 actions done; the next sync (r on the Sync screen, or spirajira sync) plans again and does the 3 actions left.", final.farewell())
}

func TestEscStopsASyncAndTheReportSaysSo(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	b.block = true
	m = planned(t, m, b)
	m = send(m, keys("r"))
	m, cmd := sendCmd(m, keys("y"))
	msg := cmd()
	m, next := sendCmd(m, msg) // the first step
	m, _ = sendCmd(m, esc)
	m = runToReport(m, next, nil)
	require.False(t, m.busy())
	v := ansi.Strip(m.View())
	require.Contains(t, v, "Sync report for Library Information System: stopped")
	require.Contains(t, v, "1 of 4 actions done")
}

func TestEscStopsPlanning(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"}, keys("4"))
	m, cmd := sendCmd(m, enter)
	require.NotNil(t, cmd)
	require.Contains(t, m.helpView(), "esc stop planning")
	m, cmd = sendCmd(m, esc)
	m = send(m, cmd())
	require.False(t, syncOf(m).load.active, "esc stops the planning step")
	require.Contains(t, m.statusView(), "Planning stopped")
}

func TestJiraExportSaysWhichRowsWhereAndAsksBeforeOverwriting(t *testing.T) {
	m, dir := exportingCatalog(t)
	path := filepath.Join(dir, "LIB-Statuses.csv")

	m, cmd := sendCmd(m, keys("e"))
	m, cmd = sendCmd(m, cmd())
	require.Equal(t, flashMsg("Exported 4 of 4 rows to "+path), cmd())

	m = send(m, keys("/"))
	m = typeText(m, "review")
	m = send(m, enter)
	m, cmd = sendCmd(m, keys("e"))
	m = send(m, cmd())
	require.NotNil(t, jiraOf(m).askExport, "the file is there: e asks")
	require.Contains(t, strings.ReplaceAll(ansi.Strip(m.View()), "\n", " "), "exists: overwrite it with 1 of 4 rows (filtered)? y overwrites, n cancels")
	data, _ := os.ReadFile(path)
	require.Contains(t, string(data), "To Do", "nothing is overwritten before y")

	m, cmd = sendCmd(m, keys("n"))
	m = send(m, cmd())
	require.Nil(t, jiraOf(m).askExport)
	data, _ = os.ReadFile(path)
	require.Contains(t, string(data), "To Do", "n keeps the file")

	m, cmd = sendCmd(m, keys("e"))
	m = send(m, cmd())
	m, cmd = sendCmd(m, keys("y"))
	m, cmd = sendCmd(m, cmd())
	require.Equal(t, flashMsg("Exported 1 of 4 rows (filtered) to "+path), cmd())
	data, _ = os.ReadFile(path)
	require.Equal(t, "ID,Name,Category\n10010,In Review,In Progress\n", string(data))
	require.Contains(t, strings.ReplaceAll(ansi.Strip(m.View()), "\n", ""), "Exported 1 of 4 rows (filtered) to"+path, "the full path is on the screen")
}

func TestJiraReloadReadsTheCatalogAgain(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = jiraCatalog(t, m, b)
	m.help.ShowAll = true
	require.Contains(t, m.helpView(), "R reload from Jira")
	m.help.ShowAll = false
	before := jiraOf(m).load.seq
	m, cmd := sendCmd(m, keys("R"))
	require.NotNil(t, cmd)
	require.Equal(t, before+1, jiraOf(m).load.seq, "R starts a new load")
	msg := runUntil[catalogMsg](t, cmd)
	require.Equal(t, "LIB", msg.catalog.Project)
	m = send(m, msg)
	require.False(t, jiraOf(m).load.active)
}

func TestTableKeepsIDsApartAndUsesTheWidth(t *testing.T) {
	st := NewStyles(DefaultTheme(), true)
	users := newTable(&st)
	users.idFirst = true
	users.SetData([]string{"Account ID", "Name", "E-mail", "Active"}, [][]string{
		{"5b10ac8d82e05b22cc7d4e01", "Avery Admin", "avery.admin@library.example", "yes"},
		{"5b10ac8d82e05b22cc7d4e02", "Sam Sync", "sam.sync@library.example", "yes"},
	})
	users.SetSize(72, 10) // the table's share of 120 columns beside the detail
	v := ansi.Strip(users.View())
	require.Contains(t, v, "5b10ac8d82e05b22cc7d4e01", "the ID is whole: the e-mail gives way")
	require.Contains(t, v, "5b10ac8d82e05b22cc7d4e02")

	users.SetSize(30, 10)
	v = ansi.Strip(users.View())
	require.Contains(t, v, "4e01", "cut, an ID keeps its end, where IDs differ")
	require.Contains(t, v, "4e02")

	plan := newTable(&st)
	long := "priority changed on both sides; Jira wins, and the description was rewritten in Spira by someone"
	plan.SetData([]string{"Action", "Artifact", "Direction", "Summary", "Changes"}, [][]string{{"conflict", "LIB-2 / IN:3", "both", long, "1 field"}})
	plan.SetSize(200, 10)
	require.Contains(t, plan.View(), long, "at 200 columns the summary is not cut at 48")
}

func TestPickerLinesStayInTheBox(t *testing.T) {
	st := NewStyles(DefaultTheme(), true)
	items := []pickItem{
		{Label: "Avery Admin", Hint: "5b10ac8d82e05b22cc7d4e01 · avery.admin@library.example", Value: "1"},
		{Label: "Kiri Tane", Hint: "5b10ac8d82e05b22cc7d4e05 · kiri.tane@library.example", Value: "2"},
	}
	p, _ := newPicker(&st, "Jira value for administrator", items)
	p.SetSize(70, 20)
	lines := strings.Split(p.View(), "\n")
	require.Len(t, lines, 2+2+len(items), "border, title, filter and one line per item: none wraps")
	for _, l := range lines {
		require.Equal(t, ansi.StringWidth(lines[0]), ansi.StringWidth(l), "every line ends at the box's edge: %q", l)
	}
}

// settingsEditor is the fake editor with the plug-in's settings first.
type settingsEditor struct {
	*fakeEditor
	caption, offset string
}

func (e *settingsEditor) Categories() []MappingCategory {
	pl := MappingCategory{Key: "plugin", Title: "Plug-in settings", Settings: true, Rows: []MappingRow{
		{SpiraID: "caption", SpiraName: "Caption", JiraID: e.caption, JiraName: e.caption, Text: true, Hint: "the caption"},
		{SpiraID: "timeOffsetHours", SpiraName: "Time Offset", JiraID: e.offset, JiraName: e.offset, Text: true, Hint: "hours"},
		{SpiraID: "custom02SecurityLevel", SpiraName: "Custom 02"},
	}}
	return append([]MappingCategory{pl}, e.fakeEditor.Categories()...)
}

func (e *settingsEditor) SetJira(cat, id, v string) error {
	switch {
	case cat == "plugin" && id == "caption":
		e.caption = v
	case cat == "plugin" && id == "timeOffsetHours":
		if strings.Trim(v, "-0123456789") != "" {
			return errString("the Time Offset is a whole number of hours")
		}
		e.offset = v
	default:
		return e.fakeEditor.SetJira(cat, id, v)
	}
	return nil
}

func (e *settingsEditor) Clone() MappingEditor { c := *e; return &c }

func openSettings(t *testing.T) Model {
	m, b := newRoot(t, fakeOpts)
	m = send(m, keys("3"))
	ps, _ := b.Products(bgCtx)
	m = send(m, productsMsg{seq: mappingOf(m).load.seq, products: ps}, enter)
	ed := &settingsEditor{fakeEditor: newFakeEditor(b), offset: "0"}
	return send(m, editorMsg{seq: mappingOf(m).load.seq, product: mapping.Ref{ID: 1, Name: "Library Information System"}, ed: ed})
}

func TestMappingEditsFreeTextPluginSettings(t *testing.T) {
	m := openSettings(t)
	v := ansi.Strip(m.View())
	require.Regexp(t, `Caption\s+→ \(not set\)`, v, "an empty setting reads as on the Connections screen")
	require.NotContains(t, v, "(unmapped)")

	m = send(m, right, enter)
	require.NotNil(t, mappingOf(m).text, "enter on Caption opens a text field")
	m = typeText(m, "Jira Cloud")
	requireFrame(t, m)
	m = send(m, enter)
	require.Nil(t, mappingOf(m).text)
	require.Regexp(t, `Caption\s+→ Jira Cloud`, ansi.Strip(m.View()))
	require.Contains(t, m.statusView(), "● modified")

	m = send(m, down, enter)
	m = send(m, tea.KeyMsg{Type: tea.KeyBackspace})
	m = typeText(m, "five")
	m, cmd := sendCmd(m, enter)
	m = send(m, cmd())
	require.Contains(t, m.statusView(), "whole number of hours", "a wrong value is refused, saying why")
	require.Regexp(t, `Time Offset\s+→ 0`, ansi.Strip(m.View()))

	m = send(m, enter)
	m = typeText(m, "x")
	m = send(m, esc)
	require.Nil(t, mappingOf(m).text, "esc leaves the setting as it is")
	require.Regexp(t, `Time Offset\s+→ 0`, ansi.Strip(m.View()))
}

func TestEscGoesBackFromTheRows(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, right)
	require.True(t, mappingOf(m).rowsFocus)
	m = send(m, esc)
	require.False(t, mappingOf(m).rowsFocus, "esc goes back to the categories")
}

func TestDoctorOkLinesExpand(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, keys("D"))
	long := "active, polling every 5 minutes; last run 2026-11-26 18:00 UTC by the data-sync service on SPIRA-APP-01"
	r := doctor.Report{Checks: []doctor.Check{
		{Title: "Plug-in JiraDataSync", Verdict: doctor.Pass, Message: long, Details: []string{"Custom 03 = Both"}},
	}}
	m = send(m, doctorMsg{seq: connOf(m).doctor.seq, report: r})
	joined := func() string { return strings.Join(strings.Fields(ansi.Strip(connOf(m).content())), " ") }
	require.NotContains(t, joined(), "SPIRA-APP-01", "one line per passed check")
	require.Contains(t, joined(), "x shows the ok checks in full")
	require.Contains(t, m.helpView(), "x expand ok checks")
	m = send(m, keys("x"))
	require.Contains(t, joined(), "by the data-sync service on SPIRA-APP-01", "x shows it in full")
	require.Contains(t, joined(), "Custom 03 = Both")
	m = send(m, keys("x"))
	require.NotContains(t, joined(), "SPIRA-APP-01")
}

func TestANoteFromAScreenLeftDoesNotStay(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m, cmd := sendCmd(m, keys("v"))
	require.NotNil(t, cmd)
	m = send(m, keys("4")) // the user moves on before the answer
	checks, sheet, _ := newFakeEditor(b).Verify(bgCtx)
	m, cmd = sendCmd(m, verifyMsg{seq: mappingOf(m).load.seq, items: sheetItems(sheet, checks)})
	m = send(m, runUntil[screenFlashMsg](t, cmd))
	require.NotContains(t, m.statusView(), "Verified", "the Mapping screen's note is not shown on the Sync screen")
	m = send(m, keys("3"))
	require.Contains(t, m.View(), "Setup sheet", "the result is on its own screen")
}

type usersEditor struct{ *fakeEditor }

func (e *usersEditor) Categories() []MappingCategory {
	return []MappingCategory{{Key: "users", Title: "Users", Rows: []MappingRow{
		{SpiraID: "1", SpiraName: "administrator", JiraID: "5b10ac8d82e05b22cc7d4e01", JiraName: "Avery Admin"},
		{SpiraID: "2", SpiraName: "priya.patel", JiraID: "5b10ac8d82e05b22cc7d4e03", JiraName: "Priya Patel"},
	}}}
}

func (e *usersEditor) Problems() []mapping.Problem { return nil }
func (e *usersEditor) Clone() MappingEditor        { return e }

func TestMappingAccountIDsStayApartWhenCut(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, keys("3"))
	ps, _ := b.Products(bgCtx)
	m = send(m, productsMsg{seq: mappingOf(m).load.seq, products: ps}, enter)
	m = send(m, editorMsg{seq: mappingOf(m).load.seq, product: mapping.Ref{ID: 1, Name: "Library Information System"}, ed: &usersEditor{newFakeEditor(b)}})
	m = send(m, tea.WindowSizeMsg{Width: 60, Height: 24})
	v := ansi.Strip(m.View())
	require.NotContains(t, v, "5b10ac8d82e05b22cc7d4e01", "too long for 60 columns")
	require.Regexp(t, `Avery Admin \[5b10\S*…\S*4e01\]`, v, "cut in the middle, the ID keeps its end")
	require.Regexp(t, `Priya Patel \[5b10\S*…\S*4e03\]`, v)
}

func TestOpeningAnotherProductWarnsOfUnsavedEdits(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = editOneRow(m)
	m, cmd := sendCmd(m, keys("o"))
	require.Nil(t, mappingOf(m).picker, "the first o warns")
	require.Equal(t, flashMsg("Unsaved changes: s saves them; o again opens another product without them"), cmd())
	m = send(m, keys("o"))
	require.NotNil(t, mappingOf(m).picker, "o again opens the picker")
}
