package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

func checkSyncAllFlags(o *SyncOptions) error {
	switch {
	case o.All && o.Product != 0:
		return usageErrorf("--all syncs every mapped product: it does not go with --product")
	case o.All && o.Mapping != "":
		return usageErrorf("--mapping is one product's mapping: it does not go with --all")
	case o.All && o.PlanOut != "":
		return usageErrorf("--plan-out writes one product's plan: it does not go with --all (-o json prints every plan)")
	case o.Every < 0:
		return usageErrorf("--every must be a duration such as 5m, not %s", o.Every)
	case o.Every > 0 && !o.All && o.Product == 0:
		return usageErrorf("--every needs --all or --product: an unattended run names what it syncs")
	case o.Every > 0 && o.DryRun:
		return usageErrorf("--every repeats real runs; --dry-run plans once, without --every")
	case o.LogFormat != "text" && o.LogFormat != "json":
		return usageErrorf("--log-format must be text or json, not %q", o.LogFormat)
	}
	return nil
}

func syncRun(ctx context.Context, o *SyncOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if o.Every > 0 {
		return syncEvery(ctx, o)
	}
	_, err := syncPass(ctx, o)
	return err
}

func syncPass(ctx context.Context, o *SyncOptions) ([]productRun, error) {
	if o.All {
		return syncAll(ctx, o)
	}
	return syncOne(ctx, o)
}

// syncAll runs every product mapped by the plug-in record, one after the
// other; a product that fails does not stop the ones after it.
func syncAll(ctx context.Context, o *SyncOptions) ([]productRun, error) {
	env, err := newSyncEnv(ctx, o.Factory)
	if err != nil {
		return nil, err
	}
	// Spira lists only the active project mappings.
	pm, err := env.sess.ProductMappings(ctx, env.plugin.ID)
	if err != nil {
		return nil, fmt.Errorf("read the project mappings of plug-in %d: %w", env.plugin.ID, err)
	}
	if len(pm) == 0 {
		return nil, fmt.Errorf("no Spira product is mapped to a Jira project in plug-in %d (Active = Yes): map one in Spira's data mapping first", env.plugin.ID)
	}
	slices.SortFunc(pm, func(a, b mapping.DataMapping) int { return a.InternalID - b.InternalID })
	var runs []productRun
	for _, m := range pm {
		if ctx.Err() != nil {
			break // a signal: the products after this one wait for the next run
		}
		pr := syncProduct(ctx, o, env, m.InternalID, false)
		if pr.JiraKey == "" {
			pr.JiraKey = m.ExternalKey
		}
		if o.onRun != nil {
			o.onRun(pr)
		}
		runs = append(runs, pr)
	}
	if o.Output == "json" {
		err = printResult(o.IO, "json", struct {
			DryRun   bool         `json:"dryRun"`
			Products []productRun `json:"products"`
		}{o.DryRun, runs}, Table{})
	} else {
		err = printTable(o.IO, allTable(runs))
	}
	if err != nil {
		return runs, err
	}
	return runs, allOutcome(ctx, runs)
}

// allOutcome is the error whose exit code sums up the products: 1 when one
// could not run, 4 when items failed.
func allOutcome(ctx context.Context, runs []productRun) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var notRun []string
	failed := 0
	for _, r := range runs {
		if r.Err != nil {
			notRun = append(notRun, fmt.Sprintf("product %d: %v", r.ProductID, r.Err))
		}
		if r.Report != nil {
			failed += len(r.Report.Failures)
		}
	}
	if len(notRun) > 0 {
		return fmt.Errorf("%d of %d products could not finish (the others ran): %s", len(notRun), len(runs), strings.Join(notRun, "; "))
	}
	if failed > 0 {
		return fmt.Errorf("%w: %d item(s); they are retried by the next run", ErrItemsFailed, failed)
	}
	return nil
}

func allTable(runs []productRun) Table {
	t := Table{Headers: []string{"PRODUCT", "JIRA", "RESULT", "ACTIONS", "DETAIL"}}
	for _, r := range runs {
		result, detail := runResult(r)
		t.Rows = append(t.Rows, []string{fmt.Sprintf("%d %s", r.ProductID, r.Name), r.JiraKey, result, countsText(runCounts(r)), detail})
	}
	return t
}

func runResult(r productRun) (string, string) {
	switch {
	case r.Err != nil:
		return "could not run", r.Err.Error()
	case r.Plan != nil:
		return "planned", fmt.Sprintf("%d action(s)", len(r.Plan.Actions))
	case r.Report != nil && len(r.Report.Failures) > 0:
		return "items failed", fmt.Sprintf("%d item(s) failed; retried by the next run", len(r.Report.Failures))
	case r.Report != nil:
		return "synced", "recorded in Spira: " + r.Report.Outcome
	}
	return "", ""
}

// runCounts are the actions of a plan by kind, or a report's buckets.
func runCounts(r productRun) map[string]int {
	switch {
	case r.Report != nil:
		return r.Report.Counts
	case r.Plan != nil:
		c := map[string]int{}
		for _, a := range r.Plan.Actions {
			c[string(a.Kind)]++
		}
		return c
	}
	return nil
}

var countOrder = []string{"create", "update", "transition", "link", "conflict", ops.BucketFailed}

func countsText(c map[string]int) string {
	var parts []string
	for _, k := range countOrder {
		if c[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, c[k]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// syncEvery repeats the pass until ctx ends (SIGINT or SIGTERM). The next
// pass starts when the last one has ended, so runs never overlap.
func syncEvery(ctx context.Context, o *SyncOptions) error {
	for pass := 1; ; pass++ {
		started := time.Now()
		logged := 0
		o.onRun = func(pr productRun) {
			logged++
			logRun(o, pass, pr, ctx.Err() != nil)
		}
		runs, err := syncPass(ctx, o)
		if ue := (*UsageError)(nil); errors.As(err, &ue) {
			return err
		}
		if !o.All && len(runs) == 1 {
			logRun(o, pass, runs[0], ctx.Err() != nil)
			logged++
		}
		if logged == 0 && err != nil {
			// The pass stopped before any product: Spira unreachable, a
			// credential refused. The next pass tries again.
			logRun(o, pass, productRun{ProductID: o.Product, Err: err, Error: err.Error(), Duration: time.Since(started)}, ctx.Err() != nil)
		}
		if ctx.Err() == nil {
			timer := time.NewTimer(max(o.Every-time.Since(started), 0))
			select {
			case <-ctx.Done():
				timer.Stop()
			case <-timer.C:
			}
		}
		if ctx.Err() != nil {
			logLine(o, map[string]any{"run": pass, "msg": "stopped by signal", "stopped": true}, fmt.Sprintf("run %d: stopped by signal", pass))
			return nil
		}
	}
}

// runLog is the JSON line --every writes per run and product.
type runLog struct {
	Time       time.Time      `json:"time"`
	Run        int            `json:"run"`
	Product    int            `json:"product"`
	JiraKey    string         `json:"jiraProject,omitempty"`
	Counts     map[string]int `json:"counts,omitempty"`
	DurationMS int64          `json:"durationMs"`
	Failures   int            `json:"failures"`
	Error      string         `json:"error,omitempty"`
	Stopped    bool           `json:"stopped,omitempty"`
}

func logRun(o *SyncOptions, pass int, r productRun, stopped bool) {
	l := runLog{Time: time.Now().UTC(), Run: pass, Product: r.ProductID, JiraKey: r.JiraKey, Counts: runCounts(r),
		DurationMS: r.Duration.Milliseconds(), Error: r.Error, Stopped: stopped && r.Err != nil}
	if r.Report != nil {
		l.Failures = len(r.Report.Failures)
	}
	if stopped && errors.Is(r.Err, context.Canceled) {
		l.Error = "stopped by signal; the next run finishes the rest"
	}
	result, _ := runResult(r)
	text := fmt.Sprintf("run %d: product %d (%s): %s in %s: %s", pass, r.ProductID, r.JiraKey, result,
		r.Duration.Round(time.Millisecond), countsText(l.Counts))
	if l.Failures > 0 {
		text += fmt.Sprintf("; %d item(s) failed", l.Failures)
	}
	if l.Error != "" {
		text += "; " + l.Error
	}
	if o.LogFormat == "json" {
		b, _ := json.Marshal(l)
		fmt.Fprintln(o.IO.ErrOut, string(b))
	} else {
		fmt.Fprintln(o.IO.ErrOut, l.Time.Format(time.RFC3339)+" "+text)
	}
}

func logLine(o *SyncOptions, fields map[string]any, text string) {
	now := time.Now().UTC()
	if o.LogFormat == "json" {
		fields["time"] = now
		b, _ := json.Marshal(fields)
		fmt.Fprintln(o.IO.ErrOut, string(b))
		return
	}
	fmt.Fprintln(o.IO.ErrOut, now.Format(time.RFC3339)+" "+text)
}
