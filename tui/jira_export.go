package tui

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/ops"
)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// exportReq is one tab's export: the rows the filter shows, out of total.
type exportReq struct {
	path     string
	cols     []string
	rows     [][]string
	total    int
	filtered bool
	force    bool
}

// what says which rows an export holds: "7 of 7 rows", "1 of 7 rows
// (filtered)".
func (r exportReq) what() string {
	w := fmt.Sprintf("%d of %s", len(r.rows), words.Count(r.total, "row"))
	if r.filtered {
		w += " (filtered)"
	}
	return w
}

// exportCmd writes the rows as CSV to r.path; a file already there is left
// alone unless r.force.
func exportCmd(r exportReq) tea.Cmd {
	return func() tea.Msg {
		if _, err := os.Stat(r.path); err == nil && !r.force {
			return exportedMsg{req: r, exists: true}
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return exportedMsg{err: fmt.Errorf("export: %w", err)}
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(r.cols)
		_ = w.WriteAll(r.rows)
		if err := w.Error(); err != nil {
			return exportedMsg{err: fmt.Errorf("export %s: %w", r.path, err)}
		}
		if err := ops.WriteFileAtomic(r.path, buf.Bytes(), 0o644); err != nil {
			return exportedMsg{err: fmt.Errorf("export %s: %w", r.path, err)}
		}
		return exportedMsg{req: r}
	}
}

// exportReq is the export of the tab shown, as filtered, to ExportDir (the
// working directory unless set), by its full path.
func (s jiraScreen) exportReq() exportReq {
	t := s.catalog.Tabs[s.tab]
	tm := s.tables[s.tab]
	rows := make([][]string, 0, tm.Shown())
	for _, i := range tm.idx {
		rows = append(rows, t.Rows[i].Cells)
	}
	name := unsafeName.ReplaceAllString(s.catalog.Project+"-"+t.Name, "-") + ".csv"
	return exportReq{
		path: absPath(filepath.Join(s.env.opts.ExportDir, name)),
		cols: t.Columns, rows: rows, total: len(t.Rows), filtered: tm.FilterValue() != "",
	}
}

func (s *jiraScreen) exported(msg exportedMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		return nil // the status bar shows it
	case msg.exists:
		s.askExport = &msg.req
		return nil
	}
	s.exportNote = "Exported " + msg.req.what() + " to " + msg.req.path
	return flash(s.exportNote)
}

func (s *jiraScreen) answerExport(msg tea.KeyMsg) tea.Cmd {
	r := *s.askExport
	switch {
	case key.Matches(msg, s.dk.Yes):
		s.askExport = nil
		r.force = true
		return exportCmd(r)
	case key.Matches(msg, s.dk.No), key.Matches(msg, s.dk.Close):
		s.askExport = nil
		return flash("Not exported: " + r.path + " is as it was")
	}
	return nil
}

// noteLines are the lines between the tab bar and the table: the question
// before an export overwrites a file, where the last export went, or the
// catalog's first note.
func (s jiraScreen) noteLines() []string {
	st := s.env.st
	switch {
	case s.askExport != nil:
		return wrapWarn(st, s.askExport.path+" exists: overwrite it with "+s.askExport.what()+"? y overwrites, n cancels", s.w)
	case s.exportNote != "":
		lines := wrapText(s.exportNote, s.w)
		for i, l := range lines {
			lines[i] = st.OK.Render(l)
		}
		return lines
	case s.catalog != nil && len(s.catalog.Notes) > 0:
		note := "note: " + s.catalog.Notes[0]
		if n := len(s.catalog.Notes); n > 1 {
			note += fmt.Sprintf(" (+%d more)", n-1)
		}
		return []string{ansi.Truncate(st.Warn.Render(note), s.w, "…")}
	}
	return nil
}

// reload reads the open project's catalog again, or the project list.
func (s *jiraScreen) reload() tea.Cmd {
	if s.catalog != nil {
		return tea.Batch(s.startCatalog(s.catalog.Project)...)
	}
	return s.startProjects(false)
}
