package tui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/jiraclient"
)

// CatalogView turns the Jira client's catalog into the Jira screen's tabs,
// in the order of the Configuration Helper, the ID first in every table.
func CatalogView(c *jiraclient.Catalog) Catalog {
	out := Catalog{Project: c.Project.Key}
	out.Notes = append(out.Notes, c.Problems...)
	for part, src := range c.Sources {
		if src == jiraclient.SourceCreateMeta {
			out.Notes = append(out.Notes, fmt.Sprintf("%s: read from the create screens (the account is not a Jira administrator)", part))
		}
	}
	sort.Strings(out.Notes)

	typeNames := map[string]string{}
	it := CatalogTab{Name: "Issue types", Columns: []string{"ID", "Name", "Subtask", "Level"}}
	for _, t := range c.IssueTypes {
		typeNames[t.ID] = t.Name
		it.Rows = append(it.Rows, CatalogRow{Cells: []string{t.ID, t.Name, words.YesNo(t.Subtask), fmt.Sprint(t.HierarchyLevel)},
			Detail: []string{t.Name + " (" + t.ID + ")", "Subtask: " + words.YesNo(t.Subtask), "Description: " + t.Description}})
	}
	out.Tabs = append(out.Tabs, it)

	// A status appears once, with every issue type whose workflow uses it.
	usedBy := map[string][]string{}
	for _, its := range c.Statuses {
		for _, s := range its.Statuses {
			usedBy[s.ID] = append(usedBy[s.ID], its.Name)
		}
	}
	st := CatalogTab{Name: "Statuses", Columns: []string{"ID", "Name", "Category", "Issue types"}}
	for _, s := range c.StatusList() {
		cat := ""
		if s.StatusCategory != nil {
			cat = s.StatusCategory.Name
		}
		types := strings.Join(usedBy[s.ID], ", ")
		st.Rows = append(st.Rows, CatalogRow{Cells: []string{s.ID, s.Name, cat, types},
			Detail: []string{s.Name + " (" + s.ID + ")", "Category: " + cat, "Used by the workflows of: " + types}})
	}
	out.Tabs = append(out.Tabs, st)

	simple := func(name string, rows [][]string) {
		t := CatalogTab{Name: name, Columns: []string{"ID", "Name", "Description"}}
		for _, r := range rows {
			t.Rows = append(t.Rows, CatalogRow{Cells: r})
		}
		out.Tabs = append(out.Tabs, t)
	}
	var rows [][]string
	for _, p := range c.Priorities {
		rows = append(rows, []string{p.ID, p.Name, p.Description})
	}
	simple("Priorities", rows)
	rows = nil
	for _, r := range c.Resolutions {
		rows = append(rows, []string{r.ID, r.Name, r.Description})
	}
	simple("Resolutions", rows)
	rows = nil
	for _, r := range c.Components {
		rows = append(rows, []string{r.ID, r.Name, r.Description})
	}
	simple("Components", rows)

	vt := CatalogTab{Name: "Versions", Columns: []string{"ID", "Name", "Released", "Archived", "Release date"}}
	for _, v := range c.Versions {
		vt.Rows = append(vt.Rows, CatalogRow{Cells: []string{v.ID, v.Name, words.YesNo(v.Released), words.YesNo(v.Archived), v.ReleaseDate}})
	}
	out.Tabs = append(out.Tabs, vt)

	ft := CatalogTab{Name: "Custom fields", Columns: []string{"ID", "Name", "Type", "Spira type"}}
	for _, f := range c.Fields {
		if !f.Custom {
			continue
		}
		typ := ""
		if f.Schema != nil {
			typ = f.Schema.Type
			if f.Schema.Items != "" {
				typ += " of " + f.Schema.Items
			}
			if f.Schema.Custom != "" {
				typ = f.Schema.Custom[strings.LastIndex(f.Schema.Custom, ":")+1:]
			}
		}
		fits := jiraclient.SpiraTypeFor(f.Schema).String()
		detail := []string{f.Name + " (" + f.ID + ")", "Jira type: " + typ}
		if fits == "" {
			detail = append(detail, "No Spira custom property type fits this field")
		} else {
			detail = append(detail, "Fits a Spira custom property of type "+fits)
		}
		for _, co := range c.Options[f.ID] {
			var vals []string
			for _, o := range co.Options {
				v := o.Value + " (" + o.ID + ")"
				if o.Disabled {
					v += " disabled"
				}
				vals = append(vals, v)
			}
			detail = append(detail, "Options in "+co.Context.Name+": "+strings.Join(vals, ", "))
		}
		ft.Rows = append(ft.Rows, CatalogRow{Cells: []string{f.ID, f.Name, typ, fits}, Detail: detail})
	}
	out.Tabs = append(out.Tabs, ft)

	rows = nil
	for _, s := range c.SecurityLevels {
		rows = append(rows, []string{s.ID, s.Name, s.Description})
	}
	simple("Security levels", rows)

	lt := CatalogTab{Name: "Link types", Columns: []string{"ID", "Name", "Outward", "Inward"}}
	for _, l := range c.LinkTypes {
		lt.Rows = append(lt.Rows, CatalogRow{Cells: []string{l.ID, l.Name, l.Outward, l.Inward},
			Detail: []string{l.Name + " (" + l.ID + ")", "Custom 05 takes the name: " + l.Name}})
	}
	out.Tabs = append(out.Tabs, lt)

	ut := CatalogTab{Name: "Users", Columns: []string{"Account ID", "Name", "E-mail", "Active"}}
	for _, u := range c.Users {
		email := u.EmailAddress
		if email == "" {
			email = "(hidden)"
		}
		detail := []string{u.DisplayName + " (" + u.AccountID + ")", "E-mail: " + email}
		if u.EmailAddress == "" {
			detail = append(detail, "The profile hides the e-mail: Auto-Map Users cannot match this user; map it by accountId")
		}
		ut.Rows = append(ut.Rows, CatalogRow{Cells: []string{u.AccountID, u.DisplayName, email, words.YesNo(u.Active)}, Detail: detail})
	}
	out.Tabs = append(out.Tabs, ut)
	return out
}
