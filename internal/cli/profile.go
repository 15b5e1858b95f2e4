package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/config"
)

// ProfileOptions are the inputs of the "profile" subcommands.
type ProfileOptions struct {
	IO      *IOStreams
	Output  string
	Config  func() (*config.Config, error)
	Secrets func() *config.SecretStore

	// Action is list, use, rename or delete; Names its arguments.
	Action string
	Names  []string
}

// NewCmdProfile builds "profile" and its subcommands.
func NewCmdProfile(f *Factory, runF func(*ProfileOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile <list|use|rename|delete>",
		Short: "List, switch, rename and delete configuration profiles",
		Long: `A profile is one pair of Jira site and Spira instance with their users, in
config.yaml; --profile picks one for a command, 'profile use' makes one current.
Secrets live in the OS keyring under the site and user, never in a profile.`,
		Example: `  spirajira profile list
  spirajira profile use staging`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("name a subcommand: list, use, rename or delete")
		},
	}
	sub := func(use, short, example string, args cobra.PositionalArgs, outputs ...string) {
		c := &cobra.Command{
			Use:     use,
			Short:   short,
			Example: example,
			Args:    args,
			RunE: func(cmd *cobra.Command, args []string) error {
				opts := &ProfileOptions{IO: f.IO, Output: f.Output, Config: f.Config, Secrets: f.Secrets,
					Action: cmd.Name(), Names: args}
				if runF != nil {
					return runF(opts)
				}
				return profileRun(opts)
			},
		}
		if use != "list" {
			// The one profile named, or the old name of a rename.
			c.ValidArgsFunction = completeProfileArgs(f, 1)
		}
		if len(outputs) > 0 {
			printsOnly(c, outputs...)
		}
		cmd.AddCommand(c)
	}
	sub("list", "List the profiles; the current one is marked", "  spirajira profile list\n  spirajira profile list -o json", cobra.NoArgs)
	sub("use <name>", "Make a profile the current one", "  spirajira profile use staging", cobra.ExactArgs(1), "table")
	sub("rename <old> <new>", "Rename a profile", "  spirajira profile rename default production", cobra.ExactArgs(2), "table")
	sub("delete <name>", "Delete a profile and the secrets no other profile uses", "  spirajira profile delete staging", cobra.ExactArgs(1), "table")
	return cmd
}

type profileRow struct {
	Name       string `json:"name"`
	Current    bool   `json:"current"`
	JiraURL    string `json:"jiraUrl,omitempty"`
	JiraEmail  string `json:"jiraEmail,omitempty"`
	SpiraURL   string `json:"spiraUrl,omitempty"`
	SpiraLogin string `json:"spiraLogin,omitempty"`
}

func profileRun(o *ProfileOptions) error {
	cfg, err := o.Config()
	if err != nil {
		return err
	}
	switch o.Action {
	case "list":
		return profileList(o, cfg)
	case "use":
		if err := cfg.UseProfile(o.Names[0]); err != nil {
			return &UsageError{Err: err}
		}
		if err := cfg.Save(); err != nil {
			return err
		}
		fmt.Fprintf(o.IO.ErrOut, "Profile %q is now the current one.\n", o.Names[0])
	case "rename":
		if err := cfg.RenameProfile(o.Names[0], o.Names[1]); err != nil {
			return &UsageError{Err: err}
		}
		if err := cfg.Save(); err != nil {
			return err
		}
		fmt.Fprintf(o.IO.ErrOut, "Renamed profile %q to %q.\n", o.Names[0], o.Names[1])
	case "delete":
		return profileDelete(o, cfg, o.Names[0])
	}
	return nil
}

func profileList(o *ProfileOptions, cfg *config.Config) error {
	rows := []profileRow{}
	t := Table{Headers: []string{"PROFILE", "CURRENT", "JIRA SITE", "JIRA E-MAIL", "SPIRA URL", "SPIRA LOGIN"}}
	current := cfg.ProfileName("")
	for _, name := range cfg.ProfileNames() {
		p, _ := cfg.Profile(name)
		r := profileRow{Name: name, Current: name == current, JiraURL: p.Jira.URL, JiraEmail: p.Jira.Email,
			SpiraURL: p.Spira.URL, SpiraLogin: p.Spira.Login}
		rows = append(rows, r)
		mark := ""
		if r.Current {
			mark = "*"
		}
		t.Rows = append(t.Rows, []string{name, mark, r.JiraURL, r.JiraEmail, r.SpiraURL, r.SpiraLogin})
	}
	if len(rows) == 0 && o.Output == "table" {
		fmt.Fprintln(o.IO.ErrOut, "No profiles yet: 'spirajira login jira' and 'spirajira login spira' create one.")
		return nil
	}
	return printResult(o.IO, o.Output, rows, t)
}

// profileDelete removes the profile and each of its secrets that no other
// profile names (two profiles may share a site and user, and so a secret).
func profileDelete(o *ProfileOptions, cfg *config.Config, name string) error {
	p, ok := cfg.Profiles[name]
	if err := cfg.DeleteProfile(name); err != nil {
		return &UsageError{Err: err}
	}
	shared := func(kind, url, user string) bool {
		for _, other := range cfg.Profiles {
			if kind == config.KindJira && other.Jira.URL == url && other.Jira.Email == user ||
				kind == config.KindSpira && other.Spira.URL == url && other.Spira.Login == user {
				return true
			}
		}
		return false
	}
	if ok && p != nil {
		store := o.Secrets()
		for _, s := range []struct{ kind, url, user string }{
			{config.KindJira, p.Jira.URL, p.Jira.Email},
			{config.KindSpira, p.Spira.URL, p.Spira.Login},
		} {
			if s.url == "" || s.user == "" || shared(s.kind, s.url, s.user) {
				continue
			}
			if err := store.DeleteSecret(s.kind, s.url, s.user); err != nil {
				return fmt.Errorf("the profile is not deleted: removing its %s secret: %w", s.kind, err)
			}
		}
	}
	if err := cfg.Save(); err != nil {
		return err
	}
	fmt.Fprintf(o.IO.ErrOut, "Deleted profile %q and the secrets only it used.\n", name)
	return nil
}

// completeProfileArgs offers profile names for the first n arguments.
func completeProfileArgs(f *Factory, n int) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return profileNames(f), cobra.ShellCompDirectiveNoFileComp
	}
}

// profileNames lists the profiles for completion, with their Jira site.
func profileNames(f *Factory) []cobra.Completion {
	cfg, err := f.Config()
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, name := range cfg.ProfileNames() {
		p, _ := cfg.Profile(name)
		out = append(out, cobra.CompletionWithDesc(name, firstOf(p.Jira.URL, p.Spira.URL)))
	}
	return out
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
