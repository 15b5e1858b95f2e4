package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/mapping/mappingtest"
)

const sampleMapping = `plugin:
  id: 3
  name: JiraDataSync
  url: https://lib.atlassian.net
  login: sync@example.com
  timeOffsetHours: 0
  autoMapUsers: false
  active: true
  custom01SeverityField: ""
  custom02SecurityLevel: ""
  custom03SyncDirection: ""
  custom04RequirementIssueTypes: ""
  custom05LinkType: ""
project:
  spira: {id: 7, name: Library}
  jiraKey: LIB
  active: true
users:
  - spira: {id: 1, name: alice}
    jira: {id: acc-1, name: Alice}
releases:
  - spira: {id: 1, name: First}
    versionNumber: "1.0"
    jira: {id: "100", name: "1.0"}
fields:
  - field: incident.type
    values:
      - spira: {id: 1, name: Bug}
        jira: {id: "10001", name: Bug}
        primary: true
  - field: incident.status
    values:
      - spira: {id: 1, name: New}
        jira: {id: "1", name: Open}
        primary: false
      - spira: {id: 2, name: Open}
        jira: {id: "1", name: Open}
        primary: true
`

func sampleLookups() *mapping.SpiraLookups {
	return &mapping.SpiraLookups{
		Values: map[mapping.FieldKind][]mapping.SpiraValue{
			mapping.IncidentType:   {{ID: 1, Name: "Bug", Active: true}},
			mapping.IncidentStatus: {{ID: 1, Name: "New", Active: true}, {ID: 2, Name: "Open", Active: true}},
		},
		Users:           []mapping.SpiraUser{{ID: 1, Login: "alice", Active: true}, {ID: 2, Login: "bob", Email: "bob@example.com", Active: true}},
		Releases:        []mapping.SpiraRelease{{ID: 1, Name: "First", VersionNumber: "1.0"}},
		ProjectMappings: []mapping.ProjectLink{{ProductID: 7, JiraKey: "LIB"}},
	}
}

func sampleJira() *mapping.Jira {
	return &mapping.Jira{
		Key:        "LIB",
		IssueTypes: []mapping.JiraItem{{ID: "10001", Name: "Bug"}},
		Workflows:  map[string][]mapping.JiraItem{"10001": {{ID: "1", Name: "Open"}, {ID: "3", Name: "In Progress"}}},
		Versions:   []mapping.JiraItem{{ID: "100", Name: "1.0"}},
		Users: []mapping.JiraUser{
			{AccountID: "acc-1", DisplayName: "Alice", Email: "alice@example.com", Active: true},
			{AccountID: "acc-2", DisplayName: "Bob", Email: "bob@example.com", Active: true},
		},
	}
}

type mappingEnv struct {
	dir   string
	spira *mappingtest.Spira
	out   *bytes.Buffer
	err   *bytes.Buffer
	o     MappingOptions
}

// newMappingEnv is a Spira holding start, and a directory for the file.
func newMappingEnv(t *testing.T, start string) *mappingEnv {
	t.Helper()
	p, err := mapping.Parse([]byte(start))
	require.NoError(t, err)
	e := &mappingEnv{dir: t.TempDir(), spira: mappingtest.New(p, sampleLookups()), out: &bytes.Buffer{}, err: &bytes.Buffer{}}
	e.o = MappingOptions{
		IO: TestIO(strings.NewReader(""), e.out, e.err), Output: "table",
		File:  filepath.Join(e.dir, "mapping.yaml"),
		Spira: func() (mapping.Spira, error) { return e.spira, nil },
		Jira: func(_ context.Context, key string) (*mapping.Jira, error) {
			require.Equal(t, "LIB", key)
			return sampleJira(), nil
		},
	}
	return e
}

func TestMappingPullWritesTheFile(t *testing.T) {
	e := newMappingEnv(t, sampleMapping)
	e.o.Product = 7
	require.NoError(t, mappingPullRun(context.Background(), &MappingPullOptions{MappingOptions: e.o}))
	data, err := os.ReadFile(e.o.File)
	require.NoError(t, err)
	p, err := mapping.Parse(data)
	require.NoError(t, err)
	require.Equal(t, "LIB", p.Project.JiraKey)
	require.Contains(t, string(data), `jira: {id: acc-1, name: Alice}`, "Jira names are filled in")
	require.Contains(t, string(data), `spira: {id: 2, name: bob}`, "unmapped users get a row")

	// A local edit is not overwritten without --force.
	edited := strings.Replace(string(data), "id: acc-1", "id: acc-2", 1)
	require.NoError(t, os.WriteFile(e.o.File, []byte(edited), 0o644))
	err = mappingPullRun(context.Background(), &MappingPullOptions{MappingOptions: e.o})
	require.ErrorContains(t, err, "--force")
	require.NoError(t, mappingPullRun(context.Background(), &MappingPullOptions{MappingOptions: e.o, Force: true}))
	data, _ = os.ReadFile(e.o.File)
	require.Contains(t, string(data), "id: acc-1")
}

func TestMappingPullNeedsAProduct(t *testing.T) {
	e := newMappingEnv(t, sampleMapping)
	err := mappingPullRun(context.Background(), &MappingPullOptions{MappingOptions: e.o})
	require.Equal(t, ExitUsage, ExitCode(err))
}

func TestMappingValidateExitsNonZeroOnErrors(t *testing.T) {
	e := newMappingEnv(t, sampleMapping)
	require.NoError(t, os.WriteFile(e.o.File, []byte(sampleMapping), 0o644))
	require.NoError(t, mappingValidateRun(context.Background(), &MappingValidateOptions{e.o}))
	require.Contains(t, e.err.String(), "No problems found.")
	jo := e.o
	jo.Output = "json"
	require.NoError(t, mappingValidateRun(context.Background(), &MappingValidateOptions{jo}))
	require.JSONEq(t, "[]", e.out.String(), "no problems is an empty list for scripts")
	e.out.Reset()

	broken := strings.Replace(sampleMapping, `jira: {id: "10001", name: Bug}`, `jira: {id: "999", name: Bug}`, 1)
	require.NoError(t, os.WriteFile(e.o.File, []byte(broken), 0o644))
	e.o.Output = "json"
	err := mappingValidateRun(context.Background(), &MappingValidateOptions{e.o})
	require.Error(t, err)
	require.Equal(t, ExitError, ExitCode(err))
	var got []mapping.Problem
	require.NoError(t, json.Unmarshal(e.out.Bytes(), &got))
	require.Len(t, got, 1)
	require.Equal(t, mapping.RuleUnknownJiraID, got[0].Rule)
}

func TestMappingPushAsksOrNeedsYes(t *testing.T) {
	e := newMappingEnv(t, sampleMapping)
	local := strings.Replace(sampleMapping, "users:\n", "users:\n  - spira: {id: 2, name: bob}\n    jira: {id: acc-2}\n", 1)
	local = strings.Replace(local, "jiraKey: LIB\n  active: true", "jiraKey: LIB\n  active: true", 1)
	local = strings.Replace(local, `        jira: {id: "1", name: Open}
        primary: false`, `        jira: {id: "3", name: In Progress}
        primary: true`, 1)
	require.NoError(t, os.WriteFile(e.o.File, []byte(local), 0o644))

	err := mappingPushRun(context.Background(), &MappingPushOptions{MappingOptions: e.o})
	require.Equal(t, ExitUsage, ExitCode(err), "no terminal and no --yes")
	require.Empty(t, e.spira.Calls())

	// A mapping with errors is not pushed without --force.
	broken := filepath.Join(e.dir, "broken.yaml")
	require.NoError(t, os.WriteFile(broken, []byte(strings.Replace(local, `id: "10001"`, `id: "999"`, 1)), 0o644))
	bo := e.o
	bo.File = broken
	err = mappingPushRun(context.Background(), &MappingPushOptions{MappingOptions: bo, Yes: true})
	require.ErrorContains(t, err, "has 1 mapping error: 'spirajira mapping validate' shows each with its fix; push anyway with --force")
	require.Empty(t, e.spira.Calls())

	// On a terminal, "n" writes nothing.
	e.o.IO.SetTTY(true, true)
	e.o.IO.In = strings.NewReader("n\n")
	require.Error(t, mappingPushRun(context.Background(), &MappingPushOptions{MappingOptions: e.o}))
	require.Empty(t, e.spira.Calls())

	e.o.IO.In = strings.NewReader("y\n")
	sheet := filepath.Join(e.dir, "sheet.html")
	require.NoError(t, mappingPushRun(context.Background(), &MappingPushOptions{MappingOptions: e.o, Sheet: sheet}))
	require.Equal(t, []string{"POST users"}, e.spira.Calls())
	page, err := os.ReadFile(sheet)
	require.NoError(t, err)
	require.Contains(t, string(page), "Incident Status mapping")
	require.Contains(t, string(page), "<code>3</code> (In Progress)")

	// Verify: the sheet is not followed yet.
	e.out.Reset()
	err = mappingVerifyRun(context.Background(), &MappingVerifyOptions{e.o})
	require.Error(t, err)
	require.Contains(t, e.out.String(), "DIFFERENT")

	require.NoError(t, e.spira.SetFieldValueMapping(3, 7, 3, 1, "3", true))
	e.out.Reset()
	require.NoError(t, mappingVerifyRun(context.Background(), &MappingVerifyOptions{e.o}))
	require.NotContains(t, e.out.String(), "DIFFERENT")
}

// A push whose changes all go to the setup sheet writes nothing, so it
// neither asks nor needs --yes off a terminal.
func TestMappingPushOfSheetOnlyChangesNeedsNoYes(t *testing.T) {
	e := newMappingEnv(t, sampleMapping)
	local := strings.Replace(sampleMapping, `        jira: {id: "1", name: Open}
        primary: false`, `        jira: {id: "3", name: In Progress}
        primary: true`, 1)
	require.NoError(t, os.WriteFile(e.o.File, []byte(local), 0o644))

	require.NoError(t, mappingPushRun(context.Background(), &MappingPushOptions{MappingOptions: e.o}))
	require.Empty(t, e.spira.Calls())
	require.Contains(t, e.out.String(), "Incident Status mapping", "the setup sheet is printed")
	require.NotContains(t, e.err.String(), "Wrote")
	require.Contains(t, e.err.String(), "1 setting must be entered in Spira by hand")
}

// With -o json or yaml, push prints one document on stdout: the changes,
// what was written, the calls and the setup sheet, and no table or Markdown.
func TestMappingPushPrintsOneDocumentForScripts(t *testing.T) {
	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			e := newMappingEnv(t, sampleMapping)
			local := strings.Replace(sampleMapping, "users:\n", "users:\n  - spira: {id: 2, name: bob}\n    jira: {id: acc-2}\n", 1)
			local = strings.Replace(local, `        jira: {id: "1", name: Open}
        primary: false`, `        jira: {id: "3", name: In Progress}
        primary: true`, 1)
			require.NoError(t, os.WriteFile(e.o.File, []byte(local), 0o644))
			e.o.Output = format
			require.NoError(t, mappingPushRun(context.Background(), &MappingPushOptions{MappingOptions: e.o, Yes: true}))
			require.Equal(t, []string{"POST users"}, e.spira.Calls())

			var doc struct {
				Changes []mapping.Change `json:"changes"`
				Written []mapping.Change `json:"written"`
				Calls   int              `json:"calls"`
				Sheet   *mapping.Sheet   `json:"sheet"`
			}
			if format == "json" {
				require.NoError(t, json.Unmarshal(e.out.Bytes(), &doc), e.out.String())
			} else {
				var v any
				require.NoError(t, yaml.Unmarshal(e.out.Bytes(), &v), e.out.String())
				b, err := json.Marshal(v)
				require.NoError(t, err)
				require.NoError(t, json.Unmarshal(b, &doc))
			}
			require.Len(t, doc.Changes, 2)
			require.Len(t, doc.Written, 1)
			require.Equal(t, 1, doc.Calls)
			require.NotNil(t, doc.Sheet)
			require.Len(t, doc.Sheet.Lines(), 1)
		})
	}
}

func TestMappingDiffAndAutomap(t *testing.T) {
	e := newMappingEnv(t, sampleMapping)
	local := strings.Replace(sampleMapping, `        jira: {id: "1", name: Open}
        primary: false`, `        jira: {}
        primary: false`, 1)
	require.NoError(t, os.WriteFile(e.o.File, []byte(local), 0o644))
	e.o.Output = "csv"
	err := mappingDiffRun(context.Background(), &MappingDiffOptions{e.o})
	require.Equal(t, ExitError, ExitCode(err), "differences exit 1, like diff")
	require.Contains(t, e.out.String(), `fields/incident.status/1,"Incident Status ""New"" (1)",remove,1,,setup sheet`)

	e.out.Reset()
	e.o.Output = "table"
	require.NoError(t, mappingAutomapRun(context.Background(), &MappingAutomapOptions{MappingOptions: e.o, Write: true, MinConfidence: 0.5}))
	require.Contains(t, e.out.String(), "fields/incident.status/1")
	data, _ := os.ReadFile(e.o.File)
	p, err := mapping.Parse(data)
	require.NoError(t, err)
	require.Equal(t, "1", p.Field(mapping.IncidentStatus).Values[0].Jira.ID, `"New" usually means "Open"`)
	require.NoError(t, os.WriteFile(e.o.File, []byte(sampleMapping), 0o644))
	require.NoError(t, mappingDiffRun(context.Background(), &MappingDiffOptions{e.o}), "no difference exits 0")
	require.False(t, p.Field(mapping.IncidentStatus).Values[0].Primary, "Open stays the Primary")
}

func TestMappingCommandIsRegistered(t *testing.T) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	code := Main(context.Background(), []string{"mapping", "push", "-f", filepath.Join(t.TempDir(), "none.yaml")}, TestIO(strings.NewReader(""), out, errOut))
	require.Equal(t, ExitUsage, code, errOut.String())
	require.Contains(t, errOut.String(), "does not exist")
}
