package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/jiraclient"
)

// newJiraClient builds the client for the profile's Jira site.
func newJiraClient(f *Factory) (*jiraclient.Client, error) {
	creds, err := f.JiraCredentials()
	if err != nil {
		return nil, err
	}
	return jiraclient.New(creds.URL, creds.Email, creds.Token, jiraClientOptions(f)...)
}

func jiraClientOptions(f *Factory) []jiraclient.Option {
	opts := []jiraclient.Option{jiraclient.WithUserAgent(userAgent())}
	if f.Debug {
		opts = append(opts, jiraclient.WithDebug(f.IO.ErrOut))
	}
	return opts
}

// JiraOptions are the inputs of the "jira" listing subcommands.
type JiraOptions struct {
	IO     *IOStreams
	Output string
	Jira   func() (*jiraclient.Client, error)
	// Token returns the API token in use, to say when it looks like a
	// password; nil skips that check.
	Token func() string

	// Kind is the subcommand: projects, statuses, fields, ...
	Kind    string
	Project string
	Field   string
	Issue   string
	Query   string
	Custom  bool
}

// jiraListing describes one "jira" subcommand.
type jiraListing struct {
	name, short string
	example     string
	// flags: which of --project (required or optional), --field, --issue
	// and --query the subcommand takes.
	project string // "", "required", "optional"
	field   bool
	issue   bool
	query   bool
	custom  bool
}

var jiraListings = []jiraListing{
	{name: "projects", example: "  spirajira jira projects\n  spirajira jira projects -q library -o csv", short: "List the projects you can browse", query: true},
	{name: "issuetypes", example: "  spirajira jira issuetypes --project LIB", short: "List a project's issue types", project: "required"},
	{name: "statuses", example: "  spirajira jira statuses --project LIB\n  spirajira jira statuses -p LIB -o json", short: "List a project's statuses per issue type, with category", project: "required"},
	{name: "priorities", example: "  spirajira jira priorities\n  spirajira jira priorities --project LIB", short: "List the priorities (of a project, with --project)", project: "optional"},
	{name: "resolutions", example: "  spirajira jira resolutions", short: "List the resolutions"},
	{name: "components", example: "  spirajira jira components --project LIB", short: "List a project's components", project: "required"},
	{name: "versions", example: "  spirajira jira versions --project LIB", short: "List a project's versions (released, unreleased, archived)", project: "required"},
	{name: "fields", example: "  spirajira jira fields --custom\n  spirajira jira fields -o yaml", short: "List fields with their schema type and the Spira custom property type that fits", custom: true},
	{name: "options", example: "  spirajira jira options --field customfield_10030\n  spirajira jira options --field customfield_10030 --project LIB", short: "List a select field's options per context (only the contexts of --project, if given)", field: true, project: "optional"},
	{name: "securitylevels", example: "  spirajira jira securitylevels --project LIB", short: "List a project's issue security levels", project: "required"},
	{name: "linktypes", example: "  spirajira jira linktypes", short: "List the issue link types"},
	{name: "users", example: "  spirajira jira users --project LIB\n  spirajira jira users -q fred", short: "List the users assignable in a project, or search users by name or e-mail", project: "optional", query: true},
	{name: "transitions", example: "  spirajira jira transitions --issue LIB-1", short: "List the transitions available on an issue now", issue: true},
}

// NewCmdJira builds "jira" and its subcommands, which show what Inflectra's
// Jira Configuration Helper shows.
func NewCmdJira(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jira <subcommand>",
		Short: "Browse the Jira site: the IDs that Spira's data-sync mapping needs",
		Long: `Browse the configured Jira Cloud site the way Inflectra's Jira Configuration
Helper does, with the ID in the first column. Use -o json, yaml or csv for scripts.`,
		Example: `  spirajira jira projects
  spirajira jira statuses --project LIB -o json`,
		Args: cobra.NoArgs,
		RunE: nameWhatToList(jiraListings, func(l jiraListing) string { return l.name }),
	}
	for _, l := range jiraListings {
		cmd.AddCommand(newCmdJiraList(f, l, nil))
	}
	return cmd
}

// nameWhatToList is the RunE of "jira" and "spira" run without a
// subcommand: a usage error that names each listing, in table order.
func nameWhatToList[L any](listings []L, name func(L) string) func(*cobra.Command, []string) error {
	return func(*cobra.Command, []string) error {
		names := make([]string, len(listings))
		for i, l := range listings {
			names[i] = name(l)
		}
		return usageErrorf("name what to list: %s", strings.Join(names, ", "))
	}
}

func newCmdJiraList(f *Factory, l jiraListing, runF func(*JiraOptions) error) *cobra.Command {
	opts := &JiraOptions{Kind: l.name}
	cmd := &cobra.Command{
		Use:     l.name,
		Short:   l.short,
		Example: l.example,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IO = f.IO
			opts.Output = f.Output
			if opts.Jira == nil {
				opts.Jira = f.Jira
			}
			if opts.Token == nil && f.JiraCredentials != nil {
				opts.Token = func() string {
					creds, err := f.JiraCredentials()
					if err != nil {
						return ""
					}
					return creds.Token
				}
			}
			if l.project == "required" && opts.Project == "" {
				return usageErrorf("--project is required: the key of a Jira project, as listed by 'spirajira jira projects'")
			}
			if l.field && opts.Field == "" {
				return usageErrorf("--field is required: a custom field ID such as customfield_10030, as listed by 'spirajira jira fields --custom'")
			}
			if l.issue && opts.Issue == "" {
				return usageErrorf("--issue is required: an issue key such as LIB-1")
			}
			if runF != nil {
				return runF(opts)
			}
			return jiraListRun(cmd.Context(), opts)
		},
	}
	if l.project != "" {
		cmd.Flags().StringVarP(&opts.Project, "project", "p", "", "Jira project key")
		_ = cmd.RegisterFlagCompletionFunc("project", completeFrom(f, completeJiraProjects))
	}
	if l.field {
		cmd.Flags().StringVar(&opts.Field, "field", "", "custom field ID (customfield_NNNNN)")
		_ = cmd.RegisterFlagCompletionFunc("field", completeFrom(f, completeCustomFields))
	}
	if l.issue {
		cmd.Flags().StringVar(&opts.Issue, "issue", "", "issue key or ID")
		_ = cmd.RegisterFlagCompletionFunc("issue", completeFrom(f, completeIssues))
	}
	if l.query {
		cmd.Flags().StringVarP(&opts.Query, "query", "q", "", "filter by name (and e-mail, for users)")
	}
	if l.custom {
		cmd.Flags().BoolVar(&opts.Custom, "custom", false, "only custom fields")
	}
	return cmd
}

// jiraListRun fetches one listing and prints it.
func jiraListRun(ctx context.Context, opts *JiraOptions) error {
	if err := checkOutputFormat(opts.Output); err != nil {
		return err
	}
	c, err := opts.Jira()
	if err != nil {
		return err
	}
	data, t, err := jiraFetch(ctx, c, opts)
	if err != nil {
		return jiraHint(err, opts)
	}
	return printResult(opts.IO, opts.Output, data, t)
}

// jiraHint adds what to do to the errors a user can fix from here: a
// project key in lower case or unknown, a token that looks like a password.
// The error still matches its sentinels.
func jiraHint(err error, opts *JiraOptions) error {
	var hint string
	var ae *jiraclient.APIError
	switch {
	case errors.Is(err, jiraclient.ErrUnauthorized) && opts.Token != nil:
		tok := opts.Token()
		if w := tokenWarnings(tok); tok != "" && len(w) > 0 {
			src := "the stored token"
			if os.Getenv(config.EnvJiraToken) == tok {
				src = config.EnvJiraToken
			}
			hint = src + ": " + w[0]
		}
	case errors.Is(err, jiraclient.ErrNotFound) && opts.Project != "" && errors.As(err, &ae) && strings.Contains(ae.URL, opts.Project):
		if up := strings.ToUpper(opts.Project); up != opts.Project {
			hint = fmt.Sprintf("Jira project keys are upper case: try --project %s; 'spirajira jira projects' lists the keys you can browse", up)
		} else {
			hint = fmt.Sprintf("no project %s that this account can browse; 'spirajira jira projects' lists the keys you can browse", opts.Project)
		}
	}
	if hint == "" {
		return err
	}
	return fmt.Errorf("%w\nhint: %s", err, hint)
}

// jiraFetch reads what opts.Kind lists and renders it as data and a table.
func jiraFetch(ctx context.Context, c *jiraclient.Client, o *JiraOptions) (any, Table, error) {
	switch o.Kind {
	case "projects":
		var ps []jiraclient.Project
		for p, err := range c.Projects(ctx, jiraclient.ProjectQuery{Query: o.Query}) {
			if err != nil {
				return nil, Table{}, err
			}
			ps = append(ps, p)
		}
		t := Table{Headers: []string{"ID", "KEY", "NAME", "TYPE", "MANAGED BY"}}
		for _, p := range ps {
			managed := "company"
			if p.Simplified {
				managed = "team"
			}
			t.Rows = append(t.Rows, []string{p.ID, p.Key, p.Name, p.ProjectTypeKey, managed})
		}
		return orEmpty(ps), t, nil

	case "issuetypes":
		p, err := c.Project(ctx, o.Project)
		if err != nil {
			return nil, Table{}, err
		}
		its, err := c.IssueTypes(ctx, p.ID)
		if err != nil {
			return nil, Table{}, err
		}
		t := Table{Headers: []string{"ID", "NAME", "SUBTASK", "LEVEL", "DESCRIPTION"}}
		for _, it := range its {
			t.Rows = append(t.Rows, []string{it.ID, it.Name, words.YesNo(it.Subtask), strconv.Itoa(it.HierarchyLevel), it.Description})
		}
		return orEmpty(its), t, nil

	case "statuses":
		groups, err := c.Statuses(ctx, o.Project)
		if err != nil {
			return nil, Table{}, err
		}
		rows := statusRows(groups)
		t := Table{Headers: []string{"ID", "NAME", "CATEGORY", "ISSUE TYPE ID", "ISSUE TYPE"}}
		for _, r := range rows {
			t.Rows = append(t.Rows, []string{r.ID, r.Name, r.Category, r.IssueTypeID, r.IssueType})
		}
		return rows, t, nil

	case "priorities":
		projectID := ""
		if o.Project != "" {
			p, err := c.Project(ctx, o.Project)
			if err != nil {
				return nil, Table{}, err
			}
			projectID = p.ID
		}
		ps, err := c.Priorities(ctx, projectID)
		if err != nil {
			return nil, Table{}, err
		}
		t := Table{Headers: []string{"ID", "NAME", "DEFAULT", "COLOR", "DESCRIPTION"}}
		for _, p := range ps {
			t.Rows = append(t.Rows, []string{p.ID, p.Name, words.YesNo(p.IsDefault), p.StatusColor, p.Description})
		}
		return orEmpty(ps), t, nil

	case "resolutions":
		rs, err := c.Resolutions(ctx)
		if err != nil {
			return nil, Table{}, err
		}
		t := Table{Headers: []string{"ID", "NAME", "DEFAULT", "DESCRIPTION"}}
		for _, r := range rs {
			t.Rows = append(t.Rows, []string{r.ID, r.Name, words.YesNo(r.Default), r.Description})
		}
		return orEmpty(rs), t, nil

	case "components":
		cs, err := c.Components(ctx, o.Project)
		if err != nil {
			return nil, Table{}, err
		}
		t := Table{Headers: []string{"ID", "NAME", "LEAD", "DESCRIPTION"}}
		for _, cm := range cs {
			lead := ""
			if cm.Lead != nil {
				lead = cm.Lead.DisplayName
			}
			t.Rows = append(t.Rows, []string{cm.ID, cm.Name, lead, cm.Description})
		}
		return orEmpty(cs), t, nil

	case "versions":
		vs, err := c.Versions(ctx, o.Project)
		if err != nil {
			return nil, Table{}, err
		}
		t := Table{Headers: []string{"ID", "NAME", "RELEASED", "ARCHIVED", "START", "RELEASE", "DESCRIPTION"}}
		for _, v := range vs {
			t.Rows = append(t.Rows, []string{v.ID, v.Name, words.YesNo(v.Released), words.YesNo(v.Archived), v.StartDate, v.ReleaseDate, v.Description})
		}
		return orEmpty(vs), t, nil

	case "fields":
		fs, err := c.Fields(ctx)
		if err != nil {
			return nil, Table{}, err
		}
		type fieldRow struct {
			jiraclient.Field
			SchemaType string `json:"schemaType"`
			SpiraType  string `json:"spiraType"`
		}
		rows := []fieldRow{}
		t := Table{Headers: []string{"ID", "NAME", "CUSTOM", "SCHEMA TYPE", "CUSTOM TYPE", "SPIRA TYPE"}}
		for _, fd := range fs {
			if o.Custom && !fd.Custom {
				continue
			}
			st, ct := schemaType(fd.Schema)
			sp := jiraclient.SpiraTypeFor(fd.Schema).String()
			rows = append(rows, fieldRow{Field: fd, SchemaType: st, SpiraType: sp})
			t.Rows = append(t.Rows, []string{fd.ID, fd.Name, words.YesNo(fd.Custom), st, ct, sp})
		}
		return rows, t, nil

	case "options":
		return jiraOptions(ctx, c, o)

	case "securitylevels":
		ls, err := c.SecurityLevels(ctx, o.Project)
		if err != nil {
			return nil, Table{}, err
		}
		t := Table{Headers: []string{"ID", "NAME", "DEFAULT", "DESCRIPTION"}}
		for _, l := range ls {
			t.Rows = append(t.Rows, []string{l.ID, l.Name, words.YesNo(l.IsDefault), l.Description})
		}
		return orEmpty(ls), t, nil

	case "linktypes":
		ls, err := c.IssueLinkTypes(ctx)
		if err != nil {
			return nil, Table{}, err
		}
		t := Table{Headers: []string{"ID", "NAME", "INWARD", "OUTWARD"}}
		for _, l := range ls {
			t.Rows = append(t.Rows, []string{l.ID, l.Name, l.Inward, l.Outward})
		}
		return orEmpty(ls), t, nil

	case "users":
		var us []jiraclient.User
		var err error
		switch {
		case o.Project != "":
			us, err = c.AssignableUsers(ctx, o.Project, o.Query)
		case o.Query != "":
			us, err = c.SearchUsers(ctx, o.Query, 100)
		default:
			return nil, Table{}, usageErrorf("give --project KEY (users assignable there) or --query TEXT (search by name or e-mail)")
		}
		if err != nil {
			return nil, Table{}, err
		}
		if len(us) == 0 {
			// Jira answers an empty list, not an error, to an account that
			// lacks the permission.
			fmt.Fprintln(o.IO.ErrOut, "No users found. Jira lists users only to accounts with the 'Browse users and groups' global permission.")
		}
		t := Table{Headers: []string{"ACCOUNT ID", "NAME", "EMAIL", "ACTIVE", "TYPE", "TIME ZONE"}}
		for _, u := range us {
			email := u.EmailAddress
			if email == "" {
				email = "(hidden)"
			}
			t.Rows = append(t.Rows, []string{u.AccountID, u.DisplayName, email, words.YesNo(u.Active), u.AccountType, u.TimeZone})
		}
		return orEmpty(us), t, nil

	case "transitions":
		ts, err := c.Transitions(ctx, o.Issue)
		if err != nil {
			return nil, Table{}, err
		}
		t := Table{Headers: []string{"ID", "NAME", "TO STATUS ID", "TO STATUS", "CATEGORY", "SCREEN"}}
		for _, tr := range ts {
			var id, name, cat string
			if tr.To != nil {
				id, name, cat = tr.To.ID, tr.To.Name, tr.To.CategoryKey()
			}
			t.Rows = append(t.Rows, []string{tr.ID, tr.Name, id, name, cat, words.YesNo(tr.HasScreen)})
		}
		return ts, t, nil
	}
	return nil, Table{}, fmt.Errorf("unknown listing %q", o.Kind)
}

// schemaType renders a field schema as "array<option>" and its custom type
// key without Atlassian's common prefix.
func schemaType(s *jiraclient.FieldSchema) (string, string) {
	if s == nil {
		return "", ""
	}
	st := s.Type
	if s.Type == "array" && s.Items != "" {
		st = "array<" + s.Items + ">"
	}
	return st, strings.TrimPrefix(s.Custom, "com.atlassian.jira.plugin.system.customfieldtypes:")
}

// StatusRow is one status of one issue type's workflow.
type StatusRow struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Category     string `json:"category"`
	CategoryName string `json:"categoryName"`
	IssueTypeID  string `json:"issueTypeId"`
	IssueType    string `json:"issueType"`
}

func statusRows(groups []jiraclient.IssueTypeStatuses) []StatusRow {
	rows := []StatusRow{}
	for _, g := range groups {
		for _, s := range g.Statuses {
			r := StatusRow{ID: s.ID, Name: s.Name, IssueTypeID: g.ID, IssueType: g.Name}
			if s.StatusCategory != nil {
				r.Category, r.CategoryName = s.StatusCategory.Key, s.StatusCategory.Name
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// OptionRow is one option of a select field in one context.
type OptionRow struct {
	ContextID string `json:"contextId"`
	Context   string `json:"context"`
	ID        string `json:"id"`
	Value     string `json:"value"`
	ParentID  string `json:"parentId,omitempty"`
	Disabled  bool   `json:"disabled"`
}

// jiraOptions lists a field's options per context; a user who may not read
// contexts gets the create screens' values of --project instead.
func jiraOptions(ctx context.Context, c *jiraclient.Client, o *JiraOptions) (any, Table, error) {
	rows := []OptionRow{}
	ctxs, err := c.FieldContexts(ctx, o.Field)
	switch {
	case err == nil:
		if o.Project != "" {
			if ctxs, err = contextsForProject(ctx, c, o.Project, o.Field, ctxs); err != nil {
				return nil, Table{}, err
			}
		}
		for _, fc := range ctxs {
			opts, err := c.FieldOptions(ctx, o.Field, fc.ID)
			if err != nil {
				return nil, Table{}, err
			}
			for _, op := range opts {
				rows = append(rows, OptionRow{ContextID: fc.ID, Context: fc.Name, ID: op.ID, Value: op.Value, ParentID: op.OptionID, Disabled: op.Disabled})
			}
		}
	case errors.Is(err, jiraclient.ErrForbidden) && o.Project != "":
		fmt.Fprintf(o.IO.ErrOut, "Reading field contexts needs Jira administration rights; showing the values of %s's create screens instead.\n", o.Project)
		rows, err = optionsFromCreateMeta(ctx, c, o.Project, o.Field)
		if err != nil {
			return nil, Table{}, err
		}
	case errors.Is(err, jiraclient.ErrForbidden):
		return nil, Table{}, fmt.Errorf("%w\nReading field contexts needs Jira administration rights; add --project KEY to read the options from that project's create screens", err)
	default:
		return nil, Table{}, err
	}
	t := Table{Headers: []string{"ID", "VALUE", "PARENT", "DISABLED", "CONTEXT ID", "CONTEXT"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.ID, r.Value, r.ParentID, words.YesNo(r.Disabled), r.ContextID, r.Context})
	}
	return rows, t, nil
}

// contextsForProject keeps the contexts that apply to the project.
func contextsForProject(ctx context.Context, c *jiraclient.Client, project, field string, ctxs []jiraclient.FieldContext) ([]jiraclient.FieldContext, error) {
	p, err := c.Project(ctx, project)
	if err != nil {
		return nil, err
	}
	maps, err := c.FieldContextProjects(ctx, field)
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	for _, m := range maps {
		if m.IsGlobalContext || m.ProjectID == p.ID {
			mine[m.ContextID] = true
		}
	}
	out := []jiraclient.FieldContext{}
	for _, fc := range ctxs {
		if fc.IsGlobalContext || mine[fc.ID] {
			out = append(out, fc)
		}
	}
	return out, nil
}

func optionsFromCreateMeta(ctx context.Context, c *jiraclient.Client, project, field string) ([]OptionRow, error) {
	opts, err := c.CreateScreenOptions(ctx, project, field)
	if err != nil {
		return nil, err
	}
	rows := []OptionRow{}
	for _, op := range opts {
		rows = append(rows, OptionRow{ContextID: "createmeta", Context: "Create screens", ID: op.ID, Value: op.Value, ParentID: op.OptionID, Disabled: op.Disabled})
	}
	return rows, nil
}
