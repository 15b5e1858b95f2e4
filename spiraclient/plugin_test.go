package spiraclient_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
)

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// F11: Spira creates every record active and answers the request; the
// client returns what was stored and puts an unwanted record inactive.
func TestF11CreateDataSyncReturnsTheStoredRecordAndHonoursInactive(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	off, err := f.c.CreateDataSync(ctx, spiraclient.RemoteDataSyncSystem{Name: "SpareSync", ConnectionString: "https://x", IsActive: false})
	require.NoError(t, err)
	require.False(t, off.IsActive)
	stored, ok := f.sim.PlugIn(off.DataSyncSystemID)
	require.True(t, ok)
	require.False(t, stored.IsActive, "put inactive at once, so Spira's service never runs it")
	require.Equal(t, spiraclient.DataSyncStatusNotRun, off.DataSyncStatusID, "the stored record, not the echo")

	on, err := f.c.CreateDataSync(ctx, spiraclient.RemoteDataSyncSystem{Name: "LiveSync", ConnectionString: "https://y", IsActive: true})
	require.NoError(t, err)
	require.True(t, on.IsActive)

	// An existing record is returned as it is, never deactivated.
	same, err := f.c.CreateDataSync(ctx, spiraclient.RemoteDataSyncSystem{Name: "JiraDataSync", ConnectionString: "https://other"})
	require.NoError(t, err)
	require.Equal(t, 1, same.DataSyncSystemID)
	require.True(t, same.IsActive)
	p, _ := f.sim.PlugIn(1)
	require.True(t, p.IsActive)
}

func TestF12EmptyDisplayNameIsWrittenBackUnchanged(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	p, _ := f.sim.PlugIn(1)
	p.Caption = ""
	f.sim.SetPlugIn(p)
	got, err := f.c.DataSync(ctx, 1)
	require.NoError(t, err)
	require.Empty(t, got.DisplayName, "not defaulted to the Name")
	got.Custom05 = "relates to"
	require.NoError(t, f.c.UpdateDataSync(ctx, *got))
	p, _ = f.sim.PlugIn(1)
	require.Empty(t, p.Caption)
	require.Equal(t, "relates to", p.Custom[4])
}

// F13/F14: Spira answers run results and mapping reads for an ID that has
// no record as if all were well; only GET data-syncs/{id} tells.
func TestF13F14OnlyTheRecordReadTellsAStalePlugInID(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	require.NoError(t, f.c.DataSyncSuccess(ctx, 99, fixedNow), "Spira answers 200")
	maps, err := f.c.ArtifactMappings(ctx, 1, 99, spiraclient.ArtifactTypeIncident)
	require.NoError(t, err)
	require.Empty(t, maps, "Spira answers nothing, not an error")

	_, err = f.c.DataSync(ctx, 99)
	require.ErrorIs(t, err, spiraclient.ErrPluginNotFound)
	require.ErrorIs(t, err, spiraclient.ErrNotFound)
	require.Contains(t, err.Error(), spiraclient.PluginScreen)
	require.Contains(t, err.Error(), "ID 99")
}

// F15: the client sends one method (the headers, key with braces) and never
// retries a refused login, which may count towards a lock-out.
func TestF15OneAuthMethodAndNoRetryOfARefusedLogin(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.c.CurrentUser(ctx)
	require.NoError(t, err)
	r := f.rec.last()
	require.Empty(t, r.Header.Get("Authorization"))
	require.Empty(t, r.URL.Query().Get("api-key"))
	require.Equal(t, f.sim.Admin().APIKey, r.Header.Get("api-key"))

	bad, err := spiraclient.New(f.srv.URL, "administrator", "{00000000-0000-0000-0000-000000000000}", fastRetry())
	require.NoError(t, err)
	before := f.rec.count()
	_, err = bad.CurrentUser(ctx)
	require.ErrorIs(t, err, spiraclient.ErrUnauthorized)
	require.Equal(t, before+1, f.rec.count(), "one attempt")
}

func TestF18UnknownRunStatusIsShownNotFatal(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	require.NoError(t, f.sim.SetPlugInStatus(1, 5, "In Progress"))
	got, err := f.c.DataSync(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 5, got.DataSyncStatusID)
	require.Equal(t, "In Progress (unknown status 5)", spiraclient.DataSyncStatusText(*got))
	require.True(t, spiraclient.IsInProgress(*got))
	require.Equal(t, "unknown (7)", spiraclient.DataSyncStatusText(spiraclient.RemoteDataSyncSystem{DataSyncStatusID: 7}))
	require.Equal(t, "Not Run", spiraclient.DataSyncStatusText(spiraclient.RemoteDataSyncSystem{DataSyncStatusID: 4}))
}

func TestF21OlderThan75SaysUpgradeNotA404(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.sim.SetProductVersion("7.4.0.2")
	_, err := f.c.CurrentUser(ctx)
	require.ErrorIs(t, err, spiraclient.ErrSpiraTooOld)
	require.Contains(t, err.Error(), "Spira 7.4.0.2 is older than 7.5")
	require.Contains(t, err.Error(), "upgrade Spira")
	_, err = f.c.DataSync(ctx, 1)
	require.ErrorIs(t, err, spiraclient.ErrSpiraTooOld)
	require.NotErrorIs(t, err, spiraclient.ErrPluginNotFound, "a missing route is no missing record")
	v, err := f.c.ProductVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, "7.4.0.2", v.Version)

	// A current Spira under a wrong path is not "too old".
	g := newFixture(t)
	wrong, err := spiraclient.New(g.srv.URL+"/spira", "administrator", g.sim.Admin().APIKey, fastRetry())
	require.NoError(t, err)
	_, err = wrong.CurrentUser(ctx)
	require.Error(t, err)
	require.NotErrorIs(t, err, spiraclient.ErrSpiraTooOld)
}

func TestF24MappingCallRefusedForARoleSaysWhichRole(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.sim.SetMappingRoles("Product Owner")
	sync := f.sim.SyncAccount()
	c, err := spiraclient.New(f.srv.URL, sync.Login, sync.APIKey, fastRetry())
	require.NoError(t, err)
	_, err = c.ArtifactMappings(ctx, 1, 1, spiraclient.ArtifactTypeIncident)
	require.ErrorIs(t, err, spiraclient.ErrUnauthorized)
	require.Contains(t, err.Error(), "lacks a role needed for data mappings")
	require.Contains(t, err.Error(), "Product Owner")
}
