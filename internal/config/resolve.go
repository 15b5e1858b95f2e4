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
	var err error
	cr.Token, err = jiraLogin.secret(c, profile, s, cr.URL, cr.Email)
	return cr, err
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
	var err error
	cr.APIKey, err = spiraLogin.secret(c, profile, s, cr.URL, cr.Login)
	return cr, err
}

// serviceLogin is what a login to one service is made of, as the
// messages of a MissingError name it.
type serviceLogin struct {
	kind                       string
	place, secretName          string // the site and user; the secret
	urlEnv, userEnv, secretEnv string
}

var (
	jiraLogin  = serviceLogin{KindJira, "Jira site and e-mail", "Jira API token", EnvJiraURL, EnvJiraEmail, EnvJiraToken}
	spiraLogin = serviceLogin{KindSpira, "Spira URL and login", "Spira API key", EnvSpiraURL, EnvSpiraLogin, EnvSpiraAPIKey}
)

// secret finds the secret of user on url, or says what is missing and
// how to supply it.
func (l serviceLogin) secret(c *Config, profile string, s *SecretStore, url, user string) (string, error) {
	login := loginHint(l.kind, profile)
	if url == "" || user == "" {
		return "", &MissingError{
			What: fmt.Sprintf("%s in profile %q", l.place, c.ProfileName(profile)),
			How:  fmt.Sprintf("run '%s', or set %s and %s", login, l.urlEnv, l.userEnv) + otherProfiles(c, profile),
		}
	}
	secret, _, err := s.GetSecret(l.kind, url, user)
	if err != nil {
		return "", &MissingError{
			What: fmt.Sprintf("%s for %s on %s", l.secretName, user, url),
			How:  fmt.Sprintf("set %s, or run '%s'", l.secretEnv, login),
			Err:  err,
		}
	}
	return secret, nil
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
