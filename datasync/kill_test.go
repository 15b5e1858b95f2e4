package datasync

import (
	"errors"
	"fmt"
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

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// TestMain runs a whole sync instead of the tests when started as the
// child of TestSIGKILLedSyncRerunEqualsUninterrupted, on the simulators the
// parent serves.
func TestMain(m *testing.M) {
	if os.Getenv("SPIRAJIRA_SYNC_CHILD") == "1" {
		if err := childSync(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func childSync() error {
	env := func(k string) string { return os.Getenv("SPIRAJIRA_CHILD_" + k) }
	sc, err := spiraclient.New(env("SPIRA_URL"), env("SPIRA_LOGIN"), env("SPIRA_KEY"))
	if err != nil {
		return err
	}
	jc, err := jiraclient.New(env("JIRA_URL"), env("JIRA_EMAIL"), env("JIRA_TOKEN"))
	if err != nil {
		return err
	}
	p, _, err := mapping.Pull(ctx, mapping.NewSpira(sc), spiratest.DataSyncID, spiratest.ProductID)
	if err != nil {
		return err
	}
	e, err := New(Config{Spira: sc, Jira: jc, Mapping: p, StateDir: env("STATE"), Concurrency: 4})
	if err != nil {
		return err
	}
	if _, err := e.Load(ctx); err != nil {
		return err
	}
	_, err = e.Apply(ctx, Plan(e.snap), nil)
	return err
}

// writesSeen counts the write requests both simulators received.
func (w *world) writesSeen() int {
	n := 0
	for _, m := range []map[string]int{w.jira.Requests(), w.spira.Requests()} {
		for k, v := range m {
			if !strings.HasPrefix(k, "GET ") && !strings.Contains(k, "/search") {
				n += v
			}
		}
	}
	return n
}

// TestSIGKILLedSyncRerunEqualsUninterrupted kills a real sync process with
// SIGKILL in the middle of its writes, then runs again: both sides end
// equal to an uninterrupted run.
func TestSIGKILLedSyncRerunEqualsUninterrupted(t *testing.T) {
	t.Parallel()
	const items = 50
	ref := newWorld(t, worldOpts{})
	ref.seedItems(items)
	ref.sync()
	ref.sync()
	want := ref.picture()

	w := newWorld(t, worldOpts{jira: []jiratest.Option{jiratest.WithLatency(3 * time.Millisecond)},
		spira: []spiratest.Option{spiratest.WithLatency(3 * time.Millisecond)}})
	w.seedItems(items)
	before := w.writesSeen()

	// From the child's 150th write on, each write is applied and its
	// answer held until the child is gone: the kill so always lands in the
	// middle of the writes, with writes done whose answers never arrived,
	// however fast the child runs and however late this process looks.
	const killAt = 150
	var writes atomic.Int64
	reached := make(chan struct{})
	var once sync.Once
	hold := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
		if r.Method == http.MethodGet || strings.Contains(r.URL.Path, "/search") || writes.Add(1) < killAt {
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
		t.Fatalf("the child ended before its %dth write: %v", killAt, err)
	case <-time.After(2 * time.Minute): // a failsafe: the child is only slow
		t.Fatalf("the child made fewer than %d writes", killAt)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err := <-waited
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the child ended by itself: %v", err)
	require.Equal(t, "signal: killed", exit.Error())
	t.Logf("killed after %d writes", w.writesSeen()-before)
	w.intercept.Store(nil)

	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	w.sync()
	requireSamePicture(t, want, w.picture())
}
