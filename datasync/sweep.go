package datasync

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
)

// sweep ends a run by reading what changed on both sides since the run
// began, so that the next run need not read the run's own writes again (a
// no-change run then costs the same few requests whatever the project's
// size). An item the run left in sync is remembered with its update time;
// one changed by someone else meanwhile, or not in sync, is marked to be
// read again. Spira's LastSyncDate still moves only to the captured start
// time, as the plug-in's host does.
func (a *applier) sweep(ctx context.Context) error {
	e, s := a.e, a.s
	si, err := e.cfg.Jira.ServerInfo(ctx)
	if err != nil {
		return err
	}
	jiraSince, err := jiraclient.ParseTime(si.ServerTime)
	if err != nil {
		return fmt.Errorf("Jira's server time %q: %w", si.ServerTime, err)
	}
	spiraSince, err := e.cfg.Spira.ServerDateTime(ctx)
	if err != nil {
		return err
	}
	p := newPlanner(s)
	seen := map[string]string{}
	var dirty []string
	start := s.JiraTime
	if start.IsZero() {
		start = s.ServerTime
	}
	// Everything updated since the run began, with its fields; and what
	// the overlap before it holds that the last sweep did not see.
	check := func(jql string) error {
		req := jiraclient.SearchRequest{JQL: jql, Fields: e.issueFields(), MaxResults: SearchPageSize}
		for {
			page, err := e.cfg.Jira.SearchPage(ctx, req)
			if err != nil {
				return err
			}
			for _, is := range page.Issues {
				if a.inSync(p, is) {
					seen[is.ID] = updatedKey(is)
				} else {
					dirty = append(dirty, is.ID)
				}
			}
			if page.NextPageToken == "" || len(page.Issues) == 0 {
				return nil
			}
			req.NextPageToken = page.NextPageToken
		}
	}
	if err := check(fmt.Sprintf("project = %q AND updated >= %s", s.JiraKey, jiraclient.EpochMillis(start))); err != nil {
		return err
	}
	unseen, err := e.unseenInOverlap(ctx, s.JiraKey, start)
	if err != nil {
		return err
	}
	for id, v := range e.st.Seen {
		t, err := jiraclient.ParseTime(v)
		if _, ok := seen[id]; !ok && !slices.Contains(dirty, id) && err == nil && !t.Before(start.Add(-e.cfg.Overlap)) {
			seen[id] = v // still in the overlap, unchanged since
		}
	}
	for at := 0; at < len(unseen); at += SearchPageSize {
		batch := unseen[at:min(at+SearchPageSize, len(unseen))]
		if err := check(fmt.Sprintf("project = %q AND id in (%s)", s.JiraKey, strings.Join(batch, ","))); err != nil {
			return err
		}
	}
	// Spira: incidents others created during the run, and with Both the
	// mapped incidents changed since the run read them.
	var newInc []int
	for inc, err := range e.cfg.Spira.NewIncidents(ctx, s.ProductID, s.ServerTime) {
		if err != nil {
			return err
		}
		if !a.isMapped(inc.IncidentID) {
			newInc = append(newInc, inc.IncidentID)
		}
	}
	var changed []int
	if flowOf(s.Mapping, mapping.FlowIncidents).Update.ToJira() {
		for inc, err := range e.cfg.Spira.IncidentsUpdatedSince(ctx, s.ProductID, s.ServerTime) {
			if err != nil {
				return err
			}
			key, ok := a.keyOf(inc.IncidentID)
			if !ok {
				continue
			}
			id := a.issueID(key)
			base := e.st.Base[id]
			if base == nil || !sameView(p.spiraView(inc), base) {
				changed = append(changed, inc.IncidentID)
			}
		}
	}
	st := e.st
	st.RetryIssue = compact(append(st.RetryIssue, dirty...))
	st.RetryInc = compactInts(append(st.RetryInc, newInc...))
	st.RetryChanged = compactInts(changed)
	st.Seen, st.JiraSince, st.SpiraSince = seen, jiraSince, spiraSince
	st.SweptFor = s.ServerTime.UTC()
	return nil
}

// inSync reports whether an issue found by the sweep holds what the run
// left in it: its fields match the base both sides agreed on and its
// comments are those the run knew of.
func (a *applier) inSync(p *planner, is jiraclient.Issue) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	want, known := a.comments[is.Key]
	if !known {
		return false
	}
	var c jiraclient.CommentPage
	if ok, err := is.Field("comment", &c); ok && err == nil && c.Total != want {
		return false
	}
	base := a.e.st.Base[is.ID]
	if base == nil {
		// Not an incident the engine syncs fields of (a requirement, a
		// skipped type): its comments are all it could have missed.
		return a.reqOrSkip[is.Key]
	}
	if _, ok := p.ix.keyToReq[is.Key]; ok {
		return p.reqInSync(is, base) // a requirement Complete syncs both ways
	}
	jv := p.jiraView(is)
	for f, b := range base {
		if x, ok := jv[f]; ok && !p.sameInJira(f, x, b) {
			return false
		}
	}
	return true
}

// sameView reports whether the fields of v that base holds agree.
func sameView(v, base map[string]string) bool {
	for f, b := range base {
		if x, ok := v[f]; ok && x != b {
			return false
		}
	}
	return true
}

func (a *applier) isMapped(incidentID int) bool {
	_, ok := a.keyOf(incidentID)
	return ok
}

func (a *applier) keyOf(incidentID int) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	k, ok := a.s.IncidentKeys[incidentID]
	if !ok {
		k, ok = a.newKeys[incidentID]
	}
	return k, ok
}

func (a *applier) issueID(key string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.issueIDs[key]
}

func compact(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func compactInts(s []int) []int {
	slices.Sort(s)
	return slices.Compact(s)
}
