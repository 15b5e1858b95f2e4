package jiraclient_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// The error branches below run against the simulator, which injects each
// failure the way Jira Cloud (or a proxy in front of it) answers.

const myselfEndpoint = "GET /rest/api/3/myself"

func TestSimulatorServerErrorsThenSuccess(t *testing.T) {
	sim, _, c := newSim(t)
	sim.FailNext(myselfEndpoint, jiratest.Fault502, jiratest.Fault500, jiratest.FaultDrop)
	me, err := c.Myself(t.Context())
	require.NoError(t, err, "a read outlasts 5xx answers and a dropped connection")
	require.Equal(t, sim.Admin().AccountID, me.AccountID)
	require.Equal(t, 4, sim.Requests()[myselfEndpoint])
}

func TestSimulatorRetryAfterDateThenSuccess(t *testing.T) {
	sim, url, _ := newSim(t)
	c := clientFor(t, url, sim.Admin(), jiraclient.WithRetry(3, time.Millisecond, 3*time.Second))
	sim.FailNext(myselfEndpoint, jiratest.Fault503Date)
	_, err := c.Myself(t.Context())
	require.NoError(t, err, "a 503 whose Retry-After is an HTTP date is retried")
	require.Equal(t, 2, sim.Requests()[myselfEndpoint])
}

func TestSimulatorHTMLLoginPage(t *testing.T) {
	sim, _, c := newSim(t)
	sim.FailNext(myselfEndpoint, jiratest.FaultHTML)
	_, err := c.Myself(t.Context())
	require.ErrorIs(t, err, jiraclient.ErrNotJira)
	require.NotContains(t, err.Error(), sim.Admin().Token)
}

func TestSimulatorCancellationMidRetry(t *testing.T) {
	sim, url, _ := newSim(t)
	c := clientFor(t, url, sim.Admin(), jiraclient.WithRetry(3, time.Millisecond, 5*time.Second))
	sim.FailNext(myselfEndpoint, jiratest.Fault429) // Retry-After: 1
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := c.Myself(ctx)
		done <- err
	}()
	require.Eventually(t, func() bool { return sim.Requests()[myselfEndpoint] == 1 }, 30*time.Second, time.Millisecond)
	cancel()
	// An uncancelled wait would end after the second of Retry-After with a
	// second request and no error, so a late answer is no cancellation; the
	// deadline only keeps a hung call from holding the run.
	select {
	case err := <-done:
		require.True(t, errors.Is(err, context.Canceled), "got %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the retry wait was not cancelled")
	}
	require.Equal(t, 1, sim.Requests()[myselfEndpoint], "no request after the cancel")
}
