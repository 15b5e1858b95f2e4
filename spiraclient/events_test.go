package spiraclient_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// sentCall is a request the client sent, body included.
type sentCall struct {
	method, path string
	query        url.Values
	body         string
}

// eventLog is a simulator (strict about body fields) whose log holds n
// entries written through the client a minute apart from base, with
// Message "event 1".."event n", and a recorder of what reaches it.
type eventLog struct {
	sim   *spiratest.Sim
	url   string
	base  time.Time
	mu    sync.Mutex
	calls []sentCall
}

func newEventLog(t *testing.T, n int) *eventLog {
	t.Helper()
	l := &eventLog{base: time.Date(2026, 3, 1, 23, 57, 0, 0, time.UTC)}
	now := l.base
	var clock sync.Mutex
	l.sim = spiratest.New(spiratest.WithStrictFields(), spiratest.WithClock(func() time.Time {
		clock.Lock()
		defer clock.Unlock()
		return now
	}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		l.mu.Lock()
		l.calls = append(l.calls, sentCall{r.Method, r.URL.Path, r.URL.Query(), string(b)})
		l.mu.Unlock()
		l.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	l.url = srv.URL
	w := l.client(t, l.sim.SyncAccount())
	for i := 1; i <= n; i++ {
		typ := spiraclient.EventInformation
		if i%2 == 1 {
			typ = spiraclient.EventError
		}
		require.NoError(t, w.WriteEvent(context.Background(), spiraclient.RemoteEvent{EventLogEntryType: typ, Message: "event " + strconv.Itoa(i), Details: "details " + strconv.Itoa(i)}))
		clock.Lock()
		now = now.Add(time.Minute)
		clock.Unlock()
	}
	l.mu.Lock()
	l.calls = nil
	l.mu.Unlock()
	return l
}

func (l *eventLog) client(t *testing.T, a spiratest.Account, opts ...spiraclient.Option) *spiraclient.Client {
	t.Helper()
	c, err := spiraclient.New(l.url, a.Login, a.APIKey, append([]spiraclient.Option{fastRetry()}, opts...)...)
	require.NoError(t, err)
	return c
}

func (l *eventLog) sent() []sentCall {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]sentCall(nil), l.calls...)
}

func eventMessages(evs []spiraclient.RemoteEventLogEntry) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Message)
	}
	return out
}

// F1: Events reads a page through POST system/events/search with Spira's
// parameter names, newest first, and an empty filter list.
func TestF1EventsCallsTheSearchRoute(t *testing.T) {
	l := newEventLog(t, 3)
	c := l.client(t, l.sim.Admin())
	evs, err := c.Events(context.Background(), 2, 10)
	require.NoError(t, err)
	require.Equal(t, []string{"event 2", "event 1"}, eventMessages(evs), "newest first from row 2")

	calls := l.sent()
	require.Len(t, calls, 1)
	got := calls[0]
	require.Equal(t, "POST", got.method)
	require.Equal(t, spiratest.ServicePath+"system/events/search", got.path)
	require.Equal(t, url.Values{"starting_row": {"2"}, "number_of_rows": {"10"}, "sort_field": {"EventTimeUtc"}, "sort_direction": {"DESC"}}, got.query)
	require.JSONEq(t, `[]`, got.body)

	e := evs[1]
	require.NotEmpty(t, e.EventID)
	require.Equal(t, spiraclient.EventError, e.EventTypeID)
	require.Equal(t, "Error", e.EventTypeName)
	require.Equal(t, "details 1", e.Details)
	require.Equal(t, "Data Synchronization", e.EventCategory)
	require.True(t, e.EventTimeUtc.Equal(l.base), e.EventTimeUtc)
}

// F1, F25: a login that is not a system administrator gets a 400 from the
// event log; the client reports it as such, with what to do, and not as
// bad data or a wrong API key.
func TestF1EventsForANonAdministrator(t *testing.T) {
	l := newEventLog(t, 1)
	u := l.sim.SyncAccount()
	c := l.client(t, u)
	_, err := c.Events(context.Background(), 1, 10)
	require.ErrorIs(t, err, spiraclient.ErrNeedsSystemAdmin)
	require.False(t, errors.Is(err, spiraclient.ErrValidation), "not a validation fault")
	require.False(t, errors.Is(err, spiraclient.ErrUnauthorized), "the login works")
	require.Contains(t, err.Error(), "only system administrators can read Spira's event log")
	require.Contains(t, err.Error(), "System Administration > System > Event Log")
	require.NotContains(t, err.Error(), u.APIKey)

	for _, err := range c.SearchEvents(context.Background(), spiraclient.EventQuery{}) {
		require.ErrorIs(t, err, spiraclient.ErrNeedsSystemAdmin)
	}
}

// F1, F26: SearchEvents pages newest first and stops at a short page.
func TestF1SearchEventsPages(t *testing.T) {
	l := newEventLog(t, 5)
	c := l.client(t, l.sim.Admin(), spiraclient.WithPageSize(2))
	evs, err := spiraclient.Collect(c.SearchEvents(context.Background(), spiraclient.EventQuery{}))
	require.NoError(t, err)
	require.Equal(t, []string{"event 5", "event 4", "event 3", "event 2", "event 1"}, eventMessages(evs))
	var starts []string
	for _, s := range l.sent() {
		starts = append(starts, s.query.Get("starting_row")+"/"+s.query.Get("number_of_rows"))
	}
	require.Equal(t, []string{"1/2", "3/2", "5/2"}, starts)
}

// F1: asked past its end, Spira answers the last rows again instead of an
// empty page; the walk stops there and yields nothing twice.
func TestF1SearchEventsStopsWhenSpiraRepeatsTheLastPage(t *testing.T) {
	l := newEventLog(t, 4)
	c := l.client(t, l.sim.Admin(), spiraclient.WithPageSize(2))
	evs, err := spiraclient.Collect(c.SearchEvents(context.Background(), spiraclient.EventQuery{}))
	require.NoError(t, err)
	require.Equal(t, []string{"event 4", "event 3", "event 2", "event 1"}, eventMessages(evs))
	require.Len(t, l.sent(), 3, "the third page repeats the second")
}

// Since and Limit end the walk without reading further pages.
func TestSearchEventsSinceAndLimit(t *testing.T) {
	l := newEventLog(t, 6)
	c := l.client(t, l.sim.Admin(), spiraclient.WithPageSize(2))
	evs, err := spiraclient.Collect(c.SearchEvents(context.Background(), spiraclient.EventQuery{Since: l.base.Add(3 * time.Minute)}))
	require.NoError(t, err)
	require.Equal(t, []string{"event 6", "event 5", "event 4"}, eventMessages(evs))
	require.Len(t, l.sent(), 2, "the second page reaches an older entry")

	evs, err = spiraclient.Collect(c.SearchEvents(context.Background(), spiraclient.EventQuery{Limit: 3}))
	require.NoError(t, err)
	require.Equal(t, []string{"event 6", "event 5", "event 4"}, eventMessages(evs))
}

// F1: the query's filters go in the body with the names Spira documents
// for the event log, which the simulator applies.
func TestF1SearchEventsFilters(t *testing.T) {
	l := newEventLog(t, 6) // 23:57..00:02: events 1-3 on March 1, 4-6 on March 2
	c := l.client(t, l.sim.Admin())
	q := spiraclient.EventQuery{TypeID: spiraclient.EventError, On: time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC),
		Category: "synchron", Message: "EVENT", Details: "5"}
	evs, err := spiraclient.Collect(c.SearchEvents(context.Background(), q))
	require.NoError(t, err)
	require.Equal(t, []string{"event 5"}, eventMessages(evs))
	require.JSONEq(t, `[
		{"PropertyName":"EventTypeId","IntValue":1},
		{"PropertyName":"EventTimeUtc","StringValue":"2026-03-02"},
		{"PropertyName":"EventCategory","StringValue":"synchron"},
		{"PropertyName":"Message","StringValue":"EVENT"},
		{"PropertyName":"Details","StringValue":"5"}]`, l.sent()[0].body)

	evs, err = spiraclient.Collect(c.SearchEvents(context.Background(), spiraclient.EventQuery{On: l.base}))
	require.NoError(t, err)
	require.Equal(t, []string{"event 3", "event 2", "event 1"}, eventMessages(evs), "the whole UTC day")
}

// F5: a 406 is a parameter the client got wrong; the error names it.
func TestF5EventsBadParameter(t *testing.T) {
	srv := newRawServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotAcceptable)
		_, _ = w.Write([]byte(`"The passed in 'number_of_rows' needs to be an integer"`))
	})
	c, err := spiraclient.New(srv, "administrator", "{K}", fastRetry())
	require.NoError(t, err)
	_, err = c.Events(context.Background(), 1, 10)
	require.ErrorIs(t, err, spiraclient.ErrBadParameter)
	require.False(t, errors.Is(err, spiraclient.ErrNeedsSystemAdmin))
	require.Contains(t, err.Error(), "'number_of_rows'")
	require.Contains(t, err.Error(), "fault of spirajira")
}
