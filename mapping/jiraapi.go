package mapping

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
)

// ReadJira reads what the mapping needs of one Jira project: the catalog
// and Jira's clock. A project that does not exist (or that the account
// cannot browse) gives a Jira with an empty Key, which Validate reports.
func ReadJira(ctx context.Context, c *jiraclient.Client, key string) (*Jira, error) {
	var serverTime, readAt time.Time
	si, err := c.ServerInfo(ctx)
	switch {
	case errors.Is(err, jiraclient.ErrUnauthorized):
		// Refused credentials read as anonymous, and an anonymous user
		// sees no project: say so rather than "no project LIB".
		return nil, err
	case err == nil:
		if t, ok := parseJiraTime(si.ServerTime); ok {
			serverTime, readAt = t, time.Now()
		}
	}
	cat, err := c.FetchCatalog(ctx, key)
	if errors.Is(err, jiraclient.ErrNotFound) {
		return &Jira{}, nil
	}
	if err != nil {
		return nil, err
	}
	j := JiraFromCatalog(cat)
	j.ServerTime, j.ReadAt = serverTime, readAt
	if err := readEditScreens(ctx, c, j); err != nil {
		return nil, err
	}
	return j, nil
}

func parseJiraTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano, "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// JiraFromCatalog converts the Jira client's catalog of a project. The
// clock (ServerTime) is left zero; ReadJira sets it.
func JiraFromCatalog(c *jiraclient.Catalog) *Jira {
	j := &Jira{Key: c.Project.Key, ID: c.Project.ID, Name: c.Project.Name, Workflows: map[string][]JiraItem{}}
	for _, it := range c.IssueTypes {
		j.IssueTypes = append(j.IssueTypes, JiraItem{it.ID, it.Name})
	}
	for _, its := range c.Statuses {
		for _, s := range its.Statuses {
			j.Workflows[its.ID] = append(j.Workflows[its.ID], JiraItem{s.ID, s.Name})
		}
	}
	for _, p := range c.Priorities {
		j.Priorities = append(j.Priorities, JiraItem{p.ID, p.Name})
	}
	for _, r := range c.Resolutions {
		j.Resolutions = append(j.Resolutions, JiraItem{r.ID, r.Name})
	}
	for _, x := range c.Components {
		j.Components = append(j.Components, JiraItem{x.ID, x.Name})
	}
	for _, v := range c.Versions {
		j.Versions = append(j.Versions, JiraItem{v.ID, v.Name})
	}
	for _, s := range c.SecurityLevels {
		j.SecurityLevels = append(j.SecurityLevels, JiraItem{s.ID, s.Name})
	}
	for _, l := range c.LinkTypes {
		j.LinkTypes = append(j.LinkTypes, JiraItem{l.ID, l.Name})
	}
	for _, f := range c.Fields {
		jf := JiraField{ID: f.ID, Name: f.Name, Custom: f.Custom}
		if f.Schema != nil {
			jf.Type, jf.Items, jf.CustomType = f.Schema.Type, f.Schema.Items, f.Schema.Custom
		}
		// Options of every context: a value valid in one is accepted.
		for _, co := range c.Options[f.ID] {
			for _, o := range co.Options {
				if o.OptionID != "" || o.Disabled {
					continue // cascading children, and options nobody can pick
				}
				if !slices.ContainsFunc(jf.Options, func(x JiraItem) bool { return x.Name == o.Value }) {
					jf.Options = append(jf.Options, JiraItem{o.ID, o.Value})
				}
			}
		}
		j.Fields = append(j.Fields, jf)
	}
	j.CreateScreens = map[string][]string{}
	for typ, fms := range c.CreateMeta {
		for _, fm := range fms {
			j.CreateScreens[typ] = append(j.CreateScreens[typ], cmp.Or(fm.FieldID, fm.Key))
		}
	}
	for _, u := range c.Users {
		j.Users = append(j.Users, JiraUser{AccountID: u.AccountID, DisplayName: u.DisplayName, Email: u.EmailAddress,
			Active: u.Active, App: u.AccountType == "app"})
	}
	return j
}
