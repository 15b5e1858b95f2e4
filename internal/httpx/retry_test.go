package httpx

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d, ok := RetryAfter("3", now)
	require.True(t, ok)
	require.Equal(t, 3*time.Second, d)
	d, ok = RetryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now)
	require.True(t, ok)
	require.Equal(t, 90*time.Second, d)
	_, ok = RetryAfter("soon", now)
	require.False(t, ok)
}

func TestRetryHonoursRetryAfterAndReplaysBody(t *testing.T) {
	var n atomic.Int32
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(429)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()
	var waited []time.Duration
	rt := &Retry{Sleep: func(ctx context.Context, d time.Duration) error { waited = append(waited, d); return nil }}
	req, _ := http.NewRequest("POST", srv.URL, strings.NewReader("payload"))
	resp, err := (&http.Client{Transport: rt}).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, []time.Duration{7 * time.Second}, waited)
	require.Equal(t, []string{"payload", "payload"}, bodies)
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	r := &Retry{BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond}
	for attempt, hi := range []time.Duration{100, 200, 300, 300} {
		d, ok := r.delay(attempt, nil)
		require.True(t, ok)
		require.LessOrEqual(t, d, hi*time.Millisecond)
		require.GreaterOrEqual(t, d, hi*time.Millisecond/2)
	}
}

func TestRedactURL(t *testing.T) {
	req, _ := http.NewRequest("GET", "https://h/x?username=a&api-key=%7BSECRET%7D", nil)
	s := RedactURL(req.URL)
	require.NotContains(t, s, "SECRET")
	require.Contains(t, s, "username=a")
}

func TestRetryGivesUpWhenAskedToWaitTooLong(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
	}))
	defer srv.Close()
	rt := &Retry{Sleep: func(ctx context.Context, d time.Duration) error { t.Fatal("must not wait an hour"); return nil }}
	resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 429, resp.StatusCode)
	require.Equal(t, int32(1), n.Load())
}

func TestNotImplementedIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(501)
	}))
	defer srv.Close()
	rt := &Retry{Sleep: func(ctx context.Context, d time.Duration) error { return nil }}
	resp, err := (&http.Client{Transport: rt}).Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, int32(1), n.Load())
}
