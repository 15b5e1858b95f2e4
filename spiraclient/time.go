package spiraclient

import (
	"bytes"
	"fmt"
	"time"
)

// TimeLayout is how Spira's v7_0 REST API writes dates: ISO 8601 in UTC with
// milliseconds and a Z.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time is a Spira date. It marshals as TimeLayout in UTC and parses ISO
// dates with or without a zone; a date without a zone is UTC, as Spira
// assumes.
type Time struct{ time.Time }

// T wraps t as a Spira date.
func T(t time.Time) Time { return Time{t} }

// TimePtr returns a pointer to t as a Spira date, for nullable fields.
func TimePtr(t time.Time) *Time { return &Time{t} }

// MarshalJSON writes the date in UTC as TimeLayout.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.UTC().Format(TimeLayout) + `"`), nil
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// ParseTime parses a date as Spira writes it; a missing zone means UTC.
func ParseTime(s string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("spira: cannot parse date %q", s)
}

// UnmarshalJSON reads an ISO date; null leaves t unchanged.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("spira: date is not a JSON string: %s", b)
	}
	v, err := ParseTime(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}
