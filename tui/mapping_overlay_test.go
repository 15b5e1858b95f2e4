package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
)

func testOverlay(t *testing.T) mappingOverlay {
	t.Helper()
	st := NewStyles(DefaultTheme(), true)
	return newMappingOverlay(&st)
}

func TestMappingOverlayConfirmAsksPushOrClose(t *testing.T) {
	o := testOverlay(t).withDiff([]mapping.Change{{Kind: mapping.Added}}, true, 2)
	require.Equal(t, modeConfirmPush, o.shows)
	require.True(t, o.Force(), "a yes to named errors pushes them anyway")

	_, ask := o.Update(keys("y"), 80, 10)
	require.Equal(t, askPush, ask)
	_, ask = o.Update(enter, 80, 10)
	require.Equal(t, askPush, ask)
	_, ask = o.Update(keys("n"), 80, 10)
	require.Equal(t, askClose, ask)
	_, ask = o.Update(keys("v"), 80, 10)
	require.Equal(t, askNothing, ask, "v verifies the sheet, not the confirmation")
}

func TestMappingOverlayDiffOnlyScrollsAndCloses(t *testing.T) {
	o := testOverlay(t).withDiff(nil, false, 3)
	require.False(t, o.Force(), "only the push confirmation forces")
	for _, k := range []tea.KeyMsg{keys("y"), keys("n"), keys("A"), keys("v")} {
		_, ask := o.Update(k, 80, 10)
		require.Equal(t, askNothing, ask, k.String())
	}
	_, ask := o.Update(esc, 80, 10)
	require.Equal(t, askClose, ask)
}

func TestMappingOverlaySheetAsksVerifyAndApply(t *testing.T) {
	o := testOverlay(t).withSheet([]SheetItem{{Screen: "Plug-in", Text: "Caption = x"}})
	require.Equal(t, modeSheet, o.shows)
	_, ask := o.Update(keys("v"), 80, 10)
	require.Equal(t, askVerify, ask)
	_, ask = o.Update(keys("A"), 80, 10)
	require.Equal(t, askApply, ask)
	_, ask = o.Update(keys("y"), 80, 10)
	require.Equal(t, askNothing, ask)
}

func TestMappingOverlayScrollStopsAtTheLastPage(t *testing.T) {
	var items []SheetItem
	for range 20 {
		items = append(items, SheetItem{Screen: "Plug-in", Text: "a line"})
	}
	o := testOverlay(t).withSheet(items) // title, screen, 20 items: 22 lines
	o, _ = o.Update(keys("G"), 80, 10)
	require.Equal(t, 12, o.y)
	o, _ = o.Update(down, 80, 10)
	require.Equal(t, 12, o.y, "no further than the last page")
	o, _ = o.Update(keys("k"), 80, 10)
	require.Equal(t, 11, o.y, "up moves at once from the last page")
	require.Len(t, strings.Split(o.View(80, 10), "\n"), 10)
	o, _ = o.Update(keys("g"), 80, 10)
	require.Zero(t, o.y)
	require.Contains(t, o.View(80, 10), "Setup sheet: 0 of 20 done")
}

func TestMappingOverlayUpToDateSheetSaysSo(t *testing.T) {
	o := testOverlay(t)
	o.upToDate = true
	o = o.withSheet(nil)
	v := o.View(80, 10)
	require.Contains(t, v, "Nothing to push: Spira already holds this mapping.")
	require.Contains(t, v, "Nothing left to enter by hand.")
}
