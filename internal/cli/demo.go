package cli

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/sandbox"
)

// demoInteractive runs the TUI against a started sandbox; tests replace it.
// When nil, only --serve is available.
var demoInteractive = runDemoTUI

// DemoOptions are the inputs of "demo".
type DemoOptions struct {
	IO        *IOStreams
	Factory   *Factory
	Serve     bool
	JSON      bool
	Latency   time.Duration
	Faults    float64
	RateLimit float64
	Seed      int64
	// CurrentPlugin seeds the plug-in record with the current plug-in's values.
	CurrentPlugin bool
	// TwoProducts adds a second product mapped to a second Jira project.
	TwoProducts bool
}

// NewCmdDemo builds "demo": the whole tool against the built-in sandbox.
func NewCmdDemo(f *Factory, runF func(*DemoOptions) error) *cobra.Command {
	opts := &DemoOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Try spirajira on a built-in sandbox: a simulated Jira Cloud site and Spira instance",
		Long: `Start a simulated Jira Cloud site (project LIB) and a simulated Spira instance
(product 1 "Library Information System", its JiraDataSync plug-in pointing at the
simulated Jira) on this machine, with linked demo data and a nearly complete mapping,
and open the TUI on them. Nothing leaves the machine and no account is needed.

With --serve, only start the two services and print how to reach them (with --json
or -o json, as one JSON line), then run until interrupted: point other spirajira
commands or your own scripts at them.`,
		Example: `  spirajira demo
  spirajira demo --serve --json
  spirajira demo --current-plugin
  spirajira demo --serve --latency 200ms --faults 0.05 --rate-limit 20`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IO = f.IO
			if f.Output == "json" {
				opts.JSON = true
			}
			if opts.Faults < 0 || opts.Faults > 1 {
				return usageErrorf("--faults is a fraction between 0 and 1, e.g. 0.05")
			}
			if opts.Latency < 0 || opts.RateLimit < 0 {
				return usageErrorf("--latency and --rate-limit cannot be negative")
			}
			if opts.JSON && !opts.Serve {
				return usageErrorf("--json (or -o json) goes with --serve")
			}
			if runF != nil {
				return runF(opts)
			}
			return demoRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Serve, "serve", false, "only start the simulated services and print how to reach them")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "with --serve, print the services as one JSON line")
	cmd.Flags().BoolVar(&opts.CurrentPlugin, "current-plugin", false, "seed the plug-in record as Inflectra's current plug-in holds it (Sync Mode Bidirectional, Task Types, Special Fields)")
	cmd.Flags().BoolVar(&opts.TwoProducts, "two-products", false, "also map Spira product 2 to a second Jira project (ARC), with a few incidents, to try 'sync --all'")
	cmd.Flags().DurationVar(&opts.Latency, "latency", 0, "delay every response by this much, e.g. 150ms")
	cmd.Flags().Float64Var(&opts.Faults, "faults", 0, "fraction of requests that fail with a 5xx or a dropped connection (0..1)")
	cmd.Flags().Float64Var(&opts.RateLimit, "rate-limit", 0, "requests per second each service allows before answering 429 (0: no limit)")
	cmd.Flags().Int64Var(&opts.Seed, "seed", 1, "seed that decides which requests fault")
	// -o json is --json.
	return printsOnly(cmd, "table", "json")
}

func demoRun(ctx context.Context, o *DemoOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if !o.Serve && demoInteractive == nil {
		return errors.New("the interactive demo (TUI) is not available in this build; run 'spirajira demo --serve' to start the simulated services")
	}
	if !o.Serve && !o.IO.CanPrompt() {
		return usageErrorf("the demo is a terminal UI and needs a terminal; run 'spirajira demo --serve' to start only the simulated services")
	}
	sb, err := sandbox.Start(ctx, sandbox.Options{Latency: o.Latency, FaultRate: o.Faults, RateLimit: o.RateLimit, Seed: o.Seed, CurrentPlugin: o.CurrentPlugin, SecondProduct: o.TwoProducts})
	if err != nil {
		return err
	}
	defer sb.Close()
	if o.Serve {
		return demoServe(ctx, o, sb)
	}
	return demoInteractive(ctx, o.Factory, sb)
}
