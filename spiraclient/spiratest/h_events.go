package spiratest

import (
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// notSystemAdmin is the message of Spira's AuthorizationViolation fault on
// the event log (its resource Services_NotAuthorizedViewSystemWideData;
// the exact wording is not public, the meaning is).
const notSystemAdmin = "You are not authorized to view system-wide data. Only system administrators can view the event log."

// searchEvents serves POST system/events/search as Spira's
// System_RetrieveEvents does: system administrators only (others get the
// fault as a 400 JSON string), starting_row and number_of_rows required
// (406), at most 500 rows, sorted by sort_field (EventTimeUtc by default),
// descending unless sort_direction is given and is not "desc", and the
// RemoteFilter list of the body, whose unknown names are ignored.
func (s *Sim) searchEvents(c *call) {
	// The body is bound before the operation runs, so a malformed one is
	// refused first.
	var filters []wFilter
	if !c.decodeOptional(&filters) {
		return
	}
	if !c.u.Admin {
		writeJSONString(c.w, http.StatusBadRequest, notSystemAdmin)
		return
	}
	start, ok := c.requiredInt("starting_row")
	if !ok {
		return
	}
	n, ok := c.requiredInt("number_of_rows")
	if !ok {
		return
	}
	n = min(n, maxRows)
	q := c.r.URL.Query()
	field := strings.TrimSpace(q.Get("sort_field"))
	if field == "" {
		field = "EventTimeUtc"
	}
	// A sort_direction present but empty is not null, so it sorts
	// ascending like any value other than "desc".
	_, given := q["sort_direction"]
	asc := given && !strings.EqualFold(q.Get("sort_direction"), "desc")

	out := []wEvent{}
	for _, e := range s.st.events {
		if eventMatches(e, filters) {
			out = append(out, e)
		}
	}
	key, known := eventSortKeys[field]
	if !known {
		// Spira's answer to an unknown sort field is not known; refusing
		// it keeps a misspelt field from passing unnoticed.
		writeJSONString(c.w, http.StatusBadRequest, "The sort field '"+field+"' is not a field of the event log.")
		return
	}
	// Spira breaks ties by EventId; the simulator's ids follow the order
	// of writing, so ties keep it in the direction of the sort.
	seq := func(e wEvent) int { n, _ := strconv.Atoi(e.EventId); return n }
	sort.SliceStable(out, func(i, j int) bool {
		c := key(out[i], out[j])
		if c == 0 {
			c = seq(out[i]) - seq(out[j])
		}
		if asc {
			return c < 0
		}
		return c > 0
	})
	c.ok(eventPage(out, start, n))
}

// eventPage is Spira's EventManager paging: a start past the last row is
// moved back so that the page ends at the last row (so asking beyond the
// end answers the last rows again, not an empty list), and never before the
// first row.
func eventPage(all []wEvent, start, n int) []wEvent {
	if n <= 0 {
		return []wEvent{}
	}
	i := start - 1
	if i > len(all)-1 {
		i = len(all) - n
	}
	i = max(i, 0)
	return append([]wEvent{}, all[i:min(len(all), i+n)]...)
}

var eventSortKeys = map[string]func(a, b wEvent) int{
	"EventTimeUtc":  func(a, b wEvent) int { return a.EventTimeUtc.t.Compare(b.EventTimeUtc.t) },
	"EventId":       func(a, b wEvent) int { return strings.Compare(a.EventId, b.EventId) },
	"EventTypeId":   func(a, b wEvent) int { return a.EventTypeId - b.EventTypeId },
	"EventCode":     func(a, b wEvent) int { return a.EventCode - b.EventCode },
	"EventCategory": func(a, b wEvent) int { return strings.Compare(a.EventCategory, b.EventCategory) },
	"Message":       func(a, b wEvent) int { return strings.Compare(a.Message, b.Message) },
	"Details":       func(a, b wEvent) int { return strings.Compare(a.Details, b.Details) },
}

// eventMatches applies the filters the way Spira's filter builder does for
// the event log's properties: a value of a kind the property cannot take,
// or a string that does not parse as one, adds no condition; so does a
// name that is no property of an event (F2).
func eventMatches(e wEvent, filters []wFilter) bool {
	for _, f := range filters {
		switch f.PropertyName {
		case "Message", "Details", "EventCategory", "EventId":
			v := map[string]string{"Message": e.Message, "Details": e.Details, "EventCategory": e.EventCategory, "EventId": e.EventId}[f.PropertyName]
			if f.IntValue == nil && f.StringValue != nil &&
				!strings.Contains(strings.ToLower(v), strings.ToLower(*f.StringValue)) {
				return false
			}
		case "EventTypeId", "EventCode":
			v := e.EventTypeId
			if f.PropertyName == "EventCode" {
				v = e.EventCode
			}
			if !intFilterMatches(f, v) {
				return false
			}
		case "EventTimeUtc":
			if !dateFilterMatches(f, e.EventTimeUtc.t) {
				return false
			}
		}
	}
	return true
}

func intFilterMatches(f wFilter, v int) bool {
	switch {
	case f.IntValue != nil:
		// -999 asks for null, which a non-nullable number never is.
		return *f.IntValue == v
	case f.StringValue != nil:
		want, err := strconv.Atoi(strings.TrimSpace(*f.StringValue))
		return err != nil || want == v
	case f.MultiValue != nil:
		if f.MultiValue.IsNone {
			return false
		}
		return len(f.MultiValue.Values) == 0 || containsInt(f.MultiValue.Values, v)
	}
	return true
}

// dateFilterMatches: a StringValue date selects that day (the date part
// of what it parses to, from midnight to midnight UTC, as EventTimeUtc is
// stored); a DateRangeValue is the general date range.
func dateFilterMatches(f wFilter, t time.Time) bool {
	switch {
	case f.IntValue != nil:
		return true
	case f.StringValue != nil:
		d, ok := parseFilterDate(*f.StringValue)
		if !ok {
			return true
		}
		day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		return !t.Before(day) && t.Before(day.AddDate(0, 0, 1))
	case f.DateRangeValue != nil:
		return matches(f, dateField(&stamp{t}))
	}
	return true
}

func parseFilterDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func containsInt(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

// requiredInt reads a query parameter that Spira's route template makes a
// string and the operation converts: missing or not a number is a 406.
func (c *call) requiredInt(name string) (int, bool) {
	v := c.r.URL.Query().Get(name)
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		writeJSONString(c.w, http.StatusNotAcceptable, "The passed in '"+name+"' needs to be an integer")
		return 0, false
	}
	return n, true
}

// decodeOptional is decode, but an empty body reads as null (no filters).
func (c *call) decodeOptional(v any) bool {
	b, err := io.ReadAll(io.LimitReader(c.r.Body, 16<<20))
	if err != nil {
		writeJSONString(c.w, http.StatusBadRequest, "The request body could not be read.")
		return false
	}
	if strings.TrimSpace(string(b)) == "" {
		return true
	}
	c.r.Body = io.NopCloser(strings.NewReader(string(b)))
	return c.decode(v)
}
