package mapping

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Proposal is one mapping Automap suggests. Current is what the row holds
// now; a proposal with Overwrites set replaces an existing mapping and must
// only be applied after the user agreed.
type Proposal struct {
	Location Location `json:"location" yaml:"location"`
	Spira    Ref      `json:"spira" yaml:"spira"`
	// Type is set for custom-property proposals (a row may need creating).
	Type       PropertyType `json:"type,omitempty" yaml:"type,omitempty"`
	Current    JiraRef      `json:"current" yaml:"current"`
	Jira       JiraRef      `json:"jira" yaml:"jira"`
	Primary    bool         `json:"primary" yaml:"primary"`
	Confidence float64      `json:"confidence" yaml:"confidence"`
	Reason     string       `json:"reason" yaml:"reason"`
	Overwrites bool         `json:"overwrites" yaml:"overwrites"`
}

// Confidence levels of Automap, highest first.
const (
	ConfidenceExact      = 1.0  // the same name, or the same e-mail
	ConfidenceNormalized = 0.9  // the same name once case, spaces, punctuation and leading numbers are ignored
	ConfidenceSynonym    = 0.6  // a usual equivalent (Spira "Closed" and Jira "Done")
	ConfidenceSimilar    = 0.45 // a near spelling
)

// synonyms groups names that mean the same across the two tools' defaults;
// names are in Normalize form.
var synonyms = [][]string{
	{"new", "open", "todo", "requested", "backlog"},
	{"assigned", "inprogress", "indevelopment", "underway", "developed"},
	{"resolved", "done", "fixed", "completed", "accepted", "tested"},
	{"closed", "done", "completed"},
	{"critical", "highest", "blocker", "urgent"},
	{"high", "major"},
	{"medium", "normal"},
	{"low", "minor", "lowest", "trivial"},
	{"enhancement", "improvement", "newfeature", "feature"},
	{"incident", "bug", "defect"},
	{"userstory", "story"},
	{"reopen", "reopened"},
	{"wontfix", "wontdo", "rejected"},
}

func synonymous(a, b string) bool {
	for _, g := range synonyms {
		if slices.Contains(g, a) && slices.Contains(g, b) {
			return true
		}
	}
	return false
}

// match scores a Spira name against a Jira name.
func match(spira, jira string) (float64, string) {
	ns, nj := Normalize(spira), Normalize(jira)
	switch {
	case spira == jira:
		return ConfidenceExact, "same name"
	case ns != "" && ns == nj:
		return ConfidenceNormalized, fmt.Sprintf("same name once case, spaces, punctuation and leading numbers are ignored (%q)", ns)
	case ns != "" && synonymous(ns, nj):
		return ConfidenceSynonym, fmt.Sprintf("%q usually means %q", spira, jira)
	case len(ns) >= 4 && distance(ns, nj) <= max(1, len(ns)/5):
		return ConfidenceSimilar, "similar name"
	}
	return 0, ""
}

// best returns the Jira item that matches name best, if any does.
func best(name string, set []JiraItem) (JiraItem, float64, string) {
	var it JiraItem
	var conf float64
	var why string
	for _, j := range set {
		c, r := match(name, j.Name)
		if c > conf {
			it, conf, why = j, c, r
		}
	}
	return it, conf, why
}

// Automap proposes mappings by name for every row that is unmapped, or
// that points at a Jira ID the project does not have (those proposals
// have Overwrites set). It never changes p; see Apply.
func Automap(p *Product, jira *Jira, spira *SpiraLookups) []Proposal {
	if jira == nil {
		return nil
	}
	var out []Proposal
	for _, k := range FieldKinds {
		out = append(out, automapField(p, jira, spira, k)...)
	}
	out = append(out, automapUsers(p, jira, spira)...)
	out = append(out, automapReleases(p, jira, spira)...)
	out = append(out, automapProperties(p, jira, spira)...)
	return out
}

func (v *validator) setFor(k FieldKind) []JiraItem {
	if k == IncidentSeverity {
		f := v.j.FieldByID(v.p.Plugin.Custom01)
		if f == nil {
			return nil
		}
		// Severity is keyed by option name: the proposal's ID is the name.
		out := make([]JiraItem, len(f.Options))
		for i, o := range f.Options {
			out[i] = JiraItem{ID: o.Name, Name: o.Name}
		}
		return out
	}
	return v.jiraSet(k)
}

func automapField(p *Product, jira *Jira, spira *SpiraLookups, k FieldKind) []Proposal {
	v := &validator{p: p, j: jira}
	set := v.setFor(k)
	if len(set) == 0 {
		return nil
	}
	var rows []ValueMapping
	if fm := p.Field(k); fm != nil {
		rows = slices.Clone(fm.Values)
	}
	// Spira values from the lookups that the product has no row for yet.
	if spira != nil {
		for _, sv := range spira.Values[k] {
			if sv.Active && !slices.ContainsFunc(rows, func(r ValueMapping) bool { return r.Spira.ID == sv.ID }) {
				rows = append(rows, ValueMapping{Spira: Ref{ID: sv.ID, Name: sv.Name}})
			}
		}
	}
	byName := k.KeyedByName()
	// Keys that already have a Primary row keep it.
	hasPrimary := map[string]bool{}
	for _, r := range rows {
		if key := r.ExternalKey(byName); key != "" && r.Primary && findID(set, key) != nil {
			hasPrimary[key] = true
		}
	}
	var out []Proposal
	for _, r := range rows {
		key := r.ExternalKey(byName)
		stale := key != "" && findID(set, key) == nil
		if key != "" && !stale {
			continue
		}
		it, conf, why := best(r.Spira.Name, set)
		if conf == 0 {
			continue
		}
		jr := JiraRef{ID: it.ID, Name: it.Name}
		if byName {
			jr = JiraRef{Name: it.Name}
		}
		out = append(out, Proposal{
			Location: Location{Section: SectionFields, Field: k, Row: r.Spira.ID},
			Spira:    r.Spira, Current: r.Jira, Jira: jr,
			Confidence: conf, Reason: why, Overwrites: stale,
		})
	}
	// Among rows proposed for one Jira value, the most confident is Primary
	// unless an existing row already is.
	slices.SortStableFunc(out, func(a, b Proposal) int { return cmp.Compare(b.Confidence, a.Confidence) })
	for i := range out {
		key := out[i].Jira.ID
		if byName {
			key = out[i].Jira.Name
		}
		if !hasPrimary[key] {
			out[i].Primary = true
			hasPrimary[key] = true
		}
	}
	slices.SortStableFunc(out, func(a, b Proposal) int { return cmp.Compare(a.Spira.ID, b.Spira.ID) })
	return out
}

func automapUsers(p *Product, jira *Jira, spira *SpiraLookups) []Proposal {
	if spira == nil {
		return nil
	}
	var out []Proposal
	for _, su := range spira.Users {
		if !su.Active {
			continue
		}
		i := slices.IndexFunc(p.Users, func(u UserMapping) bool { return u.Spira.ID == su.ID })
		var cur JiraRef
		if i >= 0 {
			cur = p.Users[i].Jira
		}
		stale := cur.ID != "" && !slices.ContainsFunc(jira.Users, func(j JiraUser) bool {
			return j.AccountID == cur.ID || (j.Email != "" && strings.EqualFold(j.Email, cur.ID))
		})
		if cur.ID != "" && !stale {
			continue
		}
		var pick *JiraUser
		var conf float64
		var why string
		for k := range jira.Users {
			j := &jira.Users[k]
			if !j.Active || j.App {
				continue
			}
			if su.Email != "" && strings.EqualFold(j.Email, su.Email) {
				pick, conf, why = j, ConfidenceExact, "same e-mail address"
				break
			}
			if c, r := match(su.FullName, j.DisplayName); c >= ConfidenceNormalized && c > conf {
				pick, conf, why = j, c-0.1, "same full name as the Jira display name ("+r+")"
			}
		}
		if pick == nil {
			continue
		}
		out = append(out, Proposal{
			Location: Location{Section: SectionUsers, Row: su.ID},
			Spira:    Ref{ID: su.ID, Name: su.Login}, Current: cur,
			Jira:       JiraRef{ID: pick.AccountID, Name: pick.DisplayName},
			Confidence: conf, Reason: why, Overwrites: stale,
		})
	}
	return out
}

func automapReleases(p *Product, jira *Jira, spira *SpiraLookups) []Proposal {
	var rels []ReleaseMapping
	rels = append(rels, p.Releases...)
	if spira != nil {
		for _, sr := range spira.Releases {
			if !slices.ContainsFunc(rels, func(r ReleaseMapping) bool { return r.Spira.ID == sr.ID }) {
				rels = append(rels, ReleaseMapping{Spira: Ref{ID: sr.ID, Name: sr.Name}, VersionNumber: sr.VersionNumber})
			}
		}
	}
	taken := map[string]bool{}
	for _, r := range rels {
		if r.Jira.ID != "" {
			taken[r.Jira.ID] = true
		}
	}
	var out []Proposal
	for _, r := range rels {
		stale := r.Jira.ID != "" && findID(jira.Versions, r.Jira.ID) == nil
		if r.Jira.ID != "" && !stale {
			continue
		}
		for _, jv := range jira.Versions {
			if taken[jv.ID] {
				continue
			}
			conf, why := 0.0, ""
			switch {
			case r.VersionNumber != "" && jv.Name == r.VersionNumber:
				conf, why = ConfidenceExact, "version number equals the Jira version name"
			case r.Spira.Name != "" && jv.Name == r.Spira.Name:
				conf, why = ConfidenceNormalized, "release name equals the Jira version name"
			case r.VersionNumber != "" && strings.EqualFold(strings.ReplaceAll(jv.Name, " ", ""), strings.ReplaceAll(r.VersionNumber, " ", "")):
				conf, why = ConfidenceSynonym, "version number and Jira version name differ only in spelling"
			}
			if conf == 0 {
				continue
			}
			taken[jv.ID] = true
			out = append(out, Proposal{
				Location: Location{Section: SectionReleases, Row: r.Spira.ID},
				Spira:    r.Spira, Current: r.Jira, Jira: JiraRef{ID: jv.ID, Name: jv.Name},
				Primary: true, Confidence: conf, Reason: why, Overwrites: stale,
			})
			break
		}
	}
	slices.SortStableFunc(out, func(a, b Proposal) int { return cmp.Compare(a.Spira.ID, b.Spira.ID) })
	return out
}

// specialFor proposes a special key for a property by its name and type.
func specialFor(sp SpiraProperty) (string, bool) {
	n := Normalize(sp.Name)
	switch {
	case sp.Type == PropList && n == "resolution":
		return KeyResolution, true
	case sp.Type == PropList && (n == "securitylevel" || n == "security"):
		return KeySecurityLevel, true
	case sp.Type == PropText && n == "environment":
		return KeyEnvironment, true
	case sp.Type == PropText && (n == "jiraissuekey" || n == "jirakey" || n == "issuekey"):
		return KeyJiraIssueKey, true
	}
	return "", false
}

func automapProperties(p *Product, jira *Jira, spira *SpiraLookups) []Proposal {
	if spira == nil {
		return nil
	}
	var out []Proposal
	for _, sp := range spira.Properties {
		loc := Location{Section: SectionProperties, Artifact: sp.Artifact, Property: sp.ID}
		cur := p.Property(sp.Artifact, sp.ID)
		var target JiraRef
		if cur != nil && cur.Jira.ID != "" {
			target = cur.Jira
		} else if key, ok := specialFor(sp); ok {
			target = JiraRef{ID: key}
			out = append(out, Proposal{Location: loc, Spira: Ref{ID: sp.ID, Name: sp.Name}, Type: sp.Type,
				Jira: target, Primary: true, Confidence: ConfidenceNormalized, Reason: fmt.Sprintf("a %s property named %q is the special key %s", sp.Type, sp.Name, key)})
		} else {
			var pick *JiraField
			var conf float64
			var why string
			for i := range jira.Fields {
				f := &jira.Fields[i]
				if !f.Custom || !fits(sp.Type, f) {
					continue
				}
				if c, r := match(sp.Name, f.Name); c > conf && c >= ConfidenceSynonym {
					pick, conf, why = f, c, r+", and the field types fit"
				}
			}
			if pick == nil {
				continue
			}
			target = JiraRef{ID: pick.ID, Name: pick.Name}
			out = append(out, Proposal{Location: loc, Spira: Ref{ID: sp.ID, Name: sp.Name}, Type: sp.Type,
				Jira: target, Primary: true, Confidence: conf, Reason: why})
		}
		if sp.Type.IsList() {
			out = append(out, automapListValues(p, jira, sp, target)...)
		}
	}
	return out
}

func automapListValues(p *Product, jira *Jira, sp SpiraProperty, target JiraRef) []Proposal {
	var set []JiraItem
	byName := true
	switch target.ID {
	case KeyResolution:
		set, byName = jira.Resolutions, false
	case KeySecurityLevel:
		set, byName = jira.SecurityLevels, false
	default:
		if f := jira.FieldByID(target.ID); f != nil {
			set = f.Options
		}
	}
	cur := p.Property(sp.Artifact, sp.ID)
	var out []Proposal
	for _, sv := range sp.Values {
		if !sv.Active {
			continue
		}
		var have JiraRef
		if cur != nil {
			if i := slices.IndexFunc(cur.Values, func(v ValueMapping) bool { return v.Spira.ID == sv.ID }); i >= 0 {
				have = cur.Values[i].Jira
			}
		}
		key := have.ID
		if byName {
			key = have.Name
		}
		stale := key != "" && !slices.ContainsFunc(set, func(it JiraItem) bool {
			return (byName && it.Name == key) || (!byName && it.ID == key)
		})
		if key != "" && !stale {
			continue
		}
		it, conf, why := best(sv.Name, set)
		if conf == 0 {
			continue
		}
		jr := JiraRef{Name: it.Name}
		if !byName {
			jr.ID = it.ID
		}
		out = append(out, Proposal{
			Location: Location{Section: SectionProperties, Artifact: sp.Artifact, Property: sp.ID, Row: sv.ID},
			Spira:    Ref{ID: sv.ID, Name: sv.Name}, Type: sp.Type, Current: have, Jira: jr,
			Primary: true, Confidence: conf, Reason: why, Overwrites: stale,
		})
	}
	return out
}

// Apply writes proposals into a copy of p and returns it. A proposal that
// Overwrites an existing mapping is applied only when overwrite is true,
// so that nothing is replaced without the user's consent. Proposals below
// minConfidence are skipped.
func Apply(p *Product, proposals []Proposal, minConfidence float64, overwrite bool) *Product {
	c := p.Clone()
	for _, pr := range proposals {
		if pr.Confidence < minConfidence || (pr.Overwrites && !overwrite) {
			continue
		}
		l := pr.Location
		switch l.Section {
		case SectionFields:
			fm := c.Field(l.Field)
			if fm == nil {
				c.Fields = append(c.Fields, FieldMapping{Field: l.Field})
				fm = &c.Fields[len(c.Fields)-1]
			}
			setRow(&fm.Values, pr, pr.Primary)
		case SectionUsers:
			i := slices.IndexFunc(c.Users, func(u UserMapping) bool { return u.Spira.ID == l.Row })
			if i < 0 {
				c.Users = append(c.Users, UserMapping{Spira: pr.Spira})
				i = len(c.Users) - 1
			}
			if c.Users[i].Jira.ID == "" || overwrite {
				c.Users[i].Jira = pr.Jira
			}
		case SectionReleases:
			i := slices.IndexFunc(c.Releases, func(r ReleaseMapping) bool { return r.Spira.ID == l.Row })
			if i < 0 {
				c.Releases = append(c.Releases, ReleaseMapping{Spira: pr.Spira})
				i = len(c.Releases) - 1
			}
			if c.Releases[i].Jira.ID == "" || overwrite {
				c.Releases[i].Jira = pr.Jira
			}
		case SectionProperties:
			m := c.Property(l.Artifact, l.Property)
			if m == nil {
				name := ""
				if l.Row == 0 {
					name = pr.Spira.Name
				}
				c.CustomProperties = append(c.CustomProperties, PropertyMapping{Artifact: l.Artifact, Property: Ref{ID: l.Property, Name: name}, Type: pr.Type})
				m = &c.CustomProperties[len(c.CustomProperties)-1]
			}
			if l.Row == 0 {
				if m.Jira.ID == "" || overwrite {
					m.Jira = pr.Jira
				}
				continue
			}
			setRow(&m.Values, pr, true)
		}
	}
	c.Sort()
	return c
}

func setRow(rows *[]ValueMapping, pr Proposal, primary bool) {
	i := slices.IndexFunc(*rows, func(r ValueMapping) bool { return r.Spira.ID == pr.Spira.ID })
	if i < 0 {
		*rows = append(*rows, ValueMapping{Spira: pr.Spira})
		i = len(*rows) - 1
	}
	(*rows)[i].Jira = pr.Jira
	(*rows)[i].Primary = primary
}
