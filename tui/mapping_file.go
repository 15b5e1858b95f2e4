package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/spirajira/spirajira/ops"
)

// mappingPath is the mapping.yaml that s writes: the one given, else
// mapping.yaml in the working directory, as a full path.
func mappingPath(o Options) string {
	if o.MappingFile != "" {
		return absPath(o.MappingFile)
	}
	return absPath("mapping.yaml")
}

// fileReadMsg is the mapping.yaml read at start, before the backend opens
// the mapping it holds.
type fileReadMsg struct {
	seq   int
	stamp ops.FileStamp
	data  []byte
	err   error
}

func (m fileReadMsg) failure() error { return m.err }

type savedMsg struct {
	stamp ops.FileStamp
	// edits is the count of edits saved.
	edits int
	// overwrite says why the file was not written: it would lose a change.
	overwrite string
	err       error
}

func (m savedMsg) failure() error { return m.err }

func readFileCmd(path string, seq int) tea.Cmd {
	return func() tea.Msg {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return fileReadMsg{seq: seq, stamp: ops.FileStamp{Path: path, Known: true, Absent: true}}
		}
		if err != nil {
			return fileReadMsg{seq: seq, err: err}
		}
		return fileReadMsg{seq: seq, stamp: ops.StampOf(path, data), data: data}
	}
}

func openFileCmd(e env, b MappingBackend, seq int, st ops.FileStamp, data []byte) tea.Cmd {
	ctx := e.ctx
	return func() tea.Msg {
		ed, err := b.OpenMappingFile(ctx, data)
		if err != nil {
			return editorMsg{seq: seq, err: fmt.Errorf("%s: %w", st.Path, err)}
		}
		return editorMsg{seq: seq, product: ed.Product(), ed: ed, file: &st}
	}
}

// saveCmd writes the mapping to st.Path unless that would lose a change made
// to the file since this session read it (force writes it anyway).
func saveCmd(ed MappingEditor, st ops.FileStamp, edits int, force bool) tea.Cmd {
	return func() tea.Msg {
		data, err := ed.Format()
		if err != nil {
			return savedMsg{err: err}
		}
		saved, err := ops.SaveFile(st, data, force)
		var oe *ops.OverwriteError
		switch {
		case errors.As(err, &oe):
			return savedMsg{stamp: st, edits: edits, overwrite: oe.Why}
		case err != nil:
			return savedMsg{err: fmt.Errorf("save the mapping: %w", err)}
		}
		return savedMsg{stamp: saved, edits: edits}
	}
}

func (s *mappingScreen) startOpenFile() tea.Cmd {
	s.opening = s.file.Path
	seq, spin := s.load.start("Reading " + s.file.Path + "…")
	return tea.Batch(spin, readFileCmd(s.file.Path, seq))
}

// fileRead opens the mapping the file holds; without the file, the mapping
// is pulled from Spira and s creates the file.
func (s *mappingScreen) fileRead(msg fileReadMsg) tea.Cmd {
	if msg.seq != s.load.seq {
		return nil
	}
	if msg.err != nil {
		s.load.stop()
		s.opening, s.errS = "", errText(msg.err)
		return nil
	}
	s.file = msg.stamp
	if msg.stamp.Absent {
		s.load.stop()
		s.opening = ""
		next, cmd := s.openFirst()
		*s = next.(mappingScreen)
		return tea.Batch(cmd, flash(s.file.Path+" does not exist yet: s creates it"))
	}
	seq, spin := s.load.start("Opening the mapping of " + s.file.Path + "…")
	return tea.Batch(spin, openFileCmd(s.env, s.b, seq, msg.stamp, msg.data))
}

// opened takes the file an opened mapping came from: a mapping pulled from
// Spira for another product than the file holds makes the file one this
// session has not read.
func (s *mappingScreen) opened(msg editorMsg) {
	s.edits, s.kept, s.overwrite = 0, 0, ""
	switch {
	case msg.file != nil:
		s.file = *msg.file
	case s.file.Known && !s.file.Absent && msg.product.ID != s.fileProduct:
		s.file = ops.FileStamp{Path: s.file.Path}
	}
	if msg.file != nil {
		s.fileProduct = msg.product.ID
	}
}

func (s *mappingScreen) saved(msg savedMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		return nil // the status bar shows it
	case msg.overwrite != "":
		s.overwrite = msg.overwrite
		return nil
	}
	s.file, s.kept, s.fileProduct = msg.stamp, msg.edits, s.product.ID
	// Said on the screen as well: the status bar may cut a long path.
	s.savedTo = "Saved to " + msg.stamp.Path
	return flash(s.savedTo)
}

func (s *mappingScreen) overwriteKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.dk.Yes):
		s.overwrite = ""
		return saveCmd(s.ed.Clone(), s.file, s.edits, true)
	case key.Matches(msg, s.dk.No), key.Matches(msg, s.dk.Close):
		s.overwrite = ""
		return flash("Not saved: " + s.file.Path + " is as it was")
	}
	return nil
}
