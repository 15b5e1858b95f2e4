package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func bind(keys []string, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

// globalKeys work on every screen unless a text field has focus.
type globalKeys struct {
	Next, Prev, Screen1, Screen2, Screen3, Screen4, Help, Quit, ForceQuit key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Next:      bind([]string{"tab"}, "tab", "next screen"),
		Prev:      bind([]string{"shift+tab"}, "shift+tab", "previous screen"),
		Screen1:   bind([]string{"1"}, "1-4", "go to screen"),
		Screen2:   key.NewBinding(key.WithKeys("2")),
		Screen3:   key.NewBinding(key.WithKeys("3")),
		Screen4:   key.NewBinding(key.WithKeys("4")),
		Help:      bind([]string{"?"}, "?", "more help"),
		Quit:      bind([]string{"q"}, "q", "quit"),
		ForceQuit: bind([]string{"ctrl+c"}, "ctrl+c", "cancel and quit"),
	}
}

// listKeys move a cursor in a list or table.
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// toEnd moves past either end of any list; the scroller clamps it.
const toEnd = 1 << 20

// Move is how far a list key moves a view whose page is page lines, and
// whether msg is one of the list keys.
func (k listKeys) Move(msg tea.KeyMsg, page int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.PageUp):
		return -page, true
	case key.Matches(msg, k.PageDown):
		return page, true
	case key.Matches(msg, k.Top):
		return -toEnd, true
	case key.Matches(msg, k.Bottom):
		return toEnd, true
	}
	return 0, false
}

func newListKeys() listKeys {
	return listKeys{
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   bind([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:      bind([]string{"home", "g"}, "g", "top"),
		Bottom:   bind([]string{"end", "G"}, "G", "bottom"),
	}
}

func (k listKeys) all() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// pickerKeys drive a fuzzy picker.
type pickerKeys struct {
	Up, Down, Choose, Cancel key.Binding
}

func newPickerKeys() pickerKeys {
	return pickerKeys{
		Up:     bind([]string{"up", "ctrl+p"}, "↑", "up"),
		Down:   bind([]string{"down", "ctrl+n"}, "↓", "down"),
		Choose: bind([]string{"enter"}, "enter", "choose"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
	}
}

func (k pickerKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Up, k.Down, k.Choose, k.Cancel} }
func (k pickerKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// filterKeys apply while typing a filter.
type filterKeys struct{ Apply, Clear key.Binding }

func newFilterKeys() filterKeys {
	return filterKeys{
		Apply: bind([]string{"enter"}, "enter", "keep filter"),
		Clear: bind([]string{"esc"}, "esc", "clear filter"),
	}
}

func (k filterKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Apply, k.Clear} }
func (k filterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

type connectionsKeys struct {
	Test, Doctor, Reload, Edit, Expand key.Binding
	List                               listKeys
}

func newConnectionsKeys() connectionsKeys {
	return connectionsKeys{
		Test:   bind([]string{"t"}, "t", "test connections"),
		Doctor: bind([]string{"D"}, "D", "doctor report"),
		Reload: bind([]string{"R"}, "R", "reload"),
		Edit:   bind([]string{"e"}, "e", "edit"),
		Expand: bind([]string{"x"}, "x", "expand ok checks"),
		List:   newListKeys(),
	}
}

func (k connectionsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Test, k.Doctor, k.Expand, k.Edit}
}

func (k connectionsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Test, k.Doctor, k.Expand, k.Edit, k.Reload}, k.List.all()}
}

// formKeys move between the fields of a form.
type formKeys struct{ Next, Prev, Save, Cancel key.Binding }

func newFormKeys() formKeys {
	return formKeys{
		Next:   bind([]string{"tab", "down"}, "tab", "next field"),
		Prev:   bind([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
		Save:   bind([]string{"ctrl+s", "enter"}, "enter", "check and save"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
	}
}

func (k formKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Next, k.Prev, k.Save, k.Cancel} }
func (k formKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

type jiraKeys struct {
	Project, NextTab, PrevTab, Filter, ClearFilter, Copy, Export, Reload key.Binding
	// DetailDown and DetailUp scroll the detail pane.
	DetailDown, DetailUp key.Binding
	List                 listKeys
}

func newJiraKeys() jiraKeys {
	return jiraKeys{
		Project:     bind([]string{"o"}, "o", "open project"),
		NextTab:     bind([]string{"right", "l", "]"}, "→", "next tab"),
		PrevTab:     bind([]string{"left", "h", "["}, "←", "previous tab"),
		Filter:      bind([]string{"/"}, "/", "filter"),
		ClearFilter: bind([]string{"esc"}, "esc", "clear filter"),
		Copy:        bind([]string{"y"}, "y", "copy ID"),
		Export:      bind([]string{"e"}, "e", "export tab"),
		Reload:      bind([]string{"R"}, "R", "reload from Jira"),
		DetailDown:  bind([]string{"J", "shift+down"}, "J/K", "scroll detail"),
		DetailUp:    key.NewBinding(key.WithKeys("K", "shift+up")),
		List:        newListKeys(),
	}
}

func (k jiraKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.NextTab, k.Filter, k.Copy, k.Export, k.Project}
}

func (k jiraKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Project, k.Reload, k.NextTab, k.PrevTab}, {k.Filter, k.ClearFilter, k.Copy, k.Export, k.DetailDown}, k.List.all()}
}

type mappingKeys struct {
	Product, Focus, Back, Pick, Primary, Automap, Diff, Push, Verify, Save, Apply key.Binding
	List                                                                          listKeys
}

func newMappingKeys() mappingKeys {
	return mappingKeys{
		Product: bind([]string{"o"}, "o", "open product"),
		Focus:   bind([]string{"left", "right", "h", "l"}, "←/→", "categories/rows"),
		Back:    bind([]string{"esc"}, "esc", "back to categories"),
		Pick:    bind([]string{"enter"}, "enter", "pick Jira value"),
		Primary: bind([]string{"p"}, "p", "toggle primary"),
		Automap: bind([]string{"a"}, "a", "auto-map"),
		Diff:    bind([]string{"d"}, "d", "diff with Spira"),
		Push:    bind([]string{"P"}, "P", "push"),
		Verify:  bind([]string{"v"}, "v", "verify sheet"),
		Save:    bind([]string{"s"}, "s", "save mapping.yaml"),
		Apply:   bind([]string{"A"}, "A", "apply sheet (sandbox)"),
		List:    newListKeys(),
	}
}

func (k mappingKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Pick, k.Primary, k.Automap, k.Push, k.Diff, k.Save, k.Product}
}

func (k mappingKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Product, k.Focus, k.Back, k.Pick, k.Primary},
		{k.Automap, k.Diff, k.Push, k.Verify, k.Apply, k.Save},
		k.List.all(),
	}
}

// dialogKeys answer a confirmation or close an overlay.
type dialogKeys struct {
	Yes, No, All, Close key.Binding
	List                listKeys
}

func newDialogKeys() dialogKeys {
	return dialogKeys{
		Yes:   bind([]string{"y", "enter"}, "y", "yes"),
		No:    bind([]string{"n"}, "n", "no / skip"),
		All:   bind([]string{"A"}, "A", "accept all"),
		Close: bind([]string{"esc"}, "esc", "close"),
		List:  newListKeys(),
	}
}

type syncKeys struct {
	Plan, Force, Link, Open, Filter, Search, ClearSearch, Run, Close key.Binding
	// Yes and No answer "run this sync?"; Stop cancels a run or a plan.
	Yes, No, Stop key.Binding
	List          listKeys
}

func newSyncKeys() syncKeys {
	return syncKeys{
		Plan:   bind([]string{"enter", "n"}, "enter", "dry-run plan"),
		Force:  bind([]string{"F"}, "F", "plan anyway (Spira's service ran)"),
		Link:   bind([]string{"L"}, "L", "link same names"),
		Open:   bind([]string{"enter"}, "enter", "open action"),
		Filter: bind([]string{"f"}, "f", "filter by kind"),
		Search: bind([]string{"/"}, "/", "filter by text"),
		// ClearSearch shares esc with Close: one acts on the plan, the
		// other on the report.
		ClearSearch: bind([]string{"esc"}, "esc", "clear filter"),
		Run:         bind([]string{"r"}, "r", "run sync"),
		Close:       bind([]string{"esc"}, "esc", "close"),
		Yes:         bind([]string{"y"}, "y", "yes"),
		No:          bind([]string{"n", "esc"}, "n", "no"),
		Stop:        bind([]string{"esc"}, "esc", "stop the sync"),
		List:        newListKeys(),
	}
}

func (k syncKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Stop, k.Plan, k.Force, k.Open, k.Run, k.Link, k.Filter, k.Close}
}

func (k syncKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Plan, k.Force, k.Link, k.Open, k.Filter, k.Search, k.ClearSearch, k.Run, k.Close, k.Stop}, k.List.all()}
}

// quitKeys answer "quit and lose the unsaved changes?".
type quitKeys struct{ Yes, No key.Binding }

func newQuitKeys() quitKeys {
	return quitKeys{
		Yes: bind([]string{"y"}, "y", "quit without saving"),
		No:  bind([]string{"n", "esc"}, "n", "stay (s saves on the Mapping screen)"),
	}
}

func (k quitKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Yes, k.No} }
func (k quitKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
