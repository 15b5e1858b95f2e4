package datasync

import (
	"context"
	"testing"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// F14: Spira answers the mapping reads of a plug-in ID without a record
// with nothing, so a stale ID would make every artifact look unmapped and
// sync it again as new. The engine reads the record first and stops before
// its first write (the lease in the event log included).
func TestF14StalePlugInIDStopsTheSyncBeforeAnyWrite(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.engine(false) // pulls the mapping of the real plug-in
	cfg := w.config(false)
	cfg.PluginID = 42
	ctx := context.Background()
	events := len(w.spira.Events())

	stale, err := New(cfg)
	require.NoError(t, err)
	err = stale.Begin(ctx)
	require.ErrorIs(t, err, spiraclient.ErrPluginNotFound)
	require.Contains(t, err.Error(), spiraclient.PluginScreen)
	require.Contains(t, err.Error(), "42")

	stale, err = New(cfg)
	require.NoError(t, err)
	_, err = stale.Load(ctx)
	require.ErrorIs(t, err, spiraclient.ErrPluginNotFound)
	require.Contains(t, err.Error(), spiraclient.PluginScreen)

	require.Zero(t, w.writes.Load(), "nothing written to Spira or Jira")
	require.Len(t, w.spira.Events(), events, "no lease in the event log")
}

// F13: Spira answers 200 to /success for a record that is gone; the engine
// reads the record back and says the run was not recorded.
func TestF13RunOfADeletedPlugInIsNotReportedAsRecorded(t *testing.T) {
	w := newWorld(t, worldOpts{})
	e := w.engine(false)
	ctx := context.Background()
	require.NoError(t, e.Begin(ctx))
	defer e.Close()
	_, err := e.Load(ctx)
	require.NoError(t, err)
	plan := e.snap.Plan()
	w.spira.DeletePlugIn(spiratest.DataSyncID) // an administrator deletes it meanwhile
	_, err = e.Apply(ctx, plan, nil)
	require.ErrorIs(t, err, spiraclient.ErrPluginNotFound)
	require.Contains(t, err.Error(), "not recorded")
}

// F18: Spira 7.13+ can show a plug-in "In Progress" (status ID unknown):
// the engine warns that another engine may be at work, and does not fail
// on a status it does not know.
func TestF18InProgressStatusWarnsAndAnUnknownOneIsHarmless(t *testing.T) {
	w := newWorld(t, worldOpts{})
	require.NoError(t, w.spira.SetPlugInStatus(spiratest.DataSyncID, 5, "In Progress"))
	e := w.engine(false)
	_, err := e.Load(context.Background())
	require.NoError(t, err)
	require.Len(t, e.Warnings(), 1)
	require.Contains(t, e.Warnings()[0], "In Progress (unknown status 5)")
	require.Contains(t, e.Warnings()[0], "another engine")

	require.NoError(t, w.spira.SetPlugInStatus(spiratest.DataSyncID, 9, ""))
	e = w.engine(false)
	_, err = e.Load(context.Background())
	require.NoError(t, err)
	require.Empty(t, e.Warnings())
}
