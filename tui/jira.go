package tui

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/jiraclient"
)

type projectsMsg struct {
	seq      int
	projects []jiraclient.Project
	err      error
}

func (m projectsMsg) failure() error { return m.err }

type catalogMsg struct {
	seq     int
	catalog Catalog
	err     error
}

func (m catalogMsg) failure() error { return m.err }

type exportedMsg struct {
	req exportReq
	// exists: the file is there and was not overwritten (req.force).
	exists bool
	err    error
}

func (m exportedMsg) failure() error { return m.err }

func loadProjectsCmd(e env, b JiraBackend, seq int) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		ps, err := b.Projects(ctx)
		return projectsMsg{seq: seq, projects: ps, err: err}
	}
}

func loadCatalogCmd(e env, b JiraBackend, seq int, key string) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		c, err := b.Catalog(ctx, key)
		if err == nil && c.Project == "" {
			c.Project = key
		}
		return catalogMsg{seq: seq, catalog: c, err: err}
	}
}

// copyCmd puts text on the clipboard of the terminal (even over ssh) with an
// OSC 52 escape sequence.
func copyCmd(w io.Writer, text, what string) tea.Cmd {
	if w == nil {
		return flash("No terminal clipboard here; the ID is " + text)
	}
	tmux := os.Getenv("TMUX") != ""
	return func() tea.Msg {
		seq := osc52.New(text)
		if tmux {
			seq = seq.Tmux()
		}
		if _, err := seq.WriteTo(w); err != nil {
			return exportedMsg{err: fmt.Errorf("copy to clipboard: %w", err)}
		}
		return flashMsg(fmt.Sprintf("Copied %s (%s) to the clipboard", text, what))
	}
}

// jiraScreen is the Configuration Helper: a project picker, then one
// filterable table per kind of ID with a detail pane.
type jiraScreen struct {
	env  env
	b    JiraBackend
	keys jiraKeys
	dk   dialogKeys

	// askExport is an export waiting for "overwrite the file?";
	// exportNote says where the last export went, until the next key.
	askExport  *exportReq
	exportNote string

	projects   []jiraclient.Project
	projectErr string
	picker     *pickerModel
	openAfter  bool // open the picker when the projects arrive

	catalog    *Catalog
	catalogErr string
	tables     []tableModel
	tab        int
	detailOff  int // the first line of the detail pane shown

	load loader
	w, h int
}

func newJiraScreen(e env, b JiraBackend) jiraScreen {
	return jiraScreen{env: e, b: b, keys: newJiraKeys(), dk: newDialogKeys(), load: newLoader(e.st)}
}

func (s jiraScreen) Init() (screen, tea.Cmd) {
	if s.env.opts.JiraProject != "" {
		cmds := s.startCatalog(s.env.opts.JiraProject)
		return s, tea.Batch(cmds...)
	}
	cmd := s.startProjects(true)
	return s, cmd
}

func (s *jiraScreen) startProjects(open bool) tea.Cmd {
	s.openAfter = open
	seq, spin := s.load.start("Loading Jira projects…")
	return tea.Batch(spin, loadProjectsCmd(s.env, s.b, seq))
}

func (s *jiraScreen) startCatalog(key string) []tea.Cmd {
	seq, spin := s.load.start("Loading everything for " + key + "…")
	return []tea.Cmd{spin, loadCatalogCmd(s.env, s.b, seq, key)}
}

func (s jiraScreen) Capturing() bool {
	return s.picker != nil || (s.tables != nil && s.tables[s.tab].Filtering()) || s.askExport != nil
}

func (s jiraScreen) Busy() bool      { return false }
func (s jiraScreen) Unsaved() string { return "" }

func (s jiraScreen) KeyMap() help.KeyMap {
	if s.picker != nil {
		return s.picker.keys
	}
	if s.tables != nil && s.tables[s.tab].Filtering() {
		return s.tables[s.tab].KeyMap()
	}
	if s.askExport != nil {
		return helpKeys{withHelp(s.dk.Yes, "y", "overwrite"), withHelp(s.dk.No, "n", "cancel")}
	}
	k := s.keys
	k.Reload.SetEnabled(s.catalog != nil || s.projects != nil)
	has := s.tables != nil
	k.NextTab.SetEnabled(has)
	k.PrevTab.SetEnabled(has)
	k.Filter.SetEnabled(has)
	k.Copy.SetEnabled(has)
	k.Export.SetEnabled(has)
	k.ClearFilter.SetEnabled(has && s.tables[s.tab].FilterValue() != "")
	k.DetailDown.SetEnabled(has && s.detailMaxOff() > 0)
	k.DetailUp.SetEnabled(has && s.detailMaxOff() > 0)
	return k
}

func (s jiraScreen) SetSize(w, h int) screen {
	s.w, s.h = w, h
	s.resizeTables()
	if s.picker != nil {
		s.picker.SetSize(min(w, 70), min(h, 20))
	}
	return s
}

func (s jiraScreen) detailHeight() int {
	if s.w >= 110 {
		return 0 // beside the table
	}
	return min(8, max(s.h/3, 3))
}

func (s *jiraScreen) resizeTables() {
	tw, th := s.w, s.h-2 // tab line and a blank line
	th -= len(s.noteLines())
	if s.w >= 110 {
		tw = s.w * 3 / 5
	} else {
		th -= s.detailHeight()
	}
	for i := range s.tables {
		s.tables[i].SetSize(tw, max(th, 3))
	}
}

func (s jiraScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	var cmds []tea.Cmd
	before := s.shown()
	switch msg := msg.(type) {
	case projectsMsg:
		if s.load.done(msg.seq) {
			if msg.err != nil {
				s.projectErr = errText(msg.err)
				break
			}
			s.projects, s.projectErr = msg.projects, ""
			if s.openAfter {
				cmds = append(cmds, s.openPicker())
			}
		}
	case catalogMsg:
		if s.load.done(msg.seq) {
			if msg.err != nil {
				s.catalogErr = errText(msg.err)
				break
			}
			s.setCatalog(msg.catalog)
		}
	case exportedMsg:
		cmds = append(cmds, s.exported(msg))
	case scrollMsg:
		switch {
		case s.picker != nil:
			s.picker.Scroll(int(msg))
		case s.tables != nil:
			s.tables[s.tab].Scroll(int(msg))
		}
	case tea.KeyMsg:
		cmds = append(cmds, s.handleKey(msg))
	default:
		if s.picker != nil {
			p, cmd := s.picker.Update(msg)
			s.picker = &p
			cmds = append(cmds, cmd)
		} else if s.tables != nil && s.tables[s.tab].Filtering() {
			var cmd tea.Cmd
			s.tables[s.tab], cmd = s.tables[s.tab].Update(msg)
			cmds = append(cmds, cmd)
		}
	}
	var cmd tea.Cmd
	s.load, cmd = s.load.update(msg)
	cmds = append(cmds, cmd)
	if s.shown() != before {
		s.detailOff = 0 // another row's detail starts at its top
	}
	s.resizeTables() // the lines above the table may have changed
	return s, tea.Batch(cmds...)
}

// shownRow names the row whose detail the pane shows.
type shownRow struct {
	catalog  *Catalog
	tab, row int
}

func (s jiraScreen) shown() shownRow {
	if s.tables == nil {
		return shownRow{catalog: s.catalog}
	}
	i, _ := s.tables[s.tab].Selected()
	return shownRow{s.catalog, s.tab, i}
}

func (s *jiraScreen) openPicker() tea.Cmd {
	items := make([]pickItem, len(s.projects))
	for i, p := range s.projects {
		items[i] = pickItem{Label: p.Key, Hint: p.Name, Value: p.Key}
	}
	p, cmd := newPicker(s.env.st, "Pick a Jira project", items)
	p.SetSize(min(s.w, 70), min(s.h, 20))
	s.picker = &p
	return cmd
}

func (s *jiraScreen) setCatalog(c Catalog) {
	s.catalog, s.catalogErr = &c, ""
	s.tables = make([]tableModel, len(c.Tabs))
	for i, t := range c.Tabs {
		tm := newTable(s.env.st)
		tm.idFirst = true
		rows := make([][]string, len(t.Rows))
		for r, row := range t.Rows {
			rows[r] = row.Cells
		}
		tm.SetData(t.Columns, rows)
		s.tables[i] = tm
	}
	if s.tab >= len(s.tables) {
		s.tab = 0
	}
	s.showTab(s.tab)
	if len(s.tables) == 0 {
		s.tables = nil
	}
	s.resizeTables()
}

// showTab makes tab i the one shown, its table the one with the focus.
func (s *jiraScreen) showTab(i int) {
	if s.tab < len(s.tables) {
		s.tables[s.tab].Blur()
	}
	s.tab = i
	if i < len(s.tables) {
		s.tables[i].Focus()
	}
}

func (s *jiraScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if s.picker != nil {
		p, cmd := s.picker.Update(msg)
		s.picker = &p
		if done, chosen := p.Result(); done {
			s.picker = nil
			if chosen != nil {
				return tea.Batch(s.startCatalog(chosen.Value)...)
			}
		}
		return cmd
	}
	if s.tables != nil && s.tables[s.tab].Filtering() {
		var cmd tea.Cmd
		s.tables[s.tab], cmd = s.tables[s.tab].Update(msg)
		return cmd
	}
	if s.askExport != nil {
		return s.answerExport(msg)
	}
	s.exportNote = ""
	switch {
	case key.Matches(msg, s.keys.Project):
		if s.projects == nil {
			return s.startProjects(true)
		}
		return s.openPicker()
	case s.tables == nil:
		return nil
	case key.Matches(msg, s.keys.NextTab):
		s.showTab((s.tab + 1) % len(s.tables))
	case key.Matches(msg, s.keys.PrevTab):
		s.showTab((s.tab + len(s.tables) - 1) % len(s.tables))
	case key.Matches(msg, s.keys.Filter):
		return s.tables[s.tab].StartFilter()
	case key.Matches(msg, s.keys.ClearFilter):
		s.tables[s.tab].ClearFilter()
	case key.Matches(msg, s.keys.DetailDown):
		s.detailOff = min(s.detailOff+1, s.detailMaxOff())
	case key.Matches(msg, s.keys.DetailUp):
		s.detailOff = max(min(s.detailOff, s.detailMaxOff())-1, 0)
	case key.Matches(msg, s.keys.Copy):
		if row, ok := s.selected(); ok && len(row.Cells) > 0 {
			what := s.catalog.Tabs[s.tab].Name
			if len(row.Cells) > 1 {
				what = row.Cells[1]
			}
			return copyCmd(s.env.opts.Clipboard, row.Cells[0], what)
		}
	case key.Matches(msg, s.keys.Export):
		return exportCmd(s.exportReq())
	case key.Matches(msg, s.keys.Reload):
		return s.reload()
	default:
		var cmd tea.Cmd
		s.tables[s.tab], cmd = s.tables[s.tab].Update(msg)
		return cmd
	}
	return nil
}

func (s jiraScreen) selected() (CatalogRow, bool) {
	if s.tables == nil {
		return CatalogRow{}, false
	}
	i, ok := s.tables[s.tab].Selected()
	if !ok {
		return CatalogRow{}, false
	}
	return s.catalog.Tabs[s.tab].Rows[i], true
}

func (s jiraScreen) View() string {
	st := s.env.st
	if s.picker != nil {
		return lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Top, s.picker.View())
	}
	var b strings.Builder
	head := ""
	if s.catalog != nil {
		head = st.Bold.Render(s.catalog.Project) + "  "
	}
	if v := s.load.View(); v != "" {
		b.WriteString(v + "\n")
	}
	for _, e := range []string{s.projectErr, s.catalogErr} {
		if e != "" {
			b.WriteString(st.Error.Render("✗ "+e) + "\n")
			b.WriteString(st.Muted.Render("  press o to try again; the settings are on the Connections screen (1)") + "\n")
		}
	}
	if s.tables == nil {
		if s.load.active || s.catalogErr != "" || s.projectErr != "" {
			return b.String()
		}
		b.WriteString(st.Muted.Render("No project open: press o to pick a Jira project."))
		return b.String()
	}
	var tabs []string
	for i, t := range s.catalog.Tabs {
		label := fmt.Sprintf("%s %d", t.Name, len(t.Rows))
		if i == s.tab {
			tabs = append(tabs, st.Tabs.Active.Render("["+label+"]"))
		} else {
			tabs = append(tabs, st.Muted.Render(" "+label+" "))
		}
	}
	// Drop tabs on the left until the active one fits.
	first := 0
	for first < s.tab && lipgloss.Width(head+"‹ "+strings.Join(tabs[first:s.tab+1], "")) > s.w {
		first++
	}
	if first > 0 {
		head += st.Muted.Render("‹ ")
	}
	b.WriteString(ansi.Truncate(head+strings.Join(tabs[first:], ""), s.w, "…") + "\n")
	th := max(s.h-2-s.detailHeight(), 3)
	for _, l := range s.noteLines() {
		b.WriteString(l + "\n")
		th--
	}
	tableView := s.tables[s.tab].View()
	detail := s.detailView()
	if s.w >= 110 {
		ph := s.detailPaneHeight()
		sep := st.Muted.Render(strings.TrimRight(strings.Repeat(" │ \n", ph), "\n"))
		pane := lipgloss.NewStyle().Width(s.detailWidth()).Render(fitHeight(detail, ph))
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, fitHeight(tableView, ph), sep, pane))
	} else {
		b.WriteString(fitHeight(tableView, th))
		b.WriteString("\n" + st.Muted.Render(strings.Repeat("─", max(s.w, 1))) + "\n")
		b.WriteString(fitHeight(detail, s.detailHeight()-1))
	}
	return b.String()
}

// detailWidth is the width of the detail pane: the window's under the
// table, what the table leaves beside it from 110 columns on.
func (s jiraScreen) detailWidth() int {
	if s.w >= 110 {
		return s.w - s.w*3/5 - 3
	}
	return s.w
}

// detailPaneHeight is how many lines the detail pane shows: under the
// table, the detail height less the rule above it; beside it, the table's.
func (s jiraScreen) detailPaneHeight() int {
	if s.w < 110 {
		return s.detailHeight() - 1
	}
	return max(s.h-2-len(s.noteLines()), 3)
}

// detailLines are the selected row's detail wrapped to the pane, before
// scrolling.
func (s jiraScreen) detailLines() []string {
	st := s.env.st
	row, ok := s.selected()
	if !ok {
		return nil
	}
	lines := row.Detail
	if len(lines) == 0 {
		cols := s.catalog.Tabs[s.tab].Columns
		for i, c := range row.Cells {
			if i < len(cols) {
				lines = append(lines, cols[i]+": "+c)
			}
		}
	}
	// Lines wrap rather than being cut: a custom field's options and their
	// IDs are what the pane is for.
	wrap := lipgloss.NewStyle().Width(max(s.detailWidth(), 10))
	var out []string
	for i, l := range lines {
		for _, part := range strings.Split(wrap.Render(l), "\n") {
			part = strings.TrimRight(part, " ")
			if i == 0 {
				part = st.Bold.Render(part)
			}
			out = append(out, part)
		}
	}
	return out
}

// detailMaxOff is how far the detail pane scrolls: 0 when the detail fits,
// else until its last line shows above the pane's note line.
func (s jiraScreen) detailMaxOff() int {
	h := s.detailPaneHeight()
	if n := len(s.detailLines()); h > 1 && n > h {
		return n - (h - 1)
	}
	return 0
}

// detailView is the part of the detail that the pane shows; when the
// detail is longer, its last line says how many lines are out of view and
// that J and K scroll them in.
func (s jiraScreen) detailView() string {
	out := s.detailLines()
	h := s.detailPaneHeight()
	if h <= 1 || len(out) <= h {
		return strings.Join(out, "\n")
	}
	off := min(s.detailOff, s.detailMaxOff())
	below := len(out) - off - (h - 1)
	var note string
	if below > 0 {
		note = "… " + words.Count(below, "more line") + ": J scrolls"
		if off > 0 {
			note += ", K scrolls back"
		}
	} else {
		note = "↑ " + words.Count(off, "line") + " above: K scrolls back"
	}
	out = append(out[off:off+h-1:off+h-1], s.env.st.Muted.Render(ansi.Truncate(note, max(s.detailWidth(), 10), "…")))
	return strings.Join(out, "\n")
}
