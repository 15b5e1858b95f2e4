package doctor

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
)

const (
	tokenPage    = "https://id.atlassian.com/manage-profile/security/api-tokens"
	fixJiraLogin = "Run `spirajira login jira` with the e-mail of your Atlassian account and an API token from " + tokenPage + " (not your password)."
	fixJiraReach = "Check the Jira URL (it looks like https://your-site.atlassian.net) and that this machine can reach it (proxy, VPN, firewall)."
	// fixRateLimit serves both sites: a 429 says nothing about the settings.
	fixRateLimit = "Run the doctor again in a minute. If the site keeps limiting the calls, something else (Spira's data-sync service, " +
		"a script) is using the same account at the same time: wait for it to finish."
	defaultGateway = "https://api.atlassian.com"
)

// jiraProblem turns a Jira client error into a message and a fix.
func jiraProblem(err error) (string, string) {
	var nerr *jiraclient.NetworkError
	switch {
	case errors.Is(err, jiraclient.ErrUnauthorized):
		return "Jira refused the e-mail and API token", fixJiraLogin +
			" A token created with scopes works only through https://api.atlassian.com/ex/jira/<cloudId> (see jira.token)."
	case errors.Is(err, jiraclient.ErrNotJira):
		return "the URL answered with a web page: it does not look like a Jira Cloud site", fixJiraReach
	case errors.As(err, &nerr), errors.Is(err, context.DeadlineExceeded):
		return "Jira cannot be reached: " + err.Error(), fixJiraReach
	case errors.Is(err, jiraclient.ErrForbidden):
		return "Jira refused the call: " + err.Error(), "Ask a Jira administrator to grant the account the permission named above."
	case errors.Is(err, jiraclient.ErrRateLimited):
		return "Jira kept answering 429 Too Many Requests, so this could not be checked: " + err.Error(), fixRateLimit
	}
	return err.Error(), fixJiraReach
}

func checkJiraSite(ctx context.Context, e *env) Check {
	if e.jira == nil {
		return fail(fixJiraLogin, "the Jira settings are not usable: %v", e.jiraNo)
	}
	si, err := e.serverInfo()
	if errors.Is(err, jiraclient.ErrUnauthorized) {
		// Jira answered with its own auth error, so the site itself is fine.
		return pass("%s answers as a Jira site (the credentials are checked by jira.login)", e.jira.SiteURL())
	}
	if err != nil {
		msg, fix := jiraProblem(err)
		return fail(fix, "%s", msg)
	}
	info := si.v
	if info.DeploymentType != "" && !strings.EqualFold(info.DeploymentType, "Cloud") {
		return fail("The JiraDataSync plug-in and spirajira are for Jira Cloud; for Jira Server or Data Center use Inflectra's Jira Server plug-in (JiraServerDataSync).",
			"%s is Jira %s (version %s), not Jira Cloud", e.jira.SiteURL(), info.DeploymentType, info.Version)
	}
	title := info.ServerTitle
	if title == "" {
		title = "Jira Cloud"
	}
	return pass("%s is reachable: %s (%s, answered in %s)", e.jira.SiteURL(), title, orDefault(info.DeploymentType, "Cloud"), si.rtt.Round(1e6))
}

// siteDown returns a Skip check when jira.site found no Jira to talk to;
// an auth error there means the site itself answered.
func (e *env) siteDown() (Check, bool) {
	if _, err := e.serverInfo(); err != nil && !errors.Is(err, jiraclient.ErrUnauthorized) {
		return skip("needs a reachable Jira site (see jira.site)"), true
	}
	return Check{}, false
}

func checkJiraLogin(ctx context.Context, e *env) Check {
	if e.jira == nil {
		return skip("needs usable Jira settings (see jira.site)")
	}
	u, err := e.myself()
	if err != nil {
		if c, down := e.siteDown(); down {
			return c
		}
		switch ti := e.tokenIssue(); {
		case ti.expired:
			return skip("Jira refused the token because it has expired (see jira.token)")
		case ti.cloudID != "":
			return skip("Jira refused the token on the site URL because it is a scoped token (see jira.token)")
		}
		msg, fix := jiraProblem(err)
		if errors.Is(err, jiraclient.ErrUnauthorized) {
			msg += passwordHint(e.in.Jira.Token)
		}
		return fail(fix, "%s", msg)
	}
	email := u.EmailAddress
	if email == "" {
		email = "e-mail hidden by the profile"
	}
	if !u.Active {
		return fail("Ask a Jira site administrator to reactivate the account, or log in with another one.",
			"the account %s (%s) is deactivated", u.DisplayName, email)
	}
	return pass("signed in as %s <%s>, account %s, time zone %s", u.DisplayName, email, u.AccountID, orDefault(u.TimeZone, "unknown"))
}

// tokenIssue says why Jira refused the token, where it can tell.
type tokenIssue struct {
	expired bool
	cloudID string // set when the token is a scoped one that the gateway accepts
}

func (e *env) gateway() string { return orDefault(e.in.AtlassianAPIURL, jiraclient.DefaultGateway) }

func (e *env) onGateway() bool {
	site, _ := url.Parse(e.jira.SiteURL())
	return site != nil && strings.HasPrefix(site.Path, "/ex/jira/")
}

func (e *env) diagnoseToken(ctx context.Context) tokenIssue {
	_, err := e.myself()
	if !errors.Is(err, jiraclient.ErrUnauthorized) {
		return tokenIssue{}
	}
	if strings.Contains(strings.ToLower(err.Error()), "expired") {
		return tokenIssue{expired: true}
	}
	if e.onGateway() {
		return tokenIssue{}
	}
	cloudID, _ := e.scopedTokenWorks(ctx, e.gateway())
	return tokenIssue{cloudID: cloudID}
}

func checkJiraToken(ctx context.Context, e *env) Check {
	if e.jira == nil {
		return skip("needs usable Jira settings (see jira.site)")
	}
	_, err := e.myself()
	if err == nil {
		if e.onGateway() {
			return pass("the token is accepted through the Atlassian API gateway (a scoped token, or a classic one)")
		}
		return pass("the API token is accepted on the site URL; Atlassian API tokens expire after at most a year, and Jira says so only by refusing them")
	}
	if c, down := e.siteDown(); down {
		return c
	}
	ti := e.tokenIssue()
	switch {
	case ti.expired:
		return fail("Create a new API token at "+tokenPage+" and run `spirajira login jira` again; update the JiraDataSync plug-in's Password in Spira too.",
			"Jira says the API token has expired")
	case ti.cloudID != "":
		gwURL := jiraclient.GatewaySiteURL(e.gateway(), ti.cloudID)
		return fail(fmt.Sprintf("Use %s as the Jira URL (`spirajira login jira --url %s`), or create a classic API token without scopes at %s.", gwURL, gwURL, tokenPage),
			"the API token is a scoped token: Jira refuses it on the site URL %s but accepts it at %s", e.jira.SiteURL(), gwURL)
	case errors.Is(err, jiraclient.ErrUnauthorized):
		return skip("the token was refused, and not because it expired or is a scoped token (see jira.login)")
	}
	return skip("the login failed for another reason (see jira.login)")
}

// scopedTokenWorks asks the site for its cloud ID and tries the token
// through the gateway, where scoped tokens must go.
func (e *env) scopedTokenWorks(ctx context.Context, gateway string) (string, bool) {
	cloudID, err := e.jira.CloudID(ctx)
	if err != nil {
		return "", false
	}
	opts := []jiraclient.Option{jiraclient.WithHTTPClient(e.hc), jiraclient.WithTimeout(e.in.Timeout), jiraclient.WithRetry(0, 0, 0)}
	if e.in.Debug != nil {
		opts = append(opts, jiraclient.WithDebug(e.in.Debug))
	}
	if e.in.UserAgent != "" {
		opts = append(opts, jiraclient.WithUserAgent(e.in.UserAgent))
	}
	gc, err := jiraclient.New(jiraclient.GatewaySiteURL(gateway, cloudID), e.in.Jira.Email, e.in.Jira.Token, opts...)
	if err != nil {
		return "", false
	}
	if _, err := gc.Myself(ctx); err != nil {
		return "", false
	}
	return cloudID, true
}

func checkJiraAdmin(ctx context.Context, e *env) Check {
	if c, ok := e.jiraReady(); !ok {
		return c
	}
	fields, err := e.jira.Fields(ctx)
	if err != nil {
		msg, fix := jiraProblem(err)
		return fail(fix, "cannot list Jira fields: %s", msg)
	}
	probe := ""
	for _, f := range fields {
		if f.Custom {
			probe = f.ID
			break
		}
	}
	if probe == "" {
		return skip("the site has no custom fields, so administrator rights cannot be probed")
	}
	_, err = e.jira.FieldContexts(ctx, probe)
	switch {
	case err == nil:
		return pass("the account administers Jira: custom field contexts and options can be read and versions created")
	case errors.Is(err, jiraclient.ErrForbidden):
		return warn("Browsing still works (options come from the create screens), but reading custom field options per context "+
			"and creating Jira versions from `spirajira mapping push` need Administer Jira (versions: Administer Projects). "+
			"Log in with an administrator, or have one grant the permission.",
			"the account is not a Jira administrator")
	}
	msg, fix := jiraProblem(err)
	return fail(fix, "cannot tell whether the account administers Jira: %s", msg)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// passwordHint says when a refused token looks like an account password:
// Atlassian API tokens are long (about 190 characters, "ATATT..." for a
// classic one) and have no spaces.
func passwordHint(token string) string {
	t := strings.TrimSpace(token)
	if strings.HasPrefix(t, "ATATT") || strings.HasPrefix(t, "ATSTT") || (len(t) >= 40 && !strings.ContainsAny(t, " \t")) {
		return ""
	}
	return fmt.Sprintf("; the token looks like a password (%d characters), not an API token", len([]rune(t)))
}
