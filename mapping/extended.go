package mapping

import "strings"

// UnreadPluginSettings are the plug-in settings of Spira 8.8 and later
// (and Inflectra's plug-in 8.0 and later) that no known REST call reads or
// writes: Spira added 20 custom settings and Yes/No settings to plug-in
// records, and a call to read them whose path is not published. So neither
// mapping.yaml nor Push holds the whole plug-in configuration.
var UnreadPluginSettings = []string{"Types to Skip", "Skip Comments", "Auto-Map Properties", "Sync Epic/Story hierarchy",
	"Use Plain Text", "Skip Rich Text Warnings"}

// unreadNote says, in one line, which settings a file or a push leaves out.
func unreadNote() string {
	return "not read: the plug-in's extended settings of Spira 8.8+ (" + strings.Join(UnreadPluginSettings, ", ") +
		"), which no known REST call reads; set them on the plug-in screen"
}

// extendedPushNote is said after a push wrote the plug-in record: whether
// Spira keeps the extended settings when the REST record, which lacks
// them, is written back is not known.
func extendedPushNote(pluginName string) string {
	return "the plug-in record was written over REST, which does not carry Spira 8.8+'s extended settings (" +
		strings.Join(UnreadPluginSettings, ", ") + "); whether Spira keeps them on such an update is not known: on Spira 8.8 or later, " +
		"check them in System Administration > Integrations > Data Synchronization > " + pluginName
}
