package datasync

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// eventLogRead is the simulator's route that reads Spira's event log.
const eventLogRead = "POST system/events/search"

func TestASecondRunOnThisMachineIsRefusedWithItsHolderOrWaits(t *testing.T) {
	w := newWorld(t, worldOpts{})
	first := w.engine(false)
	require.NoError(t, first.Begin(ctx))

	second := w.engine(false)
	err := second.Begin(ctx)
	require.ErrorIs(t, err, ErrRunning)
	require.Contains(t, err.Error(), "on this machine")
	require.Contains(t, err.Error(), "pid ")
	require.Contains(t, err.Error(), "--wait")

	third := w.engine(false)
	third.cfg.Wait = 30 * time.Second
	go func() {
		time.Sleep(300 * time.Millisecond)
		first.Close()
	}()
	require.NoError(t, third.Begin(ctx), "it waits for the first to end")
	require.NoError(t, third.Close())
}

func TestASecondRunFromAnotherStateDirectoryLosesTheLease(t *testing.T) {
	w := newWorld(t, worldOpts{})
	first := w.engine(false)
	require.NoError(t, first.Begin(ctx))

	// Another machine: its own state directory, and --force, which does
	// not pass the lease.
	other := w.engine(true)
	other.cfg.StateDir = t.TempDir()
	require.NoError(t, other.readFiles())
	err := other.Begin(ctx)
	require.ErrorIs(t, err, ErrRunning)
	require.Contains(t, err.Error(), "event log")
	require.NoError(t, first.Close())

	require.NoError(t, other.Begin(ctx), "the first released it")
	require.NoError(t, other.Close())
	var msgs []string
	for _, ev := range w.spira.Events() {
		if strings.HasPrefix(ev.Message, LeasePrefix) {
			msgs = append(msgs, strings.SplitN(ev.Message, ":", 2)[0])
		}
	}
	require.Equal(t, []string{"spirajira lease taken", "spirajira lease taken", "spirajira lease released",
		"spirajira lease released", "spirajira lease taken", "spirajira lease released"}, msgs)
}

func TestOfTwoLeasesTheEarliestActiveOneHolds(t *testing.T) {
	at := func(s int) time.Time { return time.Date(2026, 12, 1, 10, 0, s, 0, time.UTC) }
	ev := func(kind, run string, s int) leaseEvent {
		return leaseEvent{kind: kind, plugin: 1, product: 1, run: run, at: at(s)}
	}
	h, mine, ok := leaseHolder([]leaseEvent{ev("taken", "bb", 2), ev("taken", "aa", 1)}, 1, 1, "bb", "")
	require.True(t, ok)
	require.True(t, mine)
	require.Equal(t, "aa", h.run, "the earlier one")

	h, _, _ = leaseHolder([]leaseEvent{ev("taken", "bb", 1), ev("taken", "aa", 1)}, 1, 1, "bb", "")
	require.Equal(t, "aa", h.run, "a tie goes by run, the same for both")

	h, _, _ = leaseHolder([]leaseEvent{ev("taken", "bb", 5), ev("released", "aa", 3), ev("taken", "aa", 1)}, 1, 1, "bb", "")
	require.Equal(t, "bb", h.run, "a released lease holds nothing")

	expired := int(leaseTTL/time.Second) + 2
	h, _, _ = leaseHolder([]leaseEvent{ev("taken", "bb", expired), ev("taken", "aa", 1)}, 1, 1, "bb", "")
	require.Equal(t, "bb", h.run, "a lease without renewal for leaseTTL has expired")

	h, _, _ = leaseHolder([]leaseEvent{ev("taken", "bb", expired), ev("renewed", "aa", expired-10), ev("taken", "aa", 1)}, 1, 1, "bb", "")
	require.Equal(t, "aa", h.run, "renewed, it still holds")

	other := ev("taken", "cc", 0)
	other.product = 2
	h, _, _ = leaseHolder([]leaseEvent{ev("taken", "bb", 5), other}, 1, 1, "bb", "")
	require.Equal(t, "bb", h.run, "another product's lease is not this one's")

	h, _, _ = leaseHolder([]leaseEvent{ev("taken", "bb", 5), ev("taken", "aa", 1)}, 1, 1, "bb", "aa")
	require.Equal(t, "bb", h.run, "a run from here that died is over")

	_, mine, _ = leaseHolder([]leaseEvent{ev("taken", "aa", 1)}, 1, 1, "bb", "")
	require.False(t, mine, "not seen yet")
}

func TestAKilledRunsLeaseDoesNotStopTheNextRunFromHere(t *testing.T) {
	w := newWorld(t, worldOpts{})
	e := w.engine(false)
	require.NoError(t, e.Begin(ctx))
	// Killed: the lease is never released, the OS drops the lock.
	e.lease.abandon()
	require.NoError(t, e.lock.Unlock())

	_, rep := w.sync()
	require.Empty(t, rep.Failures)

	// From another state directory, the dead run's lease was released for
	// the others by the run above.
	other := w.engine(false)
	other.cfg.StateDir = t.TempDir()
	require.NoError(t, other.readFiles())
	require.NoError(t, other.Begin(ctx))
	require.NoError(t, other.Close())
}

func TestWithoutAReadableEventLogTheRunGoesOnAndSaysThereIsNoLease(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.spira.FailNext(eventLogRead, 400)
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.True(t, hasNote(rep.Notes, "no lease across machines"), rep.Notes)
}

func hasNote(notes []string, s string) bool {
	for _, n := range notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func TestAPlanMadeBeforeAnotherRunEndedIsRefused(t *testing.T) {
	w := newWorld(t, worldOpts{})
	_, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Planned twice"})
	require.NoError(t, err)
	stale := w.engine(false)
	_, err = stale.Load(ctx)
	require.NoError(t, err)
	plan := stale.snap.Plan()

	w.sync()
	_, err = stale.Apply(ctx, plan, nil)
	require.ErrorIs(t, err, ErrStalePlan)
	require.Len(t, w.issuesNamed("Planned twice"), 1)
	require.Equal(t, 1, countIncidentsNamed(t, w, "Planned twice"), "the stale plan.Actions created nothing")
}

func countIncidentsNamed(t *testing.T, w *world, name string) int {
	n := 0
	for inc, err := range w.sc.NewIncidents(ctx, spiratest.ProductID, firstSync) {
		require.NoError(t, err)
		if inc.Name == name {
			n++
		}
	}
	return n
}

func TestStateRecordedForAnotherInstanceIsRefused(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	path := statePath(w.stateDir, w.instance(spiratest.ProductID))
	var st map[string]any
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &st))
	require.Equal(t, canonicalURL(w.sc.BaseURL()), st["instance"].(map[string]any)["spiraURL"], "the state records its Spira")
	st["instance"].(map[string]any)["spiraURL"] = "https://other.spiraservice.net"
	b, _ = json.Marshal(st)
	require.NoError(t, os.WriteFile(path, b, 0o600))

	_, err = New(w.config(false))
	require.ErrorIs(t, err, ErrOtherInstance)
	require.Contains(t, err.Error(), "https://other.spiraservice.net")
	require.Contains(t, err.Error(), "SPIRAJIRA_STATE_DIR")

	// The journal too.
	require.NoError(t, os.Remove(path))
	jp := journalPath(w.stateDir, w.instance(spiratest.ProductID))
	es, err := readJournalFile(jp)
	require.NoError(t, err)
	require.Equal(t, entryInstance, es[0].Type, "the journal starts with its instance")
	other := Instance{SpiraURL: "https://other.spiraservice.net", JiraSite: "https://x.atlassian.net", PluginID: 1, ProductID: 1}
	line, _ := json.Marshal(entry{Type: entryInstance, Item: "instance", Instance: &other})
	require.NoError(t, os.WriteFile(jp, append(line, '\n'), 0o600))
	_, err = New(w.config(false))
	require.ErrorIs(t, err, ErrOtherInstance)
}

// A state directory used with one sandbox and then with another of the
// same plug-in and product IDs: the second plans as on an empty directory.
func TestAnotherSandboxWithTheSameIDsPlansAsOnAnEmptyStateDirectory(t *testing.T) {
	a := newWorld(t, worldOpts{})
	a.sync()
	a.sync()

	fresh := newWorld(t, worldOpts{})
	want := planShape(t, fresh)

	b := newWorld(t, worldOpts{})
	b.stateDir = a.stateDir
	require.Equal(t, want, planShape(t, b))
}

func planShape(t *testing.T, w *world) []string {
	e := w.engine(false)
	_, err := e.Load(ctx)
	require.NoError(t, err)
	var out []string
	for _, a := range e.snap.Plan().Actions {
		out = append(out, string(a.Kind)+" "+a.Artifact.Name+" "+a.Summary)
	}
	return out
}

func TestStateFilesOfTheEarlierVersionAreMigratedWhenTheyAreThisSpirasOrSetAside(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	in := w.instance(spiratest.ProductID)
	legacyState := legacyStatePath(w.stateDir, spiratest.DataSyncID, spiratest.ProductID)
	legacyJournal := legacyJournalPath(w.stateDir, spiratest.DataSyncID, spiratest.ProductID)
	// Name the files as the earlier version did, without instance records.
	asLegacy := func() {
		var st state
		b, err := os.ReadFile(statePath(w.stateDir, in))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &st))
		st.Instance = nil
		b, _ = json.Marshal(st)
		require.NoError(t, os.WriteFile(legacyState, b, 0o600))
		require.NoError(t, os.Remove(statePath(w.stateDir, in)))
		require.NoError(t, os.Rename(journalPath(w.stateDir, in), legacyJournal))
	}
	keyed := planShape(t, w)
	asLegacy()
	require.Equal(t, keyed, planShape(t, w), "the earlier version's state is read")
	require.FileExists(t, legacyState, "a plan moves nothing")

	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.NoFileExists(t, legacyState)
	require.NoFileExists(t, legacyJournal)
	require.FileExists(t, statePath(w.stateDir, in), "migrated")
	require.False(t, hasNote(rep.Notes, "earlier version"), rep.Notes)

	// One whose date is not the plug-in's may be another site's.
	asLegacy()
	p, _ := w.spira.PlugIn(spiratest.DataSyncID)
	other := p.LastSyncDate.Add(-time.Hour)
	require.NoError(t, w.sc.DataSyncSuccess(ctx, spiratest.DataSyncID, other))
	e := w.engine(true)
	_, err := e.Load(ctx)
	require.NoError(t, err)
	require.True(t, hasNote(e.Warnings(), "earlier version"), e.Warnings())
	require.Empty(t, e.st.Base, "its base is not used")
	_, err = e.Apply(ctx, e.snap.Plan(), nil)
	require.NoError(t, err)
	require.FileExists(t, legacyState+".unverified")
	require.FileExists(t, legacyJournal+".unverified")
}
