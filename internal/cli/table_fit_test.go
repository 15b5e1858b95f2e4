package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/stretchr/testify/require"
)

func wideTable() Table {
	return Table{
		Headers: []string{"ID", "NAME", "CONNECTION", "LOGIN", "CUSTOM 01-05"},
		Rows: [][]string{
			{"1", "JiraDataSync", "https://library-information-system.atlassian.net", "avery.admin@library.example", "10030 | 10031 | 10032 | 10001 | Relates"},
			{"22", "JiraDataSync (second site)", "https://archive.atlassian.net", "sam.sync@library.example", ""},
		},
	}
}

// Styled tables used to wrap at the terminal's edge, mid-word, with the
// header rule on three lines: each row now keeps to one line of the width.
func TestTablesFitTheTerminal(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		for _, width := range []int{80, 120} {
			out := &bytes.Buffer{}
			ios := TestIO(nil, out, &bytes.Buffer{})
			ios.SetTTY(false, true)
			ios.noColor = noColor
			ios.SetTerminalWidth(width)
			require.NoError(t, printTable(ios, wideTable()))
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			want := 3 // header and two rows
			if !noColor {
				want = 4 // and the rule under the header
			}
			require.Len(t, lines, want, out.String())
			for _, l := range lines {
				require.LessOrEqual(t, lipgloss.Width(l), width, "%q", l)
				require.NotEmpty(t, strings.TrimSpace(l))
			}
			require.Contains(t, out.String(), "…", "cut cells say so")
			require.True(t, strings.HasPrefix(strings.TrimSpace(lines[len(lines)-2]), "1 "), "the ID column is kept whole")
			require.True(t, strings.HasPrefix(strings.TrimSpace(lines[len(lines)-1]), "22 "))
		}
	}
}

func TestPipedTablesAreNotCut(t *testing.T) {
	out := &bytes.Buffer{}
	ios := TestIO(nil, out, &bytes.Buffer{})
	ios.SetTerminalWidth(40)
	require.NoError(t, printTable(ios, wideTable()))
	require.Contains(t, out.String(), "10030 | 10031 | 10032 | 10001 | Relates")
	require.NotContains(t, out.String(), "…")
}

func TestNarrowTablesAreLeftAlone(t *testing.T) {
	tb := sampleTable()
	require.Equal(t, tb, fitTable(tb, 80, true))
}
