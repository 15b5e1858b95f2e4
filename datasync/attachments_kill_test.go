package datasync

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

func isUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && (strings.HasSuffix(r.URL.Path, "/attachments") || strings.HasSuffix(r.URL.Path, "/documents/file"))
}

// stallReader passes a request body through until after bytes were read,
// then says so and hands the server no more: it drains the connection
// until the killed client's end closes, then fails the body.
type stallReader struct {
	r       io.ReadCloser
	n       int64
	after   int64
	reached func()
}

func (s *stallReader) Read(p []byte) (int, error) {
	if s.n >= s.after {
		s.reached()
		_, _ = io.Copy(io.Discard, s.r)
		return 0, errors.New("the client is gone")
	}
	k, err := s.r.Read(p[:min(int64(len(p)), s.after-s.n)])
	s.n += int64(k)
	return k, err
}

func (s *stallReader) Close() error { return s.r.Close() }

// A sync process SIGKILLed during an upload, either way, with the upload
// cut in the middle of its body or received whole with its answer lost:
// the rerun leaves each file once on each side, and the run after plans
// nothing for them.
func TestSIGKILLDuringUploadThenRerunHasEachFileOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		toJira bool // the upload cut is the one to Jira
		whole  bool // the server received it whole; the answer is lost
	}{
		{"to Jira, cut mid-body", true, false},
		{"to Jira, answer lost", true, true},
		{"to Spira, cut mid-body", false, false},
		{"to Spira, answer lost", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, worldOpts{custom03: "Bidirectional"})
			w.sync()
			inc := w.addIncident("Self-checkout freezes", nil)
			shot := randomBytes(3 << 20)
			w.attachInSpira(3, inc, "freeze.mp4", bytes.NewReader(shot))
			bug, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Gate alarm on returns"})
			require.NoError(t, err)
			dump := randomBytes(3 << 20)
			w.attachInJira(bug, "gate.dump", bytes.NewReader(dump))

			k := newKillPoint()
			var armed atomic.Bool
			armed.Store(true)
			hold := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
				toJira := !strings.Contains(r.URL.Path, "/Services/")
				if !isUpload(r) || toJira != tc.toJira || !armed.CompareAndSwap(true, false) {
					sim.ServeHTTP(rw, r)
					return
				}
				if tc.whole {
					k.answerLost(r, sim)
					return
				}
				r.Body = &stallReader{r: r.Body, after: 1 << 20, reached: k.reach}
				sim.ServeHTTP(rw, r)
			}
			w.intercept.Store(&hold)
			runChildKilled(t, w, k, "the upload")
			w.settle()
			w.intercept.Store(nil)

			plan, rep := w.sync()
			require.Empty(t, rep.Failures)
			if tc.whole {
				// The held file is found, not sent again; the one going the
				// other way may have been received unrecorded too, when the
				// kill came between its answer and its record.
				_, adopts, _ := fileActions(plan)
				held := "gate.dump"
				if tc.toJira {
					held = "freeze.mp4"
				}
				require.True(t, slices.ContainsFunc(adopts, func(a Action) bool {
					return strings.Contains(a.Summary, `"`+held+`"`) && strings.Contains(a.Summary, "sent by an interrupted run")
				}), "the file the server received is found, not sent again: %v", adopts)
			}
			w.requireEachFileOnce(inc, "freeze.mp4", shot, bug, "gate.dump", dump)

			plan, _ = w.sync()
			copies, adopts, _ := fileActions(plan)
			require.Empty(t, copies)
			require.Empty(t, adopts)
		})
	}
}
