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

// createdIncident is an incident created from a Jira issue whose base waits
// for the read-back of the incidents created in the same phase.
type createdIncident struct {
	act  *Action
	sent map[string]string
	inc  spiraclient.RemoteIncident
	id   int
}

// settleCreated records the bases of the incidents created since the last
// call. Spira answers a create with the request echoed back, so they are
// read back, many to a request, for what Spira stored (see
// createdIncidentBase). The create is its item's only action, so the base
// waiting for the end of the phase is recorded in the same order as ever.
func (a *applier) settleCreated() {
	a.mu.Lock()
	pending := a.toReadBack
	a.toReadBack = nil
	a.mu.Unlock()
	for chunk := range slices.Chunk(pending, 100) {
		ids := make([]int, 0, len(chunk))
		for _, c := range chunk {
			ids = append(ids, c.id)
		}
		held := map[int]*spiraclient.RemoteIncident{}
		if incs, err := a.e.cfg.Spira.IncidentsByIDs(a.ctx, a.s.ProductID, ids); err == nil {
			for i := range incs {
				held[incs[i].IncidentID] = &incs[i]
			}
		}
		for _, c := range chunk {
			a.base(c.act.Artifact.JiraID, a.createdIncidentBase(c.act, c.sent, c.inc, held[c.id]))
		}
	}
}

// createdIncidentBase is the base of an incident just created from a Jira
// issue: what was sent, and for a field whose Jira value has no Spira value
// (not sent) what Spira holds (stored, as read back), so that a later
// change in Spira is seen as one. That covers Spira's defaults (status,
// type) and a status it kept although one was sent (Status Bulk Edit off),
// which is then remembered and agreed as Spira holds it. When the read
// failed (stored is nil) the fields Spira may have set are left out of the
// base: never copied either way until a run records them.
func (a *applier) createdIncidentBase(act *Action, sent map[string]string, inc spiraclient.RemoteIncident, stored *spiraclient.RemoteIncident) map[string]string {
	if sent == nil {
		return nil
	}
	base := maps.Clone(sent)
	if stored == nil {
		for _, f := range []string{"status", "type"} {
			if _, ok := base[f]; !ok || f == "status" && inc.IncidentStatusID != 0 {
				delete(base, f)
			}
		}
		return base
	}
	held := valueView(*stored)
	if inc.IncidentStatusID != 0 && stored.IncidentStatusID != inc.IncidentStatusID {
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
