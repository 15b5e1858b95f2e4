package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
)

const writerEdit = "mapping edit"

// MappingEditOptions are the inputs of "mapping edit".
type MappingEditOptions struct {
	MappingOptions
	// Sets are LOCATION=VALUE edits, in order.
	Sets []string
	// Primary and NotPrimary name value rows to give or take the Primary flag.
	Primary    []string
	NotPrimary []string
	// Choices names one row whose possible values are listed instead.
	Choices string
	DryRun  bool
	// Offline edits without reading Jira (values keep their IDs, no names).
	Offline bool
}

func newCmdMappingEdit(f *Factory, runF func(*MappingEditOptions) error) *cobra.Command {
	o := &MappingEditOptions{}
	cmd := &cobra.Command{
		Use:   "edit",
		Short: "Change rows of the mapping file, as the TUI's Mapping screen does",
		Long: `Change the mapping file row by row, with the same rules as the TUI's Mapping
screen: a value row mapped alone to its Jira value becomes Primary, only one row
per Jira value holds Primary, plug-in settings take the current plug-in's words.

A row is addressed as validate, diff and automap print it:
  plugin/SETTING                      e.g. plugin/custom03SyncDirection=Bidirectional
  project/jiraKey                     the Jira project key
  users/SPIRA_USER_ID                 a Jira accountId or e-mail address
  releases/SPIRA_RELEASE_ID           a Jira version ID
  fields/FIELD/SPIRA_VALUE_ID         e.g. fields/incident.status/4=3
  customProperties/ARTIFACT/ID        a Jira custom field ID or special key
  customProperties/ARTIFACT/ID/VALUE  a Jira option ID
An empty value (fields/incident.status/4=) unmaps the row. --choices ROW lists
what a row may take. The Jira catalog names the values unless --offline; a
custom property the file does not map yet is read from Spira.

Nothing is written with --dry-run; otherwise the file is replaced atomically and
'spirajira mapping diff' shows what it would change in Spira.`,
		Example: `  spirajira mapping edit --set 'fields/incident.status/4=3'
  spirajira mapping edit --set plugin/custom03SyncDirection=Complete,NoAttachments
  spirajira mapping edit --primary fields/incident.status/2 --dry-run
  spirajira mapping edit --choices fields/incident.priority/1 -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Choices == "" && len(o.Sets)+len(o.Primary)+len(o.NotPrimary) == 0 {
				return usageErrorf("say what to change: --set ROW=VALUE, --primary ROW or --not-primary ROW (or list a row's values with --choices ROW)")
			}
			if o.Choices != "" && len(o.Sets)+len(o.Primary)+len(o.NotPrimary) > 0 {
				return usageErrorf("--choices lists a row's values and changes nothing: use it alone")
			}
			if runF != nil {
				return runF(o)
			}
			return mappingEditRun(cmd.Context(), o)
		},
	}
	commonMappingFlags(f, cmd, &o.MappingOptions)
	cmd.Flags().StringArrayVar(&o.Sets, "set", nil, "set a row: ROW=VALUE (repeatable; applied in order)")
	cmd.Flags().StringArrayVar(&o.Primary, "primary", nil, "make a value row Primary (repeatable)")
	cmd.Flags().StringArrayVar(&o.NotPrimary, "not-primary", nil, "take the Primary flag from a value row (repeatable)")
	cmd.Flags().StringVar(&o.Choices, "choices", "", "list the values a row may take, and change nothing")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "show the changes without writing the file")
	cmd.Flags().BoolVar(&o.Offline, "offline", false, "do not read Jira or Spira (values keep bare IDs)")
	return cmd
}

// editResult is what "mapping edit -o json" prints.
type editResult struct {
	File     string            `json:"file"`
	Written  bool              `json:"written"`
	Changes  []mapping.Change  `json:"changes"`
	Problems []mapping.Problem `json:"problems"`
}

func mappingEditRun(ctx context.Context, o *MappingEditOptions) error {
	p, err := o.needFile()
	if err != nil {
		return err
	}
	var jira *mapping.Jira
	if !o.Offline {
		if jira, err = o.jira(ctx, p); err != nil {
			return fmt.Errorf("read Jira project %s for the values' names: %w (or edit with --offline)", p.Project.Key(), err)
		}
	}
	if o.Choices != "" {
		return o.listChoices(p, jira)
	}

	before := p.Clone()
	var lookups *mapping.SpiraLookups
	for _, set := range o.Sets {
		row, value, ok := strings.Cut(set, "=")
		if !ok {
			return usageErrorf("--set %q: write ROW=VALUE, e.g. --set 'fields/incident.status/4=3'", set)
		}
		loc, err := mapping.ParseLocation(row)
		if err != nil {
			return usageErrorf("--set: %v", err)
		}
		err = p.SetJira(loc, value, jira, lookups)
		if errors.Is(err, mapping.ErrNoRow) && loc.Section == mapping.SectionProperties && lookups == nil && !o.Offline {
			// A property (or value) the file does not map yet: Spira
			// knows its name and type.
			if lookups, err = o.spiraLookups(ctx, p); err != nil {
				return err
			}
			err = p.SetJira(loc, value, jira, lookups)
		}
		if err != nil {
			return fmt.Errorf("--set %s: %w", set, err)
		}
	}
	for _, flags := range []struct {
		rows []string
		on   bool
		name string
	}{{o.Primary, true, "--primary"}, {o.NotPrimary, false, "--not-primary"}} {
		for _, row := range flags.rows {
			loc, err := mapping.ParseLocation(row)
			if err != nil {
				return usageErrorf("%s: %v", flags.name, err)
			}
			if err := p.SetPrimary(loc, flags.on); err != nil {
				return fmt.Errorf("%s %s: %w", flags.name, row, err)
			}
		}
	}

	res := editResult{File: o.File, Changes: orEmpty(mapping.Edits(p, before)), Problems: orEmpty(mapping.Validate(p, jira, lookups))}
	if len(res.Changes) > 0 && !o.DryRun {
		data, err := mapping.Format(p)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(o.File, mapping.Stamp(data, writerEdit)); err != nil {
			return err
		}
		res.Written = true
	}
	if err := printResult(o.IO, o.Output, res, editTable(res.Changes)); err != nil {
		return err
	}
	switch {
	case len(res.Changes) == 0:
		fmt.Fprintf(o.IO.ErrOut, "%s already holds this: nothing to write.\n", o.File)
	case o.DryRun:
		fmt.Fprintf(o.IO.ErrOut, "Dry run: %s not written (%s).\n", o.File, words.Count(len(res.Changes), "change"))
	default:
		fmt.Fprintf(o.IO.ErrOut, "Wrote %s to %s; 'spirajira mapping diff' shows what it changes in Spira.\n", words.Count(len(res.Changes), "change"), o.File)
	}
	if n := len(res.Problems); n > 0 {
		fmt.Fprintf(o.IO.ErrOut, "The mapping has %s: run 'spirajira mapping validate' for each with its fix.\n", words.Count(n, "problem"))
	}
	return nil
}

func (o *MappingEditOptions) spiraLookups(ctx context.Context, p *mapping.Product) (*mapping.SpiraLookups, error) {
	_, _, lk, err := o.remote(ctx, p.Project.Spira.ID, p.Plugin.ID)
	if err != nil {
		return nil, fmt.Errorf("read the product's custom properties from Spira: %w", err)
	}
	return lk, nil
}

func (o *MappingEditOptions) listChoices(p *mapping.Product, jira *mapping.Jira) error {
	loc, err := mapping.ParseLocation(o.Choices)
	if err != nil {
		return usageErrorf("--choices: %v", err)
	}
	choices := p.Choices(loc, jira, nil)
	if hint, typed := mapping.SettingInput(loc.Setting); loc.Section == mapping.SectionPlugin && typed {
		fmt.Fprintf(o.IO.ErrOut, "%s is typed, not picked: %s\n", loc, hint)
		return nil
	}
	if len(choices) == 0 {
		if jira == nil {
			return fmt.Errorf("%s: its values come from the Jira project, and none was read (drop --offline, or set project/jiraKey and log in to Jira)", loc)
		}
		return fmt.Errorf("%s: the mapping has no such row, or Jira offers no value for it", loc)
	}
	t := Table{Headers: []string{"VALUE", "NAME", "HINT"}}
	for _, c := range choices {
		id := c.ID
		if id == "" {
			id = "(empty)"
		}
		t.Rows = append(t.Rows, []string{id, c.Name, c.Hint})
	}
	return printResult(o.IO, o.Output, choices, t)
}

func editTable(cs []mapping.Change) Table {
	t := Table{Headers: []string{"WHERE", "WHAT", "BEFORE", "AFTER"}}
	for _, c := range cs {
		t.Rows = append(t.Rows, []string{c.Location.String(), c.What, cmp.Or(c.Remote, "(none)"), cmp.Or(c.Local, "(none)")})
	}
	return t
}
