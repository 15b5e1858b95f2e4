package jiratest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// Jira's assignable search "fetches users up to the maximum and then, from
// the fetched users, returns only the users that can be assigned": a page
// that holds an inactive user or an app comes back short although more
// users follow.
func TestAssignableSearchFiltersAfterFetchingThePage(t *testing.T) {
	e := newEnv(t)
	// The seed lists seven assignable people, then an inactive user and an
	// app; one more person follows them.
	late, err := e.sim.AddUser(jiratest.UserSpec{Email: "late.joiner@library.example", DisplayName: "Late Joiner"})
	require.NoError(t, err)
	r := e.get("/rest/api/3/user/assignable/search?project=LIB&startAt=0&maxResults=9")
	require.Equal(t, http.StatusOK, r.status)
	assert.Len(t, r.list(t), 7, "nine users fetched, seven assignable")
	r = e.get("/rest/api/3/user/assignable/search?project=LIB&startAt=7&maxResults=2")
	assert.Empty(t, r.list(t), "the inactive user and the app are fetched, then dropped")
	r = e.get("/rest/api/3/user/assignable/search?project=LIB&startAt=0&maxResults=3")
	assert.Len(t, r.list(t), 3)
	r = e.get("/rest/api/3/user/assignable/search?project=LIB&startAt=9&maxResults=50")
	if l := r.list(t); assert.Len(t, l, 1, "the user after them is at startAt 9") {
		assert.Equal(t, late.AccountID, l[0].(map[string]any)["accountId"])
	}
}
