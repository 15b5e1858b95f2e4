package datasync

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSIGKILLAtASpiraCreateThenLostJournal kills a real sync process with
// SIGKILL while Spira creates items from Jira issues (from its 4th create
// on, every write is applied and its answer held), deletes its journal,
// and runs again: through both APIs, nothing exists twice and both sides
// equal an uninterrupted run.
func TestSIGKILLAtASpiraCreateThenLostJournal(t *testing.T) {
	t.Parallel()
	const n = 20
	want, wantNames := uninterrupted(t, func(w *world) { w.seedBatch("new", n) })

	w := slowWorld(t)
	w.seedBatch("new", n)
	const killAt = 4
	var creates atomic.Int64
	var holding atomic.Bool
	k := newKillPoint()
	hold := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
		write := r.Method != http.MethodGet && !strings.Contains(r.URL.Path, "/search")
		if write && spiraCreate.MatchString(r.URL.Path) && creates.Add(1) >= killAt {
			holding.Store(true)
		}
		if !write || !holding.Load() {
			sim.ServeHTTP(rw, r)
			return
		}
		k.answerLost(r, sim)
	}
	w.intercept.Store(&hold)
	runChildKilled(t, w, k, fmt.Sprintf("its Spira create %d", killAt))
	w.intercept.Store(nil)
	t.Logf("killed after %d Spira creates", creates.Load())

	w.deleteJournal()
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	w.sync()
	requireNoDuplicates(t, wantNames, w.names())
	requireSamePicture(t, want, w.picture())
}
