package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/spirajira/spirajira/mapping"
)

// checkPluginSettings names the reading of the plug-in's slots: which
// plug-in's meanings apply and the Sync Mode, each slot by its label
// today, and the settings that cannot be read. The values themselves are
// checked per product (product.<id>.mapping), against that product's Jira.
func checkPluginSettings(ctx context.Context, e *env) Check {
	r, c, ok := e.pluginReady()
	if !ok {
		return c
	}
	pl := mapping.Plugin{Name: r.Name, Custom01: r.Custom01, Custom02: r.Custom02, Custom03: r.Custom03, Custom04: r.Custom04, Custom05: r.Custom05}
	s := pl.Settings()
	var slots []string
	for _, rd := range pl.Readings() {
		if rd.Key == mapping.KeySyncMode {
			continue
		}
		slots = append(slots, fmt.Sprintf("%s %q (%s)", rd.Label, rd.Value, rd.Means))
	}
	msg := fmt.Sprintf("Sync Mode: %s; read with the %s's meanings; %s. Not readable over REST: %s",
		s.Describe(), s.Generation, strings.Join(slots, "; "), strings.Join(mapping.UnreadPluginSettings, ", "))
	if len(s.Unknown) > 0 {
		return warn(fmt.Sprintf("Run `spirajira mapping validate` for the fix, or see %s.", mapping.PluginScreen(r.Name)),
			"%s; Sync Mode holds %s, which the plug-in does not know", msg, strings.Join(s.Unknown, ", "))
	}
	return pass("%s", msg)
}
