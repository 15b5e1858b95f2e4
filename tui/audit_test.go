package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/doctor"
	"github.com/spirajira/spirajira/internal/httpx/httpxtest"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// Under NO_COLOR the terminal shows neither colour nor bold nor underline
// (the tests pin that Ascii profile), so the active screen is marked in text.
func TestNoColorMarksTheActiveScreenInText(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	for i, want := range []string{"[1 Connections]", "[2 Jira]", "[3 Mapping]", "[4 Sync]"} {
		m = send(m, keys(string(rune('1'+i))))
		top := strings.Split(ansi.Strip(m.View()), "\n")[0]
		require.Contains(t, top, want)
		require.Equal(t, 1, strings.Count(top, "["), "only the active screen is marked: %q", top)
	}
}

// At 80 columns the screen's own keys are many; the help bar still names
// ? (the way to the others) and q, cutting the screen's last keys instead.
func TestShortHelpKeepsTheGlobalKeysAt80Columns(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	views := map[string]Model{}
	views["jira"] = jiraCatalog(t, m, b)
	m, b = newRoot(t, fakeOpts)
	views["mapping"] = send(openMapping(t, m, b), right)
	m, b = newRoot(t, fakeOpts)
	views["sync plan"] = planned(t, m, b)
	// Each keeps the key its main flow goes on with.
	next := map[string]string{"jira": "y copy ID", "mapping": "a auto-map", "sync plan": "r run sync"}
	for name, v := range views {
		lines := strings.Split(ansi.Strip(v.View()), "\n")
		help := lines[len(lines)-1]
		require.Contains(t, help, "? help", "%s: %q", name, help)
		require.Contains(t, help, "q quit", "%s: %q", name, help)
		require.Contains(t, help, next[name], "%s: %q", name, help)
		require.LessOrEqual(t, ansi.StringWidth(help), 80)
	}
}

// A category whose name is cut at 80 columns keeps its count of problems.
func TestMappingCategoryKeepsItsCountWhenCut(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, keys("3"))
	ed := newFakeEditor(b)
	ed.cats = append(ed.cats, MappingCategory{Key: "requirement-importance", Title: "Requirement Importance", Primary: true, Rows: []MappingRow{
		{SpiraID: "1", SpiraName: "1 - Critical"}, {SpiraID: "2", SpiraName: "2 - High"}, {SpiraID: "3", SpiraName: "3 - Medium"}, {SpiraID: "4", SpiraName: "4 - Low"},
		{SpiraID: "5", SpiraName: "5 - Trivial"}, {SpiraID: "6", SpiraName: "6 - Cosmetic"}, {SpiraID: "7", SpiraName: "7 - None"}, {SpiraID: "8", SpiraName: "8 - Other"},
		{SpiraID: "9", SpiraName: "9 - Later"}, {SpiraID: "10", SpiraName: "10 - Never"},
	}})
	m = send(m, editorMsg{seq: mappingOf(m).load.seq, product: mapping.Ref{ID: 1, Name: "Library Information System"}, ed: ed})
	v := ansi.Strip(m.View())
	require.Contains(t, v, "(10)", "the count of the category's problems is shown:\n%s", v)
	require.Contains(t, v, "Requirement Imp", "as much of the name as fits")
	requireWithin(t, m, 80)
}

// catalogWithLongField opens a catalog of two custom fields, the first with
// more options than the detail pane under the table has lines.
func catalogWithLongField(t *testing.T, m Model) Model {
	t.Helper()
	m = send(m, keys("2"), esc)
	detail := []string{"Branch (customfield_10040)", "Jira type: select"}
	for i := 0; i < 12; i++ {
		detail = append(detail, fmt.Sprintf("Options in context %d: Option %d (%d)", i, i, 10300+i))
	}
	c := Catalog{Project: "LIB", Tabs: []CatalogTab{{Name: "Custom fields", Columns: []string{"ID", "Name", "Type"}, Rows: []CatalogRow{
		{Cells: []string{"customfield_10040", "Branch", "select"}, Detail: detail},
		{Cells: []string{"customfield_10041", "Shelf", "textfield"}, Detail: []string{"Shelf (customfield_10041)", "Jira type: textfield"}},
	}}}}
	return send(m, catalogMsg{seq: jiraOf(m).load.seq, catalog: c})
}

// Under 110 columns the detail pane has 7 lines; what does not fit is
// scrolled to with J and K, and another row starts at its top.
func TestJiraDetailScrollsUnderTheTable(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = catalogWithLongField(t, m)
	v := ansi.Strip(m.View())
	require.Contains(t, v, "Branch (customfield_10040)")
	require.NotContains(t, v, "(10311)", "the last option is below the pane")
	require.Contains(t, v, "J scrolls", "the pane says how to see the rest")
	require.Contains(t, ansi.Strip(m.help.View(m.keyMap())+m.fullHelpView()), "J/K", "the full help names the keys")

	for i := 0; i < 20; i++ {
		m = send(m, keys("J"))
	}
	v = ansi.Strip(m.View())
	require.Contains(t, v, "(10311)", "J scrolls to the last option")
	require.NotContains(t, v, "Branch (customfield_10040)", "the title scrolled out")
	require.Contains(t, v, "customfield_10041", "the table did not move")
	requireFrame(t, m)

	for i := 0; i < 20; i++ {
		m = send(m, keys("K"))
	}
	v = ansi.Strip(m.View())
	require.Contains(t, v, "Branch (customfield_10040)", "K scrolls back to the top")

	m = send(m, keys("J"), keys("J"), down)
	v = ansi.Strip(m.View())
	require.Contains(t, v, "Shelf (customfield_10041)", "the next row's detail starts at its top")
	m = send(m, tea.KeyMsg{Type: tea.KeyUp})
	require.Contains(t, ansi.Strip(m.View()), "Branch (customfield_10040)", "and so does the row come back to")
}

// Beside the table (110 columns and more) the pane is as tall as the table
// and scrolls the same way.
func TestJiraDetailBesideTheTableScrolls(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 14})
	m = catalogWithLongField(t, m)
	require.NotContains(t, ansi.Strip(m.View()), "(10311)")
	for i := 0; i < 20; i++ {
		m = send(m, keys("J"))
	}
	require.Contains(t, ansi.Strip(m.View()), "(10311)")
	requireWithin(t, m, 120)
}

// The Connections screen shows the doctor's report as `spirajira doctor`
// does: a check that warns or fails lists its supporting lines (the event
// log's errors, the mapping's first problems), and the summary counts the
// checks that were skipped.
func TestDoctorReportShowsSupportingLinesAndSkips(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 40})
	m = connLoaded(t, m, b)
	m = send(m, keys("D"))
	r := doctor.Report{Checks: []doctor.Check{
		{Title: "Jira site reachable", Verdict: doctor.Pass, Message: "reachable"},
		{Title: "Data-sync errors in the event log", Verdict: doctor.Warn, Message: "2 data-sync error(s) in the last 7 days",
			Fix: "Read them in Spira's event log", Details: []string{
				"2026-11-26 09:00 JiraDataSync: 401 Unauthorized from Jira",
				"2026-11-26 10:00 JiraDataSync: Jira refused the new issue because the field customfield_10030 is not on its create screen (end of the line)",
			}},
		{Title: "Clocks and time offset", Verdict: doctor.Skip, Message: "needs Jira's server time"},
	}}
	m = send(m, doctorMsg{seq: connOf(m).doctor.seq, report: r})
	v := ansi.Strip(m.View())
	require.Contains(t, v, "401 Unauthorized from Jira")
	require.Contains(t, v, "(end of the line)", "a long line wraps")
	require.Contains(t, v, "1 skipped")
	requireWithin(t, m, 80)
}

func TestLiveDoctorKeepsTheChecksSupportingLines(t *testing.T) {
	l, _ := bothSims(t)
	r, err := l.Doctor(bgCtx)
	require.NoError(t, err)
	for _, c := range r.Checks {
		if c.Title == "Product 1's mapping" {
			require.NotEmpty(t, c.Details, "the seeded mapping's warnings are listed")
			return
		}
	}
	t.Fatalf("no mapping check in %+v", r.Checks)
}

// F ("plan anyway") answers only the error that offers it, Spira's service
// having run the plug-in: another error neither names F in the help nor
// lets it skip that check.
func TestSyncForceIsOfferedOnlyWhenSpirasServiceRan(t *testing.T) {
	b := &forceBackend{fakeBackend: &fakeBackend{}}
	m := send(New(bgCtx, b, fakeOpts), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = send(m, productChosenMsg{id: 2, name: "Sample Empty Product 1"}, keys("4"))
	m, _ = sendCmd(m, enter)
	m = send(m, planMsg{seq: syncOf(m).load.seq, err: errString("product 2 has no Jira project key in its mapping")})
	require.NotContains(t, ansi.Strip(m.View()), "F plan anyway")
	m, cmd := sendCmd(m, keys("F"))
	require.Nil(t, cmd, "F does not skip a check that this error is not about")

	m, _ = sendCmd(m, enter)
	m = send(m, planMsg{seq: syncOf(m).load.seq, err: fmt.Errorf("%w: stop Spira's service, or press F to plan anyway", datasync.ErrServiceRan)})
	require.Contains(t, ansi.Strip(m.View()), "F plan anyway")
	m, cmd = sendCmd(m, keys("F"))
	require.NotNil(t, cmd)
	for _, msg := range runCmd(cmd) {
		m = send(m, msg)
	}
	require.Equal(t, []bool{true}, b.forced)
}

// The doctor's report on the Connections screen names spirajira to both
// services as the rest of the TUI does.
func TestLiveDoctorSendsTheUserAgent(t *testing.T) {
	var agents httpxtest.Agents
	js, ss := jiratest.New(), spiratest.New()
	jsrv, ssrv := agents.Serve(t, js), agents.Serve(t, ss)
	ja, sa := js.Admin(), ss.Admin()
	l := NewLive(LiveConfig{
		Jira:      config.JiraCredentials{URL: jsrv.URL, Email: ja.Email, Token: ja.Token},
		Spira:     config.SpiraCredentials{URL: ssrv.URL, Login: sa.Login, APIKey: sa.APIKey},
		UserAgent: "spirajira/test",
	})
	_, err := l.Doctor(bgCtx)
	require.NoError(t, err)
	seen := agents.Seen()
	require.Greater(t, seen["spirajira/test"], 10, "requests seen: %v", seen)
	require.Len(t, seen, 1, "every request names spirajira/test: %v", seen)
}

func TestJiraDetailCountsOneLineInTheSingular(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = catalogWithLongField(t, m)
	for !strings.Contains(ansi.Strip(m.View()), "(10311)") {
		m = send(m, keys("J"))
		if v := ansi.Strip(m.View()); strings.Contains(v, "… 1 more") {
			require.Contains(t, v, "… 1 more line: J scrolls")
		}
	}
	m = send(m, keys("K"))
	require.Contains(t, ansi.Strip(m.View()), "… 1 more line: J scrolls")
}
