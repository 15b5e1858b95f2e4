// Package cli holds spirajira's cobra commands: each one a NewCmdX that
// parses flags into an XOptions and an xRun that does the work.
package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/version"
)

// Main runs the command line and returns the process exit code.
func Main(ctx context.Context, args []string, io *IOStreams) int {
	f := NewFactory(io)
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil {
		if !errors.Is(err, errSilent) {
			fmt.Fprintln(io.ErrOut, "error:", err)
		}
		var ue *UsageError
		if errors.As(err, &ue) {
			if cmd == nil {
				cmd = root
			}
			fmt.Fprintf(io.ErrOut, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
		if ctx.Err() != nil {
			// A sync keeps a journal and push and pull compare first, so
			// running again finishes the work without doing any of it twice.
			fmt.Fprintln(io.ErrOut, "Interrupted before the end: run the same command again to finish.")
		}
	}
	return ExitCode(err)
}

// errSilent is returned by commands that have already told the user.
var errSilent = errors.New("")

// NewCmdRoot builds the root command with every subcommand.
func NewCmdRoot(f *Factory) *cobra.Command {
	var tuiOpts tuiOptions
	cmd := &cobra.Command{
		Use:   "spirajira",
		Short: "Connect Inflectra SpiraPlan with Jira Cloud",
		Long: `spirajira browses Jira IDs, builds and pushes the Spira <-> Jira data mapping,
and runs the JiraDataSync sync engine once or as a dry-run.`,
		Example: `  spirajira demo
  spirajira login jira && spirajira login spira
  spirajira jira projects
  spirajira mapping pull --product 1
  spirajira sync --dry-run`,
		// --version, as gh and jira-cli take it; "version" says the same.
		Version:       version.Get().String(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutputFormat(f.Output); err != nil {
				return err
			}
			return checkCommandOutput(cmd, f.Output)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if openTUI == nil || !f.IO.CanPrompt() {
				return cmd.Help()
			}
			if err := tuiOpts.check(); err != nil {
				return err
			}
			return openTUI(cmd.Context(), f, tuiOpts)
		},
	}
	cmd.SetVersionTemplate("{{.Version}}\n")
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &UsageError{Err: err}
	})
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.Profile, "profile", "", "configuration profile to use (default: the current profile)")
	pf.BoolVar(&f.Debug, "debug", false, "log every HTTP exchange to stderr, secrets redacted")
	pf.StringVarP(&f.Output, "output", "o", "table", "output format: table, json, yaml or csv")
	_ = cmd.RegisterFlagCompletionFunc("profile", completeProfiles(f))
	_ = cmd.RegisterFlagCompletionFunc("output", completeOutput)

	addTUIFlags(cmd, &tuiOpts)
	cmd.CompletionOptions.DisableDefaultCmd = true

	cmd.AddCommand(
		NewCmdAuth(f, nil),
		NewCmdCompletion(f, nil),
		NewCmdDemo(f, nil),
		NewCmdDoctor(f, nil),
		NewCmdJira(f),
		NewCmdLogin(f),
		newCmdMan(f),
		NewCmdMapping(f),
		NewCmdProfile(f, nil),
		NewCmdSpira(f),
		NewCmdSync(f),
		NewCmdVersion(f, nil),
	)
	checkArgsAsUsage(cmd)
	return cmd
}

// checkArgsAsUsage makes argument mistakes usage errors (exit 2) on every
// command, and makes every parent reject an unknown subcommand, with a
// suggestion, instead of running with it as an argument.
func checkArgsAsUsage(cmd *cobra.Command) {
	orig := cmd.Args
	if cmd.HasSubCommands() {
		// A mistyped subcommand gets a suggestion, whatever the parent's
		// own validator would say of it.
		own := orig
		orig = func(c *cobra.Command, args []string) error {
			if err := unknownSubcommand(c, args); err != nil || own == nil {
				return err
			}
			return own(c, args)
		}
	}
	if orig != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := orig(c, args); err != nil {
				var ue *UsageError
				if errors.As(err, &ue) {
					return err
				}
				return &UsageError{Err: err}
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		checkArgsAsUsage(sub)
	}
}

func unknownSubcommand(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2
	}
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	} else {
		var names []string
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				names = append(names, sub.Name())
			}
		}
		msg += "; use one of: " + strings.Join(names, ", ")
	}
	return errors.New(msg)
}

// openTUI starts the interactive terminal UI on the configured profile, so
// that a bare "spirajira" opens it on a terminal; tests replace it.
var openTUI = runTUI
