package datasync

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// state is what the engine keeps between runs in the state directory, per
// plug-in and product: the base of the three-way comparison, the workflow
// it learned, the items to retry and the LastSyncDate it posted itself.
type state struct {
	// Instance is what the state describes; a state recorded for another
	// is refused.
	Instance *Instance                    `json:"instance,omitempty"`
	Base     map[string]map[string]string `json:"base"`
	Workflow Workflow                     `json:"workflow"`
	// InitialStatus is the status a new issue starts in, per issue type.
	InitialStatus map[string]string `json:"initialStatus,omitempty"`
	RetryInc      []int             `json:"retryIncidents,omitempty"`
	RetryIssue    []string          `json:"retryIssues,omitempty"`
	// RetryTask are tasks whose sending failed (tasks.go).
	RetryTask  []int     `json:"retryTasks,omitempty"`
	LastPosted time.Time `json:"lastPosted,omitzero"`

	// The sweep at the end of a run: SweptFor is the date that run
	// posted; JiraSince and SpiraSince the servers' times when the sweep
	// began; Seen the updated time of each issue the sweep found in sync.
	// While Spira's LastSyncDate is SweptFor, the next run reads only what
	// changed after the sweep.
	SweptFor     time.Time         `json:"sweptFor,omitzero"`
	JiraSince    time.Time         `json:"jiraSince,omitzero"`
	SpiraSince   time.Time         `json:"spiraSince,omitzero"`
	Seen         map[string]string `json:"seen,omitempty"`
	RetryChanged []int             `json:"retryChanged,omitempty"`
	// Keys is the key each issue ID had when a run last read or created
	// it, to follow an issue that moves (moved.go).
	Keys map[string]string `json:"keys,omitempty"`
	// StatusKept are, per Jira issue ID, the status writes Spira did not
	// apply (statuskept.go).
	StatusKept map[string]StatusKept `json:"statusKept,omitempty"`
	// Files are, per pair ("incident:12"), the attachments known on both
	// sides; a pair present has had its files looked at (attachments.go).
	Files map[string][]FileRecord `json:"files,omitempty"`
}

func statePath(dir string, in Instance) string {
	return filepath.Join(dir, "sync-"+in.fileSuffix()+".json")
}

// legacyStatePath is where versions before instance keys kept the state.
func legacyStatePath(dir string, plugin, product int) string {
	return filepath.Join(dir, fmt.Sprintf("sync-%d-%d.json", plugin, product))
}

func newState() *state {
	return &state{Base: map[string]map[string]string{}, Workflow: Workflow{}, InitialStatus: map[string]string{}}
}

// loadState reads the state at path; a missing file is an empty state.
// The bytes read are returned too, to tell later whether another run
// changed the file.
func loadState(path string) (*state, []byte, error) {
	st := newState()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read sync state: %w", err)
	}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, nil, fmt.Errorf("sync state %s is damaged (%v): delete it to start over; the next run then compares by dates", path, err)
	}
	if st.Base == nil {
		st.Base = map[string]map[string]string{}
	}
	if st.Workflow == nil {
		st.Workflow = Workflow{}
	}
	if st.InitialStatus == nil {
		st.InitialStatus = map[string]string{}
	}
	return st, b, nil
}

func (st *state) save(dir string, in Instance) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create state directory: %w", err)
	}
	st.Instance = &in
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	path := statePath(dir, in)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("write sync state: %w", err)
	}
	return os.Rename(tmp, path)
}

// Journal entry types.
const (
	entryIntent = "intent"
	entryDone   = "done"
	entryMapped = "mapped"
	// entryPosting is written before the run's date is posted to Spira, so
	// that a run stopped right after posting is still known as ours.
	entryPosting = "posting"
	// entryInstance, the first line, says what the journal describes.
	entryInstance = "instance"
)

// entry is one line of the write-ahead journal. An intent is written before
// a create is sent; done after it succeeded, with the new IDs; mapped once
// Spira holds the mapping.
type entry struct {
	Type     string    `json:"t"`
	Action   string    `json:"action,omitempty"`
	Item     string    `json:"item"`
	Artifact string    `json:"artifact,omitempty"` // incident, requirement, release
	Dir      string    `json:"dir,omitempty"`      // s2j or j2s
	SpiraID  int       `json:"spiraId,omitempty"`
	JiraKey  string    `json:"jiraKey,omitempty"`
	JiraID   string    `json:"jiraId,omitempty"`
	Name     string    `json:"name,omitempty"`
	Created  time.Time `json:"created,omitzero"`
	At       time.Time `json:"at"`
	// Since is Spira's server time at the start of the run that wrote the
	// intent: what Spira dates the item it creates after, whatever this
	// machine's clock says.
	Since time.Time `json:"since,omitzero"`
	// Instance is set on the entryInstance line.
	Instance *Instance `json:"instance,omitempty"`
	// File is the record of a copied file (entryFileDone).
	File *FileRecord `json:"file,omitempty"`
}

// journal appends entries to a file, one JSON line each. Each line is one
// write(2) with O_APPEND, so a killed process leaves whole lines behind (a
// torn last line is ignored on reading, and said: scanJournal).
type journal struct {
	mu   sync.Mutex
	f    *os.File
	path string
	inst Instance
	// dead stops every later write, as a killed process would (tests).
	dead func() bool
}

func journalPath(dir string, in Instance) string {
	return filepath.Join(dir, "journal-"+in.fileSuffix()+".jsonl")
}

// legacyJournalPath is where versions before instance keys kept the
// journal.
func legacyJournalPath(dir string, plugin, product int) string {
	return filepath.Join(dir, fmt.Sprintf("journal-%d-%d.jsonl", plugin, product))
}

// openJournal opens the journal of in for appending; a new one starts
// with a line naming in.
func openJournal(dir string, in Instance) (*journal, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create state directory: %w", err)
	}
	path := journalPath(dir, in)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open sync journal: %w", err)
	}
	j := &journal{f: f, path: path, inst: in}
	if fi, err := f.Stat(); err == nil && fi.Size() == 0 {
		if err := j.write(j.header()); err != nil {
			f.Close()
			return nil, err
		}
	}
	return j, nil
}

func (j *journal) header() entry {
	in := j.inst
	return entry{Type: entryInstance, Item: "instance", Instance: &in, At: time.Now()}
}

func (j *journal) write(e entry) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.dead != nil && j.dead() {
		return errCrashed
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write sync journal: %w", err)
	}
	return nil
}

// compact keeps, once a run's outcome is in Spira, only what the next run
// still needs: creates whose outcome is unknown or whose mapping Spira may
// lack (items that failed this run).
func (j *journal) compact() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.dead != nil && j.dead() {
		return errCrashed
	}
	es, err := readJournalFile(j.path)
	if err != nil {
		return err
	}
	done, unknown := pending(es)
	var keep []byte
	for _, e := range append(append([]entry{j.header()}, done...), unknown...) {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		keep = append(append(keep, b...), '\n')
	}
	tmp := j.path + ".tmp"
	if err := os.WriteFile(tmp, keep, 0o600); err != nil {
		return fmt.Errorf("compact sync journal: %w", err)
	}
	if err := os.Rename(tmp, j.path); err != nil {
		return fmt.Errorf("compact sync journal: %w", err)
	}
	f, err := os.OpenFile(j.path, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	j.f.Close()
	j.f = f
	return nil
}

func (j *journal) close() error { return j.f.Close() }

func readJournalFile(path string) ([]entry, error) {
	es, _, err := scanJournal(path)
	return es, err
}

// pending sums a journal up: creates that succeeded but whose mapping Spira
// may not hold (done, not mapped), and creates whose outcome is unknown
// (intent, not done).
func pending(es []entry) (done, unknown []entry) {
	last := map[string]entry{}
	var order []string
	for _, e := range es {
		if e.Type == entryPosting || e.Type == entryInstance {
			continue
		}
		if _, ok := last[e.Item]; !ok {
			order = append(order, e.Item)
		}
		if e.Type == entryIntent && last[e.Item].Type == entryDone {
			continue // a later intent does not undo a create
		}
		last[e.Item] = e
	}
	for _, k := range order {
		switch e := last[k]; e.Type {
		case entryDone:
			done = append(done, e)
		case entryIntent:
			unknown = append(unknown, e)
		}
	}
	return done, unknown
}

const (
	dirS2J = "s2j"
	dirJ2S = "j2s"
)

var errCrashed = errors.New("datasync: the process was stopped (test fault)")

// postings lists the dates a stopped run may have posted to Spira.
func postings(es []entry) []time.Time {
	var out []time.Time
	for _, e := range es {
		if e.Type == entryPosting {
			out = append(out, e.At)
		}
	}
	return out
}
