package mapping

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func extraByName(t *testing.T, p *Product, name string) Extra {
	t.Helper()
	for _, e := range p.Extras() {
		if e.Name == name {
			return e
		}
	}
	require.Failf(t, "no extra", "%s", name)
	return Extra{}
}

func TestExtrasFollowTheSettings(t *testing.T) {
	p := &Product{Plugin: Plugin{Custom01: "10030,10034,timetracking", Custom03: "Bidirectional,NoAttachments", Custom04: "10000,10001",
		Extended: Extended{SyncEpicStoryHierarchy: true, SkipComments: true}},
		CustomProperties: []PropertyMapping{{Artifact: ArtifactRequirement, Property: Ref{ID: 4, Name: "Due"}, Type: PropDate, Jira: JiraRef{ID: "DueDate"}}}}

	assert.False(t, extraByName(t, p, "Attachments").On)
	assert.Contains(t, extraByName(t, p, "Attachments").Means, "NoAttachments")
	assert.True(t, extraByName(t, p, "Estimate points").On)
	assert.Contains(t, extraByName(t, p, "Estimate points").Means, "10034")
	assert.True(t, extraByName(t, p, "Time tracking").On)
	assert.True(t, extraByName(t, p, "Epic/Story hierarchy").On)
	assert.False(t, extraByName(t, p, "Comments").On)
	due := extraByName(t, p, "Requirement due date")
	assert.True(t, due.On, "DueDate matches in any case")
	assert.Contains(t, due.Means, `"Due"`)
	require.NotNil(t, p.RequirementDueDate())

	// Without requirements, the requirement extras are off, and say why.
	p.Plugin.Custom03 = "NoRequirements"
	for _, name := range []string{"Estimate points", "Epic/Story hierarchy", "Requirement due date"} {
		e := extraByName(t, p, name)
		assert.False(t, e.On, name)
		assert.Contains(t, e.Summary(), "requirements do not sync", name)
	}
	assert.True(t, extraByName(t, p, "Attachments").On)

	// A due date property that is not a Date is named as the reason.
	p.Plugin.Custom03 = ""
	p.CustomProperties[0].Type = PropText
	assert.Contains(t, extraByName(t, p, "Requirement due date").Means, "not a Date")
}
