package jiraclient

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// TimeTracking is an issue's timetracking field: Jira's duration strings
// ("1w 2d 3h 30m") and, on reads, the same in seconds.
type TimeTracking struct {
	OriginalEstimate         string `json:"originalEstimate,omitempty"`
	RemainingEstimate        string `json:"remainingEstimate,omitempty"`
	TimeSpent                string `json:"timeSpent,omitempty"`
	OriginalEstimateSeconds  *int64 `json:"originalEstimateSeconds,omitempty"`
	RemainingEstimateSeconds *int64 `json:"remainingEstimateSeconds,omitempty"`
	TimeSpentSeconds         *int64 `json:"timeSpentSeconds,omitempty"`
}

// TimeTracking returns the issue's time tracking, or nil when the field is
// absent (time tracking off, or not on the issue type's screens).
func (i Issue) TimeTracking() *TimeTracking { return issueField[*TimeTracking](i, "timetracking") }

// WorkingTime is a site's time-tracking configuration: how long a Jira day
// and week are. Jira's default is 8 hours a day, 5 days a week.
type WorkingTime struct {
	HoursPerDay float64
	DaysPerWeek float64
}

// DefaultWorkingTime is Jira's default configuration.
var DefaultWorkingTime = WorkingTime{HoursPerDay: 8, DaysPerWeek: 5}

func (w WorkingTime) orDefault() WorkingTime {
	if w.HoursPerDay <= 0 {
		w.HoursPerDay = DefaultWorkingTime.HoursPerDay
	}
	if w.DaysPerWeek <= 0 {
		w.DaysPerWeek = DefaultWorkingTime.DaysPerWeek
	}
	return w
}

// ParseDuration reads a Jira duration ("1w 2d 3h 30m", "2.5h", "45m") as
// minutes, with w's day and week. A bare number is minutes, as Jira takes
// it by default. Seconds are not a Jira unit here: time tracking counts
// minutes.
func ParseDuration(s string, w WorkingTime) (int, error) {
	w = w.orDefault()
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty duration: use Jira's form, e.g. 1w 2d 3h 30m")
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 {
		return n, nil
	}
	var total float64
	seen := map[rune]bool{}
	for _, part := range strings.Fields(s) {
		unit := unicode.ToLower(rune(part[len(part)-1]))
		num := part[:len(part)-1]
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || v < 0 || num == "" || strings.ContainsAny(num, "+-eE") {
			return 0, fmt.Errorf("duration %q: %q is not a number and a unit (w, d, h or m)", s, part)
		}
		if seen[unit] {
			return 0, fmt.Errorf("duration %q: the unit %c appears twice", s, unit)
		}
		seen[unit] = true
		switch unit {
		case 'w':
			total += v * w.DaysPerWeek * w.HoursPerDay * 60
		case 'd':
			total += v * w.HoursPerDay * 60
		case 'h':
			total += v * 60
		case 'm':
			total += v
		default:
			return 0, fmt.Errorf("duration %q: unknown unit %q (use w, d, h or m)", s, string(unit))
		}
	}
	return int(total + 0.5), nil
}

// FormatDuration writes minutes in Jira's form with w's day and week
// ("1w 2d 3h 30m"); 0 is "0m".
func FormatDuration(minutes int, w WorkingTime) string {
	w = w.orDefault()
	if minutes <= 0 {
		return "0m"
	}
	day := int(w.HoursPerDay * 60)
	week := int(w.DaysPerWeek * float64(day))
	var parts []string
	for _, u := range []struct {
		size int
		unit string
	}{{week, "w"}, {day, "d"}, {60, "h"}, {1, "m"}} {
		if u.size > 0 && minutes >= u.size {
			parts = append(parts, strconv.Itoa(minutes/u.size)+u.unit)
			minutes %= u.size
		}
	}
	return strings.Join(parts, " ")
}
