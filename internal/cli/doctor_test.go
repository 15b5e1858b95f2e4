package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/doctor"
)

func doctorOpts(format string, report doctor.Report, got *doctor.Inputs) (*DoctorOptions, *bytes.Buffer) {
	out := &bytes.Buffer{}
	return &DoctorOptions{
		IO:     TestIO(nil, out, &bytes.Buffer{}),
		Output: func() string { return format },
		JiraCredentials: func() (config.JiraCredentials, error) {
			return config.JiraCredentials{URL: "https://lib.atlassian.net", Email: "a@lib.test", Token: "tok"}, nil
		},
		SpiraCredentials: func() (config.SpiraCredentials, error) {
			// A missing API key still runs the doctor: the check reports it.
			return config.SpiraCredentials{URL: "https://lib.spiraservice.net", Login: "admin", DataSync: "JiraDataSync"},
				&config.MissingError{What: "Spira API key", How: "run spirajira login spira"}
		},
		Timeout: 3 * time.Second,
		Run: func(_ context.Context, in doctor.Inputs) doctor.Report {
			*got = in
			return report
		},
	}, out
}

var doctorSample = doctor.Report{Checks: []doctor.Check{
	{ID: "jira.login", Title: "Jira credentials", Verdict: doctor.Pass, Message: "signed in as Avery"},
	{ID: "spira.cors", Title: "Spira allowed domains", Verdict: doctor.Warn, Message: "not admitted", Fix: "add the domain"},
	{ID: "events", Title: "Events", Verdict: doctor.Warn, Message: "2 errors", Fix: "read them", Details: []string{"e1", "e2"}},
}}

func TestDoctorPassesSettingsAndPrintsJSON(t *testing.T) {
	var in doctor.Inputs
	opts, out := doctorOpts("json", doctorSample, &in)
	require.NoError(t, doctorRun(opts), "warnings exit 0")
	require.Equal(t, "https://lib.atlassian.net", in.Jira.URL)
	require.Equal(t, "tok", in.Jira.Token)
	require.Equal(t, "admin", in.Spira.Login)
	require.Equal(t, "JiraDataSync", in.Spira.DataSync)
	require.Equal(t, 3*time.Second, in.Timeout)

	var got struct {
		OK     bool           `json:"ok"`
		Counts map[string]int `json:"counts"`
		Checks []doctor.Check `json:"checks"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got))
	require.True(t, got.OK)
	require.Equal(t, 2, got.Counts["warn"])
	require.Equal(t, "spira.cors", got.Checks[1].ID)
	require.Equal(t, "add the domain", got.Checks[1].Fix)
}

func TestDoctorFailureExits1(t *testing.T) {
	failed := doctorSample
	failed.Checks = append(append([]doctor.Check{}, doctorSample.Checks...),
		doctor.Check{ID: "clock", Title: "Clocks", Verdict: doctor.Fail, Message: "Jira is 2h behind", Fix: "set Time Offset to 2"})
	var in doctor.Inputs
	opts, out := doctorOpts("table", failed, &in)
	err := doctorRun(opts)
	require.Error(t, err)
	require.Equal(t, ExitError, ExitCode(err))
	text := out.String()
	require.Contains(t, text, "FAIL  Clocks: Jira is 2h behind [clock]")
	require.Contains(t, text, "      fix: set Time Offset to 2")
	require.Contains(t, text, "        e1\n")
	require.Contains(t, text, "PASS  Jira credentials: signed in as Avery [jira.login]")
	require.Contains(t, text, "1 passed, 2 warnings, 1 failed")
}

func TestDoctorCSV(t *testing.T) {
	var in doctor.Inputs
	opts, out := doctorOpts("csv", doctorSample, &in)
	require.NoError(t, doctorRun(opts))
	rows, err := csv.NewReader(out).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"ID", "VERDICT", "CHECK", "MESSAGE", "FIX"}, rows[0])
	require.Equal(t, []string{"events", "warn", "Events", "2 errors (e1; e2)", "read them"}, rows[3])
}

func TestDoctorCommandFlags(t *testing.T) {
	f := NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	var got *DoctorOptions
	cmd := NewCmdDoctor(f, func(o *DoctorOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--timeout", "2s"})
	require.NoError(t, cmd.Execute())
	require.Equal(t, 2*time.Second, got.Timeout)
}

// The real command against the sandbox: it passes (warnings allowed), and a
// Spira too old for the SpiraTest App for Jira makes it exit 1 naming the fix.
func TestDoctorAgainstTheSandbox(t *testing.T) {
	sb := startSandbox(t)
	sandboxConnections(t, sb)
	jc, sc := sb.JiraCredentials(), sb.SpiraCredentials()

	code, stdout, stderr := run(t, "doctor", "-o", "json")
	require.Equal(t, ExitOK, code, stderr+stdout)
	var r struct {
		OK     bool `json:"ok"`
		Checks []struct {
			ID, Verdict, Message, Fix string
		} `json:"checks"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &r))
	require.True(t, r.OK)
	require.GreaterOrEqual(t, len(r.Checks), len(doctor.IDs()))
	require.NotContains(t, stdout, jc.Token, "no secret in the report")
	require.NotContains(t, stdout, sc.APIKey, "no secret in the report")

	code, _, stderr = run(t, "doctor", "--debug", "-o", "json")
	require.Equal(t, ExitOK, code)
	require.Contains(t, stderr, "/rest/api/3/myself", "--debug logs the exchanges")
	require.Contains(t, stderr, "system/product-version")
	require.NotContains(t, stderr, jc.Token, "the debug log redacts secrets")
	require.NotContains(t, stderr, sc.APIKey, "the debug log redacts secrets")

	sb.Spira.SetProductVersion("6.1.0.0")
	code, stdout, _ = run(t, "doctor")
	require.Equal(t, ExitError, code)
	require.Contains(t, stdout, "FAIL  Spira version: Spira 6.1.0.0 is older than 6.3.0.1")
	require.Contains(t, stdout, "fix: Upgrade Spira to 6.3.0.1 or later")
}
