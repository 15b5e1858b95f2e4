package jiraclient

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// The seeded simulator has one project, so the filter that drops another
// project's field contexts is checked against a local handler.
func TestContextsOfProjectDropsOtherProjectsContexts(t *testing.T) {
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		require.Equal(t, "/rest/api/3/field/customfield_1/context/projectmapping", r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"startAt":0,"maxResults":50,"total":3,"isLast":true,"values":[
			{"contextId":"1","isGlobalContext":true},
			{"contextId":"2","projectId":"10000","isGlobalContext":false},
			{"contextId":"3","projectId":"20000","isGlobalContext":false}]}`)
	})
	r := &catalogRun{c: c, ctx: t.Context(), sem: make(chan struct{}, 1), cat: &Catalog{}}
	ctxs := []FieldContext{{ID: "1", IsGlobalContext: true}, {ID: "2"}, {ID: "3"}}
	got := r.contextsOfProject("customfield_1", ctxs, &Project{ID: "10000"})
	require.Equal(t, []string{"1", "2"}, []string{got[0].ID, got[1].ID})
	require.Len(t, got, 2)

	// Only global contexts: no call is needed.
	global := []FieldContext{{ID: "1", IsGlobalContext: true}}
	require.Equal(t, global, r.contextsOfProject("customfield_x", global, &Project{ID: "10000"}))
}
