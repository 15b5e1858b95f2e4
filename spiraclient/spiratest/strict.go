package spiratest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

var unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// checkFieldNames reports the first key of v (a decoded JSON value) that is
// not, with exactly this spelling, a JSON field of t. encoding/json matches
// names case-insensitively, which would let "IncidentID" pass for
// "IncidentId". Spira's Newtonsoft serializer falls back to a
// case-insensitive match too, so this is stricter than Spira: it keeps the
// client to Spira's own spelling.
func checkFieldNames(v any, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	switch x := v.(type) {
	case []any:
		if t.Kind() != reflect.Slice {
			return nil
		}
		for i, e := range x {
			if err := checkFieldNames(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return nil
		}
		fields := map[string]reflect.Type{}
		collectFields(t, fields)
		for k, e := range x {
			ft, ok := fields[k]
			if !ok {
				where := strings.TrimPrefix(path, ".")
				if where == "" {
					where = "the body"
				}
				return fmt.Errorf("unknown field %q in %s (Spira's field names are case-sensitive)", k, where)
			}
			if err := checkFieldNames(e, ft, path+"."+k); err != nil {
				return err
			}
		}
	}
	return nil
}

func collectFields(t reflect.Type, into map[string]reflect.Type) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			collectFields(f.Type, into)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		into[name] = f.Type
	}
}
