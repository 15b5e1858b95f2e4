package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/spirajira/spirajira/internal/doctor"
	"github.com/spirajira/spirajira/internal/words"
)

type connInfoMsg struct {
	seq  int
	info ConnectionInfo
	err  error
}

func (m connInfoMsg) failure() error { return m.err }

type savedConnMsg struct {
	seq int
	err error
}

func (m savedConnMsg) failure() error { return m.err }

func saveConnCmd(e env, b ConnectionsBackend, seq int, edit ConnectionEdit) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		return savedConnMsg{seq: seq, err: b.SaveConnection(ctx, edit)}
	}
}

type doctorMsg struct {
	seq    int
	report doctor.Report
	err    error
}

func (m doctorMsg) failure() error { return m.err }

func loadConnInfoCmd(e env, b ConnectionsBackend, seq int) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		info, err := b.ConnectionInfo(ctx)
		return connInfoMsg{seq: seq, info: info, err: err}
	}
}

func testConnectionsCmd(e env, b ConnectionsBackend, seq int) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		id, err := b.TestConnections(ctx)
		return identityMsg{seq: seq, id: id, err: err, at: time.Now()}
	}
}

func doctorCmd(e env, b ConnectionsBackend, seq int) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		r, err := b.Doctor(ctx)
		return doctorMsg{seq: seq, report: r, err: err}
	}
}

// connectionsScreen shows both sites, the plug-in record, who you are on each
// side ("t") and the doctor's report ("D").
type connectionsScreen struct {
	env  env
	b    ConnectionsBackend
	keys connectionsKeys

	info    *ConnectionInfo
	infoErr string
	id      *Identity
	testing bool
	testErr string
	// testSeq numbers the tests: an answer to an older one (before the
	// settings were saved) is dropped.
	testSeq int
	// asked is true while a test the user asked for (t, or saving the
	// form) runs; its answer sets tested, the line saying when it was
	// made and how it went, so that a fast answer is seen too.
	asked     bool
	tested    string
	report    *doctor.Report
	doctorErr string

	form    *formModel
	saveErr string
	// showDoctor scrolls the report into view once, after D.
	showDoctor bool
	// expand shows the checks that passed in full, as those that did not.
	expand bool

	load   loader
	doctor loader
	save   loader
	test   loader
	vp     viewport.Model
	w, h   int
}

func newConnections(e env, b ConnectionsBackend) connectionsScreen {
	return connectionsScreen{env: e, b: b, keys: newConnectionsKeys(), load: newLoader(e.st), doctor: newLoader(e.st), save: newLoader(e.st), test: newLoader(e.st), vp: viewport.New(80, 20)}
}

func (s connectionsScreen) Init() (screen, tea.Cmd) {
	seq, spin := s.load.start("Reading the configuration…")
	return s, tea.Batch(spin, loadConnInfoCmd(s.env, s.b, seq), s.startTest(false))
}

// startTest asks both sites who the credentials belong to, with a spinner
// in each "You are" line; asked is true when the user asked for it.
func (s *connectionsScreen) startTest(asked bool) tea.Cmd {
	s.testing, s.asked, s.tested = true, asked, ""
	_, spin := s.test.start("testing…")
	return tea.Batch(spin, testConnectionsCmd(s.env, s.b, s.testSeq))
}

func (s connectionsScreen) Capturing() bool { return s.form != nil }
func (s connectionsScreen) Busy() bool      { return false }
func (s connectionsScreen) Unsaved() string { return "" }
func (s connectionsScreen) KeyMap() help.KeyMap {
	if s.form != nil {
		return s.form.keys
	}
	k := s.keys
	k.Edit.SetEnabled(s.info != nil && !s.info.Fixed)
	k.Doctor.SetEnabled(!s.doctor.active)
	k.Expand.SetEnabled(s.expand || s.okCut())
	if s.expand {
		k.Expand = withHelp(k.Expand, "x", "collapse ok checks")
	}
	return k
}

func (s connectionsScreen) SetSize(w, h int) screen {
	s.w, s.h = w, h
	s.vp.Width, s.vp.Height = w, h
	if s.form != nil {
		s.form.SetWidth(w)
	}
	s.vp.SetContent(s.content())
	return s
}

func (s connectionsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case connInfoMsg:
		if s.load.done(msg.seq) {
			if msg.err != nil {
				s.infoErr = errText(msg.err)
			} else {
				s.info, s.infoErr = &msg.info, ""
			}
		}
	case identityMsg:
		if msg.seq != s.testSeq {
			break
		}
		s.testing = false
		s.test.stop()
		if s.asked {
			s.asked, s.tested = false, s.testedLine(msg)
		}
		if msg.err != nil {
			s.testErr = errText(msg.err)
		} else {
			s.id, s.testErr = &msg.id, ""
		}
	case doctorMsg:
		if s.doctor.done(msg.seq) {
			if msg.err != nil {
				s.doctorErr = errText(msg.err)
			} else {
				s.report, s.doctorErr = &msg.report, ""
			}
			s.showDoctor = true
		}
	case savedConnMsg:
		if s.save.done(msg.seq) {
			s.saveErr = errText(msg.err)
			if msg.err == nil {
				s.form = nil
				seq, spin := s.load.start("Reading the configuration…")
				s.testSeq++
				cmds = append(cmds, spin, loadConnInfoCmd(s.env, s.b, seq), s.startTest(true), flash("Saved; testing the new settings…"))
			}
		}
	case scrollMsg:
		s.scroll(int(msg))
	case tea.KeyMsg:
		if s.form != nil {
			cmds = append(cmds, s.formKey(msg))
			break
		}
		move, isMove := s.keys.List.Move(msg, s.h)
		switch {
		case key.Matches(msg, s.keys.Edit):
			switch {
			case s.info != nil && s.info.Fixed:
				cmds = append(cmds, flash(fixedSettingsNote))
			case s.info != nil:
				cmds = append(cmds, s.openForm())
			}
		case key.Matches(msg, s.keys.Test):
			if !s.testing {
				s.testSeq++
				cmds = append(cmds, s.startTest(true))
			} else {
				s.asked = true // the answer in flight is the one asked for
			}
		case key.Matches(msg, s.keys.Doctor):
			if !s.doctor.active {
				seq, spin := s.doctor.start("Running the doctor's checks…")
				cmds = append(cmds, spin, doctorCmd(s.env, s.b, seq))
				s.showDoctor = true
			}
		case key.Matches(msg, s.keys.Expand) && (s.expand || s.okCut()):
			s.expand = !s.expand
		case key.Matches(msg, s.keys.Reload):
			seq, spin := s.load.start("Reading the configuration…")
			cmds = append(cmds, spin, loadConnInfoCmd(s.env, s.b, seq))
		case isMove:
			s.scroll(move)
		}
	}
	var cmd tea.Cmd
	s.load, cmd = s.load.update(msg)
	cmds = append(cmds, cmd)
	s.doctor, cmd = s.doctor.update(msg)
	cmds = append(cmds, cmd)
	s.save, cmd = s.save.update(msg)
	cmds = append(cmds, cmd)
	s.test, cmd = s.test.update(msg)
	cmds = append(cmds, cmd)
	if s.form != nil {
		if _, isKey := msg.(tea.KeyMsg); !isKey {
			f, cmd := s.form.Update(msg) // cursor blink
			s.form = &f
			cmds = append(cmds, cmd)
		}
	}
	off := s.vp.YOffset
	content := s.content()
	s.vp.SetContent(content)
	s.vp.SetYOffset(off)
	if s.showDoctor {
		s.showDoctor = false
		title := s.env.st.Pane.Title.Render("Doctor")
		for i, l := range strings.Split(content, "\n") {
			if l == title {
				s.vp.SetYOffset(i)
				break
			}
		}
	}
	return s, tea.Batch(cmds...)
}

const (
	fixedSettings = "These are the sandbox's own settings. For your sites: spirajira login jira, spirajira login spira, then spirajira"
	// fixedSettingsNote fits the status bar at 80 columns.
	fixedSettingsNote = "Sandbox settings are fixed; your own sites: spirajira login jira|spira"
)

func (s *connectionsScreen) openForm() tea.Cmd {
	info := s.info
	f := newForm(s.env.st, "Edit connections")
	// "empty keeps the stored one" only when one is stored: on the first
	// run the secrets are typed in.
	keeps := func(stored string) string {
		if stored == "" {
			return ""
		}
		return "; empty keeps the stored one"
	}
	f.add("Jira site", info.JiraSite, "https://your-site.atlassian.net, no trailing slash")
	f.add("Jira e-mail", info.JiraEmail, "the Atlassian account's e-mail address")
	f.addSecret("Jira API token", "from id.atlassian.com › Security › API tokens"+keeps(info.JiraToken),
		"paste your Atlassian API token", info.JiraToken != "")
	f.add("Spira URL", info.SpiraURL, "the address you open Spira at, without /login.aspx")
	f.add("Spira login", info.SpiraLogin, "your Spira user name")
	f.addSecret("Spira API key", "My Profile › RSS Token, braces included"+keeps(info.SpiraAPIKey),
		"paste your RSS token: {XXXXXXXX-XXXX-…}", info.SpiraAPIKey != "")
	f.add("Plug-in name", info.Plugin.Name, "the data-sync plug-in record, JiraDataSync")
	f.SetWidth(s.w)
	s.form, s.saveErr = &f, ""
	return s.form.Focus()
}

func (s *connectionsScreen) formKey(msg tea.KeyMsg) tea.Cmd {
	if s.save.active {
		return nil
	}
	f, cmd := s.form.Update(msg)
	s.form = &f
	done, submitted := f.Result()
	switch {
	case !done:
		return cmd
	case !submitted:
		s.form = nil
		return nil
	}
	s.form.done, s.form.submitted = false, false
	edit := ConnectionEdit{
		JiraSite: f.Value("Jira site"), JiraEmail: f.Value("Jira e-mail"), JiraToken: f.Value("Jira API token"),
		SpiraURL: f.Value("Spira URL"), SpiraLogin: f.Value("Spira login"), SpiraAPIKey: f.Value("Spira API key"),
		PluginName: f.Value("Plug-in name"),
	}
	seq, spin := s.save.start("Checking the credentials with both sites…")
	return tea.Batch(spin, saveConnCmd(s.env, s.b, seq, edit))
}

func (s *connectionsScreen) scroll(n int) {
	if n < 0 {
		s.vp.ScrollUp(-n)
	} else {
		s.vp.ScrollDown(n)
	}
}

func (s connectionsScreen) View() string {
	if s.form != nil {
		v := s.form.View()
		if l := s.save.View(); l != "" {
			v += "\n" + l
		}
		if s.saveErr != "" {
			v += "\n" + strings.Join(errorLines(s.env.st, s.saveErr, s.w), "\n")
		}
		return v
	}
	vp := s.vp
	vp.SetContent(s.content())
	vp.SetYOffset(s.vp.YOffset)
	return vp.View()
}

// testedLine says when a test was made and how each side answered; the
// "You are" lines below say who, or why not.
func (s connectionsScreen) testedLine(msg identityMsg) string {
	st := s.env.st
	head := "Connections tested at " + msg.at.Format("15:04:05") + ": "
	if msg.err != nil {
		return st.Error.Render("✗ " + head + "failed, see below")
	}
	allOK := true
	side := func(name, who, errS string) string {
		if errS != "" || who == "" {
			allOK = false
			return name + " failed"
		}
		return name + " ok"
	}
	line := head + side("Jira", msg.id.Jira, msg.id.JiraErr) + ", " + side("Spira", msg.id.Spira, msg.id.SpiraErr)
	if !allOK {
		return st.Error.Render("✗ " + line)
	}
	return st.OK.Render("✓ " + line)
}

func (s connectionsScreen) content() string {
	st := s.env.st
	var b strings.Builder
	wrap := lipgloss.NewStyle().Width(max(s.w-15, 10))
	field := func(label, value string) {
		if value == "" {
			value = st.Muted.Render("(not set)")
		}
		for i, l := range strings.Split(wrap.Render(value), "\n") {
			if i > 0 {
				label = ""
			}
			fmt.Fprintf(&b, "  %s %s\n", st.Pane.Label.Render(fmt.Sprintf("%-11s", label)), strings.TrimRight(l, " "))
		}
	}
	if v := s.load.View(); v != "" {
		b.WriteString(v + "\n")
	}
	if s.infoErr != "" {
		b.WriteString(st.Error.Render("✗ "+s.infoErr) + "\n")
	}
	if s.tested != "" {
		b.WriteString(ansi.Truncate(s.tested, s.w, "…") + "\n")
	}
	who := func(name, errS string) string {
		switch {
		case s.testing:
			return s.test.View()
		case s.testErr != "":
			return st.Error.Render("✗ " + s.testErr)
		case errS != "":
			return st.Error.Render("✗ " + errS)
		case name != "":
			return st.OK.Render("✓ ") + name
		}
		return st.Muted.Render("press t to test")
	}
	var id Identity
	if s.id != nil {
		id = *s.id
	}
	if info := s.info; info != nil {
		title := "Jira Cloud"
		if info.Sandbox {
			title += st.Muted.Render("  (sandbox)")
		}
		b.WriteString(st.Pane.Title.Render(title) + "\n")
		field("Site", info.JiraSite)
		field("E-mail", info.JiraEmail)
		field("API token", info.JiraToken)
		field("You are", who(id.Jira, id.JiraErr))
		b.WriteString(st.Pane.Title.Render("SpiraPlan") + "\n")
		field("URL", info.SpiraURL)
		field("Login", info.SpiraLogin)
		field("API key", info.SpiraAPIKey)
		field("You are", who(id.Spira, id.SpiraErr))
		p := info.Plugin
		name := p.Name
		if name == "" {
			name = "JiraDataSync"
		}
		b.WriteString(st.Pane.Title.Render("Data-sync plug-in "+name) + "\n")
		switch {
		case p.Err != "":
			field("State", st.Muted.Render("unknown: "+p.Err))
		case !p.Found:
			field("State", st.Warn.Render("not found in Spira: add it under System Administration › Integrations › Data Synchronization"))
		default:
			state := st.OK.Render("active")
			if !p.Active {
				state = st.Warn.Render("inactive")
			}
			last := p.LastSync
			if last == "" {
				last = "never"
			}
			field("State", state+st.Muted.Render(" · last sync ")+last)
			for _, kv := range p.Settings {
				field(kv.Label, kv.Value)
			}
		}
		hint := "e edits these settings (or: spirajira login jira|spira)"
		if info.Fixed {
			hint = fixedSettings
		}
		for _, l := range wrapText(hint, s.w-2) {
			b.WriteString(st.Muted.Render("  "+l) + "\n")
		}
	}
	b.WriteString(st.Pane.Title.Render("Doctor") + "\n")
	switch {
	case s.doctor.active:
		b.WriteString("  " + s.doctor.View() + "\n")
	case s.doctorErr != "":
		b.WriteString("  " + st.Error.Render("✗ "+s.doctorErr) + "\n")
	case s.report == nil:
		b.WriteString(st.Muted.Render("  press D for the doctor's report") + "\n")
	default:
		b.WriteString(s.reportView())
	}
	return strings.TrimRight(b.String(), "\n")
}

// okCut is true when a check that passed is cut to one line or has
// details out of view: x shows it in full.
func (s connectionsScreen) okCut() bool {
	if s.report == nil {
		return false
	}
	w := max(s.w, 20)
	for _, c := range s.report.Checks {
		if c.Verdict != doctor.Pass && c.Verdict != doctor.Skip {
			continue
		}
		line := "  ok   " + c.Title
		if c.Message != "" {
			line += " — " + c.Message
		}
		if ansi.StringWidth(line) > w || len(c.Details) > 0 {
			return true
		}
	}
	return false
}

func (s connectionsScreen) reportView() string {
	st := s.env.st
	var b strings.Builder
	counts := map[doctor.Verdict]int{}
	for _, c := range s.report.Checks {
		counts[c.Verdict]++
	}
	fmt.Fprintf(&b, "  %d ok, %s, %d failed", counts[doctor.Pass], words.Count(counts[doctor.Warn], "warning"), counts[doctor.Fail])
	if n := counts[doctor.Skip]; n > 0 {
		fmt.Fprintf(&b, ", %d skipped", n)
	}
	if s.okCut() && !s.expand {
		b.WriteString(st.Muted.Render(" · x shows the ok checks in full"))
	}
	b.WriteString("\n")
	w := max(s.w, 20)
	// A check that passed takes one line; one that did not says all of
	// what it found and what to do.
	wrap := lipgloss.NewStyle().Width(w - 7)
	for _, c := range s.report.Checks {
		var v string
		switch c.Verdict {
		case doctor.Pass:
			v = st.Verdict.OK.Render("ok  ")
		case doctor.Warn:
			v = st.Verdict.Warn.Render("warn")
		case doctor.Fail:
			v = st.Verdict.Fail.Render("FAIL")
		default:
			v = st.Muted.Render("skip")
		}
		line := c.Title
		if c.Message != "" {
			line += " — " + c.Message
		}
		if (c.Verdict == doctor.Pass || c.Verdict == doctor.Skip) && !s.expand {
			b.WriteString(ansi.Truncate("  "+v+" "+line, w, "…") + "\n")
			continue
		}
		for i, l := range strings.Split(wrap.Render(line), "\n") {
			lead := "       "
			if i == 0 {
				lead = "  " + v + " "
			}
			b.WriteString(lead + strings.TrimRight(l, " ") + "\n")
		}
		for _, d := range c.Details {
			for _, l := range hangWrap("         ", d, w) {
				b.WriteString(st.Muted.Render(l) + "\n")
			}
		}
		if c.Fix != "" {
			for _, l := range strings.Split(wrap.Render("fix: "+c.Fix), "\n") {
				b.WriteString("       " + st.Accent.Render(strings.TrimRight(l, " ")) + "\n")
			}
		}
	}
	return b.String()
}
