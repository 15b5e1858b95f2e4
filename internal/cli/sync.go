package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

func init() { register(NewCmdSync) }

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
			if o.Conflicts != "jira" && o.Conflicts != "spira" {
				return usageErrorf("--conflicts must be jira or spira, not %q", o.Conflicts)
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
	fl.IntVar(&o.MaxAttachmentMB, "max-attachment-mb", datasync.DefaultMaxAttachmentSize>>20,
		"the largest attachment copied between Jira and Spira, in MB; a larger one is left, with why in the plan")
	fl.DurationVar(&o.PollWindow, "poll-window", 5*time.Minute,
		"the polling interval of Spira's data-sync service: a run of it this recent stops the sync (unless --force)")
	fl.BoolVar(&o.All, "all", false, "sync every product the plug-in record maps to a Jira project (Active = Yes), one after the other")
	fl.DurationVar(&o.Every, "every", 0, "repeat the sync at this interval until SIGINT or SIGTERM, e.g. 5m (with --all or --product)")
	fl.StringVar(&o.LogFormat, "log-format", "text", "with --every, one log line per run and product on stderr: text or json")
	return cmd
}

// syncEnv is what every product's run of one pass shares: the clients,
// the plug-in record and the state directory.
type syncEnv struct {
	sc     *spiraclient.Client
	jc     *jiraclient.Client
	ms     mapping.Spira
	plugin mapping.Plugin
	dir    string
}

func newSyncEnv(ctx context.Context, f *Factory) (*syncEnv, error) {
	sc, jc, pluginName, err := syncClients(f)
	if err != nil {
		return nil, err
	}
	ms := mapping.NewSpira(sc)
	plugin, err := mapping.FindPlugin(ctx, ms, pluginName)
	if err != nil {
		return nil, err
	}
	dir, err := config.StateDir()
	if err != nil {
		return nil, err
	}
	return &syncEnv{sc: sc, jc: jc, ms: ms, plugin: plugin, dir: dir}, nil
}

// loadProduct reads the mapping of one product: from --mapping, or
// pulled from Spira (pid 0: the only product mapped).
func loadProduct(ctx context.Context, o *SyncOptions, env *syncEnv, pid int) (*mapping.Product, error) {
	if o.Mapping == "" {
		var err error
		if pid == 0 {
			if pid, err = onlyMappedProduct(ctx, env.ms, env.plugin.ID); err != nil {
				return nil, err
			}
		}
		prod, _, err := mapping.Pull(ctx, env.ms, env.plugin.ID, pid)
		return prod, err
	}
	data, err := mapping.ReadFile(o.Mapping)
	if err != nil {
		return nil, err
	}
	prod, err := mapping.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Mapping, err)
	}
	if pid != 0 && prod.Project.Spira.ID != pid {
		return nil, usageErrorf("%s is the mapping of product %d, not %d", o.Mapping, prod.Project.Spira.ID, pid)
	}
	if err := samePlugin(ctx, env.ms, o.Mapping, prod.Plugin, env.plugin); err != nil {
		return nil, err
	}
	if err := checkSyncMapping(ctx, o, env.ms, env.plugin.ID, prod); err != nil {
		return nil, err
	}
	return prod, nil
}

// productRun is the outcome of one product's run: its plan (a dry-run)
// or its report, or the error that stopped it.
type productRun struct {
	ProductID int                `json:"productId"`
	Name      string             `json:"name,omitempty"`
	JiraKey   string             `json:"jiraProject,omitempty"`
	Plan      *datasync.PlanFile `json:"plan,omitempty"`
	Report    *datasync.Report   `json:"report,omitempty"`
	Duration  time.Duration      `json:"-"`
	Err       error              `json:"-"`
	Error     string             `json:"error,omitempty"`
}

// syncProduct plans (and without --dry-run runs) one product under the
// engine's lock and lease. single is the one-product command: it prints
// the header before the run and draws the progress bar.
func syncProduct(ctx context.Context, o *SyncOptions, env *syncEnv, pid int, single bool) (pr productRun) {
	started := time.Now()
	pr.ProductID = pid
	defer func() {
		pr.Duration = time.Since(started)
		if pr.Err != nil {
			pr.Error = pr.Err.Error()
		}
	}()
	prod, err := loadProduct(ctx, o, env, pid)
	if err != nil {
		pr.Err = err
		return pr
	}
	pr.ProductID, pr.Name, pr.JiraKey = prod.Project.Spira.ID, prod.Project.Spira.Name, prod.Project.Key()
	eng, err := datasync.New(datasync.Config{Spira: env.sc, Jira: env.jc, Mapping: prod, PluginID: env.plugin.ID,
		ProductID: prod.Project.Spira.ID, StateDir: env.dir, Force: o.Force, ConflictWinner: o.Conflicts, PollWindow: o.PollWindow, Wait: o.Wait,
		LinkSameNames: o.LinkSameNames, MaxAttachmentSize: int64(o.MaxAttachmentMB) << 20})
	if err != nil {
		pr.Err = err
		return pr
	}
	if !o.DryRun {
		// The lock and the lease before the first read of the state, so
		// that this run plans on what the one before it left.
		if err := eng.Begin(ctx); err != nil {
			pr.Err = err
			return pr
		}
		defer eng.Close()
	}
	snap, err := eng.Load(ctx)
	printWarnings(o.IO, productPrefix(single, pr.ProductID), eng.Warnings())
	if err != nil {
		pr.Err = err
		return pr
	}
	plan := datasync.Plan(snap)
	pf := datasync.NewPlanFile(snap.ProductID, prod, orEmpty(plan))
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
	var progress func(datasync.Progress)
	if single && o.IO.IsStdoutTTY() && o.Output == "table" && o.Every == 0 {
		progress = newSyncProgress(o.IO)
	}
	rep, err := eng.Apply(ctx, plan, progress)
	if progress != nil {
		fmt.Fprintln(o.IO.ErrOut)
	}
	pr.Report = rep
	if err != nil {
		pr.Err = err
		return pr
	}
	if len(rep.Failures) == 0 && prod.Project.Full() {
		// Spira 9.4+ may have removed the token itself: ask Spira again.
		still, err := mapping.FullStillSet(ctx, env.ms, env.plugin.ID, prod.Project.Spira.ID)
		if err != nil {
			fmt.Fprintf(o.IO.ErrOut, "warning: could not read back the External Key: %v\n", err)
		}
		if still || err != nil {
			fmt.Fprintln(o.IO.ErrOut, datasync.FullDoneNote(prod.Project.Key(), env.plugin.Name))
		}
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
func newSyncProgress(ios *IOStreams) func(datasync.Progress) {
	const barWidth = 24
	opts := []progress.Option{progress.WithWidth(barWidth), progress.WithoutPercentage()}
	if ios.ColorEnabled() {
		opts = append(opts, progress.WithDefaultGradient())
	} else {
		opts = append(opts, progress.WithFillCharacters('#', '-'), progress.WithColorProfile(termenv.Ascii))
	}
	bar := progress.New(opts...)
	return func(p datasync.Progress) {
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

func syncClients(f *Factory) (*spiraclient.Client, *jiraclient.Client, string, error) {
	sCreds, err := f.SpiraCredentials()
	if err != nil {
		return nil, nil, "", err
	}
	sc, err := f.Spira()
	if err != nil {
		return nil, nil, "", err
	}
	jc, err := f.Jira()
	if err != nil {
		return nil, nil, "", err
	}
	return sc, jc, sCreds.DataSync, nil
}

// samePlugin refuses a mapping file pulled from another plug-in record
// than the configured one: Spira answers the mapping reads of a deleted
// record with nothing, so its ID must never be used, and another record's
// mappings are not this one's.
func samePlugin(ctx context.Context, ms mapping.Spira, file string, inFile, configured mapping.Plugin) error {
	if inFile.ID == 0 || inFile.ID == configured.ID {
		return nil
	}
	if _, err := ms.DataSync(ctx, inFile.ID); err != nil {
		return fmt.Errorf("%s names data-sync plug-in %d: %w", file, inFile.ID, err)
	}
	return fmt.Errorf("%s was pulled from data-sync plug-in %d (%s), but the configured plug-in %s is %d: "+
		"pull the mapping again, or name the plug-in with 'spirajira login spira --datasync NAME' (plug-ins are listed in Spira under %s); nothing was written",
		file, inFile.ID, inFile.Name, configured.Name, configured.ID, spiraclient.PluginScreen)
}

func onlyMappedProduct(ctx context.Context, ms mapping.Spira, pluginID int) (int, error) {
	pm, err := ms.ProjectMappings(ctx, pluginID)
	if err != nil {
		return 0, err
	}
	switch len(pm) {
	case 1:
		return pm[0].InternalID, nil
	case 0:
		return 0, fmt.Errorf("no Spira product is mapped to a Jira project in plug-in %d: map one in Spira's data mapping first", pluginID)
	}
	var ids []string
	for _, m := range pm {
		ids = append(ids, fmt.Sprintf("%d (%s)", m.InternalID, m.ExternalKey))
	}
	return 0, usageErrorf("several products are mapped (%s): choose one with --product", strings.Join(ids, ", "))
}

func planTable(plan []datasync.Action) Table {
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
		t.Rows = append(t.Rows, []string{a.ID, kind, string(a.Direction), a.Artifact.String(), cmpOrS(text, a.Summary)})
	}
	return t
}

// maxSkippedRows is how many skipped items the report table names.
const maxSkippedRows = 20

func reportTable(r *datasync.Report) Table {
	t := Table{Headers: []string{"RESULT", "COUNT / ARTIFACT", "DETAIL"}}
	t.Rows = append(t.Rows, reportCountRows(r)...)
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

func cmpOrS(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
