package ops

import "github.com/spirajira/spirajira/datasync"

// Change is one field of an action, before and after, as the faces show it.
type Change = datasync.Change

// Artifact names what an action is about, on both sides.
type Artifact = datasync.Artifact

// Winner is the side whose value a field changed on both sides keeps.
type Winner = datasync.Winner

const (
	JiraWins  = datasync.JiraWins
	SpiraWins = datasync.SpiraWins
)

// ParseWinner reads a winner as a user types it (jira or spira).
func ParseWinner(s string) (Winner, error) { return datasync.ParseWinner(s) }
