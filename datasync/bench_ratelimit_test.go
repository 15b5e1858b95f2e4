package datasync

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// The burst limits of the rate-limited benchmark: per endpoint and method,
// and per issue for writes. Jira publishes no numbers; these are low enough
// that the engine's demand exceeds them on every busy endpoint.
const (
	benchRate       = 40.0
	benchBurst      = 40
	benchIssueRate  = 1.0
	benchIssueBurst = 3
)

// BenchmarkSyncRateLimited is a first sync of 1,000 new items per side
// against Jira's burst limits (benchRate a second per endpoint and method,
// room for benchBurst) and a per-issue write limit, with every third 429
// sent without Retry-After. It prints, for the endpoints busy enough to
// meet their limit, the rate reached against the rate allowed (a token
// bucket allows burst + rate x time), and the share of requests answered
// 429. "headers" sends X-RateLimit-Remaining on every answer; "429-only"
// keeps it to the 429s, as a limiter that says nothing until it refuses.
func BenchmarkSyncRateLimited(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts []jiratest.Option
	}{
		{"headers", nil},
		{"429-only", []jiratest.Option{jiratest.WithLimitHeadersOn429Only()}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				benchRateLimited(b, tc.opts)
			}
		})
	}
}

func benchRateLimited(b *testing.B, extra []jiratest.Option) {
	b.StopTimer()
	jopts := append([]jiratest.Option{jiratest.WithLatency(benchLatency),
		jiratest.WithRateLimit(benchRate, benchBurst),
		jiratest.WithIssueWriteLimit(benchIssueRate, benchIssueBurst),
		jiratest.WithRetryAfterOmitted(3)}, extra...)
	w := newWorld(b, worldOpts{jira: jopts, spira: []spiratest.Option{spiratest.WithLatency(benchLatency)}})
	w.sync()
	w.seedConcurrently(benchItems, 32, true)
	// A second of quiet refills the buckets the warm-up spent.
	time.Sleep(time.Second)
	w.jira.ResetRequests()
	w.spira.ResetRequests()
	b.StartTimer()

	rep, wall := w.timedRun(b)
	require.Empty(b, rep.Failures, "no item fails")

	traffic := w.jira.Traffic()
	var sent, refused, noRA, issueLimited, busySent, busyRefused int
	var allowed float64
	var lines []string
	for ep, t := range traffic {
		sent += t.Requests
		refused += t.BurstLimited + t.IssueLimited
		noRA += t.NoRetryAfter
		issueLimited += t.IssueLimited
		if t.Requests < 2*benchBurst {
			continue
		}
		span := t.Last.Sub(t.First).Seconds()
		ok := t.Requests - t.BurstLimited - t.IssueLimited
		a := float64(benchBurst) + benchRate*span
		busySent += ok
		busyRefused += t.BurstLimited + t.IssueLimited
		allowed += a
		lines = append(lines, fmt.Sprintf("  %-62s %5d ok, %3d x 429 over %5.1fs: %5.1f/s of %.0f/s (%3.0f%% of allowed)",
			ep, ok, t.BurstLimited+t.IssueLimited, span, float64(ok)/span, benchRate, 100*float64(ok)/a))
	}
	sort.Strings(lines)
	util := float64(busySent) / allowed
	share := float64(refused) / float64(sent)
	b.ReportMetric(100*util, "%allowed")
	b.ReportMetric(100*share, "%429")
	b.ReportMetric(wall.Seconds(), "wall-s")
	b.Logf("first sync of %d items in %v: jira %d requests, %d answered 429 (%.2f%%; %d per-issue, %d without Retry-After); spira %d requests\n"+
		"busy endpoints reached %.1f%% of the allowed rate (%d of %.0f requests allowed in their spans):\n%s",
		2*benchItems, wall.Round(time.Millisecond), sent, refused, 100*share, issueLimited, noRA, w.spira.TotalRequests(),
		100*util, busySent, allowed, strings.Join(lines, "\n"))
}
