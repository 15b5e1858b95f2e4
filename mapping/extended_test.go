package mapping

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExtendedSettingsRoundTripAndReachTheSheetButNotVerify(t *testing.T) {
	p := fixtureProduct()
	p.Plugin.Extended = Extended{TypesToSkip: []string{"10004"}, SkipComments: true}
	s := p.Plugin.Settings()
	require.Equal(t, []string{"10004"}, s.Extended.TypesToSkip)
	require.True(t, s.Extended.SkipComments)

	b, err := Format(p)
	require.NoError(t, err)
	require.Contains(t, string(b), "extended:\n    typesToSkip: [\"10004\"]\n    skipComments: true\n")
	back, err := Parse(b)
	require.NoError(t, err)
	require.Equal(t, p.Plugin.Extended, back.Plugin.Extended)

	// Spira holds the same slots; the sheet still asks for the extended
	// settings, on the plug-in screen, and Verify says it cannot read them.
	remote := p.Clone()
	remote.Plugin.Extended = Extended{}
	sheet := FullSheet(p, remote)
	var ext []SheetLine
	for _, sc := range sheet.Screens {
		for _, l := range sc.Lines {
			if l.Target.Kind == TargetPluginExtended {
				ext = append(ext, l)
				require.Equal(t, "System Administration > Integrations > Data Synchronization > JiraDataSync > Edit", sc.Path)
			}
		}
	}
	require.Len(t, ext, len(UnreadPluginSettings))
	require.Equal(t, "Types to Skip", ext[0].Row)
	require.Equal(t, "10004", ext[0].Enter)
	require.Equal(t, "Yes", ext[1].Enter)
	require.Equal(t, "No", ext[2].Enter)
	checks := Verify(sheet, remote)
	unreadable := 0
	for _, c := range checks {
		if c.Unreadable {
			unreadable++
			require.False(t, c.Done)
		}
	}
	require.Equal(t, len(UnreadPluginSettings), unreadable)
	require.True(t, AllDone(checks), "what can be checked is done")
	require.Contains(t, sheet.Markdown(), "Skip Comments")

	// Diff never reports them: Spira's side is unknown, not blank.
	require.Empty(t, Diff(p, remote))

	// A pull replaces the file but keeps what Spira could not give.
	_, ok, err := ReadExtended(context.Background(), nil, 1)
	require.NoError(t, err)
	require.False(t, ok, "no route is known")
	KeepUnread(remote, p)
	require.Equal(t, p.Plugin.Extended, remote.Plugin.Extended)
}

func TestFullTokenIsReadFromTheExternalKey(t *testing.T) {
	for _, tc := range []struct {
		key, bare string
		full      bool
	}{
		{"LIB", "LIB", false}, {"LIB{full}", "LIB", true}, {" LIB{FULL} ", "LIB", true}, {"", "", false}, {"{full}", "", true},
	} {
		p := Project{JiraKey: tc.key}
		require.Equal(t, tc.bare, p.Key(), tc.key)
		require.Equal(t, tc.full, p.Full(), tc.key)
	}
	p := fixtureProduct()
	p.Project.JiraKey = "LIB{full}"
	b, err := Format(p)
	require.NoError(t, err)
	require.True(t, strings.Contains(string(b), "jiraKey: LIB{full} # {full}: the next cycle pulls every existing issue of LIB"), string(b))
	back, err := Parse(b)
	require.NoError(t, err)
	require.Equal(t, "LIB{full}", back.Project.JiraKey)
}
