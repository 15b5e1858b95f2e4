package spiraclient_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
)

// The simulator and the client are written separately from Spira's field
// list; every field one sends must be one the other knows.
func TestClientTypesKnowEveryFieldTheSimulatorSends(t *testing.T) {
	f := newFixture(t)
	a := f.sim.Admin()
	get := func(path string, into any) {
		req, _ := http.NewRequest("GET", f.srv.URL+spiraclient.APIPath+path, nil)
		a.Authorize(req)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		require.Equal(t, 200, resp.StatusCode, path)
		require.NoError(t, json.Unmarshal(b, into), path)
		var generic any
		require.NoError(t, json.Unmarshal(b, &generic))
		require.NoError(t, exactNames(generic, reflect.TypeOf(into), path))
	}
	get("projects", &[]spiraclient.RemoteProject{})
	get("project-templates", &[]spiraclient.RemoteProjectTemplate{})
	get("users/all?include_inactive=true&start_row=1&number_rows=500", &[]spiraclient.RemoteUser{})
	get("projects/1/users", &[]spiraclient.RemoteProjectUser{})
	get("projects/1/components?active_only=false&include_deleted=true", &[]spiraclient.RemoteComponent{})
	get("projects/1/incidents/1", &spiraclient.RemoteIncident{})
	get("projects/1/incidents/1/comments", &[]spiraclient.RemoteComment{})
	get("projects/1/requirements/1", &spiraclient.RemoteRequirement{})
	get("projects/1/releases?active_only=false", &[]spiraclient.RemoteRelease{})
	get("projects/1/associations/3/1", &[]spiraclient.RemoteAssociation{})
	get("projects/1/artifact-types/3/artifacts/1/documents", &[]spiraclient.RemoteDocument{})
	get("project-templates/1/incidents/types", &[]spiraclient.RemoteIncidentType{})
	get("project-templates/1/incidents/statuses", &[]spiraclient.RemoteIncidentStatus{})
	get("project-templates/1/incidents/priorities", &[]spiraclient.RemoteIncidentPriority{})
	get("project-templates/1/incidents/severities", &[]spiraclient.RemoteIncidentSeverity{})
	get("project-templates/1/requirements/statuses", &[]spiraclient.RemoteRequirementStatus{})
	get("project-templates/1/requirements/importances", &[]spiraclient.RemoteRequirementImportance{})
	get("project-templates/1/requirements/types", &[]spiraclient.RemoteRequirementType{})
	get("project-templates/1/releases/statuses", &[]spiraclient.RemoteReleaseStatus{})
	get("project-templates/1/releases/types", &[]spiraclient.RemoteReleaseType{})
	get("projects/1/incidents/types/2/workflow/transitions?status_id=1&is_detector=false&isOwner=false", &[]spiraclient.RemoteWorkflowIncidentTransition{})
	get("project-templates/1/incidents/types/2/workflow/fields?status_id=2", &[]spiraclient.RemoteWorkflowField{})
	get("project-templates/1/incidents/types/2/workflow/custom-properties?status_id=5", &[]spiraclient.RemoteWorkflowCustomProperty{})
	get("project-templates/1/custom-properties/Incident", &[]spiraclient.RemoteCustomProperty{})
	get("project-templates/1/custom-lists/1", &spiraclient.RemoteCustomList{})
	get("data-syncs", &[]spiraclient.RemoteDataSyncSystem{})
	get("data-mappings/1/users", &[]spiraclient.RemoteDataMapping{})
	get("projects/1/data-mappings/1/field-values/3", &[]spiraclient.RemoteDataMapping{})
	get("system/product-version", &spiraclient.RemoteVersion{})
}

// exactNames checks that every key of v is, with exactly this spelling, a
// JSON field of t (encoding/json alone matches names case-insensitively).
func exactNames(v any, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(spiraclient.Time{}) {
		return nil
	}
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			if err := exactNames(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case map[string]any:
		fields := map[string]reflect.Type{}
		var collect func(reflect.Type)
		collect = func(t reflect.Type) {
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if f.Anonymous {
					collect(f.Type)
					continue
				}
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				fields[name] = f.Type
			}
		}
		collect(t)
		for k, e := range x {
			ft, ok := fields[k]
			if !ok {
				return fmt.Errorf("%s: %s has no field %q", path, t.Name(), k)
			}
			if err := exactNames(e, ft, path+"."+k); err != nil {
				return err
			}
		}
	}
	return nil
}
