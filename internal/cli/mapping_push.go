package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
)

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
		return fmt.Errorf("%w%s %s", errSilent, words.Count(bad, "line"), verb)
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
