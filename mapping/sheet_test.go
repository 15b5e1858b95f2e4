package mapping

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// productApplier applies sheet lines to an in-memory product, standing in
// for a simulated Spira.
type productApplier struct{ p *Product }

func (a productApplier) SetProjectKey(_, _ int, key string) error {
	a.p.Project.JiraKey = key
	return nil
}
func (a productApplier) SetProjectActive(_, _ int, on bool) error {
	a.p.Project.Active = on
	return nil
}
func (a productApplier) SetUserMapping(_, user int, key string) error {
	i := slices.IndexFunc(a.p.Users, func(u UserMapping) bool { return u.Spira.ID == user })
	if i < 0 {
		a.p.Users = append(a.p.Users, UserMapping{Spira: Ref{ID: user}})
		i = len(a.p.Users) - 1
	}
	a.p.Users[i].Jira = JiraRef{ID: key}
	return nil
}
func (a productApplier) SetFieldValueMapping(_, _, field, value int, key string, primary bool) error {
	k, _ := FieldKindByID(field)
	fm := a.p.Field(k)
	if fm == nil {
		a.p.Fields = append(a.p.Fields, FieldMapping{Field: k})
		fm = &a.p.Fields[len(a.p.Fields)-1]
	}
	setRow(&fm.Values, Proposal{Spira: Ref{ID: value}, Jira: keyRef(key, k.KeyedByName())}, primary)
	return nil
}
func (a productApplier) SetCustomPropertyMapping(_, _, art, prop int, key string) error {
	m := a.property(art, prop)
	m.Jira = JiraRef{ID: key}
	return nil
}
func (a productApplier) SetCustomPropertyValueMapping(_, _, art, prop, value int, key string) error {
	m := a.property(art, prop)
	setRow(&m.Values, Proposal{Spira: Ref{ID: value}, Jira: keyRef(key, m.ValuesKeyedByName())}, true)
	return nil
}
func (a productApplier) property(art, prop int) *PropertyMapping {
	ar := ArtifactIncident
	if art == ArtifactTypeRequirement {
		ar = ArtifactRequirement
	}
	m := a.p.Property(ar, prop)
	if m == nil {
		a.p.CustomProperties = append(a.p.CustomProperties, PropertyMapping{Artifact: ar, Property: Ref{ID: prop}, Type: PropList})
		m = &a.p.CustomProperties[len(a.p.CustomProperties)-1]
	}
	return m
}

func keyRef(key string, byName bool) JiraRef {
	if byName {
		return JiraRef{Name: key}
	}
	return JiraRef{ID: key}
}

func TestDiffAndSheet(t *testing.T) {
	local := fixtureProduct()
	remote := fixtureProduct()
	// What Spira holds differs from the file in every section.
	remote.Plugin.Custom03 = "True"
	remote.Project.Active = false
	remote.Users = remote.Users[:1]
	remote.Users[0].Jira.ID = "acc-9"
	remote.Releases[0].Jira = JiraRef{}
	setValue(remote, IncidentStatus, 2, func(v *ValueMapping) { v.Primary = false })
	setValue(remote, IncidentStatus, 1, func(v *ValueMapping) { v.Primary = true })
	setValue(remote, IncidentSeverity, 3, func(v *ValueMapping) { v.Jira = JiraRef{} })
	remote.Property(ArtifactIncident, 2).Values[1].Jira.Name = "B"
	remote.CustomProperties = slices.DeleteFunc(remote.CustomProperties, func(m PropertyMapping) bool { return m.Property.ID == 10 })
	// Names differ but Spira stores only keys: no change.
	remote.Field(IncidentType).Values[0].Jira.Name = "renamed"

	cs := Diff(local, remote)
	type row struct {
		what     string
		kind     ChangeKind
		writable bool
	}
	var got []row
	for _, c := range cs {
		got = append(got, row{c.What, c.Kind, c.Writable})
	}
	require.Equal(t, []row{
		{"Plug-in Sync Mode (Custom 03)", Removed, true},
		{"Active Flag", Changed, false},
		{`User "alice" (1)`, Changed, false},
		{`User "bob" (2)`, Added, true},
		{`Release "First" (1)`, Added, true},
		{`Incident Status "New" (1)`, Changed, false},
		{`Incident Status "Open" (2)`, Changed, false},
		{`Incident Severity "3 - Medium" (3)`, Added, false},
		{`Incident property "Category" value "Beta" (2)`, Changed, false},
		{`Incident property "Environment" External Key`, Added, false},
	}, got)

	_, rest := DiffWritable(cs)
	sheet := BuildSheet(local, rest)
	var titles []string
	for _, s := range sheet.Screens {
		titles = append(titles, s.Title)
	}
	require.Equal(t, []string{"Product mapping", "User mappings", "Incident Status mapping", "Incident Severity mapping",
		`Incident custom property Category (2)`, `Incident custom property Environment (10)`}, titles)
	status := sheet.Screens[2]
	require.Contains(t, status.Path, "View Product Mappings")
	require.Contains(t, status.Path, "Incident Standard Fields > Status")
	require.Equal(t, "New (1)", status.Lines[0].Row)
	require.Equal(t, "1", status.Lines[0].Enter)
	require.False(t, *status.Lines[0].Primary)
	require.Equal(t, "1 (Primary)", status.Lines[0].Was)
	// A property's own line names the property, so that it reads alone
	// too (as in verify's list of every line).
	env := sheet.Screens[5].Lines[0]
	require.Equal(t, TargetProperty, env.Target.Kind)
	require.Equal(t, "Environment (10)", env.Row)

	md := sheet.Markdown()
	require.Contains(t, md, "## 3. Incident Status mapping")
	require.Contains(t, md, "| [ ] | Open (2) | External Key (Jira status ID) | `1` (Open) | Yes | `1` |")
	require.Contains(t, md, "| [ ] | alice (1) | Jira accountId or e-mail | `acc-1` (Alice Able) |  | `acc-9` |")

	page, err := sheet.HTML()
	require.NoError(t, err)
	h := string(page)
	require.Contains(t, h, "<!DOCTYPE html>")
	require.Contains(t, h, `<input type="checkbox"`)
	require.Contains(t, h, "Incident Severity mapping")
	for _, external := range []string{"<script", "src=", "href=", "<link"} {
		require.NotContains(t, h, external, "the page is self-contained")
	}

	// Before the sheet is followed, its lines are different; after, done.
	checks := Verify(sheet, remote)
	require.Len(t, checks, len(sheet.Lines()))
	require.False(t, slices.ContainsFunc(checks, func(c LineCheck) bool { return c.Done }))
	require.NoError(t, ApplySheet(sheet, 1, productApplier{remote}))
	checks = Verify(sheet, remote)
	require.True(t, AllDone(checks), "%+v", checks)
	// Only the API-writable differences remain.
	for _, c := range Diff(local, remote) {
		require.True(t, c.Writable, "left: %+v", c)
	}
}

func TestSheetEscapesHTML(t *testing.T) {
	p := fixtureProduct()
	p.Project.Spira.Name = `<b>"Lib"</b>`
	page, err := FullSheet(p, nil).HTML()
	require.NoError(t, err)
	require.NotContains(t, string(page), "<b>")
	require.True(t, strings.Contains(string(page), "&lt;b&gt;"))
}

func TestEmptySheet(t *testing.T) {
	s := BuildSheet(fixtureProduct(), nil)
	require.Contains(t, s.Markdown(), "Nothing to enter by hand")
	require.Empty(t, Verify(s, fixtureProduct()))
}

func TestFullSheetVerifiesEverySetting(t *testing.T) {
	local := fixtureProduct()
	require.True(t, AllDone(Verify(FullSheet(local, nil), fixtureProduct())))
	remote := fixtureProduct()
	remote.Property(ArtifactIncident, 8).Values[0].Jira.ID = "10001"
	checks := Verify(FullSheet(local, remote), remote)
	var bad []LineCheck
	for _, c := range checks {
		if !c.Done {
			bad = append(bad, c)
		}
	}
	require.Len(t, bad, 1)
	require.Equal(t, "10000", bad[0].Line.Enter)
	require.Equal(t, "10001", bad[0].Actual)
}

func TestFullSheetCoversWhatOnlySpiraHolds(t *testing.T) {
	local := fixtureProduct()
	remote := fixtureProduct()
	// Settings the file leaves at their zero value, which Spira sets.
	remote.Plugin.AutoMapUsers = true
	remote.Plugin.Custom03 = "Both"
	setValue(local, IncidentPriority, 4, func(v *ValueMapping) { v.Jira = JiraRef{} })
	checks := Verify(FullSheet(local, remote), remote)
	var bad []string
	for _, c := range checks {
		if !c.Done {
			bad = append(bad, c.Line.Row+"="+c.Actual)
		}
	}
	require.ElementsMatch(t, []string{"Auto-Map Users=Yes", "Sync Mode (Custom 03)=Both", "4 - Low (4)=4"}, bad)
}

func TestInactiveProjectOnlyNeedsTheFlag(t *testing.T) {
	local := fixtureProduct()
	local.Project.Active = false
	remote := fixtureProduct()
	cs := Diff(local, remote)
	require.Len(t, cs, 1)
	require.Equal(t, "Active Flag", cs[0].What)
	sheet := BuildSheet(local, cs)
	require.NoError(t, ApplySheet(sheet, 1, productApplier{remote}))
	// Spira then no longer lists the mapping: it reads back keyless.
	remote.Project.JiraKey = ""
	require.True(t, AllDone(Verify(FullSheet(local, remote), remote)))
	require.Empty(t, Diff(local, remote))
}
