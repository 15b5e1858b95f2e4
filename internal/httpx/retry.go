// Package httpx holds the http.RoundTripper layers both API clients share:
// retry with backoff, pacing to learned rate limits (Pacer) and bounded
// concurrency (Gate), credentials for one host only, the user agent, and a
// debug log with secrets redacted.
package httpx

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry is a RoundTripper that retries a request when the server is busy or
// briefly failing. Reads (GET, HEAD, OPTIONS, and writes marked with
// Idempotent) are retried on 429, on any 5xx but 501 and on transport
// errors; other writes only on 429 and 503, which mean the server did not act
// on them. Bodies are replayed through GetBody. Waiting ends early when the
// request's context is done.
//
// A busy answer (429, or 503 with Retry-After) is retried for as long as the
// waits fit in BusyBudget, not for a fixed count: a rate limit that keeps
// saying "come back in a second" is waited out. Each wait is the server's
// Retry-After (seconds or HTTP date) plus a random extra that grows with each
// busy answer, so parallel callers refused together do not all come back at
// the same instant. A Retry-After longer than MaxWait returns the answer at
// once. Other failures wait BaseDelay doubling per attempt with jitter,
// capped at MaxDelay, for at most MaxRetries retries.
type Retry struct {
	Base http.RoundTripper
	// MaxRetries bounds the retries after failures other than busy
	// answers; 0 means 4, negative means no retry at all. A positive
	// MaxRetries with BusyBudget unset bounds busy retries too, as a
	// caller that wants a quick answer (a health check) expects.
	MaxRetries int
	BaseDelay  time.Duration // 0 means 500ms
	MaxDelay   time.Duration // 0 means 30s
	MaxWait    time.Duration // longest Retry-After honoured; 0 means 2m
	// BusyBudget bounds the total wait on busy answers of one request; 0
	// means DefaultBusyBudget when MaxRetries is 0 too. The first busy wait
	// is always taken if it is within MaxWait.
	BusyBudget time.Duration
	// MaxBusyRetries caps the retries on busy answers; 0 means 40.
	MaxBusyRetries int
	// Sleep waits d or until ctx is done; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultBusyBudget is how long a request waits out busy answers in all
// unless Retry.BusyBudget says otherwise. It stays below the clients'
// default timeouts so a rate limit that never lifts ends as a 429, not as
// a timeout.
const DefaultBusyBudget = time.Minute

type ctxKey struct{}

// Idempotent marks the requests made with the returned context as safe to
// repeat (a search sent by POST, a PUT that sets a value), so Retry treats
// them like reads.
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, ctxKey{}, true)
}

// IsIdempotent reports whether req may be sent twice with the same effect as
// once: a GET, HEAD or OPTIONS, or a request whose context went through
// Idempotent.
func IsIdempotent(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return req.Context().Value(ctxKey{}) != nil
}

// ErrBodyNotReplayable is returned when a request needs a retry but its body
// cannot be read again (no GetBody).
var ErrBodyNotReplayable = errors.New("cannot retry a request whose body cannot be replayed")

func (r *Retry) base() http.RoundTripper {
	if r.Base != nil {
		return r.Base
	}
	return http.DefaultTransport
}

// RoundTrip implements http.RoundTripper.
func (r *Retry) RoundTrip(req *http.Request) (*http.Response, error) {
	maxRetries := r.MaxRetries
	if maxRetries == 0 {
		maxRetries = 4
	}
	budget := r.BusyBudget
	if budget == 0 && r.MaxRetries == 0 {
		budget = DefaultBusyBudget
	}
	maxBusy := r.MaxBusyRetries
	if maxBusy <= 0 {
		maxBusy = 40
	}
	sleep := r.Sleep
	if sleep == nil {
		sleep = SleepContext
	}
	var failures, busy int
	var busyWaited time.Duration
	for attempt := 0; ; attempt++ {
		try := req
		if attempt > 0 && req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return nil, ErrBodyNotReplayable
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			try = req.Clone(req.Context())
			try.Body = body
		}
		resp, err := r.base().RoundTrip(try)
		if maxRetries < 0 || !shouldRetry(req, resp, err) {
			return resp, err
		}
		var d time.Duration
		if budget > 0 && isBusy(resp) {
			var ok bool
			d, ok = r.busyDelay(busy, resp)
			if !ok || busy >= maxBusy || (busy > 0 && busyWaited+d > budget) {
				return resp, err
			}
			busy++
			busyWaited += d
		} else {
			if failures >= maxRetries {
				return resp, err
			}
			var ok bool
			if isBusy(resp) {
				d, ok = r.busyDelay(failures, resp)
			} else {
				d, ok = r.delay(failures, resp)
			}
			if !ok {
				return resp, err
			}
			failures++
		}
		if resp != nil {
			// Drain a little so the connection can be reused.
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if err := sleep(req.Context(), d); err != nil {
			return nil, err
		}
	}
}

// isBusy says whether resp asks the client to slow down rather than
// reporting a failure: a 429, or a 503 that says when to come back.
func isBusy(resp *http.Response) bool {
	if resp == nil {
		return false
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusServiceUnavailable:
		return strings.TrimSpace(resp.Header.Get("Retry-After")) != ""
	}
	return false
}

// busyDelay is the wait after the n-th busy answer (from 0): Retry-After
// plus up to BaseDelay*2^n (capped at MaxDelay and at twice Retry-After) at
// random, or the backoff when the server gave no Retry-After; false means the server asked for a
// longer wait than MaxWait.
func (r *Retry) busyDelay(n int, resp *http.Response) (time.Duration, bool) {
	d, ok := r.delay(n, resp)
	if !ok {
		return d, false
	}
	if after, given := RetryAfter(resp.Header.Get("Retry-After"), time.Now()); given {
		// The extra stays within twice the server's wait: enough to spread
		// callers out, not so much that a short limit costs long pauses.
		base := r.BaseDelay
		if base <= 0 {
			base = 500 * time.Millisecond
		}
		d += rand.N(min(r.ceiling(n), 2*max(after, base)) + 1)
	}
	return d, true
}

// shouldRetry says whether the answer is worth another attempt. A retryable
// answer that arrives as the context ends still goes to the wait, which then
// reports the cancellation rather than the busy server.
func shouldRetry(req *http.Request, resp *http.Response, err error) bool {
	idempotent := IsIdempotent(req)
	if err != nil {
		return idempotent && req.Context().Err() == nil &&
			!errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true
	case http.StatusNotImplemented:
		return false
	}
	return resp.StatusCode >= 500 && idempotent
}

// delay is how long to wait before the next attempt; false means the
// server asked for a longer wait than MaxWait.
func (r *Retry) delay(attempt int, resp *http.Response) (time.Duration, bool) {
	maxWait := r.MaxWait
	if maxWait == 0 {
		maxWait = 2 * time.Minute
	}
	if resp != nil {
		if d, ok := RetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d, d <= maxWait
		}
	}
	return r.backoff(attempt), true
}

// backoff is BaseDelay*2^attempt capped at MaxDelay, with "equal jitter":
// half of it fixed, half random, so clients do not retry in step.
func (r *Retry) backoff(attempt int) time.Duration {
	d := r.ceiling(attempt)
	return d/2 + rand.N(d-d/2+1)
}

// ceiling is BaseDelay*2^attempt capped at MaxDelay.
func (r *Retry) ceiling(attempt int) time.Duration {
	d := r.BaseDelay
	if d <= 0 {
		d = 500 * time.Millisecond
	}
	maxDelay := r.MaxDelay
	if maxDelay <= 0 {
		maxDelay = 30 * time.Second
	}
	for range attempt {
		if d >= maxDelay {
			break
		}
		d *= 2
	}
	return min(d, maxDelay)
}

// RetryAfter parses a Retry-After value (delta seconds or HTTP date); a date
// in the past means no wait.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// SleepContext waits d or until ctx is done.
func SleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
