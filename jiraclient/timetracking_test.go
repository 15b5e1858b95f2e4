package jiraclient_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
)

func TestParseDuration(t *testing.T) {
	def := jiraclient.DefaultWorkingTime
	for _, tc := range []struct {
		in   string
		w    jiraclient.WorkingTime
		want int
	}{
		{"3h 30m", def, 210},
		{"1w", def, 5 * 8 * 60},
		{"0m", def, 0},
		{"1w 2d 3h 30m", def, 2400 + 960 + 210},
		{"2.5h", def, 150},
		{"45", def, 45},
		{"1d", jiraclient.WorkingTime{HoursPerDay: 7.5, DaysPerWeek: 5}, 450},
		{"1w", jiraclient.WorkingTime{HoursPerDay: 6, DaysPerWeek: 4}, 24 * 60},
		{"1H 5M", def, 65},
	} {
		got, err := jiraclient.ParseDuration(tc.in, tc.w)
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"", "abc", "3x", "h", "3h 2h", "-1h", "1e3m", "3 h"} {
		_, err := jiraclient.ParseDuration(bad, def)
		require.Error(t, err, bad)
	}
}

func TestFormatDuration(t *testing.T) {
	def := jiraclient.DefaultWorkingTime
	require.Equal(t, "3h 30m", jiraclient.FormatDuration(210, def))
	require.Equal(t, "1w", jiraclient.FormatDuration(2400, def))
	require.Equal(t, "0m", jiraclient.FormatDuration(0, def))
	require.Equal(t, "1w 2d 3h 30m", jiraclient.FormatDuration(2400+960+210, def))
	require.Equal(t, "1d 1h", jiraclient.FormatDuration(540, jiraclient.WorkingTime{HoursPerDay: 8, DaysPerWeek: 5}))
	for _, m := range []int{1, 59, 61, 479, 481, 2399, 2401, 12345} {
		got, err := jiraclient.ParseDuration(jiraclient.FormatDuration(m, def), def)
		require.NoError(t, err)
		require.Equal(t, m, got)
	}
}
