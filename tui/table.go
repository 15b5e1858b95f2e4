package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
)

const maxColumnWidth = 48

// tableModel is a filterable table that renders only the rows on screen, so
// a tab of thousands of versions stays fast. The selected row is marked with
// "›" as well as styled, so it reads without colour. Without the focus it
// ignores keys and shows its cursor dimmed.
type tableModel struct {
	st      *Styles
	keys    tableKeyMap
	focused bool

	cols   []string
	rows   [][]string
	lower  []string // each row's cells joined and lowercased, for filtering
	widths []int    // natural width per column, up to maxColumnWidth
	full   []int    // natural width per column, uncapped
	// idFirst: the first column is an ID, cut last and in its middle, so
	// that IDs sharing a prefix stay apart.
	idFirst bool

	idx            []int // rows shown, after the filter
	cursor, offset int
	width, height  int

	filter    textinput.Model
	filtering bool
	empty     string
}

func newTable(st *Styles) tableModel {
	ti := textinput.New()
	ti.PlaceholderStyle = st.Muted
	ti.Prompt = "/"
	ti.CharLimit = 200
	return tableModel{st: st, keys: tableKeyMap{List: newListKeys(), Filter: newFilterKeys()}, filter: ti, empty: "Nothing to show."}
}

// tableKeyMap is the table's keys: the cursor's, or the filter's while one
// is typed.
type tableKeyMap struct {
	List      listKeys
	Filter    filterKeys
	filtering bool
}

func (k tableKeyMap) ShortHelp() []key.Binding {
	if k.filtering {
		return k.Filter.ShortHelp()
	}
	return k.List.all()
}

func (k tableKeyMap) FullHelp() [][]key.Binding {
	if k.filtering {
		return k.Filter.FullHelp()
	}
	return [][]key.Binding{k.List.all()}
}

// Focus lets the table take keys.
func (t *tableModel) Focus() { t.focused = true }

// Blur makes the table ignore keys and dims its cursor.
func (t *tableModel) Blur() { t.focused = false }

func (t tableModel) Focused() bool { return t.focused }

// SetData replaces columns and rows, keeping the filter.
func (t *tableModel) SetData(cols []string, rows [][]string) {
	t.cols, t.rows = cols, rows
	t.lower = make([]string, len(rows))
	t.widths = make([]int, len(cols))
	t.full = make([]int, len(cols))
	for i, c := range cols {
		t.widths[i] = runewidth.StringWidth(c)
		t.full[i] = t.widths[i]
	}
	for r, row := range rows {
		t.lower[r] = strings.ToLower(strings.Join(row, "\x00"))
		for i, c := range row {
			if i < len(t.widths) {
				cw := runewidth.StringWidth(c)
				t.widths[i] = max(t.widths[i], min(cw, maxColumnWidth))
				t.full[i] = max(t.full[i], cw)
			}
		}
	}
	t.cursor, t.offset = 0, 0
	t.applyFilter()
}

// SetSize sets the outer size of the table, its count line included.
func (t *tableModel) SetSize(w, h int) {
	t.width, t.height = w, h
	t.filter.Width = max(w-2, 1)
	t.clamp()
}

func (t *tableModel) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(t.filter.Value()))
	// A fresh slice: copies of the model made by value must not share it.
	t.idx = make([]int, 0, len(t.rows))
	for i := range t.rows {
		if q == "" || strings.Contains(t.lower[i], q) {
			t.idx = append(t.idx, i)
		}
	}
	t.clamp()
}

func (t *tableModel) bodyHeight() int { return max(t.height-2, 1) }

func (t *tableModel) clamp() {
	t.cursor = max(min(t.cursor, len(t.idx)-1), 0)
	h := t.bodyHeight()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+h {
		t.offset = t.cursor - h + 1
	}
	t.offset = max(min(t.offset, len(t.idx)-h), 0)
}

// Selected returns the index, in the rows given to SetData, of the selected
// row.
func (t tableModel) Selected() (int, bool) {
	if len(t.idx) == 0 {
		return 0, false
	}
	return t.idx[t.cursor], true
}

// Filtering reports whether the filter field has the keyboard.
func (t tableModel) Filtering() bool { return t.filtering }

// FilterValue is the current filter text.
func (t tableModel) FilterValue() string { return t.filter.Value() }

// Shown is the number of rows left by the filter.
func (t tableModel) Shown() int { return len(t.idx) }

// StartFilter gives the keyboard to the filter field.
func (t *tableModel) StartFilter() tea.Cmd {
	t.filtering = true
	return t.filter.Focus()
}

// ClearFilter empties the filter and shows every row.
func (t *tableModel) ClearFilter() {
	t.filtering = false
	t.filter.Blur()
	t.filter.SetValue("")
	t.applyFilter()
}

// Scroll moves the cursor by n rows (mouse wheel).
func (t *tableModel) Scroll(n int) {
	t.cursor += n
	t.clamp()
}

// KeyMap is the help for the table in its current state.
func (t tableModel) KeyMap() tableKeyMap {
	k := t.keys
	k.filtering = t.filtering
	return k
}

// Update moves the cursor and, while filtering, edits the filter; without
// the focus, it ignores keys.
func (t tableModel) Update(msg tea.Msg) (tableModel, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if ok && !t.focused {
		return t, nil
	}
	if t.filtering {
		if ok {
			switch {
			case key.Matches(km, t.keys.Filter.Apply):
				t.filtering = false
				t.filter.Blur()
				return t, nil
			case key.Matches(km, t.keys.Filter.Clear):
				t.ClearFilter()
				return t, nil
			}
		}
		before := t.filter.Value()
		var cmd tea.Cmd
		t.filter, cmd = t.filter.Update(msg)
		if t.filter.Value() != before {
			t.applyFilter()
		}
		return t, cmd
	}
	if !ok {
		return t, nil
	}
	if n, ok := t.keys.List.Move(km, t.bodyHeight()); ok {
		t.Scroll(n)
	}
	return t, nil
}

// fitWidths shrinks the widest columns until the row fits the width (an
// ID first column last of all), or, with room to spare, widens the columns
// cut at maxColumnWidth toward their full width.
func (t tableModel) fitWidths() []int {
	w := append([]int(nil), t.widths...)
	avail := t.width - 2 - 2*max(len(w)-1, 0) // marker and gaps
	total := 0
	for _, x := range w {
		total += x
	}
	for total < avail {
		wi := -1
		for i := range w {
			if i < len(t.full) && w[i] < t.full[i] && (wi < 0 || t.full[i]-w[i] > t.full[wi]-w[wi]) {
				wi = i
			}
		}
		if wi < 0 {
			break
		}
		w[wi]++
		total++
	}
	for total > avail && total > len(w) {
		wi := -1
		for i := range w {
			if t.idFirst && i == 0 {
				continue
			}
			if w[i] > 3 && (wi < 0 || w[i] > w[wi]) {
				wi = i
			}
		}
		if wi < 0 {
			if !t.idFirst || w[0] <= 3 {
				break
			}
			wi = 0
		}
		w[wi]--
		total--
	}
	return w
}

// midCell fits s to w by cutting its middle: "5b10ac…4e01".
func midCell(s string, w int) string {
	if runewidth.StringWidth(s) <= w || w < 5 {
		return cell(s, w)
	}
	return runewidth.FillRight(midCut(s, w), w)
}

// midCut cuts the middle of s (an ID) to fit w; under 5 columns, or when
// s fits, s is left whole for the line's own cut.
func midCut(s string, w int) string {
	r := []rune(s)
	if runewidth.StringWidth(s) <= w || w < 5 {
		return s
	}
	tail := (w - 1) / 2
	head := w - 1 - tail
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

func cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = strings.ReplaceAll(s, "\n", " ")
	if runewidth.StringWidth(s) > w {
		s = runewidth.Truncate(s, w, "…")
	}
	return runewidth.FillRight(s, w)
}

// View renders the count line, the header and the rows on screen.
func (t tableModel) View() string {
	var b strings.Builder
	count := fmt.Sprintf("%d of %d", len(t.idx), len(t.rows))
	switch {
	case t.filtering:
		// The field pads itself to its width: leave room for the count.
		f := t.filter
		f.Width = max(t.width-len(f.Prompt)-len(count)-3, 1)
		b.WriteString(ansi.Truncate(f.View()+"  "+t.st.Muted.Render(count), max(t.width, 1), ""))
	case t.filter.Value() != "":
		b.WriteString(t.st.Accent.Render("/"+t.filter.Value()) + "  " + t.st.Muted.Render(count+" · esc clears"))
	default:
		b.WriteString(t.st.Muted.Render(count + " · / filters"))
	}
	b.WriteByte('\n')
	widths := t.fitWidths()
	line := func(cells []string) string {
		parts := make([]string, len(widths))
		for i := range widths {
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			if i == 0 && t.idFirst {
				parts[i] = midCell(v, widths[i])
			} else {
				parts[i] = cell(v, widths[i])
			}
		}
		return strings.TrimRight(strings.Join(parts, "  "), " ")
	}
	b.WriteString(t.st.Table.Header.Render("  " + line(t.cols)))
	h := t.bodyHeight()
	if len(t.idx) == 0 {
		b.WriteString("\n" + t.st.Table.Empty.Render("  "+t.empty))
		return b.String()
	}
	for i := t.offset; i < min(t.offset+h, len(t.idx)); i++ {
		b.WriteByte('\n')
		row := line(t.rows[t.idx[i]])
		switch {
		case i == t.cursor && t.focused:
			b.WriteString(t.st.Table.Selected.Render(ansi.Truncate("› "+row, max(t.width, 1), "")))
		case i == t.cursor:
			b.WriteString(t.st.Muted.Render(ansi.Truncate("› "+row, max(t.width, 1), "")))
		default:
			b.WriteString(t.st.Table.Cell.Render(ansi.Truncate("  "+row, max(t.width, 1), "")))
		}
	}
	return b.String()
}
