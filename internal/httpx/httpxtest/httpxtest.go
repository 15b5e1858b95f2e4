// Package httpxtest has the HTTP checks that tests of several packages
// make alike.
package httpxtest

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Agents counts the User-Agent of each request that reaches the servers
// it starts.
type Agents struct {
	mu   sync.Mutex
	seen map[string]int
}

// Serve serves h on a test server that counts each request's User-Agent;
// the test's cleanup closes it.
func (a *Agents) Serve(tb testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		if a.seen == nil {
			a.seen = map[string]int{}
		}
		a.seen[r.UserAgent()]++
		a.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// Seen is the count of each User-Agent so far.
func (a *Agents) Seen() map[string]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return maps.Clone(a.seen)
}

// RequireCancelStopsRetryWait runs call, whose server answers with a long
// Retry-After and sends to arrived on each attempt, cancels it once the
// first attempt arrived, and requires it to end with context.Canceled at
// once, without a second attempt.
func RequireCancelStopsRetryWait(t testing.TB, arrived chan struct{}, call func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- call(ctx) }()
	<-arrived
	cancel()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(30 * time.Second): // a failsafe, half the uncancelled wait
		t.Fatal("the retry wait did not stop on cancellation")
	}
	require.Len(t, arrived, 0, "no second attempt")
}
