package spiratest

import (
	"sort"
	"strings"
	"time"
)

// fieldValue is what a filter or sort sees of one field of an artifact.
type fieldValue struct {
	ints  []int // nil: null
	str   *string
	date  *time.Time
	known bool
	// keywords: a StringValue filter is Spira's keyword search over str
	// and desc (the Name field, F3), not a substring match.
	keywords bool
	desc     *string
}

func intField(p *int) fieldValue {
	if p == nil {
		return fieldValue{known: true}
	}
	return fieldValue{ints: []int{*p}, known: true}
}

func dateField(p *stamp) fieldValue {
	if p == nil {
		return fieldValue{known: true}
	}
	t := p.t
	return fieldValue{date: &t, known: true}
}

func strField(s string) fieldValue { return fieldValue{str: &s, known: true} }

// customField reads Custom_NN from an artifact's custom property values.
func customField(name string, cps []wCPValue) fieldValue {
	var n int
	if _, err := fmtSscanf(name, &n); err != nil {
		return fieldValue{}
	}
	for _, v := range cps {
		if v.PropertyNumber != n {
			continue
		}
		switch {
		case v.StringValue != nil:
			return strField(*v.StringValue)
		case v.IntegerValue != nil:
			return intField(v.IntegerValue)
		case v.IntegerListValue != nil:
			return fieldValue{ints: v.IntegerListValue, known: true}
		case v.DateTimeValue != nil:
			return dateField(v.DateTimeValue)
		case v.BooleanValue != nil:
			b := "N"
			if *v.BooleanValue {
				b = "Y"
			}
			return strField(b)
		}
	}
	return fieldValue{known: true}
}

// matches applies one RemoteFilter the way Spira does: the first non-null of
// IntValue, StringValue, MultiValue, DateRangeValue is used; IntValue -999
// means "is null"; StringValue is a case-insensitive substring match, or
// the keyword search on Name; a date range without ConsiderTimes compares
// dates only.
func matches(f wFilter, v fieldValue) bool {
	switch {
	case f.IntValue != nil:
		if *f.IntValue == -999 {
			return len(v.ints) == 0
		}
		for _, x := range v.ints {
			if x == *f.IntValue {
				return true
			}
		}
		return false
	case f.StringValue != nil:
		if v.str == nil {
			return false
		}
		if v.keywords {
			return keywordMatch(*f.StringValue, *v.str, v.desc)
		}
		return strings.Contains(strings.ToLower(*v.str), strings.ToLower(*f.StringValue))
	case f.MultiValue != nil:
		if f.MultiValue.IsNone && len(v.ints) == 0 {
			return true
		}
		for _, want := range f.MultiValue.Values {
			for _, x := range v.ints {
				if x == want {
					return true
				}
			}
		}
		return false
	case f.DateRangeValue != nil:
		if v.date == nil {
			return false
		}
		d := v.date.UTC()
		r := f.DateRangeValue
		if r.ConsiderTimes {
			if r.StartDate != nil && d.Before(r.StartDate.t) {
				return false
			}
			if r.EndDate != nil && d.After(r.EndDate.t) {
				return false
			}
			return true
		}
		day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
		if r.StartDate != nil && day(d).Before(day(r.StartDate.t)) {
			return false
		}
		if r.EndDate != nil && day(d).After(day(r.EndDate.t)) {
			return false
		}
		return true
	}
	return true
}

// filterSort keeps the items matching every filter and sorts them by
// sortBy ("Field" or "Field ASC|DESC"; default CreationDate ascending),
// breaking ties by ID. The filters name known fields.
func filterSort[T any](items []T, filters []wFilter, sortBy string, get func(T, string) fieldValue, id func(T) int) []T {
	out := []T{}
	for _, it := range items {
		keep := true
		for _, f := range filters {
			if !matches(f, get(it, f.PropertyName)) {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, it)
		}
	}
	field, dir, _ := strings.Cut(strings.TrimSpace(sortBy), " ")
	if field == "" {
		field = "CreationDate"
	}
	desc := strings.EqualFold(strings.TrimSpace(dir), "DESC")
	less := func(a, b fieldValue) int {
		switch {
		case a.date != nil && b.date != nil:
			return a.date.Compare(*b.date)
		case len(a.ints) > 0 && len(b.ints) > 0:
			return a.ints[0] - b.ints[0]
		case a.str != nil && b.str != nil:
			return strings.Compare(*a.str, *b.str)
		}
		return 0
	}
	sort.SliceStable(out, func(i, j int) bool {
		c := less(get(out[i], field), get(out[j], field))
		if c == 0 {
			c = id(out[i]) - id(out[j])
		}
		if desc {
			return c > 0
		}
		return c < 0
	})
	return out
}
