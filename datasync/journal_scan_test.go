package datasync

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

func TestScanJournalSaysWhatItCouldNotRead(t *testing.T) {
	ok1 := `{"t":"intent","item":"LIB-1","artifact":"incident","dir":"j2s","at":"2026-11-02T09:00:00Z"}`
	ok2 := `{"t":"done","item":"LIB-1","artifact":"incident","dir":"j2s","spiraId":7,"jiraKey":"LIB-1","at":"2026-11-02T09:00:01Z"}`
	for _, c := range []struct {
		name, body string
		items      int
		want       []string // each warning contains it; none when empty
	}{
		{"whole", ok1 + "\n" + ok2 + "\n", 2, nil},
		{"empty", "", 0, nil},
		{"torn last line", ok1 + "\n" + ok2[:30], 1, []string{"ends in a cut-off line"}},
		{"damaged line", ok1 + "\n" + "\x00\x00\x00\x00\n" + ok2 + "\n", 2, []string{"damaged: line [2] could not be read"}},
		{"not an entry", ok1 + "\n{}\n" + strings.Replace(ok2, "{", "[", 1) + "\n", 1, []string{"damaged: lines [2 3] could not be read and were skipped"}},
		{"damaged and torn", "garbage\n" + ok2 + "\n" + ok1[:10], 1, []string{"damaged: line [1]", "cut-off line"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.jsonl")
			require.NoError(t, os.WriteFile(path, []byte(c.body), 0o600))
			es, warns, err := scanJournal(path)
			require.NoError(t, err)
			require.Len(t, es, c.items)
			require.Len(t, warns, len(c.want), "%q", warns)
			for i, w := range c.want {
				require.Contains(t, warns[i], w)
			}
		})
	}
	es, warns, err := scanJournal(filepath.Join(t.TempDir(), "none.jsonl"))
	require.NoError(t, err)
	require.Empty(t, es)
	require.Empty(t, warns, "no journal is no damage")
}

// A run stopped at a Spira create whose journal is then damaged where it
// recorded its creates: the engine says so (Warnings, the report's Notes:
// it used to skip such lines without a word and exit 0), and finds what
// the lines told of in Spira instead, so nothing is created twice.
func TestDamagedJournalIsReportedAndDuplicatesNothing(t *testing.T) {
	t.Parallel()
	const n = 15
	want, wantNames := uninterrupted(t, func(w *world) { w.seedBatch("new", n) })

	w := newWorld(t, worldOpts{})
	w.seedBatch("new", n)
	w.stopAtSpiraCreate(5)
	w.syncIgnoringCrash()
	require.True(t, w.dead.Load())
	w.intercept.Store(nil)
	w.dead.Store(false)
	// Every line about a create from Jira is overwritten in place, as a
	// failing disk would: same length, unreadable. A torn line ends it.
	path := journalPath(w.stateDir, w.instance(spiratest.ProductID))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := bytes.Split(bytes.TrimSuffix(b, []byte{'\n'}), []byte{'\n'})
	hit := 0
	for i, l := range lines {
		if bytes.Contains(l, []byte(`"dir":"j2s"`)) {
			lines[i] = bytes.Repeat([]byte{'#'}, len(l))
			hit++
		}
	}
	require.Positive(t, hit, "the stopped run journaled creates from Jira")
	b = append(bytes.Join(lines, []byte{'\n'}), []byte("\n{\"t\":\"inte")...)
	require.NoError(t, os.WriteFile(path, b, 0o600))

	e := w.engine(false)
	warns := e.Warnings()
	require.Len(t, warns, 2, "%q", warns)
	require.Contains(t, warns[0], "is damaged")
	require.Contains(t, warns[1], "cut-off line")
	_, err = e.Load(ctx)
	require.NoError(t, err)
	rep, err := e.Apply(ctx, e.snap.Plan(), nil)
	require.NoError(t, err)
	require.Empty(t, rep.Failures)
	require.Subset(t, rep.Notes, warns, "the report says it too")
	require.True(t, slices.ContainsFunc(rep.Notes, func(s string) bool { return strings.Contains(s, "is adopted, not created again") }), "%q", rep.Notes)
	w.sync()
	requireNoDuplicates(t, wantNames, w.names())
	requireSamePicture(t, want, w.picture())
	// Once the run is recorded the journal is rewritten whole.
	require.Empty(t, w.engine(false).Warnings())
}

// Without a custom property for the Jira key in the mapping, an incident
// is known by its name and the creation date the engine copied.
func TestLostJournalWithoutAKeyPropertyAdoptsByNameAndDate(t *testing.T) {
	t.Parallel()
	drop := func(w *world) {
		p, _, err := mapping.Pull(context.Background(), mapping.NewSpira(w.sc), spiratest.DataSyncID, spiratest.ProductID)
		require.NoError(t, err)
		p.CustomProperties = slices.DeleteFunc(p.CustomProperties, func(m mapping.PropertyMapping) bool {
			return m.Artifact == mapping.ArtifactIncident && m.Special() == mapping.KeyJiraIssueKey
		})
		require.Nil(t, p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyJiraIssueKey))
		w.mapping = p
	}
	const n = 12
	want, wantNames := uninterrupted(t, func(w *world) { drop(w); w.seedBatch("new", n) })

	w := newWorld(t, worldOpts{})
	drop(w)
	w.seedBatch("new", n)
	require.True(t, w.crashAtCreateLosingJournal(incidentCreate, 2))
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.True(t, slices.ContainsFunc(rep.Notes, func(s string) bool { return strings.Contains(s, "incident") && strings.Contains(s, "is adopted") }), "%q", rep.Notes)
	w.sync()
	requireNoDuplicates(t, wantNames, w.names())
	requireSamePicture(t, want, w.picture())
}
