// Package httpx holds the http.RoundTripper layers both API clients share:
// retry with backoff, user agent, and debug logging with secrets redacted.
package httpx

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Retry is a RoundTripper that retries a request when the server is busy or
// briefly failing. Reads (GET, HEAD, OPTIONS) are retried on 429, on any 5xx
// but 501 and on transport errors; writes only on 429 and 503, which mean
// the server did not act on them. Retry-After (seconds or HTTP date) is
// honoured, and a wait longer than MaxWait gives up at once; otherwise the
// delay doubles from BaseDelay with jitter, capped at MaxDelay. Waiting ends
// early when the request's context is done.
type Retry struct {
	Base       http.RoundTripper
	MaxRetries int           // retries after the first attempt; 0 means 4
	BaseDelay  time.Duration // 0 means 500ms
	MaxDelay   time.Duration // 0 means 30s
	MaxWait    time.Duration // longest Retry-After honoured; 0 means 2m
	// Sleep waits d or until ctx is done; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

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
		if attempt > 0 && req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return nil, errors.New("httpx: cannot retry a request whose body cannot be replayed")
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		resp, err := r.base().RoundTrip(req)
		if attempt >= maxRetries || !shouldRetry(req, resp, err) {
			return resp, err
		}
		d, ok := r.delay(attempt, resp)
		if !ok {
			return resp, err
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if err := sleep(req.Context(), d); err != nil {
			return nil, err
		}
	}
}

func shouldRetry(req *http.Request, resp *http.Response, err error) bool {
	if req.Context().Err() != nil {
		return false
	}
	idempotent := req.Method == http.MethodGet || req.Method == http.MethodHead || req.Method == http.MethodOptions
	if err != nil {
		return idempotent
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
	maxDelay := r.MaxDelay
	if maxDelay == 0 {
		maxDelay = 30 * time.Second
	}
	maxWait := r.MaxWait
	if maxWait == 0 {
		maxWait = 2 * time.Minute
	}
	if resp != nil {
		if d, ok := RetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d, d <= maxWait
		}
	}
	base := r.BaseDelay
	if base == 0 {
		base = 500 * time.Millisecond
	}
	d := base << attempt
	if d > maxDelay || d <= 0 {
		d = maxDelay
	}
	// Jitter over the upper half keeps clients from retrying in step.
	return d/2 + rand.N(d/2+1), true
}

// RetryAfter parses a Retry-After value (delta seconds or HTTP date).
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
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
