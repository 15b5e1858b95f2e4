package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/stretchr/testify/require"
)

// Two incidents new in the same run, associated with each other, are
// linked once both issues exist: once, whichever end is read first, and
// not again by later runs.
func TestLinkBetweenTwoNewIncidents(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	a := w.addIncident("Overdue notice sent twice", nil)
	b := w.addIncident("Notice queue retried on timeout", nil)
	_, err := w.sc.CreateAssociation(ctx, 1, spiraclient.RemoteAssociation{SourceArtifactID: a, SourceArtifactTypeID: 3,
		DestArtifactID: b, DestArtifactTypeID: 3, ArtifactLinkTypeID: 1})
	require.NoError(t, err)
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	ka, kb := w.keyOf(a), w.keyOf(b)
	require.NotEmpty(t, ka)
	require.NotEmpty(t, kb)
	la, lb := w.issue(ka).Links, w.issue(kb).Links
	require.Len(t, la, 1)
	require.Equal(t, kb, la[0].OtherKey)
	require.Equal(t, "Relates", la[0].Type)
	require.Len(t, lb, 1)
	require.Equal(t, ka, lb[0].OtherKey)

	plan, _ = w.sync()
	require.Zero(t, kinds(plan, KindLink, ""))
	require.Len(t, w.issue(ka).Links, 1)
}
