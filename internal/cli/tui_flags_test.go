package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRootMappingFlagReachesTheTUI(t *testing.T) {
	var got tuiOptions
	old := openTUI
	openTUI = func(_ context.Context, _ *Factory, o tuiOptions) error { got = o; return nil }
	t.Cleanup(func() { openTUI = old })
	io := TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	io.SetTTY(true, true)
	cmd := NewCmdRoot(NewFactory(io))
	cmd.SetArgs([]string{"--mapping", "lib.yaml"})
	require.NoError(t, cmd.Execute())
	require.Equal(t, "lib.yaml", got.MappingFile)
}

func TestRootSyncFlagsReachTheTUIsSyncScreen(t *testing.T) {
	var got tuiOptions
	old := openTUI
	openTUI = func(_ context.Context, _ *Factory, o tuiOptions) error { got = o; return nil }
	t.Cleanup(func() { openTUI = old })
	run := func(args ...string) error {
		io := TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
		io.SetTTY(true, true)
		cmd := NewCmdRoot(NewFactory(io))
		cmd.SetArgs(args)
		return cmd.Execute()
	}
	require.NoError(t, run())
	require.Equal(t, "jira", got.Conflicts, "the same default as sync --conflicts")
	require.Equal(t, 5*time.Minute, got.PollWindow)
	require.NoError(t, run("--conflicts", "spira", "--poll-window", "2m"))
	require.Equal(t, "spira", got.Conflicts)
	require.Equal(t, 2*time.Minute, got.PollWindow)
	err := run("--conflicts", "both")
	require.ErrorContains(t, err, "jira or spira")
	require.Equal(t, ExitUsage, ExitCode(err))
}
