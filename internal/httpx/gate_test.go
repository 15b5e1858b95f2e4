package httpx

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestGateBoundsInFlight(t *testing.T) {
	var in, peak atomic.Int32
	release := make(chan struct{})
	g := &Gate{Max: 3, Base: RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		n := in.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		<-release
		in.Add(-1)
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			_, err := g.RoundTrip(httptest.NewRequest(http.MethodGet, "http://spira.test/", nil))
			require.NoError(t, err)
		})
	}
	deadline := time.Now().Add(30 * time.Second)
	for in.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	require.Equal(t, int32(3), peak.Load())
}

func TestGateHalvesOn5xxAndRecovers(t *testing.T) {
	clock := newFakeClock()
	status := http.StatusServiceUnavailable
	g := &Gate{Max: 8, Now: clock.Now, Base: RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})}
	get := func() {
		_, err := g.RoundTrip(httptest.NewRequest(http.MethodGet, "http://spira.test/", nil))
		require.NoError(t, err)
	}
	get()
	get()
	require.Equal(t, 4, g.Limit(), "halved once for one overload")
	clock.Advance(time.Second)
	get()
	require.Equal(t, 2, g.Limit())
	status = http.StatusOK
	for range 10 {
		get()
	}
	require.Greater(t, g.Limit(), 2, "clean answers widen it again")
	for range 100 {
		get()
	}
	require.Equal(t, 8, g.Limit(), "up to Max, no further")
}

func TestGateWaitEndsWithContext(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	g := &Gate{Max: 1, Base: RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		<-block
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})}
	go func() { _, _ = g.RoundTrip(httptest.NewRequest(http.MethodGet, "http://spira.test/", nil)) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		g.mu.Lock()
		busy := g.inFlight == 1
		g.mu.Unlock()
		if busy || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := g.RoundTrip(httptest.NewRequest(http.MethodGet, "http://spira.test/", nil).WithContext(ctx))
	require.ErrorIs(t, err, context.Canceled)
}
