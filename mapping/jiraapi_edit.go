package mapping

import (
	"cmp"
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/spirajira/spirajira/jiraclient"
)

// readEditScreens fills j.EditScreens. Jira answers editmeta only per issue,
// so it takes the most recently updated issue of each type among the
// project's latest 100, and reads that issue's edit screen: a type with no
// issue there stays out of EditScreens, and only its create screen is
// checked. An issue's edit screen is its type's (Jira has no per-issue
// screens), less the fields its status or permissions lock, which can only
// make the check stricter than the plug-in needs on that one issue.
func readEditScreens(ctx context.Context, c *jiraclient.Client, j *Jira) error {
	page, err := c.SearchPage(ctx, jiraclient.SearchRequest{
		JQL:    fmt.Sprintf("project = %q ORDER BY updated DESC", j.Key),
		Fields: []string{"issuetype"}, MaxResults: 100})
	if err != nil {
		return err
	}
	sample := map[string]string{} // issue type ID → issue key
	for _, is := range page.Issues {
		if it := is.IssueType(); it != nil && sample[it.ID] == "" {
			sample[it.ID] = is.Key
		}
	}
	var mu sync.Mutex
	screens := map[string][]string{}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for typ, key := range sample {
		g.Go(func() error {
			meta, err := c.EditMeta(gctx, key)
			if err != nil {
				return fmt.Errorf("read the edit screen of %s (issue type %s): %w", key, typ, err)
			}
			var ids []string
			for id, fm := range meta {
				ids = append(ids, cmp.Or(fm.FieldID, fm.Key, id))
			}
			mu.Lock()
			screens[typ] = ids
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	j.EditScreens = screens
	return nil
}
