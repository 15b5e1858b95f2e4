package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/spiraclient"
)

// LoginSpiraOptions are the inputs of "login spira".
type LoginSpiraOptions struct {
	IO       *IOStreams
	Factory  *Factory
	URL      string
	Login    string
	DataSync string
	LoginFlags
	// NewClient builds the client that checks the credentials.
	NewClient func(url, login, apiKey string) (*spiraclient.Client, error)
}

// NewCmdLoginSpira builds "login spira".
func NewCmdLoginSpira(f *Factory, runF func(*LoginSpiraOptions) error) *cobra.Command {
	opts := &LoginSpiraOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "spira",
		Short: "Verify and store the Spira URL, login and API key",
		Long: `Ask for the Spira URL (the address you open in the browser; a page such as /Login.aspx
or /1/Incident/List.aspx, or a trailing slash, is removed), the login and the API key, check them with Spira's
current-user call, and store them: URL and login in the profile, the API key in the OS
keyring. The API key is the RSS Token on your Spira profile page, including its curly
braces; "Enable RSS Feeds" must be on. Off a terminal, pass --url and --login and pipe
the key with --token-stdin.`,
		Example: `  spirajira login spira
  echo "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" | spirajira login spira --url https://example.spiraservice.net --login fred --token-stdin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IO = f.IO
			if opts.NewClient == nil {
				opts.NewClient = func(url, login, apiKey string) (*spiraclient.Client, error) {
					return spiraclient.New(url, login, apiKey, spiraClientOptions(f)...)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return loginSpiraRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.URL, "url", "", "Spira URL, e.g. https://example.spiraservice.net")
	cmd.Flags().StringVar(&opts.Login, "login", "", "Spira login (user name)")
	cmd.Flags().StringVar(&opts.DataSync, "datasync", "", "name of the Jira data-sync plug-in record (default JiraDataSync)")
	addLoginFlags(cmd, &opts.LoginFlags)
	// It prints messages for people only.
	return printsOnly(cmd, "table")
}

func loginSpiraRun(ctx context.Context, o *LoginSpiraOptions) error {
	f := o.Factory
	var current config.SpiraInstance
	if cfg, err := f.Config(); err == nil {
		p, _ := cfg.Profile(f.Profile)
		current = p.Spira
	}
	url, err := askURL(o.IO, o.URL, "Spira URL", current.URL, "--url", func(w io.Writer, raw string) (string, error) {
		url, err := spiraclient.NormalizeBaseURL(raw)
		if err == nil && url != strings.TrimSpace(raw) {
			fmt.Fprintf(w, "Using %s as the Spira URL.\n", url)
		}
		return url, err
	})
	if err != nil {
		return err
	}
	login := o.Login
	if login == "" {
		l, err := promptLine(o.IO, "Login", current.Login, "--login")
		if err != nil {
			return err
		}
		login = l
	}
	key, err := readSecret(o.IO, "API key (RSS token, with its braces)", o.SecretStdin, config.EnvVar(config.KindSpira))
	if err != nil {
		return err
	}
	if err := spiraclient.CheckAPIKey(key); err != nil {
		// A key without braces is a credential that cannot be used as
		// given: exit 3, as when it comes from the environment.
		if errors.Is(err, spiraclient.ErrAPIKeyBraces) {
			return err
		}
		return &UsageError{Err: err}
	}
	c, err := o.NewClient(url, login, key)
	if err != nil {
		return err
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		if errors.Is(err, spiraclient.ErrUnauthorized) {
			return fmt.Errorf("Spira refused login %q with this API key: %w", login, err)
		}
		return err
	}
	role := "user"
	if me.Admin {
		role = "system administrator"
	}
	fmt.Fprintf(o.IO.ErrOut, "Logged in to %s as %s (%s, user %d, %s).\n", url, me.FullName, me.UserName, me.UserID, role)
	name := o.DataSync
	if name == "" {
		name = current.DataSync
	}
	if name == "" {
		name = config.DefaultDataSync
	}
	if _, err := c.DataSyncByName(ctx, name); err != nil {
		fmt.Fprintf(o.IO.ErrOut, "warning: %v\n", err)
	}
	return saveLogin(f, config.KindSpira, func(p *config.Profile) {
		p.Spira.URL = url
		p.Spira.Login = login
		if o.DataSync != "" {
			p.Spira.DataSync = o.DataSync
		}
	}, url, login, key, o.InsecureStorage)
}
