package cli

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// minColumnWidth is as narrow as fitTable makes a column: enough to
// recognise a value by its start.
const minColumnWidth = 6

// fitTable narrows the widest columns of t, as gh does, until a row fits in
// width columns, and truncates their cells with an ellipsis, so that each row
// stays one line. styled says the table has the lipgloss padding (one space
// each side of a cell) rather than the plain two-space gap. The first column
// (the ID) is never cut while another can give.
func fitTable(t Table, width int, styled bool) Table {
	n := len(t.Headers)
	if n == 0 || width <= 0 {
		return t
	}
	widths := make([]int, n)
	measure := func(row []string) {
		for i, c := range row {
			if i < n {
				widths[i] = max(widths[i], lipgloss.Width(c))
			}
		}
	}
	measure(t.Headers)
	for _, r := range t.Rows {
		measure(r)
	}
	gaps := 2 * (n - 1)
	if styled {
		gaps = 2 * n
	}
	total := gaps
	for _, w := range widths {
		total += w
	}
	if total <= width {
		return t
	}
	orig := append([]int(nil), widths...)
	for total > width {
		widest := -1
		for i, w := range widths {
			if w <= minColumnWidth || (i == 0 && n > 1) {
				continue
			}
			if widest < 0 || w > widths[widest] {
				widest = i
			}
		}
		if widest < 0 {
			break // nothing left to narrow: let the terminal wrap
		}
		widths[widest]--
		total--
	}
	cut := func(row []string) []string {
		out := make([]string, len(row))
		for i, c := range row {
			if i < n && widths[i] < orig[i] {
				c = ansi.Truncate(c, widths[i], "…")
			}
			out[i] = c
		}
		return out
	}
	fitted := Table{Headers: cut(t.Headers), Rows: make([][]string, len(t.Rows))}
	for i, r := range t.Rows {
		fitted.Rows[i] = cut(r)
	}
	return fitted
}
