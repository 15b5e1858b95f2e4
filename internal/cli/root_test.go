package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/spiraclient"
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
		{fmt.Errorf("jira: %w", &config.MissingError{What: "Jira API token", How: "run 'spirajira login jira'"}), ExitAuth},
		{fmt.Errorf("spira: %w", spiraclient.ErrAPIKeyBraces), ExitAuth},
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

// A command that prints no data for scripts refuses -o json, yaml or csv
// instead of ignoring it, and says what it prints.
func TestOutputFormatsACommandDoesNotPrintAreRefused(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"login", "jira", "-o", "json", "--site", "https://x.atlassian.net", "--email", "a@b.c", "--token-stdin"}, "'spirajira login jira' does not print json"},
		{[]string{"login", "spira", "-o", "yaml", "--token-stdin"}, "'spirajira login spira' does not print yaml"},
		{[]string{"completion", "bash", "-o", "json"}, "'spirajira completion' does not print json"},
		{[]string{"mapping", "pull", "--product", "1", "-o", "csv"}, "'spirajira mapping pull' does not print csv"},
		{[]string{"demo", "-o", "yaml"}, "'spirajira demo' does not print yaml: it takes -o table or json"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, c.args...)
			require.Equal(t, ExitUsage, code, stderr)
			require.Empty(t, stdout)
			require.Contains(t, stderr, c.want)
		})
	}
}
