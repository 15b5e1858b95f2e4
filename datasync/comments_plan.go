package datasync

import (
	"encoding/json"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/spiraclient"
)

// Comments each side lacks, matched by text without the sync prefix.

// commentsToSpira returns the Jira comments Spira lacks, prefixed as the
// plug-in does. A comment is matched by its plain text, with or without
// the prefix, as the plug-in matches it, and counted: a text written twice
// in Jira ("Reopened") is two comments, each needing its own in Spira.
func (p *planner) commentsToSpira(cs []jiraclient.Comment, have []spiraclient.RemoteComment, is jiraclient.Issue) []spiraclient.RemoteComment {
	known := map[string]int{}
	for _, c := range have {
		known[unprefixed(plainHTML(c.Text), prefixFromJira)]++
	}
	var out []spiraclient.RemoteComment
	for _, c := range cs {
		text := plainADF(c.Body)
		if strings.Contains(text, prefixFromSpira) {
			continue
		}
		// The copy reads as the comment's HTML does, which is not always
		// the comment's own text (an expand shows its title): either one.
		if take(known, unprefixed(plainHTML(htmlOf(c.Body)), prefixFromJira), unprefixed(text, prefixFromJira)) {
			continue
		}
		rc := spiraclient.RemoteComment{Text: prefixHTML(prefixFromJira, htmlOf(c.Body)), UserID: p.ix.spiraUser(c.Author)}
		if rc.UserID == 0 {
			rc.UserID = p.s.SyncUserID
		}
		if t, err := jiraclient.ParseTime(c.Created); err == nil {
			rc.CreationDate = spiraclient.TimePtr(t.UTC())
		}
		out = append(out, rc)
	}
	return out
}

// commentsToJira returns the Spira comments Jira lacks, as ADF bodies,
// matched and counted as commentsToSpira does.
func commentsToJira(cs []spiraclient.RemoteComment, have []jiraclient.Comment) []json.RawMessage {
	known := map[string]int{}
	for _, c := range have {
		known[unprefixed(plainADF(c.Body), prefixFromSpira)]++
	}
	var out []json.RawMessage
	for _, c := range cs {
		text := plainHTML(c.Text)
		if c.IsDeleted || strings.Contains(text, prefixFromJira) {
			continue
		}
		if take(known, unprefixed(text, prefixFromSpira)) {
			continue
		}
		out = append(out, mustJSON(adf.FromHTML(prefixHTML(prefixFromSpira, c.Text))))
	}
	return out
}

// take counts off one comment of the first key known has one of.
func take(known map[string]int, keys ...string) bool {
	for _, k := range keys {
		if known[k] > 0 {
			known[k]--
			return true
		}
	}
	return false
}

// unprefixed is a comment's comparable text without the sync prefix.
func unprefixed(text, prefix string) string { return norm(strings.TrimPrefix(norm(text), prefix)) }
