package jiraclient

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/httpx/httpxtest"
)

// These tests use small local handlers to pin the transport's rules down to
// the request (exact counts, bodies, timings); faults_test.go runs the same
// branches against the simulator.

func localClient(t *testing.T, h http.HandlerFunc, opts ...Option) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts = append([]Option{WithRetry(3, time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := New(srv.URL, "a@b.example", "secret-token", opts...)
	require.NoError(t, err)
	return c
}

func TestServerErrorThenSuccessOnRead(t *testing.T) {
	var n atomic.Int32
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"accountId":"x","active":true,"timeZone":"UTC"}`)
	})
	me, err := c.Myself(t.Context())
	require.NoError(t, err)
	require.Equal(t, "x", me.AccountID)
	require.EqualValues(t, 3, n.Load())
}

func TestRetriesGiveUpWithTheLastError(t *testing.T) {
	var n atomic.Int32
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `{"errorMessages":["Internal server error"],"errors":{}}`)
	})
	_, err := c.Myself(t.Context())
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 500, ae.StatusCode)
	require.Equal(t, []string{"Internal server error"}, ae.Messages)
	require.EqualValues(t, 4, n.Load(), "one attempt and three retries")
}

func TestWritesRetryOnlyOn429And503WithTheSameBody(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	status := []int{http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusInternalServerError}
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		i := len(bodies)
		bodies = append(bodies, string(b))
		mu.Unlock()
		if i < len(status) {
			if status[i] != http.StatusInternalServerError {
				w.Header().Set("Retry-After", "0")
			}
			w.WriteHeader(status[i])
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":"1","key":"LIB-1"}`)
	})
	_, err := c.CreateIssue(t.Context(), IssueUpdate{Fields: map[string]any{"summary": "s"}})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 500, ae.StatusCode, "a 500 on a create is not retried: it may have been applied")
	require.Len(t, bodies, 3)
	for _, b := range bodies {
		require.JSONEq(t, `{"fields":{"summary":"s"}}`, b, "the body is replayed on each attempt")
	}
}

func TestConnectionResetRetriedForReadsOnly(t *testing.T) {
	var n atomic.Int32
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		_, _ = io.WriteString(w, `{"baseUrl":"x","deploymentType":"Cloud"}`)
	})
	si, err := c.ServerInfo(t.Context())
	require.NoError(t, err)
	require.Equal(t, "Cloud", si.DeploymentType)
	require.EqualValues(t, 2, n.Load())

	n.Store(0)
	err = c.DoTransition(t.Context(), "LIB-1", DoTransition{Transition: TransitionRef{ID: "11"}})
	var ne *NetworkError
	require.ErrorAs(t, err, &ne)
	require.EqualValues(t, 1, n.Load())
	require.ErrorContains(t, err, "no answer from the site")
}

func TestHTMLInsteadOfJSON(t *testing.T) {
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<!DOCTYPE html><html><body>Welcome to our intranet</body></html>")
	})
	_, err := c.Myself(t.Context())
	require.ErrorIs(t, err, ErrNotJira)
	require.ErrorContains(t, err, "this URL does not look like a Jira Cloud site")

	c = localClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "<html><body>Not here</body></html>")
	})
	_, err = c.Myself(t.Context())
	require.ErrorIs(t, err, ErrNotJira)
}

// Another JSON API at the URL (Spira, a gateway) answers 404 in its own
// words; Jira's 404s under /rest/ are always an ErrorCollection.
func TestAnotherAPIsNotFoundIsNotJira(t *testing.T) {
	for _, body := range []string{`"Endpoint not found."`, `{"error":"no route"}`, "Cannot GET /rest/api/3/myself"} {
		c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, body)
		})
		_, err := c.Myself(t.Context())
		require.ErrorIs(t, err, ErrNotJira, body)
		require.ErrorContains(t, err, "this URL does not look like a Jira Cloud site")
		require.ErrorContains(t, err, strings.Trim(body, `"{}`))
	}
	// Jira's own 404s stay "not found".
	for _, body := range []string{`{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}`, ""} {
		c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, body)
		})
		_, err := c.GetIssue(t.Context(), "LIB-1", IssueOptions{})
		require.ErrorIs(t, err, ErrNotFound, body)
		require.NotErrorIs(t, err, ErrNotJira, body)
	}
}

func TestPasswordRefusedHint(t *testing.T) {
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, "Basic authentication with passwords is deprecated.")
	})
	_, err := c.Myself(t.Context())
	require.ErrorIs(t, err, ErrUnauthorized)
	require.ErrorContains(t, err, "use an API token")
	require.NotContains(t, err.Error(), "secret-token")
}

func TestCancellationWhileWaitingToRetry(t *testing.T) {
	arrived := make(chan struct{}, 8)
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusTooManyRequests)
		arrived <- struct{}{}
	})
	httpxtest.RequireCancelStopsRetryWait(t, arrived, func(ctx context.Context) error {
		_, err := c.Myself(ctx)
		return err
	})
}

func TestTooLongRetryAfterReturnsTheRateLimit(t *testing.T) {
	var n atomic.Int32
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	_, err := c.Myself(t.Context())
	require.ErrorIs(t, err, ErrRateLimited)
	require.ErrorContains(t, err, "wait a few minutes and run again")
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "3600", ae.RetryAfter)
	require.EqualValues(t, 1, n.Load())
}

func TestRetryAfterDateIsHonoured(t *testing.T) {
	var n atomic.Int32
	var first time.Time
	var gap time.Duration
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			first = time.Now()
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		gap = time.Since(first)
		_, _ = io.WriteString(w, `{"baseUrl":"x"}`)
	})
	_, err := c.ServerInfo(t.Context())
	require.NoError(t, err)
	// HTTP dates have one-second resolution, so the wait is between 1 and 2 s.
	require.Greater(t, gap, 900*time.Millisecond)
}

func TestAPIErrorMatchesSentinels(t *testing.T) {
	for code, want := range map[int]error{401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound, 410: ErrGone, 429: ErrRateLimited} {
		resp := &http.Response{StatusCode: code, Header: http.Header{}, Request: httptest.NewRequest("GET", "https://x.example/rest/api/3/x", nil)}
		err := checkResponse(resp, []byte(`{"errorMessages":["m"],"errors":{}}`))
		require.True(t, errors.Is(err, want), "status %d", code)
	}
}

func TestTimeoutAppliesWhateverTheOptionOrder(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	c, err := New(srv.URL, "a@b.example", "tok", WithRetry(0, 0, 0), WithTimeout(50*time.Millisecond), WithHTTPClient(&http.Client{}))
	require.NoError(t, err)
	_, err = c.ServerInfo(t.Context())
	var ne *NetworkError
	require.ErrorAs(t, err, &ne)
}

func TestCredentialsNeverFollowARedirectToAnotherHost(t *testing.T) {
	var leaked atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html><body>Log in</body></html>")
	}))
	defer other.Close()
	var sawAuth atomic.Bool
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		sawAuth.Store(r.Header.Get("Authorization") != "")
		http.Redirect(w, r, other.URL+"/login", http.StatusFound)
	})
	_, err := c.Myself(t.Context())
	require.ErrorIs(t, err, ErrNotJira)
	require.True(t, sawAuth.Load(), "the site itself gets the credentials")
	require.Equal(t, "", leaked.Load(), "the other host does not")
}

func TestHTMLOnAWriteWithoutAnswerIsStillAnError(t *testing.T) {
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "<!DOCTYPE html><html><body>Intranet</body></html>")
	})
	err := c.SetIssueProperty(t.Context(), "LIB-1", "k", map[string]int{"a": 1})
	require.ErrorIs(t, err, ErrNotJira)
}
