package config

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"
)

// TestSecretServiceRoundTrip goes through the real OS keyring when a
// session bus is there and CI=true (the CI script starts gnome-keyring under
// dbus-run-session); elsewhere it uses go-keyring's mock so that a
// developer's keyring is left alone. In CI a missing bus is a failure.
func TestSecretServiceRoundTrip(t *testing.T) {
	ci := os.Getenv("CI") == "true"
	bus := os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
	switch {
	case ci && !bus:
		t.Fatal("CI=true but DBUS_SESSION_BUS_ADDRESS is empty: run the tests inside dbus-run-session with an unlocked gnome-keyring")
	case !ci:
		keyring.MockInit()
	}
	t.Setenv(EnvConfigDir, t.TempDir())
	s := NewSecretStore(&bytes.Buffer{})
	s.Getenv = func(string) string { return "" }
	s.Timeout = 10 * time.Second
	url := "https://roundtrip.test/" + time.Now().Format("150405.000000000")
	t.Cleanup(func() { _ = s.DeleteSecret(KindSpira, url, "ci") })

	src, err := s.SetSecret(KindSpira, url, "ci", "{ROUND-TRIP}")
	require.NoError(t, err)
	require.Equal(t, SourceKeyring, src)
	got, src, err := s.GetSecret(KindSpira, url, "ci")
	require.NoError(t, err)
	require.Equal(t, "{ROUND-TRIP}", got)
	require.Equal(t, SourceKeyring, src)
	require.NoError(t, s.DeleteSecret(KindSpira, url, "ci"))
	_, _, err = s.GetSecret(KindSpira, url, "ci")
	require.ErrorIs(t, err, ErrNotFound)
}
