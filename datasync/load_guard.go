package datasync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spirajira/spirajira/spiraclient"
)

// The guard against a run while Spira's own data-sync service syncs the plug-in.

// ErrServiceRan means Spira's data-sync service ran the plug-in within its
// polling window; run again with Force once it is stopped or idle.
var ErrServiceRan = errors.New("Spira's data-sync service ran this plug-in recently")

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
