package cli

import (
	"os"
	"testing"

	"github.com/zalando/go-keyring"
)

// TestMain keeps the CLI tests off the developer's real keyring and config.
func TestMain(m *testing.M) {
	keyring.MockInit()
	dir, err := os.MkdirTemp("", "spirajira-cli-test")
	if err != nil {
		panic(err)
	}
	os.Setenv("SPIRAJIRA_CONFIG_DIR", dir)
	os.Setenv("SPIRAJIRA_STATE_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
