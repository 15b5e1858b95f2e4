package doctor

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/spiraclient"
)

var keptTemplate = regexp.MustCompile(`Status Bulk Edit is off in template (\d+)`)

// checkStatusBulkEdit warns when Spira kept statuses the sync sent. Spira
// writes a status sent over REST only while the template's Status Bulk
// Edit setting is on (Spira 6's code), and no REST call reads that
// setting: the doctor infers it from the warnings the sync writes to
// Spira's event log when it reads an incident back and finds its old
// status. It cannot tell before a sync has met the case. It does not
// recommend a value: what off means on Spira 7 to 9.4 is not confirmed
// (Inflectra's Jira guide even suggests turning it off to fix status sync).
func checkStatusBulkEdit(ctx context.Context, e *env) Check {
	if _, c, ok := e.pluginReady(); !ok {
		return c
	}
	events, err := e.events()
	if errors.Is(err, spiraclient.ErrNeedsSystemAdmin) {
		return skip("only system administrators can read Spira's event log, where the sync records the statuses Spira kept")
	}
	if err != nil {
		return skip("Spira's event log cannot be read (see spira.events)")
	}
	now := time.Now()
	if t, err := e.spiraTime(); err == nil {
		now = t.v
	}
	since := now.Add(-7 * 24 * time.Hour)
	var hits []spiraclient.RemoteEventLogEntry
	var templates []string
	for _, ev := range events {
		text := ev.Message + " " + ev.Details
		if ev.EventTimeUtc.Before(since) || !strings.Contains(text, datasync.StatusKeptPhrase) {
			continue
		}
		hits = append(hits, ev)
		if m := keptTemplate.FindStringSubmatch(text); m != nil && !slices.Contains(templates, m[1]) {
			templates = append(templates, m[1])
		}
	}
	if len(hits) == 0 {
		return pass("no status the sync sent was kept by Spira in the last 7 days (Status Bulk Edit cannot be read over REST; a sync reports it when it happens)")
	}
	where := "the product's template"
	if len(templates) > 0 {
		where = "template " + strings.Join(templates, ", ")
	}
	c := warn("Spira answers such a write 200 and keeps the old status. Check the Status Bulk Edit setting of "+where+
		" in Spira's template administration, and the incident workflow: Spira 6 writes a status sent over REST only while the setting is on; "+
		"what off means on later versions is not confirmed. Until a status is written, the sync leaves it and says why.",
		"Spira kept the status of %d incident(s) the sync updated in the last 7 days: Status Bulk Edit is off in %s, or the workflow kept it", len(hits), where)
	for i, ev := range hits {
		if i == 5 {
			c.Details = append(c.Details, fmt.Sprintf("... and %d more", len(hits)-5))
			break
		}
		c.Details = append(c.Details, ev.EventTimeUtc.UTC().Format("2006-01-02 15:04")+" "+ev.Message)
	}
	return c
}
