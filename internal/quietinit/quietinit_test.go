package quietinit

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReleaseGivesTheEnvironmentBack(t *testing.T) {
	setHere := set
	if setHere {
		require.Equal(t, "1", os.Getenv(envCI), "CI is set while the packages initialise")
	}
	Release()
	_, present := os.LookupEnv(envCI)
	// Set by init, taken back; set by the user, left alone.
	require.Equal(t, !setHere, present)
}
