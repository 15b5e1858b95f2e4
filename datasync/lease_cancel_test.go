package datasync

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A signal while the lease settles (sync --every stopped by SIGTERM)
// releases the lease written, so that the next run, from here or from
// another state directory, is not held off until the lease's TTL.
func TestALeaseWrittenAsTheRunIsCancelledIsReleased(t *testing.T) {
	w := newWorld(t, worldOpts{})
	e := w.engine(false)
	e.cfg.LeaseSettle = time.Minute
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- e.Begin(cctx) }()
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(strings.Join(leaseKinds(w), ","), "taken") {
		require.True(t, time.Now().Before(deadline), "the lease was not written")
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(time.Minute):
		t.Fatal("Begin did not return after the cancel")
	}
	require.Equal(t, []string{"spirajira lease taken", "spirajira lease released"}, leaseKinds(w))

	other := w.engine(true)
	other.cfg.StateDir = t.TempDir()
	require.NoError(t, other.readFiles())
	require.NoError(t, other.Begin(ctx), "no stale lease holds off a run from elsewhere")
	require.NoError(t, other.Close())
}

func leaseKinds(w *world) []string {
	var out []string
	for _, ev := range w.spira.Events() {
		if strings.HasPrefix(ev.Message, LeasePrefix) {
			out = append(out, strings.SplitN(ev.Message, ":", 2)[0])
		}
	}
	return out
}
