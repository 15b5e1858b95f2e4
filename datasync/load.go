package datasync

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

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

	if err := e.readSameNameRequirements(ctx, s); err != nil {
		return nil, err
	}
	s.proposedOnly = proposedPairs(s)
	// Counterparts and comments, at once.
	if err := e.readDetails(ctx, s, incFlow); err != nil {
		return nil, err
	}
	if err := e.readSameNameComments(ctx, s); err != nil {
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

func missing(ids []int, have []spiraclient.RemoteIncident) []int {
	var out []int
	for _, id := range ids {
		if !slices.ContainsFunc(have, func(i spiraclient.RemoteIncident) bool { return i.IncidentID == id }) {
			out = append(out, id)
		}
	}
	return out
}
