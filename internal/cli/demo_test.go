package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/sandbox"
)

func TestDemoServeJSONPrintsOneLineWithBothServices(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	errOut := &strings.Builder{}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"demo", "--serve", "--json"}, TestIO(strings.NewReader(""), pw, errOut))
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)

	var info demoServeInfo
	require.NoError(t, json.Unmarshal([]byte(line), &info))
	require.Equal(t, "LIB", info.Jira.Project)
	require.Equal(t, 1, info.Spira.Product)
	require.True(t, strings.HasPrefix(info.Spira.APIKey, "{") && strings.HasSuffix(info.Spira.APIKey, "}"))
	require.NotEqual(t, info.Jira.Email, info.Jira.User.Email)

	// Both answer with the printed credentials.
	req, _ := http.NewRequest("GET", info.Jira.URL+"/rest/api/3/myself", nil)
	req.SetBasicAuth(info.Jira.Email, info.Jira.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)

	useSpira(t, info.Spira.URL, info.Spira.Login, info.Spira.APIKey)
	code, out, errs := runCLI(t, "", "spira", "mappings", "--product", "1", "-o", "json")
	require.Equal(t, 0, code, errs)
	require.Contains(t, out, `"key": "LIB"`)

	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code, errOut.String())
	case <-time.After(10 * time.Second):
		t.Fatal("demo --serve did not stop when its context ended")
	}
	rest, _ := io.ReadAll(pr)
	require.Empty(t, strings.TrimSpace(string(rest)), "exactly one line")
}

func TestDemoWithoutTUISuggestsServe(t *testing.T) {
	saved := demoInteractive
	demoInteractive = nil
	t.Cleanup(func() { demoInteractive = saved })
	code, _, errOut := runCLI(t, "", "demo")
	require.Equal(t, ExitError, code)
	require.Contains(t, errOut, "--serve")
}

func TestDemoRunsTheInteractiveHookOnTheSandbox(t *testing.T) {
	saved := demoInteractive
	t.Cleanup(func() { demoInteractive = saved })
	var got *sandbox.Sandbox
	demoInteractive = func(ctx context.Context, f *Factory, sb *sandbox.Sandbox) error {
		got = sb
		resp, err := http.Get(sb.SpiraURL + "/Services/v7_0/RestService.svc/projects")
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	ios := TestIO(strings.NewReader(""), out, errOut)
	ios.SetTTY(true, true)
	code := Main(context.Background(), []string{"demo", "--latency", "1ms"}, ios)
	require.Equal(t, 0, code, errOut.String())
	require.NotNil(t, got)
}

func TestDemoOffATerminalNamesServe(t *testing.T) {
	saved := demoInteractive
	t.Cleanup(func() { demoInteractive = saved })
	demoInteractive = func(context.Context, *Factory, *sandbox.Sandbox) error {
		t.Fatal("the TUI must not start without a terminal")
		return nil
	}
	code, _, errOut := runCLI(t, "", "demo")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, errOut, "demo --serve")
}

func TestDemoFlagChecks(t *testing.T) {
	code, _, errOut := runCLI(t, "", "demo", "--serve", "--faults", "2")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, errOut, "--faults")
	code, _, _ = runCLI(t, "", "demo", "--json")
	require.Equal(t, ExitUsage, code)
}

// -o json is --json for demo --serve, and like --json needs --serve.
func TestDemoOutputJSONIsTheJSONFlag(t *testing.T) {
	f := NewFactory(TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}))
	var got *DemoOptions
	root := NewCmdRoot(f)
	for _, c := range root.Commands() {
		if c.Name() == "demo" {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(NewCmdDemo(f, func(o *DemoOptions) error { got = o; return nil }))
	root.SetArgs([]string{"demo", "--serve", "-o", "json"})
	require.NoError(t, root.Execute())
	require.True(t, got.JSON)

	code, _, errOut := runCLI(t, "", "demo", "-o", "json")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, errOut, "goes with --serve")
}
