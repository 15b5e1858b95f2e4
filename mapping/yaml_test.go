package mapping

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFormatParseRoundTrip(t *testing.T) {
	p := fixtureProduct()
	p.Sort()
	b, err := Format(p)
	require.NoError(t, err)
	got, err := Parse(b)
	require.NoError(t, err)
	require.Equal(t, p, got)
	b2, err := Format(got)
	require.NoError(t, err)
	require.Equal(t, string(b), string(b2))
	// Names sit beside IDs, one row per line.
	require.Contains(t, string(b), `- spira: {id: 2, name: Open}
        jira: {id: "1", name: Open}
        primary: true`)
	require.Contains(t, string(b), `jira: {id: Resolution}`)
}

func TestFormatIsStableWhateverTheOrder(t *testing.T) {
	a := fixtureProduct()
	b := fixtureProduct()
	for i, j := 0, len(b.Fields)-1; i < j; i, j = i+1, j-1 {
		b.Fields[i], b.Fields[j] = b.Fields[j], b.Fields[i]
	}
	v := b.Field(IncidentStatus).Values
	v[0], v[4] = v[4], v[0]
	b.Users[0], b.Users[1] = b.Users[1], b.Users[0]
	fa, err := Format(a)
	require.NoError(t, err)
	fb, err := Format(b)
	require.NoError(t, err)
	require.Equal(t, string(fa), string(fb))
}

func TestParseErrors(t *testing.T) {
	valid, err := Format(fixtureProduct())
	require.NoError(t, err)
	tests := []struct{ name, in, want string }{
		{"empty", "", "empty"},
		{"not yaml", "plugin: [", "mapping file"},
		{"unknown key", strings.Replace(string(valid), "autoMapUsers:", "autoMapUser:", 1), "autoMapUser"},
		{"unknown field", strings.Replace(string(valid), "field: incident.status", "field: incident.state", 1), `unknown field "incident.state"`},
		{"duplicate row", strings.Replace(string(valid), "spira: {id: 2, name: Open}", "spira: {id: 1, name: Open}", 1), "listed twice"},
		{"values on a scalar", strings.Replace(string(valid), "type: date", "type: date\n    values:\n      - spira: {id: 1}\n        jira: {name: x}\n        primary: true", 1), "has no values"},
		{"two documents", string(valid) + "---\nplugin: {}\n", "more than one"},
		{"wrong type", "plugin:\n  id: abc\n", "mapping file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.want)
		})
	}
}

func FuzzParse(f *testing.F) {
	valid, err := Format(fixtureProduct())
	require.NoError(f, err)
	f.Add(valid)
	f.Add([]byte("plugin: {id: 1}\nproject: {spira: {id: 1}, jiraKey: X, active: true}\n"))
	f.Add([]byte("fields:\n  - field: incident.type\n    values:\n      - spira: {id: 1}\n        jira: {id: \"1\"}\n"))
	f.Add([]byte("&a [*a, *a]"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			require.Nil(t, p)
			return
		}
		// A parsed product is valid, and writing it out reads back the same.
		require.NoError(t, p.Check())
		b, err := Format(p)
		require.NoError(t, err)
		q, err := Parse(b)
		require.NoError(t, err, "re-parse of\n%s", b)
		p.Sort()
		require.Equal(t, p, q)
		b2, err := Format(q)
		require.NoError(t, err)
		require.Equal(t, string(b), string(b2), "the written form is a fixed point")
	})
}
