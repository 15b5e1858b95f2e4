// Package sandboxtest starts the sandbox for a test.
package sandboxtest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

// Start starts a sandbox with opts that stays up until the test's cleanup.
func Start(tb testing.TB, opts sandbox.Options) *sandbox.Sandbox {
	tb.Helper()
	sb, err := sandbox.Start(context.Background(), opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { sb.Close() })
	return sb
}

// Clients are a client of each service, logged in as the sandbox's
// administrators.
func Clients(tb testing.TB, sb *sandbox.Sandbox) (*jiraclient.Client, *spiraclient.Client) {
	tb.Helper()
	jc, sc := sb.JiraCredentials(), sb.SpiraCredentials()
	jira, err := jiraclient.New(jc.URL, jc.Email, jc.Token)
	require.NoError(tb, err)
	spira, err := spiraclient.New(sc.URL, sc.Login, sc.APIKey)
	require.NoError(tb, err)
	return jira, spira
}
