package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/config"
)

// authCheckTimeout bounds each side's who-am-I call in "auth status".
const authCheckTimeout = 20 * time.Second

// AuthOptions are the inputs of "auth status" and "auth logout".
type AuthOptions struct {
	IO      *IOStreams
	Factory *Factory
	Ctx     context.Context
	// Action is status or logout; Service the side logged out of.
	Action  string
	Service string
}

// NewCmdAuth builds "auth" with "status" and "logout".
func NewCmdAuth(f *Factory, runF func(*AuthOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth <status|logout>",
		Short: "Show who you are on Jira and Spira, or log out of one",
		Example: `  spirajira auth status
  spirajira auth logout jira`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("name a subcommand: status or logout")
		},
	}
	run := func(cmd *cobra.Command, args []string) error {
		opts := &AuthOptions{IO: f.IO, Factory: f, Ctx: cmd.Context(), Action: cmd.Name()}
		if len(args) > 0 {
			opts.Service = args[0]
		}
		if runF != nil {
			return runF(opts)
		}
		if opts.Action == "logout" {
			return authLogoutRun(opts)
		}
		return authStatusRun(opts)
	}
	status := &cobra.Command{
		Use:   "status",
		Short: "Show each side's site, user, where each secret comes from, and who it signs in as",
		Long: `For the profile (--profile, else the current one), show the Jira site and e-mail and
the Spira URL and login, where each comes from (the environment or the profile), where
the token and API key come from (environment, OS keyring or insecure file), and who they
sign in as. The secrets themselves are never shown. Exits 3 when a side cannot sign in.`,
		Example: `  spirajira auth status
  spirajira auth status --profile staging -o json`,
		Args: cobra.NoArgs,
		RunE: run,
	}
	logout := &cobra.Command{
		Use:   "logout <jira|spira>",
		Short: "Remove one side's secret from the keyring and its login from the profile",
		Example: `  spirajira auth logout jira
  spirajira auth logout spira --profile staging`,
		ValidArgs: []cobra.Completion{"jira", "spira"},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || (args[0] != config.KindJira && args[0] != config.KindSpira) {
				return usageErrorf("name the service: 'spirajira auth logout jira' or 'spirajira auth logout spira'")
			}
			return nil
		},
		RunE: run,
	}
	cmd.AddCommand(status, printsOnly(logout, "table"))
	return cmd
}

// authSide is one service in "auth status". It never holds a secret.
type authSide struct {
	Service  string `json:"service"`
	URL      string `json:"url,omitempty"`
	URLFrom  string `json:"urlFrom,omitempty"`
	User     string `json:"user,omitempty"`
	UserFrom string `json:"userFrom,omitempty"`
	// SecretFrom is environment, OS keyring or insecure file.
	SecretFrom string `json:"secretFrom,omitempty"`
	SignedIn   bool   `json:"signedIn"`
	As         string `json:"as,omitempty"`
	Account    string `json:"account,omitempty"`
	Problem    string `json:"problem,omitempty"`

	err error
}

type authStatus struct {
	Profile string   `json:"profile"`
	Jira    authSide `json:"jira"`
	Spira   authSide `json:"spira"`
}

// from names where a setting came from: its environment variable when set.
func from(store *config.SecretStore, env, profile string) string {
	if store.Getenv != nil && store.Getenv(env) != "" {
		return env
	}
	return fmt.Sprintf("profile %q", profile)
}

// secretFrom names where a secret came from, the variable for the
// environment.
func secretFrom(store *config.SecretStore, src config.Source, kind string) string {
	switch src {
	case config.SourceEnv:
		return config.EnvVar(kind)
	case config.SourceSecretFile:
		env := config.FileEnvVar(kind)
		getenv := store.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		return fmt.Sprintf("file %s (%s)", getenv(env), env)
	}
	return string(src)
}

func authStatusRun(o *AuthOptions) error {
	f := o.Factory
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	ctx := o.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	name := cfg.ProfileName(f.Profile)
	store := f.Secrets()
	st := authStatus{Profile: name}

	// Jira. Neither Jira nor Atlassian's API reports a token's expiry date,
	// so none is shown; it is on the token page.
	st.Jira = authSide{Service: "jira"}
	if jc, err := f.JiraCredentials(); err != nil {
		st.Jira.URL, st.Jira.User, st.Jira.err = jc.URL, jc.Email, err
	} else {
		st.Jira.URL, st.Jira.User = jc.URL, jc.Email
		if _, src, err := store.GetSecret(config.KindJira, jc.URL, jc.Email); err == nil {
			st.Jira.SecretFrom = secretFrom(store, src, config.KindJira)
		}
		c, err := f.Jira()
		if err == nil {
			cctx, cancel := context.WithTimeout(ctx, authCheckTimeout)
			me, merr := c.Myself(cctx)
			cancel()
			if err = merr; err == nil {
				st.Jira.SignedIn, st.Jira.Account = true, me.AccountID
				st.Jira.As = me.DisplayName
				if me.EmailAddress != "" {
					st.Jira.As += " <" + me.EmailAddress + ">"
				}
			}
		}
		st.Jira.err = err
	}
	st.Jira.URLFrom = from(store, config.EnvJiraURL, name)
	st.Jira.UserFrom = from(store, config.EnvJiraEmail, name)

	st.Spira = authSide{Service: "spira"}
	if sc, err := f.SpiraCredentials(); err != nil {
		st.Spira.URL, st.Spira.User, st.Spira.err = sc.URL, sc.Login, err
	} else {
		st.Spira.URL, st.Spira.User = sc.URL, sc.Login
		if _, src, err := store.GetSecret(config.KindSpira, sc.URL, sc.Login); err == nil {
			st.Spira.SecretFrom = secretFrom(store, src, config.KindSpira)
		}
		c, err := f.Spira()
		if err == nil {
			cctx, cancel := context.WithTimeout(ctx, authCheckTimeout)
			me, merr := c.CurrentUser(cctx)
			cancel()
			if err = merr; err == nil {
				role := "user"
				if me.Admin {
					role = "system administrator"
				}
				st.Spira.SignedIn = true
				st.Spira.As = fmt.Sprintf("%s (%s, %s)", me.FullName, me.UserName, role)
				st.Spira.Account = fmt.Sprint(me.UserID)
			}
		}
		st.Spira.err = err
	}
	st.Spira.URLFrom = from(store, config.EnvSpiraURL, name)
	st.Spira.UserFrom = from(store, config.EnvSpiraLogin, name)

	for _, s := range []*authSide{&st.Jira, &st.Spira} {
		if s.err != nil {
			s.Problem = s.err.Error()
		}
		if s.URL == "" {
			s.URLFrom = ""
		}
		if s.User == "" {
			s.UserFrom = ""
		}
	}
	var perr error
	if f.Output == "table" {
		perr = printAuthStatus(o.IO, st, cfg.ProfileName("") == name)
	} else {
		perr = printResult(o.IO, f.Output, st, authTable(st))
	}
	if perr != nil {
		return perr
	}
	if err := errors.Join(st.Jira.err, st.Spira.err); err != nil {
		return fmt.Errorf("%w%w", errSilent, err)
	}
	return nil
}

func authTable(st authStatus) Table {
	t := Table{Headers: []string{"SERVICE", "URL", "USER", "SECRET FROM", "SIGNED IN AS", "PROBLEM"}}
	for _, s := range []authSide{st.Jira, st.Spira} {
		t.Rows = append(t.Rows, []string{s.Service, s.URL, s.User, s.SecretFrom, s.As, s.Problem})
	}
	return t
}

func printAuthStatus(ios *IOStreams, st authStatus, current bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Profile %q", st.Profile)
	if current {
		b.WriteString(" (current)")
	}
	b.WriteString("\n")
	side := func(title, userLabel, secretLabel string, s authSide) {
		fmt.Fprintf(&b, "\n%s\n", title)
		line := func(label, value, src string) {
			if value == "" {
				return
			}
			if src != "" {
				value += "  (from " + src + ")"
			}
			fmt.Fprintf(&b, "  %-10s %s\n", label, value)
		}
		line("site", s.URL, s.URLFrom)
		line(userLabel, s.User, s.UserFrom)
		if s.SecretFrom != "" {
			src := s.SecretFrom
			if !strings.HasPrefix(src, "SPIRAJIRA_") {
				src = "the " + src
			}
			fmt.Fprintf(&b, "  %-10s from %s\n", secretLabel, src)
		}
		if s.SignedIn {
			fmt.Fprintf(&b, "  %-10s %s, account %s\n", "signed in", s.As, s.Account)
		}
		if s.Problem != "" {
			fmt.Fprintf(&b, "  %-10s %s\n", "problem", s.Problem)
		}
	}
	side("Jira", "e-mail", "API token", st.Jira)
	if st.Jira.SignedIn {
		b.WriteString("  Jira does not report a token's expiry: see https://id.atlassian.com/manage-profile/security/api-tokens\n")
	}
	side("Spira", "login", "API key", st.Spira)
	_, err := fmt.Fprint(ios.Out, b.String())
	return err
}

func authLogoutRun(o *AuthOptions) error {
	f := o.Factory
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	name := cfg.ProfileName(f.Profile)
	p, _ := cfg.Profile(name)
	store := f.Secrets()
	kind := o.Service
	url, user, what, service := p.Jira.URL, p.Jira.Email, "API token", "Jira"
	if kind == config.KindSpira {
		url, user, what, service = p.Spira.URL, p.Spira.Login, "API key", "Spira"
	}
	if url == "" || user == "" {
		return fmt.Errorf("profile %q has no %s login to log out of", name, service)
	}
	if err := store.DeleteSecret(kind, url, user); err != nil {
		return fmt.Errorf("the %s %s could not be removed, so the login stays in profile %q: %w", service, what, name, err)
	}
	if kind == config.KindSpira {
		p.Spira.URL, p.Spira.Login = "", ""
	} else {
		p.Jira = config.JiraSite{}
	}
	cfg.SetProfile(name, p)
	if err := cfg.Save(); err != nil {
		return err
	}
	fmt.Fprintf(o.IO.ErrOut, "Logged out of %s at %s (%s): the %s is removed from the OS keyring and profile %q no longer names the site.\n",
		service, url, user, what, name)
	if env := config.EnvVar(kind); os.Getenv(env) != "" {
		fmt.Fprintf(o.IO.ErrOut, "warning: %s is still set in the environment and still signs you in; unset it.\n", env)
	}
	return nil
}
