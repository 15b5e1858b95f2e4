package httpx

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Gate is a RoundTripper that bounds the requests in flight, for a server
// that publishes no rate limit (Spira): at most Max at once, halved on a 5xx
// or a transport error (once per second, as the answers of one overload
// arrive together) and raised again by one per Limit clean answers. It goes
// below Retry, so retries queue like any request. Waits end when the
// request's context is done. The zero value with Max unset allows 8.
type Gate struct {
	Base http.RoundTripper
	Max  int
	// Now is the clock; tests replace it.
	Now func() time.Time

	mu       sync.Mutex
	limit    float64 // 0 until first use
	inFlight int
	waiters  []chan struct{}
	lastCut  time.Time
}

// Limit reports how many requests may be in flight now.
func (g *Gate) Limit() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return int(g.cap())
}

func (g *Gate) max() float64 {
	if g.Max > 0 {
		return float64(g.Max)
	}
	return 8
}

// cap is the current limit; call with g.mu held.
func (g *Gate) cap() float64 {
	if g.limit == 0 {
		g.limit = g.max()
	}
	return g.limit
}

// RoundTrip implements http.RoundTripper.
func (g *Gate) RoundTrip(req *http.Request) (*http.Response, error) {
	base := g.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if err := g.acquire(req.Context()); err != nil {
		return nil, err
	}
	resp, err := base.RoundTrip(req)
	g.release(err != nil && req.Context().Err() == nil || resp != nil && resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented)
	return resp, err
}

func (g *Gate) acquire(ctx context.Context) error {
	g.mu.Lock()
	if float64(g.inFlight) < g.cap() && len(g.waiters) == 0 {
		g.inFlight++
		g.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	g.waiters = append(g.waiters, ch)
	g.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		defer g.mu.Unlock()
		for i, w := range g.waiters {
			if w == ch {
				g.waiters = append(g.waiters[:i], g.waiters[i+1:]...)
				return ctx.Err()
			}
		}
		// Granted as the context ended: hand the place on.
		g.inFlight--
		g.wake()
		return ctx.Err()
	}
}

// release frees a place and adapts the limit to the answer.
func (g *Gate) release(failed bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inFlight--
	now := time.Now()
	if g.Now != nil {
		now = g.Now()
	}
	switch {
	case failed && now.Sub(g.lastCut) >= time.Second:
		g.lastCut = now
		g.limit = max(1, g.cap()/2)
	case !failed:
		g.limit = min(g.max(), g.cap()+1/g.cap())
	}
	g.wake()
}

// wake grants places to waiters in order; call with g.mu held.
func (g *Gate) wake() {
	for len(g.waiters) > 0 && float64(g.inFlight) < g.cap() {
		ch := g.waiters[0]
		g.waiters = g.waiters[1:]
		g.inFlight++
		close(ch)
	}
}
