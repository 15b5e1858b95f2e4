package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

var completionShells = []string{"bash", "zsh", "fish", "powershell"}

// CompletionOptions are the inputs of "spirajira completion".
type CompletionOptions struct {
	IO    *IOStreams
	Shell string
	Root  func() *cobra.Command
}

// NewCmdCompletion builds "spirajira completion <shell>".
func NewCmdCompletion(f *Factory, runF func(*CompletionOptions) error) *cobra.Command {
	opts := &CompletionOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "completion <" + strings.Join(completionShells, "|") + ">",
		Short: "Print a shell completion script",
		Long: `Print the completion script for a shell. For example:

  bash:        source <(spirajira completion bash)
  zsh:         spirajira completion zsh > "${fpath[1]}/_spirajira"
  fish:        spirajira completion fish > ~/.config/fish/completions/spirajira.fish
  powershell:  spirajira completion powershell | Out-String | Invoke-Expression`,
		Example: `  source <(spirajira completion bash)
  spirajira completion zsh > "${fpath[1]}/_spirajira"`,
		ValidArgs: completionShells,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("name one shell: %s", strings.Join(completionShells, ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Shell = args[0]
			opts.Root = cmd.Root
			if runF != nil {
				return runF(opts)
			}
			return completionRun(opts)
		},
	}
	// It prints a script, not data.
	return printsOnly(cmd, "table")
}

func completionRun(opts *CompletionOptions) error {
	root := opts.Root()
	out := opts.IO.Out
	switch opts.Shell {
	case "bash":
		return root.GenBashCompletionV2(out, true)
	case "zsh":
		return root.GenZshCompletion(out)
	case "fish":
		return root.GenFishCompletion(out, true)
	case "powershell":
		return root.GenPowerShellCompletionWithDesc(out)
	}
	return usageErrorf("unknown shell %q: use one of %s", opts.Shell, strings.Join(completionShells, ", "))
}
