package spiratest

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// isoDate is what Newtonsoft.Json's reader takes for a date before Spira's
// converter sees it: up to seven fractional digits and a zone of Z, ±HH,
// ±HHmm or ±HH:mm, or none (F17).
var isoDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,7})?(Z|[+-]\d{2}(?::?\d{2})?)?$`)

// parseStamp reads a date of a request body. A date without a zone is UTC,
// as Spira's AssumeUniversal parsing does; a bare yyyy-MM-dd is midnight
// UTC. Replies are always written yyyy-MM-ddTHH:mm:ss.fffZ (stampLayout).
func parseStamp(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.ParseInLocation("2006-01-02", v, time.UTC); err == nil {
		return t, nil
	}
	m := isoDate.FindStringSubmatch(v)
	if m == nil {
		return time.Time{}, fmt.Errorf("the date %q is not an ISO 8601 date", v)
	}
	zone := m[3]
	switch {
	case zone == "" || zone == "Z":
		zone = "Z"
	case len(zone) == 3: // ±HH
		zone += ":00"
	case len(zone) == 5: // ±HHmm
		zone = zone[:3] + ":" + zone[3:]
	}
	t, err := time.Parse(time.RFC3339Nano, m[1]+m[2]+zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("the date %q is not a valid date: %v", v, err)
	}
	return t.UTC(), nil
}
