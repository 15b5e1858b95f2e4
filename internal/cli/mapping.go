package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

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
