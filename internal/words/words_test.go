package words

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n          int
		noun, want string
	}{
		{0, "error", "0 errors"},
		{1, "error", "1 error"},
		{2, "property", "2 properties"},
		{2, "day", "2 days"},
		{3, "match", "3 matches"},
		{2, "mapping error", "2 mapping errors"},
		{1, "same-name link", "1 same-name link"},
		{5, "status", "5 statuses"},
	} {
		if got := Count(c.n, c.noun); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}

func TestPluralAndYesNo(t *testing.T) {
	if Plural(1, "was", "were") != "was" || Plural(0, "was", "were") != "were" {
		t.Error("Plural picks one only for 1")
	}
	if YesNo(true) != "Yes" || YesNo(false) != "No" {
		t.Error("YesNo")
	}
}
