// Package termbg asks the terminal for its background colour once, with a
// short timeout, for the TUI (see internal/quietinit for why the libraries
// are kept from asking themselves).
package termbg

import (
	"strconv"
	"strings"
)

// Query is the OSC 11 background-colour query, followed by a cursor
// position request that every terminal answers, so that a terminal that
// ignores OSC 11 is known at once instead of at the timeout.
const Query = "\x1b]11;?\x1b\\" + "\x1b[6n"

// parse reads the luminance out of an answer such as
// "\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\" and says whether it is dark.
func parse(answer string) (dark, ok bool) {
	i := strings.Index(answer, "]11;rgb:")
	if i < 0 {
		return false, false
	}
	rest := answer[i+len("]11;rgb:"):]
	if j := strings.IndexAny(rest, "\x1b\a"); j >= 0 {
		rest = rest[:j]
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return false, false
	}
	var rgb [3]float64
	for k, p := range parts {
		if p == "" || len(p) > 4 {
			return false, false
		}
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		rgb[k] = float64(v) / float64(uint64(1)<<(4*len(p))-1)
	}
	// Relative luminance (Rec. 709), the same split at one half that
	// termenv makes.
	l := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	return l < 0.5, true
}
