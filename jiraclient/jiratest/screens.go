package jiratest

import "slices"

// RemoveFromEditScreen takes a field off an issue type's edit screen, as an
// administrator editing the screen scheme does: editmeta stops listing it
// and edits that set it are refused. The create screen is unchanged.
func (s *Sim) RemoveFromEditScreen(typeID, fieldID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.site.editScreen[typeID] = slices.DeleteFunc(slices.Clone(s.site.editScreen[typeID]), func(f string) bool { return f == fieldID })
}
