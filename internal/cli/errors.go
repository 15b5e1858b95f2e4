package cli

import (
	"errors"
	"fmt"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

// Exit codes of the spirajira binary.
const (
	ExitOK         = 0
	ExitError      = 1
	ExitUsage      = 2
	ExitAuth       = 3
	ExitSyncFailed = 4
)

// UsageError is a mistake in how the command was called.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usageErrorf builds a UsageError; a command returns one when flags or
// arguments are wrong or missing.
func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ErrItemsFailed marks a sync that finished while some items failed.
var ErrItemsFailed = errors.New("some items failed to sync")

// authErrors are the sentinels that mean "your credentials were refused"
// or cannot be used as given.
var authErrors = []error{jiraclient.ErrUnauthorized, spiraclient.ErrUnauthorized, spiraclient.ErrAPIKeyBraces}

// ExitCode maps an error to the process exit code, in one place.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	for _, a := range authErrors {
		if errors.Is(err, a) {
			return ExitAuth
		}
	}
	// Credentials that are not there, or not usable as given, need the
	// same fix as refused ones: a login.
	var missing *config.MissingError
	if errors.As(err, &missing) {
		return ExitAuth
	}
	if errors.Is(err, ErrItemsFailed) {
		return ExitSyncFailed
	}
	return ExitError
}
