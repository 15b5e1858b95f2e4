package cli

import (
	"os"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/spirajira/spirajira/internal/termbg"
)

// backgroundTimeout bounds the TUI's one question to the terminal: a
// terminal that answers does so in milliseconds, one that never does must
// not hold the TUI up.
const backgroundTimeout = 300 * time.Millisecond

// detectBackground asks the terminal for its background colour once, before
// the TUI takes it, so that the adaptive colours suit it. Without an answer
// the styles keep their dark-background choice. (The libraries' own query,
// in Bubble Tea's package init, is kept off by internal/quietinit.)
func detectBackground(f *Factory) {
	if !f.IO.CanPrompt() || !f.IO.ColorEnabled() {
		return
	}
	if dark, ok := termbg.IsDark(os.Stdin, os.Stdout, backgroundTimeout); ok {
		lipgloss.SetHasDarkBackground(dark)
	}
}
