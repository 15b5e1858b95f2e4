package httpx

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// echo answers 200 with body and records the headers it was sent.
type echo struct {
	mu   sync.Mutex
	seen []http.Header
	body string
}

func (e *echo) RoundTrip(r *http.Request) (*http.Response, error) {
	e.mu.Lock()
	e.seen = append(e.seen, r.Header.Clone())
	e.mu.Unlock()
	h := http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"session=s3cr3t"}}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: h, Body: io.NopCloser(strings.NewReader(e.body)), Request: r}, nil
}

func TestUserAgent(t *testing.T) {
	e := &echo{}
	req := httptest.NewRequest(http.MethodGet, "https://h.example/x", nil)
	resp, err := UserAgent(e, "spirajira/1").RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, "spirajira/1", e.seen[0].Get("User-Agent"))
	require.Empty(t, req.Header.Get("User-Agent"), "the caller's request is not changed")
}

func TestAuthOnlyForItsHost(t *testing.T) {
	e := &echo{}
	rt := Auth(e, "site.example:8443", func(h http.Header) {
		h.Set("Authorization", "Basic c2VjcmV0")
		h.Set("api-key", "{KEY}")
	})
	for _, u := range []string{"https://site.example:8443/x", "https://SITE.example:8443/y"} {
		resp, err := rt.RoundTrip(httptest.NewRequest(http.MethodGet, u, nil))
		require.NoError(t, err)
		resp.Body.Close()
	}
	// A redirect elsewhere arrives with the headers the client copied over.
	req := httptest.NewRequest(http.MethodGet, "https://other.example/login", nil)
	req.Header.Set("Authorization", "Basic c2VjcmV0")
	req.Header.Set("Api-Key", "{KEY}")
	req.Header.Set("Accept", "application/json")
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()

	require.Len(t, e.seen, 3)
	for _, h := range e.seen[:2] {
		require.Equal(t, "Basic c2VjcmV0", h.Get("Authorization"))
		require.Equal(t, "{KEY}", h.Get("api-key"))
	}
	require.Empty(t, e.seen[2].Get("Authorization"))
	require.Empty(t, e.seen[2].Get("api-key"))
	require.Equal(t, "application/json", e.seen[2].Get("Accept"), "other headers stay")
}

func TestRedactURL(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "https://user:pw@h.example/x?username=a&api-key=%7BSECRET%7D&Token=t0k", nil)
	s := RedactURL(req.URL)
	require.NotContains(t, s, "SECRET")
	require.NotContains(t, s, "t0k")
	require.NotContains(t, s, "pw")
	require.Contains(t, s, "username=a")
	require.Equal(t, "", RedactURL(nil))
}

func TestDebugLogMasksSecrets(t *testing.T) {
	var b strings.Builder
	e := &echo{body: `{"echo":"tok-123"}`}
	d := &DebugLog{Base: e, Out: &b, Secrets: []string{"tok-123", ""}}
	req, err := http.NewRequest(http.MethodPost, "https://h.example/x?api-key=%7BK%7D&page=2", strings.NewReader(`{"password":"tok-123"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Basic dG9rLTEyMw==")
	req.Header.Set("api-key", "{K}")
	req.Header.Set("Cookie", "a=b")
	req.Header.Set("username", "fred")
	resp, err := d.RoundTrip(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, `{"echo":"tok-123"}`, string(body), "the caller gets the body unchanged")

	log := b.String()
	require.Contains(t, log, "> POST https://h.example/x?api-key=REDACTED&page=2\n")
	require.Contains(t, log, "> Authorization: Basic [REDACTED]\n")
	require.Contains(t, log, "> Api-Key: [REDACTED]\n")
	require.Contains(t, log, "> Cookie: [REDACTED]\n")
	require.Contains(t, log, "> Username: fred\n")
	require.Contains(t, log, "< 200 OK (")
	require.Contains(t, log, "< Set-Cookie: [REDACTED]\n")
	require.NotContains(t, log, "dG9rLTEyMw")
	require.NotContains(t, log, "{K}")
	require.NotContains(t, log, "password", "bodies are left out unless asked for")
	require.NotContains(t, log, "echo")
}

func TestDebugLogBodies(t *testing.T) {
	var b strings.Builder
	long := `{"v":"` + strings.Repeat("x", 3*DebugBodyMax) + `"}`
	e := &echo{body: long}
	d := &DebugLog{Base: e, Out: &b, Bodies: true, Secrets: []string{"tok-123"}}
	req, err := http.NewRequest(http.MethodPost, "https://h.example/x", strings.NewReader("{\"a\":1,\n\"t\":\"tok-123\"}"))
	require.NoError(t, err)
	resp, err := d.RoundTrip(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, long, string(body), "a body longer than the log shows reaches the caller whole")

	log := b.String()
	require.Contains(t, log, "> {\"a\":1,\n> \"t\":\"[REDACTED]\"}\n", "the request body, each line prefixed, secrets masked")
	require.Contains(t, log, `< {"v":"xxx`)
	require.Contains(t, log, "x ...\n", "the response body is cut")
	require.Less(t, len(log), 2*DebugBodyMax)
}

func TestDebugLogWritesOneBlockPerExchange(t *testing.T) {
	var mu sync.Mutex
	var writes []string
	out := writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		writes = append(writes, string(p))
		return len(p), nil
	})
	d := &DebugLog{Base: &echo{}, Out: out}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			resp, err := d.RoundTrip(httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	require.Len(t, writes, 8)
	for _, w := range writes {
		require.True(t, strings.HasPrefix(w, "> GET "), w)
		require.Equal(t, 1, strings.Count(w, "> GET "), w)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
