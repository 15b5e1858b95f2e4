package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/config"
)

// NewCmdLogin builds the "login" parent command.
func NewCmdLogin(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "login <jira|spira>",
		Short: "Verify and store credentials for Jira or Spira",
		Long: `Verify credentials against the service and store them: the site, user and
data-sync plug-in name in the profile, the token or API key in the OS keyring.

Secrets are read without echo on a terminal, or from standard input with
--token-stdin. Environment variables override what is stored:
  SPIRAJIRA_JIRA_URL, SPIRAJIRA_JIRA_EMAIL, SPIRAJIRA_JIRA_TOKEN
  SPIRAJIRA_SPIRA_URL, SPIRAJIRA_SPIRA_LOGIN, SPIRAJIRA_SPIRA_API_KEY`,
		Example: `  spirajira login jira
  spirajira login spira --url https://example.spiraservice.net --login fred`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("name the service: 'spirajira login jira' or 'spirajira login spira'")
		},
	}
	cmd.AddCommand(NewCmdLoginJira(f, nil), NewCmdLoginSpira(f, nil))
	// It prints messages for people only.
	return printsOnly(cmd, "table")
}

// LoginFlags are the flags every login subcommand shares.
type LoginFlags struct {
	SecretStdin     bool
	InsecureStorage bool
}

// addLoginFlags adds --token-stdin and --insecure-storage to cmd.
func addLoginFlags(cmd *cobra.Command, lf *LoginFlags) {
	cmd.Flags().BoolVar(&lf.SecretStdin, "token-stdin", false, "read the token or API key from standard input")
	cmd.Flags().BoolVar(&lf.InsecureStorage, "insecure-storage", false,
		"store the secret in a plain 0600 file instead of the OS keyring")
}

// readSecret reads a secret: the first line of stdin when fromStdin, else
// from the terminal without echo. Off a terminal without --token-stdin it
// is a usage error that names --token-stdin and envVar.
func readSecret(ios *IOStreams, prompt string, fromStdin bool, envVar string) (string, error) {
	if fromStdin {
		s, err := readLine(ios, "standard input")
		if errors.Is(err, errEmptyInput) {
			cmd := "spirajira login jira"
			if envVar == config.EnvSpiraAPIKey {
				cmd = "spirajira login spira"
			}
			return "", usageErrorf("--token-stdin read nothing from standard input: pipe the secret in, as in echo \"$SECRET\" | %s --token-stdin ..., or set %s instead", cmd, envVar)
		}
		return s, err
	}
	if !ios.CanPrompt() {
		return "", usageErrorf("no terminal to ask for the secret: pipe it with --token-stdin, or set %s", envVar)
	}
	fmt.Fprint(ios.ErrOut, prompt+": ")
	if fd, ok := ios.In.(interface{ Fd() uintptr }); ok && term.IsTerminal(fd.Fd()) {
		b, err := term.ReadPassword(fd.Fd())
		fmt.Fprintln(ios.ErrOut)
		if err != nil {
			return "", fmt.Errorf("reading the secret: %w", err)
		}
		s := strings.TrimSpace(string(b))
		if s == "" {
			return "", usageErrorf("the secret is empty")
		}
		return s, nil
	}
	return readLine(ios, "the terminal")
}

// promptLine asks for a value on a terminal, showing def as the default.
// Off a terminal it returns def, or a usage error naming flag when def is
// empty.
func promptLine(ios *IOStreams, label, def, flag string) (string, error) {
	if !ios.CanPrompt() {
		if def == "" {
			return "", usageErrorf("%s is required: pass %s", strings.ToLower(label[:1])+label[1:], flag)
		}
		return def, nil
	}
	if def != "" {
		fmt.Fprintf(ios.ErrOut, "%s [%s]: ", label, def)
	} else {
		fmt.Fprintf(ios.ErrOut, "%s: ", label)
	}
	s, err := readLine(ios, "the terminal")
	if errors.Is(err, errEmptyInput) && def != "" {
		return def, nil
	}
	return s, err
}

// maxURLTries bounds how often a login asks again for a URL it cannot use,
// so that a script feeding a terminal cannot loop forever.
const maxURLTries = 5

// askURL returns the URL given by flag value, else asks for it (label, def
// and flag as for promptLine), checking it with parse. A URL typed at the
// prompt that parse refuses is asked for again, with the reason; a flag's
// value, or a refusal off a terminal, is a usage error.
func askURL[U any](ios *IOStreams, value, label, def, flag string, parse func(io.Writer, string) (U, error)) (U, error) {
	var zero U
	if value != "" {
		u, err := parse(ios.ErrOut, value)
		if err != nil {
			return zero, &UsageError{Err: err}
		}
		return u, nil
	}
	for try := 1; ; try++ {
		s, err := promptLine(ios, label, def, flag)
		if err != nil {
			return zero, err
		}
		u, err := parse(ios.ErrOut, s)
		if err == nil {
			return u, nil
		}
		if !ios.CanPrompt() || try == maxURLTries {
			return zero, &UsageError{Err: err}
		}
		fmt.Fprintf(ios.ErrOut, "%v\nTry again, or press Ctrl-C to stop.\n", err)
	}
}

var errEmptyInput = errors.New("empty input")

func readLine(ios *IOStreams, from string) (string, error) {
	line, err := ios.lineReader().ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading %s: %w", from, err)
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return "", &UsageError{Err: fmt.Errorf("nothing to read from %s: %w", from, errEmptyInput)}
	}
	return line, nil
}

// saveLogin stores a verified login: edit updates the profile (f.Profile, or
// the current one) and the config is saved without the secret, which goes
// to the secret store under kind, url and user. It reports where the secret
// went on stderr.
func saveLogin(f *Factory, kind string, edit func(*config.Profile), url, user, secret string, insecure bool) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	name := cfg.ProfileName(f.Profile)
	p, _ := cfg.Profile(name)
	edit(&p)
	cfg.SetProfile(name, p)
	store := f.Secrets()
	store.Insecure = insecure
	src, err := store.SetSecret(kind, url, user, secret)
	if err != nil {
		// The checked site and user are kept, so that the secret alone
		// (from the environment, or a second login) completes the profile.
		if serr := cfg.Save(); serr != nil {
			return err
		}
		return fmt.Errorf("%w (the site and user are saved in profile %q; only the secret is missing)", err, name)
	}
	if err := cfg.Save(); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "Saved profile %q to %s; the secret is in the %s.\n", name, cfg.Path(), src)
	return nil
}
