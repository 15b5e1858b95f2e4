package datasync

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/spirajira/spirajira/internal/filelock"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The engine, its configuration, and the bounded concurrency its reads and writes share.

// Config is what an Engine needs: the two APIs, which plug-in record and
// product to sync, the mapping and where to keep state.
type Config struct {
	Spira     Spira
	Jira      Jira
	PluginID  int
	ProductID int
	// Mapping is the product's mapping (mapping.Pull from Spira, or a
	// mapping.yaml file).
	Mapping *mapping.Product
	// StateDir holds the journal and the sync state (config.StateDir()).
	StateDir string
	// Force runs even when Spira's own data-sync service ran the plug-in
	// within PollWindow.
	Force bool
	// PollWindow is the polling interval of Spira's data-sync service
	// (default 5 minutes, the interval Inflectra recommends).
	PollWindow time.Duration
	// Overlap widens the Jira query window (default 5 minutes): changes
	// seen twice are de-duplicated, a change seen never would be lost.
	Overlap time.Duration
	// Concurrency is the number of items written at once (default 8).
	Concurrency int
	// ConflictWinner decides a field changed on both sides (JiraWins
	// unless set).
	ConflictWinner Winner
	// Wait is how long Begin waits for another run of the product to end
	// (0: not at all, it fails with ErrRunning).
	Wait time.Duration
	// LeaseSettle is the least time between writing the lease to Spira's
	// event log and reading it back (default 2s).
	LeaseSettle time.Duration
	// LinkSameNames accepts the plan's same-name proposals: an unmapped
	// Spira item and an unmapped Jira issue of the same name are linked
	// instead of each being created on the other side.
	LinkSameNames bool
	// MaxAttachmentSize is the largest file copied between the sides
	// (default DefaultMaxAttachmentSize); a larger one is skipped with its
	// reason in the plan.
	MaxAttachmentSize int64
}

// Engine runs syncs of one product: New, then Begin (when the run will
// apply), Load, Snapshot.Plan and Apply, which takes the lock itself if
// Begin was not called.
type Engine struct {
	cfg    Config
	inst   Instance
	st     *state
	jr     *journal
	done   []entry     // journal: creates whose mapping may be missing
	posted []time.Time // journal: dates a stopped run may have posted
	// touched are the incidents a stopped run sent to Jira.
	touched map[int]bool
	unkn    []entry // journal: creates whose outcome is unknown
	snap    *Snapshot
	// dead reports a stopped process (crash tests): no journal write after.
	dead func() bool

	// The run's lock and lease (Begin), the state files' fingerprint and
	// the plug-in's LastSyncDate when read, to refuse a stale plan.
	lock           *filelock.Lock
	lease          *lease
	fingerprint    []byte
	loadedLastSync *time.Time
	legacy         int
	warnings       []string
	// begun is the plug-in record Begin read, for Load (pluginForLoad);
	// leaseTries counts Begin's attempts at the lease.
	begun      *spiraclient.RemoteDataSyncSystem
	leaseTries int
	// files is the attachments' share of the run (attachments.go).
	files *fileRun
}

// New checks the configuration and reads the state of earlier runs.
func New(cfg Config) (*Engine, error) {
	if cfg.Spira == nil || cfg.Jira == nil || cfg.Mapping == nil {
		return nil, errors.New("datasync: Spira, Jira and Mapping are required")
	}
	if cfg.StateDir == "" {
		return nil, errors.New("datasync: a state directory is required for the journal")
	}
	w, err := ParseWinner(string(cfg.ConflictWinner))
	if err != nil {
		return nil, fmt.Errorf("datasync: %w", err)
	}
	cfg.ConflictWinner = w
	if cfg.PollWindow == 0 {
		cfg.PollWindow = 5 * time.Minute
	}
	if cfg.Overlap == 0 {
		cfg.Overlap = 5 * time.Minute
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	if cfg.PluginID == 0 {
		cfg.PluginID = cfg.Mapping.Plugin.ID
	}
	if cfg.ProductID == 0 {
		cfg.ProductID = cfg.Mapping.Project.Spira.ID
	}
	e := &Engine{cfg: cfg, inst: instanceOf(cfg)}
	if err := e.readFiles(); err != nil {
		return nil, err
	}
	return e, nil
}

// newGroup runs functions at most n at once; Wait returns the first error.
// Nothing is cancelled: each function reports its own failure.
func newGroup(n int) *errgroup.Group {
	g := new(errgroup.Group)
	g.SetLimit(n)
	return g
}

func wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
