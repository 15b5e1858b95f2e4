package datasync

import "slices"

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
