package mapping_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/internal/sandbox/sandboxtest"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

type sandboxEnv struct {
	sb    *sandbox.Sandbox
	raw   *spiraclient.Client
	spira mapping.Spira
	jira  *mapping.Jira
	jc    *jiraclient.Client
}

func startSandbox(t *testing.T) *sandboxEnv { return startSandboxWith(t, sandbox.Options{}) }

func startSandboxWith(t *testing.T, opts sandbox.Options) *sandboxEnv {
	t.Helper()
	ctx := context.Background()
	sb := sandboxtest.Start(t, opts)
	jcl, raw := sandboxtest.Clients(t, sb)
	j, err := mapping.ReadJira(ctx, jcl, sb.ProjectKey)
	require.NoError(t, err)
	return &sandboxEnv{sb: sb, raw: raw, spira: mapping.NewSpira(raw), jira: j, jc: jcl}
}

// rereadJira reads the Jira catalog again, after the test changed the site.
func (e *sandboxEnv) rereadJira(t *testing.T) {
	t.Helper()
	j, err := mapping.ReadJira(context.Background(), e.jc, e.sb.ProjectKey)
	require.NoError(t, err)
	e.jira = j
}

func TestSandboxValidateReportsTheSeededProblemsAsWarnings(t *testing.T) {
	env := startSandbox(t)
	p, lk, err := mapping.Pull(context.Background(), env.spira, env.sb.DataSyncID, env.sb.ProductID)
	require.NoError(t, err)
	problems := mapping.Validate(p, env.jira, lk)
	require.Len(t, problems, len(sandbox.SeededProblems), "%+v", problems)
	for _, sp := range sandbox.SeededProblems {
		i := slices.IndexFunc(problems, func(pr mapping.Problem) bool {
			return string(pr.Rule) == sp.Rule && string(pr.Location.Section) == sp.Section &&
				string(pr.Location.Field) == sp.Field && pr.Location.Row == sp.SpiraID
		})
		require.GreaterOrEqual(t, i, 0, "seeded problem %+v not reported; got %+v", sp, problems)
		require.Equal(t, mapping.Warning, problems[i].Severity, sp.Why)
	}
	require.False(t, mapping.HasErrors(problems))

	// The workflow states came through: editable in New, locked after.
	require.NotEmpty(t, lk.Workflows)
	for _, w := range lk.Workflows {
		if w.Initial {
			require.NotEmpty(t, w.Editable, "%+v", w)
		} else {
			require.Empty(t, w.Editable, "%+v", w)
		}
	}

	// Automap proposes the fix of each seeded problem.
	fixed := mapping.Apply(p, mapping.Automap(p, env.jira, lk), mapping.ConfidenceSynonym, false)
	require.Empty(t, mapping.Validate(fixed, env.jira, lk))
}

func TestSandboxCurrentPluginRecordValidatesAsTheSeedDoes(t *testing.T) {
	env := startSandboxWith(t, sandbox.Options{CurrentPlugin: true})
	p, lk, err := mapping.Pull(context.Background(), env.spira, env.sb.DataSyncID, env.sb.ProductID)
	require.NoError(t, err)
	require.Equal(t, "10030,10034,timetracking", p.Plugin.Custom01)
	require.True(t, p.Plugin.Settings().TimeTracking)
	require.NotNil(t, p.RequirementDueDate(), "Target Date takes the due date")
	s := p.Plugin.Settings()
	require.Equal(t, mapping.GenerationCurrent, s.Generation)
	require.Equal(t, "Bidirectional (current plug-in)", s.Describe())
	require.Equal(t, []string{"10002"}, s.TaskTypes)
	require.Equal(t, "customfield_10034", env.jira.FieldByID(s.EstimateField).ID)
	problems := mapping.Validate(p, env.jira, lk)
	require.Len(t, problems, len(sandbox.SeededProblems), "only the seeded gaps: %+v", problems)
	require.False(t, mapping.HasErrors(problems))
	// As the issue quotes a current record: no estimate field.
	p.Plugin.Custom01 = "10030,0"
	require.Len(t, mapping.Validate(p, env.jira, lk), len(sandbox.SeededProblems))

	// The same record with a typo, a missing task type and a text field as
	// the estimate: one error each, with its fix.
	p.Plugin.Custom01, p.Plugin.Custom02, p.Plugin.Custom03 = "10030,10032", "10002,10099", "Bidirectionl"
	var errs []mapping.Rule
	for _, pr := range mapping.Validate(p, env.jira, lk) {
		if pr.Severity == mapping.Error {
			errs = append(errs, pr.Rule)
			require.Contains(t, pr.Fix, "Data Synchronization > JiraDataSync, box ")
		}
	}
	require.ElementsMatch(t, []mapping.Rule{mapping.RuleSyncMode, mapping.RuleTaskTypes, mapping.RuleEstimateField}, errs)
}

func TestSandboxPushWritesWhatTheAPICanAndTheSheetTheRest(t *testing.T) {
	ctx := context.Background()
	env := startSandbox(t)
	pluginID, productID := env.sb.DataSyncID, env.sb.ProductID
	local, lk, err := mapping.Pull(ctx, env.spira, pluginID, productID)
	require.NoError(t, err)
	mapping.FillJiraNames(local, env.jira)

	// The administrator's edits: plug-in settings, a new user mapping, the
	// auto-mapped fixes (statuses and the duplicate release), a release
	// mapping removed, a custom property mapped elsewhere.
	local.Plugin.Custom05 = "Blocks"
	local.Plugin.TimeOffsetHours = 2
	newUser := slices.IndexFunc(local.Users, func(u mapping.UserMapping) bool { return u.Jira.ID == "" })
	require.GreaterOrEqual(t, newUser, 0, "the sandbox has an unmapped user")
	local.Users[newUser].Jira = mapping.JiraRef{ID: env.sb.JiraUser.AccountID}
	local = mapping.Apply(local, mapping.Automap(local, env.jira, lk), mapping.ConfidenceSynonym, false)
	dropped := slices.IndexFunc(local.Releases, func(r mapping.ReleaseMapping) bool { return r.Jira.ID != "" })
	require.GreaterOrEqual(t, dropped, 0)
	droppedID := local.Releases[dropped].Spira.ID
	local.Releases[dropped].Jira = mapping.JiraRef{}
	prop := slices.IndexFunc(local.CustomProperties, func(m mapping.PropertyMapping) bool { return m.Jira.ID == "" && !m.Type.IsList() })
	if prop >= 0 {
		local.CustomProperties[prop].Jira = mapping.JiraRef{ID: mapping.KeyJiraIssueKey}
		local.CustomProperties[prop].Type = mapping.PropText
	}

	remote, _, err := mapping.Pull(ctx, env.spira, pluginID, productID)
	require.NoError(t, err)
	changes := mapping.Diff(local, remote)
	writable, rest := mapping.DiffWritable(changes)
	require.NotEmpty(t, writable)
	require.NotEmpty(t, rest)

	env.sb.Spira.ResetRequests()
	res, err := mapping.Push(ctx, env.spira, local, remote)
	require.NoError(t, err)
	require.LessOrEqual(t, res.Calls, 4, "plug-in, users, release removals, release additions")
	require.Len(t, res.Written, len(writable))
	require.Equal(t, res.Calls, env.sb.Spira.TotalRequests(), "push makes no request beyond its writes: %v", env.sb.Spira.Requests())
	t.Logf("push wrote %d changes in %d calls; %d lines on the sheet", len(res.Written), res.Calls, len(res.Sheet.Lines()))

	// Read back with the plain client: the plug-in record, users, releases.
	rec, err := env.raw.DataSync(ctx, pluginID)
	require.NoError(t, err)
	require.Equal(t, "Blocks", rec.Custom05)
	require.Equal(t, 2, rec.TimeOffsetHours)
	require.Equal(t, env.sb.JiraAdmin.Token, rec.Password, "push keeps the Jira token Spira holds")
	users, err := env.raw.UserMappings(ctx, pluginID)
	require.NoError(t, err)
	require.True(t, slices.ContainsFunc(users, func(m spiraclient.RemoteDataMapping) bool {
		return m.InternalID == local.Users[newUser].Spira.ID && m.ExternalKey == env.sb.JiraUser.AccountID
	}))
	rels, err := env.raw.ArtifactMappings(ctx, productID, pluginID, spiraclient.ArtifactTypeRelease)
	require.NoError(t, err)
	for _, r := range local.Releases {
		has := slices.ContainsFunc(rels, func(m spiraclient.RemoteDataMapping) bool {
			return m.InternalID == r.Spira.ID && m.ExternalKey == r.Jira.ID
		})
		require.Equal(t, r.Jira.ID != "", has, "release %d", r.Spira.ID)
	}
	require.False(t, slices.ContainsFunc(rels, func(m spiraclient.RemoteDataMapping) bool { return m.InternalID == droppedID }))

	// The sheet lists every other difference, one line each.
	after, _, err := mapping.Pull(ctx, env.spira, pluginID, productID)
	require.NoError(t, err)
	left := mapping.Diff(local, after)
	require.Len(t, res.Sheet.Lines(), len(left))
	for _, c := range left {
		require.False(t, c.Writable, "%+v", c)
		require.True(t, slices.ContainsFunc(res.Sheet.Lines(), func(l mapping.SheetLine) bool { return l.Target == c.Target }), "%+v", c)
	}
	require.False(t, mapping.AllDone(mapping.Verify(res.Sheet, after)))

	// Entered through the simulator's admin methods, the sheet is done.
	require.NoError(t, mapping.ApplySheet(res.Sheet, pluginID, env.sb.Applier()))
	final, _, err := mapping.Pull(ctx, env.spira, pluginID, productID)
	require.NoError(t, err)
	checks := mapping.Verify(res.Sheet, final)
	require.True(t, mapping.AllDone(checks), "%+v", checks)
	require.Empty(t, mapping.Diff(local, final))
	require.True(t, mapping.AllDone(mapping.Verify(mapping.FullSheet(local, final), final)))
}
