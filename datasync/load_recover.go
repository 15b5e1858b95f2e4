package datasync

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/spirajira/spirajira/spiraclient"
)

// Recovery of what an interrupted run created but did not record.

// recover finds the Spira items an interrupted run created from Jira
// issues: those the journal has as done, and those whose create was sent
// but not confirmed, found by fingerprint (no mapping, the summary
// as name, the creation time as CreationDate, which the engine
// copies to the millisecond). Creates in the other direction need no
// journal: the issue carries the marker.
func (e *Engine) recover(ctx context.Context, s *Snapshot) error {
	add := func(typ string, id int, key, name string) {
		switch typ {
		case "task":
			return // loadTasks adopts tasks
		case "incident":
			if _, ok := s.IncidentKeys[id]; ok {
				return
			}
			s.IncidentKeys[id] = key
		case "requirement":
			if _, ok := s.RequirementKeys[id]; ok {
				return
			}
			s.RequirementKeys[id] = key
		}
		s.Recovered = append(s.Recovered, Recovered{Type: typ, SpiraID: id, JiraKey: key, Name: name})
	}
	for _, d := range e.done {
		if d.Dir == dirJ2S && d.SpiraID != 0 && d.JiraKey != "" {
			add(d.Artifact, d.SpiraID, d.JiraKey, d.Name)
		}
	}
	var unknown []entry
	since := time.Time{}
	for _, u := range e.unkn {
		if u.Dir == dirJ2S && u.Artifact == "requirement" {
			name := u.Name
			for r, err := range e.cfg.Spira.SearchRequirements(ctx, s.ProductID, []spiraclient.RemoteFilter{spiraclient.NameSearch(name)}) {
				if err != nil {
					return fmt.Errorf("look for requirements an interrupted run created: %w", err)
				}
				// Spira dates the requirement by its own clock: compare with
				// Spira's time at the start of that run, not this machine's.
				cut := u.At
				if !u.Since.IsZero() {
					cut = u.Since
				}
				if _, mapped := s.RequirementKeys[r.RequirementID]; !mapped && r.Name == u.Name && r.CreationDate != nil && !r.CreationDate.Before(cut.Add(-time.Minute)) {
					add("requirement", r.RequirementID, u.JiraKey, r.Name)
					break
				}
			}
		}
		if u.Dir == dirJ2S && u.Artifact == "incident" {
			unknown = append(unknown, u)
			if since.IsZero() || u.Created.Before(since) {
				since = u.Created
			}
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	var found []spiraclient.RemoteIncident
	for inc, err := range e.cfg.Spira.NewIncidents(ctx, s.ProductID, since.Add(-creationSlack)) {
		if err != nil {
			return fmt.Errorf("look for incidents an interrupted run created: %w", err)
		}
		if _, mapped := s.IncidentKeys[inc.IncidentID]; !mapped && inc.CreationDate != nil {
			found = append(found, inc)
		}
	}
	// Each create that was sent: the incident of its name whose creation
	// date is nearest the one it was given, within what Spira's storage
	// of dates may change it by.
	for _, u := range unknown {
		best, bestGap := -1, creationSlack
		for i, inc := range found {
			gap := inc.CreationDate.Sub(u.Created).Abs()
			if inc.Name == u.Name && gap <= bestGap {
				best, bestGap = i, gap
			}
		}
		if best >= 0 {
			add("incident", found[best].IncidentID, u.JiraKey, found[best].Name)
			found = slices.Delete(found, best, best+1)
		}
	}
	return nil
}

// creationSlack is how far Spira may move the creation date the engine
// gives an incident: SQL Server's datetime keeps it to the nearest 1/300 s,
// and a coarser store would keep whole seconds.
const creationSlack = time.Second

// recoverSent records the Jira issues an earlier run created from
// incidents and finished, but whose mapping Spira does not hold: the
// mapping write failed and that run still ended, moving the watermark past
// the incident, which is then no longer new. Without it the incident would
// stay unmapped, and its issue, which carries the marker, ignored. An
// incident that is new again (a stopped run) is adopted by its marker
// instead, which also finishes what that run left.
func (e *Engine) recoverSent(s *Snapshot) {
	for _, d := range e.done {
		if d.Dir != dirS2J || d.SpiraID == 0 || d.JiraKey == "" || d.Artifact == "task" {
			continue
		}
		if d.Artifact == "requirement" {
			if _, ok := s.RequirementKeys[d.SpiraID]; !ok && !slices.ContainsFunc(s.NewRequirements, func(it RequirementItem) bool { return it.Requirement.RequirementID == d.SpiraID }) {
				s.RequirementKeys[d.SpiraID] = d.JiraKey
				s.Recovered = append(s.Recovered, Recovered{Type: "requirement", SpiraID: d.SpiraID, JiraKey: d.JiraKey, Sent: true})
			}
			continue
		}
		if _, ok := s.IncidentKeys[d.SpiraID]; ok {
			continue
		}
		if slices.ContainsFunc(s.NewIncidents, func(it SpiraItem) bool { return it.Incident.IncidentID == d.SpiraID }) {
			continue
		}
		s.IncidentKeys[d.SpiraID] = d.JiraKey
		s.Recovered = append(s.Recovered, Recovered{Type: "incident", SpiraID: d.SpiraID, JiraKey: d.JiraKey, Sent: true})
	}
}
