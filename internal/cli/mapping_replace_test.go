package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// An edit that changes no mapping (a comment) is still the admin's work:
// pull keeps it unless told to replace it.
func TestMappingPullKeepsAnEditedFile(t *testing.T) {
	e := newMappingEnv(t, sampleMapping)
	e.o.Product = 7
	pull := func(force bool) error {
		return mappingPullRun(context.Background(), &MappingPullOptions{MappingOptions: e.o, Force: force})
	}
	require.NoError(t, pull(false))
	pulled, err := os.ReadFile(e.o.File)
	require.NoError(t, err)
	require.Contains(t, string(pulled), "# written by spirajira mapping pull, sha256 ")

	// Unedited, it is refreshed, even when Spira changed meanwhile.
	require.NoError(t, e.spira.SetUserMapping(3, 1, "acc-2"))
	require.NoError(t, pull(false))
	data, _ := os.ReadFile(e.o.File)
	require.Contains(t, string(data), "id: acc-2")

	edited := string(data) + "# keep the Bob row until HR answers\n"
	require.NoError(t, os.WriteFile(e.o.File, []byte(edited), 0o644))
	err = pull(false)
	require.ErrorContains(t, err, "was edited since spirajira wrote it")
	require.ErrorContains(t, err, "--force")
	data, _ = os.ReadFile(e.o.File)
	require.Equal(t, edited, string(data), "the file is untouched")

	// A file spirajira never wrote is not replaced either.
	require.NoError(t, os.WriteFile(e.o.File, []byte(sampleMapping), 0o644))
	require.ErrorContains(t, pull(false), "was not written by 'spirajira mapping pull'")

	// On a terminal it asks; no keeps the file, yes replaces it.
	require.NoError(t, os.WriteFile(e.o.File, []byte(edited), 0o644))
	e.o.IO.In = strings.NewReader("n\n")
	e.o.IO.SetTTY(true, true)
	require.Error(t, pull(false))
	data, _ = os.ReadFile(e.o.File)
	require.Equal(t, edited, string(data))
	require.Contains(t, e.err.String(), "Replace it with Spira's mapping? [y/N]")
	e.o.IO.In = strings.NewReader("y\n")
	require.NoError(t, pull(false))
	data, _ = os.ReadFile(e.o.File)
	require.NotContains(t, string(data), "HR answers")

	// What automap wrote and Spira lacks is not dropped silently either.
	e.o.IO.SetTTY(false, false)
	require.NoError(t, pull(true))
	require.NoError(t, mappingAutomapRun(context.Background(), &MappingAutomapOptions{MappingOptions: e.o, Write: true, MinConfidence: 0.5}))
	proposed, _ := os.ReadFile(e.o.File)
	require.Contains(t, string(proposed), "# written by spirajira mapping automap, sha256 ")
	require.ErrorContains(t, pull(false), "spirajira's mapping automap wrote")
	data, _ = os.ReadFile(e.o.File)
	require.Equal(t, string(proposed), string(data))

	// --force replaces without asking.
	require.NoError(t, os.WriteFile(e.o.File, []byte(edited), 0o644))
	require.NoError(t, pull(true))
	data, _ = os.ReadFile(e.o.File)
	require.NotContains(t, string(data), "HR answers")
}
