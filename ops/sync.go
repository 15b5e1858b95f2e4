package ops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The engine's types the faces render, so that neither imports datasync.
type (
	Action   = datasync.Action
	PlanFile = datasync.PlanFile
	Report   = datasync.Report
	Progress = datasync.Progress
	Failure  = datasync.Failure
)

// The engine's errors the faces tell apart.
var (
	ErrServiceRan = datasync.ErrServiceRan
	ErrStalePlan  = datasync.ErrStalePlan
)

// BucketFailed is the report's bucket of items that failed;
// DefaultMaxAttachmentSize the largest file a run copies by default.
const (
	BucketFailed             = datasync.BucketFailed
	DefaultMaxAttachmentSize = datasync.DefaultMaxAttachmentSize
)

// SyncOptions are how one product is planned and run.
type SyncOptions struct {
	// ProductID is the Spira product; 0 is the only one the plug-in maps.
	ProductID int
	// MappingFile, when set, is a mapping.yaml used instead of the mapping
	// Spira holds; it is validated first and its errors stop the run.
	MappingFile string
	// Plugin is the session's plug-in record when already found (a pass
	// over several products); zero finds it.
	Plugin mapping.Plugin
	// Apply: the run will write, so its lock and lease are taken before
	// the state is read and the plan is what it applies. A dry-run takes
	// neither; applying its plan later is refused if another run synced
	// meanwhile (ErrStalePlan).
	Apply bool
	// Force runs even when Spira's data-sync service ran the plug-in within
	// PollWindow.
	Force bool
	// ConflictWinner is who wins a field changed on both sides (JiraWins
	// unless set).
	ConflictWinner Winner
	// PollWindow is the polling interval of Spira's service (default 5m);
	// Wait is how long to wait for another run of the product to end.
	PollWindow, Wait time.Duration
	// LinkSameNames accepts the plan's same-name link proposals.
	LinkSameNames bool
	// MaxAttachmentSize is the largest file copied, in bytes (0: the
	// engine's default); a larger one is skipped with why in the plan.
	MaxAttachmentSize int64
	// Problems hears the mapping file's validation findings.
	Problems func([]mapping.Problem)
}

// SyncRun is one product's planned run.
type SyncRun struct {
	Product *mapping.Product
	Plugin  mapping.Plugin
	// Actions are the plan's, in the order Run applies them; read them,
	// Run applies the plan as planned.
	Actions []Action
	// Plan is the plan as --plan-out writes it.
	Plan PlanFile
	// Warnings are what the engine found worth saying before the run (a
	// lock left by a dead run, a damaged journal line).
	Warnings []string

	sess *Session
	eng  *datasync.Engine
	plan *datasync.Plan
}

// SyncResult is a run's end.
type SyncResult struct {
	Report *Report
	// Notes are what to do after the run, beside the report's own notes.
	Notes []string
}

// PlanSync reads the mapping (from Spira, as the plug-in reads it, or from
// the file), loads a snapshot and plans. Nothing is written. With Apply the
// run's lock and lease are held until Run or Close.
func (s *Session) PlanSync(ctx context.Context, o SyncOptions) (*SyncRun, error) {
	sc, err := s.Spira()
	if err != nil {
		return nil, err
	}
	jc, err := s.Jira()
	if err != nil {
		return nil, err
	}
	if s.cfg.StateDir == "" {
		return nil, errors.New("no state directory for the sync journal")
	}
	if err := os.MkdirAll(s.cfg.StateDir, 0o700); err != nil {
		return nil, err
	}
	plugin := o.Plugin
	if plugin.ID == 0 {
		if plugin, err = s.Plugin(ctx); err != nil {
			return nil, err
		}
	}
	prod, err := s.syncMapping(ctx, o, plugin)
	if err != nil {
		return nil, err
	}
	eng, err := datasync.New(datasync.Config{Spira: sc, Jira: jc, Mapping: prod, PluginID: plugin.ID,
		ProductID: prod.Project.Spira.ID, StateDir: s.cfg.StateDir, Force: o.Force, ConflictWinner: o.ConflictWinner,
		PollWindow: o.PollWindow, Wait: o.Wait, LinkSameNames: o.LinkSameNames, MaxAttachmentSize: o.MaxAttachmentSize})
	if err != nil {
		return nil, err
	}
	r := &SyncRun{Product: prod, Plugin: plugin, sess: s, eng: eng}
	if o.Apply {
		// Before the first read of the state, so that this run plans on
		// what the one before it left.
		if err := eng.Begin(ctx); err != nil {
			return nil, err
		}
	}
	snap, err := eng.Load(ctx)
	r.Warnings = eng.Warnings()
	if err != nil {
		r.Close()
		return r, err
	}
	r.plan = snap.Plan()
	if r.plan.Actions == nil {
		r.plan.Actions = []Action{}
	}
	r.Actions = r.plan.Actions
	r.Plan = datasync.NewPlanFile(snap.ProductID, prod, r.Actions)
	return r, nil
}

// syncMapping is the product's mapping for a run.
func (s *Session) syncMapping(ctx context.Context, o SyncOptions, plugin mapping.Plugin) (*mapping.Product, error) {
	ms, err := s.mappingSpira()
	if err != nil {
		return nil, err
	}
	if o.MappingFile == "" {
		pid := o.ProductID
		if pid == 0 {
			if pid, err = OnlyMappedProduct(ctx, ms, plugin.ID); err != nil {
				return nil, err
			}
		}
		return mapping.PullForSync(ctx, ms, plugin, pid)
	}
	data, err := mapping.ReadFile(o.MappingFile)
	if err != nil {
		return nil, err
	}
	prod, err := mapping.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.MappingFile, err)
	}
	if o.ProductID != 0 && prod.Project.Spira.ID != o.ProductID {
		return nil, &UsageError{fmt.Sprintf("%s is the mapping of product %d, not %d", o.MappingFile, prod.Project.Spira.ID, o.ProductID)}
	}
	if err := SamePlugin(ctx, ms, o.MappingFile, prod.Plugin, plugin); err != nil {
		return nil, err
	}
	if err := s.checkSyncMapping(ctx, o, ms, plugin.ID, prod); err != nil {
		return nil, err
	}
	return prod, nil
}

// checkSyncMapping validates a mapping file before a sync reads anything
// with it, as 'mapping validate' would: the sync stops on its errors with
// the validator's words rather than on a raw API answer deep inside the
// run.
func (s *Session) checkSyncMapping(ctx context.Context, o SyncOptions, ms mapping.Spira, pluginID int, p *mapping.Product) error {
	_, lk, err := mapping.Pull(ctx, ms, pluginID, p.Project.Spira.ID)
	if err != nil {
		return fmt.Errorf("read product %d from Spira to check %s: %w", p.Project.Spira.ID, o.MappingFile, err)
	}
	var j *mapping.Jira
	if key := p.Project.Key(); key != "" {
		if j, err = s.catalog(ctx, key); err != nil {
			return fmt.Errorf("read Jira project %s to check %s: %w", key, o.MappingFile, err)
		}
	}
	problems := mapping.Validate(p, j, lk)
	if o.Problems != nil {
		o.Problems(problems)
	}
	if mapping.HasErrors(problems) {
		errs := (&MappingErrors{Problems: problems}).Count()
		return fmt.Errorf("%s has %s: fix them and check with 'spirajira mapping validate -f %s'; nothing was synced",
			o.MappingFile, words.Count(errs, "mapping error"), o.MappingFile)
	}
	return nil
}

// UsageError is a request the options cannot satisfy as given.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// OnlyMappedProduct is the one product the plug-in maps, or why there is
// not exactly one.
func OnlyMappedProduct(ctx context.Context, ms mapping.Spira, pluginID int) (int, error) {
	pm, err := ms.ProjectMappings(ctx, pluginID)
	if err != nil {
		return 0, err
	}
	switch len(pm) {
	case 1:
		return pm[0].InternalID, nil
	case 0:
		return 0, fmt.Errorf("no Spira product is mapped to a Jira project in plug-in %d: map one in Spira's data mapping first", pluginID)
	}
	var ids []string
	for _, m := range pm {
		ids = append(ids, fmt.Sprintf("%d (%s)", m.InternalID, m.ExternalKey))
	}
	return 0, &UsageError{fmt.Sprintf("several products are mapped (%s): choose one with --product", strings.Join(ids, ", "))}
}

// Run applies the plan, calling progress from the run's goroutine, and
// releases the lock and lease.
func (r *SyncRun) Run(ctx context.Context, progress func(Progress)) (*SyncResult, error) {
	defer r.Close()
	rep, err := r.eng.Apply(ctx, r.plan, progress)
	res := &SyncResult{Report: rep}
	if rep == nil || err != nil {
		return res, err
	}
	if len(rep.Failures) == 0 && r.Product.Project.Full() {
		// Spira 9.4+ may have removed the token itself: ask Spira again.
		ms, merr := r.sess.mappingSpira()
		still := true
		if merr == nil {
			still, merr = mapping.FullStillSet(ctx, ms, r.Plugin.ID, r.Product.Project.Spira.ID)
		}
		if merr != nil {
			res.Notes = append(res.Notes, "could not read back the External Key: "+merr.Error())
		}
		if still || merr != nil {
			res.Notes = append(res.Notes, datasync.FullDoneNote(r.Product.Project.Key(), r.Plugin.Name))
		}
	}
	return res, nil
}

// Close releases the run's lock and lease, if it holds them.
func (r *SyncRun) Close() error {
	if r == nil || r.eng == nil {
		return nil
	}
	return r.eng.Close()
}

// ProductMappings lists the products the plug-in maps, for a pass over
// them all.
func (s *Session) ProductMappings(ctx context.Context, pluginID int) ([]mapping.DataMapping, error) {
	ms, err := s.mappingSpira()
	if err != nil {
		return nil, err
	}
	return ms.ProjectMappings(ctx, pluginID)
}

// WithRunCache makes the lists a run reads (project, releases, users...)
// read once for the run, whoever asks.
func WithRunCache(ctx context.Context) context.Context { return spiraclient.WithRunCache(ctx) }
