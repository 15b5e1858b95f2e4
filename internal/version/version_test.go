package version

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLinkerValuesWin(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Version: "v0.9.0"},
		Settings:  []debug.BuildSetting{{Key: "vcs.revision", Value: "aaaa"}, {Key: "vcs.time", Value: "2020-01-01T00:00:00Z"}},
	}
	got := get("1.2.3", "bbbb", "2026-01-01", bi)
	require.Equal(t, "1.2.3", got.Version)
	require.Equal(t, "bbbb", got.Commit)
	require.Equal(t, "2026-01-01", got.Date)
	require.Equal(t, "go1.26.0", got.GoVersion)
}

func TestBuildInfoFallback(t *testing.T) {
	bi := &debug.BuildInfo{
		Main: debug.Module{Version: "v0.4.1"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"},
			{Key: "vcs.time", Value: "2026-11-27T06:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	got := get("", "", "", bi)
	require.Equal(t, "v0.4.1", got.Version)
	require.Equal(t, "0123456789abcdef0123-dirty", got.Commit)
	require.Equal(t, "2026-11-27T06:00:00Z", got.Date)
	require.Contains(t, got.String(), "spirajira 0.4.1 (0123456789abcdef0123-dirty, 2026-11-27T06:00:00Z)")
}

func TestDevelBuildSaysDev(t *testing.T) {
	got := get("", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}})
	require.Equal(t, "dev", got.Version)
	require.Equal(t, "", got.Commit)
	require.NotContains(t, got.String(), "(")
}

func TestPlaceholdersFallBackToBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "feedface"},
		{Key: "vcs.time", Value: "2026-11-27T06:00:00Z"},
	}}
	got := get("0.0.1-next", "none", "0001-01-01T00:00:00Z", bi)
	require.Equal(t, "0.0.1-next", got.Version)
	require.Equal(t, "feedface", got.Commit)
	require.Equal(t, "2026-11-27T06:00:00Z", got.Date)
}
