package jiratest

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
)

const issueNotFoundMsg = "Issue does not exist or you do not have permission to see it."

// visibleIssue finds an issue by id or key if the caller may browse it.
func (c *call) visibleIssue(idOrKey string) *issue {
	is := c.s.site.issueByID[idOrKey]
	if is == nil {
		is = c.s.site.issueByID[strings.ToUpper(idOrKey)] // keys match case-insensitively
	}
	if is == nil || c.visibleProject(is.ProjectID) == nil {
		return nil
	}
	return is
}

func (c *call) issueSelf(is *issue) string { return c.base + "/rest/api/3/issue/" + is.ID }

// fieldSel is a parsed "fields" parameter.
type fieldSel struct {
	all     bool
	include map[string]bool
	exclude map[string]bool
}

// parseFieldSel reads fields (comma lists, possibly repeated); def applies
// when nothing was asked.
func parseFieldSel(vals []string, def string) fieldSel {
	var items []string
	for _, v := range vals {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				items = append(items, f)
			}
		}
	}
	if len(items) == 0 {
		items = []string{def}
	}
	fs := fieldSel{include: map[string]bool{}, exclude: map[string]bool{}}
	onlyExcludes := true
	for _, f := range items {
		switch {
		case f == "*all" || f == "*navigable":
			fs.all = true
			onlyExcludes = false
		case strings.HasPrefix(f, "-"):
			fs.exclude[f[1:]] = true
		default:
			fs.include[f] = true
			onlyExcludes = false
		}
	}
	if onlyExcludes {
		fs.all = true // "-description" means all navigable fields but description
	}
	return fs
}

func (fs fieldSel) wants(id string) bool {
	if fs.exclude[id] {
		return false
	}
	return fs.all || fs.include[id]
}

// idOnly reports whether nothing but id (and key) was asked for.
func (fs fieldSel) idOnly() bool {
	if fs.all {
		return false
	}
	for f := range fs.include {
		if f != "id" && f != "key" {
			return false
		}
	}
	return true
}

// issueFieldIDs lists the fields an issue has, in a stable order.
func (c *call) issueFieldIDs(is *issue) []string {
	ids := []string{"summary", "description", "environment", "issuetype", "project", "status", "priority",
		"resolution", "resolutiondate", "assignee", "reporter", "creator", "created", "updated", "duedate",
		"labels", "components", "fixVersions", "versions", "security", "issuelinks", "subtasks", "comment", "attachment"}
	if is.Parent != "" {
		ids = append(ids, "parent")
	}
	if c.hasTimeTracking(is) {
		ids = append(ids, "timetracking")
	}
	for _, f := range c.s.site.fields {
		if f.Custom && f.contextFor(is.ProjectID, is.TypeID) != nil {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

type issueOpts struct {
	fields     fieldSel
	expand     map[string]bool
	properties []string
	inSearch   bool // enhanced search caps inline comments and changelog
}

func parseExpand(v string) map[string]bool {
	m := map[string]bool{}
	for _, e := range strings.Split(v, ",") {
		if e = strings.TrimSpace(e); e != "" {
			m[e] = true
		}
	}
	return m
}

func (c *call) issueOut(is *issue, o issueOpts) map[string]any {
	out := map[string]any{"id": is.ID}
	if o.fields.idOnly() && len(o.expand) == 0 && len(o.properties) == 0 {
		if o.fields.include["key"] {
			out["key"] = is.Key
		}
		return out
	}
	out["expand"] = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
	out["self"] = c.issueSelf(is)
	out["key"] = is.Key
	fields := map[string]any{}
	var shown []string
	for _, id := range c.issueFieldIDs(is) {
		if o.fields.wants(id) {
			fields[id] = c.fieldValue(is, id, o.inSearch)
			shown = append(shown, id)
		}
	}
	out["fields"] = fields
	if o.expand["renderedFields"] {
		rendered := map[string]any{}
		for _, id := range shown {
			rendered[id] = c.renderedValue(is, id)
		}
		out["renderedFields"] = rendered
	}
	if o.expand["names"] {
		names := map[string]string{}
		for _, id := range shown {
			if f := c.s.site.field(id); f != nil {
				names[id] = f.Name
			}
		}
		out["names"] = names
	}
	if o.expand["schema"] {
		schemas := map[string]schemaJSON{}
		for _, id := range shown {
			if f := c.s.site.field(id); f != nil {
				schemas[id] = f.schema()
			}
		}
		out["schema"] = schemas
	}
	if o.expand["transitions"] {
		out["transitions"] = c.availableTransitions(is, false, "")
	}
	if o.expand["editmeta"] {
		out["editmeta"] = c.editMeta(is)
	}
	if o.expand["changelog"] {
		hs := slices.Clone(is.History)
		slices.Reverse(hs) // most recent first
		limit := 100
		if o.inSearch {
			limit = 20
		}
		total := len(hs)
		if len(hs) > limit {
			hs = hs[:limit]
		}
		list := make([]historyJSON, 0, len(hs))
		for _, h := range hs {
			list = append(list, c.historyOut(h))
		}
		out["changelog"] = map[string]any{"startAt": 0, "maxResults": len(list), "total": total, "histories": list}
	}
	if len(o.properties) > 0 {
		props := map[string]any{}
		for _, k := range o.properties {
			if k == "*all" {
				for pk, v := range is.Props {
					props[pk] = v
				}
			} else if v, ok := is.Props[k]; ok {
				props[k] = v
			}
		}
		out["properties"] = props
	}
	return out
}

func (c *call) projectRef(p *project) map[string]any {
	return map[string]any{"self": c.base + "/rest/api/3/project/" + p.ID, "id": p.ID, "key": p.Key, "name": p.Name,
		"projectTypeKey": p.TypeKey, "simplified": false, "avatarUrls": avatars(c.base, "project", "10424")}
}

func (c *call) priorityRef(id string) any {
	for _, p := range c.s.site.priorities {
		if p.ID == id {
			return map[string]any{"self": c.base + "/rest/api/3/priority/" + p.ID, "iconUrl": c.base + "/images/icons/priorities/" + strings.ToLower(p.Name) + ".svg", "name": p.Name, "id": p.ID}
		}
	}
	return nil
}

func (c *call) resolutionRef(id string) any {
	for _, r := range c.s.site.resolutions {
		if r.ID == id {
			return map[string]any{"self": c.base + "/rest/api/3/resolution/" + r.ID, "id": r.ID, "description": r.Description, "name": r.Name}
		}
	}
	return nil
}

func (c *call) componentRef(id string) any {
	for _, cm := range c.s.site.components {
		if cm.ID == id {
			m := map[string]any{"self": c.base + "/rest/api/3/component/" + cm.ID, "id": cm.ID, "name": cm.Name}
			if cm.Description != "" {
				m["description"] = cm.Description
			}
			return m
		}
	}
	return nil
}

func (c *call) versionRef(id string) any {
	for _, v := range c.s.site.versions {
		if v.ID == id {
			m := map[string]any{"self": c.base + "/rest/api/3/version/" + v.ID, "id": v.ID, "name": v.Name,
				"archived": v.Archived, "released": v.Released}
			if v.Description != "" {
				m["description"] = v.Description
			}
			if v.ReleaseDate != "" {
				m["releaseDate"] = v.ReleaseDate
			}
			return m
		}
	}
	return nil
}

func (c *call) securityRef(id string) any {
	for _, sc := range c.s.site.security {
		for _, l := range sc.Levels {
			if l.ID == id {
				return map[string]any{"self": c.base + "/rest/api/3/securitylevel/" + l.ID, "id": l.ID, "description": l.Description, "name": l.Name}
			}
		}
	}
	return nil
}

func (c *call) optionRef(f *fieldDef, id string) any {
	for _, ctx := range f.Contexts {
		for _, o := range ctx.Options {
			if o.ID == id {
				return map[string]any{"self": c.base + "/rest/api/3/customFieldOption/" + o.ID, "value": o.Value, "id": o.ID}
			}
		}
	}
	return nil
}

// linkedIssueRef is the short issue used in links, parents and subtasks.
func (c *call) linkedIssueRef(id string) map[string]any {
	is := c.s.site.issueByID[id]
	return map[string]any{"id": is.ID, "key": is.Key, "self": c.issueSelf(is), "fields": map[string]any{
		"summary": is.Summary, "status": c.statusOut(is.StatusID), "priority": c.priorityRef(is.PriorityID),
		"issuetype": c.issueTypeOut(c.s.site.issueTypes[is.TypeID]),
	}}
}

func orNil[T comparable](v T, f func(T) any) any {
	var zero T
	if v == zero {
		return nil
	}
	return f(v)
}

func (c *call) fieldValue(is *issue, id string, inSearch bool) any {
	st := c.s.site
	switch id {
	case "summary":
		return is.Summary
	case "description":
		return rawOrNil(is.Desc)
	case "environment":
		return rawOrNil(is.Env)
	case "issuetype":
		return c.issueTypeOut(st.issueTypes[is.TypeID])
	case "project":
		return c.projectRef(c.visibleProject(is.ProjectID))
	case "status":
		return c.statusOut(is.StatusID)
	case "priority":
		return c.priorityRef(is.PriorityID)
	case "resolution":
		return orNil(is.Resolution, c.resolutionRef)
	case "resolutiondate":
		if is.Resolution == "" || is.Resolved.IsZero() {
			return nil
		}
		return jiraTime(is.Resolved)
	case "assignee":
		return orNil(is.Assignee, c.userRef)
	case "reporter":
		return orNil(is.Reporter, c.userRef)
	case "creator":
		return orNil(is.Creator, c.userRef)
	case "created":
		return jiraTime(is.Created)
	case "updated":
		return jiraTime(is.Updated)
	case "duedate":
		return orNil(is.DueDate, func(s string) any { return s })
	case "labels":
		return append([]string{}, is.Labels...)
	case "timetracking":
		if !c.hasTimeTracking(is) {
			return nil
		}
		return c.timeTrackingOut(is)
	case "components":
		out := []any{}
		for _, id := range is.Components {
			out = append(out, c.componentRef(id))
		}
		return out
	case "fixVersions", "versions":
		ids := is.FixVers
		if id == "versions" {
			ids = is.AffVers
		}
		out := []any{}
		for _, v := range ids {
			out = append(out, c.versionRef(v))
		}
		return out
	case "security":
		return orNil(is.Security, c.securityRef)
	case "parent":
		return orNil(is.Parent, func(id string) any { return c.linkedIssueRef(id) })
	case "attachment":
		return c.attachmentsOf(is)
	case "subtasks":
		out := []any{}
		for _, x := range st.issues {
			if x.Parent == is.ID && st.issueTypes[x.TypeID].Subtask {
				out = append(out, c.linkedIssueRef(x.ID))
			}
		}
		return out
	case "issuelinks":
		out := []any{}
		for _, l := range st.links {
			lt := c.linkType(l.TypeID)
			switch is.ID {
			case l.Source:
				out = append(out, map[string]any{"id": l.ID, "self": c.base + "/rest/api/3/issueLink/" + l.ID,
					"type": c.linkTypeOut(lt), "outwardIssue": c.linkedIssueRef(l.Target)})
			case l.Target:
				out = append(out, map[string]any{"id": l.ID, "self": c.base + "/rest/api/3/issueLink/" + l.ID,
					"type": c.linkTypeOut(lt), "inwardIssue": c.linkedIssueRef(l.Source)})
			}
		}
		return out
	case "comment":
		cs := is.Comments
		max := len(cs)
		if inSearch && max > 20 {
			max = 20
			cs = cs[:20]
		}
		list := make([]commentJSON, 0, len(cs))
		for _, cm := range cs {
			list = append(list, c.commentOut(is, cm, false, false))
		}
		return map[string]any{"comments": list, "self": c.issueSelf(is) + "/comment", "maxResults": max, "total": len(is.Comments), "startAt": 0}
	}
	f := st.field(id)
	if f == nil || !f.Custom {
		return nil
	}
	v, ok := is.Custom[id]
	if !ok || v == nil {
		return nil
	}
	switch f.CustomType {
	case "select":
		return c.optionRef(f, v.(string))
	case "multiselect":
		out := []any{}
		for _, o := range v.([]string) {
			out = append(out, c.optionRef(f, o))
		}
		return out
	case "userpicker":
		return c.userRef(v.(string))
	case "textarea":
		return v.(json.RawMessage)
	default:
		return v
	}
}

func rawOrNil(r json.RawMessage) any {
	if len(r) == 0 {
		return nil
	}
	return r
}

func (c *call) renderedValue(is *issue, id string) any {
	switch id {
	case "description":
		return orNilRaw(is.Desc)
	case "environment":
		return orNilRaw(is.Env)
	case "created":
		return is.Created.In(c.userLocation()).Format("02/Jan/06 3:04 PM")
	case "updated":
		return is.Updated.In(c.userLocation()).Format("02/Jan/06 3:04 PM")
	case "comment":
		list := []commentJSON{}
		for _, cm := range is.Comments {
			list = append(list, c.commentOut(is, cm, true, false))
		}
		return map[string]any{"comments": list, "maxResults": len(list), "total": len(list), "startAt": 0}
	}
	if f := c.s.site.field(id); f != nil && f.CustomType == "textarea" {
		if v, ok := is.Custom[id].(json.RawMessage); ok {
			return adfHTML(v)
		}
	}
	return nil
}

func orNilRaw(r json.RawMessage) any {
	if len(r) == 0 {
		return nil
	}
	return adfHTML(r)
}

func (c *call) linkType(id string) *linkType {
	for _, lt := range c.s.site.linkTypes {
		if lt.ID == id {
			return lt
		}
	}
	return nil
}

type commentJSON struct {
	Self         string          `json:"self"`
	ID           string          `json:"id"`
	Author       any             `json:"author"`
	Body         json.RawMessage `json:"body"`
	RenderedBody *string         `json:"renderedBody,omitempty"`
	UpdateAuthor any             `json:"updateAuthor"`
	Created      string          `json:"created"`
	Updated      string          `json:"updated"`
	Visibility   json.RawMessage `json:"visibility,omitempty"`
	JsdPublic    bool            `json:"jsdPublic"`
	Properties   []any           `json:"properties,omitempty"`
}

func (c *call) commentOut(is *issue, cm *comment, rendered, props bool) commentJSON {
	j := commentJSON{Self: c.issueSelf(is) + "/comment/" + cm.ID, ID: cm.ID, Author: c.userRef(cm.AuthorID), Body: cm.Body,
		UpdateAuthor: c.userRef(cm.UpdaterID), Created: jiraTime(cm.Created), Updated: jiraTime(cm.Updated),
		Visibility: cm.Visibility, JsdPublic: true}
	if rendered {
		h := adfHTML(cm.Body)
		j.RenderedBody = &h
	}
	if props {
		keys := make([]string, 0, len(cm.Props))
		for k := range cm.Props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			j.Properties = append(j.Properties, map[string]any{"key": k, "value": cm.Props[k]})
		}
	}
	return j
}

// changeItemJSON sends empty sides as null, as Jira and the spec's example do.
type changeItemJSON struct {
	Field      string  `json:"field"`
	FieldType  string  `json:"fieldtype"`
	FieldID    string  `json:"fieldId,omitempty"`
	From       *string `json:"from"`
	FromString *string `json:"fromString"`
	To         *string `json:"to"`
	ToString   *string `json:"toString"`
}

type historyJSON struct {
	ID      string           `json:"id"`
	Author  any              `json:"author,omitempty"`
	Created string           `json:"created"`
	Items   []changeItemJSON `json:"items"`
}

func (c *call) historyOut(h *history) historyJSON {
	j := historyJSON{ID: h.ID, Created: jiraTime(h.Created), Items: []changeItemJSON{}}
	if h.AuthorID != "" {
		j.Author = c.userRef(h.AuthorID)
	}
	for _, it := range h.Items {
		j.Items = append(j.Items, changeItemJSON{Field: it.Field, FieldType: it.FieldType, FieldID: it.FieldID,
			From: it.From, FromString: it.FromString, To: it.To, ToString: it.ToString})
	}
	return j
}
