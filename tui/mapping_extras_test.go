package tui

import "testing"

// The Mapping screen lists what syncs beyond the mapped fields, as the
// settings turn it on, and says how to change it instead of editing it.
func TestMappingScreenShowsWhatSyncsBeyondFields(t *testing.T) {
	tm := liveSandboxTUI(t, 160, 40)
	press(tm, keys("3"))
	waitFor(t, tm, "Beyond fields")
	press(tm, down, right)
	waitFor(t, tm, "Attachments", "on: files go across on create and update", "Estimate points", "off: enter the Jira number field")
	press(tm, enter)
	waitFor(t, tm, "Attachments follows the plug-in settings and the mapping")
	quit(t, tm)
}
