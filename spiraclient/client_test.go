package spiraclient_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/httpx"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

var fixedNow = time.Date(2026, 3, 2, 10, 30, 15, 123_000_000, time.UTC)

// recorder keeps the requests the client sent, for asserting method, path,
// query and headers.
type recorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.reqs = append(r.reqs, req.Clone(context.Background()))
		r.mu.Unlock()
		h.ServeHTTP(w, req)
	})
}

func (r *recorder) last() *http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reqs[len(r.reqs)-1]
}

type fixture struct {
	sim *spiratest.Sim
	srv *httptest.Server
	rec *recorder
	c   *spiraclient.Client
}

func fastRetry() spiraclient.Option {
	return spiraclient.WithRetry(&httpx.Retry{Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }})
}

func newFixture(t *testing.T, opts ...spiraclient.Option) *fixture {
	t.Helper()
	sim := spiratest.New(spiratest.WithClock(func() time.Time { return fixedNow }), spiratest.WithStrictFields())
	rec := &recorder{}
	srv := httptest.NewServer(rec.wrap(sim))
	t.Cleanup(srv.Close)
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL+"/Login.aspx", a.Login, a.APIKey, append([]spiraclient.Option{fastRetry()}, opts...)...)
	require.NoError(t, err)
	return &fixture{sim: sim, srv: srv, rec: rec, c: c}
}

func TestNormalizeBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://company.spiraservice.net":                                "https://company.spiraservice.net",
		"https://company.spiraservice.net/":                               "https://company.spiraservice.net",
		"https://company.spiraservice.net/Login.aspx":                     "https://company.spiraservice.net",
		"https://host/spira/Login.aspx?ReturnUrl=%2f":                     "https://host/spira",
		"https://host/SpiraPlan/Services/v7_0/RestService.svc/":           "https://host/SpiraPlan",
		"http://host:8080/SpiraTeam/":                                     "http://host:8080/SpiraTeam",
		"https://company.spiraservice.net/Services/v6_0/RestService.aspx": "https://company.spiraservice.net",
		"  https://company.spiraservice.net/MyPage.aspx  ":                "https://company.spiraservice.net",
		"https://company.spiraservice.net/1/Incident/List.aspx":           "https://company.spiraservice.net",
		"https://host/SpiraPlan/12/Incident/345.aspx?tab=1":               "https://host/SpiraPlan",
		"https://host/SpiraPlan/12.aspx":                                  "https://host/SpiraPlan",
		"https://host/SpiraPlan/pg/2/Releases/List.aspx":                  "https://host/SpiraPlan",
		"https://host/SpiraPlan/Administration/Default.aspx":              "https://host/SpiraPlan",
		"https://host/SpiraPlan2/Login.aspx":                              "https://host/SpiraPlan2",
	} {
		got, err := spiraclient.NormalizeBaseURL(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "company.spiraservice.net", "ftp://host"} {
		_, err := spiraclient.NormalizeBaseURL(bad)
		require.Error(t, err, bad)
	}
}

func TestNewRefusesAPIKeyWithoutBraces(t *testing.T) {
	_, err := spiraclient.New("https://x.spiraservice.net", "fred", "7A05FD06-83C3-4436-B37F-51BCF0060483")
	require.ErrorIs(t, err, spiraclient.ErrAPIKeyBraces)
	require.Contains(t, err.Error(), "curly braces")
	_, err = spiraclient.New("https://x.spiraservice.net", "fred", "")
	require.Error(t, err)
	_, err = spiraclient.New("https://x.spiraservice.net", "", "{A}")
	require.Error(t, err)
}

func TestAuthModes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mode  spiraclient.AuthMode
		check func(t *testing.T, r *http.Request, key string)
	}{
		{"headers", spiraclient.AuthHeaders, func(t *testing.T, r *http.Request, key string) {
			require.Equal(t, "administrator", r.Header.Get("username"))
			require.Equal(t, key, r.Header.Get("api-key"))
			require.Empty(t, r.URL.Query().Get("api-key"))
		}},
		{"query", spiraclient.AuthQuery, func(t *testing.T, r *http.Request, key string) {
			require.Equal(t, "administrator", r.URL.Query().Get("username"))
			require.Equal(t, key, r.URL.Query().Get("api-key"))
			require.Empty(t, r.Header.Get("api-key"))
		}},
		{"basic", spiraclient.AuthBasic, func(t *testing.T, r *http.Request, key string) {
			u, p, ok := r.BasicAuth()
			require.True(t, ok)
			require.Equal(t, "administrator", u)
			require.Equal(t, key, p)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, spiraclient.WithAuthMode(tc.mode))
			require.Equal(t, f.srv.URL, f.c.BaseURL(), "the /Login.aspx the user copied is stripped")
			require.Equal(t, "administrator", f.c.Login())
			u, err := f.c.CurrentUser(context.Background())
			require.NoError(t, err)
			require.Equal(t, 1, u.UserID)
			require.Equal(t, "administrator", u.UserName)
			r := f.rec.last()
			require.Equal(t, "GET", r.Method)
			require.Equal(t, "/Services/v7_0/RestService.svc/users", r.URL.Path)
			require.Equal(t, "application/json", r.Header.Get("Accept"))
			tc.check(t, r, f.sim.Admin().APIKey)

			// The same mode with a wrong key is refused with the RSS hint.
			bad, err := spiraclient.New(f.srv.URL, "administrator", "{00000000-0000-0000-0000-000000000000}", spiraclient.WithAuthMode(tc.mode), fastRetry())
			require.NoError(t, err)
			_, err = bad.CurrentUser(context.Background())
			require.ErrorIs(t, err, spiraclient.ErrUnauthorized)
			require.Contains(t, err.Error(), "RSS")
			require.NotContains(t, err.Error(), "{00000000-0000-0000-0000-000000000000}")
		})
	}
}

func TestKeyWithoutBracesIsRefusedByTheServerToo(t *testing.T) {
	f := newFixture(t)
	key := strings.Trim(f.sim.Admin().APIKey, "{}")
	req, _ := http.NewRequest("GET", f.srv.URL+"/Services/v7_0/RestService.svc/users", nil)
	req.Header.Set("username", "administrator")
	req.Header.Set("api-key", key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 401, resp.StatusCode)
}

func TestNotFound(t *testing.T) {
	f := newFixture(t)
	_, err := f.c.Incident(context.Background(), 1, 9999)
	require.ErrorIs(t, err, spiraclient.ErrNotFound)
	var ae *spiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 404, ae.StatusCode)
	require.Contains(t, err.Error(), "9999")
}

func TestConflictThenRereadAndRetry(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	first, err := f.c.Incident(ctx, 1, 3)
	require.NoError(t, err)
	stale := *first

	// Someone else saves first.
	first.Name = "Overdue notice sent twice (edited elsewhere)"
	require.NoError(t, f.c.UpdateIncident(ctx, 1, *first))
	r := f.rec.last()
	require.Equal(t, "PUT", r.Method)
	require.Equal(t, "/Services/v7_0/RestService.svc/projects/1/incidents/3", r.URL.Path)

	stale.PriorityID = 1
	err = f.c.UpdateIncident(ctx, 1, stale)
	require.ErrorIs(t, err, spiraclient.ErrConflict)
	require.Contains(t, err.Error(), "read it again")

	fresh, err := f.c.Incident(ctx, 1, 3)
	require.NoError(t, err)
	require.True(t, fresh.ConcurrencyDate.After(stale.ConcurrencyDate.Time))
	fresh.PriorityID = 1
	require.NoError(t, f.c.UpdateIncident(ctx, 1, *fresh))
	got, err := f.c.Incident(ctx, 1, 3)
	require.NoError(t, err)
	require.Equal(t, 1, got.PriorityID)
	require.Equal(t, "Overdue notice sent twice (edited elsewhere)", got.Name)
}

func TestValidationFault(t *testing.T) {
	f := newFixture(t)
	_, err := f.c.CreateIncident(context.Background(), 1, spiraclient.RemoteIncident{IncidentTypeID: 99, OwnerID: 555})
	require.ErrorIs(t, err, spiraclient.ErrValidation)
	var ae *spiraclient.APIError
	require.ErrorAs(t, err, &ae)
	fields := map[string]bool{}
	for _, fe := range ae.FieldErrors {
		fields[fe.Field] = true
		require.NotEmpty(t, fe.Message)
	}
	require.Equal(t, map[string]bool{"Name": true, "IncidentTypeId": true, "OwnerId": true}, fields)
	require.Contains(t, err.Error(), "Name:")
}

func TestRetriesTooManyRequestsThenSucceeds(t *testing.T) {
	f := newFixture(t)
	f.sim.FailNext("GET users", 429, 429)
	u, err := f.c.CurrentUser(context.Background())
	require.NoError(t, err)
	require.Equal(t, "administrator", u.UserName)
	require.Equal(t, 3, f.sim.Requests()["GET /Services/v7_0/RestService.svc/users"])
}

func TestRetriesServerErrorsThenSucceeds(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.sim.FailNext("GET projects", 503, 500, 502)
	ps, err := f.c.Projects(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, ps)
	require.Equal(t, 4, f.sim.Requests()["GET /Services/v7_0/RestService.svc/projects"])

	// A write is retried on 503 (not acted on) with its body replayed...
	f.sim.FailNext("POST projects/{project_id}/incidents", 503)
	inc, err := f.c.CreateIncident(ctx, 1, spiraclient.RemoteIncident{Name: "Created after a 503"})
	require.NoError(t, err)
	require.Equal(t, "Created after a 503", inc.Name)
	// ...but not on 500, where it may have been applied.
	f.sim.FailNext("POST projects/{project_id}/incidents", 500)
	before := f.sim.IncidentCount(1)
	_, err = f.c.CreateIncident(ctx, 1, spiraclient.RemoteIncident{Name: "Not retried"})
	var ae *spiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 500, ae.StatusCode)
	require.Equal(t, before, f.sim.IncidentCount(1))
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	f := newFixture(t)
	f.sim.FailNext("GET projects", 503, 503, 503, 503, 503, 503)
	_, err := f.c.Projects(context.Background())
	var ae *spiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 503, ae.StatusCode)
	require.Equal(t, 5, f.sim.Requests()["GET /Services/v7_0/RestService.svc/projects"])
}

func TestHTMLPageInsteadOfJSON(t *testing.T) {
	f := newFixture(t)
	f.sim.FailNext("GET projects", spiratest.StatusHTML)
	_, err := f.c.Projects(context.Background())
	require.ErrorIs(t, err, spiraclient.ErrNotJSON)
	require.Contains(t, err.Error(), "text/html")
	require.Contains(t, err.Error(), "Login.aspx")
}

// A write answered with a login page (a proxy or single sign-on in front of
// Spira) did not happen: PUT returns no body on success, so the page must
// not pass for one.
func TestHTMLPageAnsweringAWriteIsAnError(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	inc, err := f.c.Incident(ctx, spiratest.ProductID, 1)
	require.NoError(t, err)
	inc.Name = "renamed behind a login page"
	f.sim.FailNext("PUT projects/{project_id}/incidents/{incident_id}", spiratest.StatusHTML)
	err = f.c.UpdateIncident(ctx, spiratest.ProductID, *inc)
	require.ErrorIs(t, err, spiraclient.ErrNotJSON)
	require.Contains(t, err.Error(), "Login.aspx")
	again, err := f.c.Incident(ctx, spiratest.ProductID, 1)
	require.NoError(t, err)
	require.NotEqual(t, inc.Name, again.Name)
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	sim := spiratest.New()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey, spiraclient.WithRetry(&httpx.Retry{BaseDelay: time.Hour, MaxDelay: time.Hour}))
	require.NoError(t, err)
	sim.FailNext("GET projects", 503, 503)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for sim.Requests()["GET /Services/v7_0/RestService.svc/projects"] == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err = c.Projects(ctx)
	require.ErrorIs(t, err, context.Canceled)
}

func TestSecretsStayOutOfErrors(t *testing.T) {
	sim := spiratest.New()
	a := sim.Admin()
	// A server that is not there: the transport error must not carry the
	// api-key of a query-authenticated URL.
	c, err := spiraclient.New("http://127.0.0.1:1", a.Login, a.APIKey, spiraclient.WithAuthMode(spiraclient.AuthQuery), fastRetry())
	require.NoError(t, err)
	_, err = c.Projects(context.Background())
	require.Error(t, err)
	require.NotContains(t, err.Error(), strings.Trim(a.APIKey, "{}"))
	require.NotContains(t, err.Error(), "%7B")
}

func TestDebugLogRedacts(t *testing.T) {
	var b strings.Builder
	var mu sync.Mutex
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return b.Write(p) })
	f := newFixture(t, spiraclient.WithDebug(w))
	_, err := f.c.Projects(context.Background())
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	require.Contains(t, b.String(), "GET ")
	require.Contains(t, b.String(), "REDACTED")
	require.NotContains(t, b.String(), strings.Trim(f.sim.Admin().APIKey, "{}"))
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestErrorKinds(t *testing.T) {
	require.False(t, errors.Is(&spiraclient.APIError{StatusCode: 500}, spiraclient.ErrNotFound))
	require.True(t, errors.Is(&spiraclient.APIError{StatusCode: 401}, spiraclient.ErrUnauthorized))
}

func TestReadsSurviveInjectedFaults(t *testing.T) {
	ctx := context.Background()
	sim := spiratest.New(spiratest.WithFaults(0.25), spiratest.WithSeed(3))
	srv := httptest.NewServer(sim)
	defer srv.Close()
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey, spiraclient.WithRetry(&httpx.Retry{MaxRetries: 8,
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }}))
	require.NoError(t, err)
	for i := 0; i < 30; i++ {
		_, err := c.Incident(ctx, 1, 1+i%8)
		require.NoError(t, err, "read %d", i)
	}
	total := 0
	for _, n := range sim.Requests() {
		total += n
	}
	require.Greater(t, total, 30, "some reads needed a retry")
}

func TestCredentialsNeverFollowARedirectToAnotherHost(t *testing.T) {
	var leaked sync.Map
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, k := range []string{"api-key", "username", "Authorization"} {
			if v := r.Header.Get(k); v != "" {
				leaked.Store(k, v)
			}
		}
		_, _ = w.Write([]byte("[]"))
	}))
	defer other.Close()
	sim := spiratest.New()
	a := sim.Admin()
	for _, mode := range []spiraclient.AuthMode{spiraclient.AuthHeaders, spiraclient.AuthBasic} {
		var sawKey bool
		site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sawKey = r.Header.Get("api-key") != "" || r.Header.Get("Authorization") != ""
			http.Redirect(w, r, other.URL+"/projects", http.StatusFound)
		}))
		c, err := spiraclient.New(site.URL, a.Login, a.APIKey, spiraclient.WithAuthMode(mode), fastRetry())
		require.NoError(t, err)
		_, err = c.Projects(t.Context())
		site.Close()
		require.NoError(t, err)
		require.True(t, sawKey, "mode %d: Spira itself gets the credentials", mode)
	}
	leaked.Range(func(k, v any) bool {
		t.Errorf("header %s went to the other host", k)
		return true
	})
}
