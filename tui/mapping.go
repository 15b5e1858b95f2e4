package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/spiraclient"
)

type productsMsg struct {
	seq      int
	products []spiraclient.RemoteProject
	err      error
}

func (m productsMsg) failure() error { return m.err }

type editorMsg struct {
	seq     int
	product mapping.Ref
	ed      MappingEditor
	err     error
	// file is the mapping.yaml the mapping was read from; nil when it was
	// pulled from Spira.
	file *ops.FileStamp
}

func (m editorMsg) failure() error { return m.err }

type diffMsg struct {
	seq     int
	lines   []mapping.Change
	forPush bool
	err     error
}

func (m diffMsg) failure() error { return m.err }

type pushMsg struct {
	seq int
	res *ops.PushOutcome
	err error
	// edits is the count of edits pushed.
	edits int
}

func (m pushMsg) failure() error { return m.err }

type verifyMsg struct {
	seq   int
	items []SheetItem
	err   error
}

func (m verifyMsg) failure() error { return m.err }

type appliedMsg struct {
	seq int
	err error
}

func (m appliedMsg) failure() error { return m.err }

func loadProductsCmd(e env, b MappingBackend, seq int) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		ps, err := b.Products(ctx)
		return productsMsg{seq: seq, products: ps, err: err}
	}
}

func openMappingCmd(e env, b MappingBackend, seq int, p mapping.Ref) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		ed, err := b.OpenMapping(ctx, p.ID)
		if err == nil && p.Name == "" {
			p = ed.Product()
		}
		return editorMsg{seq: seq, product: p, ed: ed, err: err}
	}
}

// The commands below work on a clone, so the UI may go on reading its own
// editor while they run.

func diffCmd(e env, ed MappingEditor, seq int, forPush bool) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		lines, err := ed.Diff(ctx)
		return diffMsg{seq: seq, lines: lines, forPush: forPush, err: err}
	}
}

func pushCmd(e env, ed MappingEditor, seq, edits int, force bool) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		res, err := ed.Push(ctx, force)
		return pushMsg{seq: seq, res: res, err: err, edits: edits}
	}
}

func verifyCmd(e env, ed MappingEditor, seq int) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		checks, sheet, err := ed.Verify(ctx)
		return verifyMsg{seq: seq, items: sheetItems(sheet, checks), err: err}
	}
}

func applySheetCmd(e env, ed MappingEditor, seq int) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		return appliedMsg{seq: seq, err: ed.ApplySheet(ctx)}
	}
}

type mappingMode int

const (
	modeBrowse mappingMode = iota
	modeProposals
	modeDiff
	modeConfirmPush
	modeSheet
)

// mappingScreen edits one product's mapping: categories on the left, rows
// Spira -> Jira on the right, problems inline.
type mappingScreen struct {
	env  env
	b    MappingBackend
	keys mappingKeys
	dk   dialogKeys

	products   []spiraclient.RemoteProject
	product    mapping.Ref
	ed         MappingEditor
	cats       []MappingCategory
	problems   []mapping.Problem
	cat, row   int
	rowsFocus  bool
	picker     *mappingPicker
	openPicker bool // open the product picker when products arrive

	// mode is what has the keys: the browse view, the proposals, or the
	// overlay as what it shows.
	mode      mappingMode
	proposals mappingProposals
	overlay   mappingOverlay
	errS      string
	// opening is the product whose mapping is being read; until it
	// arrives, only o acts, so that no other load replaces it.
	opening string
	// diffing is true while a diff (for d or P) is computed: a change to
	// the mapping meanwhile makes it stale.
	diffing bool

	// file is the mapping.yaml that s writes, as this session last read or
	// wrote it; overwrite is why writing it would lose a change (asked
	// before s writes it anyway).
	file        ops.FileStamp
	fileProduct int // the product whose mapping the file holds
	overwrite   string
	savedTo     string // where s wrote, shown until the next edit
	// dropOK: o was pressed once with unsaved edits; again, it goes on.
	dropOK bool
	// text edits a setting typed in (Caption, Time Offset…) for the row
	// textFor.
	text    *formModel
	textFor string
	// edits counts the user's changes; kept is the count when the mapping
	// was last saved, pushed or opened, so edits != kept is unsaved work.
	edits, kept int

	load loader
	w, h int
}

func newMappingScreen(e env, b MappingBackend) mappingScreen {
	return mappingScreen{env: e, b: b, keys: newMappingKeys(), dk: newDialogKeys(), overlay: newMappingOverlay(e.st), load: newLoader(e.st), file: ops.FileStamp{Path: mappingPath(e.opts)}}
}

func (s mappingScreen) Init() (screen, tea.Cmd) {
	if s.env.opts.MappingFile != "" {
		cmd := s.startOpenFile()
		return s, cmd
	}
	return s.openFirst()
}

// openFirst opens the product of the options, or offers the products.
func (s mappingScreen) openFirst() (screen, tea.Cmd) {
	if id := s.env.opts.ProductID; id != 0 {
		cmd := s.startOpen(mapping.Ref{ID: id})
		return s, cmd
	}
	cmd := s.startProducts()
	return s, cmd
}

func (s *mappingScreen) startProducts() tea.Cmd {
	s.openPicker = true
	seq, spin := s.load.start("Loading Spira products…")
	return tea.Batch(spin, loadProductsCmd(s.env, s.b, seq))
}

func (s *mappingScreen) startOpen(p mapping.Ref) tea.Cmd {
	name := p.Name
	if name == "" {
		name = fmt.Sprintf("product %d", p.ID)
	}
	s.opening = name
	seq, spin := s.load.start("Reading the mapping of " + name + " from Spira…")
	return tea.Batch(spin, openMappingCmd(s.env, s.b, seq, p))
}

// Capturing holds the keyboard for the picker and for questions awaiting an
// answer; the diff and the sheet let the global keys through.
func (s mappingScreen) Capturing() bool {
	return s.picker != nil || s.mode == modeProposals || s.mode == modeConfirmPush || s.overwrite != "" || s.text != nil
}
func (s mappingScreen) Busy() bool { return false }

// Unsaved names the edits that are neither saved nor pushed.
func (s mappingScreen) Unsaved() string {
	if s.ed == nil || s.edits == s.kept {
		return ""
	}
	return "the mapping of " + s.product.Name
}

func (s mappingScreen) KeyMap() help.KeyMap {
	if s.picker != nil {
		return s.picker.keys
	}
	if s.overwrite != "" {
		return helpKeys{withHelp(s.dk.Yes, "y", "overwrite"), withHelp(s.dk.No, "n", "cancel")}
	}
	if s.text != nil {
		return helpKeys{withHelp(s.text.keys.Save, "enter", "set"), s.text.keys.Cancel}
	}
	switch s.mode {
	case modeProposals:
		return s.proposals.KeyMap()
	case modeDiff, modeConfirmPush, modeSheet:
		return s.overlay.KeyMap(s.ed != nil && s.ed.CanApplySheet())
	}
	k := s.keys
	has := s.ed != nil
	for _, b := range []*key.Binding{&k.Focus, &k.Back, &k.Pick, &k.Primary, &k.Automap, &k.Diff, &k.Push, &k.Verify, &k.Save, &k.Apply} {
		b.SetEnabled(has)
	}
	if has {
		k.Pick.SetEnabled(s.rowsFocus)
		k.Back.SetEnabled(s.rowsFocus)
		k.Primary.SetEnabled(s.rowsFocus && s.cat < len(s.cats) && s.cats[s.cat].Primary)
		k.Apply.SetEnabled(s.ed.CanApplySheet() && s.overlay.sheet != nil)
	}
	k.Save = withHelp(k.Save, "s", "save "+filepath.Base(s.file.Path))
	return k
}

// scrollHelp stands for the keys that scroll an overlay (up, down, pgup,
// pgdn, g, G) in one short entry.
var scrollHelp = bind([]string{"up", "down", "k", "j", "pgup", "pgdown", "g", "G"}, "↑/↓", "scroll")

// helpKeys is an ad-hoc key map for dialogs.
type helpKeys []key.Binding

func (k helpKeys) ShortHelp() []key.Binding  { return k }
func (k helpKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k} }

func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}

func (s mappingScreen) SetSize(w, h int) screen {
	s.w, s.h = w, h
	if s.picker != nil {
		s.picker.SetSize(min(w, 70), min(h, 20))
	}
	if s.text != nil {
		s.text.SetWidth(w)
	}
	return s
}

func (s mappingScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case productsMsg:
		if s.load.done(msg.seq) {
			s.errS = errText(msg.err)
			if msg.err == nil {
				s.products = msg.products
				if s.openPicker {
					cmds = append(cmds, s.productPicker())
				}
			}
		}
	case editorMsg:
		if s.load.done(msg.seq) {
			s.opening = ""
			s.errS = errText(msg.err)
			if msg.err == nil {
				s.ed, s.product = msg.ed, msg.product
				if s.product.Name == "" {
					for _, p := range s.products {
						if p.ProjectID == s.product.ID {
							s.product.Name = p.Name
						}
					}
				}
				s.cat, s.row, s.rowsFocus = 0, 0, false
				s.overlay = newMappingOverlay(s.env.st)
				s.opened(msg)
				s.refresh()
				p := s.product
				cmds = append(cmds, func() tea.Msg { return productChosenMsg{id: p.ID, name: p.Name} })
			}
		}
	case diffMsg:
		if s.load.done(msg.seq) {
			s.diffing = false
			s.errS = errText(msg.err)
			if msg.err == nil && (s.picker != nil || s.mode == modeProposals) {
				// Shown now, it would cover the choice being made, and
				// may be stale once it is made.
				cmds = append(cmds, s.staleDiff())
				break
			}
			if msg.err == nil && msg.forPush && !changes(msg.lines) {
				// No confirmation of nothing: P goes on to the setup
				// sheet, as it does after a push.
				s.overlay.written, s.overlay.upToDate = nil, true
				cmds = append(cmds, s.startVerify("Nothing to push: Spira already holds this mapping. Verifying the setup sheet…"))
				break
			}
			if msg.err == nil {
				s.showOverlay(s.overlay.withDiff(msg.lines, msg.forPush, s.errorCount()))
			}
		}
	case pushMsg:
		if s.load.done(msg.seq) {
			s.errS = errText(msg.err)
			if msg.err == nil {
				s.kept = msg.edits // in Spira now: not lost on quit
				s.ed.Pushed(msg.res)
				s.showOverlay(s.overlay.withPushed(msg.res))
				o := s.overlay
				cmds = append(cmds, flash(fmt.Sprintf("Pushed: %d written, %s left to enter in Spira", len(o.written), words.Count(len(o.sheet), "sheet line"))))
			}
		}
	case verifyMsg:
		if s.load.done(msg.seq) {
			s.errS = errText(msg.err)
			if msg.err == nil {
				s.showOverlay(s.overlay.withSheet(msg.items))
				done := 0
				for _, it := range msg.items {
					if it.Done {
						done++
					}
				}
				note := fmt.Sprintf("Verified: %d of %d done", done, len(msg.items))
				if len(msg.items) == 0 {
					note = "Verified: nothing to enter by hand"
				}
				if s.overlay.upToDate {
					// Short: the status bar keeps the profile at 80 columns.
					note = "Nothing to push; " + strings.ToLower(note[:1]) + note[1:]
				}
				cmds = append(cmds, flash(note))
			}
		}
	case appliedMsg:
		if s.load.done(msg.seq) {
			s.errS = errText(msg.err)
			if msg.err == nil {
				cmds = append(cmds, s.startVerify("Verifying the sheet against Spira…"))
			}
		}
	case fileReadMsg:
		cmds = append(cmds, s.fileRead(msg))
	case savedMsg:
		cmds = append(cmds, s.saved(msg))
	case scrollMsg:
		s.scroll(int(msg))
	case tea.KeyMsg:
		cmds = append(cmds, s.handleKey(msg))
	default:
		if s.picker != nil {
			p, cmd, _ := s.picker.Update(msg) // not a key: chooses nothing
			s.picker = &p
			cmds = append(cmds, cmd)
		}
		if s.text != nil { // the cursor's blink
			f, cmd := s.text.Update(msg)
			s.text = &f
			cmds = append(cmds, cmd)
		}
	}
	var cmd tea.Cmd
	s.load, cmd = s.load.update(msg)
	cmds = append(cmds, cmd)
	return s, tea.Batch(cmds...)
}

// staleDiff drops the diff being computed: the mapping changed since it was
// asked for, so it no longer says what a push would write.
func (s *mappingScreen) staleDiff() tea.Cmd {
	if s.diffing {
		s.diffing = false
		s.load.drop()
	}
	return flash("The mapping changed while comparing with Spira: press d (or P) again")
}

// edited re-reads the editor after a change made by the user.
func (s *mappingScreen) edited() tea.Cmd {
	s.edits++
	s.savedTo = ""
	s.refresh()
	s.overlay.upToDate = false
	if s.diffing {
		return s.staleDiff()
	}
	return nil
}

// refresh re-reads categories and problems from the editor after a change.
func (s *mappingScreen) refresh() {
	s.cats = s.ed.Categories()
	s.problems = s.ed.Problems()
	known := map[string]bool{}
	for _, c := range s.cats {
		known[c.Key] = true
	}
	for _, p := range s.problems {
		if cat, _ := where(p.Location); !known[cat] {
			s.cats = append(s.cats, MappingCategory{Key: cat, Title: "General"})
			known[cat] = true
		}
	}
	s.cat = max(min(s.cat, len(s.cats)-1), 0)
	if s.cat < len(s.cats) {
		s.row = max(min(s.row, len(s.cats[s.cat].Rows)-1), 0)
	}
}

func (s *mappingScreen) scroll(n int) {
	switch {
	case s.picker != nil:
		s.picker.Scroll(n)
	case s.mode == modeDiff || s.mode == modeConfirmPush || s.mode == modeSheet:
		s.overlay = s.overlay.Scroll(n, s.w, s.bodyHeight())
	case s.rowsFocus && s.cat < len(s.cats):
		s.row = max(min(s.row+n, len(s.cats[s.cat].Rows)-1), 0)
	default:
		s.cat = max(min(s.cat+n, len(s.cats)-1), 0)
		s.row = 0
	}
}

func (s *mappingScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if s.picker != nil {
		return s.pickerKey(msg)
	}
	if !key.Matches(msg, s.keys.Product) {
		s.dropOK = false
	}
	if s.overwrite != "" {
		return s.overwriteKey(msg)
	}
	if s.text != nil {
		return s.textKey(msg)
	}
	switch s.mode {
	case modeProposals:
		return s.proposalKey(msg)
	case modeDiff, modeConfirmPush, modeSheet:
		return s.overlayKey(msg)
	}
	if key.Matches(msg, s.keys.Product) {
		if s.Unsaved() != "" && !s.dropOK {
			// Another product's mapping would replace the edits.
			s.dropOK = true
			return flash("Unsaved changes: s saves them; o again opens another product without them")
		}
		s.dropOK = false
		if s.products == nil {
			return s.startProducts()
		}
		return s.productPicker()
	}
	if s.ed == nil || len(s.cats) == 0 {
		return nil
	}
	if s.opening != "" {
		return flash("Still reading the mapping of " + s.opening + " from Spira…")
	}
	cat := s.cats[s.cat]
	if n, ok := s.keys.List.Move(msg, 10); ok {
		s.scroll(n)
		return nil
	}
	switch {
	case key.Matches(msg, s.keys.Back) && s.rowsFocus:
		s.rowsFocus = false
	case key.Matches(msg, s.keys.Focus):
		s.rowsFocus = msg.String() == "right" || msg.String() == "l"
		if s.rowsFocus && len(cat.Rows) == 0 {
			s.rowsFocus = false
		}
	case key.Matches(msg, s.keys.Pick):
		if !s.rowsFocus {
			if len(cat.Rows) > 0 {
				s.rowsFocus = true
			}
			return nil
		}
		return s.valuePicker()
	case key.Matches(msg, s.keys.Primary):
		if s.rowsFocus && cat.Primary && s.row < len(cat.Rows) {
			if err := s.ed.TogglePrimary(cat.Key, cat.Rows[s.row].SpiraID); err != nil {
				s.errS = errText(err)
				return flash(s.errS)
			}
			return s.edited()
		}
	case key.Matches(msg, s.keys.Automap):
		var list []mapping.Proposal
		for _, p := range s.ed.Proposals() {
			if c, _ := where(p.Location); c == cat.Key {
				list = append(list, p)
			}
		}
		if len(list) == 0 {
			return flash("No auto-map proposals for " + cat.Title)
		}
		s.proposals, s.mode = newMappingProposals(s.env.st, cat.Title, list), modeProposals
	case key.Matches(msg, s.keys.Diff), key.Matches(msg, s.keys.Push):
		s.diffing = true
		seq, spin := s.load.start("Comparing with what Spira holds…")
		return tea.Batch(spin, diffCmd(s.env, s.ed.Clone(), seq, key.Matches(msg, s.keys.Push)))
	case key.Matches(msg, s.keys.Verify):
		return s.startVerify("Verifying the setup sheet against Spira…")
	case key.Matches(msg, s.keys.Save):
		return saveCmd(s.ed.Clone(), s.file, s.edits, false)
	case key.Matches(msg, s.keys.Apply):
		if s.overlay.sheet != nil && s.ed.CanApplySheet() {
			s.showOverlay(s.overlay.withSheet(s.overlay.sheet))
			return s.startApply()
		}
	}
	return nil
}

func (s mappingScreen) View() string {
	st := s.env.st
	if s.picker != nil {
		return lipgloss.Place(s.w, s.h, lipgloss.Center, lipgloss.Top, s.picker.View())
	}
	var head []string
	if v := s.load.View(); v != "" {
		head = append(head, v)
	}
	if s.errS != "" {
		head = append(head, errorLines(st, s.errS, s.w)...)
	}
	if s.ed == nil {
		switch {
		case s.load.active:
		case s.errS != "":
			for _, l := range hangWrap("  ", "press o to try again or pick another product; the settings are on the Connections screen (1)", s.w) {
				head = append(head, st.Muted.Render(l))
			}
		default:
			head = append(head, st.Muted.Render("No product open: press o to pick a Spira product."))
		}
		return strings.Join(head, "\n")
	}
	head = s.headLines()
	h := max(s.h-len(head), 3)
	var body string
	switch s.mode {
	case modeProposals:
		body = s.proposals.View(s.w)
	case modeDiff, modeConfirmPush, modeSheet:
		body = s.overlay.View(s.w, h)
	case modeBrowse:
		if s.text != nil {
			body = s.text.View()
			break
		}
		body = s.browseView(h)
	default:
		body = s.browseView(h)
	}
	return strings.Join(head, "\n") + "\n" + body
}
