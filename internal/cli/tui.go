package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/tui"
)

// tuiOptions are the root command's flags that only the TUI reads.
type tuiOptions struct {
	// MappingFile is the mapping.yaml the Mapping screen opens and saves.
	MappingFile string
	// Conflicts and PollWindow are what the Sync screen plans with, as
	// sync's flags of the same names.
	Conflicts  string
	PollWindow time.Duration
}

func addTUIFlags(cmd *cobra.Command, o *tuiOptions) {
	cmd.Flags().StringVar(&o.MappingFile, "mapping", "", "mapping.yaml the TUI's Mapping screen opens and s saves (default: mapping.yaml in the working directory, created by s)")
	cmd.Flags().StringVar(&o.Conflicts, "conflicts", "jira", "the TUI's Sync screen: who wins a field changed on both sides, jira or spira")
	cmd.Flags().DurationVar(&o.PollWindow, "poll-window", 5*time.Minute, "the TUI's Sync screen: the polling interval of Spira's data-sync service (a run of it this recent stops the plan unless F)")
	_ = cmd.RegisterFlagCompletionFunc("conflicts", cobra.FixedCompletions(conflictCompletions, cobra.ShellCompDirectiveNoFileComp))
}

// check says what is wrong with the TUI's flags.
func (o tuiOptions) check() error {
	if err := checkConflicts(o.Conflicts); err != nil {
		return err
	}
	if o.PollWindow <= 0 {
		return usageErrorf("--poll-window must be a positive duration such as 5m, not %s", o.PollWindow)
	}
	return nil
}

// runTUI opens the terminal UI on the profile's Jira and Spira. Missing or
// refused credentials do not stop it: the Connections screen shows what is
// wrong and lets the user fix it.
func runTUI(ctx context.Context, f *Factory, o tuiOptions) error {
	// A file that cannot be read is not a missing setting: say so, as every
	// command does, rather than show empty connections.
	conf, err := f.Config()
	if err != nil {
		return err
	}
	jc, _ := f.JiraCredentials()
	sc, _ := f.SpiraCredentials()
	profile := conf.ProfileName(f.Profile)
	stateDir, err := config.StateDir()
	if err != nil {
		return err
	}
	cfg := tui.LiveConfig{
		Profile:  profile,
		Jira:     jc,
		Spira:    sc,
		Save:     saveConnection(f),
		StateDir: stateDir,
		// Clients rebuilt after the settings change, and the doctor's,
		// name us too.
		UserAgent: userAgent(),
	}
	if f.Debug {
		// The TUI owns the terminal, so the HTTP log goes to a file.
		log, path, err := openDebugLog(stateDir)
		if err != nil {
			return err
		}
		defer func() {
			log.Close()
			fmt.Fprintf(f.IO.ErrOut, "The HTTP exchanges, secrets redacted, are in %s\n", path)
		}()
		cfg.JiraOptions = append(cfg.JiraOptions, jiraclient.WithDebug(log))
		cfg.SpiraOptions = append(cfg.SpiraOptions, spiraclient.WithDebug(log))
		cfg.Debug = log
	}
	detectBackground(f)
	return tui.Run(ctx, tui.NewLive(cfg), tui.Options{Profile: profile, NoColor: !f.IO.ColorEnabled(), MappingFile: o.MappingFile,
		Sync: ops.SyncOptions{ConflictWinner: ops.Winner(o.Conflicts), PollWindow: o.PollWindow}})
}

// openDebugLog creates the --debug log of a TUI session in the state dir.
func openDebugLog(stateDir string) (*os.File, string, error) {
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		return nil, "", err
	}
	path := filepath.Join(stateDir, "tui-debug.log")
	log, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	return log, path, err
}

// saveConnection checks edited settings against both sites, then stores
// them in the profile and the secret store, as login does. An empty secret
// keeps the one stored for the profile.
func saveConnection(f *Factory) func(context.Context, tui.ConnectionEdit) (config.JiraCredentials, config.SpiraCredentials, error) {
	return func(ctx context.Context, e tui.ConnectionEdit) (config.JiraCredentials, config.SpiraCredentials, error) {
		oldJ, _ := f.JiraCredentials()
		oldS, _ := f.SpiraCredentials()
		j := config.JiraCredentials{URL: strings.TrimSpace(e.JiraSite), Email: strings.TrimSpace(e.JiraEmail), Token: e.JiraToken}
		s := config.SpiraCredentials{URL: strings.TrimSpace(e.SpiraURL), Login: strings.TrimSpace(e.SpiraLogin), APIKey: e.SpiraAPIKey, DataSync: e.PluginName}
		if j.Token == "" {
			j.Token = oldJ.Token
		}
		if s.APIKey == "" {
			s.APIKey = oldS.APIKey
		}
		if s.DataSync == "" {
			s.DataSync = config.DefaultDataSync
		}
		if err := checkConnection(ctx, j, s); err != nil {
			return oldJ, oldS, err
		}
		cfg, err := f.Config()
		if err != nil {
			return oldJ, oldS, err
		}
		name := cfg.ProfileName(f.Profile)
		p, _ := cfg.Profile(name)
		p.Jira = config.JiraSite{URL: j.URL, Email: j.Email}
		p.Spira = config.SpiraInstance{URL: s.URL, Login: s.Login, DataSync: s.DataSync}
		cfg.SetProfile(name, p)
		// The TUI owns the terminal: warnings would scribble over it.
		store := f.Secrets()
		store.Warn = io.Discard
		if _, err := store.SetSecret(config.KindJira, j.URL, j.Email, j.Token); err != nil {
			return oldJ, oldS, fmt.Errorf("store the Jira API token: %w", err)
		}
		if _, err := store.SetSecret(config.KindSpira, s.URL, s.Login, s.APIKey); err != nil {
			return oldJ, oldS, fmt.Errorf("store the Spira API key: %w", err)
		}
		if err := cfg.Save(); err != nil {
			return oldJ, oldS, err
		}
		return j, s, nil
	}
}

// checkConnection asks each side who the credentials belong to.
func checkConnection(ctx context.Context, j config.JiraCredentials, s config.SpiraCredentials) error {
	jc, err := jiraclient.New(j.URL, j.Email, j.Token, jiraclient.WithUserAgent(userAgent()))
	if err != nil {
		return err
	}
	if _, err := jc.Myself(ctx); err != nil {
		return fmt.Errorf("the Jira site refused these settings: %w", err)
	}
	sc, err := spiraclient.New(s.URL, s.Login, s.APIKey, spiraclient.WithUserAgent(userAgent()))
	if err != nil {
		return err
	}
	if _, err := sc.CurrentUser(ctx); err != nil {
		return fmt.Errorf("the Spira instance refused these settings: %w", err)
	}
	return nil
}
