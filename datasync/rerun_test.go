package datasync

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// rerunCost is the requests of a sync that finds nothing to do, after the
// data synced and settled.
func rerunCost(t *testing.T, items int) (jira, spira int, w *world) {
	w = newWorld(t, worldOpts{})
	if items > 0 {
		w.seedItems(items)
	}
	w.sync()
	w.sync()
	w.jira.ResetRequests()
	w.spira.ResetRequests()
	plan, _ := w.sync()
	require.Empty(t, plan)
	return w.jira.TotalRequests(), w.spira.TotalRequests(), w
}

func TestNoChangeRerunCostsTheSameWhateverTheSize(t *testing.T) {
	js, ss, w0 := rerunCost(t, 0)
	t.Logf("small jira: %v", w0.jira.Requests())
	jb, sb, w := rerunCost(t, 60)
	t.Logf("small: jira %d spira %d; big: jira %d spira %d", js, ss, jb, sb)
	t.Logf("big jira: %v", w.jira.Requests())
	t.Logf("big spira: %v", w.spira.Requests())
	e := w.engine(false)
	t.Logf("retry %v %v %v", e.st.RetryIssue, e.st.RetryInc, e.st.RetryChanged)
	require.Equal(t, js, jb)
	require.Equal(t, ss, sb)
}
