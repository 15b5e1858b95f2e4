package spiratest

// SetStatusBulkEdit turns a template's Status Bulk Edit setting on or off,
// as an administrator does in the template's settings in Spira's web UI
// (there is no REST call for it). Off, Spira drops the status of REST
// creates and updates of incidents, requirements and releases: a create
// gets the default status (a release Planned), an update keeps the old
// one, and both answer 200 (F8, Spira v6's code; what off means in v7-9.4
// is not known). It reports whether the template exists.
func (s *Sim) SetStatusBulkEdit(templateID int, on bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.st.templates {
		if t.ProjectTemplateId == templateID {
			t.statusBulkEditOff = !on
			return true
		}
	}
	return false
}

// SetCustomPropertyOption sets an option (AllowEmpty 1, MaxLength 2,
// MinLength 3, MaxValue 6, MinValue 7...) of a template's custom property,
// as an administrator does in Spira's web UI; an empty value removes it. It
// reports whether the property exists.
func (s *Sim) SetCustomPropertyOption(templateID, customPropertyID, optionID int, value string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.st.templates {
		if t.ProjectTemplateId != templateID {
			continue
		}
		for _, d := range t.cps {
			if d.CustomPropertyId != customPropertyID {
				continue
			}
			opts := d.Options[:0:0]
			for _, o := range d.Options {
				if o.CustomPropertyOptionId != optionID {
					opts = append(opts, o)
				}
			}
			if value != "" {
				opts = append(opts, wCPOption{CustomPropertyOptionId: optionID, Value: value})
			}
			d.Options = opts
			return true
		}
	}
	return false
}
