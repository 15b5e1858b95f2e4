// Package sandboxtest starts the sandbox for a test.
package sandboxtest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/sandbox"
)

// Start starts a sandbox with opts that stays up until the test's cleanup.
func Start(tb testing.TB, opts sandbox.Options) *sandbox.Sandbox {
	tb.Helper()
	sb, err := sandbox.Start(context.Background(), opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { sb.Close() })
	return sb
}
