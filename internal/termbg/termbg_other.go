//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris)

package termbg

import (
	"os"
	"time"
)

// IsDark reports no answer: on Windows the console is not asked.
func IsDark(in, out *os.File, timeout time.Duration) (dark, ok bool) { return false, false }
