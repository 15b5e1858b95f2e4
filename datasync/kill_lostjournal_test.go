package datasync

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
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

// TestSIGKILLAtASpiraCreateThenLostJournal kills a real sync process with
// SIGKILL while Spira creates items from Jira issues (from its 4th create
// on, every write is applied and its answer held), deletes its journal,
// and runs again: through both APIs, nothing exists twice and both sides
// equal an uninterrupted run.
func TestSIGKILLAtASpiraCreateThenLostJournal(t *testing.T) {
	t.Parallel()
	const n = 20
	ref := newWorld(t, worldOpts{})
	ref.seedBatch("new", n)
	ref.sync()
	ref.sync()
	want, wantNames := ref.picture(), ref.names()

	w := newWorld(t, worldOpts{jira: []jiratest.Option{jiratest.WithLatency(3 * time.Millisecond)},
		spira: []spiratest.Option{spiratest.WithLatency(3 * time.Millisecond)}})
	w.seedBatch("new", n)
	const killAt = 4
	var creates atomic.Int64
	var holding atomic.Bool
	reached := make(chan struct{})
	var once sync.Once
	hold := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
		write := r.Method != http.MethodGet && !strings.Contains(r.URL.Path, "/search")
		if write && spiraCreate.MatchString(r.URL.Path) && creates.Add(1) >= killAt {
			holding.Store(true)
		}
		if !write || !holding.Load() {
			sim.ServeHTTP(rw, r)
			return
		}
		sim.ServeHTTP(httptest.NewRecorder(), r)
		once.Do(func() { close(reached) })
		<-r.Context().Done()
	}
	w.intercept.Store(&hold)
	cmd := exec.Command(os.Args[0])
	ja, sa := w.jira.Admin(), w.spira.Admin()
	cmd.Env = append(os.Environ(), "SPIRAJIRA_SYNC_CHILD=1",
		"SPIRAJIRA_CHILD_SPIRA_URL="+w.spiraURL, "SPIRAJIRA_CHILD_SPIRA_LOGIN="+sa.Login, "SPIRAJIRA_CHILD_SPIRA_KEY="+sa.APIKey,
		"SPIRAJIRA_CHILD_JIRA_URL="+w.jiraURL, "SPIRAJIRA_CHILD_JIRA_EMAIL="+ja.Email, "SPIRAJIRA_CHILD_JIRA_TOKEN="+ja.Token,
		"SPIRAJIRA_CHILD_STATE="+w.stateDir)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() }) // before the servers close: they wait for it
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case <-reached:
	case err := <-waited:
		t.Fatalf("the child ended before its Spira create %d: %v", killAt, err)
	case <-time.After(2 * time.Minute): // a failsafe: the child is only slow
		t.Fatalf("the child made fewer than %d Spira creates", killAt)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err := <-waited
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the child ended by itself: %v", err)
	require.Equal(t, "signal: killed", exit.Error())
	w.intercept.Store(nil)
	t.Logf("killed after %d Spira creates", creates.Load())

	w.deleteJournal()
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	w.sync()
	requireNoDuplicates(t, wantNames, w.names())
	requireSamePicture(t, want, w.picture())
}
