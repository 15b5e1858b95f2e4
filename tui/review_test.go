package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

// catalogWithField opens a catalog whose only tab is a custom field with
// options in two contexts, longer than any window is wide.
func catalogWithField(t *testing.T, m Model) Model {
	t.Helper()
	m = send(m, keys("2"), esc)
	c := Catalog{Project: "LIB", Tabs: []CatalogTab{{Name: "Custom fields", Columns: []string{"ID", "Name", "Type"}, Rows: []CatalogRow{{
		Cells: []string{"customfield_10031", "Affected Branches", "multiselect"},
		Detail: []string{
			"Affected Branches (customfield_10031)",
			"Jira type: multiselect",
			"Options in Default Configuration Scheme for Affected Branches: Central (10220), North (10221), South (10222), East (10223), Mobile Library (10224)",
			"Options in LIB bugs: Central (10230), Mobile Library (10234)",
		},
	}}}}}
	return send(m, catalogMsg{seq: jiraOf(m).load.seq, catalog: c})
}

func TestJiraDetailWrapsInsteadOfCutting(t *testing.T) {
	for _, size := range []tea.WindowSizeMsg{{Width: 80, Height: 24}, {Width: 120, Height: 30}} {
		m, _ := newRoot(t, fakeOpts)
		m = send(m, size)
		m = catalogWithField(t, m)
		v := ansi.Strip(m.View())
		for _, id := range []string{"10220", "10224", "10230", "10234"} {
			require.Contains(t, v, id, "at %dx%d every option ID is in the detail pane", size.Width, size.Height)
		}
		if size.Width == 80 {
			requireFrame(t, m)
		}
	}
}

func TestJiraDetailSaysWhatDoesNotFit(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 60, Height: 16})
	m = catalogWithField(t, m)
	v := ansi.Strip(m.View())
	require.Contains(t, v, "more lines: J scrolls")
	requireWithin(t, m, 60)
}

func TestConnectionsTopAndBottomKeys(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 12})
	m = connLoaded(t, m, b)
	require.NotContains(t, m.View(), "press D", "the window is too short for everything")
	m = send(m, keys("G"))
	require.Contains(t, m.View(), "press D for the doctor's report", "G goes to the bottom, as the help says")
	m = send(m, keys("g"))
	require.Contains(t, m.View(), "Jira Cloud", "g goes back to the top")
}

func TestMappingTopAndBottomKeys(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("G"))
	require.Equal(t, 2, mappingOf(m).cat, "G goes to the last category")
	m = send(m, keys("g"), right, keys("G"))
	require.Equal(t, 0, mappingOf(m).cat)
	require.Equal(t, 3, mappingOf(m).row, "in the rows, G goes to the last row")
	m = send(m, keys("g"))
	require.Equal(t, 0, mappingOf(m).row)
}

func TestMappingSheetScrollStopsAtTheEnd(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 10})
	m = openMapping(t, m, b)
	m = send(m, keys("a"), keys("A"))
	res, _ := mappingOf(m).ed.Clone().Push(bgCtx, false)
	m = send(m, pushMsg{seq: mappingOf(m).load.seq, edits: mappingOf(m).edits, res: res})
	require.Equal(t, modeSheet, mappingOf(m).mode)
	requireScrollStops(t, m, 20, "the sheet is longer than the window")
}

func TestMappingErrorWrapsWithItsFix(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("d"))
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, err: errString("spira: the API key was refused (401): check the RSS token under My Profile and run spirajira login spira again")})
	v := ansi.Strip(m.View())
	require.Contains(t, v, "run spirajira login spira again", "the error is read in full, its fix included")
}

func TestSyncPlanFiltersByText(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = planned(t, m, b)
	require.Contains(t, m.View(), "/ filters")
	m = send(m, keys("/"))
	require.True(t, m.screens[m.active].Capturing(), "q and 1-4 must not act while filtering")
	m = typeText(m, "barcodeq")
	require.Equal(t, screenSync, m.active)
	m = send(m, tea.KeyMsg{Type: tea.KeyBackspace}, enter)
	require.Equal(t, 1, syncOf(m).table.Shown())
	m = send(m, enter)
	require.NotNil(t, syncOf(m).open)
	require.Equal(t, "new incident ↔ LIB-9", syncOf(m).open.Artifact.String(), "enter opens the action the filter left")
	m = send(m, esc, esc)
	require.Equal(t, 4, syncOf(m).table.Shown(), "esc clears the filter")
}

func TestSyncReportScrollStopsAtTheEnd(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 10})
	m = planned(t, m, b)
	m, cmd := sendCmd(send(m, keys("r")), keys("y"))
	m = runToReport(m, cmd, nil)
	require.NotNil(t, syncOf(m).report)
	bottom := requireScrollStops(t, m, 30, "the report is longer than the window")
	require.Contains(t, bottom, "esc closes the report")
}

func TestSyncDropsThePlanOfAnotherProduct(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = planned(t, m, b)
	m = send(m, keys("n"))
	inFlight := syncOf(m).load.seq
	require.True(t, syncOf(m).load.active)
	m = send(m, productChosenMsg{id: 2, name: "Sample Barebones Product"})
	require.Nil(t, syncOf(m).plan, "the plan shown was product 1's")
	require.False(t, syncOf(m).load.active, "the spinner of the dropped plan stops")
	p, _ := b.Plan(bgCtx, ops.SyncOptions{ProductID: 1})
	m = send(m, planMsg{seq: inFlight, plan: p})
	require.Nil(t, syncOf(m).plan, "product 1's plan arriving late is dropped")
	require.Contains(t, m.View(), "Sync Sample Barebones Product")
	require.Contains(t, m.View(), "Press enter to compute the dry-run plan")

	m = send(m, productChosenMsg{id: 2, name: "Sample Barebones Product"})
	m, _ = sendCmd(m, enter)
	m = send(m, planMsg{seq: syncOf(m).load.seq, plan: p}, productChosenMsg{id: 2, name: "Sample Barebones Product"})
	require.NotNil(t, syncOf(m).plan, "opening the same product again keeps its plan")
}

// serviceRanError is an error that says what it says and is
// datasync.ErrServiceRan, the one F answers.
type serviceRanError string

func (e serviceRanError) Error() string { return string(e) }
func (serviceRanError) Unwrap() error   { return datasync.ErrServiceRan }

func TestSyncPlanErrorWrapsWithItsFix(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"}, keys("4"))
	m, _ = sendCmd(m, enter)
	m = send(m, planMsg{seq: syncOf(m).load.seq, err: serviceRanError("sync: Spira's data-sync service ran JiraDataSync 3 minutes ago; two engines at once duplicate issues: stop the service, or press F to plan anyway")})
	require.Contains(t, ansi.Strip(m.View()), "press F to plan anyway")
	requireFrame(t, m)
}

func TestFullHelpKeepsTheGlobalKeysWhenNarrow(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, right, keys("?"))
	v := ansi.Strip(m.View())
	for _, want := range []string{"less help", "quit", "go to screen", "toggle primary", "bottom"} {
		require.Contains(t, v, want, "the full help at 80 columns lists %q", want)
	}
	requireFrame(t, m)

	m = planned(t, m, b)
	v = ansi.Strip(m.View())
	require.Contains(t, v, "less help")
	require.Contains(t, v, "filter by text")
}

func TestFormHintWrapsAt80Columns(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, keys("e"), down, down) // Jira API token
	v := ansi.Strip(m.View())
	require.Contains(t, strings.Join(strings.Fields(v), " "), "empty keeps the stored one", "the end of the hint is what matters")
	requireWithin(t, m, 80)
}

func TestTableFilterShowsItsCountWhileTyping(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = jiraCatalog(t, m, b)
	m = send(m, right, keys("/"))
	m = typeText(m, "zz")
	require.Contains(t, ansi.Strip(m.View()), "0 of 4", "while typing, the count says nothing matches")
	for _, l := range strings.Split(m.View(), "\n") {
		require.LessOrEqual(t, ansi.StringWidth(l), 80, "the count is within the window: %q", l)
	}
	m = send(m, tea.KeyMsg{Type: tea.KeyBackspace}, tea.KeyMsg{Type: tea.KeyBackspace})
	m = typeText(m, "in")
	require.Contains(t, ansi.Strip(m.View()), "2 of 4")
}

func TestPushNoteCountsInTheSingular(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("P"))
	_, cmd := sendCmd(m, pushMsg{seq: mappingOf(m).load.seq, edits: mappingOf(m).edits, res: &ops.PushOutcome{Result: &mapping.PushResult{
		Written: []mapping.Change{{Kind: mapping.Changed, What: "Plug-in JiraDataSync Custom 03", Remote: "True", Local: "Both", Writable: true}},
		Sheet: &mapping.Sheet{Screens: []mapping.Screen{{Title: "Incident Status mapping",
			Lines: []mapping.SheetLine{{Row: "New", Label: "External Key", Enter: "10000"}}}}}}}})
	var notes []string
	for _, msg := range runCmd(cmd) {
		if f, ok := msg.(flashMsg); ok {
			notes = append(notes, string(f))
		}
	}
	require.Equal(t, []string{"Pushed: 1 written, 1 sheet line left to enter in Spira"}, notes)
}

func TestMappingKeysWaitForTheProductBeingOpened(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("o"), down, enter) // Sample Barebones Product
	opening := mappingOf(m).load.seq
	require.True(t, mappingOf(m).load.active)
	m, cmd := sendCmd(m, keys("d"))
	require.Equal(t, opening, mappingOf(m).load.seq, "d does not replace the product being read")
	require.Equal(t, flashMsg("Still reading the mapping of Sample Barebones Product from Spira…"), cmd())
	ed := newFakeEditor(b)
	m = send(m, editorMsg{seq: opening, product: mapping.Ref{ID: 2, Name: "Sample Barebones Product"}, ed: ed})
	require.Equal(t, 2, mappingOf(m).product.ID, "the product asked for opens")
	m, _ = sendCmd(m, keys("d"))
	require.Greater(t, mappingOf(m).load.seq, opening, "once open, d works")
}

// somethingToPush is a diff with a change: an empty one is not confirmed.
var somethingToPush = []mapping.Change{{Kind: mapping.Added, What: "Incident status", Remote: "Open", Local: "In Progress (3)", Writable: true}}

func TestMappingPushesOnceWhenYesIsPressedTwice(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("P"))
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, lines: somethingToPush, forPush: true})
	m, first := sendCmd(m, keys("y"))
	require.NotNil(t, first)
	pushing := mappingOf(m).load.seq
	m, second := sendCmd(m, keys("y"))
	require.Nil(t, second, "a second y while pushing does not push again")
	require.Equal(t, pushing, mappingOf(m).load.seq)
}

func TestMappingDiffAndSheetWrapWhatIsTypedIntoSpira(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	long := mapping.Change{Kind: mapping.Added, What: `Incident custom property "Affected Branches" (Custom_02) value "Mobile Library and Outreach Services" (14)`,
		Local: "10224 (Mobile Library)"}
	m = send(m, keys("P"))
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, lines: []mapping.Change{long}, forPush: true})
	flat := func() string { return strings.Join(strings.Fields(ansi.Strip(m.View())), " ") }
	require.Contains(t, flat(), "10224 (Mobile Library) [setup sheet]", "the push confirmation shows each change in full")
	m = send(m, keys("y"))
	primary := true
	line := mapping.SheetLine{Row: "Mobile Library and Outreach Services (14)", Label: "External Key (Jira option ID)", Enter: "10224", Means: "Mobile Library", Primary: &primary}
	sheet := &mapping.Sheet{Screens: []mapping.Screen{{Title: "Incident custom property values", Lines: []mapping.SheetLine{line}}}}
	m = send(m, pushMsg{seq: mappingOf(m).load.seq, edits: mappingOf(m).edits, res: &ops.PushOutcome{Result: &mapping.PushResult{Sheet: sheet}}})
	require.Contains(t, flat(), "= 10224 (Mobile Library), Primary", "a sheet line is typed into Spira: it is shown in full")
	m, _ = sendCmd(m, keys("v"))
	m = send(m, verifyMsg{seq: mappingOf(m).load.seq, items: sheetItems(sheet, []mapping.LineCheck{{Line: line, Actual: "10223 (East), which the sync would send to Jira as the wrong branch"}})})
	require.Contains(t, flat(), "= 10224 (Mobile Library), Primary", "a sheet line is typed into Spira: it is shown in full")
	require.Contains(t, flat(), "as the wrong branch")
	requireFrame(t, m)
}

func TestStatusBarKeepsBothNamesAt80Columns(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, identityMsg{id: Identity{Jira: "Avery Admin <avery.admin@library.example>", Spira: "System Administrator (administrator)"}})
	status := ansi.Strip(strings.Split(m.View(), "\n")[22])
	require.Contains(t, status, "Jira Avery Admin │")
	require.Contains(t, status, "Spira System Administrator", "the Spira side is not cut off")
	m = send(m, tea.WindowSizeMsg{Width: 140, Height: 24})
	status = ansi.Strip(strings.Split(m.View(), "\n")[22])
	require.Contains(t, status, "<avery.admin@library.example>", "a wide window shows the e-mail too")
}

func TestMappingCategoriesAreNotCutWhereTheyFit(t *testing.T) {
	for _, w := range []int{100, 120} {
		m, b := newRoot(t, fakeOpts)
		m = send(m, tea.WindowSizeMsg{Width: w, Height: 24})
		m = send(m, keys("3"))
		ed := newFakeEditor(b)
		ed.cats = append(ed.cats, MappingCategory{Key: "requirement-custom", Title: "Requirement custom properties"})
		m = send(m, editorMsg{seq: mappingOf(m).load.seq, product: mapping.Ref{ID: 1, Name: "Library Information System"}, ed: ed})
		require.Contains(t, ansi.Strip(m.View()), "Requirement custom properties", "at %d columns", w)
	}
}

// choicesEditor offers the choices the live editor gives a link-type row:
// "(none)" first, then names that are their own IDs.
type choicesEditor struct{ *fakeEditor }

func (choicesEditor) Choices(string, string) []mapping.Choice {
	return []mapping.Choice{{ID: "", Name: "(none)", Hint: "leave unmapped"}, {ID: "Relates", Name: "Relates"}, {ID: "10000", Name: "Blocks", Hint: "outward: blocks"}}
}

func TestValuePickerHintsSayNothingTwice(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, keys("3"))
	ed := choicesEditor{newFakeEditor(b)}
	m = send(m, editorMsg{seq: mappingOf(m).load.seq, product: mapping.Ref{ID: 1, Name: "Library Information System"}, ed: ed})
	m = send(m, right, enter)
	p := mappingOf(m).picker
	require.NotNil(t, p)
	var hints []string
	for _, it := range p.items {
		hints = append(hints, it.Hint)
	}
	require.Equal(t, []string{"leave unmapped", "", "10000 · outward: blocks"}, hints)
}

func TestMappingOpenErrorSaysWhatToDo(t *testing.T) {
	m, _ := newRoot(t, Options{Profile: "sandbox", NoColor: true, ProductID: 7})
	m = send(m, keys("3"))
	m = send(m, editorMsg{seq: mappingOf(m).load.seq, err: errString("spira: product 7 not found")})
	requireWithin(t, m, 80)
	v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	require.Contains(t, v, "✗ spira: product 7 not found")
	require.Contains(t, v, "press o to try again or pick another product; the settings are on the Connections screen (1)")
}

func TestJiraErrorSaysWhereTheSettingsAre(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, keys("2"))
	m = send(m, projectsMsg{seq: jiraOf(m).load.seq, err: errString("jira: the site URL is missing; it looks like https://your-site.atlassian.net")})
	require.Contains(t, ansi.Strip(m.View()), "press o to try again; the settings are on the Connections screen (1)")
}

func TestSyncActionShowsLongValuesOnUpToThreeLines(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"}, keys("4"))
	m, _ = sendCmd(m, enter)
	desc := strings.Repeat("Patrons receive two identical overdue e-mails for the same loan. ", 6) + "END"
	plan := &ops.SyncRun{Plan: ops.PlanFile{ProductID: 1}, Actions: []ops.Action{{Kind: "create", Direction: "Spira → Jira", Artifact: ops.Artifact{Type: "incident", SpiraID: 3}, Summary: "create Jira issue from IN:3",
		Changes: []ops.Change{{Field: "Summary", Before: "", After: "Overdue notice sent twice for the same loan, reported by the Central branch desk"}, {Field: "Description", Before: "", After: desc}}}}}
	m = send(m, planMsg{seq: syncOf(m).load.seq, plan: plan}, enter)
	require.NotNil(t, syncOf(m).open)
	v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	require.Contains(t, v, "reported by the Central branch desk", "a value a little too long wraps")
	require.NotContains(t, v, "END", "a very long value stops after three lines")
	requireFrame(t, m)
}

func TestConnectionsDropAnIdentityFromBeforeTheSave(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, keys("t"))
	before := connOf(m).testSeq
	m = send(m, keys("e"))
	m, cmd := sendCmd(m, enter)
	for _, msg := range runCmd(cmd) {
		if msg, ok := msg.(savedConnMsg); ok {
			m = send(m, msg)
		}
	}
	require.Greater(t, connOf(m).testSeq, before, "saving tests the new settings")
	m = send(m, identityMsg{seq: before, id: Identity{Jira: "Old Account", Spira: "old"}})
	require.NotEqual(t, "Old Account", m.jiraWho, "the test of the old settings answers late: dropped")
	require.True(t, connOf(m).testing, "still waiting for the test of the new settings")
	m = send(m, identityMsg{seq: connOf(m).testSeq, id: Identity{Jira: "New Account", Spira: "new"}})
	require.Equal(t, "New Account", m.jiraWho)
	require.Contains(t, ansi.Strip(m.View()), "✓ New Account")
}

func TestConnectionsInTheDemoSayWhereSettingsAreEdited(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	info, _ := b.ConnectionInfo(bgCtx)
	info.Fixed = true
	m = send(m, connInfoMsg{seq: connOf(m).load.seq, info: info})
	require.NotContains(t, m.View(), "e edit", "the help offers no form that cannot save")
	m, cmd := sendCmd(m, keys("e"))
	require.False(t, m.screens[m.active].Capturing(), "no form opens")
	require.Equal(t, flashMsg(fixedSettingsNote), cmd())
	m = send(m, cmd())
	require.Contains(t, ansi.Strip(strings.Split(m.View(), "\n")[22]), "spirajira login jira|spira │", "the note fits the status bar")
	require.Contains(t, strings.Join(strings.Fields(ansi.Strip(m.View())), " "), "spirajira login jira, spirajira login spira, then spirajira")
}

func TestLiveSettingsAreFixedOnlyWithoutASaver(t *testing.T) {
	l, sb := bothSims(t)
	info, err := l.ConnectionInfo(bgCtx)
	require.NoError(t, err)
	require.True(t, info.Fixed, "the demo cannot store settings")

	saver := NewLive(LiveConfig{Profile: "work", Jira: config.JiraCredentials{URL: sb.JiraURL},
		Save: func(context.Context, ConnectionEdit) (config.JiraCredentials, config.SpiraCredentials, error) {
			return config.JiraCredentials{}, config.SpiraCredentials{}, nil
		}})
	info, err = saver.ConnectionInfo(bgCtx)
	require.NoError(t, err)
	require.False(t, info.Fixed, "with a profile to store into, e edits")
}

func TestMappingChangedDuringADiffDropsIt(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("P"))
	asked := mappingOf(m).load.seq
	stale, _ := mappingOf(m).ed.Clone().Diff(bgCtx)
	m = send(m, right, down, enter) // Open -> picker, while the diff is computed
	m = typeText(m, "inprog")
	m, cmd := sendCmd(m, enter)
	require.Equal(t, "3", mappingOf(m).cats[0].Rows[1].JiraID)
	require.False(t, mappingOf(m).load.active, "the diff asked for before the change is dropped")
	var notes []tea.Msg
	notes = append(notes, runCmd(cmd)...)
	require.Contains(t, notes, tea.Msg(flashMsg("The mapping changed while comparing with Spira: press d (or P) again")))
	m = send(m, diffMsg{seq: asked, lines: stale, forPush: true})
	require.Equal(t, modeBrowse, mappingOf(m).mode, "no confirmation of a diff that is not what would be pushed")
}

func TestMappingDiffDoesNotCoverTheProposals(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("d"), keys("a"))
	require.Equal(t, modeProposals, mappingOf(m).mode)
	d, _ := mappingOf(m).ed.Clone().Diff(bgCtx)
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, lines: d})
	require.Equal(t, modeProposals, mappingOf(m).mode, "the proposals being answered stay")
}

func TestSyncDoesNotRunAPlanBeingReplaced(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = planned(t, m, b)
	m = send(m, keys("n"))
	m, cmd := sendCmd(m, keys("r"))
	require.False(t, syncOf(m).running, "r waits for the new dry-run")
	require.Equal(t, flashMsg("A new dry-run is being computed: press r once it is shown"), cmd())
	p, _ := b.Plan(bgCtx, ops.SyncOptions{ProductID: 1})
	m = send(m, planMsg{seq: syncOf(m).load.seq, plan: p})
	m, _ = sendCmd(send(m, keys("r")), keys("y"))
	require.True(t, syncOf(m).running)
}

func TestSyncTakesAProductOpenedDuringARunAfterItsReport(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = planned(t, m, b)
	m, cmd := sendCmd(send(m, keys("r")), keys("y"))
	m = send(m, productChosenMsg{id: 2, name: "Sample Barebones Product"})
	m = runToReport(m, cmd, nil)
	require.Contains(t, ansi.Strip(m.View()), "Sync report for Library Information System", "the report names the product synced")
	m = send(m, esc)
	require.Equal(t, 2, syncOf(m).productID, "closing the report takes the product opened meanwhile")
	require.Contains(t, ansi.Strip(m.View()), "Sync Sample Barebones Product")
}

// forceBackend records whether a plan was asked for with force.
type forceBackend struct {
	*fakeBackend
	forced []bool
}

func (f *forceBackend) Plan(ctx context.Context, o ops.SyncOptions) (*ops.SyncRun, error) {
	f.forced = append(f.forced, o.Force)
	return f.fakeBackend.Plan(ctx, o)
}

func TestSyncForceOnlyAnswersTheErrorThatOffersIt(t *testing.T) {
	b := &forceBackend{fakeBackend: &fakeBackend{}}
	m := send(New(bgCtx, b, fakeOpts), tea.WindowSizeMsg{Width: 80, Height: 24})
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"}, keys("4"))
	m, cmd := sendCmd(m, keys("F"))
	require.Nil(t, cmd, "no error offers F: it does nothing")
	require.False(t, syncOf(m).load.active)
	m, _ = sendCmd(m, enter)
	m = send(m, planMsg{seq: syncOf(m).load.seq, err: fmt.Errorf("%w 2 minutes ago: press F to plan anyway", datasync.ErrServiceRan)})
	m, cmd = sendCmd(m, keys("F"))
	require.NotNil(t, cmd)
	for _, msg := range runCmd(cmd) {
		m = send(m, msg)
	}
	require.Equal(t, []bool{true}, b.forced, "F plans anyway once offered")
}

func TestOverlayHelpSaysItScrollsBothWays(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("P"))
	d := somethingToPush
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, lines: d, forPush: true})
	require.Contains(t, ansi.Strip(m.View()), "y push • n cancel • ↑/↓ scroll", "k and ↑ work too, not only ↓")
}

func TestWheelOverAnOpenActionLeavesThePlanAlone(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = planned(t, m, b)
	m = send(m, enter)
	require.NotNil(t, syncOf(m).open)
	m = send(m, tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	m = send(m, esc)
	i, _ := syncOf(m).table.Selected()
	require.Equal(t, 0, i, "the row opened is still the one selected")
}

func TestStatusBarErrorClearsWhenTheSameWorkSucceeds(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = send(m, keys("2"))
	m = send(m, projectsMsg{seq: jiraOf(m).load.seq, err: errString("jira: the site URL is missing")})
	status := func() string { return ansi.Strip(strings.Split(m.View(), "\n")[22]) }
	require.Contains(t, status(), "✗ jira: the site URL is missing")
	m = send(m, exportedMsg{req: exportReq{path: "x.csv"}})
	require.Contains(t, status(), "✗ jira: the site URL is missing", "another kind of work succeeding says nothing about it")
	m = send(m, esc, keys("o"))
	ps, _ := b.Projects(bgCtx)
	m = send(m, projectsMsg{seq: jiraOf(m).load.seq, projects: ps})
	require.NotContains(t, status(), "✗", "once the projects load, their error is gone")
}

func TestConnectionTestShowsASpinner(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = connLoaded(t, m, b)
	m = send(m, keys("t"))
	require.True(t, connOf(m).test.active, "t starts a spinner like every other load")
	require.Regexp(t, `You are\s+\S\s+testing…`, ansi.Strip(m.View()))
	id, _ := b.TestConnections(bgCtx)
	m = send(m, identityMsg{seq: connOf(m).testSeq, id: id})
	require.False(t, connOf(m).test.active, "the spinner stops with the answer")
}

func TestPushConfirmationWarnsOfMappingErrors(t *testing.T) {
	m, b := newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	require.Equal(t, 3, mappingOf(m).errorCount())
	m = send(m, keys("P"))
	d := somethingToPush
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, lines: d, forPush: true})
	v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	require.Contains(t, v, "The mapping has 3 errors (marked ✗ on its rows): mapping push refuses it without --force; y pushes it anyway.")

	m, b = newRoot(t, fakeOpts)
	m = openMapping(t, m, b)
	m = send(m, keys("d"))
	m = send(m, diffMsg{seq: mappingOf(m).load.seq, lines: d})
	require.NotContains(t, ansi.Strip(m.View()), "refuses it", "the plain diff asks nothing")
}

// A yes to a confirmation that named the mapping's errors is the command
// line's --force; without errors the push is not forced, so the one policy
// of the operations layer refuses errors that appeared meanwhile.
func TestPushIsForcedOnlyWhenTheConfirmationNamedErrors(t *testing.T) {
	for _, withErrors := range []bool{true, false} {
		m, b := newRoot(t, fakeOpts)
		b.clean = !withErrors
		m = openMapping(t, m, b)
		require.Equal(t, withErrors, mappingOf(m).errorCount() > 0)
		m = send(m, keys("P"))
		m = send(m, diffMsg{seq: mappingOf(m).load.seq, lines: somethingToPush, forPush: true})
		_, cmd := sendCmd(m, keys("y"))
		runCmd(cmd)
		b.mu.Lock()
		pushed, forced := b.pushed, b.forced
		b.mu.Unlock()
		require.True(t, pushed)
		require.Equal(t, withErrors, forced)
	}
}
