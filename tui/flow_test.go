package tui

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a clipboard written from a command's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func startProgram(t *testing.T, opts Options) (*teatest.TestModel, *fakeBackend) {
	t.Helper()
	b := &fakeBackend{}
	tm := teatest.NewTestModel(t, New(bgCtx, b, opts), teatest.WithInitialTermSize(80, 24))
	t.Cleanup(func() { _ = tm.Quit() })
	return tm, b
}

// flowTimeout is a failsafe: the waits end as soon as the program gets
// there, so it only has to outlast a loaded machine.
const flowTimeout = 30 * time.Second

// waitFor polls the program's output until every text has appeared.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	var seen strings.Builder
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		seen.Write(out)
		for _, s := range texts {
			if !strings.Contains(seen.String(), s) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(flowTimeout), teatest.WithCheckInterval(5*time.Millisecond))
}

func press(tm *teatest.TestModel, ks ...tea.KeyMsg) {
	for _, k := range ks {
		tm.Send(k)
	}
}

func quit(t *testing.T, tm *teatest.TestModel) {
	tm.Send(keys("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(flowTimeout))
}

func TestFlowConnections(t *testing.T) {
	tm, _ := startProgram(t, fakeOpts)
	waitFor(t, tm, "✓ Ada Admin", "✓ administrator")
	press(tm, keys("D"))
	waitFor(t, tm, "1 warning")
	quit(t, tm)
}

func TestFlowJira(t *testing.T) {
	clip := &lockedBuffer{}
	opts := fakeOpts
	opts.Clipboard = clip
	tm, _ := startProgram(t, opts)
	press(tm, keys("2"))
	waitFor(t, tm, "Pick a Jira project")
	tm.Type("lib")
	press(tm, enter)
	waitFor(t, tm, "[Issue types 3]")
	press(tm, right, keys("/"))
	tm.Type("progress")
	press(tm, enter)
	waitFor(t, tm, "/progress")
	press(tm, keys("y"))
	waitFor(t, tm, "Copied 3 (In Progress)")
	require.Contains(t, clip.String(), "\x1b]52;c;Mw==")
	quit(t, tm)
}

func TestFlowMapping(t *testing.T) {
	tm, b := startProgram(t, fakeOpts)
	press(tm, keys("3"))
	waitFor(t, tm, "Pick a Spira product")
	press(tm, enter)
	waitFor(t, tm, "Incident status (3)")
	press(tm, keys("a"))
	waitFor(t, tm, "proposal 1 of 2")
	press(tm, keys("A"))
	waitFor(t, tm, "accepted 2 of 2")
	press(tm, keys("P"))
	waitFor(t, tm, "Push these changes")
	press(tm, keys("y"))
	waitFor(t, tm, "Setup sheet: 0 of 2 done")
	press(tm, keys("A"))
	waitFor(t, tm, "Setup sheet: 2 of 2 done")
	b.mu.Lock()
	require.True(t, b.pushed)
	require.True(t, b.applied)
	b.mu.Unlock()
	quit(t, tm)
}

func TestFlowSync(t *testing.T) {
	opts := fakeOpts
	opts.ProductID = 1
	tm, b := startProgram(t, opts)
	press(tm, keys("4"), enter)
	waitFor(t, tm, "Dry-run plan for Library Information System")
	press(tm, keys("r"))
	waitFor(t, tm, "Run this sync")
	press(tm, keys("y"))
	waitFor(t, tm, "Sync report for Library Information System: 1 failed", "no path from Done to To Do")
	b.mu.Lock()
	require.Equal(t, 1, b.ran)
	b.mu.Unlock()
	quit(t, tm)
}

func TestFlowCtrlCQuits(t *testing.T) {
	tm, _ := startProgram(t, fakeOpts)
	waitFor(t, tm, "✓ Ada Admin")
	press(tm, ctrlC)
	tm.WaitFinished(t, teatest.WithFinalTimeout(flowTimeout))
	final := tm.FinalModel(t).(Model)
	require.Error(t, final.env.ctx.Err(), "quitting cancels the work in flight")
	_, _ = io.Copy(io.Discard, tm.FinalOutput(t))
}

// TestFlowLiveSandbox walks the newcomer's path over the live backend on the
// sandbox: Jira IDs, auto-map, push, the sheet applied, dry-run, sync.
// liveSandboxTUI opens the TUI on the live backend over both simulators,
// product 1 and LIB, once the Jira connection shows.
func liveSandboxTUI(t *testing.T, w, h int) *teatest.TestModel {
	t.Helper()
	l, _ := bothSims(t)
	opts := Options{Profile: "sims", NoColor: true, ProductID: 1, JiraProject: "LIB"}
	tm := teatest.NewTestModel(t, New(bgCtx, l, opts), teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	waitFor(t, tm, "✓ Avery Admin")
	return tm
}

func TestFlowLiveSandbox(t *testing.T) {
	tm := liveSandboxTUI(t, 120, 40)
	press(tm, keys("2"))
	waitFor(t, tm, "[Issue types")
	press(tm, right)
	waitFor(t, tm, "[Statuses", "In Progress")
	press(tm, keys("3"))
	waitFor(t, tm, "Incident Status")
	press(tm, down, down, down, down, down, down) // past Plug-in settings, Beyond fields, Project, Users, Releases, Incident Type
	press(tm, keys("a"))
	waitFor(t, tm, "Auto-map Incident Status", "proposal 1 of")
	press(tm, keys("A"))
	waitFor(t, tm, "Auto-map: accepted")
	press(tm, keys("P"))
	waitFor(t, tm, "Push these changes to Spira?")
	press(tm, keys("y"))
	waitFor(t, tm, "Setup sheet:")
	press(tm, keys("A"))
	waitFor(t, tm, "Verified:")
	press(tm, keys("4"), enter)
	waitFor(t, tm, "Dry-run plan for")
	press(tm, keys("r"))
	waitFor(t, tm, "Run this sync")
	press(tm, keys("y"))
	waitFor(t, tm, "Sync report for")
	quit(t, tm)
}

func TestFlowCtrlCStopsARunningSync(t *testing.T) {
	opts := fakeOpts
	opts.ProductID = 1
	b := &fakeBackend{block: true}
	tm := teatest.NewTestModel(t, New(bgCtx, b, opts), teatest.WithInitialTermSize(80, 24))
	press(tm, keys("4"), enter)
	waitFor(t, tm, "Dry-run plan for Library Information System")
	press(tm, keys("r"))
	waitFor(t, tm, "Run this sync")
	press(tm, keys("y"))
	waitFor(t, tm, "Syncing Library Information System", "1 / 4")
	press(tm, ctrlC)
	tm.WaitFinished(t, teatest.WithFinalTimeout(flowTimeout))
	b.mu.Lock()
	defer b.mu.Unlock()
	require.True(t, b.cancelled, "the running sync saw the cancellation before the program ended")
}
