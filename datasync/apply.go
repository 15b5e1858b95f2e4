package datasync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Progress is one step of a running sync, for a progress bar and a log.
type Progress struct {
	Done, Total int
	Line        string
}

// Failure names an item that did not sync, and why: in Report.Failures it
// failed and is retried next run; in Report.Skipped the plan left it alone
// on purpose.
type Failure struct {
	Artifact string `json:"artifact"`
	Reason   string `json:"reason"`
}

// Report is the outcome of a run.
type Report struct {
	ProductID  int          `json:"productId"`
	ServerTime time.Time    `json:"serverTime"`
	Started    time.Time    `json:"started"`
	Finished   time.Time    `json:"finished"`
	Applied    map[Kind]int `json:"applied"`
	Failures   []Failure    `json:"failures,omitempty"`
	Conflicts  []Action     `json:"conflicts,omitempty"`
	Outcome    string       `json:"outcome"` // success, warning
	// Skipped are the items the plan left alone on purpose, and why; they
	// are not failures and are not retried.
	Skipped []Failure `json:"skipped,omitempty"`
	// Notes are things that went wrong around the run, not in an item.
	Notes []string `json:"notes,omitempty"`
	// Counts has one bucket per action of the plan: the applied kinds
	// (create, update, transition, link) and the Bucket* ones; they add up
	// to Planned.
	Counts  map[string]int `json:"counts"`
	Planned int            `json:"planned"`
	// Created lists what the run created, with the IDs on both sides.
	Created []Created `json:"created"`
}

// applier executes a plan.
type applier struct {
	e       *Engine
	s       *Snapshot
	ctx     context.Context
	mu      sync.Mutex
	results map[string]string // action ID -> created ID or key
	maps    map[int][]spiraclient.RemoteDataMapping
	rep     *Report
	done    int
	total   int
	prog    func(Progress)
	failed  map[string]bool   // items
	outcome map[string]string // action ID -> its bucket in Report.Counts

	// For the sweep: the comments each issue should have, the issues
	// with no incident fields to compare, the keys of issues created and
	// the IDs of issues by key.
	comments  map[string]int
	reqOrSkip map[string]bool
	newKeys   map[int]string
	issueIDs  map[string]string
	// noop marks the actions that found nothing to do (a new issue
	// already in its incident's status): not counted as applied.
	noop map[string]bool
	// toReadBack are the incidents created from Jira whose base waits for
	// their read-back at the end of the phase.
	toReadBack []createdIncident
}

// Apply executes the actions in order: phase by phase, items of a phase
// concurrently, the actions of one item one after the other. A failing item
// is reported and retried next run; the others go on. Mappings are recorded
// in Spira as items complete, in batches. Then it ends the run as Spira's
// data-sync host does: /success (or /warning when items failed) with the
// server time captured by Load, and a summary in Spira's event log.
// progress may be nil; it is called from Apply's goroutines, one call at a
// time.
func (e *Engine) Apply(ctx context.Context, actions []Action, progress func(Progress)) (*Report, error) {
	s := e.snap
	if s == nil {
		return nil, errors.New("datasync: Apply needs a Load first")
	}
	if e.lock == nil {
		if err := e.Begin(ctx); err != nil {
			return nil, err
		}
		defer e.Close()
	}
	if err := e.moveLegacy(); err != nil {
		return nil, err
	}
	jr, err := openJournal(e.cfg.StateDir, e.inst)
	if err != nil {
		return nil, err
	}
	jr.dead = e.dead
	e.jr = jr
	defer jr.close()
	if s.InitialStatus == nil {
		s.InitialStatus = map[string]string{}
		e.st.InitialStatus = s.InitialStatus
	}
	a := &applier{e: e, s: s, ctx: ctx, results: map[string]string{}, maps: map[int][]spiraclient.RemoteDataMapping{},
		rep:  &Report{ProductID: s.ProductID, ServerTime: s.ServerTime, Started: time.Now(), Applied: map[Kind]int{}, Counts: map[string]int{}},
		prog: progress, failed: map[string]bool{}, outcome: map[string]string{},
		comments: map[string]int{}, reqOrSkip: map[string]bool{}, newKeys: map[int]string{}, issueIDs: map[string]string{}, noop: map[string]bool{}}
	a.rep.Notes = append(a.rep.Notes, e.warnings...)
	for _, it := range s.Issues {
		a.comments[it.Issue.Key] = len(it.Comments)
		a.reqOrSkip[it.Issue.Key] = true
		a.issueIDs[it.Issue.Key] = it.Issue.ID
	}
	a.total = len(actions)
	for _, act := range actions {
		// A skip without a reason only records what both sides hold (a
		// pair in sync): nothing was left alone.
		if act.Kind == KindSkip && act.Reason != "" || act.Proposal {
			a.rep.Skipped = append(a.rep.Skipped, Failure{Artifact: act.Artifact.String(), Reason: act.Reason})
		}
	}
	retryInc, retryIssue, retryTask := []int{}, []string{}, []int{}
	for phase := 0; phase <= phaseFiles; phase++ {
		items, order := map[string][]Action{}, []string{}
		for _, act := range actions {
			if act.Phase != phase {
				continue
			}
			if _, ok := items[act.Item]; !ok {
				order = append(order, act.Item)
			}
			items[act.Item] = append(items[act.Item], act)
		}
		g := newGroup(e.cfg.Concurrency)
		for _, item := range order {
			acts := items[item]
			g.Go(func() error {
				a.item(acts)
				return nil
			})
		}
		_ = g.Wait()
		if err := a.flush(); err != nil {
			a.tally(actions)
			return a.rep, err
		}
		if ctx.Err() != nil {
			a.tally(actions)
			return a.rep, ctx.Err()
		}
	}
	for _, act := range actions {
		if inc, issue, ok := sameNameRetry(act, a.failed[act.Item]); ok {
			if inc != 0 {
				retryInc = append(retryInc, inc)
			}
			retryIssue = append(retryIssue, issue)
			continue
		}
		if !a.failed[act.Item] && act.Kind != KindError {
			continue
		}
		switch {
		case act.Artifact.Type == "task":
			if act.Artifact.SpiraID != 0 && act.Item == taskItem(act.Artifact.SpiraID) {
				retryTask = append(retryTask, act.Artifact.SpiraID)
			}
			if act.Artifact.JiraID != "" {
				retryIssue = append(retryIssue, act.Artifact.JiraID)
			}
		case act.Artifact.SpiraID != 0 && act.Direction == SpiraToJira &&
			(act.Artifact.JiraKey == "" || act.Item == incItem(act.Artifact.SpiraID)):
			// An incident on its way to Jira, its issue created or adopted
			// (found by its marker) or not: read again as new next run,
			// with its issue when known, whatever the watermark says by then.
			retryInc = append(retryInc, act.Artifact.SpiraID)
			if act.Artifact.JiraID != "" {
				retryIssue = append(retryIssue, act.Artifact.JiraID)
			}
		case act.Artifact.JiraID != "":
			retryIssue = append(retryIssue, act.Artifact.JiraID)
		}
	}
	// A pair whose status Spira kept is read again, so that each plan
	// says why its status stays until it is written.
	for id := range e.st.StatusKept {
		retryIssue = append(retryIssue, id)
	}
	retryIssue = append(retryIssue, e.fileRetries()...)
	slices.Sort(retryInc)
	slices.Sort(retryIssue)
	e.st.RetryInc, e.st.RetryIssue = slices.Compact(retryInc), slices.Compact(retryIssue)
	slices.Sort(retryTask)
	e.st.RetryTask = slices.Compact(retryTask)
	a.rememberFiles(actions)
	a.rememberKeys()
	a.tally(actions)
	e.st.SweptFor = time.Time{}
	if err := a.sweep(ctx); err != nil {
		if ctx.Err() != nil {
			return a.rep, ctx.Err()
		}
		// Without a sweep the next run reads from the watermark: slower,
		// never wrong.
		e.st.SweptFor = time.Time{}
		a.rep.Notes = append(a.rep.Notes, "the closing read failed, so the next run reads everything since this one began: "+err.Error())
	}
	return a.rep, e.finish(ctx, a.rep)
}

func (a *applier) step(line string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.done++
	if a.prog != nil {
		a.prog(Progress{Done: a.done, Total: a.total, Line: line})
	}
}

func (a *applier) fail(act Action, err error) {
	a.mu.Lock()
	a.failed[act.Item] = true
	a.rep.Failures = append(a.rep.Failures, Failure{Artifact: act.Artifact.String(), Reason: err.Error()})
	a.mu.Unlock()
	a.settle(act, BucketFailed, fmt.Sprintf("failed: %s %s: %v", act.Kind, act.Artifact, err))
}

// item runs the actions of one item in order; after a failure the rest of
// the item waits for the next run.
func (a *applier) item(acts []Action) {
	for i, act := range acts {
		if a.ctx.Err() != nil {
			return
		}
		if act.Kind == KindError {
			a.fail(act, errors.New(act.Reason))
			a.leaveRest(acts[i+1:])
			return
		}
		if act.Op == nil {
			if act.Kind == KindConflict {
				a.mu.Lock()
				a.rep.Conflicts = append(a.rep.Conflicts, act)
				a.mu.Unlock()
			}
			line := fmt.Sprintf("%s %s", act.Kind, act.Artifact)
			if act.Proposal {
				// Not linked: the log must not read as if it were.
				line = fmt.Sprintf("%s proposed, not linked: %s", act.Artifact, sameNameReason)
			}
			a.settle(act, idleBucket(act), line)
			continue
		}
		if err := a.run(&acts[i]); err != nil {
			if errors.Is(err, errCrashed) || a.ctx.Err() != nil {
				return
			}
			a.fail(act, err)
			a.leaveRest(acts[i+1:])
			return
		}
		a.mu.Lock()
		if a.noop[act.ID] {
			a.mu.Unlock()
			a.settle(act, BucketUnchanged, fmt.Sprintf("%s %s: already there", act.Kind, act.Artifact))
			continue
		}
		a.rep.Applied[act.Kind]++
		a.mu.Unlock()
		a.settle(act, string(act.Kind), fmt.Sprintf("%s %s: %s", act.Kind, act.Artifact, act.Summary))
	}
}

// leaveRest counts the actions a failure left for the next run, so the
// progress still reaches its total.
func (a *applier) leaveRest(acts []Action) {
	for _, act := range acts {
		a.settle(act, BucketDeferred, fmt.Sprintf("%s %s: left for the next run", act.Kind, act.Artifact))
	}
}

func (a *applier) result(id string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.results[id]
	return v, ok
}

func (a *applier) setResult(id, v string) {
	a.mu.Lock()
	a.results[id] = v
	a.mu.Unlock()
}

// resolve replaces the placeholders in a JSON-able value: the "id" or
// "key" values that are a whole placeholder (a version ID, an issue key).
// Text that merely looks like one ("${HOME}") is left as it is.
func (a *applier) resolve(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	var walk func(x any) error
	walk = func(x any) error {
		switch x := x.(type) {
		case map[string]any:
			for k, v := range x {
				if s, ok := v.(string); ok && (k == "id" || k == "key") {
					if m := placeholderRe.FindStringSubmatch(s); m != nil {
						val, ok := a.result(m[1])
						if !ok {
							return fmt.Errorf("it needs what action %s creates, which did not succeed", m[1])
						}
						x[k] = val
					}
					continue
				}
				if err := walk(v); err != nil {
					return err
				}
			}
		case []any:
			for _, v := range x {
				if err := walk(v); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return out, walk(out)
}

func (a *applier) ref(r Ref) (int, error) {
	v, ok := a.result(r.Action)
	if !ok {
		return 0, fmt.Errorf("it needs the release action %s creates, which did not succeed", r.Action)
	}
	return strconv.Atoi(v)
}

// mapping queues an artifact mapping for Spira.
func (a *applier) mapping(typeID, spiraID int, external string) {
	pid := a.s.ProductID
	a.mu.Lock()
	a.maps[typeID] = append(a.maps[typeID], spiraclient.RemoteDataMapping{ProjectID: &pid, InternalID: spiraID, ExternalKey: external, Primary: true})
	n := len(a.maps[typeID])
	a.mu.Unlock()
	if n >= MappingBatch {
		_ = a.flush()
	}
}

// MappingBatch is how many artifact mappings one Spira call records.
const MappingBatch = 100

// flush records the queued mappings in Spira, one call per artifact type,
// and marks them in the journal.
func (a *applier) flush() error {
	a.settleCreated()
	a.mu.Lock()
	queued := a.maps
	a.maps = map[int][]spiraclient.RemoteDataMapping{}
	a.mu.Unlock()
	for _, typ := range slices.Sorted(maps.Keys(queued)) {
		ms := queued[typ]
		if err := a.e.cfg.Spira.AddArtifactMappings(a.ctx, a.s.ProductID, a.e.cfg.PluginID, typ, ms); err != nil {
			if errors.Is(err, errCrashed) || a.ctx.Err() != nil {
				return err
			}
			for _, m := range ms {
				a.mu.Lock()
				a.rep.Failures = append(a.rep.Failures, Failure{Artifact: fmt.Sprintf("%s %d ↔ %s", typeName(typ), m.InternalID, m.ExternalKey),
					Reason: "recording the mapping in Spira failed: " + err.Error()})
				a.mu.Unlock()
			}
			continue
		}
		for _, m := range ms {
			for _, item := range itemsOf(typ, m.InternalID, m.ExternalKey) {
				if err := a.e.jr.write(entry{Type: entryMapped, Item: item, At: time.Now()}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func typeName(t int) string {
	switch t {
	case mapping.ArtifactTypeIncident:
		return "incident"
	case mapping.ArtifactTypeRequirement:
		return "requirement"
	case mapping.ArtifactTypeTask:
		return "task"
	}
	return "release"
}

// itemsOf are the journal items a recorded mapping closes: an incident
// sent to Jira is journaled as "IN:<id>", one that came from Jira under its
// issue key.
func itemsOf(typ, spiraID int, key string) []string {
	if typ == mapping.ArtifactTypeIncident {
		return []string{incItem(spiraID), key}
	}
	if typ == mapping.ArtifactTypeTask {
		return []string{taskItem(spiraID), key}
	}
	return []string{key}
}

func (a *applier) base(issueID string, b map[string]string) {
	if issueID == "" || b == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	resolved := make(map[string]string, len(b))
	for k, v := range b {
		if id, ok := placeholderOf(k, v); ok {
			v = a.results[id]
		}
		resolved[k] = v
	}
	a.e.st.Base[issueID] = resolved
	a.forgetKept(issueID, resolved)
}

// run executes one action.
func (a *applier) run(act *Action) error {
	ctx, op := a.ctx, act.Op
	sp, jr, pid := a.e.cfg.Spira, a.e.cfg.Jira, a.s.ProductID
	switch {
	case op.File != nil:
		return a.runFile(act)
	case act.Artifact.Type == "task":
		return a.runTask(act)
	case op.Remap != nil:
		return a.remap(act)
	case op.SameName:
		return a.linkSameName(act)
	case op.Adopt && act.Artifact.Type == "release":
		a.setResult(act.ID, strconv.Itoa(act.Artifact.SpiraID))
		a.mapping(mapping.ArtifactTypeRelease, act.Artifact.SpiraID, act.Artifact.JiraID)
		return nil
	case op.Version != nil && act.Kind == KindCreate && act.Direction == SpiraToJira:
		v, err := jr.CreateVersion(ctx, *op.Version)
		if err != nil {
			return fmt.Errorf("create Jira version %q: %w", op.Version.Name, err)
		}
		a.setResult(act.ID, v.ID)
		a.mapping(mapping.ArtifactTypeRelease, act.Artifact.SpiraID, v.ID)
		return nil
	case op.Release != nil && act.Kind == KindCreate && act.Direction == JiraToSpira:
		r, err := sp.CreateRelease(ctx, pid, *op.Release, 0)
		if err != nil {
			return fmt.Errorf("create Spira release %q: %w", op.Release.Name, err)
		}
		a.setResult(act.ID, strconv.Itoa(r.ReleaseID))
		a.mapping(mapping.ArtifactTypeRelease, r.ReleaseID, act.Artifact.JiraID)
		return nil
	case op.Adopt && act.Direction == SpiraToJira && op.Incident != nil:
		// Journaled as a create that got its answer: if recording the
		// mapping fails, the next run records it from the journal (the
		// incident is then no longer new, and its issue ignored).
		if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "incident", Dir: dirS2J,
			SpiraID: act.Artifact.SpiraID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, At: time.Now()}); err != nil {
			return err
		}
		return a.finishIssue(act, act.Artifact.JiraKey, act.Artifact.JiraID)
	case op.Adopt && act.Direction == SpiraToJira && act.Artifact.Type == "requirement" && act.Artifact.JiraKey != "":
		// As an incident's: journaled as a create that got its answer.
		if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "requirement", Dir: dirS2J,
			SpiraID: act.Artifact.SpiraID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, At: time.Now()}); err != nil {
			return err
		}
		return a.finishIssue(act, act.Artifact.JiraKey, act.Artifact.JiraID)
	case op.Adopt:
		if op.RemoteLink != nil {
			if _, err := jr.UpsertRemoteLink(ctx, act.Artifact.JiraKey, *op.RemoteLink); err != nil {
				return fmt.Errorf("link %s back to Spira: %w", act.Artifact.JiraKey, err)
			}
		}
		a.mapping(artifactTypeID(act.Artifact.Type), act.Artifact.SpiraID, act.Artifact.JiraKey)
		return nil
	case act.Kind == KindCreate && act.Direction == SpiraToJira:
		return a.createIssue(act)
	case act.Kind == KindCreate && op.Incident != nil:
		return a.createIncident(act)
	case act.Kind == KindCreate && op.Requirement != nil:
		return a.createRequirement(act)
	case act.Kind == KindUpdate && act.Direction == JiraToSpira && op.Incident != nil:
		inc := *op.Incident
		for _, r := range op.Refs {
			id, err := a.ref(r)
			if err != nil {
				return err
			}
			setRelease(&inc, r.Field, id)
		}
		if err := a.updateIncident(ctx, inc); err != nil {
			return fmt.Errorf("update incident %d: %w", inc.IncidentID, err)
		}
		if len(op.SpiraComments) > 0 {
			if _, err := sp.AddIncidentComments(ctx, pid, inc.IncidentID, op.SpiraComments); err != nil {
				return fmt.Errorf("add comments to incident %d: %w", inc.IncidentID, err)
			}
		}
		b := op.Base
		if op.StatusFrom != "" {
			var err error
			if b, err = a.checkStatus(act, inc, b); err != nil {
				return err
			}
		}
		a.base(act.Artifact.JiraID, b)
		return nil
	case act.Kind == KindUpdate && op.Requirement != nil:
		r := *op.Requirement
		for _, ref := range op.Refs {
			id, err := a.ref(ref)
			if err != nil {
				return err
			}
			r.ReleaseID = id
		}
		if err := sp.UpdateRequirement(ctx, pid, r); err != nil {
			return fmt.Errorf("update requirement %d: %w", r.RequirementID, err)
		}
		if op.StatusFrom != "" {
			if err := a.checkRequirementStatus(act, r.RequirementID, r.StatusID); err != nil {
				return err
			}
		}
		for _, c := range op.SpiraComments {
			c.ArtifactID = r.RequirementID
			if _, err := sp.AddRequirementComment(ctx, pid, r.RequirementID, c); err != nil {
				return fmt.Errorf("add a comment to requirement %d: %w", r.RequirementID, err)
			}
		}
		a.base(act.Artifact.JiraID, op.Base)
		return nil
	case act.Kind == KindUpdate && act.Direction == SpiraToJira:
		if len(op.JiraFields) > 0 {
			f, err := a.resolve(op.JiraFields)
			if err != nil {
				return err
			}
			if err := jr.EditIssue(ctx, act.Artifact.JiraKey, jiraclient.IssueUpdate{Fields: f.(map[string]any)}); err != nil {
				return fmt.Errorf("edit %s: %w", act.Artifact.JiraKey, err)
			}
		}
		for _, body := range op.JiraComments {
			if _, err := jr.AddComment(ctx, act.Artifact.JiraKey, jiraclient.Comment{Body: body}); err != nil {
				return fmt.Errorf("comment on %s: %w", act.Artifact.JiraKey, err)
			}
			a.mu.Lock()
			a.comments[act.Artifact.JiraKey]++
			a.mu.Unlock()
		}
		a.base(act.Artifact.JiraID, op.Base)
		return nil
	case op.AfterCreate:
		return a.afterCreate(act)
	case act.Kind == KindTransition:
		if err := a.transition(act); err != nil {
			return err
		}
		a.base(act.Artifact.JiraID, op.Base)
		return nil
	case act.Kind == KindLink && op.Link != nil:
		l, err := a.resolve(op.Link)
		if err != nil {
			return err
		}
		var link jiraclient.NewIssueLink
		b, _ := json.Marshal(l)
		if err := json.Unmarshal(b, &link); err != nil {
			return err
		}
		if err := jr.LinkIssues(ctx, link); err != nil {
			return fmt.Errorf("link %s to %s: %w", link.OutwardIssue.Key, link.InwardIssue.Key, err)
		}
		return nil
	case op.Base != nil:
		a.base(act.Artifact.JiraID, op.Base)
		return nil
	}
	return nil
}

func artifactTypeID(typ string) int {
	if typ == "requirement" {
		return mapping.ArtifactTypeRequirement
	}
	return mapping.ArtifactTypeIncident
}

func setRelease(inc *spiraclient.RemoteIncident, field string, id int) {
	switch field {
	case "detected":
		inc.DetectedReleaseID = id
	case "resolved":
		inc.ResolvedReleaseID = id
	}
}

// createIssue creates a Jira issue from an incident. The intent goes to the
// journal first; the marker property is written with the issue, atomically,
// so a run stopped right after the create finds the issue next time.
func (a *applier) createIssue(act *Action) error {
	op := act.Op
	f, err := a.resolve(op.JiraFields)
	if err != nil {
		return err
	}
	if err := a.e.jr.write(entry{Type: entryIntent, Action: act.ID, Item: act.Item, Artifact: act.Artifact.Type, Dir: dirS2J,
		SpiraID: act.Artifact.SpiraID, At: time.Now()}); err != nil {
		return err
	}
	created, err := a.e.cfg.Jira.CreateIssue(a.ctx, jiraclient.IssueUpdate{Fields: f.(map[string]any), Properties: op.JiraProps})
	if err != nil {
		return fmt.Errorf("create the Jira issue: %w", err)
	}
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: act.Artifact.Type, Dir: dirS2J,
		SpiraID: act.Artifact.SpiraID, JiraKey: created.Key, JiraID: created.ID, At: time.Now()}); err != nil {
		return err
	}
	a.setResult(act.ID, created.Key)
	return a.finishIssue(act, created.Key, created.ID)
}

// finishIssue adds the comments and the remote link of a created issue and
// queues its mapping.
func (a *applier) finishIssue(act *Action, key, id string) error {
	op, jr := act.Op, a.e.cfg.Jira
	a.setResult(act.ID, key)
	a.mu.Lock()
	if act.Artifact.Type == "incident" {
		a.newKeys[act.Artifact.SpiraID] = key
	}
	a.issueIDs[key] = id
	a.comments[key] += len(op.JiraComments)
	a.mu.Unlock()
	for _, body := range op.JiraComments {
		if _, err := jr.AddComment(a.ctx, key, jiraclient.Comment{Body: body}); err != nil {
			return fmt.Errorf("comment on %s: %w", key, err)
		}
	}
	if len(op.SpiraComments) > 0 {
		if _, err := a.e.cfg.Spira.AddIncidentComments(a.ctx, a.s.ProductID, act.Artifact.SpiraID, op.SpiraComments); err != nil {
			return fmt.Errorf("add comments to incident %d: %w", act.Artifact.SpiraID, err)
		}
	}
	if op.RemoteLink != nil {
		if _, err := jr.UpsertRemoteLink(a.ctx, key, *op.RemoteLink); err != nil {
			return fmt.Errorf("link %s back to Spira: %w", key, err)
		}
	}
	if cp := op.IssueKeyProperty; cp != nil && op.Incident != nil && !hasValue(op.Incident.CustomProperties, cp.PropertyNumber, key) {
		inc := *op.Incident
		k := key
		c := *cp
		c.StringValue = &k
		inc.CustomProperties = withProperty(inc.CustomProperties, c)
		if err := a.updateIncident(a.ctx, inc); err != nil {
			return fmt.Errorf("write %s into incident %d's Jira key property: %w", key, inc.IncidentID, err)
		}
	}
	a.base(id, op.Base)
	a.mapping(artifactTypeID(act.Artifact.Type), act.Artifact.SpiraID, key)
	return nil
}

func hasValue(cps []spiraclient.RemoteArtifactCustomProperty, number int, s string) bool {
	for _, c := range cps {
		if c.PropertyNumber == number && c.StringValue != nil && *c.StringValue == s {
			return true
		}
	}
	return false
}

// createIncident creates a Spira incident from a Jira issue, with its
// comments, links the issue back, and queues the mapping.
func (a *applier) createIncident(act *Action) error {
	op, sp, pid := act.Op, a.e.cfg.Spira, a.s.ProductID
	inc := *op.Incident
	for _, r := range op.Refs {
		id, err := a.ref(r)
		if err != nil {
			return err
		}
		setRelease(&inc, r.Field, id)
	}
	var created time.Time
	if inc.CreationDate != nil {
		created = inc.CreationDate.Time
	}
	if err := a.e.jr.write(entry{Type: entryIntent, Action: act.ID, Item: act.Item, Artifact: "incident", Dir: dirJ2S,
		JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: inc.Name, Created: created, At: time.Now()}); err != nil {
		return err
	}
	out, err := sp.CreateIncident(a.ctx, pid, inc)
	if err != nil {
		return fmt.Errorf("create the Spira incident: %w", err)
	}
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "incident", Dir: dirJ2S,
		SpiraID: out.IncidentID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: inc.Name, At: time.Now()}); err != nil {
		return err
	}
	a.setResult(act.ID, strconv.Itoa(out.IncidentID))
	if len(op.SpiraComments) > 0 {
		if _, err := sp.AddIncidentComments(a.ctx, pid, out.IncidentID, op.SpiraComments); err != nil {
			return fmt.Errorf("add comments to incident %d: %w", out.IncidentID, err)
		}
	}
	link := RemoteLinkFor(a.s.SpiraURL, pid, "incident", out.IncidentID, inc.Name)
	if _, err := a.e.cfg.Jira.UpsertRemoteLink(a.ctx, act.Artifact.JiraKey, *link); err != nil {
		return fmt.Errorf("link %s back to Spira: %w", act.Artifact.JiraKey, err)
	}
	a.mu.Lock()
	a.toReadBack = append(a.toReadBack, createdIncident{act: act, sent: op.Base, inc: inc, id: out.IncidentID})
	a.mu.Unlock()
	a.mapping(mapping.ArtifactTypeIncident, out.IncidentID, act.Artifact.JiraKey)
	return nil
}

func (a *applier) createRequirement(act *Action) error {
	op, sp, pid := act.Op, a.e.cfg.Spira, a.s.ProductID
	r := *op.Requirement
	parent := op.ParentID
	for _, ref := range op.Refs {
		id, err := a.ref(ref)
		if err != nil {
			return err
		}
		if ref.Field == keyParent {
			parent = id
			continue
		}
		r.ReleaseID = id
	}
	if err := a.e.jr.write(entry{Type: entryIntent, Action: act.ID, Item: act.Item, Artifact: "requirement", Dir: dirJ2S,
		JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: r.Name, At: time.Now(), Since: a.s.ServerTime}); err != nil {
		return err
	}
	out, err := sp.CreateRequirement(a.ctx, pid, r, parent)
	if err != nil {
		return fmt.Errorf("create the Spira requirement: %w", err)
	}
	a.setResult(act.ID, strconv.Itoa(out.RequirementID))
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "requirement", Dir: dirJ2S,
		SpiraID: out.RequirementID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: r.Name, At: time.Now()}); err != nil {
		return err
	}
	if r.StatusID > 1 { // 1, Requested, is Spira's default
		act := *act
		act.Artifact.SpiraID = out.RequirementID
		if err := a.checkRequirementStatus(&act, out.RequirementID, r.StatusID); err != nil {
			return err
		}
	}
	for _, c := range op.SpiraComments {
		c.ArtifactID = out.RequirementID
		if _, err := sp.AddRequirementComment(a.ctx, pid, out.RequirementID, c); err != nil {
			return fmt.Errorf("add a comment to requirement %d: %w", out.RequirementID, err)
		}
	}
	link := RemoteLinkFor(a.s.SpiraURL, pid, "requirement", out.RequirementID, r.Name)
	if _, err := a.e.cfg.Jira.UpsertRemoteLink(a.ctx, act.Artifact.JiraKey, *link); err != nil {
		return fmt.Errorf("link %s back to Spira: %w", act.Artifact.JiraKey, err)
	}
	a.mapping(mapping.ArtifactTypeRequirement, out.RequirementID, act.Artifact.JiraKey)
	return nil
}

// afterCreate brings an issue just created (or adopted) from an incident
// to the status the incident's maps to, when it has one, and records as
// base the status the issue is left in when that is not it (no path, a
// failed step, no mapped status): Jira's initial status is then no change
// to copy back over Spira's. The rest of the base is what was sent: a
// resolution the move to a done status was given is Jira's, and comes to
// Spira next run.
func (a *applier) afterCreate(act *Action) error {
	op := act.Op
	key, id := act.Artifact.JiraKey, act.Artifact.JiraID
	if op.IssueOf != "" {
		k, ok := a.result(op.IssueOf)
		if !ok {
			return fmt.Errorf("it needs the issue action %s creates, which did not succeed", op.IssueOf)
		}
		key = k
	}
	a.mu.Lock()
	if id == "" {
		id = a.issueIDs[key]
	}
	a.mu.Unlock()
	from := op.FromStatus
	if from == "" {
		st, err := a.initialStatus(op.IssueType, key)
		if err != nil {
			return err
		}
		from = st
	}
	cur, err := from, error(nil)
	if op.TargetStatus == from {
		a.mu.Lock()
		a.noop[act.ID] = true
		a.mu.Unlock()
	}
	if op.TargetStatus != "" && op.TargetStatus != from {
		path := op.Path
		if op.FromStatus == "" {
			a.mu.Lock()
			path = a.s.Workflow.Path(op.IssueType, from, op.TargetStatus)
			a.mu.Unlock()
		}
		cur, err = a.moveTo(key, op, path, from)
		if err != nil && op.FromStatus == "" {
			// The status learned for new issues may be out of date (the
			// workflow changed): learn it again next time.
			a.mu.Lock()
			delete(a.s.InitialStatus, op.IssueType)
			a.mu.Unlock()
		}
	}
	base := maps.Clone(op.Base)
	if cur != op.TargetStatus && base != nil {
		kind := mapping.IncidentStatus
		if act.Artifact.Type == "requirement" {
			kind = mapping.RequirementStatus
		}
		if back := (&index{p: a.s.Mapping}).back(kind, cur); back != 0 {
			base["status"] = strconv.Itoa(back)
		}
	}
	a.base(id, base)
	return err
}

// initialStatus is the status new issues of a type start in: known from an
// earlier create, or read from the issue just created (with its
// transitions, which the workflow learns).
func (a *applier) initialStatus(typ, key string) (string, error) {
	a.mu.Lock()
	st, ok := a.s.InitialStatus[typ]
	a.mu.Unlock()
	if ok && st != "" {
		return st, nil
	}
	is, err := a.e.cfg.Jira.GetIssue(a.ctx, key, jiraclient.IssueOptions{Fields: []string{"status", "issuetype"}, Expand: "transitions"})
	if err != nil {
		return "", fmt.Errorf("read the status of %s: %w", key, err)
	}
	s := is.Status()
	if s == nil {
		return "", fmt.Errorf("%s has no status", key)
	}
	a.mu.Lock()
	if typ != "" {
		a.s.InitialStatus[typ] = s.ID
		a.s.Workflow.Learn(typ, s.ID, is.Transitions)
	}
	a.mu.Unlock()
	return s.ID, nil
}

// transition moves an issue to the target status, through intermediate
// statuses when no direct transition exists. With no known path it reads
// the issue's transitions step by step, learning the workflow.
func (a *applier) transition(act *Action) error {
	_, err := a.moveTo(act.Artifact.JiraKey, act.Op, act.Op.Path, act.Op.FromStatus)
	return err
}

// moveTo moves issue key from status cur to op.TargetStatus along path
// (nil: find one) and returns the status the issue is in at the end.
func (a *applier) moveTo(key string, op *Op, path []PathStep, cur string) (string, error) {
	jr := a.e.cfg.Jira
	wf := a.s.Workflow
	for tries := 0; tries < 12; tries++ {
		if path == nil {
			ts, err := jr.Transitions(a.ctx, key)
			if err != nil {
				return cur, fmt.Errorf("read the transitions of %s: %w", key, err)
			}
			a.mu.Lock()
			for _, t := range ts {
				if t.To != nil && t.To.ID == op.TargetStatus {
					path = []PathStep{{TransitionID: t.ID, To: t.To.ID, HasScreen: t.HasScreen}}
				}
			}
			if path == nil && cur != "" {
				wf.Learn(op.IssueType, cur, ts)
				path = wf.Path(op.IssueType, cur, op.TargetStatus)
			}
			a.mu.Unlock()
			if path == nil {
				return cur, fmt.Errorf("no transition of %s's workflow leads to status %s: add one in Jira or change the status mapping", key, op.TargetStatus)
			}
		}
		if len(path) == 0 {
			return cur, nil
		}
		st := path[0]
		body := jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: st.TransitionID}}
		if st.HasScreen {
			ts, err := jr.Transitions(a.ctx, key)
			if err != nil {
				return cur, fmt.Errorf("read the transitions of %s: %w", key, err)
			}
			for _, t := range ts {
				if t.ID == st.TransitionID {
					if _, ok := t.Fields["resolution"]; ok {
						res := op.Resolution
						if res == "" {
							// Spira has none and Jira needs one: Jira's
							// value, not agreed, so the base keeps Spira's
							// and the next run copies it to Spira.
							if al := t.Fields["resolution"].Allowed(); len(al) > 0 {
								res = al[0].ID
							}
						}
						if res != "" {
							body.Fields = map[string]any{"resolution": map[string]any{"id": res}}
						}
					}
				}
			}
		}
		if err := jr.DoTransition(a.ctx, key, body); err != nil {
			return cur, fmt.Errorf("move %s through transition %s: %w", key, st.TransitionID, err)
		}
		cur = st.To
		path = path[1:]
		if len(path) == 0 {
			return cur, nil
		}
	}
	return cur, fmt.Errorf("gave up moving %s to status %s after 12 transitions", key, op.TargetStatus)
}

// finish ends the run in Spira: the date, the outcome and the event log.
func (e *Engine) finish(ctx context.Context, rep *Report) error {
	sp := e.cfg.Spira
	rep.Finished = time.Now()
	rep.Outcome = "success"
	post := sp.DataSyncSuccess
	if len(rep.Failures) > 0 {
		rep.Outcome = "warning"
		post = sp.DataSyncWarning
	}
	// The event log is a courtesy: a failed write there does not undo
	// the run, it is said in the report.
	for _, f := range rep.Failures {
		msg := truncate("spirajira sync: "+f.Artifact+": "+f.Reason, 255)
		if err := sp.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: 1, Message: msg, Details: f.Reason}); err != nil {
			rep.Notes = append(rep.Notes, "writing an error to Spira's event log failed: "+err.Error())
		}
	}
	// A status Spira kept is said in its event log too, where the doctor
	// finds it.
	for _, f := range rep.Skipped {
		if !isStatusKept(f.Reason) {
			continue
		}
		msg := truncate("spirajira sync: "+f.Artifact+": "+f.Reason, 255)
		if err := sp.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: 2, Message: msg, Details: f.Reason}); err != nil {
			rep.Notes = append(rep.Notes, "writing a warning to Spira's event log failed: "+err.Error())
		}
	}
	summary := fmt.Sprintf(SummaryPrefix+" of product %d with %s: %d created, %d updated, %d transitioned, %d linked, %d conflicts, %d failed",
		rep.ProductID, e.snap.JiraKey, rep.Applied[KindCreate], rep.Applied[KindUpdate], rep.Applied[KindTransition], rep.Applied[KindLink],
		len(rep.Conflicts), len(rep.Failures))
	entryType := 4
	if len(rep.Failures) > 0 {
		entryType = 2
	}
	if err := sp.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: entryType, Message: truncate(summary, 255), Details: summary}); err != nil {
		rep.Notes = append(rep.Notes, "writing the summary to Spira's event log failed: "+err.Error())
	}
	if err := e.jr.write(entry{Type: entryPosting, Item: "run", At: rep.ServerTime.UTC()}); err != nil {
		return err
	}
	if err := post(ctx, e.cfg.PluginID, rep.ServerTime); err != nil {
		return fmt.Errorf("record the run in Spira (data-syncs/%d/%s): %w", e.cfg.PluginID, rep.Outcome, err)
	}
	e.st.LastPosted = rep.ServerTime.UTC()
	// Spira answers 200 to a run result for a record that is gone, so only
	// reading it back tells that the run was recorded.
	if err := e.confirmPlugin(ctx); errors.Is(err, spiraclient.ErrPluginNotFound) {
		return fmt.Errorf("the run's result was not recorded in Spira: %w", err)
	}
	if e.dead != nil && e.dead() {
		return errCrashed
	}
	if err := e.st.save(e.cfg.StateDir, e.inst); err != nil {
		return err
	}
	return e.jr.compact()
}
