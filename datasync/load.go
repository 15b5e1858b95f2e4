package datasync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spirajira/spirajira/internal/filelock"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

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
	// ConflictWinner is "jira" (default) or "spira".
	ConflictWinner string
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

// Engine runs syncs of one product. Use New, then Load, Plan and Apply (or
// Run).
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

// ErrServiceRan means Spira's data-sync service ran the plug-in within its
// polling window; run again with Force once it is stopped or idle.
var ErrServiceRan = errors.New("Spira's data-sync service ran this plug-in recently")

// New checks the configuration and reads the state of earlier runs.
func New(cfg Config) (*Engine, error) {
	if cfg.Spira == nil || cfg.Jira == nil || cfg.Mapping == nil {
		return nil, errors.New("datasync: Spira, Jira and Mapping are required")
	}
	if cfg.StateDir == "" {
		return nil, errors.New("datasync: a state directory is required for the journal")
	}
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

// group runs functions concurrently, at most n at once, keeping the first
// error.
type group struct {
	wg  sync.WaitGroup
	sem chan struct{}
	mu  sync.Mutex
	err error
}

func newGroup(n int) *group { return &group{sem: make(chan struct{}, n)} }

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		g.sem <- struct{}{}
		defer func() { <-g.sem }()
		if err := f(); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.mu.Unlock()
		}
	}()
}

func (g *group) Wait() error { g.wg.Wait(); return g.err }

// Load reads the snapshot: Spira's server time first, the plug-in record
// and its watermark, the artifact mappings, what changed on both sides since
// the watermark and the counterparts of what changed. It refuses to go on
// when Spira's own service ran the plug-in within its polling window, unless
// forced.
func (e *Engine) Load(ctx context.Context) (*Snapshot, error) {
	cfg := e.cfg
	sp, jr := cfg.Spira, cfg.Jira
	pid := cfg.ProductID
	key := cfg.Mapping.Project.Key()
	if key == "" {
		return nil, fmt.Errorf("product %d has no Jira project key in its mapping: set it in Spira's data mapping (View Product Mappings) or in mapping.yaml", pid)
	}
	s := &Snapshot{Mapping: cfg.Mapping, ProductID: pid, PluginID: cfg.PluginID, JiraKey: key, SpiraURL: sp.BaseURL(),
		JiraURL: jr.SiteURL(), ConflictWinner: cfg.ConflictWinner, LinkSameNames: cfg.LinkSameNames, IncidentKeys: map[int]string{}, RequirementKeys: map[int]string{},
		ReleaseVersions: map[int]string{}, Workflow: e.st.Workflow, InitialStatus: e.st.InitialStatus, Base: e.st.Base, StatusKept: e.st.StatusKept}
	var err error
	if s.ServerTime, err = sp.ServerDateTime(ctx); err != nil {
		return nil, fmt.Errorf("read Spira's server time: %w", err)
	}
	ds, err := e.pluginForLoad(ctx)
	if err != nil {
		return nil, err
	}
	e.loadedLastSync = nil
	if ds.LastSyncDate != nil {
		t := ds.LastSyncDate.UTC()
		e.loadedLastSync = &t
	}
	e.adoptLegacy(ds)
	s.Base, s.Workflow, s.InitialStatus, s.StatusKept = e.st.Base, e.st.Workflow, e.st.InitialStatus, e.st.StatusKept
	if ds.LastSyncDate != nil {
		s.Watermark = ds.LastSyncDate.UTC()
		// LastSyncDate is the plug-in's, shared by all its products: a run
		// of another product (spirajira syncs one at a time) moves it on
		// without reading this one. Read from this product's own last run
		// when that is earlier, or what changed in between is never read.
		if lp := e.st.LastPosted; !lp.IsZero() && lp.Before(s.Watermark) {
			s.Watermark = lp.UTC()
		}
		// This product's first run from here, after a run of another
		// product from here posted the date (sync --all on a fresh plug-in
		// record): the date says nothing of this product, so read it as a
		// first run does.
		if e.st.LastPosted.IsZero() && e.postedHere(s.Watermark) {
			s.Watermark = time.Time{}
		}
	}
	if err := e.guard(ctx, ds, s.ServerTime); err != nil {
		return nil, err
	}
	// The last run was ours and swept: read only what changed after it.
	swept := !e.st.SweptFor.IsZero() && ds.LastSyncDate != nil && ds.LastSyncDate.UTC().Equal(e.st.SweptFor.UTC())
	spiraSince := s.Watermark
	if swept {
		spiraSince = e.st.SpiraSince
	}
	incFlow := flowOf(cfg.Mapping, mapping.FlowIncidents)

	// Independent reads, at once.
	g := newGroup(cfg.Concurrency)
	var incMaps, reqMaps, relMaps []spiraclient.RemoteDataMapping
	g.Go(func() (err error) {
		incMaps, err = sp.ArtifactMappings(ctx, pid, cfg.PluginID, mapping.ArtifactTypeIncident)
		return wrap(err, "read incident mappings")
	})
	g.Go(func() (err error) {
		reqMaps, err = sp.ArtifactMappings(ctx, pid, cfg.PluginID, mapping.ArtifactTypeRequirement)
		return wrap(err, "read requirement mappings")
	})
	g.Go(func() (err error) {
		relMaps, err = sp.ArtifactMappings(ctx, pid, cfg.PluginID, mapping.ArtifactTypeRelease)
		return wrap(err, "read release mappings")
	})
	g.Go(func() (err error) {
		s.SpiraUsers, err = sp.ProjectUsers(ctx, pid)
		return wrap(err, "read product users")
	})
	g.Go(func() error {
		u, err := sp.CurrentUser(ctx)
		if err == nil {
			s.SyncUserID = u.UserID
		}
		return wrap(err, "read the Spira sync account")
	})
	g.Go(func() (err error) {
		s.Releases, err = sp.Releases(ctx, pid)
		return wrap(err, "read releases")
	})
	g.Go(func() error {
		p, err := sp.Project(ctx, pid)
		if err != nil {
			return wrap(err, "read product")
		}
		s.TemplateID = p.ProjectTemplateID
		s.IncidentProperties, err = sp.CustomProperties(ctx, p.ProjectTemplateID, mapping.ArtifactTypeIncident)
		return wrap(err, "read incident custom properties")
	})
	s.CreateFields = map[string]map[string]bool{}
	s.JiraNames = map[string]map[string]string{}
	var curKey string
	g.Go(func() error {
		p, err := jr.Project(ctx, key)
		if err == nil {
			s.JiraProjectID, curKey = p.ID, p.Key
		}
		return wrap(err, "read Jira project "+key)
	})
	g.Go(func() error {
		me, err := jr.Myself(ctx)
		if err == nil {
			s.SyncAccountID = me.AccountID
		}
		return wrap(err, "read the Jira sync account")
	})
	g.Go(func() (err error) {
		s.Versions, err = jr.Versions(ctx, key)
		return wrap(err, "read Jira versions")
	})
	g.Go(func() error {
		si, err := jr.ServerInfo(ctx)
		if err != nil {
			return wrap(err, "read Jira's server time")
		}
		s.JiraTime, _ = jiraclient.ParseTime(si.ServerTime)
		return nil
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if curKey != "" && !strings.EqualFold(curKey, key) {
		// The project's key was changed: search under the current one,
		// whether or not JQL still takes the old (moved.go).
		s.RenamedFrom, s.JiraKey = key, curKey
	}
	for _, m := range incMaps {
		s.IncidentKeys[m.InternalID] = m.ExternalKey
	}
	for _, m := range reqMaps {
		s.RequirementKeys[m.InternalID] = m.ExternalKey
	}
	for _, m := range relMaps {
		s.ReleaseVersions[m.InternalID] = m.ExternalKey
	}
	// Spira items an interrupted run created from Jira issues and did not
	// record: from the journal, or found by their fingerprint.
	if err := e.recover(ctx, s); err != nil {
		return nil, err
	}

	// Spira: new incidents (and those to retry), and with Both the mapped
	// incidents changed since the watermark.
	var newInc []spiraclient.RemoteIncident
	if spiraSince.IsZero() {
		spiraSince = firstSync // what the plug-in asks for on its first run
	}
	newIncidents := sp.NewIncidents(ctx, pid, spiraSince)
	if !incFlow.Create.ToJira() {
		newIncidents = func(func(spiraclient.RemoteIncident, error) bool) {} // none go to Jira in this mode
	}
	for inc, err := range newIncidents {
		if err != nil {
			return nil, fmt.Errorf("read new incidents: %w", err)
		}
		newInc = append(newInc, inc)
	}
	if ids := missing(e.st.RetryInc, newInc); len(ids) > 0 {
		more, err := sp.IncidentsByIDs(ctx, pid, ids)
		if err != nil {
			return nil, fmt.Errorf("read incidents to retry: %w", err)
		}
		newInc = append(newInc, more...)
	}
	for _, inc := range newInc {
		if _, mapped := s.IncidentKeys[inc.IncidentID]; !mapped {
			s.NewIncidents = append(s.NewIncidents, SpiraItem{Incident: inc, Retry: slices.Contains(e.st.RetryInc, inc.IncidentID)})
		} else if e.touched[inc.IncidentID] || slices.Contains(e.st.RetryInc, inc.IncidentID) {
			// A stopped run sent it, or a link of it failed: its links may
			// still be missing.
			s.RecentMapped = append(s.RecentMapped, SpiraItem{Incident: inc})
		}
	}
	if flowOf(cfg.Mapping, mapping.FlowRequirements).Create.ToJira() {
		// From the watermark even after a sweep, which looks at incidents
		// only.
		since := s.Watermark
		if since.IsZero() {
			since = firstSync
		}
		if err := e.readNewRequirements(ctx, s, since); err != nil {
			return nil, err
		}
	}
	e.recoverSent(s)
	if incFlow.Update.ToJira() && !s.Watermark.IsZero() {
		var changed []spiraclient.RemoteIncident
		for inc, err := range sp.IncidentsUpdatedSince(ctx, pid, spiraSince) {
			if err != nil {
				return nil, fmt.Errorf("read changed incidents: %w", err)
			}
			changed = append(changed, inc)
		}
		if ids := missing(e.st.RetryChanged, changed); len(ids) > 0 {
			more, err := sp.IncidentsByIDs(ctx, pid, ids)
			if err != nil {
				return nil, fmt.Errorf("read changed incidents: %w", err)
			}
			changed = append(changed, more...)
		}
		for _, inc := range changed {
			if _, mapped := s.IncidentKeys[inc.IncidentID]; mapped {
				s.ChangedIncidents = append(s.ChangedIncidents, SpiraItem{Incident: inc})
			}
		}
	}

	if flowOf(cfg.Mapping, mapping.FlowRequirements).Update.ToJira() && !s.Watermark.IsZero() {
		// From the watermark even after a sweep: the sweep looks at
		// incidents only, so requirements changed during the last run are
		// read again here rather than missed.
		if err := e.readChangedRequirements(ctx, s, s.Watermark); err != nil {
			return nil, err
		}
	}

	// Jira: issues changed since the watermark, by absolute epoch-ms.
	if err := e.searchJira(ctx, s, swept); err != nil {
		return nil, err
	}
	e.followMoves(s)
	if err := e.loadTasks(ctx, s); err != nil {
		return nil, err
	}
	if err := e.readRequirementProperties(ctx, s); err != nil {
		return nil, err
	}
	if err := e.readHierarchy(ctx, s); err != nil {
		return nil, err
	}
	// Items a stopped run created from these issues that no journal tells
	// of: found in Spira, before their counterparts are read.
	if err := e.adoptCreated(ctx, s, spiraSince); err != nil {
		return nil, err
	}

	// Counterparts and comments, at once.
	if err := e.readDetails(ctx, s, incFlow); err != nil {
		return nil, err
	}
	if err := e.readSameNameRequirements(ctx, s); err != nil {
		return nil, err
	}
	if err := e.readForWrites(ctx, s); err != nil {
		return nil, err
	}
	if err := e.loadFiles(ctx, s); err != nil {
		return nil, err
	}
	e.snap = s
	return s, nil
}

// firstSync is the creation date the plug-in reads new incidents from on
// its first run.
var firstSync = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)

// SummaryPrefix starts the summary every run writes to Spira's event log.
const SummaryPrefix = "spirajira sync"

// guard refuses a run while Spira's own service may be syncing the same
// plug-in, telling its runs from the engine's by the date the engine posted.
func (e *Engine) guard(ctx context.Context, ds *spiraclient.RemoteDataSyncSystem, now time.Time) error {
	if spiraclient.IsInProgress(*ds) {
		// spirajira never sets this status (its call is not published), and
		// a record can stay so after a run died: a warning, not a stop.
		e.warn(fmt.Sprintf("the %s plug-in's status is %s: another engine (Spira's data-sync service, or spirajira elsewhere) may be running it now; "+
			"if none is, a run that died left that status", ds.Name, spiraclient.DataSyncStatusText(*ds)))
	}
	if e.cfg.Force || ds.LastSyncDate == nil {
		return nil
	}
	last := ds.LastSyncDate.UTC()
	if !e.st.LastPosted.IsZero() && last.Equal(e.st.LastPosted.UTC()) {
		return nil // our own earlier run
	}
	for _, p := range e.posted {
		if last.Equal(p.UTC()) {
			return nil // our own run, stopped right after posting
		}
	}
	age := now.Sub(last)
	if age < 0 || age >= e.cfg.PollWindow {
		return nil
	}
	if e.postedHere(last) {
		return nil // a run of another product of the plug-in, from here
	}
	// A run of spirajira elsewhere (another machine, another state
	// directory) writes its summary to the event log before it posts its
	// start time: a summary no older than LastSyncDate is such a run's.
	evs, err := e.cfg.Spira.Events(ctx, 1, 50)
	for _, ev := range evs {
		if strings.HasPrefix(ev.Message, SummaryPrefix) && !ev.EventTimeUtc.Before(last.Add(-time.Second)) {
			return nil
		}
	}
	unsure := ""
	if err != nil {
		// Without the event log, a run from elsewhere looks the same.
		unsure = " (or spirajira on another machine or with another state directory: Spira's event log, which tells them apart, could not be read"
		if errors.Is(err, spiraclient.ErrNeedsSystemAdmin) {
			unsure += ", as only a system administrator's login can read it"
		}
		unsure += ")"
	}
	return fmt.Errorf("%w%s: its last run was %s ago (at %s), within its polling window of %s. Two engines at once can create duplicates: stop the service (or deactivate the plug-in) and run again, or pass --force if you know it is not running",
		ErrServiceRan, unsure, age.Round(time.Second), last.Format(time.RFC3339), e.cfg.PollWindow)
}

// postedHere reports whether a run of another product of the plug-in,
// from the same state directory, posted the date t (LastSyncDate is the
// plug-in's, and spirajira syncs one product a run): its state, or its
// journal when it stopped right after posting, holds t.
func (e *Engine) postedHere(t time.Time) bool {
	dir, plugin := e.cfg.StateDir, e.cfg.PluginID
	states, _ := filepath.Glob(filepath.Join(dir, fmt.Sprintf("sync-%d-*.json", plugin)))
	for _, path := range states {
		var st state
		if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &st) == nil && st.LastPosted.Equal(t) {
			return true
		}
	}
	journals, _ := filepath.Glob(filepath.Join(dir, fmt.Sprintf("journal-%d-*.jsonl", plugin)))
	for _, path := range journals {
		es, _ := readJournalFile(path)
		for _, p := range postings(es) {
			if p.Equal(t) {
				return true
			}
		}
	}
	return false
}

func wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

func missing(ids []int, have []spiraclient.RemoteIncident) []int {
	var out []int
	for _, id := range ids {
		if !slices.ContainsFunc(have, func(i spiraclient.RemoteIncident) bool { return i.IncidentID == id }) {
			out = append(out, id)
		}
	}
	return out
}

// issueFields lists the fields the engine reads from Jira.
func (e *Engine) issueFields() []string {
	f := []string{"summary", "description", "issuetype", "status", "priority", "assignee", "reporter", "components",
		"versions", "fixVersions", "resolution", "security", "created", "updated", "comment", "environment", "issuelinks", "attachment"}
	set := e.cfg.Mapping.Plugin.Settings()
	if c := customField(set.SeverityField); c != "" {
		f = append(f, c)
	}
	f = append(f, extraJiraFields(set, e.cfg.Mapping.Plugin.Extended)...)
	for _, m := range e.cfg.Mapping.CustomProperties {
		if m.Jira.ID != "" && m.Special() == "" {
			f = append(f, customField(m.Jira.ID))
		}
	}
	return f
}

// SearchPageSize is the page size of the Jira search.
const SearchPageSize = 100

func (e *Engine) searchJira(ctx context.Context, s *Snapshot, swept bool) error {
	jql := fmt.Sprintf("project = %q", s.JiraKey)
	if !s.Watermark.IsZero() {
		s.JiraSince = jiraSince(s.Watermark, s.Mapping.Plugin.TimeOffsetHours, e.cfg.Overlap)
		jql += " AND updated >= " + jiraclient.EpochMillis(s.JiraSince)
	}
	seen := map[string]bool{}
	var retry []string
	run := func(jql string) error {
		req := jiraclient.SearchRequest{JQL: jql + " ORDER BY updated ASC, key ASC", Fields: e.issueFields(),
			Properties: []string{MarkerKey}, Expand: "transitions", MaxResults: SearchPageSize}
		for {
			page, err := e.cfg.Jira.SearchPage(ctx, req)
			if err != nil {
				return fmt.Errorf("search Jira issues: %w", err)
			}
			for _, is := range page.Issues {
				if seen[is.ID] {
					continue // the overlap: a change seen twice counts once
				}
				seen[is.ID] = true
				s.Issues = append(s.Issues, JiraItem{Issue: is, Marker: markerOf(is)})
			}
			if page.NextPageToken == "" || len(page.Issues) == 0 {
				return nil
			}
			req.NextPageToken = page.NextPageToken
		}
	}
	if swept {
		s.JiraSince = e.st.JiraSince.Add(-e.cfg.Overlap)
		ids, err := e.changedSinceSweep(ctx, s, run)
		if err != nil {
			return err
		}
		retry = ids
	} else if err := run(jql); err != nil {
		return err
	}
	for _, id := range e.st.RetryIssue {
		if !seen[id] && !slices.Contains(retry, id) {
			retry = append(retry, id)
		}
	}
	// With Both, the issues of incidents changed in Spira, changed in Jira
	// or not;
	var keys, ids []string
	known := e.knownIssueIDs()
	// and those whose links may be missing, to see the links they have.
	// By ID where it is known: an old key of a moved issue may not be
	// valid JQL, and the issue may be in another project now (moved.go).
	for _, it := range slices.Concat(s.ChangedIncidents, s.RecentMapped) {
		if k, ok := s.IncidentKeys[it.Incident.IncidentID]; ok {
			if id, ok := known[k]; ok {
				ids = append(ids, id)
			} else {
				keys = append(keys, k)
			}
		}
	}
	for _, k := range s.changedRequirementKeys() {
		if id, ok := known[k]; ok {
			ids = append(ids, id)
		} else {
			keys = append(keys, k)
		}
	}
	for start := 0; start < len(ids); start += SearchPageSize {
		batch := ids[start:min(start+SearchPageSize, len(ids))]
		if err := run(fmt.Sprintf("id in (%s)", strings.Join(batch, ","))); err != nil {
			return err
		}
	}
	for start := 0; start < len(keys); start += SearchPageSize {
		batch := keys[start:min(start+SearchPageSize, len(keys))]
		if err := run(fmt.Sprintf("project = %q AND key in (%s)", s.JiraKey, strings.Join(batch, ","))); err != nil {
			return err
		}
	}
	for start := 0; start < len(retry); start += SearchPageSize {
		batch := retry[start:min(start+SearchPageSize, len(retry))]
		if err := run(fmt.Sprintf("project = %q AND id in (%s)", s.JiraKey, strings.Join(batch, ","))); err != nil {
			return err
		}
	}
	for _, it := range s.Issues {
		if keyProject(it.Issue.Key) != s.JiraKey {
			continue // another project's workflow
		}
		if t, st := it.Issue.IssueType(), it.Issue.Status(); t != nil && st != nil {
			s.Workflow.Learn(t.ID, st.ID, it.Issue.Transitions)
		}
	}
	return nil
}

// jiraSince is where the Jira query starts: the watermark minus the overlap
// and minus the Time Offset, whatever its sign. The plug-in needed the
// offset to turn a wall-clock string into Jira's time; an epoch-ms query
// does not, so the offset only ever widens the window (a negative one, Jira
// ahead of Spira, must not narrow it and lose the changes in between).
func jiraSince(watermark time.Time, offsetHours int, overlap time.Duration) time.Time {
	off := time.Duration(offsetHours) * time.Hour
	if off < 0 {
		off = -off
	}
	return watermark.Add(-off).Add(-overlap)
}

func markerOf(is jiraclient.Issue) *Marker {
	raw, ok := is.Properties[MarkerKey]
	if !ok {
		return nil
	}
	var m Marker
	if json.Unmarshal(raw, &m) != nil || m.GlobalID == "" {
		return nil
	}
	return &m
}

// inlineComments reads the comments embedded in a search result, and
// whether they are all of them (search caps them).
func inlineComments(is jiraclient.Issue) ([]jiraclient.Comment, bool) {
	var c jiraclient.CommentPage
	if ok, err := is.Field("comment", &c); !ok || err != nil {
		return nil, true
	}
	return c.Comments, c.Total <= len(c.Comments)
}

// BatchIDs is how many incidents one search-by-ids read asks for.
const BatchIDs = 100

func (e *Engine) readDetails(ctx context.Context, s *Snapshot, incFlow mapping.Flow) error {
	sp, jr, pid := e.cfg.Spira, e.cfg.Jira, s.ProductID
	g := newGroup(e.cfg.Concurrency)
	var mu sync.Mutex
	// Skip Comments: no comment is read, so none is synced either way.
	comments := !extended(s).SkipComments
	// Spira's requirement comments go to Jira with Complete's updates.
	reqToJira := flowOf(s.Mapping, mapping.FlowRequirements).Update.ToJira()
	// Jira comments beyond what search embeds.
	for i := range s.Issues {
		it := &s.Issues[i]
		cs, all := inlineComments(it.Issue)
		if !comments {
			cs, all = nil, true
		}
		it.Comments = cs
		if !all {
			g.Go(func() error {
				var out []jiraclient.Comment
				for c, err := range jr.Comments(ctx, it.Issue.ID) {
					if err != nil {
						return fmt.Errorf("read comments of %s: %w", it.Issue.Key, err)
					}
					out = append(out, c)
				}
				it.Comments = out
				return nil
			})
		}
	}
	// Spira counterparts of mapped issues, in batches.
	keyToInc := map[string]int{}
	for id, k := range s.IncidentKeys {
		keyToInc[k] = id
	}
	keyToReq := map[string]int{}
	for id, k := range s.RequirementKeys {
		keyToReq[k] = id
	}
	var ids []int
	for i := range s.Issues {
		if id, ok := keyToInc[s.Issues[i].Issue.Key]; ok {
			ids = append(ids, id)
		}
	}
	incs := map[int]spiraclient.RemoteIncident{}
	for start := 0; start < len(ids); start += BatchIDs {
		batch := ids[start:min(start+BatchIDs, len(ids))]
		g.Go(func() error {
			got, err := sp.IncidentsByIDs(ctx, pid, batch)
			if err != nil {
				return fmt.Errorf("read mapped incidents: %w", err)
			}
			mu.Lock()
			for _, inc := range got {
				incs[inc.IncidentID] = inc
			}
			mu.Unlock()
			return nil
		})
	}
	for i := range s.Issues {
		it := &s.Issues[i]
		if id, ok := keyToReq[it.Issue.Key]; ok {
			g.Go(func() error {
				r, err := sp.Requirement(ctx, pid, id)
				if errors.Is(err, spiraclient.ErrNotFound) {
					return nil // deleted in Spira: Plan says so
				}
				if err != nil {
					return fmt.Errorf("read requirement %d: %w", id, err)
				}
				it.Requirement = r
				return nil
			})
		}
	}
	// Comments and associations of new incidents.
	for i := range s.NewIncidents {
		it := &s.NewIncidents[i]
		if comments {
			g.Go(func() (err error) {
				it.Comments, err = sp.IncidentComments(ctx, pid, it.Incident.IncidentID)
				return wrap(err, "read comments of incident "+strconv.Itoa(it.Incident.IncidentID))
			})
		}
		if strings.TrimSpace(s.Mapping.Plugin.Custom05) != "" {
			g.Go(func() (err error) {
				it.Associations, err = sp.Associations(ctx, pid, mapping.ArtifactTypeIncident, it.Incident.IncidentID)
				return wrap(err, "read associations of incident "+strconv.Itoa(it.Incident.IncidentID))
			})
		}
	}
	if strings.TrimSpace(s.Mapping.Plugin.Custom05) != "" {
		for i := range s.RecentMapped {
			it := &s.RecentMapped[i]
			g.Go(func() (err error) {
				it.Associations, err = sp.Associations(ctx, pid, mapping.ArtifactTypeIncident, it.Incident.IncidentID)
				return wrap(err, "read associations of incident "+strconv.Itoa(it.Incident.IncidentID))
			})
		}
	}
	for i := range s.ChangedIncidents {
		it := &s.ChangedIncidents[i]
		if !comments {
			continue
		}
		g.Go(func() (err error) {
			it.Comments, err = sp.IncidentComments(ctx, pid, it.Incident.IncidentID)
			return wrap(err, "read comments of incident "+strconv.Itoa(it.Incident.IncidentID))
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// Spira comments of mapped items, when Jira has comments to compare
	// with (or with Both, always: Spira's may have to go to Jira).
	changed := map[int]*SpiraItem{}
	for i := range s.ChangedIncidents {
		changed[s.ChangedIncidents[i].Incident.IncidentID] = &s.ChangedIncidents[i]
	}
	g = newGroup(e.cfg.Concurrency)
	for i := range s.Issues {
		it := &s.Issues[i]
		if id, ok := keyToInc[it.Issue.Key]; ok {
			inc, found := incs[id]
			if !found {
				continue
			}
			if c, ok := changed[id]; ok {
				inc = c.Incident // the same read, newer or equal
				it.Incident, it.SpiraComments = &inc, c.Comments
				continue
			}
			it.Incident = &inc
			if comments && (len(it.Comments) > 0 || incFlow.Update.ToJira()) {
				g.Go(func() (err error) {
					it.SpiraComments, err = sp.IncidentComments(ctx, pid, id)
					return wrap(err, "read comments of incident "+strconv.Itoa(id))
				})
			}
		}
		if id, ok := keyToReq[it.Issue.Key]; ok && comments && (len(it.Comments) > 0 || reqToJira) && it.Requirement != nil {
			g.Go(func() (err error) {
				it.SpiraComments, err = sp.RequirementComments(ctx, pid, id)
				return wrap(err, "read comments of requirement "+strconv.Itoa(id))
			})
		}
	}
	return g.Wait()
}

// readForWrites reads what only a write needs, once the items are known:
// the create screens of the issue types incidents become (for creates and
// for the fields an update may set) where an item may be written to Jira,
// and the Jira accounts of e-mail addresses where any item may be written.
// A run that finds nothing to do reads neither.
func (e *Engine) readForWrites(ctx context.Context, s *Snapshot) error {
	g := newGroup(e.cfg.Concurrency)
	if mayWriteJira(s) {
		var mu sync.Mutex
		for _, t := range usedIssueTypes(e.cfg.Mapping) {
			g.Go(func() error {
				fs, err := e.cfg.Jira.CreateMetaFields(ctx, e.cfg.Mapping.Project.Key(), t)
				if err != nil {
					return wrap(err, "read the create screen of issue type "+t)
				}
				set := map[string]bool{}
				for _, f := range fs {
					set[cmpOr(f.FieldID, f.Key)] = true
				}
				mu.Lock()
				s.CreateFields[t] = set
				jiraNamesFrom(s.JiraNames, fs)
				mu.Unlock()
				return nil
			})
		}
	}
	if mayWriteJira(s) || len(s.Issues) > 0 || len(s.Tasks.Issues) > 0 {
		g.Go(func() error { return e.readJiraUsers(ctx, s) })
	}
	return g.Wait()
}

// mayWriteJira reports whether the snapshot holds an item the plan may write to
// Jira: a Spira item to create or update, something an earlier run left,
// or a Jira issue paired with a Spira item.
func mayWriteJira(s *Snapshot) bool {
	t := s.Tasks
	if len(s.NewIncidents)+len(s.RecentMapped)+len(s.ChangedIncidents)+len(s.ChangedRequirements)+len(s.NewRequirements)+
		len(s.SameNameRequirements)+len(s.Recovered)+len(s.Moved)+len(t.New)+len(t.Pairs)+len(t.Adopt) > 0 {
		return true
	}
	paired := map[string]bool{}
	for _, k := range s.IncidentKeys {
		paired[k] = true
	}
	for _, k := range s.RequirementKeys {
		paired[k] = true
	}
	for _, it := range slices.Concat(s.Issues, t.Issues) {
		if it.Marker != nil || paired[it.Issue.Key] || it.Incident != nil || it.Requirement != nil {
			return true
		}
	}
	return false
}

// readJiraUsers finds the Jira accounts of e-mail addresses: those user
// mappings that hold one, and with Auto-Map Users every product user's.
func (e *Engine) readJiraUsers(ctx context.Context, s *Snapshot) error {
	var emails []string
	for _, u := range s.Mapping.Users {
		if strings.Contains(u.Jira.ID, "@") {
			emails = append(emails, u.Jira.ID)
		}
	}
	if s.Mapping.Plugin.AutoMapUsers {
		for _, u := range s.SpiraUsers {
			if u.EmailAddress != "" {
				emails = append(emails, u.EmailAddress)
			}
		}
	}
	slices.Sort(emails)
	emails = slices.Compact(emails)
	var mu sync.Mutex
	g := newGroup(e.cfg.Concurrency)
	for _, em := range emails {
		g.Go(func() error {
			us, err := e.cfg.Jira.SearchUsers(ctx, em, 10)
			if err != nil {
				return fmt.Errorf("find the Jira user of %s: %w", em, err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, u := range us {
				if strings.EqualFold(u.EmailAddress, em) {
					s.JiraUsers = append(s.JiraUsers, u)
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// recover finds the Spira items an interrupted run created from Jira
// issues: those the journal has as done, and those whose create was sent
// but not confirmed, found by fingerprint (no mapping, the issue's summary
// as name, the issue's creation time as CreationDate, which the engine
// copies to the millisecond). Creates in the other direction need no
// journal: the issue carries the marker.
func (e *Engine) recover(ctx context.Context, s *Snapshot) error {
	add := func(typ string, id int, key, name string) {
		switch typ {
		case "task":
			return // loadTasks adopts tasks
		case "incident":
			if _, ok := s.IncidentKeys[id]; ok {
				return
			}
			s.IncidentKeys[id] = key
		case "requirement":
			if _, ok := s.RequirementKeys[id]; ok {
				return
			}
			s.RequirementKeys[id] = key
		}
		s.Recovered = append(s.Recovered, Recovered{Type: typ, SpiraID: id, JiraKey: key, Name: name})
	}
	for _, d := range e.done {
		if d.Dir == dirJ2S && d.SpiraID != 0 && d.JiraKey != "" {
			add(d.Artifact, d.SpiraID, d.JiraKey, d.Name)
		}
	}
	var unknown []entry
	since := time.Time{}
	for _, u := range e.unkn {
		if u.Dir == dirJ2S && u.Artifact == "requirement" {
			name := u.Name
			for r, err := range e.cfg.Spira.SearchRequirements(ctx, s.ProductID, []spiraclient.RemoteFilter{spiraclient.NameSearch(name)}) {
				if err != nil {
					return fmt.Errorf("look for requirements an interrupted run created: %w", err)
				}
				// Spira dates the requirement by its own clock: compare with
				// Spira's time at the start of that run, not this machine's.
				cut := u.At
				if !u.Since.IsZero() {
					cut = u.Since
				}
				if _, mapped := s.RequirementKeys[r.RequirementID]; !mapped && r.Name == u.Name && r.CreationDate != nil && !r.CreationDate.Before(cut.Add(-time.Minute)) {
					add("requirement", r.RequirementID, u.JiraKey, r.Name)
					break
				}
			}
		}
		if u.Dir == dirJ2S && u.Artifact == "incident" {
			unknown = append(unknown, u)
			if since.IsZero() || u.Created.Before(since) {
				since = u.Created
			}
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	var found []spiraclient.RemoteIncident
	for inc, err := range e.cfg.Spira.NewIncidents(ctx, s.ProductID, since.Add(-creationSlack)) {
		if err != nil {
			return fmt.Errorf("look for incidents an interrupted run created: %w", err)
		}
		if _, mapped := s.IncidentKeys[inc.IncidentID]; !mapped && inc.CreationDate != nil {
			found = append(found, inc)
		}
	}
	// Each create that was sent: the incident of its name whose creation
	// date is nearest the one it was given, within what Spira's storage
	// of dates may change it by.
	for _, u := range unknown {
		best, bestGap := -1, creationSlack
		for i, inc := range found {
			gap := inc.CreationDate.Sub(u.Created).Abs()
			if inc.Name == u.Name && gap <= bestGap {
				best, bestGap = i, gap
			}
		}
		if best >= 0 {
			add("incident", found[best].IncidentID, u.JiraKey, found[best].Name)
			found = slices.Delete(found, best, best+1)
		}
	}
	return nil
}

// creationSlack is how far Spira may move the creation date the engine
// gives an incident: SQL Server's datetime keeps it to the nearest 1/300 s,
// and a coarser store would keep whole seconds.
const creationSlack = time.Second

// recoverSent records the Jira issues an earlier run created from
// incidents and finished, but whose mapping Spira does not hold: the
// mapping write failed and that run still ended, moving the watermark past
// the incident, which is then no longer new. Without it the incident would
// stay unmapped, and its issue, which carries the marker, ignored. An
// incident that is new again (a stopped run) is adopted by its marker
// instead, which also finishes what that run left.
func (e *Engine) recoverSent(s *Snapshot) {
	for _, d := range e.done {
		if d.Dir != dirS2J || d.SpiraID == 0 || d.JiraKey == "" || d.Artifact == "task" {
			continue
		}
		if d.Artifact == "requirement" {
			if _, ok := s.RequirementKeys[d.SpiraID]; !ok && !slices.ContainsFunc(s.NewRequirements, func(it RequirementItem) bool { return it.Requirement.RequirementID == d.SpiraID }) {
				s.RequirementKeys[d.SpiraID] = d.JiraKey
				s.Recovered = append(s.Recovered, Recovered{Type: "requirement", SpiraID: d.SpiraID, JiraKey: d.JiraKey, Sent: true})
			}
			continue
		}
		if _, ok := s.IncidentKeys[d.SpiraID]; ok {
			continue
		}
		if slices.ContainsFunc(s.NewIncidents, func(it SpiraItem) bool { return it.Incident.IncidentID == d.SpiraID }) {
			continue
		}
		s.IncidentKeys[d.SpiraID] = d.JiraKey
		s.Recovered = append(s.Recovered, Recovered{Type: "incident", SpiraID: d.SpiraID, JiraKey: d.JiraKey, Sent: true})
	}
}

// usedIssueTypes lists the Jira issue types incidents are created as.
func usedIssueTypes(p *mapping.Product) []string {
	var out []string
	if f := p.Field(mapping.IncidentType); f != nil {
		for _, v := range f.Values {
			if v.Jira.ID != "" && !slices.Contains(out, v.Jira.ID) {
				out = append(out, v.Jira.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}

// LightPageSize is the page size of searches that ask only for IDs and
// update times (Jira allows up to 5,000 then).
const LightPageSize = 5000

// changedSinceSweep reads the issues updated since the last sweep began
// (with their fields) and lists the IDs of the issues updated in the overlap
// before it that the sweep did not see (Jira's index lags behind its
// writes): a search of IDs only, 5,000 to a page, so a run with nothing to
// do costs the same whatever the project's size.
func (e *Engine) changedSinceSweep(ctx context.Context, s *Snapshot, run func(string) error) ([]string, error) {
	since := e.st.JiraSince
	if err := run(fmt.Sprintf("project = %q AND updated >= %s", s.JiraKey, jiraclient.EpochMillis(since))); err != nil {
		return nil, err
	}
	return e.unseenInOverlap(ctx, s.JiraKey, since)
}

// unseenInOverlap lists the issues updated in the overlap before t that
// the last sweep did not see.
func (e *Engine) unseenInOverlap(ctx context.Context, key string, t time.Time) ([]string, error) {
	req := jiraclient.SearchRequest{JQL: fmt.Sprintf("project = %q AND updated >= %s AND updated < %s ORDER BY key ASC", key,
		jiraclient.EpochMillis(t.Add(-e.cfg.Overlap)), jiraclient.EpochMillis(t)), Fields: []string{"id"}, MaxResults: LightPageSize}
	var out []string
	for {
		page, err := e.cfg.Jira.SearchPage(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("search Jira issues: %w", err)
		}
		for _, is := range page.Issues {
			if _, ok := e.st.Seen[is.ID]; !ok {
				out = append(out, is.ID)
			}
		}
		if page.NextPageToken == "" || len(page.Issues) == 0 {
			return out, nil
		}
		req.NextPageToken = page.NextPageToken
	}
}

// updatedKey is an issue's update time as a comparable string.
func updatedKey(is jiraclient.Issue) string {
	var s string
	_, _ = is.Field("updated", &s)
	return s
}
