package mapping

import (
	"bytes"
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// MarshalYAML writes a Spira reference on one line: {id: 2, name: Open}.
func (r Ref) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	n.Content = append(n.Content, scalar("id"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(r.ID)})
	if r.Name != "" {
		n.Content = append(n.Content, scalar("name"), str(r.Name))
	}
	return n, nil
}

// MarshalYAML writes a Jira reference on one line: {id: "3", name: In Progress}.
func (j JiraRef) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	if j.ID != "" {
		n.Content = append(n.Content, scalar("id"), str(j.ID))
	}
	if j.Name != "" {
		n.Content = append(n.Content, scalar("name"), str(j.Name))
	}
	return n, nil
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// str always tags the value as a string so that "3" stays quoted.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// fileForm is Product with the lists left out when empty, so that an empty
// product reads as little as it holds.
type fileForm struct {
	Plugin           Plugin            `yaml:"plugin"`
	Project          Project           `yaml:"project"`
	Users            []UserMapping     `yaml:"users,omitempty"`
	Releases         []ReleaseMapping  `yaml:"releases,omitempty"`
	Fields           []FieldMapping    `yaml:"fields,omitempty"`
	CustomProperties []PropertyMapping `yaml:"customProperties,omitempty"`
}

// Format writes p as mapping.yaml: canonical order (see Sort), names beside
// IDs, one reference per line, so that two versions diff well in git. p
// itself is not changed.
func Format(p *Product) ([]byte, error) {
	c := p.Clone()
	c.Sort()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# spirajira mapping: Spira product %d <-> Jira project %s (plug-in %s)\n",
		c.Project.Spira.ID, c.Project.Key(), c.Plugin.Name)
	fmt.Fprintf(&buf, "# plug-in settings: Sync Mode %s; each Custom slot's comment says how it is read\n", c.Plugin.Settings().Describe())
	fmt.Fprintf(&buf, "# %s\n", unreadNote())
	fmt.Fprintf(&buf, "# beyond the mapped fields, with these settings:\n")
	for _, e := range c.Extras() {
		fmt.Fprintf(&buf, "#   %s: %s\n", e.Name, e.Summary())
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	ff := fileForm(*c)
	var doc yaml.Node
	if err := doc.Encode(&ff); err != nil {
		return nil, err
	}
	commentSlots(&doc, c.Plugin)
	if c.Project.Full() {
		if k := mapKey(mapValue(&doc, "project"), "jiraKey"); k != nil {
			k.LineComment = FullToken + ": the next cycle pulls every existing issue of " + c.Project.Key() + ", as on a first sync"
		}
	}
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Parse reads mapping.yaml. It returns a product that passes Check, or an
// error that says where the file is wrong; unknown keys are errors, so a
// typo is not silently dropped.
func Parse(data []byte) (p *Product, err error) {
	// The YAML decoder is third-party code fed with user files: a panic in
	// it must become an error, not a crash.
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("mapping file: unreadable YAML: %v", r)
		}
	}()
	var ff fileForm
	if err := parseFile(data, &ff); err != nil {
		if err.Error() == "mapping file is empty" {
			return nil, err
		}
		return nil, fmt.Errorf("mapping file: %w", err)
	}
	prod := Product(ff)
	prod.normalize()
	if err := prod.Check(); err != nil {
		return nil, fmt.Errorf("mapping file: %w", err)
	}
	return &prod, nil
}

// normalize turns empty lists into nil so that a parsed file compares equal
// to the product it was written from.
func (p *Product) normalize() {
	if len(p.Users) == 0 {
		p.Users = nil
	}
	if len(p.Releases) == 0 {
		p.Releases = nil
	}
	if len(p.Fields) == 0 {
		p.Fields = nil
	}
	for i := range p.Fields {
		if len(p.Fields[i].Values) == 0 {
			p.Fields[i].Values = nil
		}
	}
	if len(p.CustomProperties) == 0 {
		p.CustomProperties = nil
	}
	for i := range p.CustomProperties {
		if len(p.CustomProperties[i].Values) == 0 {
			p.CustomProperties[i].Values = nil
		}
	}
}

// Check reports a product that cannot stand for any Spira mapping: an
// unknown field or property type, a Spira item listed twice, values on a
// property that has none. It does not look at Jira or at Spira's lookups;
// Validate does that.
func (p *Product) Check() error {
	var errs []error
	seen := map[int]bool{}
	for _, u := range p.Users {
		if seen[u.Spira.ID] {
			errs = append(errs, fmt.Errorf("users: Spira user %d is listed twice", u.Spira.ID))
		}
		seen[u.Spira.ID] = true
	}
	seen = map[int]bool{}
	for _, r := range p.Releases {
		if seen[r.Spira.ID] {
			errs = append(errs, fmt.Errorf("releases: Spira release %d is listed twice", r.Spira.ID))
		}
		seen[r.Spira.ID] = true
	}
	kinds := map[FieldKind]bool{}
	for _, f := range p.Fields {
		if !f.Field.Known() {
			errs = append(errs, fmt.Errorf("fields: unknown field %q (use one of %v)", f.Field, FieldKinds))
			continue
		}
		if kinds[f.Field] {
			errs = append(errs, fmt.Errorf("fields: %s is listed twice", f.Field))
		}
		kinds[f.Field] = true
		errs = append(errs, uniqueValues(string(f.Field), f.Values)...)
	}
	props := map[string]bool{}
	for _, m := range p.CustomProperties {
		where := fmt.Sprintf("customProperties: %s property %d", m.Artifact, m.Property.ID)
		if m.Artifact.TypeID() == 0 {
			errs = append(errs, fmt.Errorf("%s: unknown artifact %q (use incident or requirement)", where, m.Artifact))
		}
		if !m.Type.Known() {
			errs = append(errs, fmt.Errorf("%s: unknown type %q", where, m.Type))
		}
		k := fmt.Sprint(m.Artifact, m.Property.ID)
		if props[k] {
			errs = append(errs, fmt.Errorf("%s is listed twice", where))
		}
		props[k] = true
		if len(m.Values) > 0 && !m.Type.IsList() {
			errs = append(errs, fmt.Errorf("%s: a %s property has no values to map", where, m.Type))
		}
		errs = append(errs, uniqueValues(where, m.Values)...)
	}
	return errors.Join(errs...)
}

func uniqueValues(where string, vs []ValueMapping) []error {
	var errs []error
	seen := map[int]bool{}
	for _, v := range vs {
		if seen[v.Spira.ID] {
			errs = append(errs, fmt.Errorf("%s: Spira value %d is listed twice", where, v.Spira.ID))
		}
		seen[v.Spira.ID] = true
	}
	return errs
}

// commentSlots puts, beside each Custom slot of the plugin mapping, its
// label today and how it is read: comments, so the file still parses.
func commentSlots(doc *yaml.Node, pl Plugin) {
	plugin := mapValue(doc, "plugin")
	if plugin == nil {
		return
	}
	for _, r := range pl.Readings() {
		if k := mapKey(plugin, r.Key); k != nil {
			k.LineComment = r.Label + ": " + r.Means
		}
	}
}

func mapKey(n *yaml.Node, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func mapValue(n *yaml.Node, key string) *yaml.Node { return mapKey(n, key) }
