package cli

import (
	"bufio"
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/x/term"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"
)

// IOStreams decides between people and scripts: colour, prompts and tables
// only when a terminal is attached.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	noColor   bool
	width     int // columns of the terminal on stdout; 0: unknown

	lines *bufio.Reader // shared so that successive prompts lose no input
}

// lineReader returns one buffered reader over In for every prompt.
func (s *IOStreams) lineReader() *bufio.Reader {
	if s.lines == nil {
		s.lines = bufio.NewReader(s.In)
	}
	return s.lines
}

// SystemIO returns the process's standard streams.
func SystemIO() *IOStreams {
	// no-color.org: set and not empty.
	noColor := os.Getenv("NO_COLOR") != ""
	// termenv fixed its default profile during package init, while
	// internal/quietinit kept the terminal hidden; look again now.
	out := termenv.DefaultOutput()
	out.Profile = out.EnvColorProfile()
	return &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		noColor:   noColor,
		width:     terminalWidth(os.Stdout),
	}
}

func terminalWidth(f *os.File) int {
	if !isTerminal(f) {
		return 0
	}
	w, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return w
}

// defaultWidth is the width assumed of a terminal that does not say.
const defaultWidth = 80

// TerminalWidth returns the columns of the terminal output goes to: its
// size, else $COLUMNS, else 80.
func (s *IOStreams) TerminalWidth() int {
	if s.width > 0 {
		return s.width
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return defaultWidth
}

// SetTerminalWidth pretends, in tests, that the terminal is w columns wide.
func (s *IOStreams) SetTerminalWidth(w int) { s.width = w }

// TestIO returns streams backed by the given buffers, with no terminal.
func TestIO(in io.Reader, out, errOut io.Writer) *IOStreams {
	return &IOStreams{In: in, Out: out, ErrOut: errOut}
}

// SetTTY pretends, in tests, that stdin and stdout are terminals.
func (s *IOStreams) SetTTY(stdin, stdout bool) { s.stdinTTY, s.stdoutTTY = stdin, stdout }

// IsStdoutTTY reports whether output goes to a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// CanPrompt reports whether the user can be asked questions.
func (s *IOStreams) CanPrompt() bool { return s.stdinTTY && s.stdoutTTY }

// ColorEnabled reports whether output may carry colour and styling.
func (s *IOStreams) ColorEnabled() bool { return s.stdoutTTY && !s.noColor }

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
