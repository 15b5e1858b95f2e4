package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Kinds of secret: the Jira API token and the Spira API key.
const (
	KindJira  = "jira"
	KindSpira = "spira"
)

// KeyringService is the service name of every keyring entry.
const KeyringService = "spirajira"

// DefaultKeyringTimeout bounds every keyring call: a Secret Service that is
// locked or absent can block forever.
const DefaultKeyringTimeout = 3 * time.Second

const insecureFileName = "insecure-secrets.json"

// ErrNotFound means no secret is stored for that kind, URL and user.
var ErrNotFound = errors.New("secret not found")

// ErrKeyringTimeout means the OS keyring did not answer in time.
var ErrKeyringTimeout = errors.New("the OS keyring did not answer")

// Source says where a secret came from or went to.
type Source string

// Where secrets live, in the order GetSecret looks.
const (
	SourceEnv     Source = "environment"
	SourceKeyring Source = "OS keyring"
	SourceFile    Source = "insecure file"
	// SourceSecretFile is a file named by SPIRAJIRA_JIRA_TOKEN_FILE or
	// SPIRAJIRA_SPIRA_API_KEY_FILE (Kubernetes secrets, systemd
	// credentials).
	SourceSecretFile Source = "secret file"
)

// Keyring is the OS credential store; go-keyring's functions fit it.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

type systemKeyring struct{}

func (systemKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (systemKeyring) Set(service, user, secret string) error {
	return keyring.Set(service, user, secret)
}
func (systemKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }

// SecretStore resolves secrets: the environment first (the secret, or a
// file named by its _FILE variable), then the OS keyring
// (each call bounded by Timeout), then — only if something was stored there
// with Insecure set — a 0600 file in the config directory, with a warning
// each time it is used.
type SecretStore struct {
	Keyring Keyring
	Timeout time.Duration
	// Insecure makes SetSecret write the 0600 file instead of the keyring
	// (the --insecure-storage flag).
	Insecure bool
	// Warn receives the warning printed each time the insecure file is used.
	Warn io.Writer
	// Getenv reads the environment; tests replace it.
	Getenv func(string) string
	// Dir returns the directory of the insecure file; nil means Dir.
	Dir func() (string, error)

	mu sync.Mutex // serialises file read-modify-write
}

// NewSecretStore returns a store over the OS keyring that warns on w.
func NewSecretStore(w io.Writer) *SecretStore {
	return &SecretStore{Keyring: systemKeyring{}, Timeout: DefaultKeyringTimeout, Warn: w, Getenv: os.Getenv}
}

// EnvVar names the environment variable that overrides a secret of kind.
func EnvVar(kind string) string {
	if kind == KindSpira {
		return EnvSpiraAPIKey
	}
	return EnvJiraToken
}

// FileEnvVar names the environment variable that names a file holding a
// secret of kind.
func FileEnvVar(kind string) string { return EnvVar(kind) + "_FILE" }

// readSecretFile reads the secret in the file named by FileEnvVar(kind):
// the whole file less one trailing newline, as a mounted secret or a
// systemd credential holds it.
func (s *SecretStore) readSecretFile(kind, path string) (string, error) {
	env := FileEnvVar(kind)
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("%s names %s, which cannot be read (%v): mount the secret there, or unset %s", env, path, errors.Unwrap(err), env)
	}
	if fi.IsDir() {
		return "", fmt.Errorf("%s names %s, which is a directory: name the file in it that holds the secret", env, path)
	}
	if fi.Mode().Perm()&0o004 != 0 && runtime.GOOS != "windows" {
		// A Kubernetes secret volume is 0644 unless defaultMode says
		// otherwise: a warning, not a refusal.
		s.warnf("warning: %s (named by %s) can be read by every user of this machine: make it 0600 or 0400\n", path, env)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s names %s, which cannot be read: %w", env, path, err)
	}
	v := strings.TrimSuffix(string(b), "\n")
	v = strings.TrimSuffix(v, "\r")
	if v == "" {
		return "", fmt.Errorf("%s names %s, which is empty: write the secret into it", env, path)
	}
	return v, nil
}

// keyringUser is the keyring account of one secret: kind, user and URL.
func keyringUser(kind, url, user string) string {
	return kind + ":" + user + "@" + strings.TrimRight(url, "/")
}

// GetSecret returns the secret of kind for url and user, and where it came
// from. It returns an error wrapping ErrNotFound when no source has it, or
// ErrKeyringTimeout when the keyring hung and no other source had it.
func (s *SecretStore) GetSecret(kind, url, user string) (string, Source, error) {
	if v := s.getenv(EnvVar(kind)); v != "" {
		return v, SourceEnv, nil
	}
	if path := s.getenv(FileEnvVar(kind)); path != "" {
		v, err := s.readSecretFile(kind, path)
		if err != nil {
			return "", "", err
		}
		return v, SourceSecretFile, nil
	}
	secret, kerr := s.keyringCall(func(k Keyring) (string, error) {
		return k.Get(KeyringService, keyringUser(kind, url, user))
	})
	if kerr == nil {
		return secret, SourceKeyring, nil
	}
	secret, ferr := s.fileGet(keyringUser(kind, url, user))
	if ferr == nil {
		s.warnf("warning: using the %s secret for %s from the unencrypted file %s\n", kind, user, s.filePath())
		return secret, SourceFile, nil
	}
	if !errors.Is(ferr, ErrNotFound) {
		return "", "", ferr
	}
	if errors.Is(kerr, ErrNotFound) {
		return "", "", fmt.Errorf("%s secret for %s at %s: %w", kind, user, url, ErrNotFound)
	}
	return "", "", kerr
}

// SetSecret stores the secret of kind for url and user: in the OS keyring,
// or in the 0600 file when Insecure is set. It returns where it went.
func (s *SecretStore) SetSecret(kind, url, user, secret string) (Source, error) {
	key := keyringUser(kind, url, user)
	if s.Insecure {
		if err := s.fileSet(key, secret); err != nil {
			return "", err
		}
		s.warnf("warning: the %s secret is stored unencrypted in %s\n", kind, s.filePath())
		return SourceFile, nil
	}
	_, err := s.keyringCall(func(k Keyring) (string, error) {
		return "", k.Set(KeyringService, key, secret)
	})
	if err != nil {
		return "", fmt.Errorf("%w; set %s instead, or store it unencrypted with --insecure-storage", err, EnvVar(kind))
	}
	// An older insecure copy would only be shadowed; remove it.
	_ = s.fileDelete(key)
	return SourceKeyring, nil
}

// DeleteSecret removes the secret of kind for url and user from the keyring
// and the insecure file. A secret that was not stored is not an error.
func (s *SecretStore) DeleteSecret(kind, url, user string) error {
	key := keyringUser(kind, url, user)
	_, kerr := s.keyringCall(func(k Keyring) (string, error) {
		return "", k.Delete(KeyringService, key)
	})
	ferr := s.fileDelete(key)
	if kerr != nil && !errors.Is(kerr, ErrNotFound) {
		return kerr
	}
	return ferr
}

// keyringCall runs op against the keyring within the timeout. A call that
// hangs is abandoned: its goroutine stays blocked, which is the lesser evil.
func (s *SecretStore) keyringCall(op func(Keyring) (string, error)) (string, error) {
	k := s.Keyring
	if k == nil {
		k = systemKeyring{}
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultKeyringTimeout
	}
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := op(k)
		ch <- result{v, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		if errors.Is(r.err, keyring.ErrNotFound) {
			return "", ErrNotFound
		}
		if r.err != nil {
			return "", fmt.Errorf("OS keyring: %w", r.err)
		}
		return r.v, nil
	case <-timer.C:
		return "", fmt.Errorf("%w within %s (is a Secret Service running and unlocked?)", ErrKeyringTimeout, timeout)
	}
}

func (s *SecretStore) getenv(key string) string {
	if s.Getenv == nil {
		return os.Getenv(key)
	}
	return s.Getenv(key)
}

func (s *SecretStore) warnf(format string, args ...any) {
	if s.Warn != nil {
		fmt.Fprintf(s.Warn, format, args...)
	}
}

func (s *SecretStore) filePath() string {
	dir := Dir
	if s.Dir != nil {
		dir = s.Dir
	}
	d, err := dir()
	if err != nil {
		return insecureFileName
	}
	return filepath.Join(d, insecureFileName)
}

func (s *SecretStore) readFile() (map[string]string, error) {
	data, err := os.ReadFile(s.filePath())
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading insecure secret file: %w", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading insecure secret file %s: %w (delete it and log in again)", s.filePath(), err)
	}
	return m, nil
}

func (s *SecretStore) fileGet(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.readFile()
	if err != nil {
		return "", err
	}
	v, ok := m[key]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

func (s *SecretStore) fileSet(key, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.readFile()
	if err != nil {
		return err
	}
	m[key] = secret
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(s.filePath(), data)
}

func (s *SecretStore) fileDelete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.readFile()
	if err != nil {
		return err
	}
	if _, ok := m[key]; !ok {
		return nil
	}
	delete(m, key)
	if len(m) == 0 {
		if err := os.Remove(s.filePath()); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(s.filePath(), data)
}
