// Package doctor checks whether the SpiraPlan - Jira Cloud integration will
// work and says what to fix. It gathers in one Report the checks the
// integration guide scatters over its pages: both sites reachable and the
// credentials valid, the JiraDataSync plug-in record and its last runs, the
// two clocks against the plug-in's time offset, each mapped product's Jira
// project and mapping, and the Spira side of the SpiraTest App for Jira.
//
// Run is used by both faces: the doctor command prints the Report, the TUI
// shows it on the Connections screen. Checks run concurrently; each is
// bounded by Inputs.Timeout, so an unreachable site cannot hang the report.
package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/spirajira/spirajira/internal/words"
)

// Verdict is the outcome of one check.
type Verdict string

// The verdicts, from best to worst; Skip means a check could not run because
// something it needs failed (that failure is reported by its own check).
const (
	Pass Verdict = "pass"
	Warn Verdict = "warn"
	Fail Verdict = "fail"
	Skip Verdict = "skip"
)

// Check is the result of one check.
type Check struct {
	// ID is stable, for scripts and tests: "jira.login", "spira.plugin",
	// "product.3.project", ...
	ID string `json:"id"`
	// Title says what was checked, for people.
	Title   string  `json:"title"`
	Verdict Verdict `json:"verdict"`
	// Message says what was found.
	Message string `json:"message"`
	// Fix says what to do; set whenever Verdict is Warn or Fail.
	Fix string `json:"fix,omitempty"`
	// Details are supporting lines (event-log messages, mapping problems).
	Details []string `json:"details,omitempty"`
	// Duration is how long the check took.
	Duration time.Duration `json:"-"`
}

// MarshalJSON writes the duration in milliseconds.
func (c Check) MarshalJSON() ([]byte, error) {
	type plain Check
	return json.Marshal(struct {
		plain
		DurationMS int64 `json:"durationMs"`
	}{plain(c), c.Duration.Milliseconds()})
}

// Report is the outcome of Run: every check, in a stable order.
type Report struct {
	Checks   []Check       `json:"checks"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"-"`
}

// MarshalJSON adds the summary fields ok and counts and the duration in
// milliseconds.
func (r Report) MarshalJSON() ([]byte, error) {
	checks := r.Checks
	if checks == nil {
		checks = []Check{}
	}
	return json.Marshal(struct {
		OK         bool            `json:"ok"`
		Counts     map[Verdict]int `json:"counts"`
		Checks     []Check         `json:"checks"`
		Started    time.Time       `json:"started"`
		DurationMS int64           `json:"durationMs"`
	}{!r.Failed(), r.Counts(), checks, r.Started, r.Duration.Milliseconds()})
}

// Failed reports whether any check failed.
func (r Report) Failed() bool {
	for _, c := range r.Checks {
		if c.Verdict == Fail {
			return true
		}
	}
	return false
}

// Counts returns how many checks ended with each verdict.
func (r Report) Counts() map[Verdict]int {
	m := map[Verdict]int{Pass: 0, Warn: 0, Fail: 0, Skip: 0}
	for _, c := range r.Checks {
		m[c.Verdict]++
	}
	return m
}

// Find returns the check with this ID.
func (r Report) Find(id string) (Check, bool) {
	for _, c := range r.Checks {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// Summary is one line for a status bar: "12 passed, 2 warnings, 1 failed".
func (r Report) Summary() string {
	n := r.Counts()
	parts := []string{fmt.Sprintf("%d passed", n[Pass])}
	if n[Warn] > 0 {
		parts = append(parts, words.Count(n[Warn], "warning"))
	}
	if n[Fail] > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", n[Fail]))
	}
	if n[Skip] > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", n[Skip]))
	}
	return strings.Join(parts, ", ")
}

// JiraSettings are the Jira site and account to check.
type JiraSettings struct {
	URL, Email, Token string
}

// SpiraSettings are the Spira instance and account to check, as the user
// entered them (the URL is checked before it is normalised).
type SpiraSettings struct {
	URL, Login, APIKey string
	// DataSync is the plug-in record's name; empty means PluginName.
	DataSync string
}

// PluginName is the name the guide requires for the Jira Cloud plug-in record.
const PluginName = "JiraDataSync"

// ConnectorOrigin is the origin of the SpiraTest App for Jira, which Spira's
// Allowed Domains must admit.
const ConnectorOrigin = "https://jira.inflectra.com"

// MinSpiraVersion is the oldest Spira the SpiraTest App for Jira supports.
const MinSpiraVersion = "6.3.0.1"

// DefaultTimeout bounds each check when Inputs.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Inputs are what Run checks.
type Inputs struct {
	Jira  JiraSettings
	Spira SpiraSettings
	// HTTPClient's transport carries every request (nil: the default).
	HTTPClient *http.Client
	// Timeout bounds each check (0: DefaultTimeout).
	Timeout time.Duration
	// AtlassianAPIURL is the gateway scoped tokens must use (empty:
	// https://api.atlassian.com); tests point it at a fake.
	AtlassianAPIURL string
	// Debug, when set, receives a log of every HTTP exchange, secrets redacted.
	Debug io.Writer
	// UserAgent names the caller to both services (empty: the clients' own).
	UserAgent string
	// ConfigError, when set, is why the configuration file could not be
	// read. The report is then that failure, as the other commands report
	// it, and every other check skipped: the settings are unknown.
	ConfigError error
	// ServiceWindow is how recent the plug-in's last run must be for Spira's
	// data-sync service to count as running it (0: one hour).
	ServiceWindow time.Duration
}

// def is one check, or a family of checks for the per-product ones.
type def struct {
	id, title string
	run       func(ctx context.Context, e *env) []Check
}

func one(f func(ctx context.Context, e *env) Check) func(ctx context.Context, e *env) []Check {
	return func(ctx context.Context, e *env) []Check { return []Check{f(ctx, e)} }
}

// defs lists every check in report order.
var defs = []def{
	{"jira.site", "Jira site reachable", one(checkJiraSite)},
	{"jira.login", "Jira credentials", one(checkJiraLogin)},
	{"jira.token", "Jira API token", one(checkJiraToken)},
	{"jira.admin", "Jira administrator", one(checkJiraAdmin)},
	{"spira.url", "Spira base URL", one(checkSpiraURL)},
	{"spira.apikey", "Spira API key", one(checkSpiraAPIKey)},
	{"spira.login", "Spira credentials", one(checkSpiraLogin)},
	{"spira.version", "Spira version", one(checkSpiraVersion)},
	{"spira.cors", "Spira allowed domains", one(checkSpiraCORS)},
	{"spira.plugin", "Data-sync plug-in record", one(checkPlugin)},
	{"spira.plugin.jira", "Plug-in points at this Jira", one(checkPluginTarget)},
	{"spira.plugin.settings", "Plug-in settings", one(checkPluginSettings)},
	{"spira.plugin.lastrun", "Plug-in last run", one(checkPluginLastRun)},
	{"spira.events", "Data-sync errors in the event log", one(checkEvents)},
	{"spira.statusbulkedit", "Statuses Spira kept (Status Bulk Edit)", one(checkStatusBulkEdit)},
	{"spira.service", "Spira data-sync service", one(checkService)},
	{"clock", "Clocks and time offset", one(checkClock)},
	{"products", "Mapped products", checkProducts},
}

// IDs lists the IDs of the fixed checks in report order (per-product checks,
// "product.<id>.role", "product.<id>.project" and "product.<id>.mapping",
// follow them).
func IDs() []string {
	out := make([]string, 0, len(defs))
	for _, d := range defs {
		out = append(out, d.id)
	}
	return out
}

// Run runs every check concurrently, each bounded by in.Timeout, and
// returns the report. It never returns early on a failure: a check whose
// prerequisite failed is reported as Skip.
func Run(ctx context.Context, in Inputs) Report {
	if in.Timeout <= 0 {
		in.Timeout = DefaultTimeout
	}
	start := time.Now()
	if in.ConfigError != nil {
		return configReport(in.ConfigError, start)
	}
	e := newEnv(ctx, in)
	results := make([][]Check, len(defs))
	var wg sync.WaitGroup
	for i, d := range defs {
		wg.Go(func() { results[i] = runOne(ctx, e, d, in.Timeout) })
	}
	wg.Wait()
	var checks []Check
	for _, r := range results {
		checks = append(checks, r...)
	}
	return Report{Checks: checks, Started: start, Duration: time.Since(start)}
}

// runOne runs a check with its deadline; a check that overruns it fails
// with a timeout instead of holding the report.
func runOne(ctx context.Context, e *env, d def, timeout time.Duration) []Check {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	done := make(chan []Check, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- []Check{{Verdict: Fail, Message: fmt.Sprintf("the check crashed: %v", p),
					Fix: "This is a bug in spirajira; please report it with this output."}}
			}
		}()
		done <- d.run(ctx, e)
	}()
	var out []Check
	select {
	case out = <-done:
	case <-ctx.Done():
		out = []Check{{Verdict: Fail,
			Message: fmt.Sprintf("no answer within %s", timeout.Round(time.Millisecond)),
			Fix:     "Check that the site is reachable from this machine (proxy, VPN, firewall) and try again."}}
	}
	took := time.Since(start)
	for i := range out {
		if out[i].ID == "" {
			out[i].ID = d.id
		}
		if out[i].Title == "" {
			out[i].Title = d.title
		}
		out[i].Duration = took
	}
	return out
}

func pass(format string, args ...any) Check {
	return Check{Verdict: Pass, Message: fmt.Sprintf(format, args...)}
}

func warn(fix, format string, args ...any) Check {
	return Check{Verdict: Warn, Message: fmt.Sprintf(format, args...), Fix: fix}
}

func fail(fix, format string, args ...any) Check {
	return Check{Verdict: Fail, Message: fmt.Sprintf(format, args...), Fix: fix}
}

func skip(format string, args ...any) Check {
	return Check{Verdict: Skip, Message: fmt.Sprintf(format, args...)}
}

// ConfigID is the ID of the check that fails when the configuration file
// cannot be read (see Inputs.ConfigError).
const ConfigID = "config"

func configReport(err error, start time.Time) Report {
	checks := []Check{{
		ID: ConfigID, Title: "Configuration file", Verdict: Fail, Message: err.Error(),
		Fix: "Correct the file at the line named, or delete it and run `spirajira login jira` and `spirajira login spira` again.",
	}}
	for _, d := range defs {
		checks = append(checks, Check{ID: d.id, Title: d.title, Verdict: Skip,
			Message: "needs a readable configuration file (see " + ConfigID + ")"})
	}
	return Report{Checks: checks, Started: start, Duration: time.Since(start)}
}
