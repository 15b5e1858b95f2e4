package tui

import "path/filepath"

// absPath is path made absolute, so that what is said is where the file is
// whatever the directory the TUI was started in.
func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}
