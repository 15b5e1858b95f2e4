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
	"github.com/spirajira/spirajira/spiraclient"
)

func newSpiraClient(f *Factory) (*spiraclient.Client, error) {
	creds, err := f.SpiraCredentials()
	if err != nil {
		return nil, err
	}
	c, err := spiraclient.New(creds.URL, creds.Login, creds.APIKey, spiraClientOptions(f)...)
	if errors.Is(err, spiraclient.ErrAPIKeyBraces) {
		// Login refuses such a key, so it came from the environment or an
		// edited file: say which, without echoing it.
		hint := "the stored API key has no braces: run 'spirajira login spira' again"
		if os.Getenv(config.EnvSpiraAPIKey) == creds.APIKey {
			hint = fmt.Sprintf("%s holds the key without its braces: set it with them, quoted so that the shell keeps them: %s='{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}'",
				config.EnvSpiraAPIKey, config.EnvSpiraAPIKey)
		}
		return nil, fmt.Errorf("%w\nhint: %s", err, hint)
	}
	return c, err
}

func spiraClientOptions(f *Factory) []spiraclient.Option {
	opts := []spiraclient.Option{spiraclient.WithUserAgent(userAgent())}
	if f.Debug {
		opts = append(opts, spiraclient.WithDebug(f.IO.ErrOut))
	}
	return opts
}

// SpiraOptions are the inputs of the "spira" listing subcommands.
type SpiraOptions struct {
	IO     *IOStreams
	Output string
	Spira  func() (*spiraclient.Client, error)
	// DataSync names the plug-in record (from the profile).
	DataSync func() string

	Kind    string
	Product int
	Limit   int
	// Since and Type filter the event log; LimitSet says --limit was given.
	Since    string
	Type     string
	LimitSet bool
}

type spiraListing struct {
	name, short string
	example     string
	product     bool
}

var spiraListings = []spiraListing{
	{name: "products", example: "  spirajira spira products", short: "List the products (projects) you can access"},
	{name: "users", example: "  spirajira spira users -o csv", short: "List the users (system administrators only); API keys are never shown"},
	{name: "releases", example: "  spirajira spira releases --product 1", short: "List a product's releases and iterations", product: true},
	{name: "lookups", example: "  spirajira spira lookups --product 1 -o yaml", short: "List a product's incident, requirement and release lookups, components and custom properties", product: true},
	{name: "datasyncs", example: "  spirajira spira datasyncs", short: "List the active data-sync plug-in records (passwords are never shown)"},
	{name: "mappings", example: "  spirajira spira mappings --product 1", short: "Show a product's data mapping for the Jira plug-in: project, users, releases, fields, custom properties", product: true},
	{name: "events", example: "  spirajira spira events\n  spirajira spira events --since 24h --type error", short: "Show Spira's event log, newest first, optionally since a date (system administrators only)"},
}

// NewCmdSpira builds "spira" and its subcommands.
func NewCmdSpira(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "spira <subcommand>",
		Short: "Inspect Spira: products, users, lookups, the data-sync plug-in and its mappings",
		Long: `Inspect the configured Spira instance with the ID in the first column: what the
Jira data-sync plug-in and its data mapping refer to. Use -o json, yaml or csv for scripts.`,
		Example: `  spirajira spira products
  spirajira spira lookups --product 1 -o json`,
		Args: cobra.NoArgs,
		RunE: nameWhatToList(spiraListings, func(l spiraListing) string { return l.name }),
	}
	for _, l := range spiraListings {
		cmd.AddCommand(newCmdSpiraList(f, l, nil))
	}
	return cmd
}

func newCmdSpiraList(f *Factory, l spiraListing, runF func(*SpiraOptions) error) *cobra.Command {
	opts := &SpiraOptions{Kind: l.name}
	cmd := &cobra.Command{
		Use:     l.name,
		Short:   l.short,
		Example: l.example,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IO = f.IO
			opts.Output = f.Output
			if opts.Spira == nil {
				opts.Spira = f.Spira
			}
			if opts.DataSync == nil {
				opts.DataSync = func() string {
					if c, err := f.SpiraCredentials(); err == nil && c.DataSync != "" {
						return c.DataSync
					}
					return config.DefaultDataSync
				}
			}
			if l.product && opts.Product <= 0 {
				return usageErrorf("--product is required: a Spira product ID, as listed by 'spirajira spira products'")
			}
			opts.LimitSet = cmd.Flags().Changed("limit")
			if runF != nil {
				return runF(opts)
			}
			return spiraListRun(cmd.Context(), opts)
		},
	}
	if l.product {
		cmd.Flags().IntVar(&opts.Product, "product", 0, "Spira product (project) ID")
		_ = cmd.RegisterFlagCompletionFunc("product", completeFrom(f, completeProducts))
	}
	if l.name == "events" {
		addEventFlags(cmd, opts)
	}
	return cmd
}

func spiraListRun(ctx context.Context, o *SpiraOptions) error {
	if err := checkOutputFormat(o.Output); err != nil {
		return err
	}
	c, err := o.Spira()
	if err != nil {
		return err
	}
	switch o.Kind {
	case "products":
		return spiraProducts(ctx, o, c)
	case "users":
		return spiraUsers(ctx, o, c)
	case "releases":
		return spiraReleases(ctx, o, c)
	case "lookups":
		return spiraLookups(ctx, o, c)
	case "datasyncs":
		return spiraDataSyncs(ctx, o, c)
	case "mappings":
		return spiraMappings(ctx, o, c)
	case "events":
		return spiraEvents(ctx, o, c)
	}
	return fmt.Errorf("unknown listing %q", o.Kind)
}

func spItoa(i int) string { return strconv.Itoa(i) }

func spTime(t *spiraclient.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

func spiraProducts(ctx context.Context, o *SpiraOptions, c *spiraclient.Client) error {
	ps, err := c.Projects(ctx)
	if err != nil {
		return err
	}
	t := Table{Headers: []string{"ID", "NAME", "TEMPLATE", "ACTIVE"}}
	for _, p := range ps {
		t.Rows = append(t.Rows, []string{spItoa(p.ProjectID), p.Name, spItoa(p.ProjectTemplateID), words.YesNo(p.Active)})
	}
	return printResult(o.IO, o.Output, orEmpty(ps), t)
}

func spiraUsers(ctx context.Context, o *SpiraOptions, c *spiraclient.Client) error {
	us, err := c.Users(ctx)
	if err != nil {
		if errors.Is(err, spiraclient.ErrUnauthorized) {
			return fmt.Errorf("%w\nListing all users needs a Spira system administrator", err)
		}
		return err
	}
	t := Table{Headers: []string{"ID", "LOGIN", "NAME", "EMAIL", "ADMIN", "ACTIVE"}}
	for i := range us {
		us[i].RssToken = "" // the API key of each user: never shown
		u := us[i]
		t.Rows = append(t.Rows, []string{spItoa(u.UserID), u.UserName, strings.TrimSpace(u.FirstName + " " + u.LastName), u.EmailAddress, words.YesNo(u.Admin), words.YesNo(u.Active)})
	}
	return printResult(o.IO, o.Output, orEmpty(us), t)
}

func spiraReleases(ctx context.Context, o *SpiraOptions, c *spiraclient.Client) error {
	rs, err := c.Releases(ctx, o.Product)
	if err != nil {
		return err
	}
	t := Table{Headers: []string{"ID", "VERSION", "NAME", "TYPE", "STATUS", "START", "END"}}
	for _, r := range rs {
		indent := strings.Repeat("  ", max(0, len(r.IndentLevel)/3-1))
		t.Rows = append(t.Rows, []string{spItoa(r.ReleaseID), r.VersionNumber, indent + r.Name, r.ReleaseTypeName, r.ReleaseStatusName,
			r.StartDate.UTC().Format("2006-01-02"), r.EndDate.UTC().Format("2006-01-02")})
	}
	return printResult(o.IO, o.Output, orEmpty(rs), t)
}

// spiraLookupRow is one value of a lookup list, in every output format.
type spiraLookupRow struct {
	List   string `json:"list"`
	ID     int    `json:"id"`
	Name   string `json:"name"`
	Active bool   `json:"active"`
	Extra  string `json:"extra,omitempty"`
}

func spiraLookups(ctx context.Context, o *SpiraOptions, c *spiraclient.Client) error {
	p, err := c.Project(ctx, o.Product)
	if err != nil {
		return err
	}
	tid := p.ProjectTemplateID
	var rows []spiraLookupRow
	add := func(list string, id int, name string, active bool, extra string) {
		rows = append(rows, spiraLookupRow{List: list, ID: id, Name: name, Active: active, Extra: extra})
	}
	types, err := c.IncidentTypes(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range types {
		add("incident type", v.IncidentTypeID, v.Name, v.Active, "workflow "+spItoa(v.WorkflowID))
	}
	statuses, err := c.IncidentStatuses(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range statuses {
		extra := "closed"
		if v.Open {
			extra = "open"
		}
		add("incident status", v.IncidentStatusID, v.Name, v.Active, extra)
	}
	prios, err := c.IncidentPriorities(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range prios {
		add("incident priority", v.PriorityID, v.Name, v.Active, "")
	}
	sevs, err := c.IncidentSeverities(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range sevs {
		add("incident severity", v.SeverityID, v.Name, v.Active, "")
	}
	rstat, err := c.RequirementStatuses(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range rstat {
		add("requirement status", v.RequirementStatusID, v.Name, v.Active, "")
	}
	imps, err := c.RequirementImportances(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range imps {
		add("requirement importance", v.ImportanceID, v.Name, v.Active, "")
	}
	rtypes, err := c.RequirementTypes(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range rtypes {
		add("requirement type", v.RequirementTypeID, v.Name, v.IsActive, "")
	}
	relStat, err := c.ReleaseStatuses(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range relStat {
		add("release status", v.ReleaseStatusID, v.Name, v.Active, "")
	}
	relTypes, err := c.ReleaseTypes(ctx, tid)
	if err != nil {
		return err
	}
	for _, v := range relTypes {
		add("release type", v.ReleaseTypeID, v.Name, v.Active, "")
	}
	comps, err := c.Components(ctx, o.Product, false, false)
	if err != nil {
		return err
	}
	for _, v := range comps {
		add("component", v.ComponentID, v.Name, v.IsActive, "")
	}
	for _, at := range []int{spiraclient.ArtifactTypeIncident, spiraclient.ArtifactTypeRequirement, spiraclient.ArtifactTypeRelease} {
		defs, err := c.CustomProperties(ctx, tid, at)
		if err != nil {
			return err
		}
		for _, d := range defs {
			extra := d.CustomPropertyFieldName + " " + d.CustomPropertyTypeName
			if d.CustomList != nil {
				extra += " (list " + spItoa(d.CustomList.CustomPropertyListID) + ")"
			}
			add(strings.ToLower(spiraclient.ArtifactTypeName(at))+" custom property", d.CustomPropertyID, d.Name, !d.IsDeleted, extra)
		}
	}
	t := Table{Headers: []string{"LIST", "ID", "NAME", "ACTIVE", "NOTE"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.List, spItoa(r.ID), r.Name, words.YesNo(r.Active), r.Extra})
	}
	return printResult(o.IO, o.Output, orEmpty(rows), t)
}

func spiraDataSyncs(ctx context.Context, o *SpiraOptions, c *spiraclient.Client) error {
	ds, err := c.DataSyncs(ctx)
	if err != nil {
		return err
	}
	t := Table{Headers: []string{"ID", "NAME", "CAPTION", "CONNECTION", "LOGIN", "STATUS", "LAST SYNC", "OFFSET", "AUTO-MAP", "CUSTOM 01-05"}}
	views := []dataSyncView{}
	for i := range ds {
		ds[i].Password = "" // Spira returns it in clear; we never show it
		d := ds[i]
		customs := strings.Join([]string{d.Custom01, d.Custom02, d.Custom03, d.Custom04, d.Custom05}, " | ")
		t.Rows = append(t.Rows, []string{spItoa(d.DataSyncSystemID), d.Name, d.DisplayName, d.ConnectionString, d.Login,
			spiraclient.DataSyncStatusText(d), spTime(d.LastSyncDate), spItoa(d.TimeOffsetHours), words.YesNo(d.AutoMapUsers), customs})
		views = append(views, dataSyncView{RemoteDataSyncSystem: d})
	}
	return printResult(o.IO, o.Output, views, t)
}

// dataSyncView is a plug-in record as listed: without its password, which
// an empty "Password" would show as blank rather than as hidden.
type dataSyncView struct {
	spiraclient.RemoteDataSyncSystem
	// Password, shallower than the record's own, hides it from JSON.
	Password *struct{} `json:"Password,omitempty"`
}
