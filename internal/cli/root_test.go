package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// run calls Main the way the binary does, off a terminal.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(context.Background(), args, TestIO(strings.NewReader(""), &out, &errOut))
	return code, out.String(), errOut.String()
}

func TestUsageMistakesExit2AndSayWhatToDo(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate"`, "version", "Run 'spirajira --help'"}},
		{[]string{"versoin"}, []string{`did you mean "version"?`}},
		{[]string{"--no-such-flag"}, []string{"unknown flag: --no-such-flag"}},
		{[]string{"version", "extra"}, []string{`"extra"`, "Run 'spirajira version --help'"}},
		{[]string{"-o", "xml", "version"}, []string{`unknown output format "xml"`, "table, json, yaml, csv"}},
		{[]string{"completion"}, []string{"name one shell: bash, zsh, fish, powershell"}},
		{[]string{"completion", "tcsh"}, []string{`unknown shell "tcsh"`}},
		{[]string{"login"}, []string{"spirajira login jira"}},
		{[]string{"login", "nosuch"}, []string{`"nosuch"`, "Run 'spirajira login --help'"}},
		{[]string{"login", "jria"}, []string{`did you mean "jira"?`}},
		{[]string{"jira", "projcts"}, []string{`did you mean "projects"?`, "Run 'spirajira jira --help'"}},
		{[]string{"mapping", "valdate"}, []string{`did you mean "validate"?`}},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, c.args...)
			require.Equal(t, ExitUsage, code, stderr)
			require.Empty(t, stdout)
			for _, w := range c.want {
				require.Contains(t, stderr, w)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	errAuth := errors.New("401 from the test service")
	authErrors = append(authErrors, errAuth)
	t.Cleanup(func() { authErrors = authErrors[:len(authErrors)-1] })

	for _, c := range []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{errors.New("boom"), ExitError},
		{usageErrorf("bad"), ExitUsage},
		{fmt.Errorf("wrapped: %w", usageErrorf("bad")), ExitUsage},
		{fmt.Errorf("GET /myself: %w", errAuth), ExitAuth},
		{fmt.Errorf("sync: %w", ErrItemsFailed), ExitSyncFailed},
	} {
		require.Equal(t, c.want, ExitCode(c.err), "%v", c.err)
	}
}

func TestRootWithoutTerminalPrintsHelp(t *testing.T) {
	code, stdout, _ := run(t)
	require.Equal(t, ExitOK, code)
	require.Contains(t, stdout, "Usage:")
	require.Contains(t, stdout, "--profile")
	require.NotContains(t, stdout, "\x1b[")
}

func TestCompletionIsOurs(t *testing.T) {
	root := NewCmdRoot(NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{})))
	var names []string
	for _, c := range root.Commands() {
		names = append(names, c.Name())
	}
	require.Contains(t, names, "completion")
	require.Equal(t, 1, strings.Count(strings.Join(names, " "), "completion"), "cobra's default is off")
}
