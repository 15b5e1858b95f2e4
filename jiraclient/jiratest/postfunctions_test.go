package jiratest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// Without the options the site is as seeded: unassigned by default, no
// post-function.
func TestNoWorkflowEffectsUnlessAsked(t *testing.T) {
	e := newEnv(t)
	key := createBug(t, e, nil)
	r := e.do(http.MethodPost, "/rest/api/3/issue/"+key+"/transitions", map[string]any{"transition": map[string]any{"id": "11"}})
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	is, _ := e.sim.Issue(key)
	require.Empty(t, is.Assignee)
	require.Equal(t, "UNASSIGNED", e.getOK("/rest/api/3/project/LIB")["assigneeType"])
}

func TestAssignOnTransitionGivesTheIssueToWhoeverMovesIt(t *testing.T) {
	e := newEnv(t, jiratest.WithAssignOnTransition("Start Progress"))
	member := e.sim.NonAdmin()
	key := createBug(t, e, map[string]any{"assignee": map[string]any{"accountId": e.sim.Admin().AccountID}})
	before, _ := e.sim.Issue(key)
	r := e.asUser(member).do(http.MethodPost, "/rest/api/3/issue/"+key+"/transitions", map[string]any{"transition": map[string]any{"id": "11"}})
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	is, _ := e.sim.Issue(key)
	require.Equal(t, "In Progress", is.Status)
	require.Equal(t, member.AccountID, is.Assignee)
	require.Equal(t, before.History+1, is.History, "one changelog entry for the move and its post-function")
	// Other transitions leave the assignee alone.
	r = e.do(http.MethodPost, "/rest/api/3/issue/"+key+"/transitions", map[string]any{"transition": map[string]any{"id": "21"}})
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	is, _ = e.sim.Issue(key)
	require.Equal(t, member.AccountID, is.Assignee)
}

func TestProjectLeadAssigneeTakesNewIssuesWithoutOne(t *testing.T) {
	e := newEnv(t, jiratest.WithProjectLeadAssignee())
	lead := e.getOK("/rest/api/3/project/LIB?expand=lead")
	require.Equal(t, "PROJECT_LEAD", lead["assigneeType"])
	leadID := lead["lead"].(map[string]any)["accountId"].(string)

	is, _ := e.sim.Issue(createBug(t, e, nil))
	require.Equal(t, leadID, is.Assignee)
	is, _ = e.sim.Issue(createBug(t, e, map[string]any{"assignee": map[string]any{"accountId": "-1"}}))
	require.Equal(t, leadID, is.Assignee, "-1 is the project's default assignee")
	member := e.sim.NonAdmin().AccountID
	is, _ = e.sim.Issue(createBug(t, e, map[string]any{"assignee": map[string]any{"accountId": member}}))
	require.Equal(t, member, is.Assignee)
	is, _ = e.sim.Issue(createBug(t, e, map[string]any{"assignee": nil}))
	require.Empty(t, is.Assignee, "an explicit null leaves it unassigned")
}
