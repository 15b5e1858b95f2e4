package jiratest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Time tracking as Jira Cloud has it: the system field timetracking, on an
// issue only where the field is on its type's screens; estimates set in
// Jira's duration form ("1w 2d 3h 30m") read with the site's working time
// (Jira's default: 8 hours a day, 5 days a week); time spent only through
// work logs, so the field's timeSpent cannot be set.

const (
	hoursPerDay = 8
	daysPerWeek = 5
)

// timeTracking holds an issue's time tracking in seconds; nil is unset.
type timeTracking struct {
	Original, Remaining, Spent *int64
}

// hasTimeTracking reports whether the field is on the issue type's edit
// screen, the only case in which Jira returns it.
func (c *call) hasTimeTracking(is *issue) bool {
	for _, f := range c.s.site.editScreen[is.TypeID] {
		if f == "timetracking" {
			return true
		}
	}
	return false
}

func (c *call) timeTrackingOut(is *issue) map[string]any {
	out := map[string]any{}
	put := func(name string, v *int64) {
		if v != nil {
			out[name] = formatSeconds(*v)
			out[name+"Seconds"] = *v
		}
	}
	put("originalEstimate", is.Time.Original)
	put("remainingEstimate", is.Time.Remaining)
	put("timeSpent", is.Time.Spent)
	return out
}

// applyTimeTracking sets the estimates of a timetracking value. Like Jira
// (outside legacy mode), an original estimate set while no remaining
// estimate is held sets that too.
func (a *applier) applyTimeTracking(v json.RawMessage) {
	var in map[string]json.RawMessage
	if json.Unmarshal(v, &in) != nil || in == nil {
		a.errs.field("timetracking", "Time tracking is invalid.")
		return
	}
	t := &a.is.Time
	set := func(key, name, msg string, dst **int64) bool {
		raw, ok := in[key]
		if !ok {
			return false
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			a.errs.field("timetracking", msg)
			return false
		}
		secs, ok := parseDuration(s)
		if !ok {
			a.errs.field("timetracking", msg)
			return false
		}
		if *dst == nil || **dst != secs {
			a.items = append(a.items, change(name, name, "jira", secString(*dst), secString(*dst), strconv.FormatInt(secs, 10), strconv.FormatInt(secs, 10)))
		}
		*dst = &secs
		return true
	}
	for k := range in {
		if k != "originalEstimate" && k != "remainingEstimate" {
			a.errs.field("timetracking", "Time tracking is invalid.")
			return
		}
	}
	orig := set("originalEstimate", "timeoriginalestimate", "The original estimate specified is not valid.", &t.Original)
	rem := set("remainingEstimate", "timeestimate", "The remaining estimate specified is not valid.", &t.Remaining)
	if orig && !rem && t.Remaining == nil {
		r := *t.Original
		t.Remaining = &r
	}
}

func secString(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

// parseDuration reads Jira's duration form in seconds. A bare number is
// minutes (Jira's default unit).
func parseDuration(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
		return n * 60, true
	}
	var total float64
	for _, part := range strings.Fields(s) {
		n, err := strconv.ParseFloat(part[:len(part)-1], 64)
		if err != nil || n < 0 || len(part) < 2 {
			return 0, false
		}
		switch strings.ToLower(part[len(part)-1:]) {
		case "w":
			total += n * daysPerWeek * hoursPerDay * 3600
		case "d":
			total += n * hoursPerDay * 3600
		case "h":
			total += n * 3600
		case "m":
			total += n * 60
		default:
			return 0, false
		}
	}
	return int64(total + 0.5), true
}

// formatSeconds writes seconds as Jira shows them ("1w 2d 3h 30m", "0m").
func formatSeconds(secs int64) string {
	m := secs / 60
	if m <= 0 {
		return "0m"
	}
	var parts []string
	for _, u := range []struct {
		size int64
		unit string
	}{{daysPerWeek * hoursPerDay * 60, "w"}, {hoursPerDay * 60, "d"}, {60, "h"}, {1, "m"}} {
		if m >= u.size {
			parts = append(parts, strconv.FormatInt(m/u.size, 10)+u.unit)
			m %= u.size
		}
	}
	return strings.Join(parts, " ")
}
