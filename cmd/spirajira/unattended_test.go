package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/sandbox"
)

// twoProducts starts a sandbox with two mapped products and returns it
// with the environment that points the binary at it.
func twoProducts(t *testing.T, latency time.Duration) (*sandbox.Sandbox, func(stateDir string) []string) {
	return binarySandbox(t, sandbox.Options{Latency: latency, SecondProduct: true})
}

// binarySandbox starts a sandbox with opts and returns it with the
// environment that points the binary at it, with its state in stateDir.
func binarySandbox(t *testing.T, opts sandbox.Options) (*sandbox.Sandbox, func(stateDir string) []string) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sb, err := sandbox.Start(ctx, opts)
	require.NoError(t, err)
	t.Cleanup(func() { sb.Close() })
	jc, sc := sb.JiraCredentials(), sb.SpiraCredentials()
	return sb, func(stateDir string) []string {
		return append(cleanEnv(), config.EnvConfigDir+"="+sb.ConfigDir, config.EnvStateDir+"="+stateDir,
			config.EnvJiraURL+"="+jc.URL, config.EnvJiraEmail+"="+jc.Email, config.EnvJiraToken+"="+jc.Token,
			config.EnvSpiraURL+"="+sc.URL, config.EnvSpiraLogin+"="+sc.Login, config.EnvSpiraAPIKey+"="+sc.APIKey)
	}
}

func runBinary(t *testing.T, bin string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(out), ee.ExitCode()
	}
	require.NoError(t, err)
	return string(out), 0
}

func censusBoth(t *testing.T, sb *sandbox.Sandbox) []string {
	return append(censusOf(t, sb, sb.ProjectKey, sb.ProductID), censusOf(t, sb, sandbox.SecondProjectKey, sandbox.SecondProductID)...)
}

// syncedTwice is what two runs of sync --all leave on a fresh sandbox.
func syncedTwice(t *testing.T, bin string) []string {
	sb, env := twoProducts(t, 0)
	dir := t.TempDir()
	for range 2 {
		out, code := runBinary(t, bin, env(dir), "sync", "--all")
		require.Equal(t, 0, code, out)
	}
	return censusBoth(t, sb)
}

// logLine is the part of a --log-format json line the tests read.
type logLine struct {
	Run      int
	Product  int
	Failures int
	Error    string
	Stopped  bool
	Msg      string
}

// unattended is a running "sync --every" process and its log lines.
type unattended struct {
	cmd   *exec.Cmd
	mu    sync.Mutex
	lines []logLine
	raw   []string
	done  chan struct{}
	code  int
}

func startUnattended(t *testing.T, bin string, env []string, args ...string) *unattended {
	t.Helper()
	u := &unattended{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	u.cmd.Env = env
	stderr, err := u.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, u.cmd.Start())
	t.Cleanup(func() {
		select {
		case <-u.done:
		default:
			_ = u.cmd.Process.Kill()
			<-u.done
		}
	})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var l logLine
			err := json.Unmarshal(sc.Bytes(), &l)
			u.mu.Lock()
			u.raw = append(u.raw, sc.Text())
			if err == nil {
				u.lines = append(u.lines, l)
			}
			u.mu.Unlock()
		}
		err := u.cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			u.code = ee.ExitCode()
		} else if err != nil {
			u.code = -1
		}
		close(u.done)
	}()
	return u
}

func (u *unattended) snapshot() ([]logLine, string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]logLine(nil), u.lines...), strings.Join(u.raw, "\n")
}

// ranTwice: both products have a line of run 2 or later.
func (u *unattended) ranTwice() bool {
	lines, _ := u.snapshot()
	seen := map[int]bool{}
	for _, l := range lines {
		if l.Run >= 2 && l.Product != 0 {
			seen[l.Product] = true
		}
	}
	return seen[sandbox.ProductID] && seen[sandbox.SecondProductID]
}

// stop sends SIGTERM and waits for the exit, up to bound.
func (u *unattended) stop(t *testing.T, bound time.Duration) time.Duration {
	t.Helper()
	sent := time.Now()
	require.NoError(t, u.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-u.done:
	case <-time.After(bound):
		_, raw := u.snapshot()
		t.Fatalf("no exit within %s of SIGTERM; log:\n%s", bound, raw)
	}
	return time.Since(sent)
}

func waitUntil(t *testing.T, bound time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(bound)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", bound, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func requireNoErrors(t *testing.T, u *unattended) {
	t.Helper()
	lines, raw := u.snapshot()
	for _, l := range lines {
		if l.Stopped {
			continue // the run the signal ended
		}
		require.Empty(t, l.Error, raw)
		require.Zero(t, l.Failures, raw)
	}
}

// requireExitedCleanly checks that u exited 0 and that no run failed but
// the one the signal ended.
func requireExitedCleanly(t *testing.T, u *unattended) {
	t.Helper()
	_, raw := u.snapshot()
	require.Equal(t, 0, u.code, raw)
	requireNoErrors(t, u)
}

// requireSyncAllEndsAt runs sync --all once more, which must succeed, and
// checks that both sides then hold what ref counted.
func requireSyncAllEndsAt(t *testing.T, bin string, env []string, sb *sandbox.Sandbox, ref []string) {
	t.Helper()
	out, code := runBinary(t, bin, env, "sync", "--all")
	require.Equal(t, 0, code, out)
	require.Equal(t, ref, censusBoth(t, sb))
}

// sync --all --every runs every product again and again, and SIGTERM
// ends it with exit code 0; a run after it finds nothing left to do twice.
func TestSyncAllEveryRunsUntilSIGTERM(t *testing.T) {
	bin := buildBinary(t)
	ref := syncedTwice(t, bin)

	sb, env := twoProducts(t, 0)
	dir := t.TempDir()
	u := startUnattended(t, bin, env(dir), "sync", "--all", "--every", "2s", "--log-format", "json")
	waitUntil(t, 3*time.Minute, "two runs of both products", u.ranTwice)
	took := u.stop(t, 10*time.Second)
	t.Logf("exit %s after SIGTERM", took)
	requireExitedCleanly(t, u)
	requireSyncAllEndsAt(t, bin, env(dir), sb, ref)
}

// SIGTERM while a run writes: the run stops between items and exits 0;
// what it leaves (state, journal, Spira's mappings) lets the next runs
// finish the rest with nothing created twice.
func TestSIGTERMDuringARunLeavesWhatTheNextRunFinishes(t *testing.T) {
	bin := buildBinary(t)
	ref := syncedTwice(t, bin)

	sb, env := twoProducts(t, 40*time.Millisecond)
	dir := t.TempDir()
	before := len(sb.Jira.IssueKeys())
	u := startUnattended(t, bin, env(dir), "sync", "--all", "--every", "1m", "--log-format", "json")
	waitUntil(t, 2*time.Minute, "the first run's first Jira create", func() bool { return len(sb.Jira.IssueKeys()) > before })
	took := u.stop(t, 10*time.Second)
	lines, raw := u.snapshot()
	require.Equal(t, 0, u.code, raw)
	stopped := false
	for _, l := range lines {
		stopped = stopped || l.Stopped
	}
	t.Logf("exit %s after SIGTERM; stopped mid-run: %v; %d of the first run's issues created", took, stopped, len(sb.Jira.IssueKeys())-before)

	for range 2 {
		out, code := runBinary(t, bin, env(dir), "sync", "--all")
		require.Equal(t, 0, code, out)
	}
	require.Equal(t, ref, censusBoth(t, sb))
}

// Two unattended processes on one state directory take turns (the lock,
// --wait) and never fail each other's runs.
func TestTwoEveryProcessesOnOneStateDirTakeTurns(t *testing.T) {
	bin := buildBinary(t)
	ref := syncedTwice(t, bin)

	sb, env := twoProducts(t, 0)
	dir := t.TempDir()
	args := []string{"sync", "--all", "--every", "2s", "--wait", "2m", "--log-format", "json"}
	a := startUnattended(t, bin, env(dir), args...)
	time.Sleep(300 * time.Millisecond) // the second starts while the first runs
	b := startUnattended(t, bin, env(dir), args...)
	waitUntil(t, 4*time.Minute, "two runs of both products in both processes", func() bool { return a.ranTwice() && b.ranTwice() })
	a.stop(t, 10*time.Second)
	b.stop(t, 10*time.Second)
	requireExitedCleanly(t, a)
	requireExitedCleanly(t, b)
	requireSyncAllEndsAt(t, bin, env(dir), sb, ref)
}
