package datasync

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
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

// runChildKilled runs a sync in a child process and SIGKILLs it once
// reached is closed.
func runChildKilled(t *testing.T, w *world, reached <-chan struct{}) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	ja, sa := w.jira.Admin(), w.spira.Admin()
	cmd.Env = append(os.Environ(), "SPIRAJIRA_SYNC_CHILD=1",
		"SPIRAJIRA_CHILD_SPIRA_URL="+w.spiraURL, "SPIRAJIRA_CHILD_SPIRA_LOGIN="+sa.Login, "SPIRAJIRA_CHILD_SPIRA_KEY="+sa.APIKey,
		"SPIRAJIRA_CHILD_JIRA_URL="+w.jiraURL, "SPIRAJIRA_CHILD_JIRA_EMAIL="+ja.Email, "SPIRAJIRA_CHILD_JIRA_TOKEN="+ja.Token,
		"SPIRAJIRA_CHILD_STATE="+w.stateDir)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case <-reached:
	case err := <-waited:
		t.Fatalf("the child ended before the upload: %v", err)
	case <-time.After(2 * time.Minute):
		t.Fatal("the child never uploaded")
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err := <-waited
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the child ended by itself: %v", err)
	require.Equal(t, "signal: killed", exit.Error())
}

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
			_, err := w.spira.AddFileDocument(spiratest.ProductID, 3, inc, "freeze.mp4", bytes.NewReader(shot))
			require.NoError(t, err)
			bug, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Gate alarm on returns"})
			require.NoError(t, err)
			dump := randomBytes(3 << 20)
			_, err = w.jira.AddAttachment(bug, "gate.dump", bytes.NewReader(dump))
			require.NoError(t, err)

			reached := make(chan struct{})
			var once sync.Once
			var armed atomic.Bool
			armed.Store(true)
			hold := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
				toJira := !strings.Contains(r.URL.Path, "/Services/")
				if !isUpload(r) || toJira != tc.toJira || !armed.CompareAndSwap(true, false) {
					sim.ServeHTTP(rw, r)
					return
				}
				if tc.whole {
					sim.ServeHTTP(httptest.NewRecorder(), r)
					once.Do(func() { close(reached) })
					<-r.Context().Done()
					return
				}
				r.Body = &stallReader{r: r.Body, after: 1 << 20, reached: func() { once.Do(func() { close(reached) }) }}
				sim.ServeHTTP(rw, r)
			}
			w.intercept.Store(&hold)
			runChildKilled(t, w, reached)
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
			key := w.keyOf(inc)
			require.NotEmpty(t, key)
			require.Equal(t, []string{"freeze.mp4"}, w.jiraNames(key))
			require.Equal(t, shot, w.jiraFile(key, "freeze.mp4"))
			bugInc := w.incidentOf(bug)
			require.NotNil(t, bugInc)
			require.Equal(t, []string{"gate.dump"}, w.spiraNames(3, bugInc.IncidentID))
			require.Equal(t, dump, w.spiraFile(3, bugInc.IncidentID, "gate.dump"))
			require.Equal(t, []string{"freeze.mp4"}, w.spiraNames(3, inc))
			require.Equal(t, []string{"gate.dump"}, w.jiraNames(bug))

			plan, _ = w.sync()
			copies, adopts, _ := fileActions(plan)
			require.Empty(t, copies)
			require.Empty(t, adopts)
		})
	}
}
