package sandbox

import (
	"context"
	"fmt"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
)

// The second product of Options.SecondProduct.
const (
	// SecondProductID is Spira's seeded "Sample Empty Product 1", of the
	// same template as ProductID.
	SecondProductID = 2
	// SecondProjectKey is the Jira project it is mapped to.
	SecondProjectKey = "ARC"
)

// secondProductFields are the standard fields (artifact field IDs) whose
// value mappings the second product shares with the first: types,
// statuses, priorities, severities, importances. Components and releases
// are the first product's own and stay unmapped.
var secondProductFields = []int{1, 2, 3, 4, 16, 18, 57, 59, 140, 145}

// seedSecondProduct adds the Jira project, maps the product to it as an
// administrator does in Spira's screens, and creates a few incidents
// through Spira's REST API.
func (sb *Sandbox) seedSecondProduct(ctx context.Context) error {
	if _, err := sb.Jira.AddProject(jiratest.ProjectSpec{Key: SecondProjectKey, Name: "Archive Digitisation"}); err != nil {
		return fmt.Errorf("sandbox: adding Jira project %s: %w", SecondProjectKey, err)
	}
	sb.Spira.SetProjectMapping(DataSyncID, SecondProductID, SecondProjectKey, true)
	sb.Spira.CopyFieldValueMappings(DataSyncID, ProductID, SecondProductID, secondProductFields...)
	sc := sb.SpiraCredentials()
	c, err := spiraclient.New(sc.URL, sc.Login, sc.APIKey)
	if err != nil {
		return err
	}
	for _, name := range []string{"Scanned maps lose their colour profile", "OCR skips the second column of newspapers"} {
		inc := spiraclient.RemoteIncident{IncidentTypeID: 2, IncidentStatusID: 1, PriorityID: 2, Name: name,
			Description: "<p>" + name + ".</p>", ComponentIDs: []int{}}
		if _, err := c.CreateIncident(ctx, SecondProductID, inc); err != nil {
			return fmt.Errorf("sandbox: creating an incident in product %d: %w", SecondProductID, err)
		}
	}
	return nil
}
