package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
)

// parse runs cmd with args and no terminal, for a capturing runF.
func parse(t *testing.T, cmd *cobra.Command, args ...string) {
	t.Helper()
	cmd.SetArgs(args)
	cmd.SetIn(strings.NewReader(""))
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	require.NoError(t, cmd.Execute())
}

func testFactory() *Factory {
	return NewFactory(TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}))
}

func TestNewCmdLoginJiraParsesItsFlags(t *testing.T) {
	var got *LoginJiraOptions
	parse(t, NewCmdLoginJira(testFactory(), func(o *LoginJiraOptions) error { got = o; return nil }),
		"--site", "https://acme.atlassian.net", "--email", "me@acme.test", "--token-stdin", "--insecure-storage")
	require.Equal(t, "https://acme.atlassian.net", got.Site)
	require.Equal(t, "me@acme.test", got.Email)
	require.True(t, got.SecretStdin)
	require.True(t, got.InsecureStorage)
	require.NotNil(t, got.NewClient)
}

func TestNewCmdLoginSpiraParsesItsFlags(t *testing.T) {
	var got *LoginSpiraOptions
	parse(t, NewCmdLoginSpira(testFactory(), func(o *LoginSpiraOptions) error { got = o; return nil }),
		"--url", "https://acme.spiraservice.net", "--login", "fred", "--datasync", "JiraCloudSync", "--token-stdin")
	require.Equal(t, "https://acme.spiraservice.net", got.URL)
	require.Equal(t, "fred", got.Login)
	require.Equal(t, "JiraCloudSync", got.DataSync)
	require.True(t, got.SecretStdin)
	require.False(t, got.InsecureStorage)
}

func TestNewCmdMappingPushParsesItsFlags(t *testing.T) {
	var got *MappingPushOptions
	parse(t, newCmdMappingPush(testFactory(), func(o *MappingPushOptions) error { got = o; return nil }),
		"--product", "7", "-f", "acme.yaml", "--sheet", "out.html", "--yes", "--force")
	require.Equal(t, 7, got.Product)
	require.Equal(t, "acme.yaml", got.File)
	require.Equal(t, "out.html", got.Sheet)
	require.True(t, got.Yes)
	require.True(t, got.Force)

	got = nil
	parse(t, newCmdMappingPush(testFactory(), func(o *MappingPushOptions) error { got = o; return nil }))
	require.Equal(t, "mapping.yaml", got.File, "the default file")
	require.Zero(t, got.Product, "the product comes from the file")
	require.False(t, got.Yes)
}

func TestNewCmdMappingAutomapParsesItsFlags(t *testing.T) {
	var got *MappingAutomapOptions
	parse(t, newCmdMappingAutomap(testFactory(), func(o *MappingAutomapOptions) error { got = o; return nil }),
		"--write", "--overwrite", "--min-confidence", "0.6")
	require.True(t, got.Write)
	require.True(t, got.Overwrite)
	require.InDelta(t, 0.6, got.MinConfidence, 1e-9)
}

func TestNewCmdSyncParsesItsFlags(t *testing.T) {
	var got *SyncOptions
	f := testFactory()
	f.Output = "table"
	parse(t, newCmdSync(f, func(o *SyncOptions) error { got = o; return nil }),
		"--dry-run", "--product", "3", "--mapping", "m.yaml", "--plan-out", "plan.json", "--conflicts", "spira",
		"--poll-window", "90s", "--force")
	require.True(t, got.DryRun)
	require.Equal(t, 3, got.Product)
	require.Equal(t, "m.yaml", got.Mapping)
	require.Equal(t, "plan.json", got.PlanOut)
	require.Equal(t, "spira", got.Conflicts)
	require.Equal(t, 90*time.Second, got.PollWindow)
	require.True(t, got.Force)
}
