//go:build race

package tui_test

// raceEnabled makes the end-to-end test build the binary with -race too, so
// that it reuses the packages "go test -race" has just compiled.
const raceEnabled = true
