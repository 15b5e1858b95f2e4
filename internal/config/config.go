// Package config holds spirajira's configuration: where it lives, the named
// profiles in config.yaml (never a secret), and the secret store that
// resolves tokens from the environment, the OS keyring or an opt-in file.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DefaultDataSync is the name of Spira's Jira data-sync plug-in record.
const DefaultDataSync = "JiraDataSync"

// DefaultProfile is the profile used when none is named or current.
const DefaultProfile = "default"

// Environment variables that override the configuration.
const (
	EnvConfigDir   = "SPIRAJIRA_CONFIG_DIR"
	EnvStateDir    = "SPIRAJIRA_STATE_DIR"
	EnvJiraURL     = "SPIRAJIRA_JIRA_URL"
	EnvJiraEmail   = "SPIRAJIRA_JIRA_EMAIL"
	EnvJiraToken   = "SPIRAJIRA_JIRA_TOKEN"
	EnvSpiraURL    = "SPIRAJIRA_SPIRA_URL"
	EnvSpiraLogin  = "SPIRAJIRA_SPIRA_LOGIN"
	EnvSpiraAPIKey = "SPIRAJIRA_SPIRA_API_KEY"
)

const fileName = "config.yaml"

// Config is the content of config.yaml: named profiles and the current one.
type Config struct {
	// Current names the profile used when --profile is not given.
	Current  string              `yaml:"current,omitempty"`
	Profiles map[string]*Profile `yaml:"profiles,omitempty"`

	// path is where Load read the file and where Save writes it.
	path string
}

// Profile is one pair of Jira site and Spira instance. It holds no secret:
// the Jira API token and the Spira API key live in the secret store.
type Profile struct {
	Jira  JiraSite      `yaml:"jira"`
	Spira SpiraInstance `yaml:"spira"`
}

// JiraSite names a Jira Cloud site and the account used on it.
type JiraSite struct {
	URL   string `yaml:"url,omitempty"`
	Email string `yaml:"email,omitempty"`
}

// SpiraInstance names a Spira instance, the login used on it and the
// data-sync plug-in record that holds the Jira connection.
type SpiraInstance struct {
	URL      string `yaml:"url,omitempty"`
	Login    string `yaml:"login,omitempty"`
	DataSync string `yaml:"datasync,omitempty"`
}

// JiraCredentials is everything a Jira client needs to authenticate.
type JiraCredentials struct{ URL, Email, Token string }

// SpiraCredentials is everything a Spira client needs to authenticate,
// plus the name of the data-sync plug-in record (DataSync).
type SpiraCredentials struct{ URL, Login, APIKey, DataSync string }

// Dir returns the configuration directory: $SPIRAJIRA_CONFIG_DIR, else
// os.UserConfigDir()/spirajira.
func Dir() (string, error) {
	if d := os.Getenv(EnvConfigDir); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the configuration directory: %w (set %s)", err, EnvConfigDir)
	}
	return filepath.Join(base, "spirajira"), nil
}

// StateDir returns the directory for the sync journals and state:
// $SPIRAJIRA_STATE_DIR, else the OS state directory ($XDG_STATE_HOME or
// ~/.local/state on Unix, the local app-data directory on Windows,
// ~/Library/Application Support on macOS), with a spirajira subdirectory.
func StateDir() (string, error) {
	if d := os.Getenv(EnvStateDir); d != "" {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "spirajira", "state"), nil
		}
	case "darwin":
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, "Library", "Application Support", "spirajira", "state"), nil
		}
	default:
		if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "spirajira"), nil
		}
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "state", "spirajira"), nil
		}
	}
	return "", fmt.Errorf("finding the state directory: no home directory (set %s)", EnvStateDir)
}

// Load reads config.yaml from Dir. A missing file gives an empty Config.
func Load() (*Config, error) {
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	return LoadFile(filepath.Join(dir, fileName))
}

// LoadFile reads the configuration from path. A missing file gives an empty
// Config that Save writes to path.
func LoadFile(path string) (*Config, error) {
	c := &Config{path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	if err := yaml.Unmarshal(data, c); err != nil {
		return nil, fmt.Errorf("reading configuration %s: %w (fix or delete the file)", path, err)
	}
	return c, nil
}

// Path returns the file Save writes to.
func (c *Config) Path() string { return c.path }

// Save writes the configuration with mode 0600, replacing the old file in
// one rename so that a crash never leaves half a file.
func (c *Config) Save() error {
	if c.path == "" {
		dir, err := Dir()
		if err != nil {
			return err
		}
		c.path = filepath.Join(dir, fileName)
	}
	data, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Errorf("encoding configuration: %w", err)
	}
	return writeFileAtomic(c.path, data)
}

func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// ProfileName resolves the profile to use: name if given, else the current
// profile, else "default".
func (c *Config) ProfileName(name string) string {
	switch {
	case name != "":
		return name
	case c.Current != "":
		return c.Current
	default:
		return DefaultProfile
	}
}

// Profile returns the named profile (see ProfileName) and whether it
// exists. A missing profile comes back empty, never nil.
func (c *Config) Profile(name string) (Profile, bool) {
	p, ok := c.Profiles[c.ProfileName(name)]
	if !ok || p == nil {
		return Profile{}, false
	}
	return *p, true
}

// SetProfile stores p under the named profile (see ProfileName) and makes
// it current when no profile is current yet.
func (c *Config) SetProfile(name string, p Profile) {
	name = c.ProfileName(name)
	if c.Profiles == nil {
		c.Profiles = map[string]*Profile{}
	}
	c.Profiles[name] = &p
	if c.Current == "" {
		c.Current = name
	}
}

// ProfileNames lists the profiles in alphabetical order.
func (c *Config) ProfileNames() []string {
	names := make([]string, 0, len(c.Profiles))
	for n := range c.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// RenameProfile renames profile from to to, keeping it current if it was.
// Secrets are keyed by site and user, not by profile, so none moves.
func (c *Config) RenameProfile(from, to string) error {
	p, ok := c.Profiles[from]
	if !ok {
		return fmt.Errorf("there is no profile %q%s", from, c.profileList())
	}
	if _, taken := c.Profiles[to]; taken {
		return fmt.Errorf("a profile %q already exists: delete it first, or choose another name", to)
	}
	delete(c.Profiles, from)
	c.Profiles[to] = p
	if c.Current == from {
		c.Current = to
	}
	return nil
}

// DeleteProfile removes the named profile; when it was current, no profile
// is current afterwards (commands then use "default").
func (c *Config) DeleteProfile(name string) error {
	if _, ok := c.Profiles[name]; !ok {
		return fmt.Errorf("there is no profile %q%s", name, c.profileList())
	}
	delete(c.Profiles, name)
	if c.Current == name {
		c.Current = ""
	}
	return nil
}

// UseProfile makes the named profile current.
func (c *Config) UseProfile(name string) error {
	if _, ok := c.Profiles[name]; !ok {
		return fmt.Errorf("there is no profile %q%s", name, c.profileList())
	}
	c.Current = name
	return nil
}

func (c *Config) profileList() string {
	names := c.ProfileNames()
	if len(names) == 0 {
		return " (there are none yet: 'spirajira login jira --profile NAME' creates one)"
	}
	return " (the profiles are: " + strings.Join(names, ", ") + ")"
}
