package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

// MappingOptions are the inputs every mapping subcommand shares.
type MappingOptions struct {
	IO     *IOStreams
	Output string
	// Product is the Spira product ID (--product); 0 means "from the file".
	Product int
	// File is the mapping.yaml path (-f).
	File string
	// Plugin is the name of the data-sync plug-in record.
	Plugin string
	// Spira connects to Spira; Jira reads the catalog of a Jira project.
	Spira func() (mapping.Spira, error)
	Jira  func(ctx context.Context, key string) (*mapping.Jira, error)
}

// NewCmdMapping builds "mapping" and its subcommands.
func NewCmdMapping(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mapping <pull|diff|push|verify|validate|automap|edit>",
		Short: "Pull, check, edit and push the Spira <-> Jira data mapping",
		Long: `The data mapping of the JiraDataSync plug-in for one Spira product: plug-in
settings, project key, users, releases, standard-field and custom-property values.

  pull      read it from Spira into mapping.yaml (names beside IDs)
  validate  check it against the Jira project and Spira; exits 1 on errors
  automap   propose Jira values for unmapped rows by name
  edit      change rows of the file from a script, as the TUI does
  diff      show what the file would change in Spira
  push      write what Spira's API can write; the rest becomes a setup sheet
  verify    read Spira back and tick off every line of the setup sheet`,
		Example: `  spirajira mapping pull --product 1
  spirajira mapping validate
  spirajira mapping push --sheet setup.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("name a subcommand: pull, diff, push, verify, validate, automap or edit")
		},
	}
	cmd.AddCommand(
		newCmdMappingPull(f, nil),
		newCmdMappingValidate(f, nil),
		newCmdMappingAutomap(f, nil),
		newCmdMappingDiff(f, nil),
		newCmdMappingPush(f, nil),
		newCmdMappingVerify(f, nil),
		newCmdMappingEdit(f, nil),
	)
	return cmd
}

// commonMappingFlags wires the shared flags and the connections.
func commonMappingFlags(f *Factory, cmd *cobra.Command, o *MappingOptions) {
	cmd.Flags().IntVar(&o.Product, "product", 0, "Spira product (project) ID (default: the one in the mapping file)")
	cmd.Flags().StringVarP(&o.File, "file", "f", "mapping.yaml", "mapping file")
	_ = cmd.RegisterFlagCompletionFunc("product", completeFrom(f, completeProducts))
	_ = cmd.MarkFlagFilename("file", "yaml", "yml")
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		o.IO = f.IO
		o.Output = f.Output
		if o.Spira == nil && f.SpiraCredentials != nil {
			o.Spira = func() (mapping.Spira, error) { return mappingSpira(f) }
		}
		if o.Jira == nil && f.JiraCredentials != nil {
			o.Jira = func(ctx context.Context, key string) (*mapping.Jira, error) { return mappingJira(ctx, f, key) }
		}
		if o.Plugin == "" && f.SpiraCredentials != nil {
			if c, err := f.SpiraCredentials(); err == nil {
				o.Plugin = c.DataSync
			}
		}
		if o.Product < 0 {
			return usageErrorf("--product must be a Spira product ID, like 1")
		}
		return nil
	}
}

// readFile parses the mapping file; ok is false when it does not exist.
func (o *MappingOptions) readFile() (*mapping.Product, bool, error) {
	data, err := mapping.ReadFile(o.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	p, err := mapping.Parse(data)
	if err != nil {
		return nil, true, fmt.Errorf("%s: %w", o.File, err)
	}
	if o.Product != 0 && p.Project.Spira.ID != o.Product {
		return nil, true, usageErrorf("%s is the mapping of product %d, not %d: use another -f or drop --product", o.File, p.Project.Spira.ID, o.Product)
	}
	return p, true, nil
}

// needFile is readFile for commands that cannot work without the file.
func (o *MappingOptions) needFile() (*mapping.Product, error) {
	p, ok, err := o.readFile()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, usageErrorf("%s does not exist: run 'spirajira mapping pull --product ID' first, or name the file with -f", o.File)
	}
	return p, nil
}

// remote pulls product's mapping and lookups from Spira.
func (o *MappingOptions) remote(ctx context.Context, product int, pluginID int) (mapping.Spira, *mapping.Product, *mapping.SpiraLookups, error) {
	if o.Spira == nil {
		return nil, nil, nil, errors.New("no Spira connection is configured: run 'spirajira login spira'")
	}
	s, err := o.Spira()
	if err != nil {
		return nil, nil, nil, err
	}
	if pluginID == 0 {
		pl, err := mapping.FindPlugin(ctx, s, o.Plugin)
		if err != nil {
			return nil, nil, nil, err
		}
		pluginID = pl.ID
	}
	p, lk, err := mapping.Pull(ctx, s, pluginID, product)
	if err != nil {
		return nil, nil, nil, err
	}
	return s, p, lk, nil
}

// mappingPair is the mapping file and what Spira holds for the product and
// plug-in the file names.
type mappingPair struct {
	local, remote *mapping.Product
	spira         mapping.Spira
	lookups       *mapping.SpiraLookups
}

// fileAndSpira reads the mapping file, which must exist, and pulls from
// Spira the mapping and lookups of the product and plug-in it names.
func (o *MappingOptions) fileAndSpira(ctx context.Context) (*mappingPair, error) {
	local, err := o.needFile()
	if err != nil {
		return nil, err
	}
	s, remote, lk, err := o.remote(ctx, local.Project.Spira.ID, local.Plugin.ID)
	if err != nil {
		return nil, err
	}
	return &mappingPair{local: local, remote: remote, spira: s, lookups: lk}, nil
}

// jira reads the Jira catalog of the product's project, or nil when the
// product has no Jira key yet.
func (o *MappingOptions) jira(ctx context.Context, p *mapping.Product) (*mapping.Jira, error) {
	key := p.Project.Key()
	if key == "" {
		return nil, nil
	}
	if o.Jira == nil {
		return nil, errors.New("no Jira connection is configured: run 'spirajira login jira'")
	}
	return o.Jira(ctx, key)
}

// session is the operations layer over the command's connections.
func (o *MappingOptions) session() *ops.Session {
	cfg := ops.Config{PluginName: o.Plugin, MappingSpira: o.Spira, Catalog: o.Jira}
	if o.Spira == nil {
		cfg.MappingSpira = func() (mapping.Spira, error) { return nil, ops.ErrNoSpira }
	}
	if o.Jira == nil {
		cfg.Catalog = func(context.Context, string) (*mapping.Jira, error) { return nil, ops.ErrNoJira }
	}
	return ops.New(cfg)
}

// openFile opens the mapping file, which must exist, through the session:
// checked against the Spira product and the Jira project it names.
func (o *MappingOptions) openFile(ctx context.Context) (*ops.Session, *ops.Mapping, error) {
	local, err := o.needFile()
	if err != nil {
		return nil, nil, err
	}
	sess := o.session()
	m, err := sess.OpenLocal(ctx, o.File, local)
	if err != nil {
		return nil, nil, err
	}
	return sess, m, nil
}

func (o *MappingOptions) productID(local *mapping.Product) (int, error) {
	if o.Product != 0 {
		return o.Product, nil
	}
	if local != nil {
		return local.Project.Spira.ID, nil
	}
	return 0, usageErrorf("name the Spira product with --product ID (there is no %s to take it from)", o.File)
}

// --- pull

// MappingPullOptions are the inputs of "mapping pull".
type MappingPullOptions struct {
	MappingOptions
	Force bool
}

func newCmdMappingPull(f *Factory, runF func(*MappingPullOptions) error) *cobra.Command {
	o := &MappingPullOptions{}
	cmd := &cobra.Command{
		Use:   "pull",
		Short: "Read the product's mapping from Spira into the mapping file",
		Example: `  spirajira mapping pull --product 1
  spirajira mapping pull --product 1 -f lib.yaml --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return mappingPullRun(cmd.Context(), o)
		},
	}
	commonMappingFlags(f, cmd, &o.MappingOptions)
	cmd.Flags().BoolVar(&o.Force, "force", false, "replace a mapping file that differs from Spira's")
	// It writes the file and says so; the file is the output.
	return printsOnly(cmd, "table")
}

func mappingPullRun(ctx context.Context, o *MappingPullOptions) error {
	local, _, err := o.readFile()
	if err != nil && !o.Force {
		return fmt.Errorf("%w\n(pull with --force to replace the file with Spira's mapping)", err)
	}
	product, err := o.productID(local)
	if err != nil {
		return err
	}
	_, p, _, err := o.remote(ctx, product, 0)
	if err != nil {
		return err
	}
	j, err := o.jira(ctx, p)
	if err != nil {
		fmt.Fprintf(o.IO.ErrOut, "warning: Jira names not filled in: %v\n", err)
	}
	mapping.FillJiraNames(p, j)
	// Spira cannot give the extended settings: keep what the file says.
	mapping.KeepUnread(p, local)
	data, err := mapping.Format(p)
	if err != nil {
		return err
	}
	if o.File == "-" {
		_, err = o.IO.Out.Write(data)
		return err
	}
	data = mapping.Stamp(data, writerPull)
	if !o.Force {
		if err := o.mayReplace(local, p, data); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(o.File, data); err != nil {
		return err
	}
	fmt.Fprintf(o.IO.ErrOut, "Wrote the mapping of product %s (Jira %s) to %s.\n", strconv.Quote(p.Project.Spira.Name), orNone(p.Project.Key()), o.File)
	return nil
}

// orEmpty makes a nil list print as [] in JSON and YAML.
func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func orNone(s string) string {
	if s == "" {
		return "(no project key)"
	}
	return s
}

// writeFileAtomic writes a new file readable by its owner only (a support
// bundle, a plan), or replaces one keeping its permissions.
func writeFileAtomic(path string, data []byte) error {
	return ops.WriteFileAtomic(path, data, 0o600)
}

// --- validate

// MappingValidateOptions are the inputs of "mapping validate".
type MappingValidateOptions struct{ MappingOptions }

func newCmdMappingValidate(f *Factory, runF func(*MappingValidateOptions) error) *cobra.Command {
	o := &MappingValidateOptions{}
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check the mapping against the Jira project and Spira; exit 1 on errors",
		Example: `  spirajira mapping validate
  spirajira mapping validate -f lib.yaml -o json`,
		Long: `Check the mapping file (or, without one, the mapping Spira holds) against the
Jira project and the Spira product. Errors mean the sync will fail or write
wrong data; warnings mean it will run, but not as intended. Exits 1 when
there is an error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return mappingValidateRun(cmd.Context(), o)
		},
	}
	commonMappingFlags(f, cmd, &o.MappingOptions)
	return cmd
}

func mappingValidateRun(ctx context.Context, o *MappingValidateOptions) error {
	local, _, err := o.readFile()
	if err != nil {
		return err
	}
	product, err := o.productID(local)
	if err != nil {
		return err
	}
	pluginID := 0
	if local != nil {
		pluginID = local.Plugin.ID
	}
	_, remote, lk, err := o.remote(ctx, product, pluginID)
	if err != nil {
		return err
	}
	p := local
	if p == nil {
		p = remote
	}
	j, err := o.jira(ctx, p)
	if err != nil {
		return fmt.Errorf("read Jira project %s: %w", p.Project.Key(), err)
	}
	problems := orEmpty(mapping.Validate(p, j, lk))
	t := Table{Headers: []string{"SEVERITY", "RULE", "WHERE", "PROBLEM", "FIX"}}
	var errs, warns int
	for _, pr := range problems {
		t.Rows = append(t.Rows, []string{string(pr.Severity), string(pr.Rule), pr.Location.String(), pr.Message, pr.Fix})
		if pr.Severity == mapping.Error {
			errs++
		} else {
			warns++
		}
	}
	if len(problems) == 0 && o.Output == "table" {
		fmt.Fprintln(o.IO.ErrOut, "No problems found.")
	} else if err := printResult(o.IO, o.Output, problems, t); err != nil {
		return err
	}
	if o.Output == "table" && len(problems) > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%s, %s.\n", words.Count(errs, "error"), words.Count(warns, "warning"))
	}
	if errs > 0 {
		return fmt.Errorf("%w%d mapping errors", errSilent, errs)
	}
	return nil
}

// --- automap

// MappingAutomapOptions are the inputs of "mapping automap".
type MappingAutomapOptions struct {
	MappingOptions
	Write         bool
	Overwrite     bool
	MinConfidence float64
}

func newCmdMappingAutomap(f *Factory, runF func(*MappingAutomapOptions) error) *cobra.Command {
	o := &MappingAutomapOptions{}
	cmd := &cobra.Command{
		Use:   "automap",
		Short: "Propose Jira values for unmapped rows by name",
		Example: `  spirajira mapping automap
  spirajira mapping automap --write --min-confidence 0.9`,
		Long: `Propose a Jira value for every unmapped row by normalised name (case, spaces,
punctuation and leading numbers ignored: "1 - Critical" meets "Critical"), each
with a confidence and a reason. With --write the proposals at or above
--min-confidence are written into the mapping file; a proposal that replaces an
existing mapping is only written with --overwrite.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.MinConfidence < 0 || o.MinConfidence > 1 {
				return usageErrorf("--min-confidence is between 0 and 1")
			}
			if runF != nil {
				return runF(o)
			}
			return mappingAutomapRun(cmd.Context(), o)
		},
	}
	commonMappingFlags(f, cmd, &o.MappingOptions)
	cmd.Flags().BoolVar(&o.Write, "write", false, "write the proposals into the mapping file")
	cmd.Flags().BoolVar(&o.Overwrite, "overwrite", false, "with --write, also replace existing mappings")
	cmd.Flags().Float64Var(&o.MinConfidence, "min-confidence", mapping.ConfidenceNormalized, "with --write, the lowest confidence written (0-1)")
	return cmd
}

func mappingAutomapRun(ctx context.Context, o *MappingAutomapOptions) error {
	m, err := o.fileAndSpira(ctx)
	if err != nil {
		return err
	}
	local, lk := m.local, m.lookups
	j, err := o.jira(ctx, local)
	if err != nil {
		return fmt.Errorf("read Jira project %s: %w", local.Project.Key(), err)
	}
	if j == nil {
		return usageErrorf("%s has no Jira project key: set project.jiraKey first", o.File)
	}
	props := orEmpty(mapping.Automap(local, j, lk))
	t := Table{Headers: []string{"WHERE", "SPIRA", "JIRA", "CONFIDENCE", "REASON", "REPLACES"}}
	for _, p := range props {
		repl := ""
		if p.Overwrites {
			repl = jiraText(p.Current)
		}
		t.Rows = append(t.Rows, []string{p.Location.String(), fmt.Sprintf("%s (%d)", p.Spira.Name, p.Spira.ID),
			jiraText(p.Jira), fmt.Sprintf("%.2f", p.Confidence), p.Reason, repl})
	}
	if err := printResult(o.IO, o.Output, props, t); err != nil {
		return err
	}
	if !o.Write {
		return nil
	}
	next := mapping.Apply(local, props, o.MinConfidence, o.Overwrite)
	data, err := mapping.Format(next)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(o.File, mapping.Stamp(data, writerAutomap)); err != nil {
		return err
	}
	fmt.Fprintf(o.IO.ErrOut, "Wrote the proposals with confidence >= %.2f to %s; review them with git diff or 'spirajira mapping validate'.\n", o.MinConfidence, o.File)
	return nil
}

func jiraText(j mapping.JiraRef) string {
	switch {
	case j.ID != "" && j.Name != "" && j.ID != j.Name:
		return fmt.Sprintf("%s (%s)", j.Name, j.ID)
	case j.ID != "":
		return j.ID
	}
	return j.Name
}

// --- diff

// MappingDiffOptions are the inputs of "mapping diff".
type MappingDiffOptions struct{ MappingOptions }

func newCmdMappingDiff(f *Factory, runF func(*MappingDiffOptions) error) *cobra.Command {
	o := &MappingDiffOptions{}
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Show what the mapping file would change in Spira; exit 1 when it would change anything",
		Long: `Show what the mapping file would change in Spira. Like diff and
git diff --exit-code, it exits 0 when Spira holds exactly the file's mapping
and 1 when they differ (or on an error), so a script can test it.`,
		Example: `  spirajira mapping diff
  spirajira mapping diff -f lib.yaml -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return mappingDiffRun(cmd.Context(), o)
		},
	}
	commonMappingFlags(f, cmd, &o.MappingOptions)
	return cmd
}

func mappingDiffRun(ctx context.Context, o *MappingDiffOptions) error {
	m, err := o.fileAndSpira(ctx)
	if err != nil {
		return err
	}
	local, remote := m.local, m.remote
	changes := orEmpty(mapping.Diff(local, remote))
	if len(changes) == 0 {
		if o.Output == "table" {
			fmt.Fprintln(o.IO.ErrOut, "Spira holds exactly this mapping.")
			return nil
		}
		return printResult(o.IO, o.Output, changes, changesTable(changes))
	}
	if err := printResult(o.IO, o.Output, changes, changesTable(changes)); err != nil {
		return err
	}
	// Like diff and git diff --exit-code: 1 when there are differences.
	return fmt.Errorf("%w%s differs from Spira in %s", errSilent, o.File, words.Count(len(changes), "place"))
}

func changesTable(cs []mapping.Change) Table {
	t := Table{Headers: []string{"WHERE", "WHAT", "CHANGE", "SPIRA NOW", "FILE", "HOW"}}
	for _, c := range cs {
		how := "setup sheet"
		if c.Writable {
			how = "API"
		}
		t.Rows = append(t.Rows, []string{c.Location.String(), c.What, string(c.Kind), c.Remote, c.Local, how})
	}
	return t
}

// --- push

// MappingPushOptions are the inputs of "mapping push".
type MappingPushOptions struct {
	MappingOptions
	Yes   bool
	Sheet string
	// Force pushes a mapping that Validate finds errors in.
	Force bool
}

func newCmdMappingPush(f *Factory, runF func(*MappingPushOptions) error) *cobra.Command {
	o := &MappingPushOptions{}
	cmd := &cobra.Command{
		Use:   "push",
		Short: "Write the mapping file to Spira, as far as its API allows",
		Example: `  spirajira mapping push
  spirajira mapping push --yes --sheet setup.html`,
		Long: `Show the difference between the mapping file and Spira, then write what Spira's
API can write: the plug-in record, new user mappings and release mappings. For
everything else (project, field-value and custom-property mappings) produce the
setup sheet: per Spira admin screen, what to enter. --sheet writes it to a file
(.html for a self-contained page, .json for scripts, else Markdown). Asks before
writing on a terminal; needs --yes otherwise. A mapping that validate finds errors in
is not pushed without --force. With -o json or yaml it prints one document: the
changes, what was written, the number of calls and the setup sheet.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return mappingPushRun(cmd.Context(), o)
		},
	}
	commonMappingFlags(f, cmd, &o.MappingOptions)
	cmd.Flags().BoolVarP(&o.Yes, "yes", "y", false, "write without asking")
	cmd.Flags().StringVar(&o.Sheet, "sheet", "", "write the setup sheet to this file (.html, .json or .md)")
	cmd.Flags().BoolVar(&o.Force, "force", false, "push even though validate finds errors")
	return cmd
}

func mappingPushRun(ctx context.Context, o *MappingPushOptions) error {
	sess, m, err := o.openFile(ctx)
	if err != nil {
		return err
	}
	if m.JiraErr != nil {
		// The checks against Spira still run.
		fmt.Fprintf(o.IO.ErrOut, "warning: not checked against Jira (%v)\n", m.JiraErr)
	}
	confirmed := func(changes, writable, rest []mapping.Change) (bool, error) {
		switch {
		case !o.structured():
			if err := printResult(o.IO, o.Output, changes, changesTable(changes)); err != nil {
				return false, err
			}
		case !o.Yes && o.IO.CanPrompt():
			// stdout carries the one JSON or YAML document; the question
			// still needs the changes beside it.
			if err := printPlainTable(o.IO.ErrOut, changesTable(changes)); err != nil {
				return false, err
			}
		}
		if o.Yes {
			return true, nil
		}
		// Only writes need a yes: a push that can only produce the setup
		// sheet runs anywhere.
		if !o.IO.CanPrompt() {
			return false, usageErrorf("push writes to Spira: pass --yes to confirm when not on a terminal")
		}
		return confirm(o.IO, fmt.Sprintf("Write %s to Spira through its API (%d more go to the setup sheet)?", words.Count(len(writable), "change"), len(rest)))
	}
	var all []mapping.Change
	out, err := sess.PushMapping(ctx, m, ops.PushOptions{Force: o.Force, Confirm: func(writable, rest []mapping.Change) (bool, error) {
		all = append(append([]mapping.Change{}, writable...), rest...)
		return confirmed(all, writable, rest)
	}})
	var me *ops.MappingErrors
	switch {
	case errors.As(err, &me):
		return fmt.Errorf("%s: %w", o.File, err)
	case errors.Is(err, ops.ErrDeclined):
		return fmt.Errorf("%wnothing written", errSilent)
	}
	if out != nil && len(out.Changes) > 0 && all == nil && !o.structured() {
		// Only setup-sheet lines: no question was asked, show them anyway.
		if perr := printResult(o.IO, o.Output, out.Changes, changesTable(out.Changes)); perr != nil {
			return perr
		}
	}
	res := (*mapping.PushResult)(nil)
	if out != nil {
		res = out.Result
	}
	if res != nil && all != nil {
		fmt.Fprintf(o.IO.ErrOut, "Wrote %s in %s.\n", words.Count(len(res.Written), "change"), words.Count(res.Calls, "API call"))
	}
	if err != nil {
		return err
	}
	if len(out.Changes) == 0 {
		fmt.Fprintln(o.IO.ErrOut, "Spira holds exactly this mapping: nothing to push.")
		if o.structured() {
			return o.report([]mapping.Change{}, res)
		}
		return o.writeSheet(res.Sheet)
	}
	for _, n := range res.Notes {
		fmt.Fprintln(o.IO.ErrOut, "note: "+n)
	}
	if len(res.Sheet.Screens) > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%s must be entered in Spira by hand: follow the setup sheet, then run 'spirajira mapping verify'.\n", words.Count(len(res.Sheet.Lines()), "setting"))
	}
	if o.structured() {
		return o.report(out.Changes, res)
	}
	return o.writeSheet(res.Sheet)
}

// structured reports whether stdout is for a script (-o json or yaml): one
// document with the changes, what was written and the setup sheet.
func (o *MappingPushOptions) structured() bool { return o.Output == "json" || o.Output == "yaml" }

func (o *MappingPushOptions) report(changes []mapping.Change, res *mapping.PushResult) error {
	if o.Sheet != "" {
		if err := o.writeSheet(res.Sheet); err != nil {
			return err
		}
	}
	if res.Written == nil {
		res.Written = []mapping.Change{}
	}
	doc := struct {
		Changes []mapping.Change `json:"changes" yaml:"changes"`
		*mapping.PushResult
	}{changes, res}
	return printResult(o.IO, o.Output, doc, Table{})
}

// writeSheet writes the sheet to --sheet, or prints it as Markdown.
func (o *MappingPushOptions) writeSheet(sh *mapping.Sheet) error {
	if o.Sheet == "" {
		if len(sh.Screens) == 0 {
			return nil
		}
		_, err := fmt.Fprint(o.IO.Out, sh.Markdown())
		return err
	}
	var data []byte
	switch strings.ToLower(filepath.Ext(o.Sheet)) {
	case ".html", ".htm":
		var err error
		if data, err = sh.HTML(); err != nil {
			return err
		}
	case ".json":
		var err error
		if data, err = json.MarshalIndent(sh, "", "  "); err != nil {
			return err
		}
	default:
		data = []byte(sh.Markdown())
	}
	if err := os.WriteFile(o.Sheet, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(o.IO.ErrOut, "Wrote the setup sheet to %s.\n", o.Sheet)
	return nil
}

func confirm(ios *IOStreams, question string) (bool, error) {
	fmt.Fprintf(ios.ErrOut, "%s [y/N] ", question)
	line, err := bufio.NewReader(ios.In).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// --- verify

// MappingVerifyOptions are the inputs of "mapping verify".
type MappingVerifyOptions struct{ MappingOptions }

func newCmdMappingVerify(f *Factory, runF func(*MappingVerifyOptions) error) *cobra.Command {
	o := &MappingVerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Read Spira back and tick off each line of the setup sheet",
		Example: `  spirajira mapping verify
  spirajira mapping verify -f lib.yaml -o json`,
		Long: `Read the mapping back from Spira and check every setting of the mapping file:
each line is done, or shows what Spira holds instead. Exits 1 while a line
differs.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(o)
			}
			return mappingVerifyRun(cmd.Context(), o)
		},
	}
	commonMappingFlags(f, cmd, &o.MappingOptions)
	return cmd
}

func mappingVerifyRun(ctx context.Context, o *MappingVerifyOptions) error {
	sess, m, err := o.openFile(ctx)
	if err != nil {
		return err
	}
	checks, _, err := sess.VerifyMapping(ctx, m)
	if err != nil {
		return err
	}
	t := Table{Headers: []string{"DONE", "WHERE", "ROW", "BOX", "ENTER", "SPIRA HOLDS"}}
	bad := 0
	for _, c := range checks {
		mark, enter, actual := "done", c.Line.Enter, c.Actual
		switch {
		case c.Unreadable:
			mark, actual = "CANNOT READ", "(no REST call reads it: check on the plug-in screen)"
		case !c.Done:
			mark, bad = "DIFFERENT", bad+1
		}
		// For people, an empty box is said, not left as a blank cell
		// (csv keeps the values as they are).
		if o.Output == "table" && !c.Done && !c.Unreadable {
			if enter == "" {
				enter = "(empty: clear the box)"
			}
			if actual == "" {
				actual = "(empty)"
			}
		}
		t.Rows = append(t.Rows, []string{mark, targetText(c.Line.Target), c.Line.Row, c.Line.Label, enter, actual})
	}
	if err := printResult(o.IO, o.Output, checks, t); err != nil {
		return err
	}
	if bad > 0 {
		verb := "differ"
		if bad == 1 {
			verb = "differs"
		}
		fmt.Fprintf(o.IO.ErrOut, "%d of %s %s from Spira.\n", bad, words.Count(len(checks), "line"), verb)
		return fmt.Errorf("%w%d lines differ", errSilent, bad)
	}
	fmt.Fprintf(o.IO.ErrOut, "All %d lines are done: Spira holds this mapping.\n", len(checks))
	return nil
}

func targetText(t mapping.Target) string {
	parts := []string{string(t.Kind)}
	for _, s := range []string{t.Attr, string(t.Field), string(t.Artifact)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if t.Property != 0 {
		parts = append(parts, strconv.Itoa(t.Property))
	}
	if t.Row != 0 {
		parts = append(parts, strconv.Itoa(t.Row))
	}
	return strings.Join(parts, "/")
}
