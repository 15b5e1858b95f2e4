package datasync

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The reads after the search: comments, associations, create screens and Jira accounts.

// BatchIDs is how many incidents one search-by-ids read asks for.
const BatchIDs = 100

func (e *Engine) readDetails(ctx context.Context, s *Snapshot, incFlow mapping.Flow) error {
	sp, jr, pid := e.cfg.Spira, e.cfg.Jira, s.ProductID
	g := newGroup(e.cfg.Concurrency)
	var mu sync.Mutex
	// Skip Comments: no comment is read, so none is synced either way.
	comments := !extended(s).SkipComments
	// Spira's requirement comments go to Jira with Complete's updates.
	reqToJira := flowOf(s.Mapping, mapping.FlowRequirements).Update.ToJira()
	// Jira comments beyond what search embeds.
	for i := range s.Issues {
		it := &s.Issues[i]
		cs, all := inlineComments(it.Issue)
		if !comments {
			cs, all = nil, true
		}
		it.Comments = cs
		if !all && !s.proposedOnly.issues[it.Issue.Key] {
			g.Go(func() error {
				var out []jiraclient.Comment
				for c, err := range jr.Comments(ctx, it.Issue.ID) {
					if err != nil {
						return fmt.Errorf("read comments of %s: %w", it.Issue.Key, err)
					}
					out = append(out, c)
				}
				it.Comments = out
				return nil
			})
		}
	}
	// Spira counterparts of mapped issues, in batches.
	keyToInc := map[string]int{}
	for id, k := range s.IncidentKeys {
		keyToInc[k] = id
	}
	keyToReq := map[string]int{}
	for id, k := range s.RequirementKeys {
		keyToReq[k] = id
	}
	var ids []int
	for i := range s.Issues {
		if id, ok := keyToInc[s.Issues[i].Issue.Key]; ok {
			ids = append(ids, id)
		}
	}
	incs := map[int]spiraclient.RemoteIncident{}
	for start := 0; start < len(ids); start += BatchIDs {
		batch := ids[start:min(start+BatchIDs, len(ids))]
		g.Go(func() error {
			got, err := sp.IncidentsByIDs(ctx, pid, batch)
			if err != nil {
				return fmt.Errorf("read mapped incidents: %w", err)
			}
			mu.Lock()
			for _, inc := range got {
				incs[inc.IncidentID] = inc
			}
			mu.Unlock()
			return nil
		})
	}
	for i := range s.Issues {
		it := &s.Issues[i]
		if id, ok := keyToReq[it.Issue.Key]; ok {
			g.Go(func() error {
				r, err := sp.Requirement(ctx, pid, id)
				if errors.Is(err, spiraclient.ErrNotFound) {
					return nil // deleted in Spira: Plan says so
				}
				if err != nil {
					return fmt.Errorf("read requirement %d: %w", id, err)
				}
				it.Requirement = r
				return nil
			})
		}
	}
	// Comments and associations of new incidents.
	for i := range s.NewIncidents {
		it := &s.NewIncidents[i]
		if s.proposedOnly.incidents[it.Incident.IncidentID] {
			continue
		}
		if comments {
			g.Go(func() (err error) {
				it.Comments, err = sp.IncidentComments(ctx, pid, it.Incident.IncidentID)
				return wrap(err, "read comments of incident "+strconv.Itoa(it.Incident.IncidentID))
			})
		}
		if strings.TrimSpace(s.Mapping.Plugin.Custom05) != "" {
			g.Go(func() (err error) {
				it.Associations, err = sp.Associations(ctx, pid, mapping.ArtifactTypeIncident, it.Incident.IncidentID)
				return wrap(err, "read associations of incident "+strconv.Itoa(it.Incident.IncidentID))
			})
		}
	}
	if strings.TrimSpace(s.Mapping.Plugin.Custom05) != "" {
		for i := range s.RecentMapped {
			it := &s.RecentMapped[i]
			g.Go(func() (err error) {
				it.Associations, err = sp.Associations(ctx, pid, mapping.ArtifactTypeIncident, it.Incident.IncidentID)
				return wrap(err, "read associations of incident "+strconv.Itoa(it.Incident.IncidentID))
			})
		}
	}
	for i := range s.ChangedIncidents {
		it := &s.ChangedIncidents[i]
		if !comments {
			continue
		}
		g.Go(func() (err error) {
			it.Comments, err = sp.IncidentComments(ctx, pid, it.Incident.IncidentID)
			return wrap(err, "read comments of incident "+strconv.Itoa(it.Incident.IncidentID))
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// Spira comments of mapped items, when Jira has comments to compare
	// with (or with Both, always: Spira's may have to go to Jira).
	changed := map[int]*SpiraItem{}
	for i := range s.ChangedIncidents {
		changed[s.ChangedIncidents[i].Incident.IncidentID] = &s.ChangedIncidents[i]
	}
	g = newGroup(e.cfg.Concurrency)
	for i := range s.Issues {
		it := &s.Issues[i]
		if id, ok := keyToInc[it.Issue.Key]; ok {
			inc, found := incs[id]
			if !found {
				continue
			}
			if c, ok := changed[id]; ok {
				inc = c.Incident // the same read, newer or equal
				it.Incident, it.SpiraComments = &inc, c.Comments
				continue
			}
			it.Incident = &inc
			if comments && (len(it.Comments) > 0 || incFlow.Update.ToJira()) {
				g.Go(func() (err error) {
					it.SpiraComments, err = sp.IncidentComments(ctx, pid, id)
					return wrap(err, "read comments of incident "+strconv.Itoa(id))
				})
			}
		}
		if id, ok := keyToReq[it.Issue.Key]; ok && comments && (len(it.Comments) > 0 || reqToJira) && it.Requirement != nil {
			g.Go(func() (err error) {
				it.SpiraComments, err = sp.RequirementComments(ctx, pid, id)
				return wrap(err, "read comments of requirement "+strconv.Itoa(id))
			})
		}
	}
	return g.Wait()
}

// readForWrites reads what only a write needs, once the items are known:
// the create screens of the issue types incidents become (for creates and
// for the fields an update may set) where an item may be written to Jira,
// and the Jira accounts of e-mail addresses where any item may be written.
// A run that finds nothing to do reads neither.
func (e *Engine) readForWrites(ctx context.Context, s *Snapshot) error {
	g := newGroup(e.cfg.Concurrency)
	if mayWriteJira(s) {
		var mu sync.Mutex
		for _, t := range usedIssueTypes(e.cfg.Mapping) {
			g.Go(func() error {
				fs, err := e.cfg.Jira.CreateMetaFields(ctx, e.cfg.Mapping.Project.Key(), t)
				if err != nil {
					return wrap(err, "read the create screen of issue type "+t)
				}
				set := map[string]bool{}
				for _, f := range fs {
					set[cmp.Or(f.FieldID, f.Key)] = true
				}
				mu.Lock()
				s.CreateFields[t] = set
				jiraNamesFrom(s.JiraNames, fs)
				mu.Unlock()
				return nil
			})
		}
	}
	if mayWriteJira(s) || s.issuesBeyondProposals() > 0 || len(s.Tasks.Issues) > 0 {
		g.Go(func() error { return e.readJiraUsers(ctx, s) })
	}
	return g.Wait()
}

// mayWriteJira reports whether the snapshot holds an item the plan may write to
// Jira: a Spira item to create or update, something an earlier run left,
// or a Jira issue paired with a Spira item.
func mayWriteJira(s *Snapshot) bool {
	t := s.Tasks
	if len(s.RecentMapped)+len(s.ChangedIncidents)+len(s.ChangedRequirements)+len(s.NewRequirements)+
		len(s.Recovered)+len(s.Moved)+len(t.New)+len(t.Pairs)+len(t.Adopt) > 0 {
		return true
	}
	for _, it := range s.NewIncidents {
		if !s.proposedOnly.incidents[it.Incident.IncidentID] {
			return true
		}
	}
	for _, it := range s.SameNameRequirements {
		if !s.proposedOnly.requirements[it.Requirement.RequirementID] {
			return true
		}
	}
	paired := map[string]bool{}
	for _, k := range s.IncidentKeys {
		paired[k] = true
	}
	for _, k := range s.RequirementKeys {
		paired[k] = true
	}
	for _, it := range slices.Concat(s.Issues, t.Issues) {
		if it.Marker != nil || paired[it.Issue.Key] || it.Incident != nil || it.Requirement != nil {
			return true
		}
	}
	return false
}

// issuesBeyondProposals counts the Jira issues read that are not the
// Jira side of a pair only proposed.
func (s *Snapshot) issuesBeyondProposals() int {
	n := 0
	for _, it := range s.Issues {
		if !s.proposedOnly.issues[it.Issue.Key] {
			n++
		}
	}
	return n
}

// readJiraUsers finds the Jira accounts of e-mail addresses: those user
// mappings that hold one, and with Auto-Map Users every product user's.
func (e *Engine) readJiraUsers(ctx context.Context, s *Snapshot) error {
	var emails []string
	for _, u := range s.Mapping.Users {
		if strings.Contains(u.Jira.ID, "@") {
			emails = append(emails, u.Jira.ID)
		}
	}
	if s.Mapping.Plugin.AutoMapUsers {
		for _, u := range s.SpiraUsers {
			if u.EmailAddress != "" {
				emails = append(emails, u.EmailAddress)
			}
		}
	}
	slices.Sort(emails)
	emails = slices.Compact(emails)
	var mu sync.Mutex
	g := newGroup(e.cfg.Concurrency)
	for _, em := range emails {
		g.Go(func() error {
			us, err := e.cfg.Jira.SearchUsers(ctx, em, 10)
			if err != nil {
				return fmt.Errorf("find the Jira user of %s: %w", em, err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, u := range us {
				if strings.EqualFold(u.EmailAddress, em) {
					s.JiraUsers = append(s.JiraUsers, u)
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// usedIssueTypes lists the Jira issue types incidents are created as.
func usedIssueTypes(p *mapping.Product) []string {
	var out []string
	if f := p.Field(mapping.IncidentType); f != nil {
		for _, v := range f.Values {
			if v.Jira.ID != "" && !slices.Contains(out, v.Jira.ID) {
				out = append(out, v.Jira.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}
