package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// formField is one labelled input of a form.
type formField struct {
	label string
	hint  string
	input textinput.Model
}

// formModel is a column of labelled inputs; secrets are masked. The caller
// reads Result after each Update.
type formModel struct {
	st     *Styles
	keys   formKeys
	title  string
	fields []formField
	focus  int
	width  int

	done, submitted bool
}

func newForm(st *Styles, title string) formModel {
	return formModel{st: st, keys: newFormKeys(), title: title, width: 80}
}

func (f *formModel) add(label, value, hint string) {
	ti := textinput.New()
	ti.PlaceholderStyle = f.st.Muted
	ti.Prompt = ""
	ti.SetValue(value)
	ti.CharLimit = 500
	f.fields = append(f.fields, formField{label: label, hint: hint, input: ti})
}

// addSecret adds a masked field, which starts empty. With a secret stored,
// empty keeps it and the field says "(unchanged)"; without one, the field
// shows want: what to type.
func (f *formModel) addSecret(label, hint, want string, stored bool) {
	f.add(label, "", hint)
	ti := &f.fields[len(f.fields)-1].input
	ti.EchoMode = textinput.EchoPassword
	ti.EchoCharacter = '•'
	ti.Placeholder = want
	if stored {
		ti.Placeholder = "(unchanged)"
	}
}

// Focus gives the keyboard to the first field.
func (f *formModel) Focus() tea.Cmd {
	f.focus = 0
	return f.fields[0].input.Focus()
}

func (f *formModel) SetWidth(w int) {
	f.width = w
	for i := range f.fields {
		f.fields[i].input.Width = max(w-20, 10)
	}
}

// Value is the text of the field with the given label.
func (f formModel) Value(label string) string {
	for _, fl := range f.fields {
		if fl.label == label {
			return strings.TrimSpace(fl.input.Value())
		}
	}
	return ""
}

// Result says whether the form is finished, and whether it was submitted.
func (f formModel) Result() (done, submitted bool) { return f.done, f.submitted }

func (f formModel) Update(msg tea.Msg) (formModel, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		move := 0
		switch {
		case key.Matches(km, f.keys.Cancel):
			f.done = true
			return f, nil
		case key.Matches(km, f.keys.Save):
			f.done, f.submitted = true, true
			return f, nil
		case key.Matches(km, f.keys.Next):
			move = 1
		case key.Matches(km, f.keys.Prev):
			move = -1
		}
		if move != 0 {
			f.fields[f.focus].input.Blur()
			f.focus = (f.focus + move + len(f.fields)) % len(f.fields)
			return f, f.fields[f.focus].input.Focus()
		}
	}
	var cmd tea.Cmd
	f.fields[f.focus].input, cmd = f.fields[f.focus].input.Update(msg)
	return f, cmd
}

func (f formModel) View() string {
	var b strings.Builder
	b.WriteString(f.st.Pane.Title.Render(f.title) + "\n")
	for i, fl := range f.fields {
		marker := "  "
		if i == f.focus {
			marker = f.st.Table.Selected.Render("› ")
		}
		line := marker + f.st.Pane.Label.Render(cell(fl.label, 14)) + " " + fl.input.View()
		b.WriteString(ansi.Truncate(line, f.width, "…") + "\n")
		if i == f.focus && fl.hint != "" {
			// The hint wraps: its end ("empty keeps the stored one") matters.
			for _, l := range wrapText(fl.hint, f.width-17) {
				b.WriteString(f.st.Muted.Render("                 "+l) + "\n")
			}
		}
	}
	return b.String()
}
