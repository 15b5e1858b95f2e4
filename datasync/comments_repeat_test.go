package datasync

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
)

// A comment whose text was written before ("Reopened", "+1") is a new
// comment all the same: each side gets as many as the other holds, and no
// more on later runs.
func TestRepeatedCommentTextIsNotLost(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			id := w.addIncident("Hold shelf label misprints", nil)
			w.sync()
			key := w.keyOf(id)
			jiraSays := func(text string) {
				w.commentInJira(key, text)
			}
			spiraSays := func(text string) {
				_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: "<p>" + text + "</p>"}})
				require.NoError(t, err)
			}
			jiraSays("Reopened")
			spiraSays("Retested")
			w.sync()
			jiraSays("Reopened")
			jiraSays("Reopened")
			spiraSays("Retested")
			for range 3 {
				_, rep := w.sync()
				require.Empty(t, rep.Failures)
			}
			cs, err := w.sc.IncidentComments(ctx, 1, id)
			require.NoError(t, err)
			n := 0
			for _, c := range cs {
				if strings.Contains(c.Text, "Reopened") {
					n++
				}
			}
			require.Equal(t, 3, n, "each Reopened in Jira is one in Spira")
			if m.custom03 != "Both" {
				return
			}
			n = 0
			for _, c := range w.issue(key).Comments {
				if strings.Contains(adfText(c.Body), "Retested") {
					n++
				}
			}
			require.Equal(t, 2, n, "each Retested in Spira is one in Jira")
		})
	}
}
