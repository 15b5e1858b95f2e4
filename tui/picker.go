package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// pickItem is one choice of a picker; Value is what the caller gets back.
type pickItem struct{ Label, Hint, Value string }

// pickerModel is a fuzzy picker: type to narrow, arrows to move, enter to
// choose. The caller reads Result after each Update.
type pickerModel struct {
	st      *Styles
	keys    pickerKeys
	title   string
	items   []pickItem
	labels  []string
	matches []int
	cursor  int
	input   textinput.Model
	width   int
	height  int

	done   bool
	chosen *pickItem
}

func newPicker(st *Styles, title string, items []pickItem) (pickerModel, tea.Cmd) {
	ti := textinput.New()
	ti.PlaceholderStyle = st.Muted
	ti.Prompt = "> "
	ti.Placeholder = "type to filter"
	labels := make([]string, len(items))
	for i, it := range items {
		labels[i] = it.Label + " " + it.Hint
	}
	p := pickerModel{st: st, keys: newPickerKeys(), title: title, items: items, labels: labels, input: ti, width: 60, height: 12}
	p.matches = fuzzyFilter("", labels)
	return p, p.input.Focus()
}

// SetSize bounds the picker's box.
func (p *pickerModel) SetSize(w, h int) {
	p.width, p.height = w, h
	p.input.Width = max(w-6, 1)
}

// Result says whether the picker is finished and, if something was chosen,
// what.
func (p pickerModel) Result() (done bool, chosen *pickItem) { return p.done, p.chosen }

// Scroll moves the cursor (mouse wheel).
func (p *pickerModel) Scroll(n int) {
	p.cursor = max(min(p.cursor+n, len(p.matches)-1), 0)
}

func (p pickerModel) Update(msg tea.Msg) (pickerModel, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(km, p.keys.Cancel):
			p.done = true
			return p, nil
		case key.Matches(km, p.keys.Choose):
			if len(p.matches) > 0 {
				it := p.items[p.matches[p.cursor]]
				p.chosen = &it
			}
			p.done = true
			return p, nil
		case key.Matches(km, p.keys.Up):
			p.Scroll(-1)
			return p, nil
		case key.Matches(km, p.keys.Down):
			p.Scroll(1)
			return p, nil
		}
	}
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	if p.input.Value() != before {
		p.matches = fuzzyFilter(p.input.Value(), p.labels)
		p.cursor = 0
	}
	return p, cmd
}

func (p pickerModel) View() string {
	var b strings.Builder
	b.WriteString(p.st.Pane.Title.Render(p.title))
	b.WriteString("  " + p.st.Muted.Render(fmt.Sprintf("%d of %d", len(p.matches), len(p.items))) + "\n")
	b.WriteString(p.input.View() + "\n")
	rows := max(p.height-4, 1)
	start := 0
	if p.cursor >= rows {
		start = p.cursor - rows + 1
	}
	inner := max(p.width-4, 10)
	if len(p.matches) == 0 {
		b.WriteString(p.st.Table.Empty.Render("  no match"))
	}
	for i := start; i < min(start+rows, len(p.matches)); i++ {
		it := p.items[p.matches[i]]
		line := it.Label
		if it.Hint != "" {
			line += "  " + p.st.Muted.Render(it.Hint)
		}
		if i == p.cursor {
			line = p.st.Table.Selected.Render("› ") + p.st.Table.Selected.Render(it.Label) + hintSuffix(p.st, it.Hint)
		} else {
			line = "  " + line
		}
		// The dialog's padding takes two columns: a longer line would
		// wrap out of the box.
		b.WriteString(ansi.Truncate(line, inner-2, "…"))
		if i < min(start+rows, len(p.matches))-1 {
			b.WriteByte('\n')
		}
	}
	return p.st.Dialog.Width(inner).Render(b.String())
}

func hintSuffix(st *Styles, hint string) string {
	if hint == "" {
		return ""
	}
	return "  " + st.Muted.Render(hint)
}
