package cli

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/mapping/mappingtest"
)

// A release Spira does not have, or two releases on one Jira version, is
// an error of validate, and push writes nothing for it, even when Jira
// cannot be read to check the rest.
func TestMappingPushRefusesSpiraIDsSpiraLacks(t *testing.T) {
	files := map[string]string{
		"release 77": strings.Replace(sampleMapping, "fields:\n",
			"  - spira: {id: 77, name: Ghost}\n    jira: {id: \"101\"}\nfields:\n", 1),
		"two releases on one version": strings.Replace(sampleMapping, "fields:\n",
			"  - spira: {id: 2, name: Second}\n    jira: {id: \"100\"}\nfields:\n", 1),
	}
	rules := map[string]mapping.Rule{"release 77": mapping.RuleUnknownSpiraID, "two releases on one version": mapping.RuleManyToOne}
	for name, file := range files {
		t.Run(name, func(t *testing.T) {
			e := newMappingEnv(t, sampleMapping)
			lk := sampleLookups()
			lk.Releases = append(lk.Releases, mapping.SpiraRelease{ID: 2, Name: "Second"})
			p, err := mapping.Parse([]byte(sampleMapping))
			require.NoError(t, err)
			e.spira = mappingtest.New(p, lk)
			require.NoError(t, os.WriteFile(e.o.File, []byte(file), 0o644))

			jo := e.o
			jo.Output = "json"
			require.Error(t, mappingValidateRun(context.Background(), &MappingValidateOptions{jo}))
			var got []mapping.Problem
			require.NoError(t, json.Unmarshal(e.out.Bytes(), &got))
			require.True(t, hasRule(got, rules[name]), "%+v", got)

			e.o.Jira = func(context.Context, string) (*mapping.Jira, error) { return nil, errors.New("Jira is down") }
			err = mappingPushRun(context.Background(), &MappingPushOptions{MappingOptions: e.o, Yes: true})
			require.ErrorContains(t, err, "mapping error")
			require.Empty(t, e.spira.Calls(), "nothing is written")
		})
	}
}

func hasRule(ps []mapping.Problem, r mapping.Rule) bool {
	for _, p := range ps {
		if p.Rule == r && p.Severity == mapping.Error {
			return true
		}
	}
	return false
}
