package datasync

import (
	"context"
	"fmt"
	"time"

	"github.com/spirajira/spirajira/spiraclient"
)

// Spira refuses (400) the whole update of an incident whose Closed Date
// falls on a day before the day it was created, whose Start Date is more
// than a day before it, or whose completion is not a percentage; a create
// does not check, so an incident can hold such dates already. The engine
// does not sync these fields, but sends them back with every update: it
// moves such a date to the creation date, and says so, rather than fail
// the item every run. Days are compared in UTC; the zone Spira's
// date-only comparison uses is not known, so a date within a day of the
// creation day is left as it is.
func fitIncidentDates(inc *spiraclient.RemoteIncident) []string {
	if inc.CreationDate == nil || inc.CreationDate.IsZero() {
		return nil
	}
	created := inc.CreationDate.Time
	day := func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
	var notes []string
	if d := inc.ClosedDate; d != nil && day(d.Time).Before(day(created)) {
		notes = append(notes, fmt.Sprintf("its Closed Date %s is before its creation date %s", d.UTC().Format(time.DateOnly), created.UTC().Format(time.DateOnly)))
		inc.ClosedDate = spiraclient.TimePtr(created)
	}
	if d := inc.StartDate; d != nil && day(d.Add(24*time.Hour)).Before(day(created)) {
		notes = append(notes, fmt.Sprintf("its Start Date %s is more than a day before its creation date %s", d.UTC().Format(time.DateOnly), created.UTC().Format(time.DateOnly)))
		inc.StartDate = spiraclient.TimePtr(created)
	}
	if p := inc.CompletionPercent; p < 0 || p > 100 {
		notes = append(notes, fmt.Sprintf("its completion %d%% is not a percentage", p))
		inc.CompletionPercent = min(max(p, 0), 100)
	}
	return notes
}

// updateIncident saves inc after fitting its dates to what Spira accepts,
// noting in the report any it moved.
func (a *applier) updateIncident(ctx context.Context, inc spiraclient.RemoteIncident) error {
	for _, n := range fitIncidentDates(&inc) {
		a.mu.Lock()
		a.rep.Notes = append(a.rep.Notes, fmt.Sprintf("incident %d: %s, which Spira refuses on any update: it was set to the creation date (or within 0-100)", inc.IncidentID, n))
		a.mu.Unlock()
	}
	return a.e.cfg.Spira.UpdateIncident(ctx, a.s.ProductID, inc)
}
