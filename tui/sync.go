package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/ops"
)

type planMsg struct {
	seq  int
	plan *ops.SyncRun
	// linked: planned with the same-name links accepted.
	linked bool
	err    error
}

func (m planMsg) failure() error { return m.err }

type syncProgressMsg struct {
	seq int
	p   ops.Progress
}

type syncDoneMsg struct {
	seq    int
	report *ops.SyncResult
	err    error
}

func (m syncDoneMsg) failure() error { return m.err }

// productNameMsg is the name of the product opened first (Options.ProductID),
// which the Sync screen shows before the Mapping screen has been opened.
type productNameMsg struct {
	id   int
	name string
}

// productNameCmd looks the product's name up in the product list. A failure
// leaves the label at "product N": the dry-run reports the same trouble
// with its fix.
func productNameCmd(e env, b SyncBackend, id int) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		ps, err := b.Products(ctx)
		if err != nil {
			return nil
		}
		for _, p := range ps {
			if p.ProjectID == id && p.Name != "" {
				return productNameMsg{id: id, name: p.Name}
			}
		}
		return nil
	}
}

func planCmd(ctx context.Context, b SyncBackend, seq, productID int, o ops.SyncOptions) tea.Cmd {
	o.ProductID = productID
	return func() tea.Msg {
		p, err := b.Plan(ctx, o)
		return planMsg{seq: seq, plan: p, linked: o.LinkSameNames, err: err}
	}
}

// startSyncCmd runs the plan in its own goroutine and streams its progress
// through ch; waitSyncCmd delivers one message at a time and is re-armed by
// the screen after each.
func startSyncCmd(ctx context.Context, b SyncBackend, seq int, plan *ops.SyncRun, ch chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		go func() {
			defer close(ch)
			report, err := b.RunSync(ctx, plan, func(p ops.Progress) {
				select {
				case ch <- syncProgressMsg{seq: seq, p: p}:
				case <-ctx.Done():
				}
			})
			ch <- syncDoneMsg{seq: seq, report: report, err: err}
		}()
		return waitSync(ch)
	}
}

func waitSync(ch chan tea.Msg) tea.Msg {
	msg, ok := <-ch
	if !ok {
		return nil
	}
	return msg
}

func waitSyncCmd(ch chan tea.Msg) tea.Cmd { return func() tea.Msg { return waitSync(ch) } }

const logLines = 200

// syncScreen computes the dry-run plan, shows it, runs it with a progress bar
// and a live log, and ends with the report.
type syncScreen struct {
	env  env
	b    SyncBackend
	keys syncKeys

	productID   int
	productName string
	// pending is a product opened on the Mapping screen during a run or
	// while its report is shown.
	pending *productChosenMsg

	plan    *ops.SyncRun
	linked  bool // the plan was made with the same-name links accepted
	planErr string
	// forceOK: the plan's error is Spira's service having run the
	// plug-in, which F answers by planning anyway.
	forceOK  bool
	kinds    []string // kinds present in the plan, for the filter
	kind     int      // 0: all
	table    tableModel
	rowIndex []int // table row -> plan action
	open     *ops.Action

	running bool
	ch      chan tea.Msg
	runSeq  int
	done    int
	total   int
	log     []string
	report  *ops.SyncResult
	runErr  string
	bar     progress.Model
	reportY int
	// askRun is true while "run this sync?" awaits its answer.
	askRun bool
	// stop cancels the plan being computed or the run in flight; stopped
	// is true when the run ended so.
	stop    context.CancelFunc
	stopped bool

	load loader
	w, h int
}

func newSyncScreen(e env, b SyncBackend) syncScreen {
	opts := []progress.Option{progress.WithoutPercentage(), progress.WithSolidFill(string(DefaultTheme().Accent.Dark))}
	if e.opts.NoColor {
		opts = append(opts, progress.WithColorProfile(termenv.Ascii), progress.WithFillCharacters('#', '.'))
	}
	t := newTable(e.st)
	t.empty = "Nothing to do: both sides agree."
	t.Focus()
	return syncScreen{env: e, b: b, keys: newSyncKeys(), productID: e.opts.ProductID, table: t, bar: progress.New(opts...), load: newLoader(e.st)}
}

func (s syncScreen) Init() (screen, tea.Cmd) {
	if s.productID != 0 && s.productName == "" {
		return s, productNameCmd(s.env, s.b, s.productID)
	}
	return s, nil
}

func (s syncScreen) Capturing() bool { return s.open != nil || s.table.Filtering() || s.askRun }
func (s syncScreen) Busy() bool      { return s.running }
func (s syncScreen) Unsaved() string { return "" }
func (s syncScreen) SetSize(w, h int) screen {
	s.w, s.h = w, h
	s.table.SetSize(w, max(h-3, 3))
	s.bar.Width = max(min(w-20, 60), 10)
	return s
}

func (s syncScreen) KeyMap() help.KeyMap {
	if s.open != nil {
		return helpKeys{s.keys.Close}
	}
	if s.askRun {
		return helpKeys{withHelp(s.keys.Yes, "y", "run the sync"), withHelp(s.keys.No, "n", "cancel")}
	}
	if s.running {
		return helpKeys{s.keys.Stop}
	}
	if s.table.Filtering() {
		return s.table.KeyMap()
	}
	k := s.keys
	hasPlan := s.plan != nil && s.report == nil
	k.Plan.SetEnabled(!s.running && s.productID != 0)
	k.Force.SetEnabled(!s.running && s.productID != 0 && s.planErr != "" && s.forceOK)
	k.Link.SetEnabled(hasPlan && !s.running && s.proposals() > 0)
	k.Open.SetEnabled(hasPlan && !s.running)
	if hasPlan {
		k.Plan = withHelp(k.Plan, "n", "new dry-run")
	}
	k.Filter.SetEnabled(hasPlan && !s.running)
	k.Search.SetEnabled(hasPlan && !s.running)
	k.ClearSearch.SetEnabled(hasPlan && !s.running && s.table.FilterValue() != "")
	k.Run.SetEnabled(hasPlan && !s.running && !s.load.active)
	k.Close.SetEnabled(s.report != nil)
	k.Stop = withHelp(k.Stop, "esc", "stop planning")
	k.Stop.SetEnabled(s.load.active && s.stop != nil)
	if k.Stop.Enabled() {
		k.Close.SetEnabled(false)
		k.ClearSearch.SetEnabled(false)
	}
	return k
}

func (s syncScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case productChosenMsg:
		if s.running || s.report != nil {
			// The run, then its report, stay with their product; the new
			// one is taken when the report is closed.
			s.pending = &msg
			break
		}
		s.choose(msg)
	case productNameMsg:
		if msg.id == s.productID && s.productName == "" {
			s.productName = msg.name
		}
	case planMsg:
		if s.load.done(msg.seq) {
			s.stop = nil
			s.planErr = errText(msg.err)
			s.forceOK = errors.Is(msg.err, ops.ErrServiceRan)
			if msg.err == nil {
				s.setPlan(msg.plan, msg.linked)
			}
		}
	case syncProgressMsg:
		if msg.seq == s.runSeq {
			s.done, s.total = msg.p.Done, msg.p.Total
			if msg.p.Line != "" {
				s.log = append(s.log, msg.p.Line)
				if len(s.log) > logLines {
					s.log = s.log[len(s.log)-logLines:]
				}
			}
			cmds = append(cmds, waitSyncCmd(s.ch))
		}
	case syncDoneMsg:
		if msg.seq == s.runSeq {
			s.running, s.ch, s.stop = false, nil, nil
			s.stopped = errors.Is(msg.err, context.Canceled)
			s.runErr = errText(msg.err)
			s.report, s.reportY = msg.report, 0
			if s.report == nil {
				s.report = &ops.SyncResult{}
			}
		}
	case scrollMsg:
		if s.open != nil {
			break // the action covers the table: the wheel must not move it unseen
		}
		if s.report != nil {
			s.scrollReport(int(msg))
		} else {
			s.table.Scroll(int(msg))
		}
	case tea.KeyMsg:
		cmds = append(cmds, s.handleKey(msg))
	default:
		if s.table.Filtering() { // the cursor's blink
			var cmd tea.Cmd
			s.table, cmd = s.table.Update(msg)
			cmds = append(cmds, cmd)
		}
	}
	var cmd tea.Cmd
	s.load, cmd = s.load.update(msg)
	cmds = append(cmds, cmd)
	return s, tea.Batch(cmds...)
}

// choose makes msg's product the one planned and synced.
func (s *syncScreen) choose(msg productChosenMsg) {
	s.pending = nil
	if msg.id != s.productID {
		// A plan, or a plan being computed, is another product's.
		s.plan, s.report, s.open, s.planErr, s.runErr, s.log = nil, nil, nil, "", "", nil
		s.load.drop()
	}
	if msg.name != "" || msg.id != s.productID {
		// A name already known is kept if the Mapping screen has none.
		s.productName = msg.name
	}
	s.productID = msg.id
}

func (s *syncScreen) setPlan(p *ops.SyncRun, linked bool) {
	s.plan, s.linked, s.report, s.runErr, s.log, s.open = p, linked, nil, "", nil, nil
	seen := map[string]bool{}
	s.kinds = []string{""}
	for _, a := range p.Actions {
		if k := string(a.Kind); !seen[k] {
			seen[k] = true
			s.kinds = append(s.kinds, k)
		}
	}
	s.kind = 0
	s.fillTable()
}

func (s *syncScreen) fillTable() {
	var rows [][]string
	s.rowIndex = s.rowIndex[:0:0]
	for i, a := range s.plan.Actions {
		if s.kind != 0 && string(a.Kind) != s.kinds[s.kind] {
			continue
		}
		changes := ""
		if n := len(a.Changes); n > 0 {
			changes = words.Count(n, "field")
		}
		kind := string(a.Kind)
		if a.Proposal {
			kind += " (proposed)"
		}
		rows = append(rows, []string{kind, a.Artifact.String(), string(a.Direction), actionSummary(a), changes})
		s.rowIndex = append(s.rowIndex, i)
	}
	s.table.SetData([]string{"Action", "Artifact", "Direction", "Summary", "Changes"}, rows)
}

func (s *syncScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if s.open != nil {
		if key.Matches(msg, s.keys.Close) || key.Matches(msg, s.keys.Open) {
			s.open = nil
		}
		return nil
	}
	if s.askRun {
		return s.answerRun(msg)
	}
	if s.running || (s.load.active && s.stop != nil && key.Matches(msg, s.keys.Stop)) {
		return s.stopKey(msg)
	}
	if s.table.Filtering() {
		var cmd tea.Cmd
		s.table, cmd = s.table.Update(msg)
		return cmd
	}
	hasPlan := s.plan != nil && s.report == nil
	switch {
	case key.Matches(msg, s.keys.Open) && hasPlan:
		if i, ok := s.table.Selected(); ok {
			a := s.plan.Actions[s.rowIndex[i]]
			s.open = &a
		}
	case key.Matches(msg, s.keys.Force) && (s.planErr == "" || !s.forceOK):
		// F skips a safety check: only as the answer to the error that
		// offers it.
		return nil
	case key.Matches(msg, s.keys.Link) && (!hasPlan || s.proposals() == 0):
		return nil
	case key.Matches(msg, s.keys.Plan), key.Matches(msg, s.keys.Force), key.Matches(msg, s.keys.Link):
		if s.pending != nil {
			s.choose(*s.pending)
		}
		if s.productID == 0 {
			return flash("Open a product on the Mapping screen (3) first")
		}
		s.planErr = ""
		o := s.env.opts.Sync
		o.Force, o.LinkSameNames = key.Matches(msg, s.keys.Force), key.Matches(msg, s.keys.Link)
		text := "Computing the dry-run plan…"
		if o.LinkSameNames {
			text = "Computing the dry-run plan with the same-name links accepted…"
		}
		seq, spin := s.load.start(text + " (esc stops)")
		var ctx context.Context
		ctx, s.stop = context.WithCancel(s.env.ctx)
		return tea.Batch(spin, planCmd(ctx, s.b, seq, s.productID, o))
	case key.Matches(msg, s.keys.Filter) && hasPlan:
		s.kind = (s.kind + 1) % len(s.kinds)
		s.fillTable()
	case key.Matches(msg, s.keys.Search) && hasPlan:
		return s.table.StartFilter()
	case key.Matches(msg, s.keys.ClearSearch) && hasPlan:
		s.table.ClearFilter()
	case key.Matches(msg, s.keys.Run) && hasPlan && s.load.active:
		// The plan shown is about to be replaced: run the new one.
		return flash("A new dry-run is being computed: press r once it is shown")
	case key.Matches(msg, s.keys.Run) && hasPlan:
		s.askRun = true
	case key.Matches(msg, s.keys.Close) && s.report != nil:
		s.report, s.plan = nil, nil
		if s.pending != nil {
			s.choose(*s.pending)
		}
	case s.report != nil:
		if n, ok := s.keys.List.Move(msg, s.reportHeight()); ok {
			s.scrollReport(n)
		}
	case hasPlan:
		var cmd tea.Cmd
		s.table, cmd = s.table.Update(msg)
		return cmd
	}
	return nil
}

func (s syncScreen) View() string {
	st := s.env.st
	var b strings.Builder
	product := s.productLabel()
	if v := s.load.View(); v != "" {
		b.WriteString(v + "\n")
	}
	if s.planErr != "" {
		b.WriteString(strings.Join(errorLines(st, s.planErr, s.w), "\n") + "\n")
	}
	switch {
	case s.open != nil:
		b.WriteString(s.actionView())
	case s.running:
		b.WriteString(s.runView(product))
	case s.report != nil:
		b.WriteString(s.reportView(product))
	case s.plan != nil:
		b.WriteString(s.planView(product))
	case s.productID == 0:
		b.WriteString(st.Muted.Render("No product chosen: open one on the Mapping screen (3)."))
	case !s.load.active:
		b.WriteString(st.Bold.Render("Sync "+product) + "\n")
		b.WriteString(st.Muted.Render("Press enter to compute the dry-run plan: what a sync would do, changing nothing."))
	}
	return b.String()
}

func (s syncScreen) planView(product string) string {
	st := s.env.st
	filter := "all"
	if s.kind != 0 {
		filter = s.kinds[s.kind]
	}
	title := st.Bold.Render("Dry-run plan for " + product)
	summary := s.planCounts() + st.Muted.Render("  · showing "+filter+" (f)")
	if n := s.proposals(); n > 0 {
		summary += st.Muted.Render(fmt.Sprintf("  · %s proposed (L links)", words.Count(n, "same-name link")))
	} else if s.linked {
		summary += st.Muted.Render("  · same-name links accepted")
	}
	head := title + "  " + summary
	if lipgloss.Width(head) > s.w {
		head = ansi.Truncate(title, s.w, "…") + "\n" + ansi.Truncate(summary, s.w, "…")
	}
	if mode := s.plan.Plan.Mode; mode != "" {
		head += "\n" + st.Muted.Render(ansi.Truncate("Sync Mode: "+mode, s.w, "…"))
	}
	if note := s.plan.Plan.FullNote(); note != "" {
		for _, l := range wrapText(note, s.w) {
			head += "\n" + st.Warn.Render(l)
		}
	}
	if s.askRun {
		head += "\n" + strings.Join(wrapWarn(st, s.runQuestion(), s.w), "\n")
	}
	// The table takes what the lines above it leave.
	t := s.table
	t.SetSize(s.w, max(s.h-s.linesAbove()-lipgloss.Height(head), 3))
	return head + "\n" + t.View()
}

// proposals counts the plan's same-name link proposals.
func (s syncScreen) proposals() int {
	n := 0
	if s.plan != nil {
		for _, a := range s.plan.Actions {
			if a.Proposal {
				n++
			}
		}
	}
	return n
}

// linesAbove counts the spinner and error lines above the plan or report.
func (s syncScreen) linesAbove() int {
	n := 0
	if s.load.active {
		n++
	}
	if s.planErr != "" {
		n += len(errorLines(s.env.st, s.planErr, s.w))
	}
	return n
}

func (s syncScreen) actionView() string {
	st := s.env.st
	a := s.open
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s  %s\n", st.Bold.Render(string(a.Kind)), st.Bold.Render(a.Artifact.String()), st.Muted.Render(string(a.Direction)))
	b.WriteString(lipgloss.NewStyle().Width(max(s.w, 10)).Render(actionSummary(*a)) + "\n\n")
	if len(a.Changes) == 0 {
		b.WriteString(st.Muted.Render("No field changes."))
	}
	fw := 0
	for _, c := range a.Changes {
		fw = max(fw, ansi.StringWidth(c.Field))
	}
	for _, c := range a.Changes {
		before := c.Before
		if before == "" {
			before = "∅"
		}
		// A long value wraps under itself, up to three lines.
		lines := hangWrap("  "+cell(c.Field, fw)+"  ", st.Diff.Del.Render(before)+" → "+st.Diff.Add.Render(c.After), s.w)
		if len(lines) > 3 {
			lines = append(lines[:2], ansi.Truncate(lines[2], s.w-1, "")+"…")
		}
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	return b.String()
}

func (s syncScreen) runView(product string) string {
	st := s.env.st
	pct := 0.0
	if s.total > 0 {
		pct = float64(s.done) / float64(s.total)
	}
	var b strings.Builder
	b.WriteString(st.Bold.Render("Syncing "+product) + "\n")
	fmt.Fprintf(&b, "%s  %d / %d\n", s.bar.ViewAs(pct), s.done, s.total)
	logH := max(s.h-3, 1)
	start := max(len(s.log)-logH, 0)
	for _, l := range s.log[start:] {
		b.WriteString(ansi.Truncate(st.Muted.Render(l), s.w, "…") + "\n")
	}
	return b.String()
}

func (s syncScreen) reportHeight() int { return max(s.h-s.linesAbove(), 1) }

// scrollReport moves the report by n lines, stopping at its last page.
func (s *syncScreen) scrollReport(n int) {
	last := max(len(s.reportLines(s.productLabel()))-s.reportHeight(), 0)
	s.reportY = max(min(min(s.reportY, last)+n, last), 0)
}

func (s syncScreen) productLabel() string {
	if s.productName == "" && s.productID != 0 {
		return fmt.Sprintf("product %d", s.productID)
	}
	return s.productName
}

func (s syncScreen) reportView(product string) string {
	lines := s.reportLines(product)
	h := s.reportHeight()
	off := min(s.reportY, max(len(lines)-h, 0))
	return strings.Join(lines[off:min(len(lines), off+h)], "\n")
}

func (s syncScreen) reportLines(product string) []string {
	st := s.env.st
	var lines []string
	title := "Sync report for " + product
	switch {
	case s.stopped:
		lines = append(lines, st.Warn.Render(title+": stopped"))
		for _, l := range wrapText(s.stoppedLine(), s.w) {
			lines = append(lines, st.Warn.Render(l))
		}
	case s.runErr != "":
		lines = append(lines, st.Error.Render(title+": stopped"))
		lines = append(lines, errorLines(st, s.runErr, s.w)...)
	case len(s.failures()) > 0:
		lines = append(lines, st.Warn.Render(fmt.Sprintf("%s: %d failed", title, len(s.failures()))))
	default:
		lines = append(lines, st.OK.Render(title+": done"))
	}
	if counts := s.reportCounts(); len(counts) > 0 {
		// Every bucket is named: the line wraps on a narrow window.
		lines = append(lines, hangWrap("  ", strings.Join(counts, ", "), s.w)...)
	}
	if len(s.failures()) > 0 {
		lines = append(lines, st.Bold.Render("Failures (retried on the next run):"))
		wrap := lipgloss.NewStyle().Width(max(s.w-4, 10))
		for _, f := range s.failures() {
			for i, l := range strings.Split(wrap.Render(f.Artifact+": "+f.Reason), "\n") {
				mark := "    "
				if i == 0 {
					mark = "  " + st.Error.Render("✗ ")
				}
				lines = append(lines, mark+strings.TrimRight(l, " "))
			}
		}
	}
	if notes := s.reportNotes(); len(notes) > 0 {
		lines = append(lines, st.Bold.Render("Notes:"))
		wrap := lipgloss.NewStyle().Width(max(s.w-4, 10))
		for _, n := range notes {
			for i, l := range strings.Split(wrap.Render(n), "\n") {
				mark := "    "
				if i == 0 {
					mark = "  " + st.Warn.Render("! ")
				}
				lines = append(lines, mark+strings.TrimRight(l, " "))
			}
		}
	}
	if len(s.log) > 0 {
		lines = append(lines, st.Bold.Render("Log:"))
		for _, l := range s.log {
			lines = append(lines, ansi.Truncate("  "+st.Muted.Render(l), s.w, "…"))
		}
	}
	lines = append(lines, st.Muted.Render("enter for a new dry-run · esc closes the report"))
	return lines
}

// actionSummary is an action's summary with the reason for a skip, a
// conflict or an error.
func actionSummary(a ops.Action) string {
	if a.Reason == "" {
		return a.Summary
	}
	if a.Summary == "" {
		return a.Reason
	}
	return a.Summary + ": " + a.Reason
}

// reportCounts are the report's buckets in the order sync prints them,
// none for a run that ended before its report.
func (s syncScreen) reportCounts() []string {
	if s.report == nil || s.report.Report == nil {
		return nil
	}
	var out []string
	for _, c := range ops.ReportCounts(s.report.Report) {
		out = append(out, fmt.Sprint(c.N)+" "+c.Bucket)
	}
	return out
}

func (s syncScreen) failures() []ops.Failure {
	if s.report == nil || s.report.Report == nil {
		return nil
	}
	return s.report.Report.Failures
}

// reportNotes are the run's notes, then what to do after it.
func (s syncScreen) reportNotes() []string {
	if s.report == nil || s.report.Report == nil {
		return nil
	}
	return append(append([]string(nil), s.report.Report.Notes...), s.report.Notes...)
}
