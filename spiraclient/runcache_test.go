package spiraclient_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
)

func TestRunCacheReadsEachListOnceAndForgetsWhatAWriteChanges(t *testing.T) {
	f := newFixture(t)
	const releases = "GET projects/{project_id}/releases"
	count := func(route string) int {
		return f.sim.Requests()[route[:4]+"/Services/v7_0/RestService.svc/"+route[4:]]
	}
	ctx := spiraclient.WithRunCache(context.Background())

	first, err := f.c.Releases(ctx, 1)
	require.NoError(t, err)
	again, err := f.c.Releases(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, first, again)
	require.Equal(t, 1, count(releases), "the second read is the first's answer")
	again[0].Name = "changed by the caller"
	third, err := f.c.Releases(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, first[0].Name, third[0].Name, "each read decodes its own copy")

	_, err = f.c.Releases(context.Background(), 1)
	require.NoError(t, err)
	require.Equal(t, 2, count(releases), "without the run's context nothing is cached")

	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	_, err = f.c.CreateRelease(ctx, 1, spiraclient.RemoteRelease{Name: "3.0", VersionNumber: "3.0", ReleaseStatusID: 1, ReleaseTypeID: 1,
		StartDate: spiraclient.T(start), EndDate: spiraclient.T(start.AddDate(0, 3, 0)), ResourceCount: 1}, 0)
	require.NoError(t, err)
	after, err := f.c.Releases(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 3, count(releases), "a write to the list forgets it")
	require.Len(t, after, len(first)+1)

	// The product's record stays cached across writes under it.
	_, err = f.c.Project(ctx, 1)
	require.NoError(t, err)
	_, err = f.c.Project(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 1, count("GET projects/{project_id}"))

	// Reads at once of the same list send one.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			_, err := f.c.Components(ctx, 1, false, false)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	require.Equal(t, 1, count("GET projects/{project_id}/components"))

	// Reads that must be fresh are always sent.
	for range 2 {
		_, err = f.c.ServerDateTime(ctx)
		require.NoError(t, err)
		_, err = f.c.DataSync(ctx, 1)
		require.NoError(t, err)
	}
	require.Equal(t, 2, count("GET system/settings/server-date-time"))
	require.Equal(t, 2, count("GET data-syncs/{data_sync_system_id}"))
}
