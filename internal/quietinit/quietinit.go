// Package quietinit keeps the terminal from being queried while the
// program's packages initialise.
//
// Bubble Tea v1 asks the terminal for its background colour in its package
// init (lipgloss.HasDarkBackground, a termenv OSC 11 query that waits up to
// five seconds for an answer). A pseudo-terminal that never answers (script,
// some CI runners) made every command, even version, hang for those five
// seconds. termenv skips the query when CI is set, so this package sets it
// for the length of the package initialisation and main takes it back with
// Release before any command runs; the TUI asks the terminal itself, once,
// with a short timeout.
//
// It imports nothing but syscall: Go initialises, among the packages whose
// imports are ready, the one first by import path, so this one (ready once
// syscall is) runs before os, and so before termenv, which needs os.
// cmd/spirajira's tests check, under a terminal that never answers, that no
// query is written.
package quietinit

import "syscall"

const envCI = "CI"

var set bool

func init() {
	if _, ok := syscall.Getenv(envCI); ok {
		return
	}
	set = syscall.Setenv(envCI, "1") == nil
}

// Release removes the CI variable set during initialisation, so that colour
// detection and child processes see the environment the user gave.
func Release() {
	if set {
		_ = syscall.Unsetenv(envCI)
		set = false
	}
}
