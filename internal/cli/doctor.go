package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/doctor"
)

func init() { register(func(f *Factory) *cobra.Command { return NewCmdDoctor(f, nil) }) }

// DoctorOptions are the inputs of "spirajira doctor".
type DoctorOptions struct {
	IO     *IOStreams
	Output func() string
	Ctx    context.Context

	// Config loads config.yaml; a file that cannot be read is the
	// report's first failure.
	Config           func() (*config.Config, error)
	JiraCredentials  func() (config.JiraCredentials, error)
	SpiraCredentials func() (config.SpiraCredentials, error)

	Timeout time.Duration
	// Debug logs every HTTP exchange to stderr (--debug).
	Debug func() bool
	// Run runs the checks; tests replace it.
	Run func(context.Context, doctor.Inputs) doctor.Report
}

// NewCmdDoctor builds "spirajira doctor".
func NewCmdDoctor(f *Factory, runF func(*DoctorOptions) error) *cobra.Command {
	opts := &DoctorOptions{
		IO:               f.IO,
		Output:           func() string { return f.Output },
		Config:           f.Config,
		JiraCredentials:  f.JiraCredentials,
		SpiraCredentials: f.SpiraCredentials,
		Debug:            func() bool { return f.Debug },
		Run:              doctor.Run,
	}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check that the Spira <-> Jira integration will work, and say what to fix",
		Long: `doctor checks both sites and credentials, the JiraDataSync plug-in record and its
last runs, Spira's event log, the two clocks against the plug-in's Time Offset, every
mapped product's Jira project and mapping, and the Spira side of the SpiraTest App for
Jira (base URL, API key braces, version, Allowed Domains).

Each check passes, warns, fails or is skipped (when something it needs failed), and
says what to fix. The exit status is 0 when nothing fails and 1 otherwise.`,
		Example: `  spirajira doctor
  spirajira doctor -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return doctorRun(opts)
		},
	}
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", doctor.DefaultTimeout, "time limit of each check")
	return cmd
}

func doctorRun(opts *DoctorOptions) error {
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	// Missing settings are not an error here: the checks report them, with the fix.
	jc, _ := opts.JiraCredentials()
	sc, _ := opts.SpiraCredentials()
	in := doctor.Inputs{
		Jira:      doctor.JiraSettings{URL: jc.URL, Email: jc.Email, Token: jc.Token},
		Spira:     doctor.SpiraSettings{URL: sc.URL, Login: sc.Login, APIKey: sc.APIKey, DataSync: sc.DataSync},
		Timeout:   opts.Timeout,
		UserAgent: userAgent(),
	}
	if opts.Config != nil {
		if _, err := opts.Config(); err != nil {
			in.ConfigError = err
		}
	}
	if opts.Debug != nil && opts.Debug() {
		in.Debug = opts.IO.ErrOut
	}
	report := opts.Run(ctx, in)
	format := opts.Output()
	var err error
	if format == "table" {
		err = printDoctor(opts.IO, report)
	} else {
		err = printResult(opts.IO, format, report, doctorTable(report))
	}
	if err != nil {
		return err
	}
	if report.Failed() {
		return fmt.Errorf("%wdoctor: %d check(s) failed", errSilent, report.Counts()[doctor.Fail])
	}
	return nil
}

func doctorTable(r doctor.Report) Table {
	t := Table{Headers: []string{"ID", "VERDICT", "CHECK", "MESSAGE", "FIX"}}
	for _, c := range r.Checks {
		msg := c.Message
		if len(c.Details) > 0 {
			msg += " (" + strings.Join(c.Details, "; ") + ")"
		}
		t.Rows = append(t.Rows, []string{c.ID, string(c.Verdict), c.Title, msg, c.Fix})
	}
	return t
}

// printDoctor writes the report for people: one line per check, the fix and
// details indented under it, and a summary.
func printDoctor(ios *IOStreams, r doctor.Report) error {
	label := map[doctor.Verdict]string{doctor.Pass: "PASS", doctor.Warn: "WARN", doctor.Fail: "FAIL", doctor.Skip: "SKIP"}
	style := map[doctor.Verdict]lipgloss.Style{}
	dim := lipgloss.NewStyle()
	if ios.ColorEnabled() {
		style[doctor.Pass] = lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#1a7f37", Dark: "#3fb950"}).Bold(true)
		style[doctor.Warn] = lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#9a6700", Dark: "#d29922"}).Bold(true)
		style[doctor.Fail] = lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#cf222e", Dark: "#f85149"}).Bold(true)
		style[doctor.Skip] = lipgloss.NewStyle().Faint(true)
		dim = lipgloss.NewStyle().Faint(true)
	}
	var b strings.Builder
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "%s  %s: %s %s\n", style[c.Verdict].Render(label[c.Verdict]), c.Title, c.Message, dim.Render("["+c.ID+"]"))
		for _, d := range c.Details {
			fmt.Fprintf(&b, "        %s\n", d)
		}
		if c.Fix != "" && (c.Verdict == doctor.Warn || c.Verdict == doctor.Fail) {
			fmt.Fprintf(&b, "      fix: %s\n", c.Fix)
		}
	}
	fmt.Fprintf(&b, "\n%s (in %s)\n", r.Summary(), r.Duration.Round(time.Millisecond))
	_, err := fmt.Fprint(ios.Out, b.String())
	return err
}
