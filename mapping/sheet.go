package mapping

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/spirajira/spirajira/internal/words"
)

// Sheet is the setup sheet: what an administrator enters in Spira's screens
// for the parts of the mapping that Spira's API cannot write, screen by
// screen in the order the guide clicks through them.
type Sheet struct {
	Product Ref      `json:"product" yaml:"product"`
	JiraKey string   `json:"jiraKey" yaml:"jiraKey"`
	Plugin  string   `json:"plugin" yaml:"plugin"`
	Screens []Screen `json:"screens" yaml:"screens"`
}

// Screen is one Spira admin screen and the lines to enter on it.
type Screen struct {
	Title string      `json:"title" yaml:"title"`
	Path  string      `json:"path" yaml:"path"`
	Lines []SheetLine `json:"lines" yaml:"lines"`
}

// SheetLine is one entry: on the row Row, in the box Label, enter Enter
// (empty: clear the box) and, for field values, set Primary.
type SheetLine struct {
	Target  Target `json:"target" yaml:"target"`
	Row     string `json:"row" yaml:"row"`
	Label   string `json:"label" yaml:"label"`
	Enter   string `json:"enter" yaml:"enter"`
	Primary *bool  `json:"primary,omitempty" yaml:"primary,omitempty"`
	// Means is the Jira name of what Enter stands for, for people.
	Means string `json:"means,omitempty" yaml:"means,omitempty"`
	// Was is what Spira held when the sheet was made.
	Was string `json:"was" yaml:"was"`
}

// Lines returns every line of the sheet in order.
func (s *Sheet) Lines() []SheetLine {
	var out []SheetLine
	for _, sc := range s.Screens {
		out = append(out, sc.Lines...)
	}
	return out
}

// BuildSheet turns changes (usually the ones Push cannot write) into the
// setup sheet for local.
func BuildSheet(local *Product, changes []Change) *Sheet {
	s := &Sheet{Product: local.Project.Spira, JiraKey: local.Project.Key(), Plugin: local.Plugin.Name}
	if s.Plugin == "" {
		s.Plugin = PluginName
	}
	mappings := fmt.Sprintf("System Administration > Integrations > Data Synchronization > %s: View Product Mappings (product %s; use \"(Change Project)\" if another product shows)",
		s.Plugin, productLabel(local.Project.Spira))
	screens := map[string]*Screen{}
	var order []string
	screen := func(key, title, path string) *Screen {
		if sc, ok := screens[key]; ok {
			return sc
		}
		screens[key] = &Screen{Title: title, Path: path}
		order = append(order, key)
		return screens[key]
	}
	// Sort changes into the order of the screens.
	rank := func(c Change) string {
		t := c.Target
		switch t.Kind {
		case TargetPlugin:
			return "0"
		case TargetProject:
			return "1"
		case TargetUser:
			return "2"
		case TargetRelease:
			return "3"
		case TargetFieldValue:
			return fmt.Sprintf("4-%02d", slices.Index(FieldKinds, t.Field))
		}
		return fmt.Sprintf("5-%d-%09d", 9-t.Artifact.TypeID(), t.Property)
	}
	cs := slices.Clone(changes)
	slices.SortStableFunc(cs, func(a, b Change) int { return strings.Compare(rank(a), rank(b)) })
	for _, c := range cs {
		t := c.Target
		line := SheetLine{Target: t, Enter: c.Local, Was: c.Remote}
		switch t.Kind {
		case TargetPlugin:
			sc := screen("plugin", "Plug-in settings",
				fmt.Sprintf("System Administration > Integrations > Data Synchronization > %s > Edit", s.Plugin))
			line.Row, line.Label = strings.TrimPrefix(c.What, "Plug-in "), "Value"
			sc.Lines = append(sc.Lines, line)
		case TargetProject:
			sc := screen("project", "Product mapping", mappings)
			line.Row = productLabel(local.Project.Spira)
			line.Label = c.What
			sc.Lines = append(sc.Lines, line)
		case TargetUser:
			sc := screen("users", "User mappings",
				fmt.Sprintf("Administration > Users > View/Edit Users > Edit the user > Data Mapping tab > %s box", s.Plugin))
			u, _ := find(local.Users, func(u UserMapping) bool { return u.Spira.ID == t.Row })
			line.Row, line.Label, line.Means = rowLabel(u.Spira, t.Row), "Jira accountId or e-mail", u.Jira.Name
			sc.Lines = append(sc.Lines, line)
		case TargetRelease:
			sc := screen("releases", "Release mappings", "Planning > Releases > the release > Overview > Details > Jira ID")
			r, _ := find(local.Releases, func(r ReleaseMapping) bool { return r.Spira.ID == t.Row })
			line.Row, line.Label, line.Means = rowLabel(r.Spira, t.Row), "Jira ID (version ID)", r.Jira.Name
			sc.Lines = append(sc.Lines, line)
		case TargetFieldValue:
			a, f, _ := strings.Cut(t.Field.Label(), " ")
			sc := screen(string(t.Field), t.Field.Label()+" mapping", fmt.Sprintf("%s > %s Standard Fields > %s", mappings, a, f))
			var v ValueMapping
			if fm := local.Field(t.Field); fm != nil {
				v, _ = find(fm.Values, func(v ValueMapping) bool { return v.Spira.ID == t.Row })
			}
			line.Row = rowLabel(v.Spira, t.Row)
			line.Label = "External Key (Jira " + t.Field.JiraKind() + " ID)"
			if t.Field.KeyedByName() {
				line.Label = "External Key (Jira option name)"
			}
			key := v.ExternalKey(t.Field.KeyedByName())
			line.Enter = key
			if !t.Field.KeyedByName() {
				line.Means = v.Jira.Name
			}
			if key != "" {
				p := v.Primary
				line.Primary = &p
			}
			sc.Lines = append(sc.Lines, line)
		case TargetProperty, TargetPropertyValue:
			m := local.Property(t.Artifact, t.Property)
			var pm PropertyMapping
			if m != nil {
				pm = *m
			}
			sc := screen(fmt.Sprintf("prop-%s-%d", t.Artifact, t.Property),
				fmt.Sprintf("%s custom property %s", titleCase(string(t.Artifact)), rowLabel(pm.Property, t.Property)),
				fmt.Sprintf("%s > %s Custom Properties > %s", mappings, titleCase(string(t.Artifact)), rowLabel(pm.Property, t.Property)))
			if t.Kind == TargetProperty {
				line.Row, line.Label = rowLabel(pm.Property, t.Property), "External Key (Jira custom field ID or special key)"
				if pm.Jira.Name != pm.Jira.ID {
					line.Means = pm.Jira.Name
				}
			} else {
				v, _ := find(pm.Values, func(v ValueMapping) bool { return v.Spira.ID == t.Row })
				line.Row = rowLabel(v.Spira, t.Row)
				line.Label = "External Key (Jira option name)"
				if !pm.ValuesKeyedByName() {
					line.Label = "External Key (Jira " + strings.ToLower(pm.Special()) + " ID)"
					line.Means = v.Jira.Name
				}
			}
			sc.Lines = append(sc.Lines, line)
		}
	}
	for _, k := range order {
		s.Screens = append(s.Screens, *screens[k])
	}
	s.Screens = withExtended(s.Screens, local, s.Plugin)
	return s
}

func productLabel(r Ref) string {
	if r.Name != "" {
		return fmt.Sprintf("%q (%d)", r.Name, r.ID)
	}
	return fmt.Sprint(r.ID)
}

func rowLabel(r Ref, id int) string {
	if r.Name != "" {
		return fmt.Sprintf("%s (%d)", r.Name, id)
	}
	return fmt.Sprint(id)
}

// FullSheet is the sheet of every setting local holds, plus every setting
// where remote (Spira now, or nil) holds something else, API-writable or
// not: what Verify checks to tell that Spira holds exactly the file.
func FullSheet(local, remote *Product) *Sheet {
	empty := &Product{Project: Project{Spira: local.Project.Spira}}
	changes := Diff(local, empty)
	if remote != nil {
		for _, c := range Diff(local, remote) {
			if !slices.ContainsFunc(changes, func(x Change) bool { return x.Target == c.Target }) {
				changes = append(changes, c)
			}
		}
	}
	return BuildSheet(local, changes)
}

// Markdown renders the sheet as a Markdown checklist.
func (s *Sheet) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Setup sheet: Spira product %s <-> Jira project %s\n\n", productLabel(s.Product), s.JiraKey)
	if len(s.Screens) == 0 {
		b.WriteString("Nothing to enter by hand: Spira already holds this mapping.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "Spira's API cannot write these settings of the %s plug-in. Log in to Spira as a system administrator, "+
		"open each screen in turn, enter exactly what each line says, save the screen, and tick the line. "+
		"Then run `spirajira mapping verify` to check.\n", s.Plugin)
	for i, sc := range s.Screens {
		fmt.Fprintf(&b, "\n## %d. %s\n\n", i+1, sc.Title)
		fmt.Fprintf(&b, "Where: %s\n\n", mdEscape(sc.Path))
		b.WriteString("| Done | Row | Box | Enter | Primary | Spira holds now |\n|---|---|---|---|---|---|\n")
		for _, l := range sc.Lines {
			enter := mdValue(l.Enter, "*(empty: clear the box)*")
			if l.Means != "" && l.Enter != "" {
				enter += " (" + mdEscape(l.Means) + ")"
			}
			fmt.Fprintf(&b, "| [ ] | %s | %s | %s | %s | %s |\n", mdEscape(l.Row), mdEscape(l.Label),
				enter, primaryText(l.Primary), mdValue(l.Was, "*(empty)*"))
		}
	}
	return b.String()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func mdValue(s, empty string) string {
	if s == "" {
		return empty
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

func primaryText(p *bool) string {
	if p == nil {
		return ""
	}
	return words.YesNo(*p)
}

var sheetHTML = template.Must(template.New("sheet").Funcs(template.FuncMap{
	"primary": primaryText,
	"inc":     func(i int) int { return i + 1 },
	"product": productLabel,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Setup sheet: Spira product {{product .Product}} - Jira {{.JiraKey}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:68rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.where{color:#57606a;margin:.3rem 0 .8rem} table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa} code{background:#eff1f3;padding:.1rem .3rem;border-radius:4px;font-size:.95em}
.empty{color:#8c959f;font-style:italic} tr:has(input:checked){background:#dafbe1}
@media print{input{transform:scale(1.3)}}
</style>
</head>
<body>
<h1>Setup sheet: Spira product {{product .Product}} &harr; Jira project {{.JiraKey}}</h1>
{{if not .Screens}}<p>Nothing to enter by hand: Spira already holds this mapping.</p>{{else}}
<p>Spira's API cannot write these settings of the {{.Plugin}} plug-in. Log in to Spira as a system administrator,
open each screen in turn, enter exactly what each line says, save the screen, and tick the line.
Then run <code>spirajira mapping verify</code> to check.</p>
{{range $i, $s := .Screens}}
<h2>{{inc $i}}. {{$s.Title}}</h2>
<p class="where">Where: {{$s.Path}}</p>
<table>
<thead><tr><th>Done</th><th>Row</th><th>Box</th><th>Enter</th><th>Primary</th><th>Spira holds now</th></tr></thead>
<tbody>
{{range $s.Lines}}<tr><td><input type="checkbox" aria-label="done"></td><td>{{.Row}}</td><td>{{.Label}}</td>
<td>{{if .Enter}}<code>{{.Enter}}</code>{{if .Means}} ({{.Means}}){{end}}{{else}}<span class="empty">empty: clear the box</span>{{end}}</td>
<td>{{primary .Primary}}</td><td>{{if .Was}}<code>{{.Was}}</code>{{else}}<span class="empty">empty</span>{{end}}</td></tr>
{{end}}</tbody>
</table>
{{end}}{{end}}
</body>
</html>
`))

// HTML renders the sheet as a self-contained page (no external files, no
// scripts) with a checkbox per line, for printing or handing over.
func (s *Sheet) HTML() ([]byte, error) {
	var b bytes.Buffer
	if err := sheetHTML.Execute(&b, s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// LineCheck is the result of Verify for one sheet line.
type LineCheck struct {
	Line SheetLine `json:"line" yaml:"line"`
	Done bool      `json:"done" yaml:"done"`
	// Actual is what Spira holds now, when it differs.
	Actual string `json:"actual,omitempty" yaml:"actual,omitempty"`
	// Unreadable: no known REST call reads this setting (the extended
	// settings), so it cannot be checked; Done stays false.
	Unreadable bool `json:"unreadable,omitempty" yaml:"unreadable,omitempty"`
}

// Verify checks each line of the sheet against what Spira holds now
// (remote, freshly pulled): done when Spira holds exactly the value (and
// Primary flag) the line asks for.
func Verify(s *Sheet, remote *Product) []LineCheck {
	out := make([]LineCheck, 0, len(s.Lines()))
	for _, l := range s.Lines() {
		if l.Target.Kind == TargetPluginExtended {
			out = append(out, LineCheck{Line: l, Unreadable: true})
			continue
		}
		key, primary := valueAt(remote, l.Target)
		done := key == l.Enter && (l.Primary == nil || *l.Primary == primary)
		c := LineCheck{Line: l, Done: done}
		if !done {
			c.Actual = key
			if l.Primary != nil && key != "" {
				c.Actual = withPrimary(key, primary)
			}
		}
		out = append(out, c)
	}
	return out
}

// AllDone reports whether every check that can be made is done.
func AllDone(cs []LineCheck) bool {
	return !slices.ContainsFunc(cs, func(c LineCheck) bool { return !c.Done && !c.Unreadable })
}

// valueAt reads the value a target addresses in p.
func valueAt(p *Product, t Target) (string, bool) {
	switch t.Kind {
	case TargetPlugin:
		for _, s := range PluginSettings(p.Plugin) {
			if s.Key == t.Attr {
				return s.Value, false
			}
		}
	case TargetProject:
		if t.Attr == "active" {
			return words.YesNo(p.Project.Active), false
		}
		return p.Project.JiraKey, false
	case TargetUser:
		u, _ := find(p.Users, func(u UserMapping) bool { return u.Spira.ID == t.Row })
		return u.Jira.ID, false
	case TargetRelease:
		r, _ := find(p.Releases, func(r ReleaseMapping) bool { return r.Spira.ID == t.Row })
		return r.Jira.ID, false
	case TargetFieldValue:
		if fm := p.Field(t.Field); fm != nil {
			v, _ := find(fm.Values, func(v ValueMapping) bool { return v.Spira.ID == t.Row })
			key := v.ExternalKey(t.Field.KeyedByName())
			return key, key != "" && v.Primary
		}
	case TargetProperty:
		if m := p.Property(t.Artifact, t.Property); m != nil {
			return m.Jira.ID, false
		}
	case TargetPropertyValue:
		if m := p.Property(t.Artifact, t.Property); m != nil {
			v, _ := find(m.Values, func(v ValueMapping) bool { return v.Spira.ID == t.Row })
			return v.ExternalKey(m.ValuesKeyedByName()), false
		}
	}
	return "", false
}
