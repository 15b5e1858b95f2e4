package datasync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spirajira/spirajira/internal/filelock"
	"github.com/spirajira/spirajira/spiraclient"
)

// One run at a time per product: Begin takes an OS lock in the state
// directory (two runs on this machine) and then the lease in Spira's event
// log (two machines, or two state directories), and reads the state again
// under them. Apply calls Begin itself when the caller did not, and then
// refuses a plan that another run made stale meanwhile.

// ErrStalePlan means another run synced the product after this plan was
// made: plan again.
var ErrStalePlan = errors.New("another run synced this product after this plan was made")

// lockInfo is what the holder of the lock writes into it.
type lockInfo struct {
	PID   int       `json:"pid"`
	Host  string    `json:"host"`
	Since time.Time `json:"since"`
	Run   string    `json:"run"`
}

// Begin takes the run's lock and lease, waiting up to Config.Wait for a
// run that holds them. Call Close when the run is over.
func (e *Engine) Begin(ctx context.Context) error {
	if e.lock != nil {
		return nil
	}
	if err := os.MkdirAll(e.cfg.StateDir, 0o700); err != nil {
		return fmt.Errorf("create state directory: %w", err)
	}
	started := time.Now()
	path := filepath.Join(e.cfg.StateDir, e.inst.lockName())
	var l *filelock.Lock
	var err error
	if e.cfg.Wait > 0 {
		wctx, cancel := context.WithTimeout(ctx, e.cfg.Wait)
		l, err = filelock.Wait(wctx, path, 200*time.Millisecond)
		cancel()
	} else {
		l, err = filelock.TryLock(path)
	}
	if errors.Is(err, filelock.ErrHeld) {
		return e.heldError(path)
	}
	if err != nil {
		return err
	}
	// A run from here that died holding its lease left the lease's run
	// in the lock file: holding the lock now, that run is over.
	var prev lockInfo
	_ = json.Unmarshal(filelock.ReadInfo(path), &prev)
	host, _ := os.Hostname()
	info := lockInfo{PID: os.Getpid(), Host: host, Since: time.Now().UTC(), Run: prev.Run}
	writeInfo := func() {
		b, _ := json.Marshal(info)
		_ = l.WriteInfo(b)
	}
	writeInfo()
	// The lease is a write: confirm the plug-in record first. Spira answers
	// mapping reads and run results for an ID without a record as if all
	// were well, so a stale ID would otherwise sync every item as new.
	ds, err := e.readPlugin(ctx)
	if err != nil {
		l.Unlock()
		return err
	}
	e.leaseTries = 0
	ls, err := e.takeLease(ctx, max(0, e.cfg.Wait-time.Since(started)), prev.Run)
	if err != nil {
		l.Unlock()
		return err
	}
	if e.leaseTries == 1 && e.snap == nil {
		e.begun = ds // no wait for another run, and Load comes next
	}
	if ls != nil {
		info.Run = ls.run
		writeInfo()
	}
	e.lock, e.lease = l, ls
	if e.snap == nil {
		// Nothing read yet: read the state as the last run left it.
		err = e.readFiles()
	} else {
		err = e.checkFresh(ctx)
	}
	if err != nil {
		e.Close()
	}
	return err
}

func (e *Engine) heldError(path string) error {
	var info lockInfo
	what := "a process that wrote nothing about itself yet"
	if json.Unmarshal(filelock.ReadInfo(path), &info) == nil && info.PID != 0 {
		what = fmt.Sprintf("pid %d on host %s, since %s (%s ago)", info.PID, info.Host,
			info.Since.Local().Format("15:04:05"), time.Since(info.Since).Round(time.Second))
	}
	wait := "wait for it to finish, or pass --wait 10m to wait for it"
	if e.cfg.Wait > 0 {
		wait = fmt.Sprintf("it was still running after %s: wait longer, or stop it", e.cfg.Wait)
	}
	return fmt.Errorf("%w on this machine (%s): %s; %s", ErrRunning, e.inst, what, wait)
}

// Close releases the lease and the lock. It is safe to call more than
// once, and without Begin.
func (e *Engine) Close() error {
	if e.lease.release() == nil && e.lock != nil {
		// Released: nothing for the next run from here to clean up.
		_ = e.lock.WriteInfo(nil)
	}
	e.lease = nil
	err := e.lock.Unlock()
	e.lock = nil
	return err
}

// Warnings are what New and Load found that the user should know: a
// state set aside, a lease that could not be taken, a journal line that
// could not be read, an item adopted that no journal told of. The run's
// report carries them as notes too.
func (e *Engine) Warnings() []string { return slices.Clone(e.warnings) }

func (e *Engine) warn(s string) {
	if !slices.Contains(e.warnings, s) {
		e.warnings = append(e.warnings, s)
	}
}

// readFiles reads the state and the journal of the engine's instance,
// refusing files recorded for another one.
func (e *Engine) readFiles() error {
	sp, jp := statePath(e.cfg.StateDir, e.inst), journalPath(e.cfg.StateDir, e.inst)
	st, sb, err := loadState(sp)
	if err != nil {
		return err
	}
	if err := e.inst.check(st.Instance, sp); err != nil {
		return err
	}
	es, warns, err := scanJournal(jp)
	if err != nil {
		return err
	}
	for _, w := range warns {
		e.warn(w)
	}
	for _, en := range es {
		if en.Type == entryInstance {
			if err := e.inst.check(en.Instance, jp); err != nil {
				return err
			}
		}
	}
	e.setFrom(st, es)
	e.fingerprint = filesDigest(sp, jp)
	e.legacy = legacyNone
	if sb == nil && len(es) == 0 && (exists(legacyStatePath(e.cfg.StateDir, e.cfg.PluginID, e.cfg.ProductID)) ||
		exists(legacyJournalPath(e.cfg.StateDir, e.cfg.PluginID, e.cfg.ProductID))) {
		e.legacy = legacyFound
	}
	return nil
}

func (e *Engine) setFrom(st *state, es []entry) {
	e.st = st
	e.done, e.unkn = pending(es)
	e.touched = map[int]bool{}
	for _, en := range es {
		if en.Dir == dirS2J && en.SpiraID != 0 && en.Artifact != "task" && en.Artifact != "requirement" {
			e.touched[en.SpiraID] = true
		}
	}
	e.posted = postings(es)
	e.files = nil
	e.fileEntries(es)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// filesDigest fingerprints the files as they are now.
func filesDigest(paths ...string) []byte {
	h := sha256.New()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			b = []byte("-")
		}
		h.Write(b)
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

// checkFresh refuses to apply a plan made before another run ended: one
// from here changed the state or the journal, one from elsewhere moved
// the plug-in's LastSyncDate.
func (e *Engine) checkFresh(ctx context.Context) error {
	if !bytes.Equal(filesDigest(statePath(e.cfg.StateDir, e.inst), journalPath(e.cfg.StateDir, e.inst)), e.fingerprint) {
		return fmt.Errorf("%w (the sync state in %s changed): plan again", ErrStalePlan, e.cfg.StateDir)
	}
	ds, err := e.cfg.Spira.DataSync(ctx, e.cfg.PluginID)
	if err != nil {
		return fmt.Errorf("read data-sync plug-in %d: %w", e.cfg.PluginID, err)
	}
	if !sameTime(ds.LastSyncDate, e.loadedLastSync) {
		return fmt.Errorf("%w (the plug-in's last sync date moved to %s): plan again", ErrStalePlan, ds.LastSyncDate.UTC().Format(time.RFC3339))
	}
	return nil
}

func sameTime(a *spiraclient.Time, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.UTC().Equal(b.UTC())
}

// The states of files left by versions that named them by plug-in and
// product only.
const (
	legacyNone = iota
	legacyFound
	legacyAdopted
	legacySetAside
)

// adoptLegacy decides on files named the old way, which record no
// instance: they are this instance's only when they hold the date the
// plug-in record shows as its last sync (a date the engine posted there
// itself). Otherwise they may be a sandbox's or another site's, and are
// set aside: the run then plans as on an empty state directory.
func (e *Engine) adoptLegacy(ds *spiraclient.RemoteDataSyncSystem) {
	if e.legacy != legacyFound {
		return
	}
	dir := e.cfg.StateDir
	sp, jp := legacyStatePath(dir, e.cfg.PluginID, e.cfg.ProductID), legacyJournalPath(dir, e.cfg.PluginID, e.cfg.ProductID)
	st, _, serr := loadState(sp)
	es, jerr := readJournalFile(jp)
	ours := false
	if ds.LastSyncDate != nil && serr == nil && jerr == nil {
		last := ds.LastSyncDate.UTC()
		ours = st.LastPosted.Equal(last) || slices.ContainsFunc(postings(es), func(t time.Time) bool { return t.Equal(last) })
	}
	if ours {
		e.setFrom(st, es)
		e.legacy = legacyAdopted
		return
	}
	e.legacy = legacySetAside
	e.warn(fmt.Sprintf("the sync state of plug-in %d product %d from an earlier version records no Spira or Jira, and its last sync date is not the plug-in's: it may be a sandbox's or another site's, so this run does not use it and plans as a first run would (a real run moves it aside as *.unverified)",
		e.cfg.PluginID, e.cfg.ProductID))
}

// moveLegacy renames the files adoptLegacy decided on, under the lock.
func (e *Engine) moveLegacy() error {
	dir := e.cfg.StateDir
	sp, jp := legacyStatePath(dir, e.cfg.PluginID, e.cfg.ProductID), legacyJournalPath(dir, e.cfg.PluginID, e.cfg.ProductID)
	switch e.legacy {
	case legacyAdopted:
		es, err := readJournalFile(jp)
		if err != nil {
			return err
		}
		j, err := openJournal(dir, e.inst)
		if err != nil {
			return err
		}
		for _, en := range es {
			if err := j.write(en); err != nil {
				j.close()
				return err
			}
		}
		if err := j.close(); err != nil {
			return err
		}
		if err := e.st.save(dir, e.inst); err != nil {
			return err
		}
		for _, p := range []string{sp, jp} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	case legacySetAside:
		for _, p := range []string{sp, jp} {
			if err := os.Rename(p, p+".unverified"); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	e.legacy = legacyNone
	return nil
}
