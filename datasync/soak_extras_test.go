package datasync

import (
	"fmt"
	"strconv"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// The soak with what the current plug-in syncs beyond fields (extras.go):
// tags ↔ labels, estimate points, time tracking, Start Date ↔ due date and
// the requirement due date property, changed on both sides between runs.

var soakLabels = []string{"kiosk", "printer", "a11y", "backend"}

// enableExtras turns the extras on in the soak's plug-in record and
// mapping: Story Points as the estimate field, time tracking, and the
// requirement Target Date property taking Jira's due date.
func (s *soak) enableExtras() {
	s.w.setSpecial("10030,10034,timetracking", "10001")
	s.w.spira.SetCustomPropertyMapping(spiratest.DataSyncID, spiratest.ProductID, reqDateProperty, mapping.KeyDueDate)
	s.extras = true
}

func (s *soak) someLabels() []string {
	var out []string
	for _, l := range soakLabels {
		if s.pick(2) == 0 {
			out = append(out, l)
		}
	}
	return out
}

func (s *soak) someDate() string {
	return time.Date(2027, time.Month(1+s.pick(12)), 1+s.pick(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// extraChange edits one extra field of a random item on one side.
func (s *soak) extraChange() string {
	s.n++
	switch s.pick(4) {
	case 0, 1:
		id := s.randomIncident()
		inc, err := s.w.sc.Incident(ctx, spiratest.ProductID, id)
		require.NoError(s.t, err)
		var what string
		if s.pick(2) == 0 {
			tags := s.someLabels()
			if s.pick(4) == 0 {
				tags = append(tags, "needs review") // Jira refuses it: stays in Spira
			}
			inc.Tags, what = joinTags(tags), "tags "+joinTags(tags)
		} else {
			est := 30 * (1 + s.pick(16))
			d, _ := time.Parse(time.DateOnly, s.someDate())
			inc.EstimatedEffort, inc.StartDate = &est, spiraclient.TimePtr(d)
			what = fmt.Sprintf("estimate %d min, start %s", est, d.Format(time.DateOnly))
		}
		require.NoError(s.t, s.w.sc.UpdateIncident(ctx, spiratest.ProductID, *inc))
		return fmt.Sprintf("Spira edit of incident %d: %s", id, what)
	default:
		key := s.randomKey()
		is := s.w.issue(key)
		fields := map[string]any{"labels": s.someLabels(), "duedate": s.someDate()}
		if is.Type == "Story" {
			fields[jiratest.FieldStoryPoints] = float64([]int{1, 2, 3, 5, 8}[s.pick(5)])
		}
		if is.Type != "Epic" {
			fields["timetracking"] = map[string]any{"originalEstimate": fmt.Sprintf("%dh", 1+s.pick(12))}
		}
		require.NoError(s.t, s.w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: fields}), s.tag)
		return fmt.Sprintf("Jira edit of %s: extras %v", key, fields)
	}
}

func joinTags(tags []string) string {
	out := ""
	for i, t := range tags {
		if i > 0 {
			out += ","
		}
		out += t
	}
	return out
}

// checkExtras: where the mode sends updates both ways, a pair's tags and
// labels (less the spaced ones), Start Date and due date, and estimate
// agree; where requirement updates come from Jira, a requirement has its
// issue's labels, story points and due date.
func (s *soak) checkExtras(issues map[string]jiratest.Issue, keyOfInc, keyOfReq map[int]string) {
	t := s.t
	set := s.w.mapping.Plugin.Settings()
	if set.Flow(mapping.FlowIncidents).Update.ToJira() {
		for id, key := range keyOfInc {
			inc, err := s.w.sc.Incident(ctx, spiratest.ProductID, id)
			require.NoError(t, err)
			is := issues[key]
			require.Equal(t, tagList(is.Labels), tagList(jiraTags(inc.Tags)), "%s: tags of incident %d and labels of %s", s.tag, id, key)
			start := ""
			if inc.StartDate != nil && !inc.StartDate.IsZero() {
				start = inc.StartDate.UTC().Format(time.DateOnly)
			}
			require.Equal(t, is.DueDate, start, "%s: start date of incident %d and due date of %s", s.tag, id, key)
			est := ""
			if is.OriginalEstimate != nil && *is.OriginalEstimate != 0 {
				est = strconv.FormatInt(*is.OriginalEstimate/60, 10)
			}
			require.Equal(t, est, effortText(inc.EstimatedEffort), "%s: estimate of incident %d and %s", s.tag, id, key)
		}
	}
	if !set.Flow(mapping.FlowRequirements).Update.ToSpira() {
		return
	}
	for id, key := range keyOfReq {
		r, err := s.w.sc.Requirement(ctx, spiratest.ProductID, id)
		require.NoError(t, err)
		is := issues[key]
		require.Equal(t, tagList(is.Labels), tagList(jiraTags(r.Tags)), "%s: tags of requirement %d and labels of %s", s.tag, id, key)
		points := ""
		if v, ok := is.Custom[jiratest.FieldStoryPoints].(float64); ok {
			points = strconv.FormatFloat(v, 'f', -1, 64)
		}
		require.Equal(t, points, pointsText(r.EstimatePoints), "%s: estimate points of requirement %d and %s", s.tag, id, key)
		require.Equal(t, is.DueDate, reqDueOf(r), "%s: due date property of requirement %d and due date of %s", s.tag, id, key)
	}
}

func reqDueOf(r *spiraclient.RemoteRequirement) string {
	for _, cp := range r.CustomProperties {
		if cp.Definition != nil && cp.Definition.CustomPropertyID == reqDateProperty && cp.DateTimeValue != nil && !cp.DateTimeValue.IsZero() {
			return cp.DateTimeValue.UTC().Format(time.DateOnly)
		}
	}
	return ""
}
