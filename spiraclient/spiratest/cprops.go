package spiratest

import (
	"fmt"
	"time"
)

// created is what is stored of a new artifact's shared fields.
func (a wArtifact) created(pid, typ int, now time.Time) wArtifact {
	a.ProjectId, a.ArtifactTypeId, a.ConcurrencyDate = pid, typ, at(now)
	a.CustomProperties = stripCPs(a.CustomProperties)
	return a
}

// updated is what is stored of the shared fields after an update sent in:
// the product and type stay, a null CustomProperties leaves the values as
// they are, and the concurrency date moves on.
func (a wArtifact) updated(in wArtifact, now time.Time) wArtifact {
	out := in
	out.ProjectId, out.ArtifactTypeId, out.ConcurrencyDate = a.ProjectId, a.ArtifactTypeId, at(now)
	out.CustomProperties = a.CustomProperties
	if in.CustomProperties != nil {
		out.CustomProperties = stripCPs(in.CustomProperties)
	}
	return out
}

// cpOut returns the values with their definitions, as Spira sends them.
func (s *Sim) cpOut(t *tpl, artifactType int, in []wCPValue) []wCPValue {
	out := []wCPValue{}
	for _, v := range in {
		for _, d := range t.cps {
			if d.ArtifactTypeId == artifactType && d.PropertyNumber == v.PropertyNumber && !d.IsDeleted {
				def := *d
				v.Definition = &def
				out = append(out, v)
			}
		}
	}
	return out
}

// validateCPs checks each value against its definition's type.
func (s *Sim) validateCPs(t *tpl, artifactType int, vals []wCPValue) []wFaultMessage {
	var out []wFaultMessage
	for _, v := range vals {
		var def *wCPDef
		for _, d := range t.cps {
			if d.ArtifactTypeId == artifactType && d.PropertyNumber == v.PropertyNumber && !d.IsDeleted {
				def = d
			}
		}
		field := fmt.Sprintf("Custom_%02d", v.PropertyNumber)
		if def == nil {
			out = append(out, wFaultMessage{field, "There is no custom property with this number for this artifact type."})
			continue
		}
		bad := func(want string) {
			out = append(out, wFaultMessage{field, fmt.Sprintf("%s is a %s property: set %s.", def.Name, def.CustomPropertyTypeName, want)})
		}
		switch def.CustomPropertyTypeId {
		case 1:
			if v.IntegerValue != nil || v.DecimalValue != nil || v.BooleanValue != nil || v.DateTimeValue != nil || v.IntegerListValue != nil {
				bad("StringValue")
			}
		case 2, 8:
			if v.StringValue != nil || v.IntegerListValue != nil || v.DecimalValue != nil {
				bad("IntegerValue")
			}
			if def.CustomPropertyTypeId == 8 && v.IntegerValue != nil && s.st.user(*v.IntegerValue) == nil {
				out = append(out, wFaultMessage{field, fmt.Sprintf("The user %d does not exist.", *v.IntegerValue)})
			}
		case 3:
			if v.StringValue != nil || v.IntegerListValue != nil {
				bad("DecimalValue")
			}
		case 4:
			if v.StringValue != nil || v.IntegerListValue != nil || v.IntegerValue != nil {
				bad("BooleanValue")
			}
		case 5:
			if v.StringValue != nil || v.IntegerListValue != nil || v.IntegerValue != nil {
				bad("DateTimeValue")
			}
		case 6:
			if v.StringValue != nil || v.IntegerListValue != nil {
				bad("IntegerValue (a custom list value ID)")
			} else if v.IntegerValue != nil && !listHas(def.CustomList, *v.IntegerValue) {
				out = append(out, wFaultMessage{field, fmt.Sprintf("%d is not a value of the list %s.", *v.IntegerValue, def.CustomList.Name)})
			}
		case 7:
			if v.StringValue != nil || v.IntegerValue != nil {
				bad("IntegerListValue (custom list value IDs)")
			}
			for _, id := range v.IntegerListValue {
				if !listHas(def.CustomList, id) {
					out = append(out, wFaultMessage{field, fmt.Sprintf("%d is not a value of the list %s.", id, def.CustomList.Name)})
				}
			}
		}
	}
	return out
}

func listHas(l *wCustomList, id int) bool {
	if l == nil {
		return false
	}
	for _, v := range l.Values {
		if v.CustomPropertyValueId == id {
			return true
		}
	}
	return false
}

// stripCPs keeps what is stored of custom property values (no definition).
func stripCPs(in []wCPValue) []wCPValue {
	out := make([]wCPValue, 0, len(in))
	for _, v := range in {
		v.Definition = nil
		out = append(out, v)
	}
	return out
}
