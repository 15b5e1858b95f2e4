package datasync

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spirajira/spirajira/spiraclient"
)

// The lease stops two runs of one product on two machines (or two state
// directories) at once, with nothing but what the sync account already
// reads and writes: Spira's event log. A starter writes a "taken" event,
// waits a settle delay, reads the log back and proceeds only when its run
// is the earliest active one for the plug-in and product there. Both of two
// starters read the same events and so agree on the one that goes on.
//
// What it promises: of runs whose lease events reach Spira's log within the
// settle delay of being sent, exactly one proceeds; a run that loses exits
// before its first write. What it cannot: a write slower than the delay may
// be unseen by the other starter, and then both may go on; a run killed
// without releasing holds the lease until leaseTTL passes without its
// renewal; an account that cannot read the event log (only system
// administrators can, on a real Spira) gets no lease at all, and the run
// says so, relying on the lock on this machine alone.

// LeasePrefix starts every lease event in Spira's event log.
const LeasePrefix = "spirajira lease"

const (
	// leaseTTL is how long a lease lasts without a renewal.
	leaseTTL = 2 * time.Minute
	// leaseRenew is how often a running holder renews it.
	leaseRenew = 30 * time.Second
	// defaultLeaseSettle is the least wait between writing the lease and
	// reading it back; four times the write's own time when that is longer.
	defaultLeaseSettle = 2 * time.Second
	// leaseEventPages bounds the read-back: pages of newest events.
	leaseEventPages = 3
	leasePageSize   = 200
)

// ErrRunning means another spirajira run is syncing the same product: on
// this machine (the lock) or elsewhere (the lease in Spira's event log).
var ErrRunning = errors.New("another spirajira run is syncing this product")

var leaseLine = regexp.MustCompile(`^` + LeasePrefix + ` (taken|renewed|released): plug-in (\d+), product (\d+), run ([0-9a-f]+), pid (\d+), host (.*)$`)

type leaseEvent struct {
	kind    string
	plugin  int
	product int
	run     string
	pid     int
	host    string
	at      time.Time
}

func parseLease(ev spiraclient.RemoteEventLogEntry) (leaseEvent, bool) {
	m := leaseLine.FindStringSubmatch(ev.Message)
	if m == nil {
		return leaseEvent{}, false
	}
	plugin, _ := strconv.Atoi(m[2])
	product, _ := strconv.Atoi(m[3])
	pid, _ := strconv.Atoi(m[5])
	return leaseEvent{kind: m[1], plugin: plugin, product: product, run: m[4], pid: pid, host: m[6], at: ev.EventTimeUtc.UTC()}, true
}

// lease is a held lease; a nil *lease is none (the log cannot be read).
type lease struct {
	e    *Engine
	run  string
	stop chan struct{}
	done sync.WaitGroup
}

func newRunID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (e *Engine) leaseMessage(kind, run string) string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s %s: plug-in %d, product %d, run %s, pid %d, host %s", LeasePrefix, kind, e.cfg.PluginID, e.cfg.ProductID, run, os.Getpid(), host)
}

func (e *Engine) writeLease(ctx context.Context, kind, run string) error {
	msg := e.leaseMessage(kind, run)
	return e.cfg.Spira.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: 4, Message: truncate(msg, 255), Details: msg})
}

// takeLease tries until wait has passed (once when wait is 0). deadRun is
// the lease of a run from this state directory that died holding it.
func (e *Engine) takeLease(ctx context.Context, wait time.Duration, deadRun string) (*lease, error) {
	deadline := time.Now().Add(wait)
	for {
		l, holder, err := e.tryLease(ctx, deadRun)
		if err == nil || !errors.Is(err, ErrRunning) || !time.Now().Before(deadline) {
			return l, err
		}
		// Look again when the holder may be done, within the wait.
		pause := min(time.Until(deadline), 5*time.Second, max(time.Until(holder.at.Add(leaseTTL)), time.Second))
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(pause):
		}
	}
}

// tryLease writes a lease, reads it back and keeps it when it is the
// earliest active one; otherwise it releases it and names the holder.
func (e *Engine) tryLease(ctx context.Context, deadRun string) (*lease, leaseEvent, error) {
	e.leaseTries++
	run := newRunID()
	sent := time.Now()
	if err := e.writeLease(ctx, "taken", run); err != nil {
		e.warn("no lease across machines: writing it to Spira's event log failed (" + err.Error() + "); only the lock on this machine stops a second run")
		return nil, leaseEvent{}, nil
	}
	settle := max(cmp.Or(e.cfg.LeaseSettle, defaultLeaseSettle), 4*time.Since(sent))
	select {
	case <-ctx.Done():
		// A signal during the settle: the lease written stays active
		// until its TTL unless released, and would hold off the next run.
		e.releaseUnheld(ctx, run)
		return nil, leaseEvent{}, ctx.Err()
	case <-time.After(settle):
	}
	events, err := e.recentLeases(ctx)
	if err != nil && ctx.Err() != nil {
		e.releaseUnheld(ctx, run)
		return nil, leaseEvent{}, ctx.Err()
	}
	if err != nil {
		e.warn("no lease across machines: Spira's event log cannot be read with this account (" + err.Error() + "); only the lock on this machine stops a second run, so run this product's sync from one machine only")
		return nil, leaseEvent{}, nil
	}
	holder, mine, ok := leaseHolder(events, e.cfg.PluginID, e.cfg.ProductID, run, deadRun)
	if !mine {
		e.warn(fmt.Sprintf("no lease across machines: this run's lease did not show in Spira's event log within %s; only the lock on this machine stops a second run", settle.Round(time.Millisecond)))
		return nil, leaseEvent{}, nil
	}
	if ok && holder.run != run {
		_ = e.writeLease(context.WithoutCancel(ctx), "released", run)
		return nil, holder, fmt.Errorf("%w: run %s (pid %d on host %s) took the lease in Spira's event log at %s. Wait for it to finish, or pass --wait; a run that was killed holds the lease until %s without renewal",
			ErrRunning, holder.run, holder.pid, holder.host, holder.at.Format(time.RFC3339), leaseTTL)
	}
	if deadRun != "" {
		// Said for the others, who cannot know it died.
		_ = e.writeLease(ctx, "released", deadRun)
	}
	l := &lease{e: e, run: run, stop: make(chan struct{})}
	l.done.Add(1)
	go l.renew()
	return l, leaseEvent{}, nil
}

// recentLeases reads the lease events of the last leaseTTL and a bit,
// newest first.
func (e *Engine) recentLeases(ctx context.Context) ([]leaseEvent, error) {
	var out []leaseEvent
	var newest time.Time
	for page := range leaseEventPages {
		evs, err := e.cfg.Spira.Events(ctx, 1+page*leasePageSize, leasePageSize)
		if err != nil {
			return nil, err
		}
		old := false
		for _, ev := range evs {
			t := ev.EventTimeUtc.UTC()
			if newest.IsZero() {
				newest = t
			}
			if t.Before(newest.Add(-2 * leaseTTL)) {
				old = true
			}
			if le, ok := parseLease(ev); ok {
				out = append(out, le)
			}
		}
		if old || len(evs) < leasePageSize {
			break
		}
	}
	return out, nil
}

// leaseHolder finds, among the lease events of a plug-in and product, the
// active run that took its lease first (ties by run ID), and whether run's
// own "taken" event is among them. A run is active until it releases or
// goes leaseTTL without a sign of life, measured by the log's own clock.
func leaseHolder(events []leaseEvent, plugin, product int, run, deadRun string) (holder leaseEvent, mine, ok bool) {
	type runState struct {
		taken    *leaseEvent
		last     time.Time
		released bool
	}
	runs := map[string]*runState{}
	var now time.Time
	for _, le := range events {
		if le.at.After(now) {
			now = le.at
		}
		if le.plugin != plugin || le.product != product {
			continue
		}
		st := runs[le.run]
		if st == nil {
			st = &runState{}
			runs[le.run] = st
		}
		switch le.kind {
		case "taken":
			st.taken = &le
			mine = mine || le.run == run
		case "released":
			st.released = true
		}
		if le.at.After(st.last) {
			st.last = le.at
		}
	}
	var active []leaseEvent
	for _, st := range runs {
		// A run whose "taken" is older than the events read is long over.
		if st.released || st.taken == nil || now.Sub(st.last) >= leaseTTL || st.taken.run == deadRun {
			continue
		}
		active = append(active, *st.taken)
	}
	if len(active) == 0 {
		return leaseEvent{}, mine, false
	}
	slices.SortFunc(active, func(a, b leaseEvent) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.run, b.run)
	})
	return active[0], mine, true
}

func (l *lease) renew() {
	defer l.done.Done()
	t := time.NewTicker(leaseRenew)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			_ = l.e.writeLease(ctx, "renewed", l.run)
			cancel()
		}
	}
}

// abandon stops renewing the lease without releasing it, as a killed
// process would (tests).
func (l *lease) abandon() {
	close(l.stop)
	l.done.Wait()
}

// release ends the lease. When Spira does not take the release, the next
// run from here ends it (the lock file names it); a run from elsewhere
// waits out leaseTTL.
// releaseUnheld releases a lease written but not kept, when ctx ended
// before the run could know it held it.
func (e *Engine) releaseUnheld(ctx context.Context, run string) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_ = e.writeLease(rctx, "released", run)
}

func (l *lease) release() error {
	if l == nil {
		return nil
	}
	close(l.stop)
	l.done.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return l.e.writeLease(ctx, "released", l.run)
}
