package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/httpx/httpxtest"
)

// script is a RoundTripper that answers from a list of statuses (0 stands
// for a connection reset) and records what it was sent.
type script struct {
	mu      sync.Mutex
	answers []int
	header  http.Header // sent with every answer
	bodies  []string
}

func (s *script) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := ""
	if r.Body != nil {
		data, _ := io.ReadAll(r.Body)
		b = string(data)
	}
	s.bodies = append(s.bodies, b)
	code := http.StatusOK
	if i := len(s.bodies) - 1; i < len(s.answers) {
		code = s.answers[i]
	}
	if code == 0 {
		return nil, fmt.Errorf("read tcp: %w", syscall.ECONNRESET)
	}
	h := http.Header{}
	for k, v := range s.header {
		h[k] = v
	}
	return &http.Response{StatusCode: code, Status: http.StatusText(code), Header: h,
		Body: io.NopCloser(strings.NewReader("answer")), Request: r}, nil
}

func (s *script) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

// noWait records the waits instead of sleeping.
func noWait(waits *[]time.Duration) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return ctx.Err()
	}
}

// newRequest makes a request whose body can be replayed (GetBody set), as
// the clients' requests are.
func newRequest(t *testing.T, method, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, "https://h.example/x", strings.NewReader(body))
	require.NoError(t, err)
	return req
}

func send(t *testing.T, rt http.RoundTripper, req *http.Request) (*http.Response, error) {
	t.Helper()
	resp, err := rt.RoundTrip(req)
	if resp != nil {
		t.Cleanup(func() { resp.Body.Close() })
	}
	return resp, err
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"0", 0, true},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Sun, 01 Mar 2026 11:59:00 GMT", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"", 0, false},
		{"-1", 0, false},
		{"soon", 0, false},
	} {
		d, ok := RetryAfter(tc.in, now)
		require.Equal(t, tc.ok, ok, tc.in)
		require.Equal(t, tc.want, d, tc.in)
	}
}

func TestRetryAfterIsHonouredOn429And503(t *testing.T) {
	// An HTTP date has whole seconds, so an hour from now reads as up to a
	// second less, and less again by the time the wait is computed: at
	// most the time the request took. The first busy answer adds up to
	// BaseDelay of jitter.
	const jitter = 200 * time.Millisecond
	for _, tc := range []struct {
		code     int
		after    string // "" is an HTTP date an hour from the request
		min, max time.Duration
	}{
		{http.StatusTooManyRequests, "7", 7 * time.Second, 7*time.Second + jitter},
		{http.StatusServiceUnavailable, "7", 7 * time.Second, 7*time.Second + jitter},
		{http.StatusTooManyRequests, "", time.Hour - time.Second, time.Hour + jitter},
	} {
		start := time.Now()
		after := tc.after
		if after == "" {
			after = start.Add(time.Hour).UTC().Format(http.TimeFormat)
		}
		s := &script{answers: []int{tc.code}, header: http.Header{"Retry-After": {after}}}
		var waits []time.Duration
		rt := &Retry{Base: s, Sleep: noWait(&waits), MaxWait: 2 * time.Hour, BaseDelay: jitter}
		resp, err := send(t, rt, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
		took := time.Since(start)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Len(t, waits, 1)
		low := tc.min
		if tc.after == "" {
			low -= took
		}
		require.GreaterOrEqual(t, waits[0], low, "%d %s", tc.code, after)
		require.LessOrEqual(t, waits[0], tc.max, "%d %s", tc.code, after)
	}
}

func TestBackoffGrowsWithJitterUpToTheCap(t *testing.T) {
	r := &Retry{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	for attempt, ceil := range []time.Duration{100, 200, 400, 800, 1000, 1000, 1000, 1000} {
		ceil *= time.Millisecond
		seen := map[time.Duration]bool{}
		for range 200 {
			d := r.backoff(attempt)
			require.GreaterOrEqual(t, d, ceil/2, "attempt %d", attempt)
			require.LessOrEqual(t, d, ceil, "attempt %d", attempt)
			seen[d] = true
		}
		require.Greater(t, len(seen), 1, "jitter varies the delay")
	}
	// Far past the cap the doubling must not overflow into a short wait.
	d := (&Retry{}).backoff(200)
	require.GreaterOrEqual(t, d, 15*time.Second)
	require.LessOrEqual(t, d, 30*time.Second)
}

func TestWithoutRetryAfterTheWaitBacksOff(t *testing.T) {
	s := &script{answers: []int{503, 503, 503}}
	var waits []time.Duration
	rt := &Retry{Base: s, Sleep: noWait(&waits), BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond}
	_, err := send(t, rt, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
	require.NoError(t, err)
	require.Len(t, waits, 3)
	for i, ceil := range []time.Duration{100, 200, 300} {
		require.LessOrEqual(t, waits[i], ceil*time.Millisecond)
		require.GreaterOrEqual(t, waits[i], ceil*time.Millisecond/2)
	}
}

func TestReadsRetryServerErrorsAndResets(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodOptions} {
		s := &script{answers: []int{500, 502, 0, 504}}
		var waits []time.Duration
		rt := &Retry{Base: s, Sleep: noWait(&waits)}
		resp, err := send(t, rt, httptest.NewRequest(method, "https://h.example/x", nil))
		require.NoError(t, err, method)
		require.Equal(t, http.StatusOK, resp.StatusCode, method)
		require.Equal(t, 5, s.attempts(), method)
	}
}

func TestWritesRetryOnlyOn429And503WithTheSameBody(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		s := &script{answers: []int{503, 429, 500}}
		var waits []time.Duration
		rt := &Retry{Base: s, Sleep: noWait(&waits)}
		resp, err := send(t, rt, newRequest(t, method, "payload"))
		require.NoError(t, err)
		require.Equal(t, 500, resp.StatusCode, "%s: a 500 may have been applied, so it is not retried", method)
		require.Equal(t, []string{"payload", "payload", "payload"}, s.bodies, "the body is replayed through GetBody")

		s = &script{answers: []int{0}}
		rt.Base = s
		_, err = send(t, rt, newRequest(t, method, "payload"))
		require.ErrorIs(t, err, syscall.ECONNRESET, "%s: a reset write may have reached the server", method)
		require.Equal(t, 1, s.attempts())
	}
}

func TestIdempotentWritesRetryLikeReads(t *testing.T) {
	s := &script{answers: []int{500, 0}}
	var waits []time.Duration
	rt := &Retry{Base: s, Sleep: noWait(&waits)}
	req := newRequest(t, http.MethodPost, `{"q":1}`)
	require.False(t, IsIdempotent(req))
	req = req.WithContext(Idempotent(t.Context()))
	require.True(t, IsIdempotent(req))
	resp, err := send(t, rt, req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, []string{`{"q":1}`, `{"q":1}`, `{"q":1}`}, s.bodies)
}

func TestNotImplementedIsNotRetried(t *testing.T) {
	s := &script{answers: []int{501}}
	rt := &Retry{Base: s, Sleep: func(context.Context, time.Duration) error { return nil }}
	resp, err := send(t, rt, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
	require.NoError(t, err)
	require.Equal(t, 501, resp.StatusCode)
	require.Equal(t, 1, s.attempts())
}

func TestRetriesStopAfterMaxRetriesWithTheLastAnswer(t *testing.T) {
	for _, tc := range []struct{ max, attempts int }{{0, 5}, {2, 3}, {-1, 1}} {
		s := &script{answers: []int{502, 502, 502, 502, 502, 502}}
		rt := &Retry{Base: s, MaxRetries: tc.max, Sleep: func(context.Context, time.Duration) error { return nil }}
		resp, err := send(t, rt, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
		require.NoError(t, err)
		require.Equal(t, 502, resp.StatusCode)
		body, _ := io.ReadAll(resp.Body)
		require.Equal(t, "answer", string(body), "the last answer reaches the caller unread")
		require.Equal(t, tc.attempts, s.attempts(), "MaxRetries %d", tc.max)
	}
}

func TestRetryGivesUpWhenAskedToWaitTooLong(t *testing.T) {
	s := &script{answers: []int{429}, header: http.Header{"Retry-After": {"3600"}}}
	rt := &Retry{Base: s, Sleep: func(context.Context, time.Duration) error { t.Fatal("must not wait an hour"); return nil }}
	resp, err := send(t, rt, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
	require.NoError(t, err)
	require.Equal(t, 429, resp.StatusCode)
	require.Equal(t, "3600", resp.Header.Get("Retry-After"))
	require.Equal(t, 1, s.attempts())
}

func TestCancellationStopsTheWait(t *testing.T) {
	arrived := make(chan struct{}, 8)
	base := RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		arrived <- struct{}{}
		return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"60"}}, Body: http.NoBody}, nil
	})
	httpxtest.RequireCancelStopsRetryWait(t, arrived, func(ctx context.Context) error {
		_, err := (&Retry{Base: base}).RoundTrip(httptest.NewRequest(http.MethodGet, "https://h.example/x", nil).WithContext(ctx))
		return err
	})
}

func TestCancelledAsTheBusyAnswerArrives(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var n int
	base := RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		n++
		cancel()
		return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"1"}}, Body: http.NoBody}, nil
	})
	_, err := (&Retry{Base: base}).RoundTrip(httptest.NewRequest(http.MethodGet, "https://h.example/x", nil).WithContext(ctx))
	require.ErrorIs(t, err, context.Canceled, "the caller learns it was cancelled, not that the server was busy")
	require.Equal(t, 1, n)
}

func TestContextErrorsAreNotRetried(t *testing.T) {
	base := RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("dial: %w", context.DeadlineExceeded)
	})
	var waits []time.Duration
	_, err := (&Retry{Base: base, Sleep: noWait(&waits)}).RoundTrip(httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Empty(t, waits)
}

func TestABodyThatCannotBeReplayedIsNotResent(t *testing.T) {
	s := &script{answers: []int{503}}
	req := newRequest(t, http.MethodPost, "once")
	req.GetBody = nil
	_, err := send(t, &Retry{Base: s, Sleep: func(context.Context, time.Duration) error { return nil }}, req)
	require.True(t, errors.Is(err, ErrBodyNotReplayable))
	require.Equal(t, 1, s.attempts())
}

func TestSleepContext(t *testing.T) {
	require.NoError(t, SleepContext(t.Context(), time.Millisecond))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	require.ErrorIs(t, SleepContext(ctx, time.Hour), context.Canceled)
	require.ErrorIs(t, SleepContext(ctx, 0), context.Canceled)
}

// A rate limit that keeps answering "come back in a second" is waited out
// for as long as the budget allows, far past the retry count for failures.
func TestBusyAnswersRetryWithinATimeBudgetNotACount(t *testing.T) {
	for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		answers := make([]int, 15)
		for i := range answers {
			answers[i] = code
		}
		s := &script{answers: answers, header: http.Header{"Retry-After": {"1"}}}
		var waits []time.Duration
		rt := &Retry{Base: s, Sleep: noWait(&waits)}
		resp, err := send(t, rt, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%d: 15 busy answers in a row are waited out", code)
		require.Equal(t, 16, s.attempts())
		var total time.Duration
		for _, w := range waits {
			require.GreaterOrEqual(t, w, time.Second, "never earlier than Retry-After")
			total += w
		}
		require.LessOrEqual(t, total, DefaultBusyBudget)
	}
}

func TestBusyRetriesStopWhenTheBudgetIsSpent(t *testing.T) {
	answers := make([]int, 100)
	for i := range answers {
		answers[i] = http.StatusTooManyRequests
	}
	s := &script{answers: answers, header: http.Header{"Retry-After": {"1"}}}
	var waits []time.Duration
	rt := &Retry{Base: s, Sleep: noWait(&waits), BusyBudget: 10 * time.Second}
	resp, err := send(t, rt, newRequest(t, http.MethodPost, "payload"))
	require.NoError(t, err)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the last 429 reaches the caller")
	require.Equal(t, "1", resp.Header.Get("Retry-After"))
	var total time.Duration
	for _, w := range waits {
		total += w
	}
	require.LessOrEqual(t, total, 10*time.Second)
	require.GreaterOrEqual(t, len(waits), 3, "several busy answers are waited out")
	require.Less(t, len(waits), 10, "Retry-After plus the growing jitter fills the budget in fewer than 10 waits")
	require.Equal(t, len(waits)+1, s.attempts())

	// The count cap holds even with budget to spare.
	s = &script{answers: answers, header: http.Header{"Retry-After": {"0"}}}
	waits = nil
	rt = &Retry{Base: s, Sleep: noWait(&waits), BusyBudget: time.Hour, MaxBusyRetries: 6}
	resp, err = send(t, rt, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
	require.NoError(t, err)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	require.Equal(t, 7, s.attempts())
}

// Parallel callers refused at once must not all come back at once: each
// wait is the server's plus a random extra, and the extra grows with each
// busy answer in a row.
func TestBusyWaitsAddJitterToRetryAfter(t *testing.T) {
	r := &Retry{BaseDelay: 400 * time.Millisecond, MaxDelay: 3 * time.Second}
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}
	for n, extra := range []time.Duration{400, 800, 1600, 2000, 2000} {
		extra *= time.Millisecond
		seen := map[time.Duration]bool{}
		for range 200 {
			d, ok := r.busyDelay(n, resp)
			require.True(t, ok)
			require.GreaterOrEqual(t, d, time.Second, "busy answer %d", n)
			require.LessOrEqual(t, d, time.Second+extra, "busy answer %d", n)
			seen[d] = true
		}
		require.Greater(t, len(seen), 20, "busy answer %d: the waits spread out", n)
	}

	r.MaxDelay = time.Second
	for n := range 8 {
		d, _ := r.busyDelay(n, resp)
		require.LessOrEqual(t, d, 2*time.Second, "MaxDelay caps the extra")
	}

	// Through RoundTrip: ten callers refused together get ten different waits.
	var mu sync.Mutex
	var waits []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, d)
		return nil
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			s := &script{answers: []int{429}, header: http.Header{"Retry-After": {"2"}}}
			resp, err := (&Retry{Base: s, Sleep: sleep}).RoundTrip(httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	require.Len(t, waits, 10)
	distinct := map[time.Duration]bool{}
	for _, w := range waits {
		require.GreaterOrEqual(t, w, 2*time.Second)
		require.LessOrEqual(t, w, 2500*time.Millisecond)
		distinct[w] = true
	}
	require.Greater(t, len(distinct), 5)
}

// A caller that sets a retry count and no budget (a quick health check)
// keeps its count for busy answers too; a plain 503 always counts as a
// failure.
func TestAnExplicitRetryCountBoundsBusyAnswersWithoutABudget(t *testing.T) {
	s := &script{answers: []int{429, 429, 429}, header: http.Header{"Retry-After": {"1"}}}
	var waits []time.Duration
	resp, err := send(t, &Retry{Base: s, MaxRetries: 1, Sleep: noWait(&waits)}, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
	require.NoError(t, err)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	require.Equal(t, 2, s.attempts())
	require.GreaterOrEqual(t, waits[0], time.Second)

	s = &script{answers: []int{503, 503, 503, 503, 503, 503}}
	resp, err = send(t, &Retry{Base: s, Sleep: noWait(&waits)}, httptest.NewRequest(http.MethodGet, "https://h.example/x", nil))
	require.NoError(t, err)
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "a 503 without Retry-After is a failure, not a busy answer")
	require.Equal(t, 5, s.attempts())
}
