package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/version"
)

func TestNewCmdVersionParsesNoArgs(t *testing.T) {
	f := NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	var got *VersionOptions
	cmd := NewCmdVersion(f, func(o *VersionOptions) error { got = o; return nil })
	cmd.SetArgs(nil)
	require.NoError(t, cmd.Execute())
	require.NotNil(t, got)
	f.Output = "yaml"
	require.Equal(t, "yaml", got.Output(), "reads the global -o when it runs")

	got = nil
	cmd = NewCmdVersion(f, func(o *VersionOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"surplus"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	require.Error(t, cmd.Execute())
	require.Nil(t, got, "run is not called on bad arguments")
}

func TestVersionFormats(t *testing.T) {
	info := version.Info{Version: "1.4.0", Commit: "abc123", Date: "2026-11-27", GoVersion: "go1.26.0", Platform: "linux/amd64"}
	for _, format := range []string{"table", "json", "yaml", "csv"} {
		out := &bytes.Buffer{}
		opts := &VersionOptions{
			IO:     TestIO(nil, out, &bytes.Buffer{}),
			Output: func() string { return format },
			Info:   func() version.Info { return info },
		}
		require.NoError(t, versionRun(opts))
		switch format {
		case "table":
			require.Equal(t, "spirajira 1.4.0 (abc123, 2026-11-27) go1.26.0 linux/amd64\n", out.String())
		case "json":
			var back version.Info
			require.NoError(t, json.Unmarshal(out.Bytes(), &back))
			require.Equal(t, info, back)
		case "yaml":
			require.Contains(t, out.String(), "version: 1.4.0\n")
			require.Contains(t, out.String(), "goVersion: go1.26.0\n")
		case "csv":
			require.Equal(t, "VERSION,COMMIT,DATE,GO,PLATFORM\n1.4.0,abc123,2026-11-27,go1.26.0,linux/amd64\n", out.String())
		}
	}
}

func TestVersionJSONThroughMain(t *testing.T) {
	code, stdout, stderr := run(t, "version", "-o", "json")
	require.Equal(t, ExitOK, code, stderr)
	require.True(t, json.Valid([]byte(stdout)), stdout)
	var info version.Info
	require.NoError(t, json.Unmarshal([]byte(stdout), &info))
	require.NotEmpty(t, info.Version)
	require.True(t, strings.HasPrefix(info.GoVersion, "go"), info.GoVersion)
}
