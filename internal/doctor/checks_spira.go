package doctor

import (
	"context"
	"errors"
	"fmt"
	"github.com/spirajira/spirajira/datasync"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

const (
	fixSpiraLogin = "Run `spirajira login spira` with your Spira login and API key: the RSS token from your Spira profile page, " +
		"with its curly braces ('Enable RSS Feeds' must be on; after generating it, leave the profile page and come back to see the saved key)."
	fixSpiraReach  = "Check the Spira URL (the address before /Login.aspx, e.g. https://company.spiraservice.net) and that this machine can reach it."
	pluginScreen   = spiraclient.PluginScreen
	fixSpiraTooOld = "Upgrade Spira to 7.5 or later: REST v7_0, which spirajira uses, came with 7.5."
)

// spiraProblem turns a Spira client error into a message and a fix.
func spiraProblem(err error) (string, string) {
	var ae *spiraclient.APIError
	switch {
	case errors.Is(err, spiraclient.ErrMappingPermission):
		return "Spira refused a data-mapping call (401): the login lacks a role needed for data mappings (Spira 7.5 or later checks more than product membership)",
			"In Spira, give the login the Product Owner role in every synced product (Product > Administration > Users), as Inflectra's troubleshooting guide asks; if the login itself is refused, " + fixSpiraLogin
	case errors.Is(err, spiraclient.ErrUnauthorized):
		return "Spira refused the login and API key", fixSpiraLogin
	case errors.Is(err, spiraclient.ErrNotJSON):
		return "the URL answered with a web page, not Spira's REST API", fixSpiraReach
	case errors.As(err, &ae) && ae.StatusCode == http.StatusTooManyRequests:
		return "Spira kept answering 429 Too Many Requests, so this could not be checked: " + err.Error(), fixRateLimit
	case errors.Is(err, spiraclient.ErrSpiraTooOld):
		return err.Error(), fixSpiraTooOld
	case errors.As(err, &ae) && ae.StatusCode == http.StatusForbidden:
		// Spira itself never answers 403 (it says 401 or 400): something
		// in front of it refused the call.
		return "a proxy or firewall in front of Spira refused the call (403; Spira itself never answers 403): " + err.Error(),
			"Ask whoever runs the proxy or firewall in front of Spira to let this machine reach Spira's REST API (/Services/v7_0/)."
	case errors.As(err, &ae):
		return "Spira answered with an error: " + err.Error(), fixSpiraReach
	}
	return "Spira cannot be reached: " + err.Error(), fixSpiraReach
}

func checkSpiraURL(ctx context.Context, e *env) Check {
	raw := strings.TrimSpace(e.in.Spira.URL)
	base, err := spiraclient.NormalizeBaseURL(raw)
	if err != nil {
		return fail("Run `spirajira login spira` with the address of your Spira instance, e.g. https://company.spiraservice.net.", "%v", err)
	}
	var wrong []string
	if strings.HasSuffix(raw, "/") {
		wrong = append(wrong, "ends with a slash")
	}
	lower := strings.ToLower(raw)
	if strings.Contains(lower, ".aspx") {
		wrong = append(wrong, "names a page (.aspx)")
	}
	if strings.Contains(lower, "/services/") {
		wrong = append(wrong, "includes the /Services/ API path")
	}
	if len(wrong) > 0 {
		return warn(fmt.Sprintf("Enter %s, exactly, as the SpiraPlan URL in the SpiraTest App for Jira and in `spirajira login spira`.", base),
			"the Spira URL %q %s: spirajira copes, but the SpiraTest App for Jira cannot connect with it (its base URL is %s)",
			raw, strings.Join(wrong, " and "), base)
	}
	return pass("%s is a base URL (no trailing slash, no page name)", base)
}

func checkSpiraAPIKey(ctx context.Context, e *env) Check {
	if err := spiraclient.CheckAPIKey(e.in.Spira.APIKey); err != nil {
		return fail(fixSpiraLogin, "%v", err)
	}
	return pass("the API key has its curly braces, as Spira and the SpiraTest App for Jira need")
}

func checkSpiraLogin(ctx context.Context, e *env) Check {
	if e.spira == nil {
		if _, err := spiraclient.NormalizeBaseURL(e.in.Spira.URL); err != nil {
			return skip("needs a usable Spira URL (see spira.url)")
		}
		if spiraclient.CheckAPIKey(e.in.Spira.APIKey) != nil {
			return skip("needs a usable API key (see spira.apikey)")
		}
		return fail(fixSpiraLogin, "the Spira settings are not usable: %v", e.spNo)
	}
	u, err := e.spiraUser()
	if err != nil {
		// The current user always exists: a 404 here means the URL leads
		// to something other than Spira (a sub-path, another site).
		var ae *spiraclient.APIError
		if errors.Is(err, spiraclient.ErrSpiraTooOld) {
			return fail(fixSpiraTooOld, "%v", err)
		}
		if errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound {
			return fail(fixSpiraReach, "no Spira REST API answers under %s: %s %s answered 404 Not Found", e.spira.BaseURL(), ae.Method, ae.URL)
		}
		msg, fix := spiraProblem(err)
		return fail(fix, "%s", msg)
	}
	role := "not a system administrator (reading the event log and writing the plug-in record need one)"
	if u.Admin {
		role = "a system administrator"
	}
	name := strings.TrimSpace(u.FullName)
	if name == "" {
		name = strings.TrimSpace(u.FirstName + " " + u.LastName)
	}
	return pass("signed in to %s as %s (%s), %s", e.spira.BaseURL(), u.UserName, name, role)
}

// parseVersion reads "6.3.0.1" (or "6.3.0" with a patch number) into numbers.
func parseVersion(v *spiraclient.RemoteVersion) ([]int, error) {
	var out []int
	for _, p := range strings.Split(strings.TrimSpace(v.Version), ".") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return nil, fmt.Errorf("Spira reports version %q, which is not a dotted number", v.Version)
		}
		out = append(out, n)
	}
	if len(out) < 4 && v.Patch != nil && *v.Patch >= 0 {
		for len(out) < 3 {
			out = append(out, 0)
		}
		out = append(out, *v.Patch)
	}
	return out, nil
}

func versionLess(a, b []int) bool {
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y int
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func joinVersion(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ".")
}

func checkSpiraVersion(ctx context.Context, e *env) Check {
	if c, ok := e.spiraReady(); !ok {
		// A Spira too old for REST v7_0 refuses the login's call with a
		// 404, but its version is still readable (over REST v6_0).
		if e.spira == nil {
			return c
		}
		if _, err := e.spiraUser(); !errors.Is(err, spiraclient.ErrSpiraTooOld) {
			return c
		}
	}
	v, err := e.spira.ProductVersion(ctx)
	if err != nil {
		msg, fix := spiraProblem(err)
		return fail(fix, "cannot read Spira's version: %s", msg)
	}
	got, err := parseVersion(v)
	if err != nil {
		return warn("Check the version on Spira's About page: the SpiraTest App for Jira needs "+MinSpiraVersion+" or later.", "%v", err)
	}
	shown := joinVersion(got)
	if versionLess(got, []int{6, 3, 0, 1}) {
		return fail("Upgrade Spira to "+MinSpiraVersion+" or later (7.5 or later for spirajira's REST v7_0 calls).",
			"Spira %s is older than %s, the oldest the SpiraTest App for Jira supports", shown, MinSpiraVersion)
	}
	if versionLess(got, []int{7, 5}) {
		return fail(fixSpiraTooOld, "Spira %s is older than 7.5 and has no REST v7_0, which spirajira uses", shown)
	}
	return pass("Spira %s (the SpiraTest App for Jira needs %s or later)", shown, MinSpiraVersion)
}

// checkSpiraCORS sends the preflight a browser sends before the SpiraTest
// App for Jira calls Spira's REST API from Jira's pages.
func checkSpiraCORS(ctx context.Context, e *env) Check {
	if c, ok := e.spiraReady(); !ok {
		return c
	}
	target := e.spira.BaseURL() + spiraclient.APIPath + "projects"
	req, err := http.NewRequestWithContext(ctx, http.MethodOptions, target, nil)
	if err != nil {
		return fail(fixSpiraReach, "cannot build the preflight request: %v", err)
	}
	req.Header.Set("Origin", ConnectorOrigin)
	req.Header.Set("Access-Control-Request-Method", http.MethodGet)
	req.Header.Set("Access-Control-Request-Headers", "accept, content-type")
	resp, err := e.rawClient().Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fail(fixSpiraReach, "Spira cannot be reached for the CORS preflight: %v", err)
	}
	resp.Body.Close()
	allowed := resp.Header.Get("Access-Control-Allow-Origin")
	if allowed == "*" || strings.EqualFold(strings.TrimRight(allowed, "/"), ConnectorOrigin) {
		return pass("Spira's Allowed Domains admit %s (the preflight answered %d, Access-Control-Allow-Origin: %s)", ConnectorOrigin, resp.StatusCode, allowed)
	}
	got := "no Access-Control-Allow-Origin header"
	if allowed != "" {
		got = "Access-Control-Allow-Origin: " + allowed
	}
	return warn("Ask your Spira system administrator to open System Administration > System > Security Settings, add "+
		ConnectorOrigin+" to Allowed Domains and Save. Only the SpiraTest App for Jira needs this.",
		"Spira's Allowed Domains do not admit %s (preflight answered %d with %s): the SpiraTest App for Jira cannot call Spira from Jira",
		ConnectorOrigin, resp.StatusCode, got)
}

func checkPlugin(ctx context.Context, e *env) Check {
	if c, ok := e.spiraReady(); !ok {
		return c
	}
	all, err := e.plugins()
	if err != nil {
		msg, fix := spiraProblem(err)
		return fail(fix, "cannot list the data-sync plug-ins: %s", msg)
	}
	name := e.pluginName()
	add := fmt.Sprintf("In Spira, open %s and add (or edit and activate) a plug-in with Name %s, Connection Info = the Jira URL, "+
		"Login = the Atlassian e-mail and Password = an API token. `spirajira mapping push` can write these settings once the record exists.", pluginScreen, name)
	for _, p := range all {
		if p.Name == name {
			if !p.IsActive {
				return fail(fmt.Sprintf("In Spira, open %s, edit %s and tick Active.", pluginScreen, name), "the %s plug-in record (id %d) is inactive", name, p.DataSyncSystemID)
			}
			return pass("found %s (id %d, caption %q), active", name, p.DataSyncSystemID, orDefault(p.DisplayName, name))
		}
	}
	var near []string
	for _, p := range all {
		if strings.Contains(strings.ToLower(p.Name+" "+p.DisplayName), "jira") {
			near = append(near, fmt.Sprintf("%q (caption %q)", p.Name, p.DisplayName))
		}
	}
	if len(near) > 0 {
		return fail(fmt.Sprintf("The Name must be exactly %s (the caption can be anything); JiraServerDataSync is the plug-in for Jira Server. %s", name, add),
			"no active plug-in is named %s; found %s", name, strings.Join(near, ", "))
	}
	return fail(add, "Spira has no active data-sync plug-in named %s (%d active plug-in(s) in all)", name, len(all))
}

// sameSite reports whether two Jira URLs name the same site.
func sameSite(a, b string) bool {
	ua, err1 := jiraclient.ParseSiteURL(a)
	ub, err2 := jiraclient.ParseSiteURL(b)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(strings.TrimRight(a, "/"), strings.TrimRight(b, "/"))
	}
	return strings.EqualFold(ua.Host, ub.Host) && strings.EqualFold(ua.Path, ub.Path)
}

func checkPluginTarget(ctx context.Context, e *env) Check {
	p, c, ok := e.pluginReady()
	if !ok {
		return c
	}
	var problems []string
	jiraURL := e.in.Jira.URL
	if e.jira != nil {
		jiraURL = e.jira.SiteURL()
	}
	if strings.TrimSpace(p.ConnectionString) == "" {
		problems = append(problems, "its Connection Info is empty")
	} else if !sameSite(p.ConnectionString, jiraURL) {
		problems = append(problems, fmt.Sprintf("its Connection Info is %s, not %s", p.ConnectionString, jiraURL))
	}
	if !strings.EqualFold(strings.TrimSpace(p.Login), strings.TrimSpace(e.in.Jira.Email)) {
		problems = append(problems, fmt.Sprintf("its Login is %q, not %q", p.Login, e.in.Jira.Email))
	}
	if p.Password == "" {
		problems = append(problems, "its Password (the API token) is empty")
	}
	if len(problems) > 0 {
		return fail(fmt.Sprintf("In Spira, open %s, edit %s and set Connection Info to %s, Login to %s and Password to the API token "+
			"(or run `spirajira mapping push`, which writes these settings).", pluginScreen, p.Name, jiraURL, e.in.Jira.Email),
			"the %s plug-in does not point at the Jira site and account being checked: %s", p.Name, strings.Join(problems, "; "))
	}
	if len(p.Password) < 20 {
		return warn("Jira Cloud refuses account passwords: paste an API token from "+tokenPage+" into the plug-in's Password field.",
			"the %s plug-in's Password is too short to be an API token; it looks like an account password", p.Name)
	}
	if p.Password != e.in.Jira.Token {
		return warn("If Spira's data-sync service fails to log in to Jira, paste the current API token into the plug-in's Password field.",
			"the %s plug-in holds a different API token from the one spirajira uses (neither is shown)", p.Name)
	}
	return pass("%s connects to %s as %s with the same API token spirajira uses", p.Name, jiraURL, p.Login)
}

// Plug-in run statuses (DataSyncStatusId).
const (
	statusSuccess = 1
	statusFailure = 2
	statusWarning = 3
	statusNotRun  = 4
)

func checkPluginLastRun(ctx context.Context, e *env) Check {
	p, c, ok := e.pluginReady()
	if !ok {
		return c
	}
	if p.LastSyncDate == nil || p.DataSyncStatusID == statusNotRun {
		return warn("Start Spira's data-sync service (on premise: the SpiraPlan Data Sync Service in Windows Services; in the cloud: ask Inflectra), or run `spirajira sync`.",
			"the %s plug-in has never run", p.Name)
	}
	last := p.LastSyncDate.UTC().Format(time.RFC3339)
	switch p.DataSyncStatusID {
	case statusSuccess, statusFailure, statusWarning:
	default:
		// Spira 7.13 added an "In Progress" status with no documented ID.
		status := spiraclient.DataSyncStatusText(*p)
		if spiraclient.IsInProgress(*p) {
			return warn("If no spirajira sync is running now, another engine (Spira's data-sync service, or a spirajira elsewhere) is running "+p.Name+
				": stop it before syncing from here, or a run that died left the status; the next successful run clears it.",
				"the %s plug-in is %s (LastSyncDate %s)", p.Name, status, last)
		}
		return warn("Look at the plug-in in Spira under "+pluginScreen+"; spirajira does not know this run status.",
			"the %s plug-in's run status is %s (LastSyncDate %s)", p.Name, status, last)
	}
	switch p.DataSyncStatusID {
	case statusFailure:
		return fail("Read the data-sync errors in Spira's event log (see spira.events), stop the data sync and check the mapping entries; "+
			"if the mapping looks right, send the full event-log messages to support@inflectra.com.",
			"the last run of %s failed; LastSyncDate stays at %s, so the next run retries that window", p.Name, last)
	case statusWarning:
		return warn("Read the warnings in Spira's event log (see spira.events) and correct the mapping entries they name.",
			"the last run of %s ended with warnings (LastSyncDate %s)", p.Name, last)
	}
	return pass("the last run of %s succeeded (%s); LastSyncDate %s", p.Name, orDefault(p.DataSyncStatusName, "Success"), last)
}

func checkEvents(ctx context.Context, e *env) Check {
	p, c, ok := e.pluginReady()
	if !ok {
		return c
	}
	events, err := e.events()
	if err != nil {
		// Spira answers a login that is not a system administrator 400 on
		// its event log; 401 and 403 are kept for proxies and other versions.
		var ae *spiraclient.APIError
		if errors.Is(err, spiraclient.ErrNeedsSystemAdmin) ||
			(errors.As(err, &ae) && (ae.StatusCode == http.StatusForbidden || ae.StatusCode == http.StatusUnauthorized)) {
			return skip("only system administrators can read Spira's event log, and %s is not one: run the doctor with a system administrator's login "+
				"to check it for data-sync errors, or read it in Spira under System Administration > System > Event Log", e.in.Spira.Login)
		}
		msg, fix := spiraProblem(err)
		return fail(fix, "cannot read Spira's event log: %s", msg)
	}
	now := time.Now()
	if t, err := e.spiraTime(); err == nil {
		now = t.v
	}
	since := now.Add(-7 * 24 * time.Hour)
	var hits []spiraclient.RemoteEventLogEntry
	for _, ev := range events {
		if !isError(ev) || ev.EventTimeUtc.Before(since) || !isDataSync(ev, p.Name) {
			continue
		}
		hits = append(hits, ev)
	}
	if len(hits) == 0 {
		return pass("no data-sync errors in Spira's event log in the last 7 days (%d entries read)", len(events))
	}
	var details []string
	for i, ev := range hits {
		if i == 5 {
			details = append(details, fmt.Sprintf("... and %d more", len(hits)-5))
			break
		}
		msg := strings.Join(strings.Fields(ev.Message), " ")
		if len(msg) > 200 {
			msg = msg[:200] + "..."
		}
		details = append(details, ev.EventTimeUtc.UTC().Format("2006-01-02 15:04")+" "+msg)
	}
	c = warn("Read them in Spira (System Administration > System > Event Log). The guide's advice: stop the data sync and check the mapping entries; "+
		"if you cannot see the problem, send the full event-log messages to support@inflectra.com.",
		"%d data-sync error(s) in Spira's event log in the last 7 days, the newest at %s", len(hits), hits[0].EventTimeUtc.UTC().Format(time.RFC3339))
	c.Details = details
	return c
}

func isError(ev spiraclient.RemoteEventLogEntry) bool {
	return ev.EventTypeID == 1 || strings.EqualFold(ev.EventTypeName, "Error")
}

func isDataSync(ev spiraclient.RemoteEventLogEntry, plugin string) bool {
	s := strings.ToLower(ev.EventCategory + " " + ev.Message + " " + ev.Details)
	return strings.Contains(s, "data sync") || strings.Contains(s, "datasync") || strings.Contains(s, strings.ToLower(plugin))
}

func checkService(ctx context.Context, e *env) Check {
	p, c, ok := e.pluginReady()
	if !ok {
		return c
	}
	window := e.in.ServiceWindow
	if window <= 0 {
		window = time.Hour
	}
	if p.LastSyncDate == nil {
		return warn("If you rely on Spira's data-sync service, start it (on premise: the SpiraPlan Data Sync Service; in the cloud: ask Inflectra). If `spirajira sync` does the syncing, ignore this.",
			"Spira's data-sync service has never run %s", p.Name)
	}
	st, err := e.spiraTime()
	if err != nil {
		msg, fix := spiraProblem(err)
		return fail(fix, "cannot read Spira's server time: %s", msg)
	}
	age := st.v.Sub(p.LastSyncDate.Time)
	switch {
	case age < -time.Minute:
		return warn("Post a correct date (run `spirajira sync`, which records Spira's own server time), or ask Inflectra support: changes made before that date will not be picked up.",
			"the %s plug-in's LastSyncDate %s is %s ahead of Spira's clock", p.Name, p.LastSyncDate.UTC().Format(time.RFC3339), (-age).Round(time.Second))
	case age <= window && e.ranSpirajira(p):
		return pass("the last run of %s, %s ago, was a `spirajira sync` (its summary is in Spira's event log), not Spira's data-sync service",
			p.Name, age.Round(time.Second))
	case age <= window:
		unsure := ""
		if _, err := e.events(); errors.Is(err, spiraclient.ErrNeedsSystemAdmin) {
			unsure = " (or a `spirajira sync` elsewhere: only a system administrator's login can read the event log that tells them apart)"
		}
		return pass("Spira's data-sync service appears to run %s%s: its last run was %s ago; `spirajira sync` will not start inside that polling window unless forced",
			p.Name, unsure, age.Round(time.Second))
	}
	return warn("If you rely on Spira's data-sync service, check that it is started (on premise: the SpiraPlan Data Sync Service; in the cloud: ask Inflectra). If `spirajira sync` does the syncing, ignore this.",
		"Spira's data-sync service does not appear to run %s: its last run was %s ago", p.Name, age.Round(time.Minute))
}

// ranSpirajira reports whether the plug-in's last run was a spirajira sync.
// The engine reads Spira's server time when a run starts, writes its
// summary ("spirajira sync of product ...") to the event log at the end, and
// then posts that start time as LastSyncDate; so its summary is no older
// than LastSyncDate, while a later run of Spira's own service would have
// moved LastSyncDate past it. (A second of slack covers an event log that
// keeps whole seconds.) An unreadable event log tells nothing.
func (e *env) ranSpirajira(p *spiraclient.RemoteDataSyncSystem) bool {
	events, err := e.events()
	if err != nil || p.LastSyncDate == nil {
		return false
	}
	for _, ev := range events {
		if !ev.EventTimeUtc.Before(p.LastSyncDate.Add(-time.Second)) && strings.HasPrefix(ev.Message, datasync.SummaryPrefix) {
			return true
		}
	}
	return false
}
