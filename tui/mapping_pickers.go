package tui

// The Mapping screen's pickers: the product, and a row's value.

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// mappingPicker picks a product to open, or the Jira value of one row.
type mappingPicker struct {
	pickerModel
	// cat and spiraID are the row the value is for; empty, the picker's
	// values are product IDs.
	cat, spiraID string
}

// pickerChoice is what a picker's choice asks of the Mapping screen: to
// open product, or else to set the row's Jira value to value.
type pickerChoice struct {
	product             *mapping.Ref
	cat, spiraID, value string
}

func newProductPicker(st *Styles, products []spiraclient.RemoteProject, w, h int) (mappingPicker, tea.Cmd) {
	items := make([]pickItem, len(products))
	for i, p := range products {
		items[i] = pickItem{Label: p.Name, Hint: fmt.Sprintf("PR:%d", p.ProjectID), Value: fmt.Sprint(p.ProjectID)}
	}
	p, cmd := newPicker(st, "Pick a Spira product", items)
	p.SetSize(min(w, 70), min(h, 20))
	return mappingPicker{pickerModel: p}, cmd
}

// newValuePicker offers the choices for row r of cat.
func newValuePicker(st *Styles, cat MappingCategory, r MappingRow, choices []mapping.Choice, w, h int) (mappingPicker, tea.Cmd) {
	items := make([]pickItem, len(choices))
	for i, c := range choices {
		// The ID when it says more than the name, then the choice's hint.
		var hint []string
		if c.ID != "" && c.ID != c.Name {
			hint = append(hint, c.ID)
		}
		if c.Hint != "" {
			hint = append(hint, c.Hint)
		}
		items[i] = pickItem{Label: c.Name, Hint: strings.Join(hint, " · "), Value: c.ID}
	}
	title := "Jira value for " + r.SpiraName
	if cat.Settings {
		title = r.SpiraName // a plug-in setting: its value, not a Jira one
	}
	p, cmd := newPicker(st, title, items)
	p.SetSize(min(w, 70), min(h, 20))
	return mappingPicker{pickerModel: p, cat: cat.Key, spiraID: r.SpiraID}, cmd
}

// Update passes msg to the picker; choice is non-nil once something is
// chosen (done without a choice: cancelled).
func (p mappingPicker) Update(msg tea.Msg) (_ mappingPicker, _ tea.Cmd, choice *pickerChoice) {
	var cmd tea.Cmd
	p.pickerModel, cmd = p.pickerModel.Update(msg)
	done, chosen := p.Result()
	if !done || chosen == nil {
		return p, cmd, nil
	}
	if p.spiraID == "" {
		id, _ := strconv.Atoi(chosen.Value) // the values are product IDs
		return p, cmd, &pickerChoice{product: &mapping.Ref{ID: id, Name: chosen.Label}}
	}
	return p, cmd, &pickerChoice{cat: p.cat, spiraID: p.spiraID, value: chosen.Value}
}

// Done is true once the picker has chosen or been cancelled.
func (p mappingPicker) Done() bool {
	done, _ := p.Result()
	return done
}

func (s *mappingScreen) productPicker() tea.Cmd {
	p, cmd := newProductPicker(s.env.st, s.products, s.w, s.h)
	s.picker = &p
	return cmd
}

func (s *mappingScreen) valuePicker() tea.Cmd {
	cat := s.cats[s.cat]
	if s.row >= len(cat.Rows) {
		return nil
	}
	r := cat.Rows[s.row]
	if cat.ReadOnly {
		return flash(r.SpiraName + " follows the plug-in settings and the mapping: change those to turn it on or off")
	}
	if r.Text {
		return s.editText(r)
	}
	choices := s.ed.Choices(cat.Key, r.SpiraID)
	if len(choices) == 0 {
		return flash("Nothing to pick for " + r.SpiraName + " (no Jira values read for it): edit it in mapping.yaml, s saves it")
	}
	p, cmd := newValuePicker(s.env.st, cat, r, choices, s.w, s.h)
	s.picker = &p
	return cmd
}

// pickerKey routes a key to the picker and does what its choice asks.
func (s *mappingScreen) pickerKey(msg tea.KeyMsg) tea.Cmd {
	p, cmd, choice := s.picker.Update(msg)
	if !p.Done() {
		s.picker = &p
		return cmd
	}
	s.picker = nil
	switch {
	case choice == nil:
		return nil
	case choice.product != nil:
		return s.startOpen(*choice.product)
	}
	if err := s.ed.SetJira(choice.cat, choice.spiraID, choice.value); err != nil {
		s.errS = errText(err)
		return flash(s.errS)
	}
	return s.edited()
}
