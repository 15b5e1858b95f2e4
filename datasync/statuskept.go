package datasync

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Spira writes a status sent over REST only while the product template's
// Status Bulk Edit setting is on; off, it answers 200 and keeps the old
// status (the default on a create). The setting cannot be read over REST,
// so the engine reads the incident back after each status it writes, and
// when Spira kept its own it remembers the pair of statuses: while both
// sides still hold them the plan leaves the status alone and says why,
// instead of writing it again every run. The remembered pair goes when
// either side's status changes, or after statusKeptFor, when the next run
// that reads the item tries once more (the administrator may have turned
// the setting on). What "off" means for REST writes on Spira 7 to 9.4 is
// not confirmed: the check compares statuses, whatever the cause.

// StatusKeptPhrase starts the reason of every status Spira kept; the doctor
// looks for it in Spira's event log.
const StatusKeptPhrase = "Spira kept the status"

// statusKeptFor is how long a kept status is left alone before one retry.
const statusKeptFor = 24 * time.Hour

// StatusKept is a status write Spira did not apply: the status it kept and
// the one sent, Spira IDs, with the template and the server time.
type StatusKept struct {
	Spira    string    `json:"spira"`
	Sent     string    `json:"sent"`
	Template int       `json:"template"`
	At       time.Time `json:"at"`
}

// statusKeptReason says why a status stays, and what to do.
func statusKeptReason(k StatusKept, names func(string) string) string {
	return fmt.Sprintf("%s: Status Bulk Edit is off in template %d (Spira holds %s, %s was sent). "+
		"Spira 6 writes a status sent over REST only while that setting is on; what off means on later versions is not confirmed, "+
		"so check the setting and the incident workflow. The status is tried again when either side changes it, or after a day",
		StatusKeptPhrase, k.Template, names(k.Spira), names(k.Sent))
}

// statusKept is the remembered refusal for the pair of issueID when Spira
// still holds spira and Jira still asks for sent, and it is recent.
func (p *planner) statusKept(issueID, spira, sent string) (StatusKept, bool) {
	k, ok := p.s.StatusKept[issueID]
	if !ok || k.Spira != spira || k.Sent != sent || p.s.ServerTime.Sub(k.At) >= statusKeptFor {
		return StatusKept{}, false
	}
	return k, true
}

// checkStatus reads an incident back after a write that sent it a status
// and, when Spira kept another, remembers it, reports it as skipped and
// returns the base with Spira's status, so that the next run does not take
// the status it kept for a change in Spira. inc is what was sent.
func (a *applier) checkStatus(act *Action, inc spiraclient.RemoteIncident, base map[string]string) (map[string]string, error) {
	got, err := a.e.cfg.Spira.IncidentsByIDs(a.ctx, a.s.ProductID, []int{inc.IncidentID})
	if err != nil {
		return nil, fmt.Errorf("read incident %d back to check its status: %w", inc.IncidentID, err)
	}
	if len(got) != 1 {
		return nil, fmt.Errorf("read incident %d back to check its status: Spira did not return it", inc.IncidentID)
	}
	held, sent := got[0].IncidentStatusID, inc.IncidentStatusID
	if held == sent || sent == 0 {
		return base, nil
	}
	k := StatusKept{Spira: strconv.Itoa(held), Sent: strconv.Itoa(sent), Template: a.s.TemplateID, At: a.s.ServerTime}
	out := maps.Clone(base)
	if out != nil {
		out["status"] = k.Spira
	}
	a.rememberKept(act, k)
	return out, nil
}

// checkRequirementStatus reads a requirement back after a write that sent
// it the status sent and, when Spira kept another, remembers it and reports
// it as skipped.
func (a *applier) checkRequirementStatus(act *Action, id, sent int) error {
	r, err := a.e.cfg.Spira.Requirement(a.ctx, a.s.ProductID, id)
	if err != nil {
		return fmt.Errorf("read requirement %d back to check its status: %w", id, err)
	}
	if r.StatusID == sent {
		a.mu.Lock()
		delete(a.e.st.StatusKept, act.Artifact.JiraID)
		a.mu.Unlock()
		return nil
	}
	k := StatusKept{Spira: strconv.Itoa(r.StatusID), Sent: strconv.Itoa(sent), Template: a.s.TemplateID, At: a.s.ServerTime}
	a.rememberKeptNamed(act, k, func(id string) string { return nameIn(a.s, mapping.RequirementStatus, id) })
	return nil
}

// rememberKept records a status Spira kept for the pair of act and reports
// it as skipped, with the reason.
func (a *applier) rememberKept(act *Action, k StatusKept) { a.rememberKeptNamed(act, k, a.statusName) }

func (a *applier) rememberKeptNamed(act *Action, k StatusKept, names func(string) string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.e.st.StatusKept == nil {
		a.e.st.StatusKept = map[string]StatusKept{}
		a.s.StatusKept = a.e.st.StatusKept
	}
	a.e.st.StatusKept[act.Artifact.JiraID] = k
	a.rep.Skipped = append(a.rep.Skipped, Failure{Artifact: act.Artifact.String(), Reason: statusKeptReason(k, names)})
}

// statusName names a Spira incident status ID for a message.
func (a *applier) statusName(id string) string { return statusNameIn(a.s, id) }

func statusNameIn(s *Snapshot, id string) string { return nameIn(s, mapping.IncidentStatus, id) }

// nameIn names a Spira value of a mapped field for a message.
func nameIn(s *Snapshot, k mapping.FieldKind, id string) string {
	if f := s.Mapping.Field(k); f != nil {
		for _, v := range f.Values {
			if strconv.Itoa(v.Spira.ID) == id && v.Spira.Name != "" {
				return strconv.Quote(v.Spira.Name)
			}
		}
	}
	return "status " + id
}

// forgetKept drops the remembered refusal of a pair whose agreed status is
// no longer the one Spira kept. Called with a.mu held.
func (a *applier) forgetKept(issueID string, base map[string]string) {
	if k, ok := a.e.st.StatusKept[issueID]; ok {
		if st, has := base["status"]; has && st != k.Spira {
			delete(a.e.st.StatusKept, issueID)
		}
	}
}

// isStatusKept reports a skipped item's reason that is a kept status.
func isStatusKept(reason string) bool { return strings.HasPrefix(reason, StatusKeptPhrase) }
