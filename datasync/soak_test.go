package datasync

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spirajira/spirajira/internal/httpx"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

var (
	soakSeed  = flag.Uint64("soak.seed", 0, "run the soak test with this seed only (the one a failure names)")
	soakSeeds = flag.Int("soak.seeds", 0, "run the soak test with this many more seeds per mode than the default")
	soakFrom  = flag.Uint64("soak.from", 100, "the first of the seeds -soak.seeds adds")
)

const soakRounds = 15

// TestSoakBothSidesChangeBetweenRuns is a site where people keep working on
// both sides between runs: for each Custom 03 mode, starting from the seeded
// world, each of soakRounds rounds makes random changes in Spira and Jira
// (new items with comments, edits of name, description, priority and
// status, transitions, comments, some on both sides of one pair), sometimes
// queues a fault on a write route, and runs a sync. After the faults stop,
// the engine must settle with no duplicates, nothing meant to sync left
// unmapped, every comment copied once where the mode copies it, and, with
// Both, the mapped fields agreeing through the mapping.
func TestSoakBothSidesChangeBetweenRuns(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	for i := range *soakSeeds {
		seeds = append(seeds, *soakFrom+uint64(i))
	}
	if *soakSeed != 0 {
		seeds = []uint64{*soakSeed}
	}
	for _, m := range soakModes {
		for _, seed := range seeds {
			t.Run(fmt.Sprintf("%s/seed=%d", m.name, seed), func(t *testing.T) {
				t.Parallel()
				newSoak(t, m.custom03, seed).run()
			})
		}
	}
}

// soakModes are the Custom 03 modes the soak runs in: the older plug-in's
// and the current one's.
var soakModes = append(slices.Clone(modes), []struct{ name, custom03 string }{{"bidirectional", "Bidirectional"}, {"complete", "Complete"},
	{"norequirements", "NoRequirements"}, {"noincidents", "NoIncidents"}}...)

type soak struct {
	t    *testing.T
	w    *world
	rng  *rand.Rand
	mode string
	seed uint64
	tag  string
	n    int
	// notes are the comments the test wrote, each with a unique text.
	notes []soakNote
	log   []string
	// spiraDrop, when set, is the Spira write whose next request is
	// applied and then left unanswered (the connection closes).
	spiraDrop atomic.Pointer[soakRoute]
	// mine are the incidents the test created.
	mine map[int]bool
	// queued are the routes faults were queued on this round.
	queued []soakRoute
	// tasks: the plug-in syncs Jira Tasks as Spira tasks (soak_tasks_test.go).
	tasks bool
	// files are the files attached to new items (soak_files_test.go).
	files []soakFile
	// extras: tags, estimates, dates change too (soak_extras_test.go).
	extras bool
}

type soakNote struct {
	jira      bool   // written in Jira, else in Spira
	key       string // the Jira issue, when in Jira
	incident  int    // the incident, when in Spira
	task      int    // the task, when in Spira on a task
	text      string // the plain text, unique in the world
	premapped bool   // a Spira note on an incident mapped (or made from Jira) when written
	pending   bool   // a Spira note on an incident whose issue existed, unmapped, when written
}

type soakRoute struct {
	jira   bool
	method string
	tmpl   string // the simulator's route key, without the method
	re     *regexp.Regexp
}

var soakJiraWrites = []string{
	"POST /rest/api/3/issue",
	"PUT /rest/api/3/issue/{issueIdOrKey}",
	"POST /rest/api/3/issue/{issueIdOrKey}/transitions",
	"POST /rest/api/3/issue/{issueIdOrKey}/comment",
	"POST /rest/api/3/issue/{issueIdOrKey}/remotelink",
	"PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}",
}

var soakSpiraWrites = []string{
	"POST projects/{project_id}/incidents",
	"PUT projects/{project_id}/incidents/{incident_id}",
	"POST projects/{project_id}/incidents/{incident_id}/comments",
	"POST projects/{project_id}/requirements",
	"PUT projects/{project_id}/requirements",
	"POST projects/{project_id}/requirements/{requirement_id}/comments",
	"POST projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}",
}

var soakParam = regexp.MustCompile(`\{[^}]+\}`)

func newSoakRoute(jira bool, route string) soakRoute {
	method, tmpl, _ := strings.Cut(route, " ")
	path := tmpl
	if !jira {
		path = spiratest.ServicePath + tmpl
	}
	parts := soakParam.Split(path, -1)
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	re := regexp.MustCompile("^" + strings.Join(parts, `[^/]+`) + "$")
	return soakRoute{jira: jira, method: method, tmpl: tmpl, re: re}
}

func newSoak(t *testing.T, custom03 string, seed uint64) *soak {
	w := newWorld(t, worldOpts{custom03: custom03})
	// One write at a time: then a seed replays the same run, IDs, keys
	// and the item a queued fault meets included.
	w.concurrency = 1
	s := &soak{t: t, w: w, rng: rand.New(rand.NewPCG(seed, 0x50a6)), mode: custom03, seed: seed, mine: map[int]bool{},
		tag: fmt.Sprintf("soak seed %d, Custom 03 %q (run it alone with -run 'TestSoak' -soak.seed=%d)", seed, custom03, seed)}
	// Clients that wait little between retries: the faults here are
	// queued, not a site under load.
	hc := &http.Client{Transport: &crashTransport{w: w, rt: http.DefaultTransport}}
	adm := w.spira.Admin()
	sc, err := spiraclient.New(w.spiraURL, adm.Login, adm.APIKey, spiraclient.WithHTTPClient(hc),
		spiraclient.WithRetry(&httpx.Retry{BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}))
	require.NoError(t, err)
	ja := w.jira.Admin()
	jc, err := jiraclient.New(w.jiraURL, ja.Email, ja.Token, jiraclient.WithHTTPClient(hc), jiraclient.WithRetry(0, time.Millisecond, 10*time.Millisecond))
	require.NoError(t, err)
	w.sc, w.jc = sc, jc
	f := s.intercept
	w.intercept.Store(&f)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s; what the rounds did:\n%s", s.tag, strings.Join(s.log, "\n"))
		}
	})
	s.enableExtras()
	return s
}

// intercept drops the connection after Spira applied the armed write.
func (s *soak) intercept(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
	rt := s.spiraDrop.Load()
	if rt == nil || r.Method != rt.method || !rt.re.MatchString(r.URL.Path) || !s.spiraDrop.CompareAndSwap(rt, nil) {
		sim.ServeHTTP(rw, r)
		return
	}
	sim.ServeHTTP(httptest.NewRecorder(), r)
	c, _, err := rw.(http.Hijacker).Hijack()
	require.NoError(s.t, err)
	c.Close()
}

func (s *soak) logf(format string, args ...any) {
	s.log = append(s.log, fmt.Sprintf("r%02d ", len(s.log))+fmt.Sprintf(format, args...))
}

func (s *soak) run() {
	t, w := s.t, s.w
	// The seeded world first: two runs bring it to rest.
	w.sync()
	w.sync()
	for round := 1; round <= soakRounds; round++ {
		var did []string
		for range 3 + s.rng.IntN(5) {
			did = append(did, s.change())
		}
		fault := s.fault()
		plan, rep, err := s.syncAllowingFaults()
		s.logf("round %d: %s; fault %s; %d actions, %d failures, err %v", round, strings.Join(did, "; "), fault, len(plan), len(rep.Failures), err)
		if fault == "none" {
			require.NoError(t, err, s.tag)
			require.Empty(t, rep.Failures, "%s: round %d had no fault", s.tag, round)
		}
		s.disarm()
	}
	// No more faults. The first run redoes what failed; the second takes
	// the answers Jira gave to the first (a resolution, an initial status).
	for i := range 2 {
		plan, rep, err := s.syncAllowingFaults()
		require.NoError(t, err, s.tag)
		require.Empty(t, rep.Failures, "%s: clean run %d: %v", s.tag, i+1, rep.Failures)
		s.logf("clean run %d: %d actions", i+1, len(plan))
	}
	s.check()
	s.checkFiles()
	plan, rep, err := s.syncAllowingFaults()
	require.NoError(t, err, s.tag)
	require.Empty(t, rep.Failures, s.tag)
	var busy []string
	for _, a := range plan {
		if a.Kind != KindSkip {
			busy = append(busy, fmt.Sprintf("%s %s %s %s %v", a.Kind, a.Direction, a.Artifact, a.Summary, a.Changes))
		}
	}
	require.Empty(t, busy, "%s: the sync does not settle: a run after two clean ones still plans", s.tag)
}

// syncAllowingFaults is a sync whose Load or Apply may fail.
func (s *soak) syncAllowingFaults() ([]Action, *Report, error) {
	e := s.w.engine(false)
	if _, err := e.Load(ctx); err != nil {
		return nil, &Report{}, err
	}
	plan := e.snap.Plan()
	rep, err := e.Apply(ctx, plan, nil)
	if rep == nil {
		rep = &Report{}
	}
	return plan.Actions, rep, err
}

func (s *soak) pick(n int) int { return s.rng.IntN(n) }

func (s *soak) text(side string) string {
	s.n++
	return fmt.Sprintf("soak %d note %d from %s", s.seed, s.n, side)
}

// ---- changes ----

func (s *soak) change() string {
	if s.tasks && s.pick(3) == 0 {
		return s.taskChange()
	}
	if s.extras && s.pick(4) == 0 {
		return s.extraChange()
	}
	switch r := s.pick(100); {
	case r < 14:
		return s.newIncident()
	case r < 26:
		return s.newIssue()
	case r < 44:
		return s.editIncident()
	case r < 62:
		return s.editIssue()
	case r < 72:
		return s.spiraComment(s.randomIncident())
	case r < 82:
		return s.jiraComment(s.randomKey())
	default:
		return s.bothSides()
	}
}

func (s *soak) incidents() []spiraclient.RemoteIncident {
	incs, err := spiraclient.Collect(s.w.sc.SearchIncidents(ctx, spiratest.ProductID, nil, ""))
	require.NoError(s.t, err)
	return incs
}

// randomIncident picks an incident by its place in name order: IDs and
// keys the sync creates depend on the order its writes happen in.
func (s *soak) randomIncident() int {
	incs := s.incidents()
	slices.SortFunc(incs, func(a, b spiraclient.RemoteIncident) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), a.IncidentID-b.IncidentID)
	})
	return incs[s.pick(len(incs))].IncidentID
}

func (s *soak) randomKey() string {
	type kv struct{ key, summary string }
	var keys []kv
	for _, k := range s.w.jira.IssueKeys() {
		keys = append(keys, kv{k, s.w.issue(k).Summary})
	}
	slices.SortFunc(keys, func(a, b kv) int { return cmp.Or(strings.Compare(a.summary, b.summary), strings.Compare(a.key, b.key)) })
	return keys[s.pick(len(keys))].key
}

func (s *soak) newIncident() string {
	s.n++
	name := fmt.Sprintf("Soak %d incident %d", s.seed, s.n)
	// Bug, Incident (to Bug), Enhancement (to Story), Risk (to Task); a new
	// incident may be further along than New already.
	typ := []int{2, 2, 1, 3, 4}[s.pick(5)]
	status := []int{1, 1, 2, 3, 5}[s.pick(5)]
	prio := 1 + s.pick(4)
	id := s.w.addIncident(name, func(inc *spiraclient.RemoteIncident) {
		inc.IncidentTypeID, inc.IncidentStatusID, inc.PriorityID = typ, status, prio
	})
	s.mine[id] = true
	var notes []string
	for range s.pick(3) {
		notes = append(notes, s.spiraComment(id))
	}
	notes = append(notes, s.maybeFile("", id))
	return fmt.Sprintf("new incident %d (type %d, status %d, priority %d)%s", id, typ, status, prio, strings.Join(notes, ""))
}

func (s *soak) newIssue() string {
	s.n++
	typ := []string{"Bug", "Bug", "Task", "Story"}[s.pick(4)]
	prio := []string{"Highest", "High", "Medium", "Low"}[s.pick(4)]
	key, err := s.w.jira.AddIssue(jiratest.IssueSpec{Type: typ, Summary: fmt.Sprintf("Soak %d issue %d", s.seed, s.n), Priority: prio,
		Description: fmt.Sprintf("Soak issue %d happens.", s.n)})
	require.NoError(s.t, err)
	var notes []string
	for range s.pick(3) {
		notes = append(notes, s.jiraComment(key))
	}
	notes = append(notes, s.maybeFile(key, 0))
	return fmt.Sprintf("new %s %s (%s)%s", typ, key, prio, strings.Join(notes, ""))
}

// editIncident changes one field of a random incident through the API.
// Statuses move to Assigned or Closed only, which every Jira workflow can
// reach from anywhere: a status no transition leads to is a mapping
// problem, not the engine's.
func (s *soak) editIncident() string {
	return s.editIncidentID(s.randomIncident(), "")
}

func (s *soak) editIncidentID(id int, field string) string {
	inc, err := s.w.sc.Incident(ctx, spiratest.ProductID, id)
	require.NoError(s.t, err)
	if field == "" {
		field = []string{"name", "description", "priority", "status"}[s.pick(4)]
	}
	s.n++
	var what string
	switch field {
	case "name":
		inc.Name = fmt.Sprintf("Soak %d incident renamed in Spira (%d)", s.seed, s.n)
		what = "name " + inc.Name
	case "description":
		inc.Description = fmt.Sprintf("<p>Described in Spira, edit %d.</p>", s.n)
		what = "description"
	case "priority":
		inc.PriorityID = 1 + s.pick(4)
		what = "priority " + itoa(inc.PriorityID)
	case "status":
		inc.IncidentStatusID = []int{3, 5}[s.pick(2)]
		what = "status " + itoa(inc.IncidentStatusID)
	}
	require.NoError(s.t, s.w.sc.UpdateIncident(ctx, spiratest.ProductID, *inc))
	return fmt.Sprintf("Spira edit of incident %d: %s", id, what)
}

func (s *soak) editIssue() string {
	return s.editIssueKey(s.randomKey(), "")
}

func (s *soak) editIssueKey(key, field string) string {
	if field == "" {
		field = []string{"summary", "description", "priority", "transition", "transition"}[s.pick(5)]
	}
	s.n++
	var fields map[string]any
	var what string
	switch field {
	case "summary":
		v := fmt.Sprintf("Soak %d issue renamed in Jira (%d)", s.seed, s.n)
		fields, what = map[string]any{"summary": v}, "summary "+v
	case "description":
		fields, what = map[string]any{"description": adf.FromPlainText(fmt.Sprintf("Described in Jira, edit %d.", s.n))}, "description"
	case "priority":
		p := 1 + s.pick(4)
		fields, what = map[string]any{"priority": map[string]any{"id": itoa(p)}}, "priority "+itoa(p)
	case "transition":
		ts, err := s.w.jc.Transitions(ctx, key)
		require.NoError(s.t, err)
		if len(ts) == 0 {
			return "no transition for " + key
		}
		tr := ts[s.pick(len(ts))]
		do := jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: tr.ID}}
		if _, ok := tr.Fields["resolution"]; ok {
			do.Fields = map[string]any{"resolution": map[string]any{"name": "Done"}}
		}
		require.NoError(s.t, s.w.jc.DoTransition(ctx, key, do), "%s: transition %s of %s", s.tag, tr.Name, key)
		to := ""
		if tr.To != nil {
			to = tr.To.Name
		}
		return fmt.Sprintf("Jira transition of %s: %s to %s", key, tr.Name, to)
	}
	require.NoError(s.t, s.w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: fields}), s.tag)
	return fmt.Sprintf("Jira edit of %s: %s", key, what)
}

func (s *soak) spiraComment(id int) string {
	text := s.text("Spira")
	// An incident the sync made from a Jira issue is not new from Spira
	// even while its mapping waits to be recorded (a fault stopped it).
	premapped := !s.mine[id] || s.w.keyOf(id) != ""
	// An issue made from it whose mapping a fault kept from Spira: the
	// run that records the mapping from its journal sends no comment the
	// incident got since, the one that finds the issue by its marker does.
	pending := !premapped && s.markedIssue(id) != ""
	_, err := s.w.sc.AddIncidentComments(ctx, spiratest.ProductID, id, []spiraclient.RemoteComment{{Text: "<p>" + text + "</p>"}})
	require.NoError(s.t, err)
	s.notes = append(s.notes, soakNote{incident: id, text: text, premapped: premapped, pending: pending})
	return fmt.Sprintf(", Spira comment %q on %d (mapped %v, issue without mapping %v)", text, id, premapped, pending)
}

// markedIssue is the issue carrying the sync marker of an incident, "" for
// none.
func (s *soak) markedIssue(id int) string {
	for _, k := range s.w.jira.IssueKeys() {
		var mk Marker
		if raw, ok := s.w.issue(k).Properties[MarkerKey]; ok && json.Unmarshal(raw, &mk) == nil && mk.Incident == id {
			return k
		}
	}
	return ""
}

func (s *soak) jiraComment(key string) string {
	text := s.text("Jira")
	_, err := s.w.jc.AddComment(ctx, key, jiraclient.Comment{Body: mustJSON(adf.FromPlainText(text))})
	require.NoError(s.t, err)
	s.notes = append(s.notes, soakNote{jira: true, key: key, text: text})
	return fmt.Sprintf(", Jira comment %q on %s", text, key)
}

// bothSides changes one mapped pair on both sides: the same field (a
// conflict) or different ones, and comments on both.
func (s *soak) bothSides() string {
	ms, err := s.w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, 3)
	require.NoError(s.t, err)
	if len(ms) == 0 {
		return "no pair yet"
	}
	name := map[int]string{}
	for _, inc := range s.incidents() {
		name[inc.IncidentID] = inc.Name
	}
	slices.SortFunc(ms, func(a, b spiraclient.RemoteDataMapping) int {
		return cmp.Or(strings.Compare(name[a.InternalID], name[b.InternalID]), a.InternalID-b.InternalID)
	})
	m := ms[s.pick(len(ms))]
	if _, ok := s.w.jira.Issue(m.ExternalKey); !ok {
		return "pair without issue"
	}
	var out []string
	switch s.pick(3) {
	case 0: // the same field
		out = append(out, s.editIncidentID(m.InternalID, "name"), s.editIssueKey(m.ExternalKey, "summary"))
	case 1:
		out = append(out, s.editIncidentID(m.InternalID, "status"), s.editIssueKey(m.ExternalKey, "transition"))
	default:
		out = append(out, s.editIncidentID(m.InternalID, ""), s.editIssueKey(m.ExternalKey, ""))
	}
	out = append(out, s.spiraComment(m.InternalID)[2:], s.jiraComment(m.ExternalKey)[2:])
	return "both sides of " + m.ExternalKey + ": " + strings.Join(out, ", ")
}

// ---- faults ----

// fault sometimes queues one or two faults on a random write route.
func (s *soak) fault() string {
	if s.pick(10) < 4 {
		return "none"
	}
	n := 1 + s.pick(2)
	if s.pick(2) == 0 {
		rt := newSoakRoute(true, soakJiraWrites[s.pick(len(soakJiraWrites))])
		kinds := []jiratest.Fault{jiratest.Fault500, jiratest.Fault502, jiratest.Fault503, jiratest.FaultDrop, jiratest.FaultDropAfter, jiratest.Fault429}
		names := []string{"500", "502", "503", "drop", "drop after", "429"}
		var fs []jiratest.Fault
		var ns []string
		for range n {
			k := s.pick(len(kinds))
			if k == 5 && s.pick(3) > 0 {
				k = 0 // 429s cost a second of Retry-After: fewer of them
			}
			fs, ns = append(fs, kinds[k]), append(ns, names[k])
		}
		s.w.jira.FailNext(rt.method+" "+rt.tmpl, fs...)
		s.queued = append(s.queued, rt)
		return fmt.Sprintf("Jira %s %s: %v", rt.method, rt.tmpl, ns)
	}
	routes := soakSpiraWrites
	if s.tasks {
		routes = append(slices.Clone(routes), soakTaskWrites...)
	}
	rt := newSoakRoute(false, routes[s.pick(len(routes))])
	if s.pick(4) == 0 {
		s.spiraDrop.Store(&rt)
		return fmt.Sprintf("Spira %s %s: applied, then the connection drops", rt.method, rt.tmpl)
	}
	var st []int
	for range n {
		st = append(st, []int{500, 503, 500, 503, 429}[s.pick(5)])
	}
	s.w.spira.FailNext(rt.method+" "+rt.tmpl, st...)
	s.queued = append(s.queued, rt)
	return fmt.Sprintf("Spira %s %s: %v", rt.method, rt.tmpl, st)
}

// disarm takes away the faults the sync did not meet, so that the next
// round's changes do not: requests no one is allowed to make (no
// credentials, made-up IDs) use them up.
func (s *soak) disarm() {
	s.spiraDrop.Store(nil)
	for _, rt := range s.queued {
		base := s.w.spiraURL + spiratest.ServicePath
		if rt.jira {
			base = s.w.jiraURL
		}
		u := base + soakParam.ReplaceAllString(rt.tmpl, "999999")
		for try := 0; ; try++ {
			require.Less(s.t, try, 10, "%s: the faults queued on %s do not run out", s.tag, rt.tmpl)
			req, err := http.NewRequestWithContext(ctx, rt.method, u, strings.NewReader("{}"))
			require.NoError(s.t, err)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				continue // a dropped connection: a fault used up
			}
			resp.Body.Close()
			if resp.Header.Get(jiratest.FaultHeader) != "" || !rt.jira && (resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests) {
				continue
			}
			break
		}
	}
	s.queued = nil
}

// ---- invariants ----

func soakPlain(text string) string {
	t := norm(text)
	for _, p := range []string{prefixFromJira, prefixFromSpira} {
		t = norm(strings.TrimPrefix(t, p))
	}
	return t
}

func (s *soak) check() {
	t, w := s.t, s.w
	// What the mode syncs, by the direction matrix (the mode test checks
	// the matrix against the reference).
	set := w.mapping.Plugin.Settings()
	incFlow, reqFlow := set.Flow(mapping.FlowIncidents), set.Flow(mapping.FlowRequirements)
	noIncidents := set.Mode == mapping.ModeNoIncidents
	incs := s.incidents()
	reqs, err := spiraclient.Collect(w.sc.SearchRequirements(ctx, spiratest.ProductID, nil))
	require.NoError(t, err)
	incMaps, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, 3)
	require.NoError(t, err)
	reqMaps, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, 1)
	require.NoError(t, err)
	issues := map[string]jiratest.Issue{}
	for _, k := range w.jira.IssueKeys() {
		issues[k] = w.issue(k)
	}

	// No duplicates: each Spira item has at most one issue, each issue at
	// most one Spira item, by mappings, markers and remote links.
	keyOfInc, keyOfReq := map[int]string{}, map[int]string{}
	owner := map[string]string{} // issue key -> "IN:n" / "RQ:n"
	for _, m := range incMaps {
		require.NotContains(t, keyOfInc, m.InternalID, "%s: incident %d mapped twice (%s and %s)", s.tag, m.InternalID, keyOfInc[m.InternalID], m.ExternalKey)
		require.NotContains(t, owner, m.ExternalKey, "%s: %s mapped to %s and to incident %d", s.tag, m.ExternalKey, owner[m.ExternalKey], m.InternalID)
		keyOfInc[m.InternalID], owner[m.ExternalKey] = m.ExternalKey, fmt.Sprintf("IN:%d", m.InternalID)
		require.Contains(t, issues, m.ExternalKey, "%s: incident %d mapped to a missing issue", s.tag, m.InternalID)
	}
	for _, m := range reqMaps {
		require.NotContains(t, keyOfReq, m.InternalID, "%s: requirement %d mapped twice", s.tag, m.InternalID)
		require.NotContains(t, owner, m.ExternalKey, "%s: %s mapped to %s and to requirement %d", s.tag, m.ExternalKey, owner[m.ExternalKey], m.InternalID)
		keyOfReq[m.InternalID], owner[m.ExternalKey] = m.ExternalKey, fmt.Sprintf("RQ:%d", m.InternalID)
		require.Contains(t, issues, m.ExternalKey, "%s: requirement %d mapped to a missing issue", s.tag, m.InternalID)
	}
	if s.tasks {
		s.taskOwners(owner, issues)
	}
	markers := map[int][]string{}
	links := map[string][]string{}
	for k, is := range issues {
		if raw, ok := is.Properties[MarkerKey]; ok {
			var mk Marker
			require.NoError(t, json.Unmarshal(raw, &mk))
			if mk.Product == spiratest.ProductID && mk.Incident != 0 {
				markers[mk.Incident] = append(markers[mk.Incident], k)
			}
		}
		for _, l := range is.RemoteLinks {
			links[l.GlobalID] = append(links[l.GlobalID], k)
		}
	}
	for id, ks := range markers {
		require.Len(t, ks, 1, "%s: incident %d has the marker of several issues", s.tag, id)
		require.Equal(t, keyOfInc[id], ks[0], "%s: the issue marked for incident %d is not the mapped one", s.tag, id)
	}
	for gid, ks := range links {
		require.Len(t, ks, 1, "%s: remote link %s on several issues or twice: %v", s.tag, gid, ks)
	}
	spiraBase := strings.TrimRight(w.sc.BaseURL(), "/")
	hasLink := func(key, prefix string, id int) bool {
		gid := fmt.Sprintf("system=%s&product=%d&id=%s%d", spiraBase, spiratest.ProductID, prefix, id)
		return len(links[gid]) == 1 && links[gid][0] == key
	}

	// Everything meant to sync is mapped: every incident (all types are
	// mapped) unless incidents stay in Spira (NoIncidents); every Bug, Task
	// and Story unless the mode keeps the issues made in Jira out (True,
	// NoRequirements); in NoIncidents every issue, as a requirement.
	incByID := map[int]spiraclient.RemoteIncident{}
	for _, inc := range incs {
		incByID[inc.IncidentID] = inc
		if !incFlow.Create.ToJira() {
			if !slices.Contains([]int{1, 2}, inc.IncidentID) {
				require.NotContains(t, keyOfInc, inc.IncidentID, "%s: incident %d went to Jira, which the mode does not sync", s.tag, inc.IncidentID)
			}
			continue
		}
		key := keyOfInc[inc.IncidentID]
		require.NotEmpty(t, key, "%s: incident %d %q has no Jira issue", s.tag, inc.IncidentID, inc.Name)
		if !slices.Contains([]int{1, 2}, inc.IncidentID) { // seeded as synced by the plug-in
			require.True(t, hasLink(key, "IN", inc.IncidentID), "%s: %s has no remote link to incident %d", s.tag, key, inc.IncidentID)
		}
	}
	for _, r := range reqs {
		if key, ok := keyOfReq[r.RequirementID]; ok {
			require.Equal(t, issues[key].Summary, r.Name, "%s: requirement %d from %s", s.tag, r.RequirementID, key)
		}
	}
	for k, is := range issues {
		made := is.Properties[MarkerKey] != nil
		switch {
		case noIncidents && !slices.Contains([]string{"LIB-8", "LIB-9"}, k):
			require.Contains(t, owner, k, "%s: %s %s %q has no Spira item", s.tag, is.Type, k, is.Summary)
			require.True(t, strings.HasPrefix(owner[k], "RQ:"), "%s: with NoIncidents, %s %s is a requirement, not %s", s.tag, is.Type, k, owner[k])
		case is.Type == "Epic" || is.Type == "Sub-task":
			require.NotContains(t, owner, k, "%s: %s %s is not synced", s.tag, is.Type, k)
		case s.tasks && is.Type == "Task" && !made:
			s.checkTaskIssueOwned(k, owner)
		// LIB-10 and LIB-11 are IN:6 and IN:7 by name: linked, not
		// brought over.
		case !incFlow.Create.ToSpira() && !reqFlow.Create.ToSpira() && !made && !slices.Contains([]string{"LIB-8", "LIB-9", "LIB-10", "LIB-11"}, k):
			require.NotContains(t, owner, k, "%s: with %s, %s made in Jira stays out of Spira", s.tag, set.Mode, k)
		default:
			require.Contains(t, owner, k, "%s: %s %s %q has no Spira item", s.tag, is.Type, k, is.Summary)
		}
	}

	// Comments: each written once where it was written, and copied once
	// where the mode copies it. Jira's go to Spira with the updates of
	// their pair; Spira's go with a new incident where incidents go to
	// Jira, later ones only where incident updates do too.
	inSpira, inJira := map[string][]string{}, map[string][]string{}
	for _, inc := range incs {
		cs, err := w.sc.IncidentComments(ctx, spiratest.ProductID, inc.IncidentID)
		require.NoError(t, err)
		for _, c := range cs {
			p := soakPlain(plainHTML(c.Text))
			inSpira[p] = append(inSpira[p], fmt.Sprintf("IN:%d", inc.IncidentID))
		}
	}
	for _, r := range reqs {
		cs, err := w.sc.RequirementComments(ctx, spiratest.ProductID, r.RequirementID)
		require.NoError(t, err)
		for _, c := range cs {
			p := soakPlain(plainHTML(c.Text))
			inSpira[p] = append(inSpira[p], fmt.Sprintf("RQ:%d", r.RequirementID))
		}
	}
	if s.tasks {
		s.taskComments(inSpira)
	}
	for k, is := range issues {
		for _, c := range is.Comments {
			p := soakPlain(adfText(c.Body))
			inJira[p] = append(inJira[p], k)
		}
	}
	waiting := 0
	for _, n := range s.notes {
		if n.jira {
			require.Equal(t, []string{n.key}, inJira[n.text], "%s: Jira comment %q", s.tag, n.text)
			want := []string(nil)
			taskFlow := set.Flow(mapping.FlowTasks)
			if o, ok := owner[n.key]; ok && (strings.HasPrefix(o, "RQ:") && reqFlow.Update.ToSpira() || strings.HasPrefix(o, "IN:") && incFlow.Update.ToSpira() ||
				strings.HasPrefix(o, "TK:") && taskFlow.Update.ToSpira()) {
				want = []string{o}
			}
			require.Equal(t, want, inSpira[n.text], "%s: Jira comment %q on %s, in Spira", s.tag, n.text, n.key)
			continue
		}
		if n.task != 0 {
			s.checkTaskNote(n, inSpira, inJira, owner)
			continue
		}
		require.Equal(t, []string{fmt.Sprintf("IN:%d", n.incident)}, inSpira[n.text], "%s: Spira comment %q", s.tag, n.text)
		both := incFlow.Update.ToJira()
		want := []string(nil)
		if (both || !n.premapped) && incFlow.Create.ToJira() {
			want = []string{keyOfInc[n.incident]}
		}
		if n.pending && !both && len(inJira[n.text]) == 0 {
			continue // either is right; twice is not
		}
		if both && n.premapped && len(inJira[n.text]) == 0 {
			// Known limit: adding a comment leaves the incident's
			// LastUpdateDate alone, and Spira has no query for new
			// comments, so a comment alone on a mapped incident waits
			// until the incident or its issue changes again.
			waiting++
			continue
		}
		require.Equal(t, want, inJira[n.text], "%s: Spira comment %q on incident %d (mapped when written: %v), in Jira", s.tag, n.text, n.incident, n.premapped)
	}
	if waiting > 0 {
		t.Logf("%s: %d Spira comments on mapped incidents wait for a change of their pair", s.tag, waiting)
	}

	if s.tasks {
		s.checkTaskFields(issues)
	}
	if s.extras {
		s.checkExtras(issues, keyOfInc, keyOfReq)
	}
	if !incFlow.Update.ToJira() {
		return
	}
	// Both ways: the fields the test changes agree through the mapping. A Jira
	// status Spira has no value for (In Review, Reopened, Blocked) is not
	// synced.
	status := map[int]string{1: "To Do", 2: "To Do", 3: "In Progress", 5: "Done", 6: "Done", 7: "Done"}
	prio := map[int]string{1: "Highest", 2: "High", 3: "Medium", 4: "Low"}
	for id, key := range keyOfInc {
		inc, is := incByID[id], issues[key]
		require.Equal(t, is.Summary, inc.Name, "%s: incident %d and %s", s.tag, id, key)
		require.Equal(t, norm(adfText(is.Description)), plainHTML(inc.Description), "%s: description of incident %d and %s", s.tag, id, key)
		if inc.PriorityID != 0 || is.Priority != "Lowest" { // Lowest has no Spira priority
			require.Equal(t, is.Priority, prio[inc.PriorityID], "%s: priority of incident %d and %s", s.tag, id, key)
		}
		if st, ok := status[inc.IncidentStatusID]; ok && slices.Contains([]string{"To Do", "In Progress", "Done"}, is.Status) {
			require.Equal(t, is.Status, st, "%s: status %d of incident %d and %s", s.tag, inc.IncidentStatusID, id, key)
		}
	}
}
