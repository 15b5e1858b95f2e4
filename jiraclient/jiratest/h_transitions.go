package jiratest

import (
	"net/http"
	"slices"
	"time"
)

// Transitions.

func (c *call) findTransition(is *issue, id string) *transitionDef {
	for _, t := range c.transitionsFrom(is) {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// transitionsFrom lists the transitions of the issue's workflow that apply
// to its current status (a global transition to the current status is left
// out, as Jira's issue view does).
func (c *call) transitionsFrom(is *issue) []*transitionDef {
	wf := c.workflowOf(is.TypeID)
	var out []*transitionDef
	for i := range wf.Transitions {
		t := &wf.Transitions[i]
		if t.To == is.StatusID {
			continue
		}
		if len(t.From) == 0 || slices.Contains(t.From, is.StatusID) {
			out = append(out, t)
		}
	}
	return out
}

type transitionJSON struct {
	ID            string                   `json:"id"`
	Name          string                   `json:"name"`
	To            statusJSON               `json:"to"`
	HasScreen     bool                     `json:"hasScreen"`
	IsGlobal      bool                     `json:"isGlobal"`
	IsInitial     bool                     `json:"isInitial"`
	IsAvailable   bool                     `json:"isAvailable"`
	IsConditional bool                     `json:"isConditional"`
	IsLooped      bool                     `json:"isLooped"`
	Fields        map[string]fieldMetaJSON `json:"fields,omitempty"`
}

func (c *call) availableTransitions(is *issue, withFields bool, only string) []transitionJSON {
	out := []transitionJSON{}
	if c.user == nil {
		return out // no Transition issues permission
	}
	p := c.visibleProject(is.ProjectID)
	for _, t := range c.transitionsFrom(is) {
		if only != "" && t.ID != only {
			continue
		}
		j := transitionJSON{ID: t.ID, Name: t.Name, To: c.statusOut(t.To), HasScreen: t.HasScreen, IsGlobal: len(t.From) == 0, IsAvailable: true}
		if withFields {
			j.Fields = map[string]fieldMetaJSON{}
			for _, f := range t.Fields {
				m := c.fieldMeta(p, is.TypeID, f, false)
				if f == "resolution" {
					m.Required = true
				}
				j.Fields[f] = m
			}
		}
		out = append(out, j)
	}
	return out
}

func (s *Sim) hTransitionsGet(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	withFields := parseExpand(c.q.Get("expand"))["transitions.fields"]
	return jsonResp(http.StatusOK, map[string]any{"expand": "transitions", "transitions": c.availableTransitions(is, withFields, c.q.Get("transitionId"))})
}

func (s *Sim) hTransitionsDo(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	var in issueUpdate
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	if in.Transition == nil || in.Transition.ID == "" {
		return errMsg(http.StatusBadRequest, "Missing 'transition' identifier")
	}
	t := c.findTransition(is, in.Transition.ID)
	if t == nil {
		return errMsg(http.StatusBadRequest, "Transition id '"+in.Transition.ID+"' is not valid for this issue.")
	}
	a := &applier{c: c, is: cloneIssue(is), proj: c.visibleProject(is.ProjectID)}
	ops := in.collectOps(&a.errs)
	a.apply(ops, t.Fields)
	if a.errs.any() {
		return errResp(http.StatusBadRequest, a.errs.msgs, a.errs.fields)
	}
	_, resolutionGiven := ops["resolution"]
	a.commit(is)
	c.moveStatus(is, t, &resolutionGiven)
	return noContent()
}

// moveStatus changes the status with the history Jira writes, setting the
// resolution on entering a done status and clearing it on leaving one.
func (c *call) moveStatus(is *issue, t *transitionDef, resolutionGiven *bool) {
	st := c.s.site
	from := is.StatusID
	items := []changeItem{change("status", "status", "jira", from, st.statuses[from].Name, t.To, st.statuses[t.To].Name)}
	toDone := st.statuses[t.To].Category == catDone
	switch {
	case toDone && is.Resolution == "" && (resolutionGiven == nil || !*resolutionGiven):
		is.Resolution = st.resolutions[0].ID
		is.Resolved = c.now
		items = append(items, change("resolution", "resolution", "jira", "", "", is.Resolution, st.resolutions[0].Name))
	case !toDone && is.Resolution != "":
		items = append(items, change("resolution", "resolution", "jira", is.Resolution, (&applier{c: c}).displayName("resolution", is.Resolution), "", ""))
		is.Resolution = ""
		is.Resolved = time.Time{}
	}
	is.StatusID = t.To
	items = c.postFunctions(is, t, items)
	is.History = append(is.History, &history{ID: st.newID(), AuthorID: c.user.AccountID, Created: c.now, Items: items})
	is.Updated = c.now
}
