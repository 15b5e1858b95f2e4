package cli

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/sandbox"
)

// The sandbox's Jira bug with a log and Spira incident with a document:
// the dry-run names each file, the sync copies each once, the next plan
// copies no file.
func TestSyncCopiesTheSandboxFiles(t *testing.T) {
	sb := useSandbox(t)
	code, out, errOut := runMain(t, "sync", "--dry-run", "--product", "1")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "attachment: "+sandbox.FileBugName)
	require.Contains(t, out, "attachment: "+sandbox.FileIncidentName)

	code, _, errOut = runMain(t, "sync", "--product", "1")
	require.Equal(t, 0, code, errOut)
	var onJira, onSpira int
	for _, k := range sb.Jira.IssueKeys() {
		for _, a := range sb.Jira.Attachments(k) {
			if a.Filename == sandbox.FileIncidentName {
				onJira++
			}
		}
	}
	for id := 1; id <= sb.Spira.IncidentCount(1)+10; id++ {
		for _, d := range sb.Spira.FileDocuments(1, 3, id) {
			if d.Filename == sandbox.FileBugName {
				onSpira++
			}
		}
	}
	require.Equal(t, 1, onJira, "the Spira document reached Jira once")
	require.Equal(t, 1, onSpira, "the Jira attachment reached Spira once")

	code, out, errOut = runMain(t, "sync", "--product", "1", "--dry-run", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var pf datasync.PlanFile
	require.NoError(t, json.Unmarshal([]byte(out), &pf))
	for _, a := range pf.Actions {
		require.False(t, a.Op != nil && a.Op.File != nil, "no file is copied again: %+v", a)
	}
}

// --max-attachment-mb caps the files copied; the plan says why one is left.
func TestSyncMaxAttachmentMB(t *testing.T) {
	sb := useSandbox(t)
	keys := sb.Jira.IssueKeys()
	_, err := sb.Jira.AddAttachment(keys[len(keys)-1], "big.bin", bytes.NewReader(make([]byte, 2<<20)))
	require.NoError(t, err)
	code, out, errOut := runMain(t, "sync", "--dry-run", "--product", "1", "--max-attachment-mb", "1")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `file "big.bin" (2.0 MB) not copied to Spira: it is over the 1.0 MB cap of a run (sync --max-attachment-mb)`)
	require.Contains(t, out, "attachment: "+sandbox.FileBugName, "the small files still go")
}
