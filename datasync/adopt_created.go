package datasync

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// adoptCreated finds in Spira itself, without the journal (lost, damaged,
// or on another machine), the items a stopped run created from the Jira
// issues of this snapshot and did not map, and records them as Recovered:
// Plan then records the mapping and finishes the link back instead of
// creating the item again, and the incident is no longer new, so it is not
// sent to Jira either. Spira keeps no marker as Jira does, so the evidence
// is what the engine wrote with the create and Spira stores:
//
//   - an incident carries the issue's creation time as CreationDate (to
//     Spira's 1/300 s), and the issue's key in the custom property mapped to
//     the Jira issue key when the mapping has one, else the issue's summary
//     as its name. A person creates an incident at the time they do, so a
//     date that equals the Jira issue's is a copy.
//   - a requirement takes no date from the engine (Spira dates it itself,
//     and it is unknown whether a REST create honours a CreationDate), nor a
//     property. It carries the summary as its name and the author the
//     engine chose (the reporter's Spira user, else the sync account), and
//     Spira dated it after the last run this product posted (Spira's own
//     clock on both, the watermark) and before this run began (both within
//     Spira's rounding of dates). On a first
//     sync there is no such run: it must then be dated after the issue was
//     created, give or take clockSkew.
//
// Unmapped same-named pairs that fail this test are not ours to adopt: a
// person made them, and linking them is the user's choice.
//
// It asks nothing of Spira when no issue of the snapshot needs a create;
// incidents come from the new incidents Load read already (the issue is
// newer than the watermark, so is the incident), and only an issue older
// than that costs a read, as does a run with requirements to create.
func (e *Engine) adoptCreated(ctx context.Context, s *Snapshot, spiraSince time.Time) error {
	ix := newIndex(s)
	incFrom, reqFrom := ix.set.Flow(mapping.FlowIncidents).Create.ToSpira(), ix.set.Flow(mapping.FlowRequirements).Create.ToSpira()
	if !incFrom && !reqFrom {
		return nil // the engine creates nothing from Jira
	}
	var incs, reqs []jiraclient.Issue
	for _, it := range s.Issues {
		is := it.Issue
		if _, ok := ix.keyToInc[is.Key]; ok {
			continue
		}
		if _, ok := ix.keyToReq[is.Key]; ok {
			continue
		}
		if it.Marker.ours(s.ProductID) {
			continue // created from an incident: the marker adopts it
		}
		t := is.IssueType()
		if t == nil {
			continue
		}
		switch ix.artifactOf(t.ID) {
		case asRequirement:
			if reqFrom {
				reqs = append(reqs, is)
			}
		case asIncident:
			if incFrom && ix.back(mapping.IncidentType, t.ID) != 0 {
				incs = append(incs, is) // else a type left out: never created
			}
		}
	}
	if len(incs) > 0 {
		if err := e.adoptIncidents(ctx, s, incs, spiraSince); err != nil {
			return err
		}
	}
	if len(reqs) > 0 {
		if err := e.adoptRequirements(ctx, s, ix, reqs); err != nil {
			return err
		}
	}
	return nil
}

// createdName is the name the engine gives an item it creates from is.
func createdName(is jiraclient.Issue) string {
	return cmp.Or(is.Summary(), "Untitled JIRA Issue: "+is.Key)
}

func (e *Engine) adoptIncidents(ctx context.Context, s *Snapshot, issues []jiraclient.Issue, spiraSince time.Time) error {
	keyProp := jiraKeyProperty(s)
	pool := map[int]spiraclient.RemoteIncident{}
	for _, it := range s.NewIncidents {
		pool[it.Incident.IncidentID] = it.Incident
	}
	walk := func(from, to time.Time) error {
		for inc, err := range e.cfg.Spira.NewIncidents(ctx, s.ProductID, from) {
			if err != nil {
				return fmt.Errorf("look for incidents a stopped run created: %w", err)
			}
			if inc.CreationDate != nil && !inc.CreationDate.Before(to) {
				break // oldest first: the rest are later
			}
			pool[inc.IncidentID] = inc
		}
		return nil
	}
	edge := false
	for _, is := range issues {
		c := is.Created()
		switch {
		case c.IsZero() || !c.Add(-creationSlack).Before(spiraSince):
			// No date to match, or among the new incidents read.
		case !c.Add(creationSlack).Before(spiraSince):
			edge = true // created just after the window began
		default:
			// Older than the window (an issue retried, moved in or
			// re-typed): the incidents created at its time.
			if err := walk(c.Add(-creationSlack), c.Add(creationSlack)); err != nil {
				return err
			}
		}
	}
	if edge {
		// One read for all of them: what Spira's rounding of a date may
		// have put just before the window.
		if err := walk(spiraSince.Add(-creationSlack), spiraSince); err != nil {
			return err
		}
	}
	ours := func(inc spiraclient.RemoteIncident, is jiraclient.Issue) (time.Duration, bool) {
		if _, mapped := s.IncidentKeys[inc.IncidentID]; mapped || inc.CreationDate == nil {
			return 0, false
		}
		gap := inc.CreationDate.Sub(is.Created()).Abs()
		if is.Created().IsZero() || gap > creationSlack {
			return 0, false
		}
		if keyProp != 0 {
			return gap, hasValue(inc.CustomProperties, keyProp, is.Key)
		}
		return gap, inc.Name == createdName(is)
	}
	adopted := map[int]bool{}
	for _, is := range issues {
		best, bestGap := 0, time.Duration(-1)
		for id, inc := range pool {
			if adopted[id] {
				continue
			}
			if gap, ok := ours(inc, is); ok && (bestGap < 0 || gap < bestGap || gap == bestGap && id < best) {
				best, bestGap = id, gap
			}
		}
		if best == 0 {
			continue
		}
		adopted[best] = true
		s.IncidentKeys[best] = is.Key
		s.Recovered = append(s.Recovered, Recovered{Type: "incident", SpiraID: best, JiraKey: is.Key, Name: pool[best].Name})
		e.warn(fmt.Sprintf("incident %d was created from %s by a run that was stopped before recording it (the journal does not have it): it is adopted, not created again", best, is.Key))
	}
	if len(adopted) > 0 {
		s.NewIncidents = slices.DeleteFunc(s.NewIncidents, func(it SpiraItem) bool { return adopted[it.Incident.IncidentID] })
	}
	return nil
}

// clockSkew bounds how far Spira's clock may be from Jira's, on a first
// sync, where no run posted a date in Spira's own clock.
const clockSkew = 15 * time.Minute

func (e *Engine) adoptRequirements(ctx context.Context, s *Snapshot, ix *index, issues []jiraclient.Issue) error {
	var found []spiraclient.RemoteRequirement
	seen := map[int]bool{}
	keep := func(r spiraclient.RemoteRequirement) {
		if _, mapped := s.RequirementKeys[r.RequirementID]; !mapped && !seen[r.RequirementID] {
			seen[r.RequirementID] = true
			found = append(found, r)
		}
	}
	if !s.Watermark.IsZero() {
		// One read: what Spira created since the last posted run. An
		// unknown filter would answer everything (Spira ignores it), which
		// the date check below narrows again.
		from := s.Watermark.Add(-creationSlack)
		f := spiraclient.RemoteFilter{PropertyName: spiraclient.FilterCreationDate, DateRangeValue: &spiraclient.DateRange{ConsiderTimes: true, StartDate: spiraclient.TimePtr(from)}}
		for r, err := range e.cfg.Spira.SearchRequirements(ctx, s.ProductID, []spiraclient.RemoteFilter{f}) {
			if err != nil {
				return fmt.Errorf("look for requirements a stopped run created: %w", err)
			}
			keep(r)
		}
	} else {
		// A first sync: by name, one issue at a time (a Name search is a
		// keyword search, a superset: compared exactly below).
		for _, is := range issues {
			name := createdName(is)
			for r, err := range e.cfg.Spira.SearchRequirements(ctx, s.ProductID, []spiraclient.RemoteFilter{spiraclient.NameSearch(name)}) {
				if err != nil {
					return fmt.Errorf("look for requirements a stopped run created: %w", err)
				}
				keep(r)
			}
		}
	}
	ours := func(r spiraclient.RemoteRequirement, is jiraclient.Issue) bool {
		if r.Name != createdName(is) || r.CreationDate == nil || r.CreationDate.After(s.ServerTime.Add(creationSlack)) {
			return false
		}
		author := ix.spiraUser(is.Reporter())
		if author == 0 {
			author = s.SyncUserID
		}
		if r.AuthorID != author {
			return false
		}
		if !s.Watermark.IsZero() {
			return !r.CreationDate.Before(s.Watermark.Add(-creationSlack))
		}
		return !is.Created().IsZero() && !r.CreationDate.Before(is.Created().Add(-clockSkew))
	}
	// Oldest first: a second same-named requirement is a person's.
	slices.SortFunc(found, func(a, b spiraclient.RemoteRequirement) int {
		if c := a.CreationDate.Compare(b.CreationDate.Time); c != 0 {
			return c
		}
		return a.RequirementID - b.RequirementID
	})
	adopted := map[int]bool{}
	var runs []runWindow
	if slices.ContainsFunc(issues, func(is jiraclient.Issue) bool {
		return slices.ContainsFunc(found, func(r spiraclient.RemoteRequirement) bool { return ours(r, is) })
	}) {
		// Name, author and date may be a person's too (the sync account is
		// often an administrator's): the item must also date from a run of
		// this product, as Spira's event log shows it. Without the log,
		// nothing is adopted: the pair is then proposed as a link.
		var err error
		if runs, err = e.runWindows(ctx); err != nil {
			e.warn("requirements a stopped run may have created cannot be told from a person's without Spira's event log (" + err.Error() + "): same-named pairs are proposed as links instead")
		}
	}
	duringRun := func(r spiraclient.RemoteRequirement) bool {
		return slices.ContainsFunc(runs, func(w runWindow) bool { return w.holds(r.CreationDate.Time) })
	}
	for _, is := range issues {
		for _, r := range found {
			if adopted[r.RequirementID] || !ours(r, is) || !duringRun(r) {
				continue
			}
			adopted[r.RequirementID] = true
			s.RequirementKeys[r.RequirementID] = is.Key
			s.Recovered = append(s.Recovered, Recovered{Type: "requirement", SpiraID: r.RequirementID, JiraKey: is.Key, Name: r.Name})
			e.warn(fmt.Sprintf("requirement %d was created from %s by a run that was stopped before recording it (the journal does not have it): it is adopted, not created again", r.RequirementID, is.Key))
			break
		}
	}
	return nil
}

// runWindow is the span of one spirajira run of the product, from its
// lease taken to its release, or leaseTTL past its last sign of life.
type runWindow struct{ from, to time.Time }

// Both times are Spira's clock, kept to 1/300 s.
func (w runWindow) holds(t time.Time) bool {
	const rounding = 10 * time.Millisecond
	return !t.Before(w.from.Add(-rounding)) && !t.After(w.to.Add(rounding))
}

// runWindowPages bounds how far back runWindows reads the event log.
const runWindowPages = 10

// runWindows reads the spans of this product's runs from the lease events
// in Spira's event log, newest first, as far back as runWindowPages pages.
func (e *Engine) runWindows(ctx context.Context) ([]runWindow, error) {
	type span struct {
		from, last time.Time
		released   bool
	}
	runs := map[string]*span{}
	for page := range runWindowPages {
		evs, err := e.cfg.Spira.Events(ctx, 1+page*leasePageSize, leasePageSize)
		if err != nil {
			return nil, err
		}
		for _, ev := range evs {
			le, ok := parseLease(ev)
			if !ok || le.plugin != e.cfg.PluginID || le.product != e.cfg.ProductID {
				continue
			}
			sp := runs[le.run]
			if sp == nil {
				sp = &span{from: le.at, last: le.at}
				runs[le.run] = sp
			}
			sp.from = minTime(sp.from, le.at)
			if le.at.After(sp.last) {
				sp.last = le.at
			}
			sp.released = sp.released || le.kind == "released"
		}
		if len(evs) < leasePageSize {
			break
		}
	}
	var out []runWindow
	for _, sp := range runs {
		to := sp.last
		if !sp.released {
			to = to.Add(leaseTTL)
		}
		out = append(out, runWindow{from: sp.from, to: to})
	}
	return out, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// jiraKeyProperty is the number of the incident custom property the
// mapping holds the Jira issue key in, 0 when none.
func jiraKeyProperty(s *Snapshot) int {
	m := s.Mapping.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyJiraIssueKey)
	if m == nil {
		return 0
	}
	for _, d := range s.IncidentProperties {
		if d.CustomPropertyID == m.Property.ID {
			return d.PropertyNumber
		}
	}
	return 0
}
