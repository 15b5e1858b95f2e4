package spiratest

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Spira's route templates bind every path and query value as a string, and
// each operation converts the ones it needs. A value that is missing (the
// template hands the operation null: there are no defaults) or does not
// convert answers 406 Not Acceptable with a JSON string (F5). The integer
// message is Spira's; the wording of the others is not public, their
// meaning is.

const maxRows = 500

func (c *call) notAcceptable(msg string) { writeJSONString(c.w, http.StatusNotAcceptable, msg) }

// pathInt reads an integer path variable (projects/abc is a 406).
func (c *call) pathInt(name string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(c.r.PathValue(name)))
	if err != nil {
		c.notAcceptable("The passed in '" + name + "' needs to be an integer")
		return 0, false
	}
	return n, true
}

// parseBool is .NET's Boolean.TryParse: true or false in any case.
func parseBool(v string) (bool, bool) {
	switch v = strings.TrimSpace(v); {
	case strings.EqualFold(v, "true"):
		return true, true
	case strings.EqualFold(v, "false"):
		return false, true
	}
	return false, false
}

// requiredBool reads a boolean query parameter of the route's template.
func (c *call) requiredBool(name string) (bool, bool) {
	b, ok := parseBool(c.r.URL.Query().Get(name))
	if !ok {
		c.notAcceptable("The passed in '" + name + "' needs to be a boolean")
	}
	return b, ok
}

// optionalBool reads a boolean that v7 clients send but whose template is
// not known (F23): absent gives def, unless the simulator was told to
// require it; present, it must convert.
func (c *call) optionalBool(name string, def bool) (bool, bool) {
	if c.s.cfg.reads.v6ListParams {
		return def, true
	}
	if _, given := c.r.URL.Query()[name]; !given && !c.s.cfg.reads.requireListParams {
		return def, true
	}
	return c.requiredBool(name)
}

// paging reads the 1-based start row and the row count of a paged route
// under the operation's own names; both are required. A start below 1 reads
// as 1 (not known, chosen); the count is capped at 500 (F26).
func (c *call) paging(startName, countName string) (int, int, bool) {
	return c.pagingCapped(startName, countName, true)
}

// pagingCapped is paging, with the 500-row cap only when capped: the v6
// incident searches pass the count straight to the query.
func (c *call) pagingCapped(startName, countName string, capped bool) (int, int, bool) {
	start, ok := c.requiredInt(startName)
	if !ok {
		return 0, 0, false
	}
	n, ok := c.requiredInt(countName)
	if !ok {
		return 0, 0, false
	}
	start = max(start, 1)
	if capped {
		n = min(n, maxRows)
	}
	return start, max(n, 0), true
}

// optionalPaging is paging for users/all, whose v7 template is not known
// (F23): both absent is everything, unless the simulator requires them.
func (c *call) optionalPaging(startName, countName string) (int, int, bool) {
	if c.s.cfg.reads.v6ListParams {
		return 1, int(^uint(0) >> 1), true
	}
	q := c.r.URL.Query()
	_, hasStart := q[startName]
	_, hasCount := q[countName]
	if !hasStart && !hasCount && !c.s.cfg.reads.requireListParams {
		return 1, int(^uint(0) >> 1), true
	}
	return c.paging(startName, countName)
}

var exactUTC = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$`)

// requiredUTC reads a date parameter Spira parses exactly as
// yyyy-MM-ddTHH:mm:ss.fff, taken as UTC: no zone, three fractional digits
// (F6).
func (c *call) requiredUTC(name string) (time.Time, bool) {
	v := c.r.URL.Query().Get(name)
	if exactUTC.MatchString(v) {
		if t, err := time.ParseInLocation("2006-01-02T15:04:05.000", v, time.UTC); err == nil {
			return t, true
		}
	}
	c.notAcceptable("The passed in '" + name + "' needs to be in UTC using the format: yyyy-MM-ddTHH:mm:ss.fff")
	return time.Time{}, false
}
