package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
)

// "mapping edit" on the sandbox: what the TUI's Mapping screen changes, from
// a script, through the same rules.
func TestMappingEditOnTheSandbox(t *testing.T) {
	useSandbox(t)
	file := filepath.Join(t.TempDir(), "mapping.yaml")
	pullMapping(t, file)
	pulled, err := os.ReadFile(file)
	require.NoError(t, err)

	// A dry run shows the change and writes nothing.
	code, out, errOut := runMain(t, "mapping", "edit", "-f", file, "--set", "fields/incident.status/4=3", "--dry-run")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "fields/incident.status/4")
	require.Contains(t, errOut, "not written")
	now, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Equal(t, pulled, now)

	// The value gets the Jira name from the catalog and, alone on Jira 3,
	// the Primary flag; a setting takes the current plug-in's words; a
	// screen-only setting is listed among the changes.
	code, out, errOut = runMain(t, "mapping", "edit", "-f", file, "-o", "json",
		"--set", "fields/incident.status/4=3",
		"--set", "plugin/custom03SyncDirection=Complete,NoAttachments",
		"--set", "plugin/syncEpicStoryHierarchy=Yes")
	require.Equal(t, 0, code, errOut)
	var res editResult
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.True(t, res.Written)
	require.Len(t, res.Changes, 3, out)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	writer, intact := mapping.ReadStamp(data)
	require.True(t, intact)
	require.Equal(t, writerEdit, writer)
	p, err := mapping.Parse(data)
	require.NoError(t, err)
	row := p.Field(mapping.IncidentStatus).Values
	var resolved mapping.ValueMapping
	for _, v := range row {
		if v.Spira.ID == 4 {
			resolved = v
		}
	}
	require.Equal(t, mapping.JiraRef{ID: "3", Name: "In Progress"}, resolved.Jira)
	s := p.Plugin.Settings()
	require.Equal(t, mapping.ModeComplete, s.Mode)
	require.True(t, s.NoAttachments)
	require.True(t, p.Plugin.Extended.SyncEpicStoryHierarchy)

	// The same edit again changes nothing and says so.
	code, _, errOut = runMain(t, "mapping", "edit", "-f", file, "--set", "fields/incident.status/4=3")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "nothing to write")

	// Choices list what a row may take; a typed setting says what to type.
	code, out, errOut = runMain(t, "mapping", "edit", "-f", file, "--choices", "fields/incident.status/4", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var choices []mapping.Choice
	require.NoError(t, json.Unmarshal([]byte(out), &choices))
	require.Contains(t, choices, mapping.Choice{ID: "3", Name: "In Progress"})
	code, _, errOut = runMain(t, "mapping", "edit", "-f", file, "--choices", "plugin/"+mapping.KeyTaskTypes)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "issue-type IDs")

	// Wrong input is refused with how to write it, and the file is kept.
	before, err := os.ReadFile(file)
	require.NoError(t, err)
	for args, want := range map[string]string{
		"fields/incident.stat/4=3":    "fields/FIELD/SPIRA_ID",
		"fields/incident.status/4":    "ROW=VALUE",
		"plugin/active=maybe":         "Yes or No",
		"fields/incident.status/99=3": "no such row",
	} {
		code, _, errOut = runMain(t, "mapping", "edit", "-f", file, "--set", args)
		require.NotEqual(t, 0, code, args)
		require.Contains(t, errOut, want, args)
	}
	code, _, errOut = runMain(t, "mapping", "edit", "-f", file)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "say what to change")
	after, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Equal(t, before, after)
}
