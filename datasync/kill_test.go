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

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
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
	_, err = e.Apply(ctx, e.snap.Plan(), nil)
	return err
}

// slowWorld is a world whose simulators answer 3 ms late, so that a child
// sync is still writing when it is killed.
func slowWorld(t *testing.T) *world {
	return newWorld(t, worldOpts{jira: []jiratest.Option{jiratest.WithLatency(3 * time.Millisecond)},
		spira: []spiratest.Option{spiratest.WithLatency(3 * time.Millisecond)}})
}

// killPoint is where a test kills its child sync; reached closes the first
// time the child gets there.
type killPoint struct {
	once    sync.Once
	reached chan struct{}
}

func newKillPoint() *killPoint { return &killPoint{reached: make(chan struct{})} }

func (k *killPoint) reach() { k.once.Do(func() { close(k.reached) }) }

// answerLost applies r, reaches the point and holds the answer until the
// child is gone: the write is done and its answer never arrives.
func (k *killPoint) answerLost(r *http.Request, sim http.Handler) {
	sim.ServeHTTP(httptest.NewRecorder(), r)
	k.reach()
	<-r.Context().Done()
}

// runChildKilled runs a sync in a child process on w's simulators and
// SIGKILLs it once it reaches k; what names that point for the failures.
func runChildKilled(t *testing.T, w *world, k *killPoint, what string) {
	t.Helper()
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
	case <-k.reached:
	case err := <-waited:
		t.Fatalf("the child ended before %s: %v", what, err)
	case <-time.After(2 * time.Minute): // a failsafe: the child is only slow
		t.Fatalf("the child never reached %s", what)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err := <-waited
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the child ended by itself: %v", err)
	require.Equal(t, "signal: killed", exit.Error())
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
	want, _ := uninterrupted(t, func(w *world) { w.seedItems(items) })

	w := slowWorld(t)
	w.seedItems(items)
	before := w.writesSeen()

	// From the child's 150th write on, each write is applied and its
	// answer held until the child is gone: the kill so always lands in the
	// middle of the writes, with writes done whose answers never arrived,
	// however fast the child runs and however late this process looks.
	const killAt = 150
	var writes atomic.Int64
	k := newKillPoint()
	hold := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
		if r.Method == http.MethodGet || strings.Contains(r.URL.Path, "/search") || writes.Add(1) < killAt {
			sim.ServeHTTP(rw, r)
			return
		}
		k.answerLost(r, sim)
	}
	w.intercept.Store(&hold)
	runChildKilled(t, w, k, fmt.Sprintf("its %dth write", killAt))
	t.Logf("killed after %d writes", w.writesSeen()-before)
	w.intercept.Store(nil)

	w.requireRerunRecovers(t, want)
}
