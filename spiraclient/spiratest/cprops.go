package spiratest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// created is what is stored of a new artifact's shared fields before its
// custom property values, which Spira writes after the insert.
func (a wArtifact) created(pid, typ int, now time.Time) wArtifact {
	a.ProjectId, a.ArtifactTypeId, a.ConcurrencyDate = pid, typ, at(now)
	a.CustomProperties = nil
	return a
}

// updated is what is stored of the shared fields after an update sent in,
// before the custom property values are merged: the product and type stay
// and the concurrency date moves on.
func (a wArtifact) updated(in wArtifact, now time.Time) wArtifact {
	out := in
	out.ProjectId, out.ArtifactTypeId, out.ConcurrencyDate = a.ProjectId, a.ArtifactTypeId, at(now)
	out.CustomProperties = a.CustomProperties
	return out
}

// cpOut lists every defined custom property of the artifact type, with its
// definition and the stored value or nulls, as Spira's GET does (F9).
func (s *Sim) cpOut(t *tpl, artifactType int, stored []wCPValue) []wCPValue {
	out := []wCPValue{}
	for _, d := range t.cpDefs(artifactType) {
		v := wCPValue{PropertyNumber: d.PropertyNumber}
		if sv, ok := findCP(stored, d.PropertyNumber); ok {
			v = sv
		}
		def := *d
		v.Definition = &def
		out = append(out, v)
	}
	return out
}

// cpDefs are the template's live definitions for an artifact type, by
// property number.
func (t *tpl) cpDefs(artifactType int) []*wCPDef {
	var out []*wCPDef
	for _, d := range t.cps {
		if d.ArtifactTypeId == artifactType && !d.IsDeleted {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PropertyNumber < out[j].PropertyNumber })
	return out
}

func findCP(vals []wCPValue, number int) (wCPValue, bool) {
	for _, v := range vals {
		if v.PropertyNumber == number {
			return v, true
		}
	}
	return wCPValue{}, false
}

// option is the value of a definition's option (AllowEmpty 1, MaxLength 2,
// MinLength 3, MaxValue 6, MinValue 7), "" when unset.
func (d *wCPDef) option(id int) string {
	for _, o := range d.Options {
		if o.CustomPropertyOptionId == id {
			return o.Value
		}
	}
	return ""
}

// mergeCPs is what Spira stores after a write sent the list in over stored
// (F9): it walks the definitions and sets a value only where the list has
// an entry with that number, so a property left out keeps its value and a
// null or empty list changes nothing. Only the slot of the property's type
// is read: another slot clears it. An entry with no definition is ignored,
// and a text longer than MaxLength is cut. Types outside 1-8 (Release,
// AutomationHost, F20) are not in Spira's v6 write switch: a value sent for
// them is not stored.
func mergeCPs(t *tpl, artifactType int, stored, in []wCPValue) []wCPValue {
	var out []wCPValue
	for _, d := range t.cpDefs(artifactType) {
		sent, ok := findCP(in, d.PropertyNumber)
		if !ok || d.CustomPropertyTypeId < 1 || d.CustomPropertyTypeId > 8 {
			if v, ok := findCP(stored, d.PropertyNumber); ok {
				out = append(out, v)
			}
			continue
		}
		v := wCPValue{PropertyNumber: d.PropertyNumber}
		switch d.CustomPropertyTypeId {
		case 1:
			v.StringValue = sent.StringValue
			if n, err := strconv.Atoi(d.option(2)); err == nil && v.StringValue != nil && utf8.RuneCountInString(*v.StringValue) > n {
				cut := string([]rune(*v.StringValue)[:n])
				v.StringValue = &cut
			}
		case 2, 6, 8:
			v.IntegerValue = sent.IntegerValue
		case 3:
			v.DecimalValue = sent.DecimalValue
		case 4:
			v.BooleanValue = sent.BooleanValue
		case 5:
			v.DateTimeValue = sent.DateTimeValue
		case 7:
			v.IntegerListValue = sent.IntegerListValue
		}
		if !cpEmpty(v) {
			out = append(out, v)
		}
	}
	return out
}

func cpEmpty(v wCPValue) bool {
	return (v.StringValue == nil || *v.StringValue == "") && v.IntegerValue == nil && v.DecimalValue == nil &&
		v.BooleanValue == nil && v.DateTimeValue == nil && len(v.IntegerListValue) == 0
}

// validateCPs checks the stored values against their definitions' options
// as Spira's CustomPropertyManager does: AllowEmpty, MinLength, MinValue
// and MaxValue (MaxLength cuts instead, in mergeCPs). A user property must
// name a user. Each problem is a field message of a ValidationFault.
func (s *Sim) validateCPs(t *tpl, artifactType int, vals []wCPValue) []wFaultMessage {
	var out []wFaultMessage
	for _, d := range t.cpDefs(artifactType) {
		v, _ := findCP(vals, d.PropertyNumber)
		field := fmt.Sprintf("Custom_%02d", d.PropertyNumber)
		bad := func(format string, args ...any) {
			out = append(out, wFaultMessage{field, d.Name + ": " + fmt.Sprintf(format, args...)})
		}
		if cpEmpty(v) {
			if strings.EqualFold(d.option(1), "N") || strings.EqualFold(d.option(1), "False") {
				bad("a value is required.")
			}
			continue
		}
		minV, minErr := strconv.ParseFloat(d.option(7), 64)
		maxV, maxErr := strconv.ParseFloat(d.option(6), 64)
		num := func(x float64) {
			if minErr == nil && x < minV {
				bad("the value must be at least %s.", d.option(7))
			}
			if maxErr == nil && x > maxV {
				bad("the value must be at most %s.", d.option(6))
			}
		}
		switch {
		case v.StringValue != nil:
			if n, err := strconv.Atoi(d.option(3)); err == nil && utf8.RuneCountInString(*v.StringValue) < n {
				bad("the text must be at least %d characters long.", n)
			}
		case v.IntegerValue != nil && d.CustomPropertyTypeId == 2:
			num(float64(*v.IntegerValue))
		case v.DecimalValue != nil:
			num(*v.DecimalValue)
		case v.DateTimeValue != nil:
			if lo, err := parseStamp(d.option(7)); err == nil && v.DateTimeValue.t.Before(lo) {
				bad("the date must be on or after %s.", d.option(7))
			}
			if hi, err := parseStamp(d.option(6)); err == nil && v.DateTimeValue.t.After(hi) {
				bad("the date must be on or before %s.", d.option(6))
			}
		}
		if d.CustomPropertyTypeId == 8 && v.IntegerValue != nil && s.st.user(*v.IntegerValue) == nil {
			bad("the user %d does not exist.", *v.IntegerValue)
		}
	}
	return out
}
