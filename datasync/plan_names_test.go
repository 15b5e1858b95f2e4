package datasync

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
)

var bareIDs = regexp.MustCompile(`^[0-9, ]+$`)

// The plan says what each side will hold, by that side's names: a Spira
// create names components, resolutions and users, not their IDs; a Jira
// create shows Jira's issue type and priority, with the Spira value beside
// it where it reads differently.
func TestPlanChangesNameWhatEachSideHolds(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.addIncident("Hold shelf label prints twice", func(inc *spiraclient.RemoteIncident) {
		inc.IncidentTypeID = 1 // Incident, which Jira receives as Bug
		inc.PriorityID = 1
		inc.ComponentIDs = []int{2}
	})
	plan := w.dryRun()
	seen := map[string]string{}
	for _, a := range plan {
		if a.Kind != KindCreate {
			continue
		}
		for _, c := range a.Changes {
			key := string(a.Direction) + " " + c.Field
			if a.Direction == JiraToSpira {
				switch c.Field {
				case "Components", "Resolution", "Reviewer", "Owner", "Affected Branches", "Type", "Status", "Priority":
					require.False(t, bareIDs.MatchString(c.After), "%s %s: %s = %q", a.Artifact, a.Summary, c.Field, c.After)
				}
			}
			if a.Artifact.Name == "Hold shelf label prints twice" {
				seen[key] = c.After
			}
			if _, ok := seen["any "+key]; !ok {
				seen["any "+key] = c.After
			}
		}
	}
	require.Equal(t, "Bug (Spira: Incident)", seen["Spira → Jira Issue type"], "%v", seen)
	require.Equal(t, "Highest (Spira: 1 - Critical)", seen["Spira → Jira Priority"], "%v", seen)
	require.Equal(t, "High", seen["any Spira → Jira Priority"], "2 - High is said once: %v", seen)
	require.Equal(t, "Circulation", seen["Spira → Jira Components"], "%v", seen)
	for _, f := range []string{"Components", "Resolution", "Reviewer"} {
		v, ok := seen["any Jira → Spira "+f]
		require.True(t, ok, "the seed has a Jira issue with %s: %v", f, seen)
		require.NotEmpty(t, strings.TrimSpace(v))
	}
}
