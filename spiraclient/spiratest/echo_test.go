package spiratest

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// With WithEchoedCreates an incident create answers what was sent plus the
// new ID, as real Spira does; a GET shows the defaults it stored.
func TestEchoedCreateAnswersTheRequest(t *testing.T) {
	for _, echo := range []bool{false, true} {
		t.Run(fmt.Sprint(echo), func(t *testing.T) {
			var opts []Option
			if echo {
				opts = append(opts, WithEchoedCreates())
			}
			s := New(opts...)
			srv := httptest.NewServer(s)
			defer srv.Close()
			code, body := do(t, srv, s.Admin(), "POST", "projects/1/incidents", map[string]any{"Name": "No status sent", "PriorityId": 2})
			require.Equal(t, 200, code, string(body))
			var created map[string]any
			require.NoError(t, json.Unmarshal(body, &created))
			require.NotNil(t, created["IncidentId"])
			require.EqualValues(t, 1, created["ProjectId"])
			require.EqualValues(t, 2, created["PriorityId"])
			_, body = do(t, srv, s.Admin(), "GET", fmt.Sprintf("projects/1/incidents/%v", created["IncidentId"]), nil)
			var stored map[string]any
			require.NoError(t, json.Unmarshal(body, &stored))
			require.NotNil(t, stored["IncidentStatusId"])
			require.NotNil(t, stored["IncidentTypeId"])
			if echo {
				require.Nil(t, created["IncidentStatusId"], "left out, so null in the answer")
				require.Nil(t, created["IncidentTypeId"])
				require.Nil(t, created["OpenerId"])
			} else {
				require.Equal(t, stored["IncidentStatusId"], created["IncidentStatusId"])
			}
		})
	}
}
