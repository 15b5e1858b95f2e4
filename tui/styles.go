package tui

import "github.com/charmbracelet/lipgloss"

// Theme names the colours by what they mean, each adapting to light and dark
// terminals.
type Theme struct {
	Accent  lipgloss.AdaptiveColor
	Muted   lipgloss.AdaptiveColor
	Text    lipgloss.AdaptiveColor
	OK      lipgloss.AdaptiveColor
	Warn    lipgloss.AdaptiveColor
	Error   lipgloss.AdaptiveColor
	Surface lipgloss.AdaptiveColor
}

// DefaultTheme is the palette the TUI uses unless told otherwise.
func DefaultTheme() Theme {
	return Theme{
		Accent:  lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#9D8CFF"},
		Muted:   lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"},
		Text:    lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#E8E8E8"},
		OK:      lipgloss.AdaptiveColor{Light: "#1E7B34", Dark: "#5FD37A"},
		Warn:    lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#E3B341"},
		Error:   lipgloss.AdaptiveColor{Light: "#B42318", Dark: "#FF7B72"},
		Surface: lipgloss.AdaptiveColor{Light: "#E8E4F8", Dark: "#2E2A45"},
	}
}

// Styles holds every style the TUI renders with, grouped by where it is used.
// It is built once and passed down; views never build styles.
type Styles struct {
	Tabs struct {
		Active, Inactive, Bar lipgloss.Style
	}
	Status struct {
		Bar, Key, Value, Error, Modified lipgloss.Style
	}
	Table struct {
		Header, Cell, Selected, Empty lipgloss.Style
	}
	Pane struct {
		Title, Border, Focused, Label lipgloss.Style
	}
	Verdict struct {
		OK, Warn, Fail lipgloss.Style
	}
	Diff struct {
		Add, Del, Change lipgloss.Style
	}
	Muted, Accent, Bold, Error, Warn, OK lipgloss.Style
	Dialog                               lipgloss.Style
}

// NewStyles builds the styles for a theme. With noColor, only layout and
// text attributes that survive NO_COLOR are kept; selection is also marked
// by text, so nothing depends on colour.
func NewStyles(t Theme, noColor bool) Styles {
	c := func(col lipgloss.AdaptiveColor) lipgloss.TerminalColor {
		if noColor {
			return lipgloss.NoColor{}
		}
		return col
	}
	var s Styles
	base := lipgloss.NewStyle()
	s.Tabs.Active = base.Bold(true).Foreground(c(t.Accent)).Underline(true).Padding(0, 1)
	s.Tabs.Inactive = base.Foreground(c(t.Muted)).Padding(0, 1)
	s.Tabs.Bar = base
	s.Status.Bar = base.Foreground(c(t.Text)).Background(c(t.Surface))
	s.Status.Key = base.Foreground(c(t.Muted)).Background(c(t.Surface))
	s.Status.Value = base.Foreground(c(t.Text)).Background(c(t.Surface)).Bold(true)
	s.Status.Error = base.Foreground(c(t.Error)).Background(c(t.Surface)).Bold(true)
	s.Status.Modified = base.Foreground(c(t.Warn)).Background(c(t.Surface)).Bold(true)
	s.Table.Header = base.Bold(true).Foreground(c(t.Accent))
	s.Table.Cell = base
	s.Table.Selected = base.Bold(true).Foreground(c(t.Accent))
	s.Table.Empty = base.Foreground(c(t.Muted)).Italic(true)
	s.Pane.Title = base.Bold(true).Foreground(c(t.Accent))
	s.Pane.Border = base.Border(lipgloss.NormalBorder()).BorderForeground(c(t.Muted))
	s.Pane.Focused = base.Border(lipgloss.NormalBorder()).BorderForeground(c(t.Accent))
	s.Pane.Label = base.Foreground(c(t.Muted))
	s.Verdict.OK = base.Foreground(c(t.OK)).Bold(true)
	s.Verdict.Warn = base.Foreground(c(t.Warn)).Bold(true)
	s.Verdict.Fail = base.Foreground(c(t.Error)).Bold(true)
	s.Diff.Add = base.Foreground(c(t.OK))
	s.Diff.Del = base.Foreground(c(t.Error))
	s.Diff.Change = base.Foreground(c(t.Warn))
	s.Muted = base.Foreground(c(t.Muted))
	s.Accent = base.Foreground(c(t.Accent))
	s.Bold = base.Bold(true)
	s.Error = base.Foreground(c(t.Error))
	s.Warn = base.Foreground(c(t.Warn))
	s.OK = base.Foreground(c(t.OK))
	s.Dialog = base.Border(lipgloss.RoundedBorder()).BorderForeground(c(t.Accent)).Padding(0, 1)
	return s
}
