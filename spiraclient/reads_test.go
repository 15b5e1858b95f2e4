package spiraclient_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// simClient is a client of a fresh simulator with opts, as its admin.
func simClient(t *testing.T, simOpts []spiratest.Option, opts ...spiraclient.Option) (*spiratest.Sim, *spiraclient.Client) {
	t.Helper()
	sim := spiratest.New(append([]spiratest.Option{spiratest.WithStrictFields()}, simOpts...)...)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey, append([]spiraclient.Option{fastRetry()}, opts...)...)
	require.NoError(t, err)
	return sim, c
}

// F2: Spira answers everything to a filter name it does not know, so each
// name the client sends must be one Spira knows: the strict simulator
// refuses any other.
func TestF2EveryFilterNameTheClientSendsIsKnown(t *testing.T) {
	ctx := context.Background()
	_, c := simClient(t, []spiratest.Option{spiratest.WithStrictFilters()})
	three, day := 3, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	inc := []spiraclient.RemoteFilter{
		spiraclient.NameSearch("hold"),
		spiraclient.UpdatedSince(day),
		{PropertyName: spiraclient.FilterCreationDate, DateRangeValue: &spiraclient.DateRange{ConsiderTimes: true, StartDate: spiraclient.TimePtr(day)}},
		{PropertyName: spiraclient.FilterIncidentStatusID, IntValue: &three},
		{PropertyName: spiraclient.FilterComponentIDs, IntValue: &three},
	}
	for _, f := range inc {
		_, err := c.SearchIncidentsPage(ctx, 1, []spiraclient.RemoteFilter{f}, "", 1, 10)
		require.NoError(t, err, f.PropertyName)
	}
	req := []spiraclient.RemoteFilter{
		spiraclient.NameSearch("patron"),
		spiraclient.UpdatedSince(day),
		{PropertyName: spiraclient.FilterRequirementStatusID, IntValue: &three},
	}
	for _, f := range req {
		_, err := c.SearchRequirementsPage(ctx, 1, []spiraclient.RemoteFilter{f}, 1, 10)
		require.NoError(t, err, f.PropertyName)
	}
	// The strict simulator does catch a wrong one.
	_, err := c.SearchRequirementsPage(ctx, 1, []spiraclient.RemoteFilter{{PropertyName: "StatusId", IntValue: &three}}, 1, 10)
	require.ErrorIs(t, err, spiraclient.ErrValidation)
}

// F3: a Name search answers every artifact holding the words in its Name
// or Description; the exact name is for the caller to pick.
func TestF3NameSearchIsASuperset(t *testing.T) {
	ctx := context.Background()
	_, c := simClient(t, nil)
	got, err := spiraclient.Collect(c.SearchIncidents(ctx, 1, []spiraclient.RemoteFilter{spiraclient.NameSearch("hold")}, ""))
	require.NoError(t, err)
	var names []string
	for _, i := range got {
		names = append(names, i.Name)
	}
	// "hold" is in two names and in incident 1's description.
	require.ElementsMatch(t, []string{"Renewal fails for items with a pending hold", "Show the hold position on the patron dashboard"}, names)
}

// F4: the client sorts incident searches ascending only, which v6 and a
// v7 honouring the direction answer alike; it refuses DESC outright.
func TestF4IncidentWalksAreAscendingOnBothAnswers(t *testing.T) {
	ctx := context.Background()
	for _, opts := range [][]spiratest.Option{nil, {spiratest.WithIncidentSortDirection()}} {
		_, c := simClient(t, opts, spiraclient.WithPageSize(3))
		var ids []int
		for inc, err := range c.IncidentsUpdatedSince(ctx, 1, time.Time{}) {
			require.NoError(t, err)
			ids = append(ids, inc.IncidentID)
		}
		require.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8}, ids)
		_, err := c.SearchIncidentsPage(ctx, 1, nil, "LastUpdateDate DESC", 1, 10)
		require.ErrorContains(t, err, "ascending only")
	}
}

// F5: every call sends its template's parameters under the operation's own
// names; a 406 is ErrBadParameter, with a hint that it is the client's
// fault and not the login's or the server's.
func TestF5CallsSendEveryTemplateParameter(t *testing.T) {
	ctx := context.Background()
	_, c := simClient(t, []spiratest.Option{spiratest.WithRequiredListParams()})
	_, err := c.Components(ctx, 1, true, false)
	require.NoError(t, err)
	_, err = c.UserByLogin(ctx, "fredbloggs", false)
	require.NoError(t, err)
	_, err = c.IncidentTransitions(ctx, 1, 2, 1, true, false)
	require.NoError(t, err)
	_, err = c.IncidentWorkflowFields(ctx, 1, 2, 1)
	require.NoError(t, err)
	for _, typ := range []int{spiraclient.ArtifactTypeIncident, spiraclient.ArtifactTypeRequirement, spiraclient.ArtifactTypeRelease} {
		_, err = c.CustomProperties(ctx, 1, typ)
		require.NoError(t, err)
	}
	_, err = c.CustomProperties(ctx, 1, 999)
	require.ErrorContains(t, err, "no Spira name")
	_, err = spiraclient.Collect(c.SearchRequirements(ctx, 1, nil))
	require.NoError(t, err)
	_, err = spiraclient.Collect(c.NewIncidents(ctx, 1, time.Time{}))
	require.NoError(t, err)
	_, err = c.Releases(ctx, 1)
	require.NoError(t, err)
	_, err = c.Users(ctx)
	require.NoError(t, err)

}

// F5: a 406 is ErrBadParameter, and says it is the client's fault, not
// the login's or the server's.
func TestF5NotAcceptableIsABadParameter(t *testing.T) {
	ctx := context.Background()
	sim, c := simClient(t, nil)
	sim.FailNext("GET projects/{project_id}/components", 406)
	_, err := c.Components(ctx, 1, true, false)
	require.ErrorIs(t, err, spiraclient.ErrBadParameter)
	require.NotErrorIs(t, err, spiraclient.ErrUnauthorized)
	require.NotErrorIs(t, err, spiraclient.ErrValidation)
	require.ErrorContains(t, err, "fault of spirajira")
}

// F6: incidents/recent gets its date exactly as Spira parses it and
// compares it with the time: an incident created a millisecond before the
// start is not answered, one created at it is.
func TestF6NewIncidentsSendTheExactDate(t *testing.T) {
	ctx := context.Background()
	_, c := simClient(t, nil)
	at := time.Date(2025, 10, 2, 9, 0, 0, 0, time.UTC) // incident 3's creation
	ids := func(from time.Time) []int {
		got, err := spiraclient.Collect(c.NewIncidents(ctx, 1, from))
		require.NoError(t, err)
		var out []int
		for _, i := range got {
			out = append(out, i.IncidentID)
		}
		return out
	}
	require.Equal(t, []int{3, 4, 5, 6, 7, 8}, ids(at))
	require.Equal(t, []int{4, 5, 6, 7, 8}, ids(at.Add(time.Millisecond)))
	require.Equal(t, []int{3, 4, 5, 6, 7, 8}, ids(at.In(time.FixedZone("UTC+2", 7200))), "sent in UTC")
	require.True(t, spiraclient.UpdatedSince(at).DateRangeValue.ConsiderTimes, "a sync window compares times")
}

// F23: Users and Releases send the parameters Inflectra's v7 clients send,
// and get everything, each once, whether Spira requires them, honours them
// or (v6) ignores them, at any page size.
func TestF23UsersAndReleasesOnEveryAnswer(t *testing.T) {
	ctx := context.Background()
	_, ref := simClient(t, nil)
	wantUsers, err := ref.Users(ctx)
	require.NoError(t, err)
	wantRels, err := ref.Releases(ctx, 1)
	require.NoError(t, err)
	for _, opts := range [][]spiratest.Option{nil, {spiratest.WithRequiredListParams()}, {spiratest.WithV6ListParams()}} {
		for _, size := range []int{2, len(wantUsers), 500} {
			_, c := simClient(t, opts, spiraclient.WithPageSize(size))
			users, err := c.Users(ctx)
			require.NoError(t, err)
			require.Equal(t, wantUsers, users, "page size %d", size)
			rels, err := c.Releases(ctx, 1)
			require.NoError(t, err)
			require.Equal(t, wantRels, rels)
		}
	}
	require.Greater(t, len(wantUsers), 2)
	var inactive bool
	for _, u := range wantUsers {
		inactive = inactive || !u.Active
	}
	require.True(t, inactive, "inactive users are listed")
}

// F26: the client asks for at most 500 rows and stops on a short page, so
// it reads every incident whether Spira caps the answer at 500 or not.
func TestF26WalksPastFiveHundredOnBothAnswers(t *testing.T) {
	ctx := context.Background()
	for _, opts := range [][]spiratest.Option{nil, {spiratest.WithUncappedIncidentSearch()}} {
		// A page size above 500 is not taken: the client asks for 500.
		sim, c := simClient(t, opts, spiraclient.WithPageSize(1000))
		for i := 0; i < 520; i++ {
			_, err := c.CreateIncident(ctx, 1, spiraclient.RemoteIncident{Name: "bulk"})
			require.NoError(t, err)
		}
		want := sim.IncidentCount(1)
		got, err := spiraclient.Collect(c.SearchIncidents(ctx, 1, nil, ""))
		require.NoError(t, err)
		require.Len(t, got, want)
		var n int
		for _, err := range c.IncidentsUpdatedSince(ctx, 1, time.Time{}) {
			require.NoError(t, err)
			n++
		}
		require.Equal(t, want, n)
	}
}

// F17: the client writes dates as Spira replies with them, ...fffZ in UTC,
// whatever the zone of the time it is given, and they come back the same.
func TestF17DatesGoOutInSpirasOwnForm(t *testing.T) {
	ctx := context.Background()
	_, c := simClient(t, nil)
	at := time.Date(2026, 3, 2, 23, 4, 5, 678_000_000, time.FixedZone("NZDT", 13*3600))
	b, err := spiraclient.T(at).MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, `"2026-03-02T10:04:05.678Z"`, string(b))
	added, err := c.AddIncidentComments(ctx, 1, 1, []spiraclient.RemoteComment{{Text: "dated", CreationDate: spiraclient.TimePtr(at)}})
	require.NoError(t, err)
	require.True(t, added[0].CreationDate.Equal(at), added[0].CreationDate)
}

// F2, F6: a Spira that answers more than the window asked (a filter it
// dropped, or times it ignored) does not make the walk yield incidents
// changed before it.
func TestF2IncidentsUpdatedSinceRechecksTheWindow(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every incident, whatever the filter.
		var out []spiraclient.RemoteIncident
		for i := 1; i <= 4; i++ {
			out = append(out, spiraclient.RemoteIncident{IncidentID: i, LastUpdateDate: spiraclient.TimePtr(day.Add(time.Duration(i) * 6 * time.Hour))})
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	defer srv.Close()
	c, err := spiraclient.New(srv.URL, "administrator", "{KEY}", fastRetry())
	require.NoError(t, err)
	var ids []int
	for inc, err := range c.IncidentsUpdatedSince(ctx, 1, day.Add(13*time.Hour)) {
		require.NoError(t, err)
		ids = append(ids, inc.IncidentID)
	}
	require.Equal(t, []int{3, 4}, ids)
}
