package tui

// The Mapping screen's pickers: the product, and a row's value.

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/spirajira/spirajira/mapping"
)

func (s *mappingScreen) productPicker() tea.Cmd {
	items := make([]pickItem, len(s.products))
	for i, p := range s.products {
		items[i] = pickItem{Label: p.Name, Hint: fmt.Sprintf("PR:%d", p.ProjectID), Value: fmt.Sprint(p.ProjectID)}
	}
	p, cmd := newPicker(s.env.st, "Pick a Spira product", items)
	p.SetSize(min(s.w, 70), min(s.h, 20))
	s.picker, s.pickerFor = &p, ""
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
	p, cmd := newPicker(s.env.st, title, items)
	p.SetSize(min(s.w, 70), min(s.h, 20))
	s.picker, s.pickerFor = &p, r.SpiraID
	return cmd
}

func (s *mappingScreen) pickerKey(msg tea.KeyMsg) tea.Cmd {
	p, cmd := s.picker.Update(msg)
	s.picker = &p
	done, chosen := p.Result()
	if !done {
		return cmd
	}
	s.picker = nil
	if chosen == nil {
		return nil
	}
	if s.pickerFor == "" { // the product picker
		id, _ := strconv.Atoi(chosen.Value) // the picker's values are product IDs
		return s.startOpen(mapping.Ref{ID: id, Name: chosen.Label})
	}
	cat := s.cats[s.cat]
	if err := s.ed.SetJira(cat.Key, s.pickerFor, chosen.Value); err != nil {
		s.errS = errText(err)
		return flash(s.errS)
	}
	return s.edited()
}
