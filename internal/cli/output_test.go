package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type row struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

var sample = []row{{"10001", "Story"}, {"10002", "Bug with a long name"}}

func sampleTable() Table {
	t := Table{Headers: []string{"ID", "NAME"}}
	for _, r := range sample {
		t.Rows = append(t.Rows, []string{r.ID, r.Name})
	}
	return t
}

func TestPlainTableOffATerminal(t *testing.T) {
	out := &bytes.Buffer{}
	ios := TestIO(nil, out, &bytes.Buffer{})
	require.NoError(t, printResult(ios, "table", sample, sampleTable()))
	require.Equal(t, "ID     NAME\n10001  Story\n10002  Bug with a long name\n", out.String())
}

func TestNoColorGivesPlainTableOnATerminal(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	ios := SystemIO()
	out := &bytes.Buffer{}
	ios.Out = out
	ios.SetTTY(true, true)
	require.False(t, ios.ColorEnabled())
	require.NoError(t, printResult(ios, "table", sample, sampleTable()))
	require.NotContains(t, out.String(), "\x1b[")
	require.NotContains(t, out.String(), "─")
	require.True(t, strings.HasPrefix(out.String(), "ID     NAME\n"))
}

func TestStyledTableOnATerminal(t *testing.T) {
	out := &bytes.Buffer{}
	ios := TestIO(nil, out, &bytes.Buffer{})
	ios.SetTTY(true, true)
	require.True(t, ios.ColorEnabled())
	require.NoError(t, printResult(ios, "table", sample, sampleTable()))
	require.Contains(t, out.String(), "─", "people get the lipgloss table")
	require.Contains(t, out.String(), "Bug with a long name")
}

func TestMachineFormats(t *testing.T) {
	out := &bytes.Buffer{}
	ios := TestIO(nil, out, &bytes.Buffer{})

	require.NoError(t, printResult(ios, "json", sample, sampleTable()))
	require.True(t, json.Valid(out.Bytes()))
	var back []row
	require.NoError(t, json.Unmarshal(out.Bytes(), &back))
	require.Equal(t, sample, back)

	out.Reset()
	require.NoError(t, printResult(ios, "csv", sample, sampleTable()))
	recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	require.NoError(t, err)
	require.Equal(t, [][]string{{"ID", "NAME"}, {"10001", "Story"}, {"10002", "Bug with a long name"}}, recs)

	out.Reset()
	require.NoError(t, printResult(ios, "yaml", sample, sampleTable()))
	require.Equal(t, "- id: \"10001\"\n  name: Story\n- id: \"10002\"\n  name: Bug with a long name\n", out.String())
}

func TestEmptyTableSaysSoOnStderr(t *testing.T) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	require.NoError(t, printResult(TestIO(nil, out, errOut), "table", []row{}, Table{Headers: []string{"ID"}}))
	require.Empty(t, out.String())
	require.Equal(t, "Nothing to show.\n", errOut.String())
}

func TestEmptyNoColorDoesNotDisableColour(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	ios := SystemIO()
	ios.SetTTY(true, true)
	require.True(t, ios.ColorEnabled(), "no-color.org: only a non-empty NO_COLOR counts")
}
