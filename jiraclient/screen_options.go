package jiraclient

import "context"

// CreateScreenOptions reads one field's options from the create screens of
// a project's issue types: what an account without Jira administration can
// read of them (FetchCatalog's fallback, for one field). A child option of
// a cascading field names its parent in OptionID.
func (c *Client) CreateScreenOptions(ctx context.Context, project, fieldID string) ([]FieldOption, error) {
	types, err := c.CreateMetaIssueTypes(ctx, project)
	if err != nil {
		return nil, err
	}
	cat := &Catalog{CreateMeta: map[string][]FieldMeta{}}
	for _, it := range types {
		if cat.CreateMeta[it.ID], err = c.CreateMetaFields(ctx, project, it.ID); err != nil {
			return nil, err
		}
	}
	return optionsFromMeta(cat, fieldID), nil
}
