package jiraclient_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// timingTransport adds up how long each request took, as if run one by one.
type timingTransport struct {
	next http.RoundTripper
	mu   sync.Mutex
	sum  time.Duration
	n    int
}

func (t *timingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	t.mu.Lock()
	t.sum += time.Since(start)
	t.n++
	t.mu.Unlock()
	return resp, err
}

// BenchmarkFetchCatalog reads the LIB catalog from a simulator that answers
// each request after 50 ms, and reports wall time over the sum of the
// requests' times (the time a sequential client would need). Target <= 0.35.
func BenchmarkFetchCatalog(b *testing.B) {
	sim := jiratest.New(jiratest.WithLatency(50 * time.Millisecond))
	srv := httptest.NewServer(sim)
	defer srv.Close()
	tt := &timingTransport{next: http.DefaultTransport}
	a := sim.Admin()
	c, err := jiraclient.New(srv.URL, a.Email, a.Token, jiraclient.WithHTTPClient(&http.Client{Transport: tt}))
	require.NoError(b, err)
	var wall time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		cat, err := c.FetchCatalog(b.Context(), jiratest.ProjectKey)
		wall += time.Since(start)
		require.NoError(b, err)
		require.Empty(b, cat.Problems)
	}
	b.ReportMetric(wall.Seconds()/tt.sum.Seconds(), "wall/sequential")
	b.ReportMetric(float64(tt.n)/float64(b.N), "requests/op")
}
