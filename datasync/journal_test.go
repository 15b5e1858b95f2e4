package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// Once Spira holds their mappings, the incidents a run created from Jira
// issues leave nothing in the journal. They are journaled under the issue
// key; the mapping used to be marked under "IN:<id>" only, so every one of
// them stayed in the journal for good, read and rewritten by every run.
func TestJournalForgetsMappedCreatesFromJira(t *testing.T) {
	w := newWorld(t, worldOpts{})
	_, rep := w.sync()
	require.Positive(t, rep.Done(KindCreate))
	w.sync()
	es, err := readJournalFile(journalPath(w.stateDir, w.instance(spiratest.ProductID)))
	require.NoError(t, err)
	done, unknown := pending(es)
	require.Empty(t, done, "mapped creates are closed")
	require.Empty(t, unknown)
}
