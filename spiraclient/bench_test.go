package spiraclient_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// BenchmarkIncidentsUpdatedSince reads 2,000 changed incidents the way a
// sync run does, and reports the requests and incidents per second.
func BenchmarkIncidentsUpdatedSince(b *testing.B) {
	ctx := context.Background()
	sim := spiratest.New()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 2000; i++ {
		if _, err := c.CreateIncident(ctx, 1, spiraclient.RemoteIncident{Name: "load", Description: "<p>load</p>"}); err != nil {
			b.Fatal(err)
		}
	}
	first, err := c.Incident(ctx, 1, 9)
	if err != nil {
		b.Fatal(err)
	}
	sim.ResetRequests()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		got, err := spiraclient.Collect(c.IncidentsUpdatedSince(ctx, 1, first.LastUpdateDate.Time))
		if err != nil {
			b.Fatal(err)
		}
		n += len(got)
	}
	b.StopTimer()
	b.ReportMetric(float64(sim.TotalRequests())/float64(b.N), "requests/op")
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "incidents/s")
}
