package cli

import (
	"io"
	"sync"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/version"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

// Factory carries what commands need, built lazily so that a command that
// needs no credentials never asks for them.
type Factory struct {
	IO *IOStreams

	// Set by the global flags before any command runs.
	Profile string
	Debug   bool
	Output  string

	// Config loads config.yaml once.
	Config func() (*config.Config, error)
	// Secrets returns a secret store over the OS keyring that warns on
	// stderr; login sets its Insecure field from --insecure-storage.
	Secrets func() *config.SecretStore
	// JiraCredentials and SpiraCredentials resolve the credentials of
	// f.Profile: environment, then the profile and the secret store. A
	// missing piece is a *config.MissingError that says how to provide it.
	JiraCredentials  func() (config.JiraCredentials, error)
	SpiraCredentials func() (config.SpiraCredentials, error)
	// Jira builds a client for the profile's Jira site once (jira.go).
	Jira func() (*jiraclient.Client, error)
	// Spira builds a client for the profile's Spira instance once (spira.go).
	Spira func() (*spiraclient.Client, error)
}

// NewFactory wires the lazy fields to the real configuration and keyring.
func NewFactory(io *IOStreams) *Factory {
	f := &Factory{IO: io}
	f.Config = sync.OnceValues(config.Load)
	// A command may resolve its credentials more than once; the warning
	// that a secret came from the insecure file is said once.
	warn := sync.OnceValue(func() *onceLines { return &onceLines{w: f.IO.ErrOut} })
	f.Secrets = func() *config.SecretStore { return config.NewSecretStore(warn()) }
	f.JiraCredentials = func() (config.JiraCredentials, error) {
		c, err := f.Config()
		if err != nil {
			return config.JiraCredentials{}, err
		}
		return config.ResolveJira(c, f.Profile, f.Secrets())
	}
	f.SpiraCredentials = func() (config.SpiraCredentials, error) {
		c, err := f.Config()
		if err != nil {
			return config.SpiraCredentials{}, err
		}
		return config.ResolveSpira(c, f.Profile, f.Secrets())
	}
	f.Jira = sync.OnceValues(func() (*jiraclient.Client, error) { return newJiraClient(f) })
	f.Spira = sync.OnceValues(func() (*spiraclient.Client, error) { return newSpiraClient(f) })
	return f
}

// userAgent names spirajira and its version to both services.
func userAgent() string { return "spirajira/" + version.Get().Version }

// onceLines passes each distinct message to w once and drops repeats.
type onceLines struct {
	mu   sync.Mutex
	w    io.Writer
	seen map[string]bool
}

func (o *onceLines) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen[string(p)] {
		return len(p), nil
	}
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	o.seen[string(p)] = true
	return o.w.Write(p)
}
