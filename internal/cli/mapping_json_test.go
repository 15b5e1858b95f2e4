package cli

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var camelCase = regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)

// badKeys lists the JSON keys of v that are not camelCase.
func badKeys(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !camelCase.MatchString(k) {
				out = append(out, k)
			}
			out = append(out, badKeys(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, badKeys(e)...)
		}
	}
	return out
}

// The mapping commands speak one case to scripts: camelCase, the Spira and
// Jira references included.
func TestMappingJSONIsCamelCase(t *testing.T) {
	e := newMappingEnv(t, sampleMapping)
	local := strings.Replace(sampleMapping, `        jira: {id: "1", name: Open}
        primary: false`, `        jira: {}
        primary: false`, 1)
	require.NoError(t, os.WriteFile(e.o.File, []byte(local), 0o644))
	e.o.Output = "json"
	runs := map[string]func() error{
		"automap": func() error {
			return mappingAutomapRun(context.Background(), &MappingAutomapOptions{MappingOptions: e.o})
		},
		"diff":     func() error { return mappingDiffRun(context.Background(), &MappingDiffOptions{e.o}) },
		"validate": func() error { return mappingValidateRun(context.Background(), &MappingValidateOptions{e.o}) },
		"verify":   func() error { return mappingVerifyRun(context.Background(), &MappingVerifyOptions{e.o}) },
	}
	for name, run := range runs {
		e.out.Reset()
		_ = run()
		var v any
		require.NoError(t, json.Unmarshal(e.out.Bytes(), &v), name)
		require.Empty(t, badKeys(v), "%s: %s", name, e.out.String())
	}
	e.out.Reset()
	require.NoError(t, runs["automap"]())
	require.Contains(t, e.out.String(), `"spira": {
      "id": 1,
      "name": "New"`)
}
