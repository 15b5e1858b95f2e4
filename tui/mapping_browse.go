package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
)

// The Mapping screen's browse view: the categories, their rows Spira → Jira
// with the problems inline, and the head lines above them.

// headLines are the lines above the body of an open product: its title and
// problem counts, the spinner, the last error.
func (s mappingScreen) headLines() []string {
	st := s.env.st
	title := st.Bold.Render(s.product.Name) + st.Muted.Render(fmt.Sprintf("  PR:%d", s.product.ID))
	errs, warns := 0, 0
	for _, p := range s.problems {
		if p.Severity == mapping.Error {
			errs++
		} else {
			warns++
		}
	}
	title += "  " + s.problemCount(errs, warns)
	head := []string{ansi.Truncate(title, s.w, "…")}
	if v := s.load.View(); v != "" {
		head = append(head, v)
	}
	if s.errS != "" {
		head = append(head, errorLines(st, s.errS, s.w)...)
	}
	if s.savedTo != "" {
		for _, l := range wrapText(s.savedTo, s.w) {
			head = append(head, st.OK.Render(l))
		}
	}
	if s.overwrite != "" {
		for _, l := range wrapText(s.overwrite+": overwrite it with this mapping? y overwrites, n keeps the file as it is", s.w) {
			head = append(head, st.Warn.Render(l))
		}
	}
	return head
}

func (s mappingScreen) errorCount() int {
	n := 0
	for _, p := range s.problems {
		if p.Severity == mapping.Error {
			n++
		}
	}
	return n
}

func (s mappingScreen) bodyHeight() int { return max(s.h-len(s.headLines()), 3) }

func (s mappingScreen) problemCount(errs, warns int) string {
	st := s.env.st
	if errs == 0 && warns == 0 {
		return st.OK.Render("✓ no problems")
	}
	out := ""
	if errs > 0 {
		out += st.Error.Render("✗ " + words.Count(errs, "error"))
	}
	if warns > 0 {
		if out != "" {
			out += " "
		}
		out += st.Warn.Render("! " + words.Count(warns, "warning"))
	}
	return out
}

func (s mappingScreen) browseView(h int) string {
	st := s.env.st
	counts := map[string]int{}
	for _, p := range s.problems {
		cat, _ := where(p.Location)
		counts[cat]++
	}
	// The categories take the width of the longest, up to a third of the
	// window (the rows come first): "Requirement custom properties (2)" is
	// not cut from 100 columns on.
	longest := 0
	for _, c := range s.cats {
		label := c.Title
		if n := counts[c.Key]; n > 0 {
			label += fmt.Sprintf(" (%d)", n)
		}
		longest = max(longest, ansi.StringWidth(label)+2)
	}
	leftW := max(min(longest, s.w/3, 36), 16)
	rightW := max(s.w-leftW-3, 10)

	var left []string
	for i, c := range s.cats {
		// A name too long for the column is cut before its count, so
		// that the count of problems stays in view.
		count := ""
		if n := counts[c.Key]; n > 0 {
			count = fmt.Sprintf(" (%d)", n)
		}
		label := ansi.Truncate(c.Title, leftW-2-ansi.StringWidth(count), "…") + count
		marker := "  "
		if i == s.cat {
			marker = "› "
			if s.rowsFocus {
				marker = "· "
			}
		}
		line := ansi.Truncate(marker+label, leftW, "…")
		switch {
		case i == s.cat && !s.rowsFocus:
			line = st.Table.Selected.Render(line)
		case i == s.cat:
			line = st.Bold.Render(line)
		case counts[c.Key] > 0:
			line = st.Warn.Render(line)
		}
		left = append(left, line)
	}
	start := 0
	if s.cat >= h {
		start = s.cat - h + 1
	}
	left = left[start:min(len(left), start+h)]

	right := s.rowsView(rightW, h)
	l := lipgloss.NewStyle().Width(leftW).Render(strings.Join(left, "\n"))
	sep := strings.TrimRight(strings.Repeat(" │\n", h), "\n")
	return lipgloss.JoinHorizontal(lipgloss.Top, l, st.Muted.Render(sep), " ", fitHeight(right, h))
}

func (s mappingScreen) rowsView(w, h int) string {
	st := s.env.st
	if s.cat >= len(s.cats) {
		return ""
	}
	cat := s.cats[s.cat]
	var lines []string
	rowStart := make([]int, len(cat.Rows))
	for _, p := range s.problems {
		if c, row := where(p.Location); c == cat.Key && row == "" {
			lines = append(lines, s.problemLines(p, w)...)
		}
	}
	sw := 0
	for _, r := range cat.Rows {
		sw = max(sw, ansi.StringWidth(r.SpiraName))
	}
	sw = min(sw, max(w/2-4, 8))
	for i, r := range cat.Rows {
		rowStart[i] = len(lines)
		jira := r.JiraName
		if r.JiraID == "" && cat.Settings {
			jira = st.Muted.Render(notSet)
			if r.JiraName != "" {
				jira = st.Muted.Render(notSet + " · " + r.JiraName) // a blank slot still has a reading
			}
		} else if r.JiraID == "" {
			jira = st.Muted.Render("(unmapped)")
		} else if jira == "" || jira == r.JiraID {
			jira = r.JiraID
		} else {
			// An ID too long for the pane loses its middle, not its end:
			// account IDs share their first characters.
			star := 0
			if cat.Primary && r.Primary {
				star = ansi.StringWidth("  ★ primary")
			}
			room := w - 2 - sw - 3 - ansi.StringWidth(jira) - 3 - star
			jira += st.Muted.Render(" [" + midCut(r.JiraID, room) + "]")
		}
		line := cell(r.SpiraName, sw) + " → " + jira
		if cat.Primary && r.Primary {
			line += st.Accent.Render("  ★ primary")
		}
		if s.rowsFocus && i == s.row {
			line = st.Table.Selected.Render("› ") + line
		} else {
			line = "  " + line
		}
		lines = append(lines, ansi.Truncate(line, w, "…"))
		for _, p := range s.problems {
			if c, row := where(p.Location); c == cat.Key && row == r.SpiraID {
				lines = append(lines, s.problemLines(p, w)...)
			}
		}
	}
	if len(cat.Rows) == 0 && len(lines) == 0 {
		lines = append(lines, st.Muted.Render("  nothing to map here"))
	}
	off := 0
	if s.rowsFocus && s.row < len(rowStart) && rowStart[s.row] >= h {
		off = rowStart[s.row] - h + 2
	}
	return strings.Join(lines[min(off, len(lines)):], "\n")
}

// problemLines shows a problem and its fix in full, wrapped to the pane.
func (s mappingScreen) problemLines(p mapping.Problem, w int) []string {
	st := s.env.st
	mark := st.Warn.Render("    ! ")
	if p.Severity == mapping.Error {
		mark = st.Error.Render("    ✗ ")
	}
	wrap := lipgloss.NewStyle().Width(max(w-6, 10))
	var out []string
	for i, l := range strings.Split(wrap.Render(p.Message), "\n") {
		lead := "      "
		if i == 0 {
			lead = mark
		}
		out = append(out, lead+strings.TrimRight(l, " "))
	}
	if p.Fix != "" {
		for _, l := range strings.Split(wrap.Render("fix: "+p.Fix), "\n") {
			out = append(out, "      "+st.Muted.Render(strings.TrimRight(l, " ")))
		}
	}
	return out
}
