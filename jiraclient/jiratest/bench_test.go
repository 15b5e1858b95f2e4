package jiratest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// BenchmarkSearchAllFields measures the simulator serving full issue pages
// over HTTP, the heaviest read a sync makes.
func BenchmarkSearchAllFields(b *testing.B) {
	sim := jiratest.New()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	a := sim.Admin()
	issues := 0
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/rest/api/3/search/jql", strings.NewReader(
			`{"jql":"project = LIB ORDER BY key ASC","fields":["*all"],"maxResults":100}`))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(a.Email, a.Token)
		resp, err := srv.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var res struct {
			Issues []json.RawMessage `json:"issues"`
		}
		err = json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err != nil || len(res.Issues) == 0 {
			b.Fatalf("search: %v (%d issues)", err, len(res.Issues))
		}
		issues += len(res.Issues)
	}
	b.ReportMetric(float64(issues)/b.Elapsed().Seconds(), "issues/s")
}
