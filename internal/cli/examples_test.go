package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
)

// Every command a user can run shows how, as gh's help does.
func TestEveryRunnableCommandHasAnExample(t *testing.T) {
	root := NewCmdRoot(NewFactory(TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})))
	var missing []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Runnable() && !c.Hidden && strings.TrimSpace(c.Example) == "" {
			missing = append(missing, c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	require.Empty(t, missing, "commands without an Example")
}

// An example names the command it belongs to, so that none is pasted from
// another command by mistake.
func TestExamplesRunTheirOwnCommand(t *testing.T) {
	root := NewCmdRoot(NewFactory(TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Example != "" {
			require.Contains(t, c.Example, c.CommandPath(), "the example of %s", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// Each example line parses: its command exists, its flags are the
// command's, and its -o is one the command prints.
func TestExamplesParse(t *testing.T) {
	root := NewCmdRoot(NewFactory(TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			// Lines for the shell (pipes, redirections) are read, not run.
			if !strings.HasPrefix(line, "spirajira ") || strings.ContainsAny(line, "|<>&$\"'") {
				continue
			}
			args := strings.Fields(line)[1:]
			found, rest, err := root.Find(args)
			require.NoError(t, err, line)
			found.InitDefaultHelpFlag()
			fs := found.Flags()
			fs.AddFlagSet(root.PersistentFlags())
			require.NoError(t, fs.Parse(rest), line)
			if fs.NArg() > 0 {
				require.NoError(t, found.ValidateArgs(fs.Args()), line)
			}
			out, _ := fs.GetString("output")
			require.NoError(t, checkOutputFormat(out), line)
			require.NoError(t, checkCommandOutput(found, out), line)
			require.NoError(t, fs.Set("output", "table"))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
