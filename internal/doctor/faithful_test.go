package doctor

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func TestF18AnUnknownOrInProgressRunStatusIsAWarning(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	require.NoError(t, sb.Spira.SetPlugInStatus(sb.DataSyncID, 5, "In Progress"))
	r := Run(context.Background(), sandboxInputs(sb))
	c := requireCheck(t, r, "spira.plugin.lastrun", Warn, "In Progress (unknown status 5)")
	require.Contains(t, c.Fix, "another engine")

	require.NoError(t, sb.Spira.SetPlugInStatus(sb.DataSyncID, 9, ""))
	r = Run(context.Background(), sandboxInputs(sb))
	requireCheck(t, r, "spira.plugin.lastrun", Warn, "unknown (9)")
}

func TestF21ASpiraOlderThan75IsToldToUpgrade(t *testing.T) {
	sb := startSandbox(t)
	sb.Spira.SetProductVersion("7.4.0.0")
	r := Run(context.Background(), sandboxInputs(sb))
	c := requireCheck(t, r, "spira.login", Fail, "Spira 7.4.0.0 is older than 7.5")
	require.Contains(t, c.Fix, "Upgrade Spira to 7.5")
	c = requireCheck(t, r, "spira.version", Fail, "Spira 7.4.0.0 is older than 7.5")
	require.Contains(t, c.Fix, "Upgrade Spira to 7.5")

	// Older still: too old for the SpiraTest App for Jira as well. (Not
	// one of TestBreakOneThing's cases: without REST v7_0 the login check
	// fails too, as on a real Spira of that age.)
	sb.Spira.SetProductVersion("6.2.0.9")
	r = Run(context.Background(), sandboxInputs(sb))
	c = requireCheck(t, r, "spira.version", Fail, "Spira 6.2.0.9 is older than 6.3.0.1")
	require.Contains(t, c.Fix, "Upgrade Spira")
}

func TestF24TheSyncAccountsRoleIsChecked(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	in := sandboxInputs(sb)
	r := Run(context.Background(), in)
	requireCheck(t, r, "product.1.role", Pass, "system administrator")

	sync := sb.Spira.SyncAccount() // a Developer of product 1
	in.Spira.Login, in.Spira.APIKey = sync.Login, sync.APIKey
	r = Run(context.Background(), in)
	c := requireCheck(t, r, "product.1.role", Warn, "is Developer, not Product Owner, of product 1")
	require.Contains(t, c.Fix, "Product Owner")

	// When Spira does refuse it, the mapping check says why.
	sb.Spira.SetMappingRoles("Product Owner")
	r = Run(context.Background(), in)
	c = requireCheck(t, r, "product.1.mapping", Fail, "lacks a role needed for data mappings")
	require.Contains(t, c.Fix, "Product Owner")
}

// F25: Spira never answers 403; one from a proxy is not read as "needs a
// system administrator".
func TestF25A403IsAProxyNotSpira(t *testing.T) {
	sb := startSandbox(t)
	sb.Spira.FailNext("GET users", http.StatusForbidden, http.StatusForbidden, http.StatusForbidden)
	in := sandboxInputs(sb)
	in.Timeout = 20 * time.Second
	r := Run(context.Background(), in)
	c := requireCheck(t, r, "spira.login", Fail, "proxy or firewall")
	require.NotContains(t, c.Fix, "system administrator")
	_ = spiratest.DataSyncID
}
