package doctor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/spiraclient"
)

// Who says who runs the plug-in record, as far as Spira shows it.
type Who string

// The answers of Takeover.
const (
	// WhoService: Spira's data-sync service runs the record; starting
	// spirajira's schedule now would make two engines on one product.
	WhoService Who = "service"
	// WhoSpirajira: the record's recent runs are all spirajira's.
	WhoSpirajira Who = "spirajira"
	// WhoNobody: nothing ran the record within the window.
	WhoNobody Who = "nobody"
	// WhoUnknown: Spira could not be asked (the reason is in Evidence).
	WhoUnknown Who = "unknown"
)

// Takeover is the answer of "doctor --takeover": who runs the plug-in
// record now, what shows it, and the steps to move it to spirajira.
type Takeover struct {
	Plugin       string     `json:"plugin"`
	PluginID     int        `json:"pluginId,omitempty"`
	Active       bool       `json:"active"`
	LastSyncDate *time.Time `json:"lastSyncDate,omitempty"`
	Who          Who        `json:"who"`
	// Evidence are the facts the answer rests on, for people.
	Evidence []string `json:"evidence"`
	// Steps are what to do next, in order.
	Steps []string `json:"steps"`
}

// Safe reports whether spirajira's schedule can start: Spira's service is
// not seen running the record.
func (t Takeover) Safe() bool { return t.Who == WhoSpirajira || t.Who == WhoNobody }

// RunTakeover checks whether Spira's data-sync service still runs the plug-in
// record. Spira's service moves LastSyncDate and writes its own data-sync
// entries to the event log; spirajira's runs write "spirajira sync"
// summaries and "spirajira lease" events and post LastSyncDate only after
// their summary. A LastSyncDate within the window with no spirajira summary
// since, or a data-sync entry of the record that is not spirajira's, is the
// service.
func RunTakeover(ctx context.Context, in Inputs) Takeover {
	if in.Timeout <= 0 {
		in.Timeout = DefaultTimeout
	}
	window := in.ServiceWindow
	if window <= 0 {
		window = time.Hour
	}
	e := newEnv(ctx, in)
	t := Takeover{Plugin: e.pluginName(), Who: WhoUnknown}
	if e.spira == nil {
		t.Evidence = append(t.Evidence, "the Spira settings are missing or invalid: "+e.spNo.Error())
		t.Steps = []string{"Run `spirajira doctor` and fix what it reports, then run `spirajira doctor --takeover` again."}
		return t
	}
	p, err := e.plugin()
	if err != nil || p == nil {
		if err != nil {
			msg, _ := spiraProblem(err)
			t.Evidence = append(t.Evidence, "cannot list Spira's data-sync plug-ins: "+msg)
		} else {
			t.Evidence = append(t.Evidence, fmt.Sprintf("Spira lists no active plug-in record named %s", t.Plugin))
			t.Steps = []string{fmt.Sprintf("If %s exists but is inactive, set it active again in Spira (%s): Spira lists active records only, so spirajira cannot run an inactive one. "+
				"Then stop Spira's data-sync service for it, and run `spirajira doctor --takeover` again.", t.Plugin, pluginScreen)}
			return t
		}
		t.Steps = []string{"Run `spirajira doctor` and fix what it reports, then run `spirajira doctor --takeover` again."}
		return t
	}
	t.PluginID, t.Active = p.DataSyncSystemID, p.IsActive
	now := time.Now()
	if st, err := e.spiraTime(); err == nil {
		now = st.v
	}
	recent := false
	if p.LastSyncDate != nil {
		last := p.LastSyncDate.UTC()
		t.LastSyncDate = &last
		age := now.Sub(last)
		recent = age <= window
		t.Evidence = append(t.Evidence, fmt.Sprintf("the record's LastSyncDate is %s, %s ago", last.Format(time.RFC3339), age.Round(time.Second)))
	} else {
		t.Evidence = append(t.Evidence, "the record has never run (no LastSyncDate)")
	}

	events, evErr := e.events()
	readable := evErr == nil
	var service, ours int
	var newestService time.Time
	if readable {
		for _, ev := range events {
			if now.Sub(ev.EventTimeUtc.Time) > window {
				continue
			}
			switch {
			case strings.HasPrefix(ev.Message, datasync.SummaryPrefix), strings.HasPrefix(ev.Message, datasync.LeasePrefix):
				ours++
			case isDataSync(ev, p.Name):
				service++
				if ev.EventTimeUtc.After(newestService) {
					newestService = ev.EventTimeUtc.Time
				}
			}
		}
		t.Evidence = append(t.Evidence, fmt.Sprintf("in the last %s the event log holds %d entries of spirajira's runs and %d other data-sync entries",
			window, ours, service))
		if service > 0 {
			t.Evidence = append(t.Evidence, fmt.Sprintf("the newest data-sync entry not written by spirajira is from %s", newestService.UTC().Format(time.RFC3339)))
		}
	} else if errors.Is(evErr, spiraclient.ErrNeedsSystemAdmin) {
		t.Evidence = append(t.Evidence, fmt.Sprintf("%s cannot read Spira's event log (system administrators only): spirajira's runs and the service's cannot be told apart", in.Spira.Login))
	} else {
		msg, _ := spiraProblem(evErr)
		t.Evidence = append(t.Evidence, "cannot read Spira's event log: "+msg)
	}

	ranUs := recent && e.ranSpirajira(p)
	switch {
	case service > 0 || (recent && !ranUs):
		t.Who = WhoService
		if !readable {
			t.Evidence = append(t.Evidence, "a recent LastSyncDate without a readable event log is taken for the service: a spirajira run elsewhere would look the same")
		}
	case ranUs:
		t.Who = WhoSpirajira
	default:
		t.Who = WhoNobody
	}
	t.Steps = takeoverSteps(t, window)
	return t
}

func takeoverSteps(t Takeover, window time.Duration) []string {
	dryRun := "Run `spirajira sync --all --dry-run` and read the plan: items the service already linked must show as updates or skips, not creates."
	run := "Run `spirajira sync --all` once by hand, then start the schedule (docs/unattended.md: systemd timer, Kubernetes CronJob or Task Scheduler)."
	switch t.Who {
	case WhoService:
		return []string{
			fmt.Sprintf("Stop Spira's data-sync service for %s: on premise, stop the Windows service \"SpiraPlan Data Sync Service\" on the Spira server; "+
				"in Spira's cloud, ask Inflectra support to stop it for this record. Setting the record inactive is no way out: "+
				"the service would stop, but Spira lists active records only, so spirajira could not find the record either.",
				t.Plugin),
			fmt.Sprintf("Wait for the service's last run to end (at least one polling interval), then run `spirajira doctor --takeover` again: it must no longer answer %q. "+
				"(`spirajira sync` refuses to start within --poll-window of the service's last run unless forced.)", WhoService),
			dryRun,
			run,
		}
	case WhoSpirajira:
		return []string{
			"Nothing to take over: the record's recent runs are spirajira's. Keep Spira's data-sync service stopped.",
		}
	default:
		return []string{
			"Make sure Spira's data-sync service stays stopped for " + t.Plugin + ": it ran nothing within " + window.String() + " (a stopped service and a long polling interval look alike).",
			dryRun,
			run,
		}
	}
}
