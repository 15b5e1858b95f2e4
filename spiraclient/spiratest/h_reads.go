package spiratest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The list and search reads of incidents, requirements and releases.

// filtered keeps the product's items that match every filter, sorted by
// sortBy. As Spira does, a filter whose PropertyName is not a field of the
// artifact is dropped, so a misspelt name returns everything (F2); with
// WithStrictFilters it is a 400 instead, to catch a client's typo.
func filtered[T any](c *call, pid int, xs []*T, filters []wFilter, sortBy, plural string, field func(*T, string) fieldValue, id func(*T) int) ([]*T, bool) {
	var kept []wFilter
	for _, f := range filters {
		// Whether a field exists does not depend on the data.
		if field(new(T), f.PropertyName).known {
			kept = append(kept, f)
			continue
		}
		if c.s.cfg.reads.strictFilters {
			writeJSONString(c.w, http.StatusBadRequest, "The filter field '"+f.PropertyName+"' is not a field of "+plural+" (WithStrictFilters; Spira would ignore it).")
			return nil, false
		}
	}
	get := field
	if c.s.nameOnly[pid] {
		get = func(x *T, name string) fieldValue {
			v := field(x, name)
			v.desc = nil
			return v
		}
	}
	return filterSort(xs, kept, sortBy, get, id), true
}

// createdSince is the filter of the artifacts created at since or later,
// to the millisecond.
func createdSince(since time.Time) []wFilter {
	f := wFilter{PropertyName: "CreationDate"}
	f.DateRangeValue = &struct {
		ConsiderTimes bool   `json:"ConsiderTimes"`
		StartDate     *stamp `json:"StartDate"`
		EndDate       *stamp `json:"EndDate"`
	}{ConsiderTimes: true, StartDate: at(since)}
	return []wFilter{f}
}

// searchTree answers a POST search of a hierarchical artifact: the page,
// in hierarchy order, of the product's artifacts that match the body's
// filters. Spira names the paging parameters differently per artifact.
func searchTree[T any](c *call, byProduct map[int][]*T, startName, countName, plural string, field func(*T, string) fieldValue, id func(*T) int, out func(*T) T) {
	search(c, byProduct, startName, countName, plural, func(*call) string { return "IndentLevel" }, field, id, out)
}

// search answers a POST search: the page, in the order sortBy reads from
// the request, of the product's artifacts that match the body's filters.
func search[T any](c *call, byProduct map[int][]*T, startName, countName, plural string, sortBy func(*call) string, field func(*T, string) fieldValue, id func(*T) int, out func(*T) T) {
	p, ok := c.project()
	if !ok {
		return
	}
	// The body is bound before the operation converts its parameters.
	var filters []wFilter
	if !c.decode(&filters) {
		return
	}
	start, n, ok := c.paging(startName, countName)
	if !ok {
		return
	}
	if all, ok := filtered(c, p.ProjectId, byProduct[p.ProjectId], filters, sortBy(c), plural, field, id); ok {
		writeOut(c, page(all, start, n), out)
	}
}

func (s *Sim) recentIncidents(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	all := filterSort(s.st.incidents[p.ProjectId], nil, "CreationDate DESC", incidentField, incidentID)
	writeOut(c, page(all, 1, maxRows), s.incidentOut)
}

func (s *Sim) countIncidents(c *call) {
	if p, ok := c.project(); ok {
		c.ok(len(s.st.incidents[p.ProjectId]))
	}
}

// newIncidents serves incidents/recent: all three parameters required,
// creation_date exactly yyyy-MM-ddTHH:mm:ss.fff in UTC, compared with its
// time (inclusive), oldest first (F6).
func (s *Sim) newIncidents(c *call) {
	paged := func(c *call) (int, int, bool) {
		return c.pagingCapped("start_row", "number_rows", !s.cfg.reads.uncappedIncidents)
	}
	newSince(c, s.st.incidents, paged, incidentField, incidentID, s.incidentOut)
}

// newSince answers the page, which paged reads from the request, of the
// product's artifacts created at creation_date or later, oldest first.
func newSince[T any](c *call, byProduct map[int][]*T, paged func(*call) (int, int, bool), field func(*T, string) fieldValue, id func(*T) int, out func(*T) T) {
	p, ok := c.project()
	if !ok {
		return
	}
	start, n, ok := paged(c)
	if !ok {
		return
	}
	since, ok := c.requiredUTC("creation_date")
	if !ok {
		return
	}
	all := filterSort(byProduct[p.ProjectId], createdSince(since), "CreationDate ASC", field, id)
	writeOut(c, page(all, start, n), out)
}

func (s *Sim) incidentsByIDs(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var out []*wIncident
	for _, part := range strings.Split(c.r.URL.Query().Get("ids"), ",") {
		id, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if x := s.st.incident(p.ProjectId, id); x != nil {
			out = append(out, x)
		}
	}
	writeOut(c, out, s.incidentOut)
}

func (s *Sim) searchIncidents(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	var filters []wFilter
	if c.r.Method == http.MethodPost && !c.decode(&filters) {
		return
	}
	start, n, ok := c.pagingCapped("start_row", "number_rows", !s.cfg.reads.uncappedIncidents)
	if !ok {
		return
	}
	sortBy := c.r.URL.Query().Get("sort_by")
	if !s.cfg.reads.incidentSortDirection {
		sortBy = ascendingOnly(sortBy)
	}
	all, ok := filtered(c, p.ProjectId, s.st.incidents[p.ProjectId], filters, sortBy, "incidents", incidentField, incidentID)
	if ok {
		writeOut(c, page(all, start, n), s.incidentOut)
	}
}

// ascendingOnly is what v6's incident search makes of sort_by: it appends
// " ASC", so "Field DESC" becomes three words, which its sorter reads as
// the field ascending (F4).
func ascendingOnly(sortBy string) string {
	field, _, _ := strings.Cut(strings.TrimSpace(sortBy), " ")
	return field
}

func (s *Sim) listRequirements(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	start, n, ok := c.paging("starting_row", "number_of_rows")
	if !ok {
		return
	}
	all := filterSort(s.st.requirements[p.ProjectId], nil, "IndentLevel", requirementField, requirementID)
	writeOut(c, page(all, start, n), s.requirementOut)
}

func (s *Sim) searchRequirements(c *call) {
	searchTree(c, s.st.requirements, "starting_row", "number_of_rows", "requirements", requirementField, requirementID, s.requirementOut)
}

// listReleases serves projects/{p}/releases. v6 takes no parameter; v7
// clients send active_only (F23), which is honoured, and required only
// WithRequiredListParams.
func (s *Sim) listReleases(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	activeOnly, ok := c.optionalBool("active_only", false)
	if !ok {
		return
	}
	var out []*wRelease
	for _, r := range filterSort(s.st.releases[p.ProjectId], nil, "IndentLevel", releaseField, releaseID) {
		if !activeOnly || r.ReleaseStatusId <= 3 {
			out = append(out, r)
		}
	}
	writeOut(c, out, s.releaseOut)
}

func (s *Sim) searchReleases(c *call) {
	searchTree(c, s.st.releases, "start_row", "number_rows", "releases", releaseField, releaseID, s.releaseOut)
}
