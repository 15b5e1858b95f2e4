package spiraclient

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"time"
)

// HintEventLogAdmin is the advice given when Spira refuses to show its
// event log to the login.
const HintEventLogAdmin = "only system administrators can read Spira's event log: " +
	"log in with a system administrator's login and API key (spirajira login spira), " +
	"or have one read it in Spira under System Administration > System > Event Log"

// Events returns one page of Spira's event log, newest first, from the
// 1-based row start (POST system/events/search with no filter; system
// administrators only). Spira returns at most MaxPageSize rows a call.
//
// A login that is not a system administrator gets an error matching
// ErrNeedsSystemAdmin. A start past the last row does not give an empty
// page: Spira moves it back and answers the last rows again, so walk the
// log with SearchEvents, which stops there.
func (c *Client) Events(ctx context.Context, start, n int) ([]RemoteEventLogEntry, error) {
	return c.eventsPage(ctx, nil, start, n)
}

// EventQuery selects entries of Spira's event log for SearchEvents. Zero
// fields select everything.
type EventQuery struct {
	// Since ends the walk at the first entry older than it.
	Since time.Time
	// On keeps the entries of one UTC day (Spira's EventTimeUtc filter,
	// which matches a whole day, never a time).
	On time.Time
	// TypeID keeps one entry type: EventError, EventWarning,
	// EventInformation, EventSuccessAudit or EventFailureAudit.
	TypeID int
	// Category, Message and Details keep entries containing the text
	// (Spira compares without regard to case).
	Category, Message, Details string
	// Limit stops after this many entries.
	Limit int
}

// filters are q's RemoteFilter list, with the names Spira documents for
// the event log. Spira ignores a name it does not know and returns
// everything, so these names are kept here only, and tested.
func (q EventQuery) filters() []RemoteFilter {
	out := []RemoteFilter{}
	str := func(name, v string) {
		if v != "" {
			out = append(out, RemoteFilter{PropertyName: name, StringValue: &v})
		}
	}
	if q.TypeID != 0 {
		id := q.TypeID
		out = append(out, RemoteFilter{PropertyName: "EventTypeId", IntValue: &id})
	}
	if !q.On.IsZero() {
		str("EventTimeUtc", q.On.UTC().Format(time.DateOnly))
	}
	str("EventCategory", q.Category)
	str("Message", q.Message)
	str("Details", q.Details)
	return out
}

// SearchEvents walks Spira's event log newest first, a page at a time,
// through POST system/events/search. It stops at a short page, at the first
// entry older than q.Since, after q.Limit entries, or at a page that brings
// no entry not yet seen (asked past its end, Spira answers its last rows
// again). An entry seen twice, because newer ones pushed it to the next
// page during the walk, is yielded once.
func (c *Client) SearchEvents(ctx context.Context, q EventQuery) iter.Seq2[RemoteEventLogEntry, error] {
	size := c.rows()
	filters := q.filters()
	return func(yield func(RemoteEventLogEntry, error) bool) {
		seen := map[string]bool{}
		count := 0
		for start := 1; ; {
			page, err := c.eventsPage(ctx, filters, start, size)
			if err != nil {
				yield(RemoteEventLogEntry{}, err)
				return
			}
			fresh := 0
			for _, e := range page {
				k := e.EventID
				if k == "" {
					k = e.EventTimeUtc.UTC().Format(time.RFC3339Nano) + "\x00" + e.Message
				}
				if seen[k] {
					continue
				}
				seen[k] = true
				fresh++
				if !q.Since.IsZero() && e.EventTimeUtc.Before(q.Since) {
					return
				}
				if !yield(e, nil) {
					return
				}
				if count++; q.Limit > 0 && count >= q.Limit {
					return
				}
			}
			if len(page) < size || fresh == 0 {
				return
			}
			start += len(page)
		}
	}
}

// eventsPage is one call of the search, newest first. Every parameter of
// Spira's template is sent: a sort_direction left out would also sort
// descending, but one sent empty sorts ascending.
func (c *Client) eventsPage(ctx context.Context, filters []RemoteFilter, start, n int) ([]RemoteEventLogEntry, error) {
	if filters == nil {
		filters = []RemoteFilter{}
	}
	q := url.Values{"starting_row": {itoa(start)}, "number_of_rows": {itoa(n)},
		"sort_field": {"EventTimeUtc"}, "sort_direction": {"DESC"}}
	var out []RemoteEventLogEntry
	err := c.do(ctx, request{method: "POST", path: "system/events/search", query: q, body: filters, repeatable: true}, &out)
	var ae *APIError
	// Spira refuses a login that is not a system administrator with its
	// AuthorizationViolation fault, a 400 with a message string (not a
	// 401): the only 400 this search gives a well-formed body.
	if errors.As(err, &ae) && ae.StatusCode == 400 && len(ae.FieldErrors) == 0 {
		if _, page := ae.htmlPage(); !page {
			ae.adminOnly = true
			ae.Hint = HintEventLogAdmin
		}
	}
	return out, err
}
