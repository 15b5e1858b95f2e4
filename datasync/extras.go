package datasync

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The fields the current plug-in syncs beyond the classic ones (issue #13):
// tags ↔ labels, estimate points, time tracking, dates and the requirement
// hierarchy. Each is a compared field like the others (base, conflicts,
// before → after, no echo): the artifact views hold it in Spira's terms
// under its key, and the set/write helpers here put it on either side.
// Which are on depends on the plug-in's settings (extraKeys).

// The keys of the extra compared fields.
const (
	keyTags      = "tags"      // Spira Tags ↔ Jira labels
	keyPoints    = "points"    // requirement EstimatePoints ↔ Custom 01's second field
	keyEstimate  = "estimate"  // EstimatedEffort ↔ Original Estimate (minutes)
	keyRemaining = "remaining" // RemainingEffort ↔ Time Remaining (minutes)
	keySpent     = "spent"     // ActualEffort ← Time Spent (minutes), Jira → Spira only
	keyDue       = "due"       // StartDate ↔ due date (yyyy-mm-dd)
	keyParent    = "parent"    // requirement parent ↔ Jira parent (hierarchy.go)
	// keyReqDue is the requirement due date property ← due date
	// (requirement_due.go).
)

var extraLabels = map[string]string{keyTags: "Tags", keyPoints: "Estimate points", keyEstimate: "Estimated effort",
	keyRemaining: "Remaining effort", keySpent: "Actual effort", keyDue: "Start date", keyParent: "Parent",
	keyReqDue: "Due date"}

// spiraSide points at the fields of one Spira artifact the extras touch;
// a nil pointer is a field the artifact does not have.
type spiraSide struct {
	tags                        *string
	points                      **float64
	estimate, remaining, actual **int
	start                       **spiraclient.Time
	// props and due are a requirement's custom properties and the
	// definition of its due date property (nil: not synced).
	props *[]spiraclient.RemoteArtifactCustomProperty
	due   *spiraclient.RemoteCustomProperty
}

func incidentSide(inc *spiraclient.RemoteIncident) spiraSide {
	return spiraSide{tags: &inc.Tags, estimate: &inc.EstimatedEffort, remaining: &inc.RemainingEffort, actual: &inc.ActualEffort, start: &inc.StartDate}
}

func requirementSide(r *spiraclient.RemoteRequirement) spiraSide {
	return spiraSide{tags: &r.Tags, points: &r.EstimatePoints, props: &r.CustomProperties}
}

func taskSide(tk *spiraclient.RemoteTask) spiraSide {
	return spiraSide{tags: &tk.Tags, estimate: &tk.EstimatedEffort, remaining: &tk.RemainingEffort, actual: &tk.ActualEffort, start: &tk.StartDate}
}

// extraKeys are the extra fields compared for an artifact type
// ("incident", "requirement", "task") with the plug-in's settings.
// Tags and dates always sync (the plug-in has no switch for them); the
// estimate points need Custom 01's second field, time tracking the word
// timetracking, the parent the Sync Epic/Story hierarchy setting. A
// requirement's Estimated Effort is Spira's sum of its tasks (read-only),
// so requirements have no time tracking; their due date goes to a custom
// property (requirement_due.go), not to a field.
func (p *planner) extraKeys(artifact string) []string {
	set := p.ix.set
	keys := []string{keyTags}
	switch artifact {
	case "requirement":
		if set.EstimateField != "" {
			keys = append(keys, keyPoints)
		}
		if p.hierarchy() {
			keys = append(keys, keyParent)
		}
		if p.reqDueDef() != nil {
			keys = append(keys, keyReqDue)
		}
	case "incident", "task":
		if set.TimeTracking {
			keys = append(keys, keyEstimate, keyRemaining, keySpent)
		}
		keys = append(keys, keyDue)
	}
	return keys
}

// toSpiraOnly reports an extra field that flows from Jira only.
func toSpiraOnly(key string) bool { return key == keySpent || key == keyReqDue }

func isExtra(key string) bool { _, ok := extraLabels[key]; return ok }

// addExtraJira adds the issue's extra fields in Spira's terms to v. A
// field Jira does not return (time tracking off on the site, a field not
// on the type's screens) is left out: it is not synced.
func (p *planner) addExtraJira(v map[string]string, artifact string, is jiraclient.Issue) {
	for _, k := range p.extraKeys(artifact) {
		if val, ok := p.extraJira(k, is); ok {
			v[k] = val
		}
	}
}

// addExtraSpira adds the artifact's extra fields to v.
func (p *planner) addExtraSpira(v map[string]string, artifact string, sd spiraSide, r *spiraclient.RemoteRequirement) {
	if artifact == "requirement" {
		sd.due = p.reqDueDef()
	}
	for _, k := range p.extraKeys(artifact) {
		if k == keyParent {
			if r != nil {
				v[k] = p.spiraParent(r.IndentLevel)
			}
			continue
		}
		v[k] = extraSpira(k, sd)
	}
}

func (p *planner) extraJira(key string, is jiraclient.Issue) (string, bool) {
	switch key {
	case keyTags:
		return tagList(is.Labels()), true
	case keyPoints:
		f := customField(p.ix.set.EstimateField)
		var n *float64
		if _, err := is.Field(f, &n); err != nil {
			return "", false
		}
		return pointsText(n), true
	case keyEstimate, keyRemaining, keySpent:
		if _, ok := is.Fields["timetracking"]; !ok {
			return "", false
		}
		return effortText(jiraMinutes(is.TimeTracking(), key)), true
	case keyDue, keyReqDue:
		return is.DueDate(), true
	case keyParent:
		return p.jiraParent(is)
	}
	return "", false
}

func extraSpira(key string, sd spiraSide) string {
	switch key {
	case keyTags:
		return tagList(jiraTags(*sd.tags))
	case keyPoints:
		return pointsText(*sd.points)
	case keyEstimate:
		return effortText(*sd.estimate)
	case keyRemaining:
		return effortText(*sd.remaining)
	case keySpent:
		return effortText(*sd.actual)
	case keyDue:
		if *sd.start == nil || (*sd.start).IsZero() {
			return ""
		}
		return (*sd.start).UTC().Format(time.DateOnly)
	case keyReqDue:
		return reqDueSpira(sd)
	}
	return ""
}

// setExtraSpira writes the Spira-terms value v of an extra field into the
// artifact. Tags Jira cannot hold (with a space) stay as they are.
func setExtraSpira(sd spiraSide, key, v string) {
	switch key {
	case keyTags:
		tags := splitList(v)
		for _, t := range splitTags(*sd.tags) {
			if !labelable(t) {
				tags = append(tags, t)
			}
		}
		*sd.tags = strings.Join(tags, ",")
	case keyPoints:
		*sd.points = nil
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			*sd.points = &f
		}
	case keyEstimate, keyRemaining, keySpent:
		dst := map[string]**int{keyEstimate: sd.estimate, keyRemaining: sd.remaining, keySpent: sd.actual}[key]
		*dst = nil
		if n, err := strconv.Atoi(v); err == nil {
			*dst = &n
		}
	case keyDue:
		*sd.start = nil
		if d, err := time.Parse(time.DateOnly, v); err == nil {
			*sd.start = spiraclient.TimePtr(d)
		}
	case keyReqDue:
		setReqDue(sd, v)
	}
}

// extraJiraWrite puts the Spira-terms value v of an extra field into a
// Jira edit or create; the reason says why it cannot be written.
func (p *planner) extraJiraWrite(fields map[string]any, key, v string) (field string, reason string) {
	switch key {
	case keyTags:
		fields["labels"] = append([]string{}, splitList(v)...)
		return "labels", ""
	case keyPoints:
		f := customField(p.ix.set.EstimateField)
		fields[f] = nil
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			fields[f] = n
		}
		return f, ""
	case keyEstimate, keyRemaining:
		tt, _ := fields["timetracking"].(map[string]any)
		if tt == nil {
			tt = map[string]any{}
			fields["timetracking"] = tt
		}
		name := map[string]string{keyEstimate: "originalEstimate", keyRemaining: "remainingEstimate"}[key]
		tt[name] = jiraclient.FormatDuration(atoi(v), p.workingTime())
		return "timetracking", ""
	case keySpent:
		return "", "Time Spent flows only from Jira (work is logged there): Spira's Actual Effort is not sent"
	case keyReqDue:
		return "", "the plug-in copies the due date only from Jira to the requirement property: the property's value is not sent"
	case keyDue:
		if v == "" {
			fields["duedate"] = nil
		} else {
			fields["duedate"] = v
		}
		return "duedate", ""
	case keyParent:
		return p.parentWrite(fields, v)
	}
	return "", "not a field Jira has"
}

// extraCreate adds the extra fields of a new Spira artifact to the fields
// of the issue created from it, with the plan's changes.
func (p *planner) extraCreate(artifact string, sd spiraSide, r *spiraclient.RemoteRequirement, fields map[string]any, changes *[]Change, reasons *[]string) {
	v := map[string]string{}
	p.addExtraSpira(v, artifact, sd, r)
	for _, k := range p.extraKeys(artifact) {
		if v[k] == "" || toSpiraOnly(k) {
			continue
		}
		if _, why := p.extraJiraWrite(fields, k, v[k]); why != "" {
			*reasons = append(*reasons, why)
			continue
		}
		*changes = append(*changes, Change{Field: extraLabels[k], After: p.extraDisplay(k, v[k])})
	}
	if n := spacedTags(*sd.tags); len(n) > 0 {
		*reasons = append(*reasons, spacedReason(n))
	}
}

// extraFromJira sets the extra fields of a Spira artifact made from or
// following an issue, with the plan's changes (before → after).
func (p *planner) extraFromJira(artifact string, sd spiraSide, r *spiraclient.RemoteRequirement, is jiraclient.Issue, changes *[]Change) {
	if artifact == "requirement" {
		sd.due = p.reqDueDef()
	}
	jv, sv := map[string]string{}, map[string]string{}
	p.addExtraJira(jv, artifact, is)
	p.addExtraSpira(sv, artifact, sd, r)
	for _, k := range p.extraKeys(artifact) {
		j, ok := jv[k]
		if !ok || k == keyParent || j == sv[k] {
			continue // the parent is set by the create call (hierarchy.go)
		}
		*changes = append(*changes, Change{Field: extraLabels[k], Before: p.extraDisplay(k, sv[k]), After: p.extraDisplay(k, j)})
		setExtraSpira(sd, k, j)
	}
}

func (p *planner) extraDisplay(key, v string) string {
	switch key {
	case keyEstimate, keyRemaining, keySpent:
		if v == "" {
			return ""
		}
		return jiraclient.FormatDuration(atoi(v), p.workingTime()) + " (" + v + " min)"
	case keyTags:
		return strings.ReplaceAll(v, ",", ", ")
	case keyParent:
		return p.parentDisplay(v)
	}
	return v
}

// workingTime is the Jira site's day and week for time tracking. The
// engine does not read the site's configuration (GET
// /rest/api/3/configuration/timetracking/options): it assumes Jira's
// default of 8 hours a day and 5 days a week, and reads estimates in
// seconds, so only the written strings depend on it.
func (p *planner) workingTime() jiraclient.WorkingTime { return jiraclient.DefaultWorkingTime }

// jiraMinutes is one of an issue's time-tracking values in minutes, nil
// when unset: the seconds Jira returns, else its string read with the
// default working time.
func jiraMinutes(tt *jiraclient.TimeTracking, key string) *int {
	if tt == nil {
		return nil
	}
	secs, text := tt.OriginalEstimateSeconds, tt.OriginalEstimate
	switch key {
	case keyRemaining:
		secs, text = tt.RemainingEstimateSeconds, tt.RemainingEstimate
	case keySpent:
		secs, text = tt.TimeSpentSeconds, tt.TimeSpent
	}
	if secs != nil {
		m := int((*secs + 30) / 60)
		return &m
	}
	if text == "" {
		return nil
	}
	m, err := jiraclient.ParseDuration(text, jiraclient.DefaultWorkingTime)
	if err != nil {
		return nil
	}
	return &m
}

// effortText is an effort in minutes; none and zero read the same, as
// Jira shows an estimate of 0m as none.
func effortText(m *int) string {
	if m == nil || *m == 0 {
		return ""
	}
	return strconv.Itoa(*m)
}

func pointsText(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// Spira keeps an artifact's tags as one string. Its separator is not in
// the API reference; the engine reads commas (and semicolons) and writes
// commas.
func splitTags(s string) []string {
	return splitList(strings.ReplaceAll(s, ";", ","))
}

func splitList(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// labelable reports a tag Jira can hold as a label: Jira refuses a label
// with a space ("The label 'x y' contains spaces which is invalid.") and
// one longer than 255 characters.
func labelable(t string) bool {
	return t != "" && !strings.ContainsAny(t, " \t\n") && len(t) <= 255
}

// jiraTags are the tags of a Spira artifact that Jira can hold as labels.
// How the plug-in treats a tag with a space is not documented; the engine
// never sends one (Jira would refuse the whole write), keeps it in Spira
// and says so in the plan.
func jiraTags(s string) []string {
	return slices.DeleteFunc(splitTags(s), func(t string) bool { return !labelable(t) })
}

func spacedTags(s string) []string {
	return slices.DeleteFunc(splitTags(s), labelable)
}

func spacedReason(tags []string) string {
	return "tag " + strings.Join(tags, ", ") + " has a space, which Jira refuses in a label: it stays in Spira only"
}

// tagList is a set of tags or labels in one canonical form: sorted, no
// duplicates, comma-separated.
func tagList(ts []string) string {
	ts = slices.Clone(ts)
	slices.Sort(ts)
	return strings.Join(slices.Compact(ts), ",")
}

// extraJiraField is the Jira field an extra field writes.
func extraJiraField(key string, set mapping.Settings) string {
	switch key {
	case keyTags:
		return "labels"
	case keyPoints:
		return customField(set.EstimateField)
	case keyEstimate, keyRemaining, keySpent:
		return "timetracking"
	case keyDue, keyReqDue:
		return "duedate"
	case keyParent:
		return "parent"
	}
	return ""
}

// extraJiraFields are the Jira fields the engine reads for the extras.
func extraJiraFields(set mapping.Settings, ext mapping.Extended) []string {
	f := []string{"labels", "duedate"}
	if c := customField(set.EstimateField); c != "" {
		f = append(f, c)
	}
	if set.TimeTracking {
		f = append(f, "timetracking")
	}
	if ext.SyncEpicStoryHierarchy {
		f = append(f, "parent")
	}
	return f
}

// unsentExtras empties in a created issue's base the extra fields its
// create did not carry (fields nil: none were): Jira starts without them,
// which is no change in Jira to copy back.
func (p *planner) unsentExtras(base map[string]string, artifact string, fields map[string]any) {
	for _, k := range p.extraKeys(artifact) {
		if _, sent := fields[extraJiraField(k, p.ix.set)]; !sent || toSpiraOnly(k) {
			if k != keyParent {
				base[k] = ""
			}
		}
	}
}
