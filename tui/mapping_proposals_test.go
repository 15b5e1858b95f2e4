package tui

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
)

func testProposals(t *testing.T, names ...string) mappingProposals {
	t.Helper()
	st := NewStyles(DefaultTheme(), true)
	var list []mapping.Proposal
	for _, n := range names {
		p := mapping.Proposal{Confidence: 0.9, Reason: "same name"}
		p.Spira.Name = n
		list = append(list, p)
	}
	return newMappingProposals(&st, "Statuses", list)
}

// acceptInto records the proposals accepted; those named in fail fail.
func acceptInto(got *[]string, fail ...string) func(mapping.Proposal) error {
	return func(p mapping.Proposal) error {
		for _, f := range fail {
			if p.Spira.Name == f {
				return errors.New("no")
			}
		}
		*got = append(*got, p.Spira.Name)
		return nil
	}
}

func TestMappingProposalsYesNoThenDone(t *testing.T) {
	var got []string
	p := testProposals(t, "New", "Open")
	p, done := p.Update(keys("n"), acceptInto(&got))
	require.False(t, done)
	require.Equal(t, 1, p.idx)
	require.Contains(t, p.View(80), "proposal 2 of 2")
	p, done = p.Update(keys("y"), acceptInto(&got))
	require.True(t, done)
	require.Equal(t, []string{"Open"}, got, "the skipped one is not accepted")
	require.Equal(t, "Auto-map: accepted 1 of 2 proposals", p.Summary())
}

func TestMappingProposalsAllCountsOnlyWhatWasApplied(t *testing.T) {
	var got []string
	p := testProposals(t, "New", "Open", "Done")
	p, _ = p.Update(keys("n"), acceptInto(&got))
	p, done := p.Update(keys("A"), acceptInto(&got, "Done"))
	require.True(t, done)
	require.Equal(t, []string{"Open"}, got)
	require.Equal(t, 1, p.accepted, "a proposal that fails to apply is not counted")
}

func TestMappingProposalsEscStopsAndOtherKeysWait(t *testing.T) {
	var got []string
	p := testProposals(t, "New", "Open")
	p, done := p.Update(keys("x"), acceptInto(&got))
	require.False(t, done)
	require.Zero(t, p.idx)
	p, done = p.Update(esc, acceptInto(&got))
	require.True(t, done)
	require.Empty(t, got)
	require.Equal(t, "Auto-map: accepted 0 of 2 proposals", p.Summary())
}
