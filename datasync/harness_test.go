package datasync

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// world is both simulators, linked as the guide configures them, with
// clients on them.
type world struct {
	t        testing.TB
	jira     *jiratest.Sim
	spira    *spiratest.Sim
	jiraURL  string
	spiraURL string
	sc       *spiraclient.Client
	jc       *jiraclient.Client
	stateDir string
	// writes counts write requests to both; crashAt > 0 stops every
	// request after that many writes, as a killed process would.
	writes  atomic.Int64
	crashAt atomic.Int64
	dead    atomic.Bool
	// stop cancels the running sync when the fault fires: a killed
	// process does not retry.
	stop atomic.Pointer[context.CancelFunc]
	// mapping is pulled once per world unless pullAlways (tests that
	// change the plug-in record between runs).
	mapping    *mapping.Product
	pullAlways bool
	// concurrency is the engine's; 0 means 4.
	concurrency int
	// linkSameNames accepts the plan's same-name proposals; on by
	// default, since both seeds hold the same items unmapped (IN:6 and
	// LIB-10, RQ:1 and LIB-3, ...), which the tests of other features
	// expect synced rather than proposed run after run.
	linkSameNames bool
	// seen429 and seen5xx count answers per side: [0] Jira, [1] Spira.
	seen429, seen5xx [2]atomic.Int64
	// intercept, when set, serves every request to either simulator in
	// its place and passes it on itself (the kill test holds answers back).
	intercept atomic.Pointer[func(rw http.ResponseWriter, r *http.Request, sim http.Handler)]
	// serving counts the requests the simulators are answering: one a
	// stopped run sent may still land after the run is gone (settle).
	serving atomic.Int64
}

type worldOpts struct {
	jira  []jiratest.Option
	spira []spiratest.Option
	// custom03 sets the sync direction.
	custom03 string
}

func newWorld(t testing.TB, o worldOpts) *world {
	t.Helper()
	w := &world{t: t, jira: jiratest.New(o.jira...), spira: spiratest.New(o.spira...), stateDir: t.TempDir(), linkSameNames: true}
	front := func(sim http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			w.serving.Add(1)
			defer w.serving.Add(-1)
			if f := w.intercept.Load(); f != nil {
				(*f)(rw, r, sim)
				return
			}
			sim.ServeHTTP(rw, r)
		})
	}
	js := httptest.NewServer(front(w.jira))
	ss := httptest.NewServer(front(w.spira))
	t.Cleanup(js.Close)
	t.Cleanup(ss.Close)
	w.jiraURL, w.spiraURL = js.URL, ss.URL
	p, _ := w.spira.PlugIn(spiratest.DataSyncID)
	p.ConnectionString = js.URL
	p.Login, p.Password = w.jira.Admin().Email, w.jira.Admin().Token
	p.IsActive = true
	p.Custom[2] = o.custom03
	w.spira.SetPlugIn(p)
	w.spira.SetWebServerURL(ss.URL)
	hc := &http.Client{Transport: &crashTransport{w: w, rt: http.DefaultTransport}}
	var err error
	adm := w.spira.Admin()
	w.sc, err = spiraclient.New(ss.URL, adm.Login, adm.APIKey, spiraclient.WithHTTPClient(hc))
	require.NoError(t, err)
	ja := w.jira.Admin()
	w.jc, err = jiraclient.New(js.URL, ja.Email, ja.Token, jiraclient.WithHTTPClient(hc))
	require.NoError(t, err)
	return w
}

// crashTransport counts writes and, past crashAt, fails every request.
type crashTransport struct {
	w  *world
	rt http.RoundTripper
}

func (c *crashTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if c.w.dead.Load() {
		return nil, errCrashed
	}
	resp, err := c.rt.RoundTrip(r)
	write := r.Method != http.MethodGet && !strings.Contains(r.URL.Path, "/search")
	if write {
		n := c.w.writes.Add(1)
		if at := c.w.crashAt.Load(); at > 0 && n >= at {
			// The server did it; the process never learns.
			c.w.dead.Store(true)
			if f := c.w.stop.Load(); f != nil {
				(*f)()
			}
			if resp != nil {
				resp.Body.Close()
			}
			return nil, errCrashed
		}
	}
	if resp != nil {
		side := 0
		if strings.Contains(r.URL.Path, "/Services/") {
			side = 1
		}
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			c.w.seen429[side].Add(1)
		case resp.StatusCode >= 500:
			c.w.seen5xx[side].Add(1)
		}
	}
	return resp, err
}

// engine builds an engine on the current mapping in Spira.
func (w *world) engine(force bool) *Engine {
	w.t.Helper()
	ctx := context.Background()
	if w.mapping == nil || w.pullAlways {
		p, _, err := mapping.Pull(ctx, mapping.NewSpira(w.sc), spiratest.DataSyncID, spiratest.ProductID)
		require.NoError(w.t, err)
		w.mapping = p
	}
	e, err := New(w.config(force))
	require.NoError(w.t, err)
	e.dead = w.dead.Load
	return e
}

// config is the engine's configuration on the world (engine pulls the
// mapping first).
func (w *world) config(force bool) Config {
	return Config{Spira: w.sc, Jira: w.jc, Mapping: w.mapping.Clone(), PluginID: spiratest.DataSyncID, ProductID: spiratest.ProductID,
		StateDir: w.stateDir, Force: force, Concurrency: cmp.Or(w.concurrency, 4), LeaseSettle: time.Millisecond,
		LinkSameNames: w.linkSameNames}
}

// sync runs a whole sync and returns the plan and the report.
func (w *world) sync() ([]Action, *Report) {
	w.t.Helper()
	e := w.engine(false)
	ctx := context.Background()
	_, err := e.Load(ctx)
	require.NoError(w.t, err)
	plan := e.snap.Plan()
	rep, err := e.Apply(ctx, plan, nil)
	require.NoError(w.t, err)
	return plan.Actions, rep
}

// instance is what the world's state files of product are keyed by.
func (w *world) instance(product int) Instance {
	return Instance{SpiraURL: canonicalURL(w.sc.BaseURL()), JiraSite: canonicalURL(w.jc.SiteURL()), PluginID: spiratest.DataSyncID, ProductID: product}
}

// settle waits until the simulators have answered every request a stopped
// run sent: a process killed with a request in flight leaves it to the
// server, which answers it long before anyone runs again.
func (w *world) settle() {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for w.serving.Load() > 0 {
		require.True(w.t, time.Now().Before(deadline), "the simulators are still answering the stopped run's requests")
		time.Sleep(5 * time.Millisecond)
	}
}
