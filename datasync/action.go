package datasync

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Kind is what an action does.
type Kind string

// The kinds of action a plan holds.
const (
	KindCreate     Kind = "create"
	KindUpdate     Kind = "update"
	KindTransition Kind = "transition"
	KindLink       Kind = "link"
	KindSkip       Kind = "skip"
	KindConflict   Kind = "conflict"
	KindError      Kind = "error"
)

// Direction is the way data flows in an action.
type Direction string

// The two directions.
const (
	SpiraToJira Direction = "Spira → Jira"
	JiraToSpira Direction = "Jira → Spira"
)

// Artifact names what an action is about: a Spira item and its Jira
// counterpart, either of which may not exist yet.
type Artifact struct {
	// Type is "incident", "requirement", "release" or "task".
	Type    string `json:"type"`
	SpiraID int    `json:"spiraId,omitempty"`
	JiraKey string `json:"jiraKey,omitempty"`
	JiraID  string `json:"jiraId,omitempty"`
	Name    string `json:"name,omitempty"`
}

var typePrefix = map[string]string{"incident": "IN", "requirement": "RQ", "release": "RL", "task": "TK"}

// String renders the artifact as "IN:12 ↔ LIB-3".
func (a Artifact) String() string {
	var parts []string
	if a.SpiraID != 0 {
		parts = append(parts, fmt.Sprintf("%s:%d", typePrefix[a.Type], a.SpiraID))
	} else {
		parts = append(parts, "new "+a.Type)
	}
	if a.Type == "settings" {
		return "plug-in settings"
	}
	switch {
	case a.JiraKey != "":
		parts = append(parts, a.JiraKey)
	case a.Type == "release" && a.JiraID != "":
		parts = append(parts, "version "+a.JiraID)
	case a.Type == "release":
		parts = append(parts, "new version")
	default:
		parts = append(parts, "new issue")
	}
	return strings.Join(parts, " ↔ ")
}

// Change is one field's value before and after an action, as people read
// them.
type Change struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Action is one step of a plan. Op is what Apply sends; the rest is for
// people (the dry-run) and for the report.
type Action struct {
	// ID is unique in the plan ("a1", "a2", ...); placeholders refer to it.
	ID        string    `json:"id"`
	Kind      Kind      `json:"kind"`
	Direction Direction `json:"direction"`
	Artifact  Artifact  `json:"artifact"`
	Summary   string    `json:"summary"`
	Changes   []Change  `json:"changes,omitempty"`
	// Reason explains a skip, conflict or error.
	Reason string `json:"reason,omitempty"`
	// Proposal marks a link the plan only proposes (Op is nil): an
	// unmapped pair of the same name, neither side created until the
	// link is accepted (Config.LinkSameNames).
	Proposal bool `json:"proposal,omitempty"`
	// Item groups the actions of one artifact; they run in order, one
	// after the other. Items run concurrently within a phase.
	Item string `json:"item"`
	// Phase orders groups of items: releases and versions (0) before the
	// issues and incidents that refer to them (1), before links (2), before
	// attachments (3).
	Phase int `json:"phase"`
	Op    *Op `json:"op,omitempty"`
}

// Op is the payload of an action. Strings "${aN}" anywhere in JiraFields or
// Link, and the fields named in Refs, are placeholders for the ID that
// action aN created (a version ID, a release ID, an issue key).
type Op struct {
	// Type is the step Apply takes (op_type.go); the rest is its payload.
	Type OpType `json:"type"`

	// Jira side.
	JiraFields   map[string]any              `json:"jiraFields,omitempty"`
	JiraProps    []jiraclient.EntityProperty `json:"jiraProperties,omitempty"`
	JiraComments []json.RawMessage           `json:"jiraComments,omitempty"`
	RemoteLink   *jiraclient.RemoteLink      `json:"remoteLink,omitempty"`
	Link         *jiraclient.NewIssueLink    `json:"link,omitempty"`
	Version      *jiraclient.Version         `json:"version,omitempty"`
	// TargetStatus is the Jira status a transition action reaches; Path is
	// the transitions to take when the workflow is known.
	TargetStatus string     `json:"targetStatus,omitempty"`
	Path         []PathStep `json:"path,omitempty"`
	FromStatus   string     `json:"fromStatus,omitempty"`
	IssueType    string     `json:"issueType,omitempty"`
	Resolution   string     `json:"resolution,omitempty"`
	// IssueOf names the action that creates the issue a transition moves
	// (its key is known once that action ran).
	IssueOf string `json:"issueOf,omitempty"`
	// AfterCreate marks the transition that brings a new issue to the
	// incident's status. When it cannot get there, Base records the status
	// the issue is left in, so the next run does not take Jira's initial
	// status for a change to copy to Spira.
	AfterCreate bool `json:"afterCreate,omitempty"`

	// Spira side.
	Incident      *spiraclient.RemoteIncident    `json:"incident,omitempty"`
	Requirement   *spiraclient.RemoteRequirement `json:"requirement,omitempty"`
	Release       *spiraclient.RemoteRelease     `json:"release,omitempty"`
	Task          *spiraclient.RemoteTask        `json:"task,omitempty"`
	SpiraComments []spiraclient.RemoteComment    `json:"spiraComments,omitempty"`
	Refs          []Ref                          `json:"refs,omitempty"`
	// IssueKeyProperty is the custom property (mapped to JiraIssueKey)
	// that gets the key of the issue created from Incident.
	IssueKeyProperty *spiraclient.RemoteArtifactCustomProperty `json:"issueKeyProperty,omitempty"`
	// ParentID is the requirement a new requirement is created under
	// (hierarchy.go); a Ref "parent" names one this run creates.
	ParentID int `json:"parentId,omitempty"`
	// StatusFrom is the incident's status before an update that sends it
	// another: the update reads the incident back to see whether Spira
	// applied it (statuskept.go).
	StatusFrom string `json:"statusFrom,omitempty"`

	// descHTML is the description a Jira -> Spira write carries (planning
	// only: Incident holds it once planned).
	descHTML string
	// jiraProps are the custom property values a Jira -> Spira update
	// sets, by compared field (planning only).
	jiraProps map[string]spiraclient.RemoteArtifactCustomProperty

	// Remap moves a pair's mapping to its issue's new key (moved.go).
	Remap *Remap `json:"remap,omitempty"`

	// Adopt records a mapping between existing items without writing
	// either side (an earlier run created the Jira issue and was stopped
	// before it recorded the mapping).
	Adopt bool `json:"adopt,omitempty"`
	// SameName links an unmapped pair of the same name (an accepted
	// proposal): the mapping, the link back, the Jira-key property.
	SameName bool `json:"sameName,omitempty"`
	// Base is what both sides agree on once the action succeeds, the base
	// of the next run's three-way comparison.
	Base map[string]string `json:"base,omitempty"`

	// File copies one attachment (attachments.go).
	File *FileOp `json:"file,omitempty"`
}

// PathStep is one transition on the way to a status.
type PathStep struct {
	TransitionID string `json:"transitionId"`
	To           string `json:"to"`
	HasScreen    bool   `json:"hasScreen,omitempty"`
}

// Ref fills a Spira integer field with the ID action Action created.
type Ref struct {
	Field  string `json:"field"`
	Action string `json:"action"`
}

// PlanFile is a plan with what it was planned for: the --plan-out file
// and the JSON form of a dry-run.
type PlanFile struct {
	ProductID int    `json:"productId"`
	JiraKey   string `json:"jiraKey"`
	Mode      string `json:"mode"`
	// Full: the External Key carries "{full}", so the run pulls every
	// existing issue, as on a first sync.
	Full    bool     `json:"full,omitempty"`
	Actions []Action `json:"actions"`
}

// ModeName names the plug-in's Sync Mode and whose meaning applies, e.g.
// "Bidirectional (current plug-in)" or "Bidirectional (older plug-in's
// Both)".
func ModeName(p mapping.Plugin) string { return p.Settings().Describe() }

// NewPlanFile is the plan with what it was planned for: the product, the
// Jira project (without "{full}"), the Sync Mode, and whether the External
// Key asks for a full pull.
func NewPlanFile(productID int, m *mapping.Product, actions []Action) PlanFile {
	return PlanFile{ProductID: productID, JiraKey: m.Project.Key(), Mode: ModeName(m.Plugin), Full: m.Project.Full(), Actions: actions}
}

// Header is the line above a rendered plan.
func (f PlanFile) Header() string {
	h := fmt.Sprintf("Plan for Spira product %d <-> Jira %s, Sync Mode: %s", f.ProductID, f.JiraKey, f.Mode)
	if n := f.FullNote(); n != "" {
		h += "; " + n
	}
	return h
}

// FullNote says what "{full}" does to this run, "" without it.
func (f PlanFile) FullNote() string {
	if !f.Full {
		return ""
	}
	return fmt.Sprintf("the External Key %s%s makes this run pull every existing issue of %s, as on a first sync", f.JiraKey, mapping.FullToken, f.JiraKey)
}

// FullDoneNote is said after a successful run with "{full}": before Spira
// 9.4 the administrator removes the token, or every run pulls everything.
func FullDoneNote(jiraKey, pluginName string) string {
	return fmt.Sprintf("The full pull of %s is done: remove %s from the product's External Key (%s%s -> %s) in %s: View Product Mappings, "+
		"or every run pulls everything again (Spira 9.4 and later may remove it itself)",
		jiraKey, mapping.FullToken, jiraKey, mapping.FullToken, jiraKey, mapping.PluginScreen(pluginName))
}

// Counts tallies actions by kind.
func Counts(actions []Action) map[Kind]int {
	out := map[Kind]int{}
	for _, a := range actions {
		out[a.Kind]++
	}
	return out
}

func placeholder(id string) string { return "${" + id + "}" }

// placeholderRe is a whole value that stands for what an action creates.
var placeholderRe = regexp.MustCompile(`^\$\{(a[0-9]+)\}$`)

// placeholderOf returns the action a value stands for, when the value is a
// placeholder and the field one that can hold one (a release of an
// incident). Text from either side ("${HOME} is not expanded") is never
// taken for one.
func placeholderOf(field, v string) (string, bool) {
	if field != "detected" && field != "resolved" && field != "release" {
		return "", false
	}
	m := placeholderRe.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	return m[1], true
}
