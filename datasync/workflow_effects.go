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

// createdIncidentBase is the base of an incident just created from a Jira
// issue: what was sent, and for a field whose Jira value has no Spira value
// (not sent) what Spira holds, so that a later change in Spira is seen as
// one. Spira answers a create with the request echoed back, so the
// incident is read back for what Spira stored: its defaults (status, type)
// and a status it kept although one was sent (Status Bulk Edit off), which
// is then remembered and agreed as Spira holds it. When that read fails the
// fields Spira may have set are left out of the base: never copied either
// way until a run records them.
func (a *applier) createdIncidentBase(act *Action, sent map[string]string, inc spiraclient.RemoteIncident, out *spiraclient.RemoteIncident) map[string]string {
	if sent == nil {
		return nil
	}
	base := maps.Clone(sent)
	incs, err := a.e.cfg.Spira.IncidentsByIDs(a.ctx, a.s.ProductID, []int{out.IncidentID})
	if err != nil || len(incs) != 1 {
		for _, f := range []string{"status", "type"} {
			if _, ok := base[f]; !ok || f == "status" && inc.IncidentStatusID != 0 {
				delete(base, f)
			}
		}
		return base
	}
	held := valueView(incs[0])
	if inc.IncidentStatusID != 0 && incs[0].IncidentStatusID != inc.IncidentStatusID {
		k := StatusKept{Spira: held["status"], Sent: itoa(inc.IncidentStatusID), Template: a.s.TemplateID, At: a.s.ServerTime}
		base["status"] = k.Spira
		a.rememberKept(act, k)
	}
	for f, v := range held {
		if _, ok := base[f]; !ok {
			base[f] = v
		}
	}
	return base
}
