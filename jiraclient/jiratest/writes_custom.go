package jiratest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The custom fields of an issue write: options, multi-selects and the other custom types.

// optionValue finds an enabled option of the applicable context.
func (a *applier) optionValue(fd *fieldDef, v json.RawMessage) (string, bool) {
	r, ok := parseRef(v)
	if !ok {
		a.errs.field(fd.ID, "Could not find valid 'id' or 'value' in the Parent Option object.")
		return "", false
	}
	ctx := fd.contextFor(a.proj.ID, a.is.TypeID)
	if ctx != nil {
		for _, o := range ctx.Options {
			if !o.Disabled && (o.ID == r.id() || (r.Value != "" && o.Value == r.Value)) {
				return o.ID, true
			}
		}
	}
	if r.id() != "" {
		a.errs.field(fd.ID, "Option id '"+r.id()+"' is not valid")
	} else {
		a.errs.field(fd.ID, "Option value '"+r.Value+"' is not valid")
	}
	return "", false
}

func (a *applier) optionName(fd *fieldDef, id string) string {
	for _, ctx := range fd.Contexts {
		for _, o := range ctx.Options {
			if o.ID == id {
				return o.Value
			}
		}
	}
	return id
}

func (a *applier) applyMultiSelect(fd *fieldDef, o op) {
	cur, _ := a.is.Custom[fd.ID].([]string)
	var ids []string
	switch o.verb {
	case "set":
		if isNull(o.value) {
			break
		}
		var list []json.RawMessage
		if json.Unmarshal(o.value, &list) != nil {
			a.errs.field(fd.ID, "Operation value must be an array of options.")
			return
		}
		for _, x := range list {
			id, ok := a.optionValue(fd, x)
			if !ok {
				return
			}
			ids = append(ids, id)
		}
	case "add", "remove":
		id, ok := a.optionValue(fd, o.value)
		if !ok {
			return
		}
		ids = []string{id}
	default:
		a.errs.field(fd.ID, fmt.Sprintf("Field '%s' does not support the '%s' operation.", fd.ID, o.verb))
		return
	}
	before := slices.Clone(cur)
	next := setOp(slices.Clone(cur), ids, o.verb)
	if !slices.Equal(before, next) {
		var bn, an []string
		for _, id := range before {
			bn = append(bn, a.optionName(fd, id))
		}
		for _, id := range next {
			an = append(an, a.optionName(fd, id))
		}
		a.items = append(a.items, change(fd.Name, fd.ID, "custom", "", strings.Join(bn, ","), "", strings.Join(an, ",")))
	}
	if len(next) == 0 {
		delete(a.is.Custom, fd.ID)
	} else {
		a.is.Custom[fd.ID] = next
	}
}

func (a *applier) applyCustom(fd *fieldDef, v json.RawMessage) {
	is := a.is
	old := is.Custom[fd.ID]
	var next any
	var fromS, toS string
	switch fd.CustomType {
	case "select":
		if !isNull(v) {
			id, ok := a.optionValue(fd, v)
			if !ok {
				return
			}
			next, toS = id, a.optionName(fd, id)
		}
		if s, ok := old.(string); ok {
			fromS = a.optionName(fd, s)
		}
	case "textfield":
		if !isNull(v) {
			var s string
			if json.Unmarshal(v, &s) != nil {
				a.errs.field(fd.ID, "Operation value must be a string")
				return
			}
			if len([]rune(s)) > 255 {
				a.errs.field(fd.ID, "The entered text is too long. It exceeds the allowed limit of 255 characters.")
				return
			}
			next, toS = s, s
		}
		fromS, _ = old.(string)
	case "textarea":
		doc, ok := a.adfValue(fd.ID, v)
		if !ok {
			return
		}
		if doc != nil {
			next, toS = doc, plainOf(doc)
		}
		if r, ok := old.(json.RawMessage); ok {
			fromS = plainOf(r)
		}
	case "float":
		if !isNull(v) {
			var n float64
			if json.Unmarshal(v, &n) != nil {
				a.errs.field(fd.ID, "Operation value must be a number")
				return
			}
			next, toS = n, strconv.FormatFloat(n, 'f', -1, 64)
		}
		if n, ok := old.(float64); ok {
			fromS = strconv.FormatFloat(n, 'f', -1, 64)
		}
	case "datepicker":
		d, ok := a.dateValue(fd.ID, v)
		if !ok {
			return
		}
		if d != "" {
			next, toS = d, d
		}
		fromS, _ = old.(string)
	case "userpicker":
		id, ok := a.userValue(fd.ID, v)
		if !ok {
			return
		}
		if id != "" {
			next, toS = id, a.displayName("user", id)
		}
		if s, ok := old.(string); ok {
			fromS = a.displayName("user", s)
		}
	default:
		a.errs.field(fd.ID, fmt.Sprintf(notOnScreenFmt, fd.ID))
		return
	}
	if fromS != toS || (old == nil) != (next == nil) {
		a.items = append(a.items, change(fd.Name, fd.ID, "custom", "", fromS, "", toS))
	}
	if next == nil {
		delete(is.Custom, fd.ID)
	} else {
		is.Custom[fd.ID] = next
	}
}
