package mapping

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPullReadsWhatSpiraHolds(t *testing.T) {
	want := fixtureProduct()
	s := newFakeSpira(want, fixtureSpira())
	got, lk, err := Pull(context.Background(), s, 1, 1)
	require.NoError(t, err)
	FillJiraNames(got, fixtureJira())
	want.Sort()
	require.Equal(t, want, got)
	require.Equal(t, fixtureSpira().Values, lk.Values)
	require.Empty(t, Validate(got, fixtureJira(), lk))
}

func TestPullListsUnmappedRows(t *testing.T) {
	p := fixtureProduct()
	p.Fields = nil
	s := newFakeSpira(p, fixtureSpira())
	got, _, err := Pull(context.Background(), s, 1, 1)
	require.NoError(t, err)
	st := got.Field(IncidentStatus)
	require.Len(t, st.Values, 5)
	require.True(t, st.Values[0].Jira.IsZero())
	require.Equal(t, Ref{ID: 1, Name: "New"}, st.Values[0].Spira)
}

func TestPushWritesWhatTheAPICanAndSheetsTheRest(t *testing.T) {
	ctx := context.Background()
	local := fixtureProduct()
	start := fixtureProduct()
	start.Plugin.Custom03 = "True"
	start.Plugin.TimeOffsetHours = 3
	start.Users = start.Users[:1]
	start.Releases[0].Jira = JiraRef{}            // to add
	start.Releases[1].Jira = JiraRef{ID: "10302"} // to change
	start.Releases[2].Jira = JiraRef{ID: "10300"} // to remove
	start.Fields = nil
	start.CustomProperties = start.CustomProperties[:2]
	s := newFakeSpira(start, fixtureSpira())

	remote, _, err := Pull(ctx, s, 1, 1)
	require.NoError(t, err)
	s.calls = nil
	res, err := Push(ctx, s, local, remote)
	require.NoError(t, err)
	require.Equal(t, []string{"PUT data-syncs", "POST users", "DELETE artifacts", "POST artifacts"}, s.calls)
	require.Equal(t, 4, res.Calls)
	require.Len(t, res.Written, 2+1+3)
	require.Equal(t, "secret-token", s.password, "the token is never touched")

	// Read back: the plug-in record, users and releases now match.
	after, _, err := Pull(ctx, s, 1, 1)
	require.NoError(t, err)
	require.Equal(t, local.Plugin, after.Plugin)
	for _, c := range Diff(local, after) {
		require.False(t, c.Writable, "still different after push: %+v", c)
	}
	// The sheet lists every other difference, one line each.
	rest := Diff(local, after)
	require.Len(t, res.Sheet.Lines(), len(rest))
	require.False(t, AllDone(Verify(res.Sheet, after)))

	require.NoError(t, ApplySheet(res.Sheet, 1, s))
	done, _, err := Pull(ctx, s, 1, 1)
	require.NoError(t, err)
	checks := Verify(res.Sheet, done)
	require.True(t, AllDone(checks), "%+v", checks)
	require.Empty(t, Diff(local, done))
	require.True(t, AllDone(Verify(FullSheet(local), done)))
}

func TestPushNothingToDo(t *testing.T) {
	s := newFakeSpira(fixtureProduct(), fixtureSpira())
	remote, _, err := Pull(context.Background(), s, 1, 1)
	require.NoError(t, err)
	s.calls = nil
	res, err := Push(context.Background(), s, fixtureProduct(), remote)
	require.NoError(t, err)
	require.Zero(t, res.Calls)
	require.Empty(t, s.calls)
	require.Empty(t, res.Sheet.Screens)
}

func TestPushRefusesAnotherProduct(t *testing.T) {
	s := newFakeSpira(fixtureProduct(), fixtureSpira())
	local := fixtureProduct()
	local.Project.Spira.ID = 9
	_, err := Push(context.Background(), s, local, fixtureProduct())
	require.ErrorContains(t, err, "product 9")
	require.Empty(t, s.calls)
}
