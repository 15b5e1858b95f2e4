// Package words renders counts and flags in English, one way for every
// face: "1 error", "3 errors", "2 properties", "Yes".
package words

import (
	"fmt"
	"strings"
)

// Count is n and the noun, plural unless n is 1: "1 error", "3 errors",
// "2 properties", "4 matches".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %s", n, pluralOf(noun))
}

// Plural is one when n is 1, else many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// YesNo is "Yes" or "No", as Spira's screens show a flag.
func YesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// pluralOf is the regular English plural of the last word of noun.
func pluralOf(noun string) string {
	switch {
	case strings.HasSuffix(noun, "y") && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	}
	return noun + "s"
}
