package datasync

import (
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// LastSyncDate belongs to the plug-in, not to a product: a run of another
// product (or of Spira's service) moves it on. A Jira change made before
// that, after this product's last run, still reaches Spira.
func TestAnotherProductsRunDoesNotSkipThisProductsChanges(t *testing.T) {
	w := newWorld(t, worldOpts{})
	id := w.addIncident("Fine receipt in the wrong currency", nil)
	w.sync()
	w.sync() // New becomes Open: both sides settled
	key := w.keyOf(id)
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Fine receipt in the wrong currency (EUR)"}}))
	// Another product's run ends later and posts its own start time.
	now, err := w.sc.ServerDateTime(ctx)
	require.NoError(t, err)
	require.NoError(t, w.sc.DataSyncSuccess(ctx, spiratest.DataSyncID, now.Add(time.Hour)))

	e := w.engine(false)
	e.cfg.Overlap = time.Second
	_, err = e.Load(ctx)
	require.NoError(t, err)
	rep, err := e.Apply(ctx, e.snap.Plan(), nil)
	require.NoError(t, err)
	require.Empty(t, rep.Failures)
	inc, err := w.sc.Incident(ctx, 1, id)
	require.NoError(t, err)
	require.Equal(t, "Fine receipt in the wrong currency (EUR)", inc.Name)
}
