package jiraclient_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// Walk a JQL search page by page, and read the configuration of a project.
func Example() {
	sim := jiratest.New()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	a := sim.Admin()

	c, err := jiraclient.New(srv.URL, a.Email, a.Token)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	me, err := c.Myself(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println("logged in as", me.DisplayName, "in", me.TimeZone)

	n := 0
	for issue, err := range c.Search(ctx, jiraclient.SearchRequest{JQL: "project = LIB AND issuetype = Bug", Fields: []string{"summary"}, MaxResults: 5}) {
		if err != nil {
			panic(err)
		}
		if issue.Summary() != "" {
			n++
		}
	}
	fmt.Println(n > 5, "bugs found over several pages")

	cat, err := c.FetchCatalog(ctx, "LIB")
	if err != nil {
		panic(err)
	}
	for _, f := range cat.Fields {
		if f.ID == "customfield_10030" {
			fmt.Println(f.Name, "fits a Spira", jiraclient.SpiraTypeFor(f.Schema), "property with", len(cat.Options[f.ID][0].Options), "options")
		}
	}
	// Output:
	// logged in as Avery Admin in Australia/Sydney
	// true bugs found over several pages
	// Severity fits a Spira List property with 4 options
}
