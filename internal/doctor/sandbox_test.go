package doctor

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/internal/sandbox/sandboxtest"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// The tests below start from the sandbox, change one thing in it, the way
// an administrator (or a broken site) would, and check that exactly one
// check reports it, with its fix, while every other check passes or is
// skipped because of it.

func startSandbox(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	return sandboxtest.Start(t, sandbox.Options{})
}

func sandboxInputs(sb *sandbox.Sandbox) Inputs {
	jc, sc := sb.JiraCredentials(), sb.SpiraCredentials()
	return Inputs{
		Jira:    JiraSettings{URL: jc.URL, Email: jc.Email, Token: jc.Token},
		Spira:   SpiraSettings{URL: sc.URL, Login: sc.Login, APIKey: sc.APIKey, DataSync: sc.DataSync},
		Timeout: 20 * time.Second,
	}
}

// healthy makes the sandbox what a working installation looks like: the
// plug-in ran a few minutes ago and the seeded mapping gaps are filled.
func healthy(t *testing.T, sb *sandbox.Sandbox) {
	t.Helper()
	editPlugIn(t, sb, func(p *spiratest.PlugIn) {
		last := time.Now().Add(-5 * time.Minute)
		p.LastSyncDate, p.StatusID = &last, 1
	})
	const statusField = 3
	sb.Spira.SetFieldValueMapping(sb.DataSyncID, sb.ProductID, statusField,
		spiratest.ValueMapping{SpiraID: spiratest.IncidentStatusResolved, ExternalKey: "10002"}) // Done, Closed stays primary
	sb.Spira.SetFieldValueMapping(sb.DataSyncID, sb.ProductID, statusField,
		spiratest.ValueMapping{SpiraID: spiratest.IncidentStatusReopen, ExternalKey: "4", Primary: true}) // Reopened
	sb.Spira.SetReleaseMapping(sb.DataSyncID, sb.ProductID, 6, "10004") // 2.1
}

func editPlugIn(t *testing.T, sb *sandbox.Sandbox, edit func(*spiratest.PlugIn)) {
	t.Helper()
	p, ok := sb.Spira.PlugIn(sb.DataSyncID)
	require.True(t, ok)
	edit(&p)
	sb.Spira.SetPlugIn(p)
}

func dump(t *testing.T, r Report) {
	t.Helper()
	for _, c := range r.Checks {
		t.Logf("%-5s %-22s %s | %s %v", c.Verdict, c.ID, c.Message, c.Fix, c.Details)
	}
}

// requireOnly checks that id ended with v, its message and fix name the
// problem, and every other check passed or was skipped.
func requireOnly(t *testing.T, r Report, id string, v Verdict, msgPart, fixPart string) {
	t.Helper()
	c, ok := r.Find(id)
	require.True(t, ok, "no check %s", id)
	if c.Verdict != v || !strings.Contains(c.Message, msgPart) || !strings.Contains(c.Fix, fixPart) {
		dump(t, r)
	}
	require.Equal(t, v, c.Verdict, "%s: %s", id, c.Message)
	require.Contains(t, c.Message, msgPart)
	require.Contains(t, c.Fix, fixPart)
	for _, o := range r.Checks {
		if o.ID != id && o.Verdict != Pass && o.Verdict != Skip {
			dump(t, r)
			t.Fatalf("breaking %s also made %s %s: %s", id, o.ID, o.Verdict, o.Message)
		}
	}
	require.Equal(t, v == Fail, r.Failed())
}

func TestSandboxAsSeededPassesWithWarnings(t *testing.T) {
	sb := startSandbox(t)
	r := Run(context.Background(), sandboxInputs(sb))
	require.False(t, r.Failed(), "the sandbox passes")
	for _, c := range r.Checks {
		if c.Verdict == Fail || c.Verdict == Skip {
			dump(t, r)
			t.Fatalf("%s is %s: %s", c.ID, c.Verdict, c.Message)
		}
	}
	// The seeded state: the plug-in never ran, and the mapping has the
	// deliberate gaps the mapping screen demonstrates.
	requireCheck(t, r, "spira.plugin.lastrun", Warn, "never run")
	ps := requireCheck(t, r, "spira.plugin.settings", Pass, "Sync Mode: Default (current plug-in); read with the current plug-in's meanings")
	require.Contains(t, ps.Message, `Jira Special Fields "10030" (severity field 10030)`)
	require.Contains(t, ps.Message, "Not readable over REST: Types to Skip")
	m := requireCheck(t, r, "product.1.mapping", Warn, "the mapping of product 1 has")
	require.Len(t, m.Details, len(sandbox.SeededProblems))
	require.Contains(t, strings.Join(m.Details, "\n"), `"Resolved"`)
	require.Contains(t, strings.Join(m.Details, "\n"), `"Reopen"`)
	require.Contains(t, strings.Join(m.Details, "\n"), `version 2.1`)
}

func TestPluginSettingsCheckNamesTheGenerationAndTheMode(t *testing.T) {
	sb := sandboxtest.Start(t, sandbox.Options{CurrentPlugin: true})
	r := Run(context.Background(), sandboxInputs(sb))
	c := requireCheck(t, r, "spira.plugin.settings", Pass, "Sync Mode: Bidirectional (current plug-in)")
	require.Contains(t, c.Message, `Task Types "10002" (issue types 10002 sync as tasks)`)

	editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.Custom[0], p.Custom[1], p.Custom[2] = "10030", "True", "Both" })
	r = Run(context.Background(), sandboxInputs(sb))
	requireCheck(t, r, "spira.plugin.settings", Pass, "Sync Mode: Bidirectional (older plug-in's Both); read with the older plug-in's meanings")

	editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.Custom[1], p.Custom[2] = "", "Bidirectonal" })
	r = Run(context.Background(), sandboxInputs(sb))
	requireCheck(t, r, "spira.plugin.settings", Warn, "Sync Mode holds Bidirectonal, which the plug-in does not know")
}

func TestHealthySandboxPassesEveryCheck(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	r := Run(context.Background(), sandboxInputs(sb))
	for _, c := range r.Checks {
		if c.Verdict != Pass {
			dump(t, r)
			t.Fatalf("%s is %s: %s", c.ID, c.Verdict, c.Message)
		}
	}
	want := append(IDs(), "product.1.role", "product.1.project", "product.1.mapping")
	var got []string
	for _, c := range r.Checks {
		got = append(got, c.ID)
	}
	require.Equal(t, want, got, "every check, in a stable order")
}

func TestBreakOneThing(t *testing.T) {
	tests := []struct {
		id       string
		verdict  Verdict
		msg, fix string
		brk      func(t *testing.T, sb *sandbox.Sandbox, in *Inputs)
	}{
		{"jira.site", Fail, "cannot be reached", "Check the Jira URL", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			in.Jira.URL = "http://127.0.0.1:1" // nothing listens there
			editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.ConnectionString = in.Jira.URL })
		}},
		{"jira.login", Fail, "refused the e-mail and API token", "spirajira login jira", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			in.Jira.Token = "ATATT-revoked-token-0000000000000000"
			editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.Password = in.Jira.Token })
		}},
		{"jira.token", Fail, "scoped token", "/ex/jira/" + jiratest.CloudID, func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			bot, err := sb.Jira.AddUser(jiratest.UserSpec{Email: "sync.bot@library.example", DisplayName: "Sync Bot",
				Token: "ATSTT-scoped-sync-bot-token-000000000", ScopedToken: true, Admin: true})
			require.NoError(t, err)
			in.Jira.Email, in.Jira.Token = bot.Email, bot.Token
			in.AtlassianAPIURL = sb.JiraURL // the simulator also serves the gateway's paths
			editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.Login, p.Password = bot.Email, bot.Token })
		}},
		{"jira.admin", Warn, "not a Jira administrator", "Administer Jira", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			u := sb.JiraUserCredentials()
			in.Jira.Email, in.Jira.Token = u.Email, u.Token
			editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.Login, p.Password = u.Email, u.Token })
		}},
		{"spira.url", Warn, "ends with a slash and names a page", "as the SpiraPlan URL in the SpiraTest App for Jira", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			in.Spira.URL += "/Login.aspx/"
		}},
		{"spira.apikey", Fail, "curly braces", "RSS token", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			in.Spira.APIKey = strings.Trim(in.Spira.APIKey, "{}")
		}},
		{"spira.login", Fail, "Spira refused the login and API key", "RSS token", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			in.Spira.APIKey = "{00000000-0000-0000-0000-000000000000}"
		}},
		{"spira.login", Fail, "no Spira REST API answers under", "Check the Spira URL", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			in.Spira.URL += "/spira" // a path under which nothing is served
		}},
		{"spira.cors", Warn, "do not admit https://jira.inflectra.com", "Allowed Domains", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			sb.Spira.SetAllowedDomains("https://intranet.library.example")
		}},
		{"spira.plugin", Fail, `found "Jira Data Sync"`, "exactly JiraDataSync", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.Name = "Jira Data Sync" })
		}},
		{"spira.plugin.jira", Fail, "Connection Info is https://library.atlassian.net", "set Connection Info to " + "http://", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.ConnectionString = "https://library.atlassian.net" })
		}},
		{"spira.plugin.lastrun", Fail, "the last run of JiraDataSync failed", "event log", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.StatusID = 2 })
		}},
		{"spira.events", Warn, "1 data-sync error(s)", "support@inflectra.com", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			c, err := spiraclient.New(in.Spira.URL, in.Spira.Login, in.Spira.APIKey)
			require.NoError(t, err)
			require.NoError(t, c.WriteEvent(context.Background(), spiraclient.RemoteEvent{EventLogEntryType: 1,
				Message: "JiraDataSync: Unable to create issue for incident IN:12: Field 'priority' is required"}))
		}},
		// F8: the warning a sync writes when Spira kept a status it sent.
		{"spira.statusbulkedit", Warn, "Status Bulk Edit is off in template 1", "Status Bulk Edit setting of template 1", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			c, err := spiraclient.New(in.Spira.URL, in.Spira.Login, in.Spira.APIKey)
			require.NoError(t, err)
			reason := datasync.StatusKeptPhrase + ": Status Bulk Edit is off in template 1 (Spira holds \"New\", \"Open\" was sent)."
			require.NoError(t, c.WriteEvent(context.Background(), spiraclient.RemoteEvent{EventLogEntryType: 2,
				Message: "spirajira sync: IN:4 ↔ LIB-36: " + reason, Details: reason}))
		}},
		{"spira.events", Fail, "Spira kept answering 429 Too Many Requests", "Run the doctor again in a minute", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			sb.Spira.FailNext("POST system/events/search", http.StatusTooManyRequests, http.StatusTooManyRequests)
		}},
		{"spira.service", Warn, "does not appear to run JiraDataSync", "SpiraPlan Data Sync Service", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			editPlugIn(t, sb, func(p *spiratest.PlugIn) {
				last := time.Now().Add(-72 * time.Hour)
				p.LastSyncDate = &last
			})
		}},
		{"clock", Fail, "behind Spira's, more than the plug-in's Time Offset of 0 hour(s)", "Time Offset to 2", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			sb.Jira.SetClock(func() time.Time { return time.Now().Add(-90 * time.Minute) })
		}},
		{"products", Warn, "no product is mapped", "Key in JIRA", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			sb.Spira.SetProjectMapping(sb.DataSyncID, sb.ProductID, "LIB", false)
		}},
		{"product.1.project", Fail, "mapped to Jira project LIBRARY, which does not exist", "Key in JIRA", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			sb.Spira.SetProjectMapping(sb.DataSyncID, sb.ProductID, "LIBRARY", true)
		}},
		{"product.1.mapping", Fail, "in the plug-in settings or project that affect every item", "mapping validate --product 1", func(t *testing.T, sb *sandbox.Sandbox, in *Inputs) {
			editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.Custom[4] = "Related To" }) // not a link type of the site
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			sb := startSandbox(t)
			healthy(t, sb)
			in := sandboxInputs(sb)
			tt.brk(t, sb, &in)
			r := Run(context.Background(), in)
			requireOnly(t, r, tt.id, tt.verdict, tt.msg, tt.fix)
		})
	}
}

// The clock check honours the plug-in's Time Offset, and a Jira clock
// ahead of Spira's only makes the sync read some changes twice.
func TestClockWithinTimeOffset(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	sb.Jira.SetClock(func() time.Time { return time.Now().Add(-90 * time.Minute) })
	editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.TimeOffsetHours = 2 })
	r := Run(context.Background(), sandboxInputs(sb))
	requireCheck(t, r, "clock", Pass, "Time Offset is 2 hour(s)")
	require.False(t, r.Failed())

	sb.Jira.SetClock(func() time.Time { return time.Now().Add(3 * time.Hour) })
	r = Run(context.Background(), sandboxInputs(sb))
	requireCheck(t, r, "clock", Pass, "ahead of Spira's")
}

// A site that stops answering fails within the time bound instead of
// holding the report.
func TestHangingSpiraIsBounded(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	release := make(chan struct{})
	sb.Spira.SetClock(func() time.Time {
		<-release // server-date-time never answers while the test runs
		return time.Now()
	})
	t.Cleanup(func() { close(release) })
	in := sandboxInputs(sb)
	// The clock check reads Jira's server time and Spira's user before it
	// reaches the hanging call, all within the bound: leave those room on a
	// loaded machine, since the hang outlasts any bound.
	in.Timeout = 3 * time.Second
	r := Run(context.Background(), in)
	c, _ := r.Find("clock")
	require.Equal(t, Fail, c.Verdict, c.Message)
	require.NotEmpty(t, c.Fix)
}

// F1: Spira answers a login that is not a system administrator 400 on its
// event log; the check is skipped with what to do, and fails nothing.
func TestEventLogAsANonAdministratorIsSkipped(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	in := sandboxInputs(sb)
	u := sb.Spira.SyncAccount()
	in.Spira.Login, in.Spira.APIKey = u.Login, u.APIKey
	r := Run(context.Background(), in)
	c := requireCheck(t, r, "spira.events", Skip, "only system administrators can read Spira's event log")
	require.Contains(t, c.Message, u.Login)
	require.Contains(t, c.Message, "System Administration > System > Event Log")
	require.NotContains(t, c.Message, "400")
	// The service check cannot tell a spirajira run from the service's.
	requireCheck(t, r, "spira.service", Pass, "only a system administrator's login can read the event log")
}

// F1: as a system administrator the check reads the log through the
// search route and finds the data-sync errors in it.
func TestEventLogIsReadThroughTheSearch(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	in := sandboxInputs(sb)
	c, err := spiraclient.New(in.Spira.URL, in.Spira.Login, in.Spira.APIKey)
	require.NoError(t, err)
	require.NoError(t, c.WriteEvent(context.Background(), spiraclient.RemoteEvent{EventLogEntryType: 1, Message: "JiraDataSync: Jira refused LIB-9"}))
	r := Run(context.Background(), in)
	requireCheck(t, r, "spira.events", Warn, "1 data-sync error(s)")
	require.Positive(t, sb.Spira.Requests()["POST "+spiratest.ServicePath+"system/events/search"])
}

// A recent run of spirajira's own engine is not taken for Spira's service:
// its summary in the event log is no older than the plug-in's LastSyncDate.
// Once the service runs after it, the service is recognised again.
func TestServiceCheckTellsSpirajiraRunsFromTheService(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	in := sandboxInputs(sb)
	start := time.Now().Add(-time.Minute)
	editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.LastSyncDate = &start })
	c, err := spiraclient.New(in.Spira.URL, in.Spira.Login, in.Spira.APIKey)
	require.NoError(t, err)
	require.NoError(t, c.WriteEvent(context.Background(), spiraclient.RemoteEvent{EventLogEntryType: 4,
		Message: "spirajira sync of product 1 with LIB: 3 created, 1 updated, 0 transitioned, 0 linked, 0 conflicts, 0 failed"}))

	r := Run(context.Background(), in)
	requireCheck(t, r, "spira.service", Pass, "was a `spirajira sync`")

	later := time.Now().Add(5 * time.Second)
	editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.LastSyncDate = &later })
	r = Run(context.Background(), in)
	requireCheck(t, r, "spira.service", Pass, "Spira's data-sync service appears to run JiraDataSync")
}

// A refused token that looks like an account password is called one; a
// refused real-looking token is not.
func TestRefusedPasswordIsNamed(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	in := sandboxInputs(sb)
	in.Jira.Token = "hunter2hunter2"
	r := Run(context.Background(), in)
	c := requireCheck(t, r, "jira.login", Fail, "the token looks like a password (14 characters), not an API token")
	require.Contains(t, c.Fix, "not your password")

	in.Jira.Token = "ATATT-revoked-token-0000000000000000"
	r = Run(context.Background(), in)
	c = requireCheck(t, r, "jira.login", Fail, "refused the e-mail and API token")
	require.NotContains(t, c.Message, "password")
}

// A site that keeps answering 429 is said to be limiting the calls, not
// to be misconfigured.
func TestRateLimitedJiraIsNotCalledUnreachable(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	// The mapping check reads serverInfo too, at the same time: queue more
	// 429s than both callers' attempts can take, whichever comes first.
	limited := make([]jiratest.Fault, 8)
	for i := range limited {
		limited[i] = jiratest.Fault429
	}
	sb.Jira.FailNext("GET /rest/api/3/serverInfo", limited...)
	r := Run(context.Background(), sandboxInputs(sb))
	c := requireCheck(t, r, "jira.site", Fail, "Jira kept answering 429 Too Many Requests")
	require.Contains(t, c.Fix, "Run the doctor again in a minute")
	require.NotContains(t, c.Fix, "Check the Jira URL")
}
