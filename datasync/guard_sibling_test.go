package datasync

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// A run of another product of the same plug-in, from the same state
// directory, is spirajira's own, not Spira's service: it does not stop the
// next run, even when Spira's event log cannot be read (as by a login that is not a
// system administrator).
func TestAnotherProductsRunHereIsNotTakenForTheService(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	now, err := w.sc.ServerDateTime(ctx)
	require.NoError(t, err)
	other := now.Add(-time.Minute).UTC()
	b, err := json.Marshal(state{LastPosted: other})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(statePath(w.stateDir, w.instance(2)), b, 0o600))
	require.NoError(t, w.sc.DataSyncSuccess(ctx, spiratest.DataSyncID, other))

	w.spira.FailNext("POST system/events/search", 400)
	_, err = w.engine(false).Load(ctx)
	require.NoError(t, err)

	// A date no run from here posted is still the service's.
	require.NoError(t, w.sc.DataSyncSuccess(ctx, spiratest.DataSyncID, other.Add(time.Second)))
	w.spira.FailNext("POST system/events/search", 400)
	_, err = w.engine(false).Load(ctx)
	require.ErrorIs(t, err, ErrServiceRan)
	require.Contains(t, err.Error(), "or spirajira on another machine", "the event log could not say which")
	require.Contains(t, err.Error(), "only a system administrator's login can read it", "why the log could not be read")
	require.NotContains(t, err.Error(), "over REST", "Spira's REST API does read the log")
}
