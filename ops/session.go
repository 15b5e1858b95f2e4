// Package ops is the one layer of operations that both faces of spirajira
// call: the command line (internal/cli) and the terminal UI (tui). A
// Session holds the two clients of one profile; each operation (open,
// push, verify and save a mapping; plan and run a sync) has one policy and
// one wording here, so the faces only gather options and render results.
package ops

import (
	"context"
	"errors"
	"sync"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Config is what a Session is built from. The clients are built on first
// use, so an operation that needs only Spira never asks for Jira's token.
type Config struct {
	Jira  func() (*jiraclient.Client, error)
	Spira func() (*spiraclient.Client, error)
	// PluginName is the data-sync plug-in record's name ("" means
	// JiraDataSync).
	PluginName string
	// StateDir holds the sync engine's lock, state and journal.
	StateDir string
	// Applier is set only in the sandbox, whose simulated Spira can take
	// the setup sheet's lines directly.
	Applier mapping.SheetApplier
	// MappingSpira and Catalog replace, when set, Spira as the mapping
	// package reads it and the Jira catalog reader (tests give fakes).
	MappingSpira func() (mapping.Spira, error)
	Catalog      func(ctx context.Context, key string) (*mapping.Jira, error)
}

// Session is one profile's connections. Its methods may run concurrently.
type Session struct {
	cfg   Config
	jira  func() (*jiraclient.Client, error)
	spira func() (*spiraclient.Client, error)
}

// ErrNoJira and ErrNoSpira say that a side has no connection configured.
var (
	ErrNoJira  = errors.New("no Jira connection is configured: run 'spirajira login jira'")
	ErrNoSpira = errors.New("no Spira connection is configured: run 'spirajira login spira'")
)

// New builds a Session.
func New(cfg Config) *Session {
	s := &Session{cfg: cfg}
	s.jira = sync.OnceValues(func() (*jiraclient.Client, error) {
		if cfg.Jira == nil {
			return nil, ErrNoJira
		}
		return cfg.Jira()
	})
	s.spira = sync.OnceValues(func() (*spiraclient.Client, error) {
		if cfg.Spira == nil {
			return nil, ErrNoSpira
		}
		return cfg.Spira()
	})
	return s
}

// Jira is the Jira client.
func (s *Session) Jira() (*jiraclient.Client, error) { return s.jira() }

// Spira is the Spira client.
func (s *Session) Spira() (*spiraclient.Client, error) { return s.spira() }

// PluginName is the name of the plug-in record the session works with.
func (s *Session) PluginName() string {
	if s.cfg.PluginName != "" {
		return s.cfg.PluginName
	}
	return mapping.PluginName
}

// StateDir is where the sync engine keeps its lock, state and journal.
func (s *Session) StateDir() string { return s.cfg.StateDir }

// CanApplySheet is true only in the sandbox.
func (s *Session) CanApplySheet() bool { return s.cfg.Applier != nil }

// mappingSpira is Spira as the mapping package reads and writes it.
func (s *Session) mappingSpira() (mapping.Spira, error) {
	if s.cfg.MappingSpira != nil {
		return s.cfg.MappingSpira()
	}
	c, err := s.spira()
	if err != nil {
		return nil, err
	}
	return mapping.NewSpira(c), nil
}

// Plugin finds the session's plug-in record.
func (s *Session) Plugin(ctx context.Context) (mapping.Plugin, error) {
	ms, err := s.mappingSpira()
	if err != nil {
		return mapping.Plugin{}, err
	}
	return mapping.FindPlugin(ctx, ms, s.PluginName())
}

// catalog reads the mapping's view of a Jira project.
func (s *Session) catalog(ctx context.Context, key string) (*mapping.Jira, error) {
	if s.cfg.Catalog != nil {
		return s.cfg.Catalog(ctx, key)
	}
	c, err := s.jira()
	if err != nil {
		return nil, err
	}
	return mapping.ReadJira(ctx, c, key)
}
