package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/require"
)

// Every scrolled view moves by the same keys: a line, its page, or to an end.
func TestListKeysMove(t *testing.T) {
	k := newListKeys()
	for _, tc := range []struct {
		msg  tea.KeyMsg
		want int
	}{
		{tea.KeyMsg{Type: tea.KeyUp}, -1}, {keys("j"), 1}, {tea.KeyMsg{Type: tea.KeyPgUp}, -7},
		{tea.KeyMsg{Type: tea.KeyCtrlD}, 7}, {keys("g"), -toEnd}, {tea.KeyMsg{Type: tea.KeyEnd}, toEnd},
	} {
		n, ok := k.Move(tc.msg, 7)
		require.True(t, ok, tc.msg.String())
		require.Equal(t, tc.want, n, tc.msg.String())
	}
	_, ok := k.Move(keys("x"), 7)
	require.False(t, ok, "x is not a list key")
}
