package cli

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// diff, verify, push and automap all start from the mapping file and what
// Spira holds for it: each refuses a missing file, a file of another product
// and a missing Spira connection with the same actionable message.
func TestMappingCommandsThatCompareNeedTheFileAndSpira(t *testing.T) {
	runs := map[string]func(context.Context, MappingOptions) error{
		"diff": func(ctx context.Context, o MappingOptions) error { return mappingDiffRun(ctx, &MappingDiffOptions{o}) },
		"verify": func(ctx context.Context, o MappingOptions) error {
			return mappingVerifyRun(ctx, &MappingVerifyOptions{o})
		},
		"push": func(ctx context.Context, o MappingOptions) error {
			return mappingPushRun(ctx, &MappingPushOptions{MappingOptions: o})
		},
		"automap": func(ctx context.Context, o MappingOptions) error {
			return mappingAutomapRun(ctx, &MappingAutomapOptions{MappingOptions: o})
		},
	}
	for name, run := range runs {
		e := newMappingEnv(t, sampleMapping)
		ctx := context.Background()

		err := run(ctx, e.o)
		require.Error(t, err, name)
		require.Equal(t, ExitUsage, ExitCode(err), name)
		require.Contains(t, err.Error(), "does not exist: run 'spirajira mapping pull --product ID' first", name)

		require.NoError(t, os.WriteFile(e.o.File, []byte(sampleMapping), 0o644))
		other := e.o
		other.Product = 8
		err = run(ctx, other)
		require.Equal(t, ExitUsage, ExitCode(err), name)
		require.Contains(t, err.Error(), "is the mapping of product 7, not 8", name)

		none := e.o
		none.Spira = nil
		err = run(ctx, none)
		require.Error(t, err, name)
		require.Contains(t, err.Error(), "no Spira connection is configured: run 'spirajira login spira'", name)
	}
}
