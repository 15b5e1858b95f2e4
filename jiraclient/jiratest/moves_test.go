package jiratest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

func TestMovedIssueAnswersUnderItsOldKey(t *testing.T) {
	e := newEnv(t)
	before := e.getOK("/rest/api/3/issue/LIB-8?fields=summary,project,updated")
	_, err := e.sim.AddProject(jiratest.ProjectSpec{Key: "OPS", Name: "Operations"})
	require.NoError(t, err)
	key, err := e.sim.MoveIssue("LIB-8", "OPS")
	require.NoError(t, err)
	assert.Equal(t, "OPS-1", key)

	// The old key resolves, with no redirect, to the current key and the
	// same id.
	is := e.getOK("/rest/api/3/issue/LIB-8?fields=summary,project,updated")
	assert.Equal(t, before["id"], is["id"])
	assert.Equal(t, "OPS-1", is["key"])
	assert.Equal(t, "OPS", is["fields"].(map[string]any)["project"].(map[string]any)["key"])
	assert.NotEqual(t, before["fields"].(map[string]any)["updated"], is["fields"].(map[string]any)["updated"], "a move updates the issue")

	// Writes and sub-routes under the old key reach the moved issue.
	r := e.do(http.MethodPut, "/rest/api/3/issue/LIB-8", map[string]any{"fields": map[string]any{"summary": "Edited under the old key"}})
	require.Equal(t, http.StatusNoContent, r.status, "%s", r.body)
	got, ok := e.sim.Issue("OPS-1")
	require.True(t, ok)
	assert.Equal(t, "Edited under the old key", got.Summary)
	r = e.do(http.MethodPost, "/rest/api/3/issue/LIB-8/comment", map[string]any{"body": map[string]any{"type": "doc", "version": 1,
		"content": []any{map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": "hi"}}}}}})
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	e.getOK("/rest/api/3/issue/LIB-8/transitions")
	e.getOK("/rest/api/3/issue/LIB-8/properties")
	cl := e.getOK("/rest/api/3/issue/OPS-1/changelog")
	var moves []string
	for _, h := range values(t, cl, "values") {
		for _, it := range values(t, h, "items") {
			if it["field"] == "Key" {
				moves = append(moves, it["fromString"].(string)+" -> "+it["toString"].(string))
			}
		}
	}
	assert.Equal(t, []string{"LIB-8 -> OPS-1"}, moves, "history records the move")

	// JQL: the project holds it under its new key; the old key finds it.
	ids := func(q string) []string {
		return names(values(t, e.getOK(jql(q, "fields=key")), "issues"), "key")
	}
	assert.Equal(t, []string{"OPS-1"}, ids("project = OPS"))
	assert.NotContains(t, ids("project = LIB"), "OPS-1")
	assert.Equal(t, []string{"OPS-1"}, ids("key = LIB-8"))
	assert.Equal(t, []string{"OPS-1"}, ids("key in (LIB-8, OPS-1)"), "one issue, whichever key names it")

	// The other answer, which the reference leaves open: JQL refuses old
	// keys as it refuses keys that never existed.
	e.sim.SetOldKeysInJQL(false)
	r = e.get(jql("key = LIB-8"))
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Contains(t, string(r.body), "An issue with key 'LIB-8' does not exist")
	assert.Equal(t, []string{"OPS-1"}, ids("key = OPS-1"))
	e.getOK("/rest/api/3/issue/LIB-8") // REST still resolves it
}

func TestRenamedProjectKeepsIssueNumbersAndOldKeys(t *testing.T) {
	e := newEnv(t)
	before := e.getOK("/rest/api/3/issue/LIB-8?fields=updated")
	require.NoError(t, e.sim.RenameProject("LIB", "LIS"))

	is := e.getOK("/rest/api/3/issue/LIB-8?fields=updated")
	assert.Equal(t, before["id"], is["id"])
	assert.Equal(t, "LIS-8", is["key"])
	assert.Equal(t, before["fields"], is["fields"], "a key change leaves the issue's updated time alone")
	p := e.getOK("/rest/api/3/project/LIB")
	assert.Equal(t, "LIS", p["key"], "the old project key answers with the new one")

	keys := names(values(t, e.getOK(jql("project = LIS AND key = LIB-8", "fields=key")), "issues"), "key")
	assert.Equal(t, []string{"LIS-8"}, keys)
	keys = names(values(t, e.getOK(jql("project = LIB AND key = LIS-8", "fields=key")), "issues"), "key")
	assert.Equal(t, []string{"LIS-8"}, keys, "the old project key, by default")

	e.sim.SetOldKeysInJQL(false)
	r := e.get(jql("project = LIB"))
	assert.Equal(t, http.StatusBadRequest, r.status)

	// New issues take the new key; the old project key stays reserved.
	_, err := e.sim.AddProject(jiratest.ProjectSpec{Key: "LIB"})
	require.Error(t, err)
	require.Error(t, e.sim.RenameProject("LIS", "LIB"))
}
