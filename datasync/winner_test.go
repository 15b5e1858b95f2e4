package datasync

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
)

func TestParseWinner(t *testing.T) {
	for in, want := range map[string]Winner{"": JiraWins, "jira": JiraWins, "spira": SpiraWins} {
		got, err := ParseWinner(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	_, err := ParseWinner("Spira ")
	require.EqualError(t, err, `the conflict winner must be jira or spira, not "Spira "`)
}

// A winner no face parsed is refused before the run reads anything,
// rather than read as Jira's.
func TestNewRefusesAnUnknownWinner(t *testing.T) {
	w := newWorld(t, worldOpts{})
	_, err := New(Config{Spira: w.sc, Jira: w.jc, Mapping: &mapping.Product{}, StateDir: t.TempDir(), ConflictWinner: "both"})
	require.ErrorContains(t, err, `must be jira or spira, not "both"`)
	e, err := New(Config{Spira: w.sc, Jira: w.jc, Mapping: &mapping.Product{}, StateDir: t.TempDir()})
	require.NoError(t, err)
	require.Equal(t, JiraWins, e.cfg.ConflictWinner)
}
