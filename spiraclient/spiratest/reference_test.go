package spiratest

import (
	"bufio"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Routes the reference's v6 operations list (testdata) leaves out but its
// API notes name, with the section that names them.
var routesFromTheNotes = map[string]string{
	"POST projects/{project_id}/documents/url":                                                                  "rest-api §2 Documents",
	"GET projects/{project_id}/artifact-types/{artifact_type_id}/artifacts/{artifact_id}/documents":             "rest-api §2 Documents",
	"POST projects/{project_id}/documents/file":                                                                 "rest-api §2 Documents",
	"GET projects/{project_id}/documents/{document_id}":                                                         "rest-api §2 Documents",
	"GET projects/{project_id}/documents/{document_id}/open":                                                    "rest-api §2 Documents",
	"GET projects/{project_id}/incidents/types/{incident_type_id}/workflow/transitions":                         "rest-api §2 Incidents",
	"GET project-templates/{project_template_id}/incidents/types/{incident_type_id}/workflow/fields":            "rest-api §2 Incidents",
	"GET project-templates/{project_template_id}/incidents/types/{incident_type_id}/workflow/custom-properties": "rest-api §2 Incidents",
	// The reference's operations list omits Spira's only read of the event log.
	"POST system/events/search": "real-spira-2026 F1",
}

func referenceOperations(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("testdata/v6-rest-operations.txt")
	require.NoError(t, err)
	defer f.Close()
	ops := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		op, _, _ := strings.Cut(sc.Text(), " | ")
		op, _, _ = strings.Cut(op, "?")
		ops[op] = true
	}
	require.NoError(t, sc.Err())
	require.Greater(t, len(ops), 100)
	return ops
}

// A route the real service lacks would hide a client bug: every route the
// simulator serves is one of Spira's, verb and path variables included.
func TestEveryRouteIsOneOfSpiras(t *testing.T) {
	ops := referenceOperations(t)
	for _, e := range New().Endpoints() {
		if ops[e] {
			continue
		}
		_, noted := routesFromTheNotes[e]
		require.True(t, noted, "%s is not in Spira's operations list", e)
	}
	require.NotContains(t, New().Endpoints(), "GET system/events", "F1: Spira has no such route")
}

// Every data-sync and data-mapping operation of the reference is served,
// and no other.
func TestDataSyncRoutesAreExactlyTheReferences(t *testing.T) {
	var want, got []string
	for op := range referenceOperations(t) {
		if strings.Contains(op, "data-sync") || strings.Contains(op, "data-mapping") {
			want = append(want, op)
		}
	}
	for _, e := range New().Endpoints() {
		if strings.Contains(e, "data-sync") || strings.Contains(e, "data-mapping") {
			got = append(got, e)
		}
	}
	require.ElementsMatch(t, want, got)
}

func referenceDTOs(t *testing.T) map[string]map[string]string {
	t.Helper()
	b, err := os.ReadFile("testdata/v6-dto-fields.txt")
	require.NoError(t, err)
	out := map[string]map[string]string{}
	var cur map[string]string
	head := regexp.MustCompile(`^## (\w+)`)
	field := regexp.MustCompile(`^- (\w+): (\S+)`)
	for _, l := range strings.Split(string(b), "\n") {
		if m := head.FindStringSubmatch(l); m != nil {
			cur = map[string]string{}
			out[m[1]] = cur
		} else if m := field.FindStringSubmatch(l); m != nil && cur != nil {
			cur[m[1]] = m[2]
		}
	}
	return out
}

// jsonNames lists the JSON names of t's fields, embedded structs included.
func jsonNames(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, jsonNames(f.Type)...)
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// The simulator sends and reads only fields Spira's objects have.
func TestWireFieldsAreSpiras(t *testing.T) {
	dtos := referenceDTOs(t)
	artifact := map[string]bool{"ProjectId": true, "ArtifactTypeId": true, "ConcurrencyDate": true,
		"CustomProperties": true, "IsAttachments": true, "Tags": true}
	for name, typ := range map[string]reflect.Type{
		"RemoteUser":                   reflect.TypeOf(wUser{}),
		"RemoteProject":                reflect.TypeOf(wProject{}),
		"RemoteProjectTemplate":        reflect.TypeOf(wTemplate{}),
		"RemoteComponent":              reflect.TypeOf(wComponent{}),
		"RemoteArtifactCustomProperty": reflect.TypeOf(wCPValue{}),
		"RemoteRequirement":            reflect.TypeOf(wRequirement{}),
		"RemoteRelease":                reflect.TypeOf(wRelease{}),
		"RemoteAssociation":            reflect.TypeOf(wAssociation{}),
		"RemoteLinkedArtifact":         reflect.TypeOf(wLinked{}),
		"RemoteDocument":               reflect.TypeOf(wDocument{}),
		"RemoteIncidentType":           reflect.TypeOf(wIncidentType{}),
		"RemoteIncidentStatus":         reflect.TypeOf(wIncidentStatus{}),
		"RemoteRequirementStatus":      reflect.TypeOf(wReqStatus{}),
		"RemoteRequirementType":        reflect.TypeOf(wReqType{}),
		"RemoteCustomList":             reflect.TypeOf(wCustomList{}),
		"RemoteCustomListValue":        reflect.TypeOf(wCustomValue{}),
		"RemoteCustomPropertyOption":   reflect.TypeOf(wCPOption{}),
		"RemoteProjectArtifact":        reflect.TypeOf(wProjectArtifact{}),
		"RemoteEvent2":                 reflect.TypeOf(wEvent{}),
		"RemoteFilter":                 reflect.TypeOf(wFilter{}),
		"RemoteVersion":                reflect.TypeOf(wVersion{}),
	} {
		fields, ok := dtos[name]
		require.True(t, ok, name)
		for _, f := range jsonNames(typ) {
			_, known := fields[f]
			require.True(t, known || artifact[f], "%s has no field %s", name, f)
		}
	}
}

// nonNullable says whether a reference type (int, DateTime, int?,
// Nullable<int>, string...) can never be null.
func nonNullable(refType string) bool {
	switch refType {
	case "int", "bool", "DateTime", "decimal", "Decimal", "long":
		return true
	}
	return false
}

// jsonFields maps JSON names to Go field types, embedded structs included.
func jsonFields(t reflect.Type, out map[string]reflect.Type) map[string]reflect.Type {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			jsonFields(f.Type, out)
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			out[name] = f.Type
		}
	}
	return out
}
