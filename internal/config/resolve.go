package config

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// MissingError says which setting is missing and exactly how to provide it.
type MissingError struct {
	What string // e.g. "Jira API token"
	How  string // e.g. "set SPIRAJIRA_JIRA_TOKEN or run 'spirajira login jira'"
	Err  error  // the underlying cause, such as a keyring timeout
}

func (e *MissingError) Error() string {
	msg := "no " + e.What + ": " + e.How
	if e.Err != nil && !errors.Is(e.Err, ErrNotFound) {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

func (e *MissingError) Unwrap() error { return e.Err }

// ResolveJira builds the Jira credentials of the named profile: the
// SPIRAJIRA_JIRA_URL, _EMAIL and _TOKEN variables win over the profile and
// the secret store.
func ResolveJira(c *Config, profile string, s *SecretStore) (JiraCredentials, error) {
	p, _ := c.Profile(profile)
	cr := JiraCredentials{
		URL:   cmp.Or(s.getenv(EnvJiraURL), p.Jira.URL),
		Email: cmp.Or(s.getenv(EnvJiraEmail), p.Jira.Email),
	}
	name := c.ProfileName(profile)
	login := loginHint(KindJira, profile)
	if cr.URL == "" || cr.Email == "" {
		return cr, &MissingError{
			What: fmt.Sprintf("Jira site and e-mail in profile %q", name),
			How:  fmt.Sprintf("run '%s', or set %s and %s", login, EnvJiraURL, EnvJiraEmail) + otherProfiles(c, profile),
		}
	}
	tok, _, err := s.GetSecret(KindJira, cr.URL, cr.Email)
	if err != nil {
		return cr, &MissingError{
			What: fmt.Sprintf("Jira API token for %s on %s", cr.Email, cr.URL),
			How:  fmt.Sprintf("set %s, or run '%s'", EnvJiraToken, login),
			Err:  err,
		}
	}
	cr.Token = tok
	return cr, nil
}

// ResolveSpira builds the Spira credentials of the named profile: the
// SPIRAJIRA_SPIRA_URL, _LOGIN and _API_KEY variables win over the profile
// and the secret store. DataSync defaults to DefaultDataSync.
func ResolveSpira(c *Config, profile string, s *SecretStore) (SpiraCredentials, error) {
	p, _ := c.Profile(profile)
	cr := SpiraCredentials{
		URL:      cmp.Or(s.getenv(EnvSpiraURL), p.Spira.URL),
		Login:    cmp.Or(s.getenv(EnvSpiraLogin), p.Spira.Login),
		DataSync: cmp.Or(p.Spira.DataSync, DefaultDataSync),
	}
	name := c.ProfileName(profile)
	login := loginHint(KindSpira, profile)
	if cr.URL == "" || cr.Login == "" {
		return cr, &MissingError{
			What: fmt.Sprintf("Spira URL and login in profile %q", name),
			How:  fmt.Sprintf("run '%s', or set %s and %s", login, EnvSpiraURL, EnvSpiraLogin) + otherProfiles(c, profile),
		}
	}
	key, _, err := s.GetSecret(KindSpira, cr.URL, cr.Login)
	if err != nil {
		return cr, &MissingError{
			What: fmt.Sprintf("Spira API key for %s on %s", cr.Login, cr.URL),
			How:  fmt.Sprintf("set %s, or run '%s'", EnvSpiraAPIKey, login),
			Err:  err,
		}
	}
	cr.APIKey = key
	return cr, nil
}

// otherProfiles names the existing profiles when --profile named one that
// does not exist, since a mistyped name is the likelier cause.
func otherProfiles(c *Config, profile string) string {
	if profile == "" {
		return ""
	}
	if _, ok := c.Profile(profile); ok {
		return ""
	}
	names := slices.Sorted(maps.Keys(c.Profiles))
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(" (there is no profile %q; the profiles are: %s)", profile, strings.Join(names, ", "))
}

func loginHint(kind, profile string) string {
	var b strings.Builder
	b.WriteString("spirajira login ")
	b.WriteString(kind)
	if profile != "" {
		b.WriteString(" --profile ")
		b.WriteString(profile)
	}
	return b.String()
}
