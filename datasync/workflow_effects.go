package datasync

import (
	"maps"
	"slices"

	"github.com/spirajira/spirajira/spiraclient"
)

// The base of a pair is what the engine sent, never what the written side
// made of it. A value the other side's workflow sets after a write (the
// resolution Jira gives an issue entering a done status, or clears on
// leaving one; Jira's default priority on a create that sent none; an
// assignee a post-function sets) then differs from the base on that side,
// so the next run and the closing sweep see it as a change there, and it
// flows as the mode says. No read-back is needed: the sweep reads every
// issue the run touched, and the next run reads those it found changed.
//
// The exceptions are deliberate and keep a value with no counterpart in
// the mapping from going back and forth: a Jira value with no Spira value
// is agreed as Spira holds it (createIncident, statusAfterCreate), and the
// status a new issue is left in when the engine could not move it is
// agreed as Jira holds it (afterCreate).

// transitionUnwritten is the list of fields an edit could not write, less
// the resolution when a transition follows: the transition carries Spira's
// resolution (or Jira's workflow sets or clears one), so Spira's value is
// what was sent and whatever Jira holds afterwards is Jira's.
func transitionUnwritten(unwritten []string) []string {
	return slices.DeleteFunc(slices.Clone(unwritten), func(f string) bool { return f == "resolution" })
}

// spiraDefaults are the compared incident fields Spira fills in on a create
// that leaves them out, and that its answer, an echo of the request, then
// holds as null.
var spiraDefaults = []string{"status", "type"}

// createdIncidentBase is the base of an incident just created from a Jira
// issue: what was sent, and for a field whose Jira value has no Spira value
// (not sent) what Spira holds, so that a later change in Spira is seen as
// one. Spira answers a create with the request echoed back, so a field it
// defaults is read back from the incident, and only then; when that read
// fails the field is left out of the base: never copied either way until a
// run records it.
func (a *applier) createdIncidentBase(sent map[string]string, out *spiraclient.RemoteIncident) map[string]string {
	if sent == nil {
		return nil
	}
	base := maps.Clone(sent)
	held := valueView(*out)
	if slices.ContainsFunc(spiraDefaults, func(f string) bool { _, ok := base[f]; return !ok }) {
		incs, err := a.e.cfg.Spira.IncidentsByIDs(a.ctx, a.s.ProductID, []int{out.IncidentID})
		if err == nil && len(incs) == 1 {
			held = valueView(incs[0])
		} else {
			for _, f := range spiraDefaults {
				delete(held, f)
			}
		}
	}
	for f, v := range held {
		if _, ok := base[f]; !ok {
			base[f] = v
		}
	}
	return base
}
