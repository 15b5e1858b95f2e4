package tui_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEndToEndNewcomerPath builds the real binary and drives "spirajira
// demo" in tmux, at 80x24 then resized, through the newcomer's path: find the ID of the status
// "In Progress" on the Jira screen, auto-map the incident statuses, push,
// apply the sheet, dry-run, sync and read the report.
func TestEndToEndNewcomerPath(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("the end-to-end test needs tmux on PATH (apt-get install tmux)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "spirajira")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, "../cmd/spirajira")...)
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	t.Logf("built the binary in %s", time.Since(start).Round(time.Millisecond))
	s := newTmux(t, dir, bin+" demo")

	s.waitFor("the TUI to open on the sandbox", "1 Connections", "Spira")
	jiraURL := s.waitForMatch("the sandbox's Jira site", regexp.MustCompile(`Site\s+(http://127\.0\.0\.1:\d+)`))

	s.send("2")
	s.waitFor("the Jira catalog of LIB", "Statuses")
	// The active tab is the bracketed "name count"; the screens' bar
	// brackets a screen ("[2 Jira]") without a count after the name.
	activeTab := regexp.MustCompile(`\[[^\]\n]* \d+\]`)
	for i := 0; i < 8 && !strings.Contains(s.screen(), "[Statuses"); i++ {
		s.step("Right", activeTab)
	}
	s.waitFor("the Statuses tab", "[Statuses")
	s.send("/")
	s.typeText("In Progress")
	s.send("Enter")
	row := regexp.MustCompile(`› (\d+)\s+In Progress`)
	id := s.waitForMatch("the ID of In Progress", row)
	t.Logf("In Progress is status %s", id)

	s.send("3")
	s.waitFor("the mapping of the sandbox product", "Incident Status")
	// The selected category, without its count of problems.
	category := regexp.MustCompile(`› [^│(…\n]*`)
	for i := 0; i < 12 && !strings.Contains(s.screen(), "› Incident Status"); i++ {
		s.step("Down", category)
	}
	s.waitFor("the incident statuses", "› Incident Status")
	s.send("a")
	s.waitFor("the auto-map proposals", "Auto-map Incident Status", "proposal 1 of")
	s.send("A")
	s.waitFor("the proposals accepted", "Auto-map: accepted")

	s.send("P")
	s.waitFor("the push confirmation with the diff", "Push these changes to Spira?")
	s.send("y")
	s.waitFor("the setup sheet", "Setup sheet:")
	s.send("A")
	done := regexp.MustCompile(`Setup sheet: (\d+) of (\d+) done`)
	s.waitForCheck("the sheet applied and verified", func(screen string) bool {
		m := done.FindStringSubmatch(screen)
		return m != nil && m[1] == m[2] && strings.Contains(screen, "Verified")
	})

	// The rest runs in a larger window: the TUI follows the resize.
	s.resize(120, 40)
	s.waitForCheck("the TUI to fill the resized window", func(screen string) bool {
		lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
		return len(lines) >= 39 && strings.Contains(lines[len(lines)-1], "quit")
	})

	s.send("4")
	s.waitFor("the Sync screen", "Sync")
	s.send("Enter")
	s.waitFor("the dry-run plan", "Dry-run plan for")
	s.send("r")
	s.waitFor("the question before a sync", "Run this sync")
	s.send("y")
	s.waitFor("the sync report", "Sync report for")
	report := s.screen()
	if !strings.Contains(report, ": done") && !strings.Contains(report, "failed") {
		t.Fatalf("the report says neither done nor failed:\n%s", report)
	}

	s.send("q")
	s.waitExit()
	if resp, err := http.Get(jiraURL + "/rest/api/3/serverInfo"); err == nil {
		resp.Body.Close()
		t.Fatalf("the sandbox's Jira still answers at %s after quitting", jiraURL)
	}
}

type tmuxSession struct {
	t    *testing.T
	name string
}

// tmux runs a tmux command on the session's own server: a private socket
// keeps the test away from the user's tmux server, its options and its
// sessions.
func (s *tmuxSession) tmux(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", s.name}, args...)...)
}

func newTmux(t *testing.T, dir, command string) *tmuxSession {
	name := fmt.Sprintf("spirajira-e2e-%d", os.Getpid())
	s := &tmuxSession{t: t, name: name}
	env := []string{
		"SPIRAJIRA_CONFIG_DIR=" + filepath.Join(dir, "config"),
		"SPIRAJIRA_STATE_DIR=" + filepath.Join(dir, "state"),
		"HOME=" + dir,
		"TERM=xterm-256color",
	}
	// remain-on-exit keeps the pane readable if the program dies, so the
	// failure shows what it printed.
	args := []string{"-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "80", "-y", "24",
		"env " + strings.Join(env, " ") + " " + command}
	start := s.tmux(args...)
	// CI runs without a terminal; tmux still wants to know what the outer
	// one would be.
	start.Env = append(os.Environ(), "TERM=xterm-256color")
	if out, err := start.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = s.tmux("kill-server").Run() })
	_ = s.tmux("set-option", "-t", name, "remain-on-exit", "on").Run()
	return s
}

func (s *tmuxSession) resize(w, h int) {
	out, err := s.tmux("resize-window", "-t", s.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux resize-window: %v\n%s", err, out)
	}
}

func (s *tmuxSession) screen() string {
	out, err := s.tmux("capture-pane", "-p", "-t", s.name).Output()
	if err != nil {
		s.t.Fatalf("tmux capture-pane: %v", err)
	}
	return string(out)
}

func (s *tmuxSession) send(keys ...string) {
	args := append([]string{"send-keys", "-t", s.name}, keys...)
	if out, err := s.tmux(args...).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys %v: %v\n%s", keys, err, out)
	}
}

func (s *tmuxSession) typeText(text string) {
	args := []string{"send-keys", "-t", s.name, "-l", text}
	if out, err := s.tmux(args...).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys -l: %v\n%s", err, out)
	}
}

const e2eTimeout = 60 * time.Second

// poll captures the pane until ok holds, or fails after the timeout.
func (s *tmuxSession) poll(what string, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(e2eTimeout)
	for {
		screen := s.screen()
		if ok(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waited %s for %s; the screen is:\n%s", e2eTimeout, what, screen)
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not a wait for the program
	}
}

func (s *tmuxSession) waitFor(what string, texts ...string) {
	s.t.Helper()
	s.poll(what, func(screen string) bool {
		for _, t := range texts {
			if !strings.Contains(screen, t) {
				return false
			}
		}
		return true
	})
}

func (s *tmuxSession) waitForCheck(what string, ok func(string) bool) {
	s.t.Helper()
	s.poll(what, ok)
}

func (s *tmuxSession) waitForMatch(what string, re *regexp.Regexp) string {
	s.t.Helper()
	screen := s.poll(what, re.MatchString)
	return re.FindStringSubmatch(screen)[1]
}

// step sends key and waits until what cursor finds on the screen (the
// selected tab or row) is no longer what it was, so each key is judged on
// its own result: a key sent before the last one was handled would move
// past the target.
func (s *tmuxSession) step(key string, cursor *regexp.Regexp) {
	s.t.Helper()
	before := cursor.FindString(s.screen())
	s.send(key)
	s.poll(fmt.Sprintf("%s to move the selection from %q", key, before), func(screen string) bool {
		return cursor.FindString(screen) != before
	})
}

func (s *tmuxSession) waitExit() {
	s.t.Helper()
	s.poll("the program to exit", func(string) bool {
		out, err := s.tmux("display-message", "-p", "-t", s.name, "#{pane_dead}").Output()
		return err != nil || strings.TrimSpace(string(out)) == "1"
	})
}
