package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/jiraclient"
)

// LoginJiraOptions are the inputs of "login jira".
type LoginJiraOptions struct {
	IO      *IOStreams
	Factory *Factory
	Site    string
	Email   string
	// Gateway is Atlassian's API gateway, tried when the site refuses the
	// token, since scoped tokens work only there.
	Gateway string
	LoginFlags
	// NewClient builds the client that checks the credentials.
	NewClient func(site, email, token string) (*jiraclient.Client, error)
}

// NewCmdLoginJira builds "login jira".
func NewCmdLoginJira(f *Factory, runF func(*LoginJiraOptions) error) *cobra.Command {
	opts := &LoginJiraOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "jira",
		Short: "Verify and store the Jira Cloud site, e-mail and API token",
		Long: `Ask for the Jira Cloud site, the Atlassian account's e-mail and an API token
(create one at https://id.atlassian.com/manage-profile/security/api-tokens), check
them with Jira's /myself, and store them: site and e-mail in the profile, the token
in the OS keyring. A page address pasted from the browser (.../jira/software/...,
/browse/LIB-1) is reduced to the site. Off a terminal, pass --url and --email and pipe
the token with --token-stdin.`,
		Example: `  spirajira login jira
  echo "$TOKEN" | spirajira login jira --url https://example.atlassian.net --email me@example.com --token-stdin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IO = f.IO
			if opts.NewClient == nil {
				opts.NewClient = func(site, email, token string) (*jiraclient.Client, error) {
					return jiraclient.New(site, email, token, jiraClientOptions(f)...)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return loginJiraRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Site, "url", "", "Jira Cloud site URL, e.g. https://example.atlassian.net")
	// --url in both logins; --site, its first name, still works.
	cmd.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "site" {
			name = "url"
		}
		return pflag.NormalizedName(name)
	})
	cmd.Flags().StringVar(&opts.Email, "email", "", "e-mail address of the Atlassian account")
	cmd.Flags().StringVar(&opts.Gateway, "api-gateway", jiraclient.DefaultGateway, "Atlassian API gateway for scoped tokens")
	_ = cmd.Flags().MarkHidden("api-gateway")
	addLoginFlags(cmd, &opts.LoginFlags)
	// It prints messages for people only.
	return printsOnly(cmd, "table")
}

func loginJiraRun(ctx context.Context, o *LoginJiraOptions) error {
	f := o.Factory
	var current config.JiraSite
	if cfg, err := f.Config(); err == nil {
		p, _ := cfg.Profile(f.Profile)
		current = p.Jira
	}
	u, err := askURL(o.IO, o.Site, "Jira site URL", current.URL, "--url", parseJiraSite)
	if err != nil {
		return err
	}
	site := u.String()
	email := o.Email
	if email == "" {
		e, err := promptLine(o.IO, "E-mail", current.Email, "--email")
		if err != nil {
			return err
		}
		email = e
	}
	token, err := readSecret(o.IO, "API token", o.SecretStdin, config.EnvVar(config.KindJira))
	if err != nil {
		return err
	}
	for _, w := range tokenWarnings(token) {
		fmt.Fprintln(o.IO.ErrOut, "warning:", w)
	}
	c, err := o.NewClient(site, email, token)
	if err != nil {
		return err
	}
	me, err := c.Myself(ctx)
	if err != nil {
		// Only an Atlassian site (or a gateway given explicitly) can have a
		// scoped token; elsewhere the gateway probe would be a wasted call.
		atlassian := strings.HasSuffix(u.Hostname(), ".atlassian.net") || o.Gateway != jiraclient.DefaultGateway
		if !errors.Is(err, jiraclient.ErrUnauthorized) || strings.HasPrefix(u.Path, "/ex/jira/") || !atlassian {
			return err
		}
		gw, gme, ok := tryGateway(ctx, o, c, email, token)
		if !ok {
			return fmt.Errorf("%w\nIf this is a scoped API token, it works only through https://api.atlassian.com/ex/jira/<cloudId> (the cloudId is at %s/_edge/tenant_info)", err, site)
		}
		fmt.Fprintf(o.IO.ErrOut, "warning: this is a scoped API token: Jira refuses it on %s but accepts it at %s; using that as the site.\n", site, gw)
		site, me = gw, gme
	}
	who := me.DisplayName
	if me.EmailAddress != "" {
		who += " <" + me.EmailAddress + ">"
	}
	fmt.Fprintf(o.IO.ErrOut, "Logged in to %s as %s (account %s, time zone %s).\n", site, who, me.AccountID, me.TimeZone)
	return saveLogin(f, config.KindJira, func(p *config.Profile) {
		p.Jira.URL = site
		p.Jira.Email = email
	}, site, email, token, o.InsecureStorage)
}

// tokenWarnings says when a token looks like a password. (A scoped token
// looks like a classic one; it shows itself when the site refuses it and the
// gateway accepts it, see tryGateway.)
// Classic Atlassian API tokens start with ATATT and are about 190 characters.
func tokenWarnings(token string) []string {
	var out []string
	switch {
	case strings.ContainsAny(token, " \t"):
		out = append(out, "the token contains spaces; API tokens do not")
	case len(token) < 40 && !strings.HasPrefix(token, "ATATT"):
		out = append(out, "this looks like a password, not an API token: Jira Cloud refuses passwords; create a token at https://id.atlassian.com/manage-profile/security/api-tokens")
	}
	return out
}

// tryGateway tries the token at the gateway URL of the site's cloud ID.
func tryGateway(ctx context.Context, o *LoginJiraOptions, site *jiraclient.Client, email, token string) (string, *jiraclient.User, bool) {
	cloud, err := site.CloudID(ctx)
	if err != nil {
		return "", nil, false
	}
	gw := jiraclient.GatewaySiteURL(o.Gateway, cloud)
	c, err := o.NewClient(gw, email, token)
	if err != nil {
		return "", nil, false
	}
	me, err := c.Myself(ctx)
	if err != nil {
		return "", nil, false
	}
	return gw, me, true
}

// parseJiraSite checks a Jira site URL, reducing a page address pasted from
// the browser to its site with a note on w.
func parseJiraSite(w io.Writer, raw string) (*url.URL, error) {
	u, err := jiraclient.ParseSiteURL(raw)
	if err == nil {
		return u, nil
	}
	if root, ok := jiraPageSite(raw); ok {
		if ru, rerr := jiraclient.ParseSiteURL(root); rerr == nil {
			fmt.Fprintf(w, "Using %s as the Jira site (the address given is a page inside it).\n", ru)
			return ru, nil
		}
	}
	return nil, err
}

// jiraPageSite returns the site of a page address on a Jira Cloud site
// (/jira/software/projects/LIB/boards/1, /browse/LIB-1?focused=1, ...).
// Only paths that are pages of the site are reduced: the gateway form
// /ex/jira/<cloudId> is a site of its own.
func jiraPageSite(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return "", false
	}
	if strings.HasPrefix(u.Path, "/ex/jira/") {
		return "", false
	}
	return u.Scheme + "://" + u.Host, true
}
