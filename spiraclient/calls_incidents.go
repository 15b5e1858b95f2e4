package spiraclient

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"
)

func incPath(projectID int, rest string) string {
	return "projects/" + itoa(projectID) + "/incidents" + rest
}

// Incident returns one incident.
func (c *Client) Incident(ctx context.Context, projectID, incidentID int) (*RemoteIncident, error) {
	var out RemoteIncident
	if err := c.do(ctx, request{method: "GET", path: incPath(projectID, "/"+itoa(incidentID))}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// IncidentsByIDs returns the incidents with the given IDs.
func (c *Client) IncidentsByIDs(ctx context.Context, projectID int, ids []int) ([]RemoteIncident, error) {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = itoa(id)
	}
	var out []RemoteIncident
	q := url.Values{"ids": {strings.Join(s, ",")}}
	err := c.do(ctx, request{method: "GET", path: incPath(projectID, "/search-by-ids"), query: q}, &out)
	return out, err
}

// SearchIncidentsPage returns one page of the incidents matching all
// filters (1-based start), sorted by sortBy ascending: "Field" or
// "Field ASC" (empty: CreationDate). Spira v6 sorts this search ascending
// whatever the direction word (F4), so "Field DESC" is refused here rather
// than answered in an order the caller does not expect.
func (c *Client) SearchIncidentsPage(ctx context.Context, projectID int, filters []RemoteFilter, sortBy string, start, n int) ([]RemoteIncident, error) {
	if _, dir, _ := strings.Cut(strings.TrimSpace(sortBy), " "); dir != "" && !strings.EqualFold(strings.TrimSpace(dir), "ASC") {
		return nil, fmt.Errorf("spira: incident search sorted by %q: Spira sorts this search ascending only; sort by the field alone or with ASC", sortBy)
	}
	if filters == nil {
		filters = []RemoteFilter{}
	}
	q := url.Values{"start_row": {itoa(start)}, "number_rows": {itoa(n)}}
	if sortBy != "" {
		q.Set("sort_by", sortBy)
	}
	var out []RemoteIncident
	err := c.do(ctx, request{method: "POST", path: incPath(projectID, "/search"), query: q, body: filters, repeatable: true}, &out)
	return out, err
}

// SearchIncidents walks all incidents matching all filters.
func (c *Client) SearchIncidents(ctx context.Context, projectID int, filters []RemoteFilter, sortBy string) iter.Seq2[RemoteIncident, error] {
	return pages(ctx, c.rows(), func(ctx context.Context, start, n int) ([]RemoteIncident, error) {
		return c.SearchIncidentsPage(ctx, projectID, filters, sortBy, start, n)
	})
}

// IncidentsUpdatedSince walks incidents whose LastUpdateDate >= t, oldest
// change first, each once. It pages by date, so an incident edited during the
// walk cannot push another out of it; the edited one is seen by the next
// walk from a later t. An incident answered from before t is dropped: Spira
// answers everything to a filter it does not apply (F2), and the whole day
// to a window whose times it ignores (F6).
func (c *Client) IncidentsUpdatedSince(ctx context.Context, projectID int, t time.Time) iter.Seq2[RemoteIncident, error] {
	walk := since(ctx, c.rows(), t, lastUpdate, incidentID, func(ctx context.Context, from time.Time, start, n int) ([]RemoteIncident, error) {
		return c.SearchIncidentsPage(ctx, projectID, []RemoteFilter{UpdatedSince(from)}, "LastUpdateDate ASC", start, n)
	})
	return func(yield func(RemoteIncident, error) bool) {
		for inc, err := range walk {
			if err == nil && lastUpdate(inc).Before(t) {
				continue
			}
			if !yield(inc, err) {
				return
			}
		}
	}
}

// NewIncidents walks incidents created at or after t, oldest first, each once
// (GET incidents/recent). It pages by creation date, so an incident deleted
// during the walk cannot push another out of it.
func (c *Client) NewIncidents(ctx context.Context, projectID int, t time.Time) iter.Seq2[RemoteIncident, error] {
	return since(ctx, c.rows(), t, created, incidentID, func(ctx context.Context, from time.Time, start, n int) ([]RemoteIncident, error) {
		q := url.Values{"start_row": {itoa(start)}, "number_rows": {itoa(n)},
			"creation_date": {from.UTC().Format("2006-01-02T15:04:05.000")}}
		var out []RemoteIncident
		err := c.do(ctx, request{method: "GET", path: incPath(projectID, "/recent"), query: q}, &out)
		return out, err
	})
}

func incidentID(inc RemoteIncident) int { return inc.IncidentID }

func lastUpdate(inc RemoteIncident) time.Time {
	if inc.LastUpdateDate == nil {
		return time.Time{}
	}
	return inc.LastUpdateDate.Time
}

func created(inc RemoteIncident) time.Time {
	if inc.CreationDate == nil {
		return time.Time{}
	}
	return inc.CreationDate.Time
}

// IncidentCount returns the number of incidents in a product.
func (c *Client) IncidentCount(ctx context.Context, projectID int) (int, error) {
	var n int
	err := c.do(ctx, request{method: "GET", path: incPath(projectID, "/count")}, &n)
	return n, err
}

// CreateIncident creates an incident. Spira answers with the request echoed
// back and the new IncidentId and ProjectId filled in: what the request left
// out (status, type, opener, dates) is zero there although Spira stored its
// defaults, and the ConcurrencyDate is unusable. Read the incident back
// before relying on any field it did not send.
func (c *Client) CreateIncident(ctx context.Context, projectID int, inc RemoteIncident) (*RemoteIncident, error) {
	inc.ProjectID = projectID
	var out RemoteIncident
	if err := c.do(ctx, request{method: "POST", path: incPath(projectID, ""), body: inc}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateIncident saves inc, which must carry the ConcurrencyDate of the
// last read; a stale one fails with ErrConflict.
func (c *Client) UpdateIncident(ctx context.Context, projectID int, inc RemoteIncident) error {
	inc.ProjectID = projectID
	return c.do(ctx, request{method: "PUT", path: incPath(projectID, "/"+itoa(inc.IncidentID)), body: inc}, nil)
}

// IncidentComments returns an incident's comments.
func (c *Client) IncidentComments(ctx context.Context, projectID, incidentID int) ([]RemoteComment, error) {
	var out []RemoteComment
	err := c.do(ctx, request{method: "GET", path: incPath(projectID, "/"+itoa(incidentID)+"/comments")}, &out)
	return out, err
}

// AddIncidentComments adds comments to an incident and returns them with
// their IDs.
func (c *Client) AddIncidentComments(ctx context.Context, projectID, incidentID int, comments []RemoteComment) ([]RemoteComment, error) {
	for i := range comments {
		comments[i].ArtifactID = incidentID
	}
	var out []RemoteComment
	err := c.do(ctx, request{method: "POST", path: incPath(projectID, "/"+itoa(incidentID)+"/comments"), body: comments}, &out)
	return out, err
}

func tplPath(templateID int, rest string) string {
	return "project-templates/" + itoa(templateID) + rest
}

// IncidentTypes returns a template's incident types.
func (c *Client) IncidentTypes(ctx context.Context, templateID int) ([]RemoteIncidentType, error) {
	var out []RemoteIncidentType
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/incidents/types")}, &out)
	return out, err
}

// IncidentStatuses returns a template's incident statuses.
func (c *Client) IncidentStatuses(ctx context.Context, templateID int) ([]RemoteIncidentStatus, error) {
	var out []RemoteIncidentStatus
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/incidents/statuses")}, &out)
	return out, err
}

// IncidentPriorities returns a template's incident priorities.
func (c *Client) IncidentPriorities(ctx context.Context, templateID int) ([]RemoteIncidentPriority, error) {
	var out []RemoteIncidentPriority
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/incidents/priorities")}, &out)
	return out, err
}

// IncidentSeverities returns a template's incident severities.
func (c *Client) IncidentSeverities(ctx context.Context, templateID int) ([]RemoteIncidentSeverity, error) {
	var out []RemoteIncidentSeverity
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/incidents/severities")}, &out)
	return out, err
}

// DefaultIncidentType returns the type new incidents get by default.
func (c *Client) DefaultIncidentType(ctx context.Context, templateID int) (*RemoteIncidentType, error) {
	var out RemoteIncidentType
	if err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/incidents/types/default")}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DefaultIncidentStatus returns the status new incidents get by default.
func (c *Client) DefaultIncidentStatus(ctx context.Context, templateID int) (*RemoteIncidentStatus, error) {
	var out RemoteIncidentStatus
	if err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/incidents/statuses/default")}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// IncidentTransitions returns the workflow transitions out of statusID for
// incidents of typeID, for a user who is (or is not) the detector or owner.
func (c *Client) IncidentTransitions(ctx context.Context, projectID, typeID, statusID int, isDetector, isOwner bool) ([]RemoteWorkflowIncidentTransition, error) {
	q := url.Values{"status_id": {itoa(statusID)}, "is_detector": {strconv.FormatBool(isDetector)}, "isOwner": {strconv.FormatBool(isOwner)}}
	var out []RemoteWorkflowIncidentTransition
	err := c.do(ctx, request{method: "GET", path: incPath(projectID, "/types/"+itoa(typeID)+"/workflow/transitions"), query: q}, &out)
	return out, err
}

// IncidentWorkflowFields returns the standard field states (inactive,
// required, hidden) for incidents of typeID in statusID.
func (c *Client) IncidentWorkflowFields(ctx context.Context, templateID, typeID, statusID int) ([]RemoteWorkflowField, error) {
	q := url.Values{"status_id": {itoa(statusID)}}
	var out []RemoteWorkflowField
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/incidents/types/"+itoa(typeID)+"/workflow/fields"), query: q}, &out)
	return out, err
}

// IncidentWorkflowCustomProperties returns the custom property states for
// incidents of typeID in statusID.
func (c *Client) IncidentWorkflowCustomProperties(ctx context.Context, templateID, typeID, statusID int) ([]RemoteWorkflowCustomProperty, error) {
	q := url.Values{"status_id": {itoa(statusID)}}
	var out []RemoteWorkflowCustomProperty
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/incidents/types/"+itoa(typeID)+"/workflow/custom-properties"), query: q}, &out)
	return out, err
}
