package httpx

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeClock is a clock that moves only when a wait advances it.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		c.Advance(d)
	}
	return nil
}

// answer is what the fake server says next.
type answer struct {
	status int
	header map[string]string
}

// paced builds a Pacer over a server that gives the answers of next, on a
// fake clock, with one budget per request path and the object in the
// X-Object header.
func paced(clock *fakeClock, next func() answer) *Pacer {
	return &Pacer{
		Base: RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			a := next()
			h := http.Header{}
			for k, v := range a.header {
				h.Set(k, v)
			}
			return &http.Response{StatusCode: a.status, Header: h, Body: http.NoBody, Request: r}, nil
		}),
		Key:   func(r *http.Request) (string, string) { return r.URL.Path, r.Header.Get("X-Object") },
		Now:   clock.Now,
		Sleep: clock.Sleep,
	}
}

func sendPaced(t *testing.T, p *Pacer, path, object string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://jira.test"+path, nil)
	if object != "" {
		req.Header.Set("X-Object", object)
	}
	resp, err := p.RoundTrip(req)
	require.NoError(t, err)
	return resp
}

func ok() answer { return answer{status: http.StatusOK} }

func TestPacerSpacesRequestsAtItsRate(t *testing.T) {
	clock := newFakeClock()
	p := paced(clock, ok)
	p.Initial = 10
	start := clock.Now()
	for range laneBurst + 10 {
		sendPaced(t, p, "/a", "")
	}
	// The first laneBurst+1 go at once; the rest wait for their slots, at a
	// rate that grows as each queued answer comes back clean.
	el := clock.Now().Sub(start)
	require.Greater(t, el, 500*time.Millisecond, "spaced, not sent at once")
	require.Less(t, el, time.Second, "faster than the initial 10 a second: slow start raised it")
	require.Greater(t, p.Rate("/a"), 10.0)
	require.Equal(t, 0.0, p.Rate("/b"), "each budget has its own rate")
}

// Without Initial a budget is not paced until its limit shows; the first
// sign starts its rate from what it sent in the second before.
func TestPacerStartsUnpacedUntilTheLimitShows(t *testing.T) {
	clock := newFakeClock()
	next := ok()
	p := paced(clock, func() answer { return next })
	start := clock.Now()
	for range 300 {
		sendPaced(t, p, "/a", "")
	}
	require.Equal(t, start, clock.Now(), "a server with room to spare is not slowed")
	require.Equal(t, 0.0, p.Rate("/a"), "no rate yet")

	next = answer{status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "1", "RateLimit-Reason": "jira-burst-based"}}
	sendPaced(t, p, "/a", "")
	require.InDelta(t, 301*0.7, p.Rate("/a"), 0.01, "what it sent in its second, cut by 30%")
	next = ok()
	before := clock.Now()
	sendPaced(t, p, "/a", "")
	require.GreaterOrEqual(t, clock.Now().Sub(before), time.Second, "held back for Retry-After, paced from then on")
}

func TestPacerSlowsOn429AndWaitsRetryAfter(t *testing.T) {
	clock := newFakeClock()
	next := answer{status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "2", "RateLimit-Reason": "jira-burst-based"}}
	p := paced(clock, func() answer { return next })
	p.Initial = 20
	sendPaced(t, p, "/a", "")
	require.InDelta(t, 14.0, p.Rate("/a"), 0.01, "20 a second cut by 30%")
	// Answers of the same overshoot cut once.
	sendPaced(t, p, "/a", "")
	next = ok()
	before := clock.Now()
	sendPaced(t, p, "/a", "")
	require.GreaterOrEqual(t, clock.Now().Sub(before), 2*time.Second, "held back for Retry-After")
	require.Less(t, p.Rate("/a"), 14.0, "the 429 after the pause is a new overshoot")
	sendPaced(t, p, "/b", "")
	require.Equal(t, 20.0, p.Rate("/b"), "another endpoint is not slowed")
}

func TestPacerBacksOffOn429WithoutRetryAfter(t *testing.T) {
	clock := newFakeClock()
	status := http.StatusTooManyRequests
	p := paced(clock, func() answer { return answer{status: status} })
	start := clock.Now()
	sendPaced(t, p, "/a", "")
	sendPaced(t, p, "/a", "") // waits the first pause
	require.GreaterOrEqual(t, clock.Now().Sub(start), noRetryFirst)
	mid := clock.Now()
	status = http.StatusOK
	sendPaced(t, p, "/a", "")
	require.GreaterOrEqual(t, clock.Now().Sub(mid), 2*noRetryFirst, "the pause doubles per 429 in a row")
}

func TestPacerSlowsOnLowRemaining(t *testing.T) {
	clock := newFakeClock()
	left := "10"
	p := paced(clock, func() answer {
		return answer{status: http.StatusOK, header: map[string]string{"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": left}}
	})
	p.Initial = 20
	sendPaced(t, p, "/a", "")
	sendPaced(t, p, "/a", "")
	require.InDelta(t, 18.0, p.Rate("/a"), 0.01, "cut by 10%, once per cooldown")
	clock.Advance(cutCooldown)
	sendPaced(t, p, "/a", "")
	require.InDelta(t, 16.2, p.Rate("/a"), 0.01)

	// Plenty left: the rate recovers, slowly now that the limit was met.
	left = "90"
	for range 200 {
		sendPaced(t, p, "/a", "")
	}
	require.Greater(t, p.Rate("/a"), 16.2+200*0.05-0.5)
	require.Less(t, p.Rate("/a"), 16.2+200*0.05+0.5, "additive growth, no doubling")

	// NearLimit says the same without numbers.
	left = "90"
	q := paced(clock, func() answer {
		return answer{status: http.StatusOK, header: map[string]string{"X-RateLimit-NearLimit": "true"}}
	})
	q.Initial = 20
	sendPaced(t, q, "/a", "")
	require.InDelta(t, 18.0, q.Rate("/a"), 0.01)
}

func TestPacerRaisesOnlyARateInUse(t *testing.T) {
	clock := newFakeClock()
	p := paced(clock, ok)
	p.Initial = 20
	for range 50 {
		sendPaced(t, p, "/a", "")
		clock.Advance(time.Second) // far slower than the rate
	}
	require.Equal(t, 20.0, p.Rate("/a"), "answers that did not wait for the rate say nothing of the limit")
}

func TestPacerSpacesWritesToOneIssue(t *testing.T) {
	clock := newFakeClock()
	next := answer{status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "1", "RateLimit-Reason": "jira-per-issue-on-write"}}
	p := paced(clock, func() answer { return next })
	p.Initial = 20
	sendPaced(t, p, "/issue", "LIB-1")
	require.Equal(t, 100*time.Millisecond, p.ObjectGap())
	require.Equal(t, 20.0, p.Rate("/issue"), "a per-issue 429 does not slow the endpoint")
	next = ok()
	before := clock.Now()
	sendPaced(t, p, "/issue", "LIB-2")
	require.Equal(t, before, clock.Now(), "another issue goes at once")
	sendPaced(t, p, "/issue", "LIB-1")
	require.GreaterOrEqual(t, clock.Now().Sub(before), time.Second, "the issue waits its Retry-After")
	at := clock.Now()
	sendPaced(t, p, "/issue", "LIB-1")
	require.GreaterOrEqual(t, clock.Now().Sub(at), 95*time.Millisecond, "then writes to it are spaced by the gap")
	for range 400 {
		sendPaced(t, p, "/issue", "LIB-3")
	}
	require.Zero(t, p.ObjectGap(), "clean writes shrink the gap away")
}

func TestPacerWaitEndsWithContext(t *testing.T) {
	p := &Pacer{
		Base: RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			h := http.Header{"Retry-After": {"3600"}}
			return &http.Response{StatusCode: http.StatusTooManyRequests, Header: h, Body: http.NoBody, Request: r}, nil
		}),
		Key: func(r *http.Request) (string, string) { return "a", "" },
	}
	_, err := p.RoundTrip(httptest.NewRequest(http.MethodGet, "http://jira.test/a", nil))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := p.RoundTrip(httptest.NewRequest(http.MethodGet, "http://jira.test/a", nil).WithContext(ctx))
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(30 * time.Second): // a failsafe: the pause is an hour
		t.Fatal("a cancelled request stayed paused")
	}
}

func TestPacerConcurrentUse(t *testing.T) {
	p := &Pacer{
		Base: RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		}),
		Key:     func(r *http.Request) (string, string) { return r.URL.Path, "LIB-1" },
		Initial: 1000,
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 20 {
				_, err := p.RoundTrip(httptest.NewRequest(http.MethodPut, "http://jira.test/"+string(rune('a'+i%2)), nil))
				require.NoError(t, err)
			}
		})
	}
	wg.Wait()
	require.Greater(t, p.Rate("/a"), 0.0)
}
