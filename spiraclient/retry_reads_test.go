package spiraclient_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// Spira's searches are reads sent by POST: like the Jira client's search,
// they are retried after a server error, which a create is not.
func TestSearchesSentByPOSTAreRetriedLikeReads(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, c := range []struct {
		route string
		call  func() error
	}{
		{"POST projects/{project_id}/incidents/search", func() error {
			_, err := f.c.SearchIncidentsPage(ctx, spiratest.ProductID, nil, "", 1, 10)
			return err
		}},
		{"POST projects/{project_id}/requirements/search", func() error {
			_, err := f.c.SearchRequirementsPage(ctx, spiratest.ProductID, nil, 1, 10)
			return err
		}},
		{"POST data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}/search", func() error {
			_, err := f.c.SearchArtifactMappings(ctx, spiratest.DataSyncID, spiraclient.ArtifactTypeIncident, "LIB-1")
			return err
		}},
	} {
		key := "POST " + spiratest.ServicePath + c.route[len("POST "):]
		before := f.sim.Requests()[key]
		f.sim.FailNext(c.route, 502, 500)
		require.NoError(t, c.call(), c.route)
		require.Equal(t, before+3, f.sim.Requests()[key], c.route)
	}

	key := "POST " + spiratest.ServicePath + "projects/{project_id}/incidents"
	f.sim.FailNext("POST projects/{project_id}/incidents", 502)
	_, err := f.c.CreateIncident(ctx, spiratest.ProductID, spiraclient.RemoteIncident{Name: "not sent twice"})
	require.Error(t, err)
	require.Equal(t, 1, f.sim.Requests()[key])
}

// Writes that set what they set however often they are sent (the user
// mappings Spira adds only for unmapped users, a run's status) are retried
// like reads; an event log entry, which a repeat would write twice, is not.
func TestRepeatableWritesAreRetried(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	at := fixedNow
	for _, c := range []struct {
		route string
		call  func() error
	}{
		{"POST data-mappings/{data_sync_system_id}/users", func() error {
			return f.c.AddUserMappings(ctx, spiratest.DataSyncID, nil)
		}},
		{"POST data-syncs/{data_sync_system_id}/success", func() error { return f.c.DataSyncSuccess(ctx, spiratest.DataSyncID, at) }},
		{"POST data-syncs/{data_sync_system_id}/warning", func() error { return f.c.DataSyncWarning(ctx, spiratest.DataSyncID, at) }},
		{"POST data-syncs/{data_sync_system_id}/failure", func() error { return f.c.DataSyncFailure(ctx, spiratest.DataSyncID) }},
	} {
		method, path, _ := strings.Cut(c.route, " ")
		key := method + " " + spiratest.ServicePath + path
		before := f.sim.Requests()[key]
		f.sim.FailNext(c.route, 502)
		require.NoError(t, c.call(), c.route)
		require.Equal(t, before+2, f.sim.Requests()[key], c.route)
	}

	key := "POST " + spiratest.ServicePath + "data-syncs/events"
	f.sim.FailNext("POST data-syncs/events", 502)
	require.Error(t, f.c.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: 4, Message: "once"}))
	require.Equal(t, 1, f.sim.Requests()[key])
}
