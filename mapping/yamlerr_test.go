package mapping

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func fixtureFile(t *testing.T) []string {
	data, err := Format(fixtureProduct())
	require.NoError(t, err)
	return strings.Split(string(Stamp(data, "mapping pull")), "\n")
}

// Any line of a mapping file indented one or two spaces off is reported at
// that line, whatever line the YAML decoder would name.
func TestParseNamesTheLineOfAWrongIndent(t *testing.T) {
	lines := fixtureFile(t)
	checked := 0
	for i, l := range lines {
		if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		for _, shift := range []int{1, 2, -1} {
			a := append([]string{}, lines...)
			switch {
			case shift > 0:
				a[i] = strings.Repeat(" ", shift) + a[i]
			case strings.HasPrefix(a[i], " "):
				a[i] = a[i][1:]
			default:
				continue
			}
			_, err := Parse([]byte(strings.Join(a, "\n")))
			require.Error(t, err, "line %d shifted by %d", i+1, shift)
			var fe *FileError
			require.True(t, errors.As(err, &fe), "line %d shifted by %d: %v", i+1, shift, err)
			require.Equal(t, i+1, fe.Line, "line %d shifted by %d: %v", i+1, shift, err)
			require.Equal(t, len(a[i])-len(strings.TrimLeft(a[i], " "))+1, fe.Column)
			checked++
		}
	}
	require.Greater(t, checked, 100)
}

func TestParseSpeaksTheFilesTerms(t *testing.T) {
	lines := fixtureFile(t)
	edit := func(from, to string) []byte {
		s := strings.Join(lines, "\n")
		require.Contains(t, s, from)
		return []byte(strings.Replace(s, from, to, 1))
	}
	line := func(s string) int {
		for i, l := range lines {
			if strings.Contains(l, s) {
				return i + 1
			}
		}
		t.Fatalf("no line holds %q", s)
		return 0
	}
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"key in another case", edit("jiraKey: LIB", "jirakey: LIB"),
			[]string{"line " + itoa(line("jiraKey: LIB")) + ", column 3", `unknown key "jirakey" in project: did you mean "jiraKey"?`}},
		{"misspelt key in a list", edit(`versionNumber: "1.1"`, `versionNumbr: "1.1"`),
			[]string{"line " + itoa(line(`versionNumber: "1.1"`)) + ", column 5", `in releases[2]: did you mean "versionNumber"?`}},
		{"unknown top-level key", edit("project:", "projet:"),
			[]string{"line " + itoa(line("project:")) + ", column 1", `at the top of the file: did you mean "project"?`}},
		{"a tab", edit("  jiraKey: LIB", "\tjiraKey: LIB"),
			[]string{"line " + itoa(line("jiraKey: LIB")) + ", column 1", "a tab in the indentation"}},
		{"a word for a number", edit("timeOffsetHours: 0", "timeOffsetHours: soon"),
			[]string{"line " + itoa(line("timeOffsetHours")), "`soon` does not fit here: it takes a whole number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			require.Error(t, err)
			for _, w := range tt.want {
				require.Contains(t, err.Error(), w)
			}
			for _, goName := range []string{"mapping.", "fileForm", "field ", "not found in type", "!!"} {
				require.NotContains(t, err.Error(), goName)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A file far larger than any mapping is refused before it is read.
func TestReadFileRefusesAHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxFileSize+1))
	require.NoError(t, f.Close())
	_, err = ReadFile(path)
	require.ErrorContains(t, err, "a mapping file is at most 16 MB")
	_, err = Parse(make([]byte, MaxFileSize+1))
	require.ErrorContains(t, err, "a mapping file is at most 16 MB")
}
