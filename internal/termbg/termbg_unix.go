//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris

package termbg

import (
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"golang.org/x/sys/unix"
)

// IsDark asks the terminal on in and out for its background colour and
// waits at most timeout for the answer. ok is false when in or out is not a
// terminal, under screen or tmux (which may front several terminals), or
// when no answer came in time.
func IsDark(in, out *os.File, timeout time.Duration) (dark, ok bool) {
	if !term.IsTerminal(in.Fd()) || !term.IsTerminal(out.Fd()) {
		return false, false
	}
	t := os.Getenv("TERM")
	if strings.HasPrefix(t, "screen") || strings.HasPrefix(t, "tmux") || strings.HasPrefix(t, "dumb") {
		return false, false
	}
	state, err := term.MakeRaw(in.Fd())
	if err != nil {
		return false, false
	}
	defer term.Restore(in.Fd(), state) //nolint:errcheck
	if _, err := out.WriteString(Query); err != nil {
		return false, false
	}
	var got strings.Builder
	deadline := time.Now().Add(timeout)
	buf := make([]byte, 64)
	for {
		left := time.Until(deadline)
		if left <= 0 || !readable(int(in.Fd()), left) {
			return parse(got.String())
		}
		n, err := in.Read(buf)
		if err != nil || n == 0 {
			return parse(got.String())
		}
		got.Write(buf[:n])
		// The cursor report comes last: everything is in.
		if s := got.String(); strings.HasSuffix(s, "R") && strings.Contains(s, "\x1b[") {
			return parse(s)
		}
		if got.Len() > 256 {
			return parse(got.String())
		}
	}
}

// readable waits up to d for fd to have input.
func readable(fd int, d time.Duration) bool {
	for {
		tv := unix.NsecToTimeval(d.Nanoseconds())
		var fds unix.FdSet
		fds.Set(fd)
		n, err := unix.Select(fd+1, &fds, nil, nil, &tv)
		if err == unix.EINTR {
			continue
		}
		return err == nil && n > 0
	}
}
