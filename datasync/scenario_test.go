package datasync

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func kinds(plan []Action, k Kind, d Direction) int {
	n := 0
	for _, a := range plan {
		if a.Kind == k && (d == "" || a.Direction == d) {
			n++
		}
	}
	return n
}

func TestFirstSyncCreatesBothWaysThenSettles(t *testing.T) {
	w := newWorld(t, worldOpts{})
	plan, rep := w.sync()
	for _, a := range plan {
		t.Logf("%s %s %s %s %v %s", a.Kind, a.Direction, a.Artifact, a.Summary, a.Changes, a.Reason)
	}
	t.Logf("report %+v", rep)
	require.Positive(t, kinds(plan, KindCreate, SpiraToJira))
	require.Positive(t, kinds(plan, KindCreate, JiraToSpira))
	plan2, _ := w.sync()
	for _, a := range plan2 {
		t.Logf("2: %s %s %s %s %v %s", a.Kind, a.Direction, a.Artifact, a.Summary, a.Changes, a.Reason)
	}
	require.Zero(t, kinds(plan2, KindCreate, ""))
}
