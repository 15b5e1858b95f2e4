package datasync

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
)

// The Epic/Story hierarchy (Sync Epic/Story hierarchy = Yes): a
// requirement's parent follows its issue's Jira parent. Spira holds the
// hierarchy as each requirement's IndentLevel ("AAA", "AAAAAB", ...: three
// characters a level, the parent's level its prefix). Its REST API creates
// a requirement under a parent (POST requirements/parent/{id}) but has no
// known call that moves an existing one (PUT keeps the IndentLevel), so:
//   - a requirement created from an issue is created under the requirement
//     of the issue's parent; a parent that is no synced requirement (an
//     incident, an issue not of a Requirement Type) is a shape Spira
//     cannot hold, and the requirement goes to the root;
//   - a parent that changes later is reported, not written;
//   - Spira's parent is never written to Jira either (Jira's parent rules
//     depend on the issue types' hierarchy levels, which the engine does
//     not read): the plan says so.
// Epics become requirements when the Epic type is among Requirement Types,
// like any other type.

// hierarchy reports whether the setting is on. Its storage in Spira is not
// known (it is one of the extended settings no known call reads), so it
// comes from the mapping file's plug-in settings, as Types to Skip does.
func (p *planner) hierarchy() bool { return p.ix.ext.SyncEpicStoryHierarchy }

// readHierarchy reads every requirement's IndentLevel, so that a
// requirement's parent can be named: only when the setting is on.
func (e *Engine) readHierarchy(ctx context.Context, s *Snapshot) error {
	if !s.Mapping.Plugin.Extended.SyncEpicStoryHierarchy {
		return nil
	}
	s.RequirementIndents = map[string]int{}
	for r, err := range e.cfg.Spira.SearchRequirements(ctx, s.ProductID, nil) {
		if err != nil {
			return fmt.Errorf("read the requirement hierarchy: %w", err)
		}
		s.RequirementIndents[r.IndentLevel] = r.RequirementID
	}
	return nil
}

// spiraParent is the ID of a requirement's parent, "" at the root or when
// the hierarchy was not read.
func (p *planner) spiraParent(indent string) string {
	if len(indent) <= 3 {
		return ""
	}
	if id, ok := p.s.RequirementIndents[indent[:len(indent)-3]]; ok {
		return strconv.Itoa(id)
	}
	return ""
}

// jiraParent is an issue's parent in Spira's terms: the requirement of the
// parent issue, newParent+key for one this run creates, "" for none or a
// parent Spira cannot hold (the root).
func (p *planner) jiraParent(is jiraclient.Issue) (string, bool) {
	ref := is.Parent()
	if ref == nil || ref.Key == "" {
		return "", true
	}
	if id, ok := p.ix.keyToReq[ref.Key]; ok {
		return strconv.Itoa(id), true
	}
	for _, it := range p.s.Issues {
		if it.Issue.Key == ref.Key && it.Requirement == nil && p.isRequirementIssue(it.Issue) {
			return newParent + ref.Key, true
		}
	}
	return "", true
}

const newParent = "new:"

func (p *planner) isRequirementIssue(is jiraclient.Issue) bool {
	t := is.IssueType()
	return t != nil && p.ix.artifactOf(t.ID) == asRequirement
}

func (p *planner) parentDisplay(v string) string {
	switch {
	case v == "":
		return "(root)"
	case strings.HasPrefix(v, newParent):
		return "requirement of " + strings.TrimPrefix(v, newParent) + " (created this run)"
	}
	name := ""
	for _, it := range p.s.Issues {
		if it.Requirement != nil && strconv.Itoa(it.Requirement.RequirementID) == v {
			name = " " + it.Requirement.Name
		}
	}
	return "RQ:" + v + name
}

func (p *planner) parentWrite(map[string]any, string) (string, string) {
	return "", "a requirement's parent is not sent to Jira (Jira's parent rules depend on issue-type levels the engine does not read)"
}

// parentOfNew sets the parent of a requirement created from is: the
// create call's parent ID (Refs "parent"), or a reference to the action
// that creates the parent's requirement this run, in which case the
// create waits for phase 2. It returns the plan's change and whether the
// create must wait.
func (p *planner) parentOfNew(is jiraclient.Issue, op *Op) (*Change, bool) {
	if !p.hierarchy() {
		return nil, false
	}
	v, _ := p.jiraParent(is)
	if v == "" {
		if ref := is.Parent(); ref != nil {
			return &Change{Field: extraLabels[keyParent], After: "(root): parent " + ref.Key + " is no synced requirement"}, false
		}
		return nil, false
	}
	if strings.HasPrefix(v, newParent) {
		key := strings.TrimPrefix(v, newParent)
		for _, a := range p.out {
			if a.Kind == KindCreate && a.Item == key && a.Op != nil && a.Op.Requirement != nil {
				op.Refs = append(op.Refs, Ref{Field: keyParent, Action: a.ID})
				return &Change{Field: extraLabels[keyParent], After: p.parentDisplay(v)}, true
			}
		}
		// Planned after this one: resolved by resolveParents.
		op.Refs = append(op.Refs, Ref{Field: keyParent, Action: v})
		return &Change{Field: extraLabels[keyParent], After: p.parentDisplay(v)}, true
	}
	op.ParentID = atoi(v)
	return &Change{Field: extraLabels[keyParent], After: p.parentDisplay(v)}, false
}

// resolveParents points the parent references planned before their
// parent's create at that create's action; a parent whose create was not
// planned (skipped) sends the child to the root.
func (p *planner) resolveParents() {
	creates := map[string]string{}
	for _, a := range p.out {
		if a.Kind == KindCreate && a.Op != nil && a.Op.Requirement != nil && a.Direction == JiraToSpira {
			creates[a.Item] = a.ID
		}
	}
	for i := range p.out {
		op := p.out[i].Op
		if op == nil {
			continue
		}
		for j := 0; j < len(op.Refs); j++ {
			r := &op.Refs[j]
			if r.Field != keyParent || !strings.HasPrefix(r.Action, newParent) {
				continue
			}
			if id, ok := creates[strings.TrimPrefix(r.Action, newParent)]; ok {
				r.Action = id
				continue
			}
			op.Refs = append(op.Refs[:j], op.Refs[j+1:]...)
			j--
			p.out[i].Phase = 1
		}
	}
}

// parentChanged reports a Jira parent that differs from the Spira one of
// a mapped requirement: not written (no move call), said in the plan.
func (p *planner) parentChanged(is jiraclient.Issue, id int, indent string) {
	if !p.hierarchy() {
		return
	}
	j, _ := p.jiraParent(is)
	s := p.spiraParent(indent)
	if j == s || strings.HasPrefix(j, newParent) && s == "" {
		return
	}
	p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Item: is.Key, Phase: 1,
		Artifact: Artifact{Type: "requirement", SpiraID: id, JiraKey: is.Key, JiraID: is.ID},
		Summary:  "parent stays in Spira",
		Changes:  []Change{{Field: extraLabels[keyParent], Before: p.parentDisplay(s), After: p.parentDisplay(j)}},
		Reason:   "Spira's REST API creates a requirement under a parent but has no known call that moves one: move it in Spira's requirement tree"})
}
