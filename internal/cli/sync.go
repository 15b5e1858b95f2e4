package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

// SyncOptions are the flags of spirajira sync.
type SyncOptions struct {
	IO        *IOStreams
	Factory   *Factory
	DryRun    bool
	Force     bool
	Product   int
	Mapping   string
	PlanOut   string
	Output    string
	Conflicts string
	// PollWindow is the polling interval of Spira's data-sync service:
	// a run of it within that time stops the sync unless --force.
	PollWindow time.Duration
	// Wait is how long to wait for another run of the product to end.
	Wait time.Duration
	// LinkSameNames accepts the plan's same-name link proposals.
	LinkSameNames bool
	// MaxAttachmentMB is the largest file copied, in MiB; larger ones are
	// skipped with their reason in the plan.
	MaxAttachmentMB int
	// All runs every product the plug-in record maps (Active = Yes).
	All bool
	// Every repeats the run at this interval until a signal (0: once).
	Every time.Duration
	// LogFormat is how --every logs each run: text or json (stderr).
	LogFormat string

	// onRun, when set, hears of each product's run as it ends (--every
	// logs it).
	onRun func(productRun)
}

// NewCmdSync builds "spirajira sync".
func NewCmdSync(f *Factory) *cobra.Command { return newCmdSync(f, nil) }

func newCmdSync(f *Factory, runF func(*SyncOptions) error) *cobra.Command {
	o := &SyncOptions{IO: f.IO, Factory: f}
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Sync one product with its Jira project now (or preview it with --dry-run)",
		Long: `Sync a Spira product with its Jira project the way Spira's JiraDataSync plug-in does,
from the same mapping and the same state in Spira, so Spira's own service can carry on after it.

--dry-run prints the plan (one line per action with its changes) and writes nothing.
The run records its date in Spira's plug-in record and its summary in Spira's event log.
It exits with code 4 when some items failed; they are retried by the next run.

One run of a product at a time: a second run on this machine finds the first one's lock
in the state directory, and a run on another machine (or with another state directory)
its lease in Spira's event log; it exits with code 1 and names the holder, or waits for it
with --wait. --force does not override this.

--all runs every product mapped by the plug-in record (Active = Yes) one after the
other, each under its own lock and lease; one product's failure does not stop the
others, and one report has a line per product. It exits with code 4 when items
failed, 1 when a product could not run.

--every 5m repeats the run (with --all or --product), never overlapping the last
one, until SIGINT or SIGTERM: the run under way stops between items, keeps what it
wrote and exits 0; the next run finishes the rest.`,
		Example: `  spirajira sync --dry-run
  spirajira sync --all
  spirajira sync --all --every 5m --log-format json
  spirajira sync --product 1 --conflicts spira
  spirajira sync --product 1 --dry-run --plan-out plan.json -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Output = f.Output
			if err := checkConflicts(o.Conflicts); err != nil {
				return err
			}
			if o.Wait < 0 {
				return usageErrorf("--wait must be a duration such as 10m, not %s", o.Wait)
			}
			if o.PollWindow <= 0 {
				return usageErrorf("--poll-window must be a positive duration such as 5m, not %s", o.PollWindow)
			}
			if o.Output != "table" && o.Output != "json" {
				return usageErrorf("sync prints a table or json, not %s", o.Output)
			}
			if err := checkSyncAllFlags(o); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return syncRun(cmd.Context(), o)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.DryRun, "dry-run", false, "print the plan and write nothing")
	fl.BoolVar(&o.Force, "force", false, "run even when Spira's data-sync service ran the plug-in within its polling window")
	fl.IntVar(&o.Product, "product", 0, "Spira product ID (default: the only product mapped to Jira)")
	fl.StringVar(&o.Mapping, "mapping", "", "read the mapping from this mapping.yaml instead of Spira")
	fl.StringVar(&o.PlanOut, "plan-out", "", "write the plan as JSON to this file")
	fl.StringVar(&o.Conflicts, "conflicts", "jira", "who wins a field changed on both sides: jira or spira")
	_ = cmd.RegisterFlagCompletionFunc("product", completeFrom(f, completeProducts))
	_ = cmd.RegisterFlagCompletionFunc("conflicts", cobra.FixedCompletions(conflictCompletions, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("mapping", "yaml", "yml")
	_ = cmd.MarkFlagFilename("plan-out", "json")
	fl.DurationVar(&o.Wait, "wait", 0, "wait up to this long for another run of the product to end (default: exit at once)")
	fl.BoolVar(&o.LinkSameNames, "link-same-names", false,
		"link an unmapped Spira item and an unmapped Jira issue of the same name (proposed in the plan) instead of creating both")
	fl.IntVar(&o.MaxAttachmentMB, "max-attachment-mb", ops.DefaultMaxAttachmentSize>>20,
		"the largest attachment copied between Jira and Spira, in MB; a larger one is left, with why in the plan")
	fl.DurationVar(&o.PollWindow, "poll-window", 5*time.Minute,
		"the polling interval of Spira's data-sync service: a run of it this recent stops the sync (unless --force)")
	fl.BoolVar(&o.All, "all", false, "sync every product the plug-in record maps to a Jira project (Active = Yes), one after the other")
	fl.DurationVar(&o.Every, "every", 0, "repeat the sync at this interval until SIGINT or SIGTERM, e.g. 5m (with --all or --product)")
	fl.StringVar(&o.LogFormat, "log-format", "text", "with --every, one log line per run and product on stderr: text or json")
	return cmd
}

// syncEnv is what every product's run of one pass shares: the session and
// the plug-in record.
type syncEnv struct {
	sess   *ops.Session
	plugin mapping.Plugin
}

func newSyncEnv(ctx context.Context, f *Factory) (*syncEnv, error) {
	sess, err := syncSession(f)
	if err != nil {
		return nil, err
	}
	plugin, err := sess.Plugin(ctx)
	if err != nil {
		return nil, err
	}
	return &syncEnv{sess: sess, plugin: plugin}, nil
}

// syncSession is the operations layer over the profile, with the state
// directory of its runs.
func syncSession(f *Factory) (*ops.Session, error) {
	sCreds, err := f.SpiraCredentials()
	if err != nil {
		return nil, err
	}
	if _, err := f.Spira(); err != nil {
		return nil, err
	}
	if _, err := f.Jira(); err != nil {
		return nil, err
	}
	dir, err := config.StateDir()
	if err != nil {
		return nil, err
	}
	return ops.New(ops.Config{Jira: f.Jira, Spira: f.Spira, PluginName: sCreds.DataSync, StateDir: dir}), nil
}

// productRun is the outcome of one product's run: its plan (a dry-run)
// or its report, or the error that stopped it.
type productRun struct {
	ProductID int           `json:"productId"`
	Name      string        `json:"name,omitempty"`
	JiraKey   string        `json:"jiraProject,omitempty"`
	Plan      *ops.PlanFile `json:"plan,omitempty"`
	Report    *ops.Report   `json:"report,omitempty"`
	Duration  time.Duration `json:"-"`
	Err       error         `json:"-"`
	Error     string        `json:"error,omitempty"`
}

// syncProduct plans (and without --dry-run runs) one product under the
// engine's lock and lease. single is the one-product command: it prints
// the header before the run and draws the progress bar.
func syncProduct(ctx context.Context, o *SyncOptions, env *syncEnv, pid int, single bool) (pr productRun) {
	started := time.Now()
	pr.ProductID = pid
	// The lists the mapping and the engine both read, once per run.
	ctx = ops.WithRunCache(ctx)
	defer func() {
		pr.Duration = time.Since(started)
		if pr.Err != nil {
			pr.Error = pr.Err.Error()
		}
	}()
	run, err := env.sess.PlanSync(ctx, ops.SyncOptions{ProductID: pid, MappingFile: o.Mapping, Plugin: env.plugin, Apply: !o.DryRun,
		Force: o.Force, ConflictWinner: ops.Winner(o.Conflicts), PollWindow: o.PollWindow, Wait: o.Wait, LinkSameNames: o.LinkSameNames,
		MaxAttachmentSize: int64(o.MaxAttachmentMB) << 20,
		Problems: func(ps []mapping.Problem) {
			// Warnings are printed and the sync goes on; errors stop it.
			for _, p := range ps {
				fmt.Fprintf(o.IO.ErrOut, "%s: %s: %s\n  fix: %s\n", p.Severity, p.Location, p.Message, p.Fix)
			}
		}})
	if run != nil {
		pr.ProductID, pr.Name, pr.JiraKey = run.Product.Project.Spira.ID, run.Product.Project.Spira.Name, run.Product.Project.Key()
		printWarnings(o.IO, productPrefix(single, pr.ProductID), run.Warnings)
	}
	var usage *ops.UsageError
	if errors.As(err, &usage) {
		err = &UsageError{Err: err}
	}
	if err != nil {
		pr.Err = err
		return pr
	}
	defer run.Close()
	pf := run.Plan
	if o.PlanOut != "" {
		b, _ := json.MarshalIndent(pf, "", "  ")
		if err := writeFileAtomic(o.PlanOut, append(b, '\n')); err != nil {
			pr.Err = err
			return pr
		}
	}
	if single && o.Output == "table" {
		fmt.Fprintln(o.IO.Out, pf.Header())
	}
	if o.DryRun {
		pr.Plan = &pf
		return pr
	}
	var progress func(ops.Progress)
	if single && o.IO.IsStdoutTTY() && o.Output == "table" && o.Every == 0 {
		progress = newSyncProgress(o.IO)
	}
	res, err := run.Run(ctx, progress)
	if progress != nil {
		fmt.Fprintln(o.IO.ErrOut)
	}
	pr.Report = res.Report
	if err != nil {
		pr.Err = err
		return pr
	}
	for _, n := range res.Notes {
		fmt.Fprintln(o.IO.ErrOut, n)
	}
	return pr
}

func productPrefix(single bool, pid int) string {
	if single {
		return ""
	}
	return fmt.Sprintf("product %d: ", pid)
}

// syncOne is the one-product command: its plan or report as before.
func syncOne(ctx context.Context, o *SyncOptions) ([]productRun, error) {
	env, err := newSyncEnv(ctx, o.Factory)
	if err != nil {
		return nil, err
	}
	pr := syncProduct(ctx, o, env, o.Product, true)
	if pr.Err != nil && pr.Report == nil {
		return []productRun{pr}, pr.Err
	}
	if pr.Plan != nil {
		return []productRun{pr}, printResult(o.IO, o.Output, pr.Plan, planTable(pr.Plan.Actions))
	}
	if pr.Err != nil {
		return []productRun{pr}, pr.Err
	}
	rep := pr.Report
	if err := printResult(o.IO, o.Output, rep, reportTable(rep)); err != nil {
		return []productRun{pr}, err
	}
	if len(rep.Failures) > 0 {
		return []productRun{pr}, fmt.Errorf("%w: %d item(s); they are retried by the next run", ErrItemsFailed, len(rep.Failures))
	}
	return []productRun{pr}, nil
}

func printWarnings(ios *IOStreams, prefix string, ws []string) {
	for _, w := range ws {
		fmt.Fprintln(ios.ErrOut, "warning: "+prefix+w)
	}
}

// newSyncProgress draws a progress bar with counts on one line of the
// terminal, redrawn in place (no full-screen program: the report follows it
// in the scrollback).
func newSyncProgress(ios *IOStreams) func(ops.Progress) {
	const barWidth = 24
	opts := []progress.Option{progress.WithWidth(barWidth), progress.WithoutPercentage()}
	if ios.ColorEnabled() {
		opts = append(opts, progress.WithDefaultGradient())
	} else {
		opts = append(opts, progress.WithFillCharacters('#', '-'), progress.WithColorProfile(termenv.Ascii))
	}
	bar := progress.New(opts...)
	return func(p ops.Progress) {
		frac := 0.0
		if p.Total > 0 {
			frac = float64(p.Done) / float64(p.Total)
		}
		counts := fmt.Sprintf("%d/%d", p.Done, p.Total)
		// One line of an 80-column terminal: a wrapped line would not be
		// redrawn in place.
		room := max(79-barWidth-2-len(counts), 10)
		fmt.Fprintf(ios.ErrOut, "\r\033[K%s %s %s", bar.ViewAs(frac), counts, truncateLine(p.Line, room))
	}
}

func truncateLine(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func planTable(plan []ops.Action) Table {
	t := Table{Headers: []string{"ID", "KIND", "DIRECTION", "ARTIFACT", "CHANGES"}}
	for _, a := range plan {
		var ch []string
		for _, c := range a.Changes {
			if c.Before == "" {
				ch = append(ch, fmt.Sprintf("%s: %s", c.Field, c.After))
			} else {
				ch = append(ch, fmt.Sprintf("%s: %s → %s", c.Field, c.Before, c.After))
			}
		}
		text := strings.Join(ch, "; ")
		if a.Reason != "" {
			text = strings.TrimPrefix(text+"; "+a.Reason, "; ")
		}
		kind := string(a.Kind)
		if a.Proposal {
			kind += " (proposed)"
		}
		t.Rows = append(t.Rows, []string{a.ID, kind, string(a.Direction), a.Artifact.String(), cmp.Or(text, a.Summary)})
	}
	return t
}

// maxSkippedRows is how many skipped items the report table names.
const maxSkippedRows = 20

func reportTable(r *ops.Report) Table {
	t := Table{Headers: []string{"RESULT", "COUNT / ARTIFACT", "DETAIL"}}
	for _, c := range ops.ReportCounts(r) {
		t.Rows = append(t.Rows, []string{c.Bucket, fmt.Sprint(c.N), c.Detail})
	}
	// Skips come back every run the items change; a table lists the first
	// few, -o json all of them.
	for i, f := range r.Skipped {
		if i == maxSkippedRows && len(r.Skipped) > maxSkippedRows+1 {
			t.Rows = append(t.Rows, []string{"skipped", fmt.Sprintf("%d more", len(r.Skipped)-i), "-o json lists them all"})
			break
		}
		t.Rows = append(t.Rows, []string{"skipped", f.Artifact, f.Reason})
	}
	for _, f := range r.Failures {
		t.Rows = append(t.Rows, []string{"failed", f.Artifact, f.Reason})
	}
	for _, n := range r.Notes {
		t.Rows = append(t.Rows, []string{"note", "", n})
	}
	t.Rows = append(t.Rows, []string{"recorded in Spira", r.Outcome, r.ServerTime.Format("2006-01-02T15:04:05Z")})
	return t
}
