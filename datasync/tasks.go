package datasync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Spira tasks and the Jira issues of the plug-in's Task Types (Custom 02 of
// the current plug-in). Who creates and who updates follows the settings'
// direction matrix (mapping.Settings.Flow): new Spira tasks go to Jira as
// issues of the first task type in every mode; Jira changes update the
// task; in Complete, Spira changes go to Jira and new Jira issues of a task
// type become tasks.

// TaskSnapshot is what Load reads of tasks for Plan.
type TaskSnapshot struct {
	// Flow is who creates and who updates tasks; zero when no task syncs.
	Flow mapping.Flow
	// Types are the Jira issue-type IDs synced as tasks; new issues are of
	// the first.
	Types []string
	// Keys maps task IDs to Jira issue keys (Spira's artifact mappings).
	Keys map[int]string
	// New are the unmapped tasks created since the watermark, to send.
	New []TaskItem
	// Pairs are the mapped tasks whose issue or task changed, both sides
	// read.
	Pairs []TaskPair
	// Issues are the unmapped issues of a task type changed since the
	// watermark: created from a task by a stopped run (Marker.Task) or new
	// in Jira.
	Issues []JiraItem
	// Comments are the comments of the Spira tasks above, by task ID.
	Comments map[int][]spiraclient.RemoteComment
	// Adopt are tasks a run created from Jira issues without recording
	// the mapping (from the journal, or found by name).
	Adopt []TaskPair
}

// TaskItem is a Spira task with its comments.
type TaskItem struct {
	Task     spiraclient.RemoteTask
	Comments []spiraclient.RemoteComment
}

// TaskPair is a mapped task and its issue, with both sides' comments.
type TaskPair struct {
	Task          spiraclient.RemoteTask
	Issue         jiraclient.Issue
	Comments      []jiraclient.Comment
	SpiraComments []spiraclient.RemoteComment
	// Marker is the issue's sync marker, when it has one.
	Marker *Marker
}

func taskItem(id int) string { return "TK:" + strconv.Itoa(id) }

// loadTasks reads what tasks need, after the Jira search: it takes the
// unmapped issues of task types (and those mapped to tasks) out of
// s.Issues, which the incident and requirement paths read.
func (e *Engine) loadTasks(ctx context.Context, s *Snapshot) error {
	// From the watermark, not from a sweep: the sweep does not look at
	// tasks.
	spiraSince := s.Watermark
	set := s.Mapping.Plugin.Settings()
	ts := &s.Tasks
	ts.Flow, ts.Types = set.Flow(mapping.FlowTasks), set.TaskTypes
	ts.Keys, ts.Comments = map[int]string{}, map[int][]spiraclient.RemoteComment{}
	if ts.Flow == (mapping.Flow{}) {
		return nil
	}
	sp, jr, pid := e.cfg.Spira, e.cfg.Jira, s.ProductID
	ms, err := sp.ArtifactMappings(ctx, pid, e.cfg.PluginID, mapping.ArtifactTypeTask)
	if err != nil {
		return fmt.Errorf("read task mappings: %w", err)
	}
	for _, m := range ms {
		ts.Keys[m.InternalID] = m.ExternalKey
	}
	keyToTask := map[string]int{}
	for id, k := range ts.Keys {
		keyToTask[k] = id
	}
	// What the journal says a run created and Spira does not map.
	adoptJ2S := map[string]int{}
	for _, d := range e.done {
		if d.Artifact != "task" || d.JiraKey == "" || d.SpiraID == 0 {
			continue
		}
		if _, ok := ts.Keys[d.SpiraID]; ok {
			continue
		}
		if d.Dir == dirJ2S {
			adoptJ2S[d.JiraKey] = d.SpiraID
		}
	}
	if err := e.findTasksCreated(ctx, s, adoptJ2S); err != nil {
		return err
	}

	// Jira: the issues of task types, out of the incident path.
	isTaskType := func(it JiraItem) bool {
		t := it.Issue.IssueType()
		return t != nil && slices.Contains(ts.Types, t.ID)
	}
	otherKeys := map[string]bool{}
	for _, k := range s.IncidentKeys {
		otherKeys[k] = true
	}
	for _, k := range s.RequirementKeys {
		otherKeys[k] = true
	}
	var mine []JiraItem
	s.Issues = slices.DeleteFunc(s.Issues, func(it JiraItem) bool {
		// An issue of a task type mapped to an incident or requirement
		// stays theirs; one carrying a task marker is ours whatever type.
		// An incident's (or requirement's) marker keeps it theirs too: a
		// stopped run made it from an incident of a type mapped to a task
		// type.
		incMarked := it.Marker != nil && (it.Marker.Incident != 0 || it.Marker.Requirement != 0)
		ours := (isTaskType(it) && !otherKeys[it.Issue.Key] && !incMarked) || (it.Marker != nil && it.Marker.Task != 0)
		if ours {
			mine = append(mine, it)
		}
		return ours
	})
	var pairIDs []int
	pairIssue := map[int]JiraItem{}
	for _, it := range mine {
		if id, ok := keyToTask[it.Issue.Key]; ok {
			pairIDs, pairIssue[id] = append(pairIDs, id), it
			continue
		}
		if id, ok := adoptJ2S[it.Issue.Key]; ok {
			pairIDs, pairIssue[id] = append(pairIDs, id), it
			continue
		}
		ts.Issues = append(ts.Issues, it)
	}

	// Spira: new tasks, and in Complete the mapped ones changed.
	if spiraSince.IsZero() {
		spiraSince = firstSync
	}
	if ts.Flow.Create.ToJira() {
		for tk, err := range sp.NewTasks(ctx, pid, spiraSince) {
			if err != nil {
				return fmt.Errorf("read new tasks: %w", err)
			}
			if _, mapped := ts.Keys[tk.TaskID]; !mapped && !slices.Contains(adoptJ2SIDs(adoptJ2S), tk.TaskID) {
				ts.New = append(ts.New, TaskItem{Task: tk})
			}
		}
	}
	// Tasks whose sending failed last run, whatever the watermark says.
	for _, id := range e.st.RetryTask {
		if _, mapped := ts.Keys[id]; mapped || !ts.Flow.Create.ToJira() || slices.ContainsFunc(ts.New, func(it TaskItem) bool { return it.Task.TaskID == id }) {
			continue
		}
		tk, err := sp.Task(ctx, pid, id)
		if errors.Is(err, spiraclient.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read task %d to retry: %w", id, err)
		}
		ts.New = append(ts.New, TaskItem{Task: *tk})
	}
	var changed []spiraclient.RemoteTask
	if ts.Flow.Update.ToJira() && !s.Watermark.IsZero() {
		for tk, err := range sp.TasksUpdatedSince(ctx, pid, spiraSince) {
			if err != nil {
				return fmt.Errorf("read changed tasks: %w", err)
			}
			if _, mapped := ts.Keys[tk.TaskID]; mapped {
				changed = append(changed, tk)
			}
		}
	}
	for _, tk := range changed {
		if _, ok := pairIssue[tk.TaskID]; ok {
			continue
		}
		is, err := jr.GetIssue(ctx, ts.Keys[tk.TaskID], jiraclient.IssueOptions{Fields: e.issueFields(), Properties: []string{MarkerKey}, Expand: "transitions"})
		if err != nil {
			return fmt.Errorf("read %s, the issue of task %d: %w", ts.Keys[tk.TaskID], tk.TaskID, err)
		}
		pairIDs, pairIssue[tk.TaskID] = append(pairIDs, tk.TaskID), JiraItem{Issue: *is, Marker: markerOf(*is)}
	}
	slices.Sort(pairIDs)
	pairIDs = slices.Compact(pairIDs)
	known := map[int]spiraclient.RemoteTask{}
	for _, tk := range changed {
		known[tk.TaskID] = tk
	}

	// Both sides of each pair, and the comments, at once.
	g := newGroup(e.cfg.Concurrency)
	var mu sync.Mutex
	for _, id := range pairIDs {
		it := pairIssue[id]
		g.Go(func() error {
			tk, ok := known[id]
			if !ok {
				got, err := sp.Task(ctx, pid, id)
				if err != nil {
					return fmt.Errorf("read task %d, the counterpart of %s: %w", id, it.Issue.Key, err)
				}
				tk = *got
			}
			cs, err := sp.TaskComments(ctx, pid, id)
			if err != nil {
				return fmt.Errorf("read comments of task %d: %w", id, err)
			}
			jc, err := e.issueComments(ctx, it.Issue)
			if err != nil {
				return err
			}
			pr := TaskPair{Task: tk, Issue: it.Issue, Comments: jc, SpiraComments: cs, Marker: it.Marker}
			mu.Lock()
			defer mu.Unlock()
			if _, mapped := ts.Keys[id]; mapped {
				ts.Pairs = append(ts.Pairs, pr)
			} else {
				ts.Adopt = append(ts.Adopt, pr)
			}
			return nil
		})
	}
	for i := range ts.New {
		tk := &ts.New[i]
		g.Go(func() error {
			cs, err := sp.TaskComments(ctx, pid, tk.Task.TaskID)
			tk.Comments = cs
			return wrap(err, fmt.Sprintf("read comments of task %d", tk.Task.TaskID))
		})
	}
	for i := range ts.Issues {
		it := &ts.Issues[i]
		g.Go(func() error {
			jc, err := e.issueComments(ctx, it.Issue)
			it.Comments = jc
			if err != nil || it.Marker == nil || it.Marker.Task == 0 {
				return err
			}
			cs, err := sp.TaskComments(ctx, pid, it.Marker.Task)
			mu.Lock()
			ts.Comments[it.Marker.Task] = cs
			mu.Unlock()
			if errors.Is(err, spiraclient.ErrNotFound) {
				return nil // the task is gone: nothing to adopt
			}
			return wrap(err, fmt.Sprintf("read comments of task %d", it.Marker.Task))
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	slices.SortFunc(ts.Pairs, func(a, b TaskPair) int { return a.Task.TaskID - b.Task.TaskID })
	slices.SortFunc(ts.Adopt, func(a, b TaskPair) int { return a.Task.TaskID - b.Task.TaskID })
	return nil
}

func adoptJ2SIDs(m map[string]int) []int {
	var out []int
	for _, id := range m {
		out = append(out, id)
	}
	return out
}

// issueComments are an issue's comments: those the search embedded, or
// all of them when it capped them.
func (e *Engine) issueComments(ctx context.Context, is jiraclient.Issue) ([]jiraclient.Comment, error) {
	cs, all := inlineComments(is)
	if all {
		return cs, nil
	}
	var out []jiraclient.Comment
	for c, err := range e.cfg.Jira.Comments(ctx, is.ID) {
		if err != nil {
			return nil, fmt.Errorf("read comments of %s: %w", is.Key, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// findTasksCreated finds the tasks a stopped run created from Jira issues
// whose outcome it never learned (an intent without done): the unmapped
// task of that name created since that run began. They join adopt.
func (e *Engine) findTasksCreated(ctx context.Context, s *Snapshot, adopt map[string]int) error {
	var unknown []entry
	since := time.Time{}
	for _, u := range e.unkn {
		if u.Artifact == "task" && u.Dir == dirJ2S {
			unknown = append(unknown, u)
			cut := cmpTime(u.Since, u.At)
			if since.IsZero() || cut.Before(since) {
				since = cut
			}
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	taken := map[int]bool{}
	for _, id := range adopt {
		taken[id] = true
	}
	var found []spiraclient.RemoteTask
	for tk, err := range e.cfg.Spira.NewTasks(ctx, s.ProductID, since.Add(-time.Minute)) {
		if err != nil {
			return fmt.Errorf("look for tasks an interrupted run created: %w", err)
		}
		if _, mapped := s.Tasks.Keys[tk.TaskID]; !mapped && !taken[tk.TaskID] {
			found = append(found, tk)
		}
	}
	for _, u := range unknown {
		for i, tk := range found {
			if tk.Name == u.Name {
				adopt[u.JiraKey] = tk.TaskID
				found = slices.Delete(found, i, i+1)
				break
			}
		}
	}
	return nil
}

func cmpTime(a, b time.Time) time.Time {
	if a.IsZero() {
		return b
	}
	return a
}
