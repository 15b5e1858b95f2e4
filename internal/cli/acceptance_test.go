package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/doctor"
	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/internal/sandbox/sandboxtest"
)

// useSandbox points the command line at a fresh sandbox, through the
// profile and environment an administrator would have, with its own state
// directory.
func useSandbox(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	return sandboxProfile(t, sandbox.Options{})
}

// sandboxProfile is useSandbox with opts.
func sandboxProfile(tb testing.TB, opts sandbox.Options) *sandbox.Sandbox {
	tb.Helper()
	sb := sandboxtest.Start(tb, opts)
	tb.Setenv(config.EnvConfigDir, sb.ConfigDir)
	tb.Setenv(config.EnvStateDir, tb.TempDir())
	tb.Setenv(config.EnvJiraToken, sb.JiraCredentials().Token)
	tb.Setenv(config.EnvSpiraAPIKey, sb.SpiraCredentials().APIKey)
	return sb
}

// Right after a sync, the doctor says the last run was spirajira's own, not
// that Spira's data-sync service is running (which would also contradict
// the next sync, which starts).
func TestDoctorAfterSyncKnowsItsOwnRun(t *testing.T) {
	useSandbox(t)
	code, _, errOut := runMain(t, "sync", "--product", "1")
	require.Equal(t, 0, code, errOut)

	code, out, errOut := runMain(t, "doctor", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var r struct{ Checks []doctor.Check }
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	var service doctor.Check
	for _, c := range r.Checks {
		if c.ID == "spira.service" {
			service = c
		}
	}
	require.Equal(t, doctor.Pass, service.Verdict, service.Message)
	require.Contains(t, service.Message, "was a `spirajira sync`")

	code, _, errOut = runMain(t, "sync", "--product", "1")
	require.Equal(t, 0, code, "a second sync starts at once: %s", errOut)
}

// Every command line that the README, the docs, the doctor's fixes and the
// mapping messages tell a user to run names commands and flags that exist.
func TestEveryCommandShownExists(t *testing.T) {
	var files []string
	for _, pat := range []string{"../../README.md", "../../docs/*.md", "../doctor/*.go", "../../mapping/*.go", "doctor*.go", "mapping*.go"} {
		m, err := filepath.Glob(pat)
		require.NoError(t, err)
		files = append(files, m...)
	}
	quoted := regexp.MustCompile("`(spirajira [^`\n]*)`|'(spirajira [^'\n]*)'")
	seen := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		var lines []string
		for _, m := range quoted.FindAllStringSubmatch(string(data), -1) {
			lines = append(lines, m[1]+m[2])
		}
		if strings.HasSuffix(file, ".md") {
			lines = append(lines, shellBlockCommands(string(data))...)
		}
		for _, line := range lines {
			for _, words := range expandAlternatives(strings.Fields(line)[1:]) {
				seen++
				if err := checkCommandLine(words); err != nil {
					t.Errorf("%s: %q: %v", file, line, err)
				}
			}
		}
	}
	require.Greater(t, seen, 20, "the scan finds the command lines")
}

// shellBlockCommands returns the spirajira command lines of the sh code
// blocks of a Markdown text, without comments.
func shellBlockCommands(md string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			in = strings.TrimPrefix(line, "```") == "sh" && !in
			continue
		}
		if !in {
			continue
		}
		line, _, _ = strings.Cut(line, "#")
		if i := strings.Index(line, "spirajira "); i >= 0 {
			out = append(out, strings.TrimRight(strings.TrimSpace(line[i:]), ")"))
		}
	}
	return out
}

// expandAlternatives turns "jira issuetypes|statuses --project X" into one
// command line per alternative.
func expandAlternatives(words []string) [][]string {
	out := [][]string{nil}
	for _, w := range words {
		alts := []string{w}
		if !strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "<") && strings.Contains(w, "|") {
			alts = strings.Split(w, "|")
		}
		var next [][]string
		for _, o := range out {
			for _, a := range alts {
				next = append(next, append(slices.Clone(o), a))
			}
		}
		out = next
	}
	return out
}

// checkCommandLine resolves the command of words (without "spirajira") and
// checks each of its flags.
func checkCommandLine(words []string) error {
	root := NewCmdRoot(NewFactory(TestIO(nil, io.Discard, io.Discard)))
	var path []string
	for _, w := range words {
		if strings.HasPrefix(w, "-") {
			break
		}
		path = append(path, w)
	}
	cmd, rest, err := root.Find(path)
	if err != nil {
		return err
	}
	if cmd.HasSubCommands() && len(rest) > 0 {
		return fmt.Errorf("%q has no subcommand %q", cmd.CommandPath(), rest[0])
	}
	for _, w := range words {
		if !strings.HasPrefix(w, "-") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(w, "-"), "=")
		if name == "help" || name == "h" {
			continue // cobra adds it when the command runs
		}
		var ok bool
		if strings.HasPrefix(w, "--") {
			ok = cmd.Flag(name) != nil
		} else {
			ok = cmd.Flags().ShorthandLookup(name) != nil || cmd.InheritedFlags().ShorthandLookup(name) != nil
		}
		if !ok {
			return fmt.Errorf("%q has no flag %s", cmd.CommandPath(), w)
		}
	}
	return nil
}

// Ctrl-c (the context cancelled) ends a command with exit 1 and says how to
// finish the work.
func TestInterruptedCommandSaysHowToFinish(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request after the interrupt: %s", r.URL)
	}))
	t.Cleanup(srv.Close)
	t.Setenv(config.EnvConfigDir, t.TempDir())
	t.Setenv(config.EnvJiraURL, srv.URL)
	t.Setenv(config.EnvJiraEmail, "avery@library.example")
	t.Setenv(config.EnvJiraToken, "ATATT-test-token")

	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("interrupt signal received"))
	var out, errOut bytes.Buffer
	code := Main(ctx, []string{"jira", "projects"}, TestIO(strings.NewReader(""), &out, &errOut))
	require.Equal(t, ExitError, code, errOut.String())
	require.Contains(t, errOut.String(), "Interrupted before the end: run the same command again to finish.")
	require.Empty(t, out.String())
}

// docs/architecture.md names every package of the module in its table.
func TestArchitectureDocListsEveryPackage(t *testing.T) {
	doc, err := os.ReadFile("../../docs/architecture.md")
	require.NoError(t, err)
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	var missing []string
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		if pkg := "| `" + filepath.ToSlash(rel) + "` |"; !strings.Contains(string(doc), pkg) && !slices.Contains(missing, rel) {
			missing = append(missing, rel)
		}
		return nil
	})
	require.NoError(t, err)
	require.Empty(t, missing, "packages without a row in docs/architecture.md")
}

// Both faces reach the sync engine through the operations layer only: no
// product file of internal/cli or tui imports datasync.
func TestFacesDoNotImportTheEngine(t *testing.T) {
	for _, dir := range []string{".", "../../tui"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			require.NotContains(t, string(data), `"github.com/spirajira/spirajira/datasync"`, "%s: call ops instead", f)
		}
	}
}
