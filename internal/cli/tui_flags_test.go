package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

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
