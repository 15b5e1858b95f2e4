package mapping

import (
	"context"
	"strings"

	"github.com/spirajira/spirajira/internal/words"
)

// UnreadPluginSettings are the plug-in settings of Spira 8.8 and later
// (and Inflectra's plug-in 8.0 and later) that no known REST call reads or
// writes: Spira added 20 custom settings and Yes/No settings to plug-in
// records, and a call to read them whose path is not published. So neither
// Pull nor Push nor Verify reaches them; mapping.yaml holds what the
// administrator declares (Extended), and the setup sheet asks for it.
var UnreadPluginSettings = []string{"Types to Skip", "Skip Comments", "Auto-Map Properties", "Sync Epic/Story hierarchy",
	"Use Plain Text", "Skip Rich Text Warnings"}

// Extended are those settings, named as the plug-in screen names them.
// They are what the file declares, not what Spira holds: a zero value
// means "blank / No" as far as the file knows.
type Extended struct {
	// TypesToSkip are Jira issue-type IDs that are never synced.
	TypesToSkip []string `yaml:"typesToSkip,omitempty,flow"`
	// SkipComments: comments are not synced either way (those already
	// synced stay).
	SkipComments bool `yaml:"skipComments,omitempty"`
	// AutoMapProperties: on the first run the plug-in name-matches blank
	// mappings itself (they do not show on the mapping pages).
	AutoMapProperties bool `yaml:"autoMapProperties,omitempty"`
	// SyncEpicStoryHierarchy: requirements' parent/child follow Jira's
	// Epic/Story hierarchy.
	SyncEpicStoryHierarchy bool `yaml:"syncEpicStoryHierarchy,omitempty"`
	// UsePlainText: descriptions sync as plain text, so both ways in
	// Bidirectional and Complete.
	UsePlainText bool `yaml:"usePlainText,omitempty"`
	// SkipRichTextWarnings: no warning text injected into descriptions.
	SkipRichTextWarnings bool `yaml:"skipRichTextWarnings,omitempty"`
}

// IsZero reports a file that declares none of them.
func (e Extended) IsZero() bool {
	return len(e.TypesToSkip) == 0 && !e.SkipComments && !e.AutoMapProperties && !e.SyncEpicStoryHierarchy &&
		!e.UsePlainText && !e.SkipRichTextWarnings
}

// ExtendedSetting is one extended setting: its file key, its label on the
// plug-in screen and its value as the screen shows it.
type ExtendedSetting struct {
	Key, Label, Value string
}

// Settings lists them in the order of the plug-in screen.
func (e Extended) Settings() []ExtendedSetting {
	return []ExtendedSetting{
		{"typesToSkip", "Types to Skip", strings.Join(e.TypesToSkip, ",")},
		{"skipComments", "Skip Comments", words.YesNo(e.SkipComments)},
		{"autoMapProperties", "Auto-Map Properties", words.YesNo(e.AutoMapProperties)},
		{"syncEpicStoryHierarchy", "Sync Epic/Story hierarchy", words.YesNo(e.SyncEpicStoryHierarchy)},
		{"usePlainText", "Use Plain Text", words.YesNo(e.UsePlainText)},
		{"skipRichTextWarnings", "Skip Rich Text Warnings", words.YesNo(e.SkipRichTextWarnings)},
	}
}

// ReadExtended is the one place where a Spira route for the extended
// settings would plug in: Spira 8.11 added "an API endpoint to retrieve
// dataSync system extended custom properties" whose path, body and Yes/No
// form are not published, so no call is made and ok is false. When the
// route is known, read it here (and only on a Spira that has it).
func ReadExtended(ctx context.Context, s Spira, pluginID int) (e Extended, ok bool, err error) {
	return Extended{}, false, nil
}

// KeepUnread carries into a freshly pulled product the settings Spira
// could not give (the extended settings), from the file it replaces.
func KeepUnread(pulled, file *Product) {
	if pulled == nil || file == nil {
		return
	}
	pulled.Plugin.Extended = file.Plugin.Extended
	pulled.Plugin.Extended.TypesToSkip = append([]string(nil), file.Plugin.Extended.TypesToSkip...)
	if len(pulled.Plugin.Extended.TypesToSkip) == 0 {
		pulled.Plugin.Extended.TypesToSkip = nil
	}
}

// unreadNote says, in one line, which settings a file or a push leaves out.
func unreadNote() string {
	return "not read: the plug-in's extended settings of Spira 8.8+ (" + strings.Join(UnreadPluginSettings, ", ") +
		"), which no known REST call reads; plugin.extended holds what you enter on the plug-in screen"
}

// extendedPushNote is said after a push wrote the plug-in record: whether
// Spira keeps the extended settings when the REST record, which lacks
// them, is written back is not known.
func extendedPushNote(pluginName string) string {
	return "the plug-in record was written over REST, which does not carry Spira 8.8+'s extended settings (" +
		strings.Join(UnreadPluginSettings, ", ") + "); whether Spira keeps them on such an update is not known: on Spira 8.8 or later, " +
		"check them in " + PluginScreen(pluginName)
}

// PluginScreen is where the plug-in's settings are entered in Spira.
func PluginScreen(pluginName string) string {
	if pluginName == "" {
		pluginName = PluginName
	}
	return "System Administration > Integrations > Data Synchronization > " + pluginName
}

// FullStillSet reads the product's External Key from Spira again and
// reports whether it still carries "{full}" (Spira 9.4 and later may drop
// it after the full cycle).
func FullStillSet(ctx context.Context, s Spira, pluginID, productID int) (bool, error) {
	ms, err := s.ProjectMappings(ctx, pluginID)
	if err != nil {
		return false, err
	}
	for _, m := range ms {
		if m.InternalID == productID {
			return Project{JiraKey: m.ExternalKey}.Full(), nil
		}
	}
	return false, nil
}
