package mapping

import (
	"errors"
	"fmt"
	"strings"
)

// SheetApplier enters setup-sheet lines into a Spira instance by other
// means than its REST API, which has no calls for them. Only a simulated
// Spira can do that: the sandbox adapts its simulator to this interface so
// that the demo can apply the sheet for the user. Nothing that talks to a
// real Spira implements it.
type SheetApplier interface {
	SetProjectKey(pluginID, productID int, jiraKey string) error
	SetProjectActive(pluginID, productID int, active bool) error
	SetUserMapping(pluginID, userID int, externalKey string) error
	SetFieldValueMapping(pluginID, productID, artifactFieldID, valueID int, externalKey string, primary bool) error
	SetCustomPropertyMapping(pluginID, productID, artifactTypeID, propertyID int, externalKey string) error
	SetCustomPropertyValueMapping(pluginID, productID, artifactTypeID, propertyID, valueID int, externalKey string) error
}

// ApplySheet enters every line of s through a, as an administrator would
// in Spira's screens. Plug-in and release lines are Push's work and are
// refused. It stops at the first error.
func ApplySheet(s *Sheet, pluginID int, a SheetApplier) error {
	pid := s.Product.ID
	for _, l := range s.Lines() {
		t := l.Target
		var err error
		switch t.Kind {
		case TargetProject:
			if t.Attr == "active" {
				err = a.SetProjectActive(pluginID, pid, strings.EqualFold(l.Enter, "yes"))
			} else {
				err = a.SetProjectKey(pluginID, pid, l.Enter)
			}
		case TargetUser:
			err = a.SetUserMapping(pluginID, t.Row, l.Enter)
		case TargetFieldValue:
			err = a.SetFieldValueMapping(pluginID, pid, t.Field.ArtifactFieldID(), t.Row, l.Enter, l.Primary != nil && *l.Primary)
		case TargetProperty:
			err = a.SetCustomPropertyMapping(pluginID, pid, t.Artifact.TypeID(), t.Property, l.Enter)
		case TargetPropertyValue:
			err = a.SetCustomPropertyValueMapping(pluginID, pid, t.Artifact.TypeID(), t.Property, t.Row, l.Enter)
		default:
			err = errors.New("Push writes this through the API")
		}
		if err != nil {
			return fmt.Errorf("apply sheet line %q %s: %w", l.Row, l.Label, err)
		}
	}
	return nil
}
