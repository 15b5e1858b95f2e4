package mapping_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func simSpira(t *testing.T, opts ...spiratest.Option) (*spiratest.Sim, mapping.Spira) {
	t.Helper()
	sim := spiratest.New(opts...)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey)
	require.NoError(t, err)
	return sim, mapping.NewSpira(c)
}

// F19: the extended settings of Spira 8.8+ are out of REST's reach. The
// file says they are not in it, and a push that writes the plug-in record
// says to check them, whether Spira keeps them (the simulator's default)
// or clears them.
func TestF19FileAndPushSayTheExtendedSettingsAreNotRead(t *testing.T) {
	for name, opts := range map[string][]spiratest.Option{"kept": nil, "cleared": {spiratest.WithPutClearsExtendedSettings()}} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			sim, s := simSpira(t, opts...)
			sim.SetPlugInExtended(spiratest.DataSyncID, map[string]string{"Skip Comments": "Yes"})
			remote, _, err := mapping.Pull(ctx, s, spiratest.DataSyncID, spiratest.ProductID)
			require.NoError(t, err)
			b, err := mapping.Format(remote)
			require.NoError(t, err)
			require.Contains(t, string(b), "# not read: the plug-in's extended settings of Spira 8.8+ (Types to Skip, Skip Comments")

			local := remote.Clone()
			local.Plugin.Custom05 = "Duplicate"
			res, err := mapping.Push(ctx, s, local, remote)
			require.NoError(t, err)
			require.Len(t, res.Notes, 1, "%+v", res)
			require.Contains(t, res.Notes[0], "Skip Comments")
			require.Contains(t, res.Notes[0], spiraclient.PluginScreen)
			if name == "kept" {
				require.NotEmpty(t, sim.PlugInExtended(spiratest.DataSyncID))
			} else {
				require.Empty(t, sim.PlugInExtended(spiratest.DataSyncID), "the case the note warns of")
			}

			// Nothing about the plug-in record to write: no note.
			res, err = mapping.Push(ctx, s, remote, remote)
			require.NoError(t, err)
			require.Empty(t, res.Notes)
		})
	}
}

// F12: an empty Caption is Spira's normal answer; pull and push keep it
// empty instead of writing the Name into it.
func TestF12EmptyCaptionStaysEmptyThroughPullAndPush(t *testing.T) {
	ctx := context.Background()
	sim, s := simSpira(t)
	p, _ := sim.PlugIn(spiratest.DataSyncID)
	p.Caption = ""
	sim.SetPlugIn(p)
	remote, _, err := mapping.Pull(ctx, s, spiratest.DataSyncID, spiratest.ProductID)
	require.NoError(t, err)
	require.Empty(t, remote.Plugin.Caption)
	local := remote.Clone()
	local.Plugin.Custom05 = "Duplicate"
	_, err = mapping.Push(ctx, s, local, remote)
	require.NoError(t, err)
	p, _ = sim.PlugIn(spiratest.DataSyncID)
	require.Empty(t, p.Caption)
	require.Equal(t, "Duplicate", p.Custom[4])
}

// F22: from Spira 9.4 a product's External Key can be rewritten over REST,
// and the "{full}" token disappears after the first cycle: its coming or
// going is not drift; another key is.
func TestF22FullTokenIsNotDrift(t *testing.T) {
	ctx := context.Background()
	sim, s := simSpira(t)
	remote, _, err := mapping.Pull(ctx, s, spiratest.DataSyncID, spiratest.ProductID)
	require.NoError(t, err)
	require.Equal(t, "LIB", remote.Project.JiraKey)
	local := remote.Clone()
	local.Project.JiraKey = "LIB{full}"
	for _, c := range mapping.Diff(local, remote) {
		require.NotEqual(t, mapping.SectionProject, c.Location.Section, "%+v", c)
	}
	sim.SetProjectMapping(spiratest.DataSyncID, spiratest.ProductID, "LIB{full}", true)
	again, _, err := mapping.Pull(ctx, s, spiratest.DataSyncID, spiratest.ProductID)
	require.NoError(t, err)
	require.Empty(t, diffIn(mapping.Diff(remote, again), mapping.SectionProject))

	local.Project.JiraKey = "LIBX"
	require.NotEmpty(t, diffIn(mapping.Diff(local, remote), mapping.SectionProject))
}

func diffIn(cs []mapping.Change, sec mapping.Section) []mapping.Change {
	var out []mapping.Change
	for _, c := range cs {
		if c.Location.Section == sec {
			out = append(out, c)
		}
	}
	return out
}
