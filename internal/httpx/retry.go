// Package httpx holds the http.RoundTripper layers both API clients share:
// retry with backoff, credentials for one host only, the user agent, and a
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
// on them. Retry-After (seconds or HTTP date) is honoured, and a wait longer
// than MaxWait returns the answer at once; otherwise the delay doubles from
// BaseDelay with jitter, capped at MaxDelay. Bodies are replayed through
// GetBody. Waiting ends early when the request's context is done.
type Retry struct {
	Base       http.RoundTripper
	MaxRetries int           // retries after the first attempt; 0 means 4, negative means none
	BaseDelay  time.Duration // 0 means 500ms
	MaxDelay   time.Duration // 0 means 30s
	MaxWait    time.Duration // longest Retry-After honoured; 0 means 2m
	// Sleep waits d or until ctx is done; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

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
	sleep := r.Sleep
	if sleep == nil {
		sleep = SleepContext
	}
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
		if attempt >= maxRetries || !shouldRetry(req, resp, err) {
			return resp, err
		}
		d, ok := r.delay(attempt, resp)
		if !ok {
			return resp, err
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
	d = min(d, maxDelay)
	return d/2 + rand.N(d-d/2+1)
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
