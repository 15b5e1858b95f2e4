package tui

import (
	"sort"
	"strings"
	"unicode"
)

// fuzzyScore scores how well query matches s as a subsequence, ignoring case:
// -1 when it does not match; higher is better. Whole substrings, word starts
// and runs of consecutive letters score more, gaps less.
func fuzzyScore(query, s string) int {
	if query == "" {
		return 0
	}
	q := []rune(strings.ToLower(query))
	r := []rune(strings.ToLower(s))
	score, qi, run, last := 0, 0, 0, -1
	for i := 0; i < len(r) && qi < len(q); i++ {
		if r[i] != q[qi] {
			continue
		}
		pts := 1
		if i == 0 || !unicode.IsLetter(r[i-1]) && !unicode.IsDigit(r[i-1]) {
			pts += 8
		}
		if last == i-1 {
			run++
			pts += 4 * run
		} else {
			run = 0
			if last >= 0 {
				pts -= min(i-last-1, 5)
			}
		}
		score += pts
		last = i
		qi++
	}
	if qi < len(q) {
		return -1
	}
	if strings.Contains(string(r), string(q)) {
		score += 20
	}
	if len(r) == len(q) {
		score += 20
	}
	return score
}

// fuzzyFilter returns the indexes of items matching query, best first, in
// their original order among equals.
func fuzzyFilter(query string, items []string) []int {
	type hit struct{ i, score int }
	hits := make([]hit, 0, len(items))
	for i, it := range items {
		if s := fuzzyScore(query, it); s >= 0 {
			hits = append(hits, hit{i, s})
		}
	}
	if query != "" {
		sort.SliceStable(hits, func(a, b int) bool { return hits[a].score > hits[b].score })
	}
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.i
	}
	return out
}
