package tui

import tea "github.com/charmbracelet/bubbletea"

// notSet is how an empty setting reads on every screen.
const notSet = "(not set)"

// editText opens a one-field form for a setting typed in.
func (s *mappingScreen) editText(r MappingRow) tea.Cmd {
	f := newForm(s.env.st, "Plug-in setting "+r.SpiraName)
	f.add(r.SpiraName, r.JiraID, r.Hint+" · enter sets it, esc leaves it as it is")
	f.SetWidth(s.w)
	s.text, s.textFor = &f, r.SpiraID
	return s.text.Focus()
}

func (s *mappingScreen) textKey(msg tea.KeyMsg) tea.Cmd {
	f, cmd := s.text.Update(msg)
	s.text = &f
	done, submitted := f.Result()
	if !done {
		return cmd
	}
	s.text = nil
	if !submitted {
		return nil
	}
	cat := s.cats[s.cat]
	if err := s.ed.SetJira(cat.Key, s.textFor, f.fields[0].input.Value()); err != nil {
		s.errS = errText(err)
		return flash(s.errS)
	}
	s.errS = ""
	return s.edited()
}
