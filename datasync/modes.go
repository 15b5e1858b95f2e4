package datasync

import (
	"fmt"
	"slices"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The engine obeys the plug-in's direction matrix (mapping.Settings.Flow):
// every choice of who creates and who updates an artifact reads the Flow of
// that artifact, so each Sync Mode's behaviour comes from the one table.

// flowOf is how artifacts of kind (mapping.FlowIncidents...) sync under
// the product's plug-in settings.
func flowOf(m *mapping.Product, kind string) mapping.Flow {
	return m.Plugin.Settings().Flow(kind)
}

// flow is the Flow of kind under the plan's settings.
func (p *planner) flow(kind string) mapping.Flow { return p.ix.set.Flow(kind) }

// The artifacts a Jira issue syncs as (artifactOf).
const (
	asNone        = ""
	asIncident    = "incident"
	asRequirement = "requirement"
	asTask        = "task"
)

// artifactOf is what an issue of Jira type typ syncs as, whatever the
// mode lets through: a task for the Task Types, a requirement for the
// Requirement Types (in NoIncidents, where requirements are the default
// artifact, every other type), an incident otherwise; nothing for the
// Types to Skip.
func (ix *index) artifactOf(typ string) string {
	switch {
	case ix.skipped(typ):
		return asNone
	case slices.Contains(ix.set.TaskTypes, typ):
		return asTask
	case ix.set.Mode == mapping.ModeNoIncidents:
		return asRequirement
	case ix.reqTypes[typ]:
		return asRequirement
	}
	return asIncident
}

// skipped reports whether issues of Jira type typ are never synced (Types
// to Skip).
func (ix *index) skipped(typ string) bool {
	return typ != "" && slices.Contains(ix.ext.TypesToSkip, typ)
}

// flowKind is the direction matrix's column of an artifact.
func flowKind(artifact string) string {
	switch artifact {
	case asIncident:
		return mapping.FlowIncidents
	case asRequirement:
		return mapping.FlowRequirements
	case asTask:
		return mapping.FlowTasks
	}
	return ""
}

// extended are the plug-in's settings of Spira 8.8 and later (Types to
// Skip, Skip Comments...), which no known REST call reads: what the
// mapping declares (a mapping file's plugin.extended; none when the
// mapping is read from Spira).
func extended(s *Snapshot) mapping.Extended { return s.Mapping.Plugin.Extended }

// settingsNotes are the plan's notes on settings that change what a run
// leaves out, so the dry-run says it.
func (p *planner) settingsNotes() {
	if p.ix.set.NoAttachments {
		p.add(Action{Kind: KindSkip, Item: "settings:attachments", Artifact: Artifact{Type: "settings"},
			Summary: "attachments not synced",
			Reason:  "Sync Mode option " + mapping.OptionNoAttachments + " is set: no file is copied either way; each file left out is listed"})
	}
}

// releaseStatusClosed is Spira's Closed release status: such a release is
// never created in Jira (real-spira-2026 J10), in every mode.
const releaseStatusClosed = 4

func closedRelease(r spiraclient.RemoteRelease) bool { return r.ReleaseStatusID == releaseStatusClosed }

// closedUnmapped says why a release an item refers to has no Jira version:
// it is Closed and has none; "" otherwise.
func (p *planner) closedUnmapped(releaseID int) string {
	r, ok := p.ix.releases[releaseID]
	if !ok || !closedRelease(r) || p.versionFor(releaseID) != "" {
		return ""
	}
	return fmt.Sprintf("release %s is Closed and has no Jira version: Closed releases are never created in Jira", p.releaseName(releaseID))
}

// keepBase is decide's answer for a field changed in Spira only where
// updates flow from Jira: neither written nor agreed.
const keepBase mapping.Way = 4

// decide is the field-level rule of a mapped pair (incidents and, in
// Complete, requirements): which way field f, which differs, goes, from
// whether each side changed it since the base, whether updates go both
// ways, and the conflict winner; conflict is a change on both sides the
// plan shows. A field that flows from Jira only (toSpiraOnly) is never
// sent: changed in Spira alone, it keeps its base.
func (p *planner) decide(f string, jiraChanged, spiraChanged, hasBase, both bool) (way mapping.Way, conflict bool) {
	way, conflict = p.decideWay(jiraChanged, spiraChanged, hasBase, both)
	if way == mapping.WayToJira && toSpiraOnly(f) {
		return keepBase, false
	}
	return way, conflict
}

// keepOldBase is what keepBase does to a pair's next base: the field keeps
// the base it had (none: none), so a later change in Jira is still seen.
func keepOldBase(newBase map[string]string, f, b string, hasBase bool) {
	if hasBase {
		newBase[f] = b
	} else {
		delete(newBase, f)
	}
}

func (p *planner) decideWay(jiraChanged, spiraChanged, hasBase, both bool) (way mapping.Way, conflict bool) {
	switch {
	case !both && !jiraChanged:
		return keepBase, false
	case !both:
		return mapping.WayToSpira, spiraChanged && hasBase
	case jiraChanged && spiraChanged:
		if p.s.ConflictWinner == SpiraWins {
			return mapping.WayToJira, true
		}
		return mapping.WayToSpira, true
	case jiraChanged:
		return mapping.WayToSpira, false
	case spiraChanged:
		return mapping.WayToJira, false
	}
	return mapping.WayNone, false
}

// fieldRoutes gathers a pair's field changes by the way each goes.
type fieldRoutes struct {
	toSpira   []Change
	toJira    []fieldChange
	conflicts []Change
	// newBase is what both sides hold once the writes are made.
	newBase map[string]string
}

// route files field f by the way decide gave it. ch shows Spira's value s
// before Jira's j; b is the base; setSpira writes j into the Spira target.
func (r *fieldRoutes) route(f string, ch Change, way mapping.Way, conflict bool, s, j, b string, hasBase bool, setSpira func()) {
	if conflict {
		r.conflicts = append(r.conflicts, ch)
	}
	switch way {
	case keepBase:
		// Changed in Spira only, and not sent (this mode, or a field that
		// never goes to Jira): the old base stays, so a later change in
		// Jira still comes, or shows as the conflict it is.
		keepOldBase(r.newBase, f, b, hasBase)
	case mapping.WayToSpira:
		r.toSpira = append(r.toSpira, ch)
		setSpira()
		r.newBase[f] = j
	case mapping.WayToJira:
		r.toJira = append(r.toJira, fieldChange{Change{Field: ch.Field, Before: ch.After, After: ch.Before}, f})
		r.newBase[f] = s
	}
}

// conflict reports the fields of art changed on both sides, and who wins.
// both: updates go both ways, so the winner is the one asked for.
func (p *planner) conflict(art Artifact, conflicts []Change, both bool) {
	if len(conflicts) == 0 {
		return
	}
	winner := "Jira wins (the default, as the guide recommends)"
	switch {
	case !both:
		winner = "Jira wins (updates flow from Jira in this mode)"
	case p.s.ConflictWinner == SpiraWins:
		winner = "Spira wins (as asked)"
	}
	p.add(Action{Kind: KindConflict, Direction: JiraToSpira, Artifact: art, Item: art.JiraKey, Phase: 1,
		Summary: "changed on both sides since the last sync", Changes: conflicts, Reason: winner})
}

// changedInJiraSince reports whether an issue changed in Jira since the
// last sync: inside the query's window, whose start may be before the
// watermark when Jira's clock is behind Spira's.
func (p *planner) changedInJiraSince(is jiraclient.Issue) bool {
	from := p.s.Watermark
	if !p.s.JiraSince.IsZero() && p.s.JiraSince.Before(from) {
		from = p.s.JiraSince
	}
	return p.s.Watermark.IsZero() || !is.Updated().Before(from)
}
