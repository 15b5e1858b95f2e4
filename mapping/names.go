package mapping

import (
	"strings"
	"unicode"
)

// Normalize reduces a name to what matters when matching names across the
// two tools: case, spaces, punctuation and a leading number are ignored,
// so "1 - Critical", "critical" and "CRITICAL!" are all "critical".
func Normalize(name string) string {
	s := strings.TrimLeftFunc(name, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	if b.Len() == 0 {
		// A name made only of digits ("2") keeps them, so it still matches.
		for _, r := range name {
			if unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// closest returns the candidate nearest to s by normalised name, if it is
// near enough to be a plausible typo.
func closest(s string, candidates []string) (string, bool) {
	ns := Normalize(s)
	best, bestD := "", -1
	for _, c := range candidates {
		nc := Normalize(c)
		d := distance(ns, nc)
		if nc != "" && (strings.HasPrefix(nc, ns) || strings.HasPrefix(ns, nc)) && ns != "" {
			d = min(d, 1)
		}
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(2, len([]rune(ns))/3) {
		return "", false
	}
	return best, true
}
