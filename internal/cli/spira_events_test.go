package cli

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// eventsSim serves a Spira whose log holds n entries a minute apart
// from base (event 1 the oldest; odd ones errors), and counts the searches.
func eventsSim(t *testing.T, n int, base time.Time) (*spiratest.Sim, string) {
	t.Helper()
	var mu sync.Mutex
	now := base
	sim := spiratest.New(spiratest.WithClock(func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}))
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	u := sim.SyncAccount()
	c, err := spiraclient.New(srv.URL, u.Login, u.APIKey)
	require.NoError(t, err)
	for i := 1; i <= n; i++ {
		typ := spiraclient.EventInformation
		if i%2 == 1 {
			typ = spiraclient.EventError
		}
		require.NoError(t, c.WriteEvent(context.Background(), spiraclient.RemoteEvent{EventLogEntryType: typ, Message: "event " + strconv.Itoa(i)}))
		mu.Lock()
		now = now.Add(time.Minute)
		mu.Unlock()
	}
	return sim, srv.URL
}

const searchRoute = "POST " + spiratest.ServicePath + "system/events/search"

func eventsJSON(t *testing.T, out string) []string {
	t.Helper()
	var evs []spiraclient.RemoteEventLogEntry
	require.NoError(t, json.Unmarshal([]byte(out), &evs), out)
	var msgs []string
	for _, e := range evs {
		msgs = append(msgs, e.Message)
	}
	return msgs
}

// F1: the command reads the log through the search route, newest first,
// and pages past Spira's 500 rows a call.
func TestSpiraEventsPagesThroughTheSearch(t *testing.T) {
	sim, url := eventsSim(t, 620, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	a := sim.Admin()
	useSpira(t, url, a.Login, a.APIKey)

	code, out, errOut := runCLI(t, "", "spira", "events", "--limit", "600", "-o", "json")
	require.Equal(t, 0, code, errOut)
	msgs := eventsJSON(t, out)
	require.Len(t, msgs, 600)
	require.Equal(t, "event 620", msgs[0])
	require.Equal(t, "event 21", msgs[599])
	require.Equal(t, 2, sim.Requests()[searchRoute])

	code, out, _ = runCLI(t, "", "spira", "events")
	require.Equal(t, 0, code)
	require.Contains(t, out, "event 620")
	require.Contains(t, out, "event 571", "50 by default")
	require.NotContains(t, out, "event 570")
}

// --since reads back to a date (all entries unless --limit is given), and
// --type keeps one type.
func TestSpiraEventsSinceAndType(t *testing.T) {
	base := time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC)
	sim, url := eventsSim(t, 90, base) // event 61 at 2026-03-02 00:00
	a := sim.Admin()
	useSpira(t, url, a.Login, a.APIKey)

	code, out, errOut := runCLI(t, "", "spira", "events", "--since", "2026-03-02", "-o", "json")
	require.Equal(t, 0, code, errOut)
	msgs := eventsJSON(t, out)
	require.Len(t, msgs, 30, "more than none, all since midnight")
	require.Equal(t, "event 90", msgs[0])
	require.Equal(t, "event 61", msgs[29])

	code, out, _ = runCLI(t, "", "spira", "events", "--since", "2026-03-02T00:10:00Z", "--limit", "5", "--type", "error", "-o", "json")
	require.Equal(t, 0, code)
	require.Equal(t, []string{"event 89", "event 87", "event 85", "event 83", "event 81"}, eventsJSON(t, out))

	code, out, _ = runCLI(t, "", "spira", "events", "--since", "2100-01-01", "-o", "json")
	require.Equal(t, 0, code)
	require.JSONEq(t, `[]`, out)
}

func TestSpiraEventsRefusesBadFlags(t *testing.T) {
	sim, url := eventsSim(t, 0, time.Now())
	a := sim.Admin()
	useSpira(t, url, a.Login, a.APIKey)
	for _, args := range [][]string{{"--since", "yesterday"}, {"--type", "fatal"}, {"--limit", "-1"}} {
		code, _, errOut := runCLI(t, "", append([]string{"spira", "events"}, args...)...)
		require.Equal(t, ExitUsage, code, args)
		require.Contains(t, errOut, args[0])
	}
	require.Zero(t, sim.Requests()[searchRoute], "refused before asking Spira")
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2026-03-01":                time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		"2026-03-01T09:30:00+01:00": time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC),
		"24h":                       now.Add(-24 * time.Hour),
		"7d":                        now.AddDate(0, 0, -7),
	} {
		got, err := parseSince(in, now)
		require.NoError(t, err, in)
		require.True(t, got.Equal(want), "%s: %s", in, got)
	}
}

// F1, F25: Spira answers a login that is not a system administrator 400
// on its event log; the command says what that means and what to do.
func TestSpiraEventsAsAPlainUser(t *testing.T) {
	sim, url := eventsSim(t, 1, time.Now())
	u := sim.SyncAccount()
	useSpira(t, url, u.Login, u.APIKey)

	code, out, errOut := runCLI(t, "", "spira", "events", "--since", "24h")
	require.Equal(t, ExitError, code, "the login works; it lacks a permission")
	require.Empty(t, out)
	require.Contains(t, errOut, "needs a system administrator's login")
	require.Contains(t, errOut, u.Login)
	require.Contains(t, errOut, "System Administration > System > Event Log")
	require.NotContains(t, errOut, "RSS", "not a wrong API key")
	require.NotContains(t, errOut, "400", "the advice replaces the bare status")
	require.Equal(t, 1, sim.Requests()[searchRoute])
}
