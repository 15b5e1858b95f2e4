package mapping_test

import (
	"context"
	"testing"
	"time"

	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// BenchmarkPullSandbox pulls the sandbox product's whole mapping over a
// simulated 20 ms network and reports the Spira calls one pull makes and
// its wall time; the calls run PullConcurrency at a time.
func BenchmarkPullSandbox(b *testing.B) {
	sb, err := sandbox.Start(context.Background(), sandbox.Options{Latency: 20 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	defer sb.Close()
	sc := sb.SpiraCredentials()
	c, err := spiraclient.New(sc.URL, sc.Login, sc.APIKey)
	if err != nil {
		b.Fatal(err)
	}
	s := mapping.NewSpira(c)
	sb.Spira.ResetRequests()
	start := time.Now()
	for b.Loop() {
		if _, _, err := mapping.Pull(context.Background(), s, sb.DataSyncID, sb.ProductID); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sb.Spira.TotalRequests())/float64(b.N), "calls/op")
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/pull")
}
