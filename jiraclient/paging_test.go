package jiraclient

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// Cloud names createmeta items issueTypes or fields; some sites answer
// them under values. Both are read over every page.
func TestCreateMetaReadsEveryPageUnderEitherKey(t *testing.T) {
	var calls atomic.Int32
	c := localClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		start, _ := strconv.Atoi(r.URL.Query().Get("startAt"))
		key := "issueTypes"
		if r.URL.Path == "/rest/api/3/issue/createmeta/LIB/issuetypes/10001" {
			key = "values"
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, fmt.Sprintf(`{"startAt":%d,"maxResults":2,"total":3,%q:[{"id":"%d","name":"n%d"}]}`, start, key, start, start))
	})
	types, err := c.CreateMetaIssueTypes(t.Context(), "LIB")
	require.NoError(t, err)
	require.Equal(t, []string{"0", "1", "2"}, []string{types[0].ID, types[1].ID, types[2].ID})
	require.Len(t, types, 3)

	calls.Store(0)
	fields, err := c.CreateMetaFields(t.Context(), "LIB", "10001")
	require.NoError(t, err)
	require.Len(t, fields, 3)
	require.Equal(t, "n2", fields[2].Name)
	require.EqualValues(t, 3, calls.Load(), "three pages of one item each")
}
