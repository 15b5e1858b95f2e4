package doctor

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readZip(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		out[f.Name] = string(b)
	}
	return out
}

// The bundle of the sandbox holds every part support needs and no secret
// the test knows: both tokens, the API key with and without its braces,
// the plug-in's password, even when a state file has one planted in it.
func TestBundleHoldsEverythingButSecrets(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	in := sandboxInputs(sb)
	writeEvent(t, in, 4, "spirajira sync of product 1 with LIB: 3 created, 1 updated, 0 transitioned, 0 linked, 0 conflicts, 0 failed")

	state := t.TempDir()
	journal := `{"t":"instance","item":"","at":"2026-12-01T10:00:00Z","instance":{"spira":"` + sb.SpiraURL + `","jira":"` + sb.JiraURL + `","plugin":1,"product":1}}
{"t":"intent","action":"create","item":"IN:5","artifact":"incident","dir":"s2j","spiraId":5,"name":"` + in.Jira.Token + `","at":"2026-12-01T10:00:01Z"}
{"t":"done","action":"create","item":"IN:5","artifact":"incident","jiraKey":"LIB-9","at":"2026-12-01T10:00:02Z"}
{"t":"intent","action":"upd`
	require.NoError(t, os.WriteFile(filepath.Join(state, "journal-1-1-abc.jsonl"), []byte(journal), 0o600))
	st := `{"instance":{"plugin":1,"product":1},"base":{"IN:5":{"name":"x"},"IN:6":{}},"seen":{"LIB-9":"2026"},"lastPosted":"2026-12-01T10:00:00Z","note":"` + in.Spira.APIKey + `"}`
	require.NoError(t, os.WriteFile(filepath.Join(state, "sync-1-1-abc.json"), []byte(st), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(state, "lock-1-1-abc"), []byte("pid 7"), 0o600))

	cfg, err := os.ReadFile(filepath.Join(sb.ConfigDir, "config.yaml"))
	require.NoError(t, err)
	// A secret pasted into the file by hand is copied with it, then redacted.
	cfg = append(cfg, []byte("# token "+in.Jira.Token+" key "+strings.Trim(in.Spira.APIKey, "{}")+"\n")...)
	report := Run(context.Background(), in)
	tk := RunTakeover(context.Background(), in)
	var buf bytes.Buffer
	require.NoError(t, WriteBundle(context.Background(), &buf, in, BundleInputs{
		Report: report, Takeover: &tk, Config: cfg, StateDir: state,
		Tool:    map[string]string{"version": "test"},
		Secrets: []string{sb.JiraUser.Token},
	}))
	files := readZip(t, buf.Bytes())

	for _, name := range []string{"doctor.json", "takeover.json", "config.yaml", "versions.json", "runs.json", "state.json", "README.txt", "mappings/product-1.yaml"} {
		require.Contains(t, files, name)
	}
	require.Contains(t, files["config.yaml"], sb.SpiraURL)
	require.Contains(t, files["mappings/product-1.yaml"], sb.ProjectKey)
	require.Contains(t, files["runs.json"], "spirajira sync of product 1 with LIB")
	var v siteVersions
	require.NoError(t, json.Unmarshal([]byte(files["versions.json"]), &v))
	require.NotContains(t, v.Jira, "unknown")
	require.NotContains(t, v.Spira, "unknown")

	var s stateSummary
	require.NoError(t, json.Unmarshal([]byte(files["state.json"]), &s))
	require.Len(t, s.Journals, 1)
	j := s.Journals[0]
	require.Equal(t, 3, j.Entries)
	require.Equal(t, 1, j.Unreadable, "the torn last line")
	require.Equal(t, map[string]int{"instance": 1, "intent create": 1, "done create": 1}, j.Kinds)
	var inst map[string]any
	require.NoError(t, json.Unmarshal(j.Instance, &inst))
	require.Equal(t, float64(1), inst["product"])
	require.Len(t, s.States, 1)
	require.Equal(t, 2, s.States[0].Counts["base"])
	require.Equal(t, "2026-12-01T10:00:00Z", s.States[0].Dates["lastPosted"])
	require.Equal(t, []string{"lock-1-1-abc (5 bytes)"}, s.Other)
	// A summary, not a copy: the journal's item names are not in it.
	require.NotContains(t, files["state.json"], "IN:5")

	key := in.Spira.APIKey
	require.True(t, strings.HasPrefix(key, "{"), "the sandbox key is braced: %d chars", len(key))
	secrets := map[string]string{
		"jira admin token": in.Jira.Token, "jira user token": sb.JiraUser.Token,
		"spira key": key, "spira key without braces": strings.Trim(key, "{}"),
		"spira key upper case": strings.ToUpper(strings.Trim(key, "{}")),
	}
	p, ok := sb.Spira.PlugIn(sb.DataSyncID)
	require.True(t, ok)
	secrets["plug-in password"] = p.Password
	all := buf.String()
	for name, data := range files {
		all += data
		for what, secret := range secrets {
			require.NotEmpty(t, secret, what)
			if strings.Contains(data, secret) {
				t.Fatalf("%s holds the %s", name, what) // never the secret itself
			}
		}
	}
	require.Contains(t, all, redacted)
}
