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

	// Takeover (--takeover) asks whether Spira's data-sync service still
	// runs the plug-in record and prints the steps to take it over.
	Takeover    bool
	RunTakeover func(context.Context, doctor.Inputs) doctor.Takeover
	// Bundle (--bundle FILE.zip) writes a support bundle as well.
	Bundle   string
	StateDir func() (string, error)
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
		RunTakeover:      doctor.RunTakeover,
		StateDir:         config.StateDir,
	}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check that the Spira <-> Jira integration will work, and say what to fix",
		Long: `doctor checks both sites and credentials, the JiraDataSync plug-in record and its
last runs, Spira's event log, the two clocks against the plug-in's Time Offset, every
mapped product's Jira project and mapping, and the Spira side of the SpiraTest App for
Jira (base URL, API key braces, version, Allowed Domains).

Each check passes, warns, fails or is skipped (when something it needs failed), and
says what to fix. The exit status is 0 when nothing fails and 1 otherwise.

--takeover says instead whether Spira's own data-sync service still runs the plug-in
record (its LastSyncDate and event log move without spirajira's runs), and the steps to
move the record to spirajira; it exits 1 while the service runs it.

--bundle FILE.zip also writes a support bundle: the report, the configuration, each
mapped product's mapping, the last runs, summaries of the sync state and journals, and
the versions of both sites and of spirajira. It holds no token or API key.`,
		Example: `  spirajira doctor
  spirajira doctor -o json
  spirajira doctor --takeover
  spirajira doctor --bundle support.zip`,
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
	cmd.Flags().BoolVar(&opts.Takeover, "takeover", false, "say whether Spira's data-sync service still runs the plug-in record, and how to take it over")
	cmd.Flags().StringVar(&opts.Bundle, "bundle", "", "also write a support `FILE.zip` (no secrets)")
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
	if opts.Bundle != "" && !strings.HasSuffix(strings.ToLower(opts.Bundle), ".zip") {
		return usageErrorf("--bundle names a .zip file, not %q", opts.Bundle)
	}
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
	if opts.Takeover {
		return takeoverRun(ctx, opts, in)
	}
	report := opts.Run(ctx, in)
	if opts.Bundle != "" {
		if err := writeBundle(ctx, opts, in, report, nil); err != nil {
			return err
		}
	}
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
