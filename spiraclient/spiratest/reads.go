package spiratest

import (
	"strings"
	"unicode"
)

// readOptions are the answers to open questions about Spira's reads
// (real-spira-2026.md F2, F4, F23, F26): by default the simulator does what
// the v6 code or the documentation does; each option gives the other
// answer, so that a client can be tested against both.
type readOptions struct {
	strictFilters         bool
	incidentSortDirection bool
	requireListParams     bool
	v6ListParams          bool
	uncappedIncidents     bool
}

// WithStrictFilters makes a search refuse (400) a filter whose PropertyName
// is not a field of the artifact. Spira ignores such a filter and answers
// everything (F2); tests use this to catch a misspelt filter name.
func WithStrictFilters() Option { return func(c *config) { c.reads.strictFilters = true } }

// WithIncidentSortDirection makes incidents/search honour "Field DESC".
// Spira v6 sorts ascending whatever the direction word (F4); whether v7
// still does is not known.
func WithIncidentSortDirection() Option {
	return func(c *config) { c.reads.incidentSortDirection = true }
}

// WithRequiredListParams makes projects/{p}/releases require active_only,
// and users/all require include_inactive, start_row and number_rows (406
// without them). Inflectra's v7 clients send them; whether v7 requires them
// is not known (F23), and v6 takes none.
func WithRequiredListParams() Option { return func(c *config) { c.reads.requireListParams = true } }

// WithV6ListParams makes projects/{p}/releases and users/all ignore their
// query parameters, as v6, whose templates have none, does: every release,
// every user in one answer, whatever active_only or the paging say (F23).
func WithV6ListParams() Option { return func(c *config) { c.reads.v6ListParams = true } }

// WithUncappedIncidentSearch lets incidents/search and incidents/recent
// answer as many rows as asked, as the v6 code does; the v7 guide says 500
// at most, which is the default (F26).
func WithUncappedIncidentSearch() Option {
	return func(c *config) { c.reads.uncappedIncidents = true }
}

// SetNameSearchDescription sets the product setting that makes a Name
// filter also search the Description (on by default), as an administrator
// does in Spira's web UI.
func (s *Sim) SetNameSearchDescription(productID int, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nameOnly == nil {
		s.nameOnly = map[int]bool{}
	}
	s.nameOnly[productID] = !on
}

// nameField is the Name of an artifact with its Description, which a Name
// filter searches too (F3).
func nameField(name string, desc *string) fieldValue {
	v := strField(name)
	v.keywords, v.desc = true, desc
	return v
}

// keywordMatch is Spira's Name search: the text is split into keywords at
// spaces (a quoted phrase stays one keyword), and every keyword must occur
// in the name or the description, ignoring case.
func keywordMatch(text, name string, desc *string) bool {
	name = strings.ToLower(name)
	d := ""
	if desc != nil {
		d = strings.ToLower(*desc)
	}
	for _, k := range keywords(strings.ToLower(text)) {
		if !strings.Contains(name, k) && (desc == nil || !strings.Contains(d, k)) {
			return false
		}
	}
	return true
}

func keywords(text string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r == '"':
			flush()
			quoted = !quoted
		case unicode.IsSpace(r) && !quoted:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}
