package datasync

import "fmt"

// Winner is the side whose value a field changed on both sides keeps.
type Winner string

const (
	JiraWins  Winner = "jira" // the default, as the plug-in
	SpiraWins Winner = "spira"
)

// ParseWinner reads a winner as a user types it; "" is the default.
func ParseWinner(s string) (Winner, error) {
	switch w := Winner(s); w {
	case "":
		return JiraWins, nil
	case JiraWins, SpiraWins:
		return w, nil
	}
	return "", fmt.Errorf("the conflict winner must be jira or spira, not %q", s)
}
