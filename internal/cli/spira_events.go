package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/spiraclient"
)

func addEventFlags(cmd *cobra.Command, opts *SpiraOptions) {
	cmd.Flags().IntVar(&opts.Limit, "limit", 50, "how many entries to show at most (0: all; with --since, all unless given)")
	cmd.Flags().StringVar(&opts.Since, "since", "", "only entries at or after this date (2026-03-01, 2026-03-01T09:00:00Z) or this long ago (24h)")
	cmd.Flags().StringVar(&opts.Type, "type", "", "only entries of one type: "+strings.Join(eventTypeNames, ", "))
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions(eventTypeNames, cobra.ShellCompDirectiveNoFileComp))
}

var eventTypeNames = []string{"error", "warning", "information", "success-audit", "failure-audit"}

var eventTypeIDs = map[string]int{"error": spiraclient.EventError, "warning": spiraclient.EventWarning,
	"information": spiraclient.EventInformation, "info": spiraclient.EventInformation,
	"success-audit": spiraclient.EventSuccessAudit, "failure-audit": spiraclient.EventFailureAudit}

// eventQuery turns the flags into a query; now is the local time that a
// --since duration counts back from.
func eventQuery(o *SpiraOptions, now time.Time) (spiraclient.EventQuery, error) {
	q := spiraclient.EventQuery{Limit: o.Limit}
	if o.Limit < 0 {
		return q, usageErrorf("--limit cannot be negative")
	}
	if s := strings.TrimSpace(o.Since); s != "" {
		t, err := parseSince(s, now)
		if err != nil {
			return q, err
		}
		q.Since = t
		if !o.LimitSet {
			q.Limit = 0
		}
	}
	if s := strings.ToLower(strings.TrimSpace(o.Type)); s != "" {
		id, ok := eventTypeIDs[s]
		if !ok {
			return q, usageErrorf("--type %q: use one of %s", o.Type, strings.Join(eventTypeNames, ", "))
		}
		q.TypeID = id
	}
	return q, nil
}

// parseSince reads a date (midnight UTC), a date and time with a zone, or
// a duration back from now.
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usageErrorf("--since %q: give a date (2026-03-01, read as UTC), a date and time with a zone (2026-03-01T09:00:00Z) or a duration back from now (24h, 7d)", s)
}

// spiraEventsError turns a working login that is not a system
// administrator into advice: Spira answers such a login 400 on its event
// log (and a proxy or another version may answer 401, which would
// otherwise read as a wrong API key).
func spiraEventsError(ctx context.Context, c *spiraclient.Client, err error) error {
	admin := errors.Is(err, spiraclient.ErrNeedsSystemAdmin)
	if admin || errors.Is(err, spiraclient.ErrUnauthorized) {
		if u, uerr := c.CurrentUser(ctx); uerr == nil && !u.Admin {
			return fmt.Errorf("reading Spira's event log needs a system administrator's login; %s is not one: "+
				"log in as one (spirajira login spira), or read the log in Spira under System Administration > System > Event Log", u.UserName)
		}
		if admin {
			return errors.New(spiraclient.HintEventLogAdmin)
		}
	}
	return err
}

func spiraEvents(ctx context.Context, o *SpiraOptions, c *spiraclient.Client) error {
	q, err := eventQuery(o, time.Now())
	if err != nil {
		return err
	}
	evs := []spiraclient.RemoteEventLogEntry{}
	for e, err := range c.SearchEvents(ctx, q) {
		if err != nil {
			return spiraEventsError(ctx, c, err)
		}
		evs = append(evs, e)
	}
	t := Table{Headers: []string{"TIME", "TYPE", "CATEGORY", "MESSAGE"}}
	for _, e := range evs {
		t.Rows = append(t.Rows, []string{e.EventTimeUtc.UTC().Format("2006-01-02 15:04:05Z"), e.EventTypeName, e.EventCategory, e.Message})
	}
	return printResult(o.IO, o.Output, evs, t)
}
