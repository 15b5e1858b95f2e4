package datasync

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
)

// The Jira search: what changed since the watermark, and since the last sweep.

// issueFields lists the fields the engine reads from Jira.
func (e *Engine) issueFields() []string {
	f := []string{"summary", "description", "issuetype", "status", "priority", "assignee", "reporter", "components",
		"versions", "fixVersions", "resolution", "security", "created", "updated", "comment", "environment", "issuelinks", "attachment"}
	set := e.cfg.Mapping.Plugin.Settings()
	if c := customField(set.SeverityField); c != "" {
		f = append(f, c)
	}
	f = append(f, extraJiraFields(set, e.cfg.Mapping.Plugin.Extended)...)
	for _, m := range e.cfg.Mapping.CustomProperties {
		if m.Jira.ID != "" && m.Special() == "" {
			f = append(f, customField(m.Jira.ID))
		}
	}
	return f
}

// SearchPageSize is the page size of the Jira search.
const SearchPageSize = 100

func (e *Engine) searchJira(ctx context.Context, s *Snapshot, swept bool) error {
	jql := fmt.Sprintf("project = %q", s.JiraKey)
	if !s.Watermark.IsZero() {
		s.JiraSince = jiraSince(s.Watermark, s.Mapping.Plugin.TimeOffsetHours, e.cfg.Overlap)
		jql += " AND updated >= " + jiraclient.EpochMillis(s.JiraSince)
	}
	seen := map[string]bool{}
	var retry []string
	run := func(jql string) error {
		req := jiraclient.SearchRequest{JQL: jql + " ORDER BY updated ASC, key ASC", Fields: e.issueFields(),
			Properties: []string{MarkerKey}, Expand: "transitions", MaxResults: SearchPageSize}
		for {
			page, err := e.cfg.Jira.SearchPage(ctx, req)
			if err != nil {
				return fmt.Errorf("search Jira issues: %w", err)
			}
			for _, is := range page.Issues {
				if seen[is.ID] {
					continue // the overlap: a change seen twice counts once
				}
				seen[is.ID] = true
				s.Issues = append(s.Issues, JiraItem{Issue: is, Marker: markerOf(is)})
			}
			if page.NextPageToken == "" || len(page.Issues) == 0 {
				return nil
			}
			req.NextPageToken = page.NextPageToken
		}
	}
	if swept {
		s.JiraSince = e.st.JiraSince.Add(-e.cfg.Overlap)
		ids, err := e.changedSinceSweep(ctx, s, run)
		if err != nil {
			return err
		}
		retry = ids
	} else if err := run(jql); err != nil {
		return err
	}
	for _, id := range e.st.RetryIssue {
		if !seen[id] && !slices.Contains(retry, id) {
			retry = append(retry, id)
		}
	}
	// With Both, the issues of incidents changed in Spira, changed in Jira
	// or not;
	var keys, ids []string
	known := e.knownIssueIDs()
	// and those whose links may be missing, to see the links they have.
	// By ID where it is known: an old key of a moved issue may not be
	// valid JQL, and the issue may be in another project now (moved.go).
	for _, it := range slices.Concat(s.ChangedIncidents, s.RecentMapped) {
		if k, ok := s.IncidentKeys[it.Incident.IncidentID]; ok {
			if id, ok := known[k]; ok {
				ids = append(ids, id)
			} else {
				keys = append(keys, k)
			}
		}
	}
	for _, k := range s.changedRequirementKeys() {
		if id, ok := known[k]; ok {
			ids = append(ids, id)
		} else {
			keys = append(keys, k)
		}
	}
	for start := 0; start < len(ids); start += SearchPageSize {
		batch := ids[start:min(start+SearchPageSize, len(ids))]
		if err := run(fmt.Sprintf("id in (%s)", strings.Join(batch, ","))); err != nil {
			return err
		}
	}
	for start := 0; start < len(keys); start += SearchPageSize {
		batch := keys[start:min(start+SearchPageSize, len(keys))]
		if err := run(fmt.Sprintf("project = %q AND key in (%s)", s.JiraKey, strings.Join(batch, ","))); err != nil {
			return err
		}
	}
	for start := 0; start < len(retry); start += SearchPageSize {
		batch := retry[start:min(start+SearchPageSize, len(retry))]
		if err := run(fmt.Sprintf("project = %q AND id in (%s)", s.JiraKey, strings.Join(batch, ","))); err != nil {
			return err
		}
	}
	for _, it := range s.Issues {
		if keyProject(it.Issue.Key) != s.JiraKey {
			continue // another project's workflow
		}
		if t, st := it.Issue.IssueType(), it.Issue.Status(); t != nil && st != nil {
			s.Workflow.Learn(t.ID, st.ID, it.Issue.Transitions)
		}
	}
	return nil
}

// jiraSince is where the Jira query starts: the watermark minus the overlap
// and minus the Time Offset, whatever its sign. The plug-in needed the
// offset to turn a wall-clock string into Jira's time; an epoch-ms query
// does not, so the offset only ever widens the window (a negative one, Jira
// ahead of Spira, must not narrow it and lose the changes in between).
func jiraSince(watermark time.Time, offsetHours int, overlap time.Duration) time.Time {
	off := time.Duration(offsetHours) * time.Hour
	if off < 0 {
		off = -off
	}
	return watermark.Add(-off).Add(-overlap)
}

func markerOf(is jiraclient.Issue) *Marker {
	raw, ok := is.Properties[MarkerKey]
	if !ok {
		return nil
	}
	var m Marker
	if json.Unmarshal(raw, &m) != nil || m.GlobalID == "" {
		return nil
	}
	return &m
}

// inlineComments reads the comments embedded in a search result, and
// whether they are all of them (search caps them).
func inlineComments(is jiraclient.Issue) ([]jiraclient.Comment, bool) {
	var c jiraclient.CommentPage
	if ok, err := is.Field("comment", &c); !ok || err != nil {
		return nil, true
	}
	return c.Comments, c.Total <= len(c.Comments)
}

// LightPageSize is the page size of searches that ask only for IDs and
// update times (Jira allows up to 5,000 then).
const LightPageSize = 5000

// changedSinceSweep reads the issues updated since the last sweep began
// (with their fields) and lists the IDs of the issues updated in the overlap
// before it that the sweep did not see (Jira's index lags behind its
// writes): a search of IDs only, 5,000 to a page, so a run with nothing to
// do costs the same whatever the project's size.
func (e *Engine) changedSinceSweep(ctx context.Context, s *Snapshot, run func(string) error) ([]string, error) {
	since := e.st.JiraSince
	if err := run(fmt.Sprintf("project = %q AND updated >= %s", s.JiraKey, jiraclient.EpochMillis(since))); err != nil {
		return nil, err
	}
	return e.unseenInOverlap(ctx, s.JiraKey, since)
}

// unseenInOverlap lists the issues updated in the overlap before t that
// the last sweep did not see.
func (e *Engine) unseenInOverlap(ctx context.Context, key string, t time.Time) ([]string, error) {
	req := jiraclient.SearchRequest{JQL: fmt.Sprintf("project = %q AND updated >= %s AND updated < %s ORDER BY key ASC", key,
		jiraclient.EpochMillis(t.Add(-e.cfg.Overlap)), jiraclient.EpochMillis(t)), Fields: []string{"id"}, MaxResults: LightPageSize}
	var out []string
	for {
		page, err := e.cfg.Jira.SearchPage(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("search Jira issues: %w", err)
		}
		for _, is := range page.Issues {
			if _, ok := e.st.Seen[is.ID]; !ok {
				out = append(out, is.ID)
			}
		}
		if page.NextPageToken == "" || len(page.Issues) == 0 {
			return out, nil
		}
		req.NextPageToken = page.NextPageToken
	}
}

// updatedKey is an issue's update time as a comparable string.
func updatedKey(is jiraclient.Issue) string {
	var s string
	_, _ = is.Field("updated", &s)
	return s
}
