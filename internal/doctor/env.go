package doctor

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/spirajira/spirajira/internal/httpx"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

// env holds the clients and the answers several checks share; each answer
// is fetched once, bounded by the check timeout, whichever check asks first.
type env struct {
	in     Inputs
	hc     *http.Client
	jira   *jiraclient.Client
	jiraNo error // why there is no Jira client
	spira  *spiraclient.Client
	spNo   error // why there is no Spira client

	serverInfo func() (timed[*jiraclient.ServerInfo], error)
	myself     func() (*jiraclient.User, error)
	spiraUser  func() (*spiraclient.RemoteUser, error)
	spiraTime  func() (timed[time.Time], error)
	plugins    func() ([]spiraclient.RemoteDataSyncSystem, error)
	mappings   func() ([]spiraclient.RemoteDataMapping, error)
	events     func() ([]spiraclient.RemoteEventLogEntry, error)
	tokenIssue func() tokenIssue
}

// timed is an answer with the round trip it took, for the clock comparison.
type timed[T any] struct {
	v   T
	at  time.Time // local time halfway through the request
	rtt time.Duration
}

func newEnv(ctx context.Context, in Inputs) *env {
	e := &env{in: in, hc: in.HTTPClient}
	if e.hc == nil {
		e.hc = &http.Client{}
	}
	jo := []jiraclient.Option{jiraclient.WithHTTPClient(e.hc), jiraclient.WithTimeout(in.Timeout),
		jiraclient.WithRetry(1, 100*time.Millisecond, time.Second)}
	so := []spiraclient.Option{spiraclient.WithHTTPClient(e.hc), spiraclient.WithTimeout(in.Timeout),
		spiraclient.WithRetry(&httpx.Retry{MaxRetries: 1, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second})}
	if in.UserAgent != "" {
		jo = append(jo, jiraclient.WithUserAgent(in.UserAgent))
		so = append(so, spiraclient.WithUserAgent(in.UserAgent))
	}
	if in.Debug != nil {
		// Both clients log at once from concurrent checks.
		in.Debug = &lockedWriter{w: in.Debug}
		e.in.Debug = in.Debug
		jo = append(jo, jiraclient.WithDebug(in.Debug))
		so = append(so, spiraclient.WithDebug(in.Debug))
	}
	e.jira, e.jiraNo = jiraclient.New(in.Jira.URL, in.Jira.Email, in.Jira.Token, jo...)
	e.spira, e.spNo = spiraclient.New(in.Spira.URL, in.Spira.Login, in.Spira.APIKey, so...)

	bounded := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, in.Timeout) }
	e.serverInfo = sync.OnceValues(func() (timed[*jiraclient.ServerInfo], error) {
		c, cancel := bounded()
		defer cancel()
		start := time.Now()
		si, err := e.jira.ServerInfo(c)
		rtt := time.Since(start)
		return timed[*jiraclient.ServerInfo]{si, start.Add(rtt / 2), rtt}, err
	})
	e.myself = sync.OnceValues(func() (*jiraclient.User, error) {
		c, cancel := bounded()
		defer cancel()
		return e.jira.Myself(c)
	})
	e.spiraUser = sync.OnceValues(func() (*spiraclient.RemoteUser, error) {
		c, cancel := bounded()
		defer cancel()
		return e.spira.CurrentUser(c)
	})
	e.spiraTime = sync.OnceValues(func() (timed[time.Time], error) {
		c, cancel := bounded()
		defer cancel()
		start := time.Now()
		t, err := e.spira.ServerDateTime(c)
		rtt := time.Since(start)
		return timed[time.Time]{t, start.Add(rtt / 2), rtt}, err
	})
	e.plugins = sync.OnceValues(func() ([]spiraclient.RemoteDataSyncSystem, error) {
		c, cancel := bounded()
		defer cancel()
		return e.spira.DataSyncs(c)
	})
	e.mappings = sync.OnceValues(func() ([]spiraclient.RemoteDataMapping, error) {
		p, err := e.plugin()
		if err != nil || p == nil {
			return nil, err
		}
		c, cancel := bounded()
		defer cancel()
		return e.spira.ProjectMappings(c, p.DataSyncSystemID)
	})
	e.events = sync.OnceValues(func() ([]spiraclient.RemoteEventLogEntry, error) {
		c, cancel := bounded()
		defer cancel()
		return e.spira.Events(c, 1, 200)
	})
	e.tokenIssue = sync.OnceValue(func() tokenIssue {
		c, cancel := bounded()
		defer cancel()
		return e.diagnoseToken(c)
	})
	return e
}

// pluginName is the plug-in record's name to look for.
func (e *env) pluginName() string {
	if e.in.Spira.DataSync != "" {
		return e.in.Spira.DataSync
	}
	return PluginName
}

// plugin returns the active plug-in record with the configured name, nil
// when there is none.
func (e *env) plugin() (*spiraclient.RemoteDataSyncSystem, error) {
	all, err := e.plugins()
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Name == e.pluginName() {
			return &all[i], nil
		}
	}
	return nil, nil
}

// jiraReady returns a Skip check unless the Jira login works.
func (e *env) jiraReady() (Check, bool) {
	if e.jira == nil {
		return skip("needs the Jira settings (see jira.site)"), false
	}
	if _, err := e.myself(); err != nil {
		return skip("needs a working Jira login (see jira.login)"), false
	}
	return Check{}, true
}

// spiraReady returns a Skip check unless the Spira login works.
func (e *env) spiraReady() (Check, bool) {
	if e.spira == nil {
		return skip("needs valid Spira settings (see spira.url and spira.apikey)"), false
	}
	if _, err := e.spiraUser(); err != nil {
		return skip("needs a working Spira login (see spira.login)"), false
	}
	return Check{}, true
}

// pluginReady returns a Skip check unless the plug-in record was found.
func (e *env) pluginReady() (*spiraclient.RemoteDataSyncSystem, Check, bool) {
	if c, ok := e.spiraReady(); !ok {
		return nil, c, false
	}
	p, err := e.plugin()
	if err != nil || p == nil {
		return nil, skip("needs the %s plug-in record (see spira.plugin)", e.pluginName()), false
	}
	return p, Check{}, true
}

// lockedWriter serialises writes to a writer shared by concurrent requests.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// rawClient carries the requests the doctor makes without a client (the
// CORS preflight): like the clients' own, they name the caller and are
// logged to Debug.
func (e *env) rawClient() *http.Client {
	c := *e.hc
	rt := c.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	if e.in.Debug != nil {
		rt = &httpx.DebugLog{Base: rt, Out: e.in.Debug}
	}
	c.Transport = httpx.UserAgent(rt, orDefault(e.in.UserAgent, jiraclient.DefaultUserAgent))
	return &c
}
