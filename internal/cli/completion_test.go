package cli

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewCmdCompletionTakesTheShell(t *testing.T) {
	f := NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	var got *CompletionOptions
	cmd := NewCmdCompletion(f, func(o *CompletionOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"zsh"})
	require.NoError(t, cmd.Execute())
	require.Equal(t, "zsh", got.Shell)
}

func TestCompletionScripts(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash":       "__start_spirajira",
		"zsh":        "#compdef spirajira",
		"fish":       "complete -c spirajira",
		"powershell": "Register-ArgumentCompleter",
	} {
		code, stdout, stderr := run(t, "completion", shell)
		require.Equal(t, ExitOK, code, stderr)
		require.Contains(t, stdout, marker, shell)
	}
}
