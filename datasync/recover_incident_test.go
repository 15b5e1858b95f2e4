package datasync

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/stretchr/testify/require"
)

type incFinder struct {
	Spira
	incs []spiraclient.RemoteIncident
}

func (f *incFinder) NewIncidents(context.Context, int, time.Time) iter.Seq2[spiraclient.RemoteIncident, error] {
	return func(yield func(spiraclient.RemoteIncident, error) bool) {
		for _, inc := range f.incs {
			if !yield(inc, nil) {
				return
			}
		}
	}
}

// An incident whose create was sent by a stopped run is found by its name
// and the creation date the engine gave it, the Jira issue's. Spira keeps
// that date as SQL Server's datetime does, to the nearest 1/300 s: .125 is
// read back as .127, and an exact comparison missed the incident, which the
// next run then created again.
func TestRecoveryOfAnIncidentToleratesSpirasDateRounding(t *testing.T) {
	created := time.Date(2026, 11, 2, 9, 15, 30, 125_000_000, time.UTC)
	f := &incFinder{incs: []spiraclient.RemoteIncident{
		{IncidentID: 40, Name: "Scanner beeps twice", CreationDate: spiraclient.TimePtr(created.Add(2 * time.Second))},
		{IncidentID: 41, Name: "Scanner beeps twice", CreationDate: spiraclient.TimePtr(created.Add(2 * time.Millisecond))},
	}}
	e := &Engine{cfg: Config{Spira: f}, unkn: []entry{{Type: entryIntent, Item: "LIB-12", Artifact: "incident", Dir: dirJ2S,
		JiraKey: "LIB-12", Name: "Scanner beeps twice", Created: created, At: created.Add(time.Hour)}}}
	s := &Snapshot{ProductID: 1, IncidentKeys: map[int]string{}, RequirementKeys: map[int]string{}}
	require.NoError(t, e.recover(context.Background(), s))
	require.Equal(t, map[int]string{41: "LIB-12"}, s.IncidentKeys, "the one created from the issue, not the other of that name")
}
