package termbg

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		answer   string
		dark, ok bool
	}{
		{"\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\\x1b[3;1R", true, true},
		{"\x1b]11;rgb:ffff/ffff/ffff\a", false, true},
		{"\x1b]11;rgb:fd/f6/e3\x1b\\", false, true},
		{"\x1b[3;1R", false, false}, // a terminal without OSC 11
		{"", false, false},
		{"\x1b]11;rgb:zz/00/00\a", false, false},
	} {
		dark, ok := parse(tc.answer)
		require.Equal(t, tc.ok, ok, "%q", tc.answer)
		require.Equal(t, tc.dark, dark, "%q", tc.answer)
	}
}
