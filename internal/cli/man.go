package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/spirajira/spirajira/internal/version"
)

// newCmdMan prints the man page; the release build packs it into the
// archives. It is hidden because people read it through man(1).
func newCmdMan(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "man",
		Short:  "Print the spirajira(1) man page in roff",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return writeManPage(f.IO.Out, cmd.Root(), version.Get().Version)
		},
	}
}

func writeManPage(w io.Writer, root *cobra.Command, ver string) error {
	var b strings.Builder
	date := time.Now().UTC().Format("January 2006")
	fmt.Fprintf(&b, ".TH SPIRAJIRA 1 %q %q \"spirajira manual\"\n", date, "spirajira "+ver)
	b.WriteString(".SH NAME\nspirajira \\- " + roff(root.Short) + "\n")
	b.WriteString(".SH SYNOPSIS\n.B spirajira\n[\\fIcommand\\fR] [\\fIflags\\fR]\n")
	b.WriteString(".SH DESCRIPTION\n" + roff(root.Long) + "\n")
	b.WriteString(".SH GLOBAL OPTIONS\n")
	writeManFlags(&b, root.PersistentFlags())
	b.WriteString(".SH COMMANDS\n")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || !sub.IsAvailableCommand() {
				continue
			}
			fmt.Fprintf(&b, ".TP\n.B %s\n%s\n", roff(sub.UseLine()), roff(sub.Short))
			writeManFlags(&b, sub.LocalNonPersistentFlags())
			walk(sub)
		}
	}
	walk(root)
	b.WriteString(".SH ENVIRONMENT\n")
	for _, e := range [][2]string{
		{"SPIRAJIRA_CONFIG_DIR", "configuration directory (default: the OS config directory)"},
		{"SPIRAJIRA_STATE_DIR", "directory for the sync journals and state"},
		{"SPIRAJIRA_JIRA_URL, SPIRAJIRA_JIRA_EMAIL, SPIRAJIRA_JIRA_TOKEN", "Jira site, account and API token"},
		{"SPIRAJIRA_SPIRA_URL, SPIRAJIRA_SPIRA_LOGIN, SPIRAJIRA_SPIRA_API_KEY", "Spira instance, login and API key"},
		{"NO_COLOR", "plain output without colour"},
	} {
		fmt.Fprintf(&b, ".TP\n.B %s\n%s\n", roff(e[0]), roff(e[1]))
	}
	b.WriteString(".SH EXIT STATUS\n0 success, 1 error, 2 usage error, 3 credentials refused, missing or malformed, 4 sync finished with failed items.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeManFlags(b *strings.Builder, fs *pflag.FlagSet) {
	fs.VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden {
			return
		}
		name := "\\-\\-" + fl.Name
		if fl.Shorthand != "" {
			name = "\\-" + fl.Shorthand + ", " + name
		}
		fmt.Fprintf(b, ".TP\n.B %s\n%s\n", name, roff(fl.Usage))
	})
}

// roff escapes text so that no line starts a request and dashes stay dashes.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
		if l == "" {
			lines[i] = ".PP"
		}
	}
	return strings.Join(lines, "\n")
}
