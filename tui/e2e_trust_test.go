package tui_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("the end-to-end test needs tmux on PATH (apt-get install tmux)")
	}
	bin := filepath.Join(dir, "spirajira")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	if out, err := exec.Command("go", append(args, "../cmd/spirajira")...).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// TestEndToEndNoLostWork drives the real binary: an edit is marked and q
// asks before dropping it; s writes mapping.yaml where the TUI was started
// and says its full path; a file changed by hand since is not overwritten
// without a yes.
func TestEndToEndNoLostWork(t *testing.T) {
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	s := newTmux(t, dir, "sh -c 'cd "+work+" && exec "+bin+" demo'")
	s.resize(120, 36)
	s.waitFor("the TUI to open on the sandbox", "1 Connections", "You are")

	s.send("3")
	s.waitFor("the Mapping screen", "Plug-in settings", "Caption")
	s.send("Right", "Down", "Enter")
	s.waitFor("the Caption field", "Plug-in setting Caption")
	s.send("C-u")
	s.typeText("Ours")
	s.send("Enter")
	s.waitFor("the edit marked", "● modified", "→ Ours")

	s.send("q")
	s.waitFor("the question before quitting", "Quit without saving the mapping of")
	s.send("n")
	s.waitFor("the TUI still open", "Not quit")

	s.send("s")
	path := filepath.Join(work, "mapping.yaml")
	s.waitFor("the save with its full path", "Saved to", path)
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), "caption: Ours") {
		t.Fatalf("mapping.yaml holds %q (%v)", data, err)
	}

	hand := string(data) + "# kept by hand\n"
	if err := os.WriteFile(path, []byte(hand), 0o644); err != nil {
		t.Fatal(err)
	}
	s.send("Enter")
	s.waitFor("the Caption field", "Plug-in setting Caption")
	s.typeText("s")
	s.send("Enter")
	s.waitFor("the second edit", "→ Ourss")
	s.send("s")
	s.waitFor("the question before overwriting", "changed since it was read")
	s.send("n")
	s.waitFor("the file left alone", "is as it was")
	if data, _ := os.ReadFile(path); string(data) != hand {
		t.Fatalf("the hand edit was overwritten:\n%s", data)
	}

	s.send("q")
	s.waitFor("the question before quitting", "Quit without saving")
	s.send("y")
	s.waitExit()
	if _, err := os.Stat("mapping.yaml"); err == nil {
		t.Fatal("mapping.yaml was written into the source directory")
	}
}
