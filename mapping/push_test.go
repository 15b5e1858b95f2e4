package mapping_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/mapping/mappingtest"
)

func TestPullReadsWhatSpiraHolds(t *testing.T) {
	want := mapping.FixtureProduct()
	s := mappingtest.New(want, mapping.FixtureSpira())
	got, lk, err := mapping.Pull(context.Background(), s, 1, 1)
	require.NoError(t, err)
	mapping.FillJiraNames(got, mapping.FixtureJira())
	want.Sort()
	require.Equal(t, want, got)
	require.Equal(t, mapping.FixtureSpira().Values, lk.Values)
	require.Empty(t, mapping.Validate(got, mapping.FixtureJira(), lk))
}

func TestPullListsUnmappedRows(t *testing.T) {
	p := mapping.FixtureProduct()
	p.Fields = nil
	s := mappingtest.New(p, mapping.FixtureSpira())
	got, _, err := mapping.Pull(context.Background(), s, 1, 1)
	require.NoError(t, err)
	st := got.Field(mapping.IncidentStatus)
	require.Len(t, st.Values, 5)
	require.True(t, st.Values[0].Jira.IsZero())
	require.Equal(t, mapping.Ref{ID: 1, Name: "New"}, st.Values[0].Spira)
}

func TestPushWritesWhatTheAPICanAndSheetsTheRest(t *testing.T) {
	ctx := context.Background()
	local := mapping.FixtureProduct()
	start := mapping.FixtureProduct()
	start.Plugin.Custom03 = "True"
	start.Plugin.TimeOffsetHours = 3
	start.Users = start.Users[:1]
	start.Releases[0].Jira = mapping.JiraRef{}            // to add
	start.Releases[1].Jira = mapping.JiraRef{ID: "10302"} // to change
	start.Releases[2].Jira = mapping.JiraRef{ID: "10300"} // to remove
	start.Fields = nil
	start.CustomProperties = start.CustomProperties[:2]
	s := mappingtest.New(start, mapping.FixtureSpira())

	remote, _, err := mapping.Pull(ctx, s, 1, 1)
	require.NoError(t, err)
	s.Calls()
	res, err := mapping.Push(ctx, s, local, remote)
	require.NoError(t, err)
	require.Equal(t, []string{"PUT data-syncs", "POST users", "DELETE artifacts", "POST artifacts"}, s.Calls())
	require.Equal(t, 4, res.Calls)
	require.Len(t, res.Written, 2+1+3)
	require.Equal(t, "{token-kept-by-spira}", s.Password(), "the token is never touched")

	// Read back: the plug-in record, users and releases now match.
	after, _, err := mapping.Pull(ctx, s, 1, 1)
	require.NoError(t, err)
	require.Equal(t, local.Plugin, after.Plugin)
	for _, c := range mapping.Diff(local, after) {
		require.False(t, c.Writable, "still different after push: %+v", c)
	}
	// The sheet lists every other difference, one line each.
	rest := mapping.Diff(local, after)
	require.Len(t, res.Sheet.Lines(), len(rest))
	require.False(t, mapping.AllDone(mapping.Verify(res.Sheet, after)))

	require.NoError(t, mapping.ApplySheet(res.Sheet, 1, s))
	done, _, err := mapping.Pull(ctx, s, 1, 1)
	require.NoError(t, err)
	checks := mapping.Verify(res.Sheet, done)
	require.True(t, mapping.AllDone(checks), "%+v", checks)
	require.Empty(t, mapping.Diff(local, done))
	require.True(t, mapping.AllDone(mapping.Verify(mapping.FullSheet(local, done), done)))
}

func TestPushNothingToDo(t *testing.T) {
	s := mappingtest.New(mapping.FixtureProduct(), mapping.FixtureSpira())
	remote, _, err := mapping.Pull(context.Background(), s, 1, 1)
	require.NoError(t, err)
	s.Calls()
	res, err := mapping.Push(context.Background(), s, mapping.FixtureProduct(), remote)
	require.NoError(t, err)
	require.Zero(t, res.Calls)
	require.Empty(t, s.Calls())
	require.Empty(t, res.Sheet.Screens)
}

func TestPushRefusesAnotherProduct(t *testing.T) {
	s := mappingtest.New(mapping.FixtureProduct(), mapping.FixtureSpira())
	local := mapping.FixtureProduct()
	local.Project.Spira.ID = 9
	_, err := mapping.Push(context.Background(), s, local, mapping.FixtureProduct())
	require.ErrorContains(t, err, "product 9")
	require.Empty(t, s.Calls())
}

// failingSpira fails one read, as a Spira that lost the connection would.
type failingSpira struct{ *mappingtest.Spira }

func (failingSpira) CustomPropertyValueMappings(context.Context, int, int, int, int) ([]mapping.DataMapping, error) {
	return nil, errors.New("connection reset")
}

func TestPullReportsAFailedRead(t *testing.T) {
	s := failingSpira{mappingtest.New(mapping.FixtureProduct(), mapping.FixtureSpira())}
	_, _, err := mapping.Pull(context.Background(), s, 1, 1)
	require.ErrorContains(t, err, "connection reset")
	require.ErrorContains(t, err, "read value mappings of incident property")
}

// A plug-in name Spira does not have is refused with the names it has and
// the command that names another one.
func TestFindPluginNamesTheOthersAndHowToChoose(t *testing.T) {
	s := mappingtest.New(mapping.FixtureProduct(), mapping.FixtureSpira())
	_, err := mapping.FindPlugin(context.Background(), s, "OtherSync")
	require.ErrorContains(t, err, `no active data-sync plug-in named "OtherSync" (it has: JiraDataSync)`)
	require.ErrorContains(t, err, "spirajira login spira --datasync NAME")
}
