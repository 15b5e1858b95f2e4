package doctor

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
)

// parseJiraTime reads serverInfo's serverTime, e.g. 2026-01-01T00:00:00.000+0000.
func parseJiraTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("Jira's serverTime %q is not a time", s)
}

func checkClock(ctx context.Context, e *env) Check {
	if e.jira == nil {
		return skip("needs usable Jira settings (see jira.site)")
	}
	if c, ok := e.spiraReady(); !ok {
		return c
	}
	si, err := e.serverInfo()
	if err != nil {
		return skip("needs Jira's server time (see jira.site and jira.login)")
	}
	st, err := e.spiraTime()
	if err != nil {
		msg, fix := spiraProblem(err)
		return fail(fix, "cannot read Spira's server time: %s", msg)
	}
	jt, err := parseJiraTime(si.v.ServerTime)
	if err != nil {
		return warn("Nothing to do unless Jira changes are missed; then set the plug-in's Time Offset.", "%v", err)
	}
	// Each clock read is placed at the local instant halfway through its request.
	behind := st.v.Sub(st.at) - jt.Sub(si.at) // > 0: Jira's clock is behind Spira's
	offsetHours, note := 0, " (no plug-in record, so no Time Offset)"
	if p, _ := e.plugin(); p != nil {
		offsetHours, note = p.TimeOffsetHours, ""
	}
	offset := time.Duration(offsetHours) * time.Hour
	slack := mapping.ClockTolerance + (si.rtt+st.rtt)/2
	desc := describeSkew(behind)
	if behind-offset > slack {
		need := int(math.Ceil(behind.Hours()))
		return fail(fmt.Sprintf("Set the JiraDataSync plug-in's Time Offset to %d (hours; Jira behind Spira is positive), or correct the server clock.", need),
			"%s, more than the plug-in's Time Offset of %d hour(s)%s: changes made in Jira in that gap will be missed", desc, offsetHours, note)
	}
	return pass("%s; the plug-in's Time Offset is %d hour(s)%s", desc, offsetHours, note)
}

func describeSkew(behind time.Duration) string {
	switch {
	case behind > time.Second:
		return fmt.Sprintf("Jira's clock is %s behind Spira's", behind.Round(time.Second))
	case behind < -time.Second:
		return fmt.Sprintf("Jira's clock is %s ahead of Spira's", (-behind).Round(time.Second))
	}
	return "Jira's and Spira's clocks agree"
}

// checkProducts checks every product the plug-in maps: its Jira project and
// its mapping (mapping.Validate).
func checkProducts(ctx context.Context, e *env) []Check {
	p, c, ok := e.pluginReady()
	if !ok {
		return []Check{c}
	}
	if c, ok := e.jiraReady(); !ok {
		return []Check{c}
	}
	ms, err := e.mappings()
	if err != nil {
		msg, fix := spiraProblem(err)
		return []Check{fail(fix, "cannot read the plug-in's product mappings: %s", msg)}
	}
	var links []mapping.ProjectLink
	for _, m := range ms {
		if strings.TrimSpace(m.ExternalKey) != "" {
			links = append(links, mapping.ProjectLink{ProductID: m.InternalID, JiraKey: strings.TrimSpace(m.ExternalKey)})
		}
	}
	if len(links) == 0 {
		return []Check{warn("Map a product to a Jira project: on the Mapping screen of `spirajira` (key 3), or in the file of `spirajira mapping pull --product ID` "+
			"followed by `spirajira mapping push`, or in Spira under "+pluginScreen+" > "+p.Name+": View Product Mappings, 'Key in JIRA'.",
			"no product is mapped to a Jira project through %s", p.Name)}
	}
	slices.SortFunc(links, func(a, b mapping.ProjectLink) int { return a.ProductID - b.ProductID })
	per := make([][]Check, len(links))
	var g errgroup.Group
	g.SetLimit(4) // a few products at a time, to spare both sites
	for i, l := range links {
		g.Go(func() error {
			per[i] = checkProduct(ctx, e, p.DataSyncSystemID, l)
			return nil
		})
	}
	_ = g.Wait() // each check holds its own failure
	out := []Check{pass("%s mapped through %s", words.Count(len(links), "product"), p.Name)}
	for _, cs := range per {
		out = append(out, cs...)
	}
	return out
}

func checkProduct(ctx context.Context, e *env, pluginID int, l mapping.ProjectLink) []Check {
	prefix := fmt.Sprintf("product.%d.", l.ProductID)
	role := withID(Check{ID: prefix + "role", Title: fmt.Sprintf("Product %d's Spira role", l.ProductID)}, checkRole(ctx, e, l.ProductID))
	return append([]Check{role}, checkProductMapping(ctx, e, pluginID, l, prefix)...)
}

func checkProductMapping(ctx context.Context, e *env, pluginID int, l mapping.ProjectLink, prefix string) []Check {
	proj := Check{ID: prefix + "project", Title: fmt.Sprintf("Product %d's Jira project", l.ProductID)}
	val := Check{ID: prefix + "mapping", Title: fmt.Sprintf("Product %d's mapping", l.ProductID)}
	jp, err := e.jira.Project(ctx, l.JiraKey)
	switch {
	case errors.Is(err, jiraclient.ErrNotFound):
		proj = withID(proj, fail(fmt.Sprintf("Correct 'Key in JIRA' of product %d's JiraDataSync project mapping in Spira, or give %s the Browse Projects permission on %s.",
			l.ProductID, e.in.Jira.Email, l.JiraKey),
			"product %d is mapped to Jira project %s, which does not exist or which %s cannot browse", l.ProductID, l.JiraKey, e.in.Jira.Email))
		val = withID(val, skip("needs the Jira project (see %sproject)", prefix))
		return []Check{proj, val}
	case err != nil:
		msg, fix := jiraProblem(err)
		proj = withID(proj, fail(fix, "cannot read Jira project %s: %s", l.JiraKey, msg))
		val = withID(val, skip("needs the Jira project (see %sproject)", prefix))
		return []Check{proj, val}
	}
	proj = withID(proj, pass("product %d is mapped to %s (%s), which exists and is visible", l.ProductID, jp.Key, jp.Name))
	return []Check{proj, withID(val, validateProduct(ctx, e, pluginID, l))}
}

// rank orders problems for the summary: errors affecting every item first,
// then other errors, then warnings.
func rank(p mapping.Problem) int {
	switch {
	case p.Severity == mapping.Error && (p.Location.Section == mapping.SectionPlugin || p.Location.Section == mapping.SectionProject):
		return 0
	case p.Severity == mapping.Error:
		return 1
	}
	return 2
}

func withID(base, c Check) Check {
	c.ID, c.Title = base.ID, base.Title
	return c
}

// validateProduct pulls the product's mapping and runs mapping.Validate.
func validateProduct(ctx context.Context, e *env, pluginID int, l mapping.ProjectLink) Check {
	prod, lookups, err := mapping.Pull(ctx, mapping.NewSpira(e.spira), pluginID, l.ProductID)
	if err != nil {
		msg, fix := spiraProblem(err)
		return fail(fix, "cannot read product %d's mapping from Spira: %s", l.ProductID, msg)
	}
	jira, err := mapping.ReadJira(ctx, e.jira, l.JiraKey)
	if err != nil {
		msg, fix := jiraProblem(err)
		return fail(fix, "cannot read Jira project %s for the mapping check: %s", l.JiraKey, msg)
	}
	// The clock check reports the clocks, with the measured round trips.
	problems := slices.DeleteFunc(mapping.Validate(prod, jira, lookups),
		func(p mapping.Problem) bool { return p.Rule == mapping.RuleClockSkew })
	// Errors in the plug-in settings or the project touch every item; the
	// others make the sync skip or mis-write the items with those values,
	// while the rest of the run goes on (the plug-in logs them and carries on).
	var errs, warns, global int
	for _, p := range problems {
		switch {
		case p.Severity != mapping.Error:
			warns++
		case p.Location.Section == mapping.SectionPlugin || p.Location.Section == mapping.SectionProject:
			global++
			errs++
		default:
			errs++
		}
	}
	slices.SortStableFunc(problems, func(a, b mapping.Problem) int { return rank(a) - rank(b) })
	var details []string
	for i, p := range problems {
		if i == 5 {
			details = append(details, fmt.Sprintf("... and %d more", len(problems)-5))
			break
		}
		details = append(details, fmt.Sprintf("%s %s: %s", p.Severity, p.Location, p.Message))
	}
	fix := fmt.Sprintf("Run `spirajira mapping validate --product %d` for every problem and its fix (it exits 1 while errors remain); "+
		"correct them on the Mapping screen of `spirajira` (key 3), or with `spirajira mapping automap` and by editing the file of `spirajira mapping pull`, then `spirajira mapping push`.", l.ProductID)
	var c Check
	switch {
	case global > 0:
		c = fail(fix, "the mapping of product %d has %d error(s), %d of them in the plug-in settings or project that affect every item, and %d warning(s); the first: %s",
			l.ProductID, errs, global, warns, problems[0].Message)
	case errs > 0:
		c = warn(fix, "the mapping of product %d has %d error(s) that make the sync skip or mis-write the items they touch, and %d warning(s); the first: %s",
			l.ProductID, errs, warns, problems[0].Message)
	case warns > 0:
		c = warn(fix, "the mapping of product %d has %d warning(s); the first: %s", l.ProductID, warns, problems[0].Message)
	default:
		c = pass("the mapping of product %d passes every check", l.ProductID)
	}
	c.Details = details
	return c
}
