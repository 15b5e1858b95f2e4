package datasync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

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
	ProductID  int       `json:"productId"`
	ServerTime time.Time `json:"serverTime"`
	Started    time.Time `json:"started"`
	Finished   time.Time `json:"finished"`
	Failures   []Failure `json:"failures,omitempty"`
	Conflicts  []Action  `json:"conflicts,omitempty"`
	Outcome    string    `json:"outcome"` // success, warning
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

// Done is how many actions of kind k the run applied.
func (r *Report) Done(k Kind) int { return r.Counts[string(k)] }

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
// The plan's snapshot must be the one this engine's Load read: the run's
// lock, lease and watermark belong to it. progress may be nil; it is
// called from Apply's goroutines, one call at a time.
func (e *Engine) Apply(ctx context.Context, plan *Plan, progress func(Progress)) (*Report, error) {
	if e.snap == nil {
		return nil, errors.New("datasync: Apply needs a Load first")
	}
	if plan == nil || plan.Snapshot != e.snap {
		return nil, errors.New("datasync: Apply runs a plan of the snapshot this engine's last Load read")
	}
	s, actions := plan.Snapshot, plan.Actions
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
		rep:  &Report{ProductID: s.ProductID, ServerTime: s.ServerTime, Started: time.Now(), Counts: map[string]int{}},
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
