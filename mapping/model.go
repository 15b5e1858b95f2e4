// Package mapping is the data mapping of one Spira product for Inflectra's
// JiraDataSync plug-in: the plug-in settings, the project key, user, release,
// standard-field and custom-property mappings (Product), and its file form,
// mapping.yaml (Format, Parse).
//
// The flow, as the CLI and the TUI run it:
//
//	spira := NewSpira(spiraClient)              // or any Spira, e.g. mappingtest
//	p, lookups, _ := Pull(ctx, spira, pluginID, productID)
//	jira, _ := ReadJira(ctx, jiraClient, p.Project.Key())
//	FillJiraNames(p, jira)                       // names beside IDs
//	problems := Validate(p, jira, lookups)       // errors and warnings, with fixes
//	p = Apply(p, Automap(p, jira, lookups), ConfidenceNormalized, false)
//	changes := Diff(p, remote)                   // show before pushing
//	res, _ := Push(ctx, spira, p, remote)        // API writes + res.Sheet
//	checks := Verify(res.Sheet, pulledAgain)     // each sheet line done or not
//
// Spira's API writes only the plug-in record, user mappings and artifact
// (release) mappings; Push writes those and puts everything else on the
// setup sheet (BuildSheet), which an administrator enters in Spira's screens
// (or, in the sandbox only, ApplySheet enters through a simulator).
//
// Everything works on plain values, so the TUI and the CLI share it.
package mapping

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// PluginName is the Name of the data-sync plug-in record for Jira Cloud.
const PluginName = "JiraDataSync"

// Product is the whole mapping of one Spira product (project) to one Jira
// project through the JiraDataSync plug-in.
type Product struct {
	Plugin  Plugin  `yaml:"plugin"`
	Project Project `yaml:"project"`
	// Users maps Spira users to Jira accountIds or e-mail addresses.
	Users []UserMapping `yaml:"users"`
	// Releases maps Spira releases to Jira versions (artifact mappings).
	Releases []ReleaseMapping `yaml:"releases"`
	// Fields holds the standard-field value mappings, one entry per field.
	Fields []FieldMapping `yaml:"fields"`
	// CustomProperties holds the custom-property mappings.
	CustomProperties []PropertyMapping `yaml:"customProperties"`
}

// Plugin is the plug-in record (System Administration > Integrations > Data
// Synchronization). The password (the Jira API token) is never part of it:
// it stays in Spira and in the keyring.
type Plugin struct {
	ID              int    `yaml:"id"`
	Name            string `yaml:"name"`
	Caption         string `yaml:"caption,omitempty"`
	Description     string `yaml:"description,omitempty"`
	URL             string `yaml:"url"`
	Login           string `yaml:"login"`
	TimeOffsetHours int    `yaml:"timeOffsetHours"`
	AutoMapUsers    bool   `yaml:"autoMapUsers"`
	Active          bool   `yaml:"active"`
	// The five Custom slots hold the current plug-in's settings or the
	// older plug-in's (Settings tells them apart). The yaml keys name the
	// older meanings because files with them exist.
	//
	// Custom01 is the Jira Special Fields: "severityFieldID,estimateFieldID"
	// (0 skips one) and/or "timetracking"; in the older plug-in, one ID, the
	// Jira select field that holds incident severity.
	Custom01 string `yaml:"custom01SeverityField"`
	// Custom02 is the Task Types: Jira issue-type IDs synced as Spira tasks;
	// in the older plug-in, "True" to give new issues a security level.
	Custom02 string `yaml:"custom02SecurityLevel"`
	// Custom03 is the Sync Mode: blank or Default, Bidirectional, Complete,
	// NoRequirements or NoIncidents, then the options NoAttachments and
	// createReleasesOnly; in the older plug-in, blank, "True" (read now as
	// NoRequirements) or "Both" (Bidirectional).
	Custom03 string `yaml:"custom03SyncDirection"`
	// Custom04 is the Requirement Types: Jira issue-type IDs synced as
	// Spira requirements (both plug-ins).
	Custom04 string `yaml:"custom04RequirementIssueTypes"`
	// Custom05 is the Link Type: the name of the Jira issue link type of
	// Spira associations (both plug-ins; blank: no links).
	Custom05 string `yaml:"custom05LinkType"`
	// Extended are the settings of Spira 8.8+ that no known REST call
	// reads: the file holds what the administrator enters on the plug-in
	// screen (see Extended).
	Extended Extended `yaml:"extended,omitempty"`
}

// UsesSecurityLevel reports whether Custom 02 asks for security levels.
func (p Plugin) UsesSecurityLevel() bool {
	return strings.EqualFold(strings.TrimSpace(p.Custom02), "true")
}

// RequirementIssueTypes splits Custom 04 into issue-type IDs.
func (p Plugin) RequirementIssueTypes() []string {
	var ids []string
	for _, s := range strings.Split(p.Custom04, ",") {
		if s = strings.TrimSpace(s); s != "" {
			ids = append(ids, s)
		}
	}
	return ids
}

// Project is the product's project mapping ("View Product Mappings").
type Project struct {
	// Spira is the Spira product.
	Spira Ref `yaml:"spira"`
	// JiraKey is the "Key in JIRA" (External Key), e.g. "DEMO"; it may carry
	// the "{full}" token that forces a full first pull.
	JiraKey string `yaml:"jiraKey"`
	// Active is the Active Flag: Yes to sync this product.
	Active bool `yaml:"active"`
}

// FullToken is the External Key suffix that makes the plug-in's next cycle
// pull every existing issue of the project, as on a first sync (plug-in
// 8.7). Before Spira 9.4 the administrator removes it after that cycle;
// from 9.4 the plug-in presumably removes it itself.
const FullToken = "{full}"

// Key returns the Jira project key without a "{full}" token.
func (p Project) Key() string { return stripFull(p.JiraKey) }

// Full reports whether the External Key carries the "{full}" token
// (any case).
func (p Project) Full() bool {
	k := strings.TrimSpace(p.JiraKey)
	return len(k) >= len(FullToken) && strings.EqualFold(k[len(k)-len(FullToken):], FullToken)
}

// stripFull drops a trailing "{full}" (any case) from an External Key.
func stripFull(key string) string {
	k := strings.TrimSpace(key)
	if (Project{JiraKey: k}).Full() {
		k = k[:len(k)-len(FullToken)]
	}
	return strings.TrimSpace(k)
}

// Ref names a Spira item: its integer ID and, for people, its name.
type Ref struct {
	ID   int    `json:"id" yaml:"id"`
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
}

// JiraRef names a Jira item. ID is the Jira ID (or a special key); Name is
// the display name. Which of the two Spira stores as the External Key
// depends on the field: see FieldKind.KeyedByName.
type JiraRef struct {
	ID   string `json:"id,omitempty" yaml:"id,omitempty"`
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
}

// IsZero reports an unmapped Jira side.
func (j JiraRef) IsZero() bool { return j.ID == "" && j.Name == "" }

// UserMapping maps one Spira user to a Jira user. Jira.ID is what Spira
// stores: an Atlassian accountId or a public e-mail address.
type UserMapping struct {
	Spira Ref     `yaml:"spira"`
	Jira  JiraRef `yaml:"jira"`
}

// ReleaseMapping maps a Spira release to a Jira version (Jira.ID is the
// version ID). A release with an empty Jira side is unmapped.
type ReleaseMapping struct {
	Spira         Ref     `yaml:"spira"`
	VersionNumber string  `yaml:"versionNumber,omitempty"`
	Jira          JiraRef `yaml:"jira"`
}

// FieldKind names a standard field that has value mappings.
type FieldKind string

// The standard fields of the guide, incident then requirement.
const (
	IncidentType          FieldKind = "incident.type"
	IncidentStatus        FieldKind = "incident.status"
	IncidentPriority      FieldKind = "incident.priority"
	IncidentComponent     FieldKind = "incident.component"
	IncidentSeverity      FieldKind = "incident.severity"
	RequirementStatus     FieldKind = "requirement.status"
	RequirementImportance FieldKind = "requirement.importance"
	RequirementType       FieldKind = "requirement.type"
	RequirementComponent  FieldKind = "requirement.component"
	TaskStatus            FieldKind = "task.status"
	TaskPriority          FieldKind = "task.priority"
	TaskType              FieldKind = "task.type"
)

// FieldKinds lists the standard fields in the order of Spira's screens.
var FieldKinds = []FieldKind{
	IncidentType, IncidentStatus, IncidentPriority, IncidentComponent, IncidentSeverity,
	RequirementStatus, RequirementImportance, RequirementType, RequirementComponent,
	TaskStatus, TaskPriority, TaskType,
}

var fieldIDs = map[FieldKind]int{
	IncidentSeverity: 1, IncidentPriority: 2, IncidentStatus: 3, IncidentType: 4, IncidentComponent: 148,
	RequirementStatus: 16, RequirementImportance: 18, RequirementType: 140, RequirementComponent: 141,
	TaskStatus: 57, TaskPriority: 59, TaskType: 145,
}

// ArtifactFieldID is Spira's artifact field ID of the kind (the
// {artifact_field_id} of the field-values call), 0 for an unknown kind.
func (k FieldKind) ArtifactFieldID() int { return fieldIDs[k] }

// FieldKindByID returns the kind of a Spira artifact field ID.
func FieldKindByID(id int) (FieldKind, bool) {
	for k, v := range fieldIDs {
		if v == id {
			return k, true
		}
	}
	return "", false
}

// Known reports whether k is one of FieldKinds.
func (k FieldKind) Known() bool { return fieldIDs[k] != 0 }

// Incident reports whether the field belongs to incidents.
func (k FieldKind) Incident() bool { return strings.HasPrefix(string(k), "incident.") }

// Task reports whether the field belongs to tasks.
func (k FieldKind) Task() bool { return strings.HasPrefix(string(k), "task.") }

// ListsStatuses reports a field whose rows may hold several Jira status IDs,
// comma-separated: requirement and task statuses (real-spira-2026 J10).
func (k FieldKind) ListsStatuses() bool { return k == RequirementStatus || k == TaskStatus }

// KeyedByName reports whether Spira stores the Jira option name (not an
// ID) as the External Key: only incident severity, per the guide.
func (k FieldKind) KeyedByName() bool { return k == IncidentSeverity }

// Label is the field as Spira's screens name it, e.g. "Incident Status".
func (k FieldKind) Label() string {
	a, f, _ := strings.Cut(string(k), ".")
	return titleCase(a) + " " + titleCase(f)
}

// JiraKind says what kind of Jira item the field's values map to.
func (k FieldKind) JiraKind() string {
	switch k {
	case IncidentType, RequirementType, TaskType:
		return "issue type"
	case IncidentStatus, RequirementStatus, TaskStatus:
		return "status"
	case IncidentPriority, RequirementImportance, TaskPriority:
		return "priority"
	case IncidentComponent, RequirementComponent:
		return "component"
	case IncidentSeverity:
		return "option of the Custom 01 field"
	}
	return "value"
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// FieldMapping holds the value mappings of one standard field. Every Spira
// value of the field appears once; an empty Jira side means unmapped.
type FieldMapping struct {
	Field  FieldKind      `yaml:"field"`
	Values []ValueMapping `yaml:"values"`
}

// ValueMapping maps one Spira value to one Jira value. When several Spira
// values share a Jira value, exactly one of them is Primary: it is the one
// chosen on the way back from Jira.
type ValueMapping struct {
	Spira   Ref     `yaml:"spira"`
	Jira    JiraRef `yaml:"jira"`
	Primary bool    `yaml:"primary"`
}

// ExternalKey is what Spira stores for this row of field k.
func (v ValueMapping) ExternalKey(keyedByName bool) string {
	if keyedByName {
		return v.Jira.Name
	}
	return v.Jira.ID
}

// JiraIDs are the Jira values of a row of field k: the comma-separated
// status IDs of a requirement or task status row, else its one External
// Key. The first is the one used from Spira to Jira; any of them comes
// back to this row (when it is the Primary one for that ID).
func (v ValueMapping) JiraIDs(k FieldKind) []string {
	key := v.ExternalKey(k.KeyedByName())
	if !k.ListsStatuses() {
		if key == "" {
			return nil
		}
		return []string{key}
	}
	return splitIDs(key)
}

// Forward is the Jira value a Spira value of field k goes to: the first of
// its row's JiraIDs, "" when unmapped.
func (f *FieldMapping) Forward(spiraID int) string {
	if f == nil {
		return ""
	}
	for _, v := range f.Values {
		if v.Spira.ID == spiraID {
			if ids := v.JiraIDs(f.Field); len(ids) > 0 {
				return ids[0]
			}
			return ""
		}
	}
	return ""
}

// Back is the Spira value a Jira value of field k comes back as: the
// Primary row among those that hold it, else the only one; 0 when none or
// ambiguous.
func (f *FieldMapping) Back(jira string) int {
	if f == nil || jira == "" {
		return 0
	}
	var rows []ValueMapping
	for _, v := range f.Values {
		if slices.Contains(v.JiraIDs(f.Field), jira) {
			rows = append(rows, v)
		}
	}
	for _, v := range rows {
		if v.Primary {
			return v.Spira.ID
		}
	}
	if len(rows) == 1 {
		return rows[0].Spira.ID
	}
	return 0
}

// PropertyType is a Spira custom property type.
type PropertyType string

// Spira's custom property types (CustomPropertyTypeId 1-8).
const (
	PropText      PropertyType = "text"
	PropInteger   PropertyType = "integer"
	PropDecimal   PropertyType = "decimal"
	PropBoolean   PropertyType = "boolean"
	PropDate      PropertyType = "date"
	PropList      PropertyType = "list"
	PropMultiList PropertyType = "multilist"
	PropUser      PropertyType = "user"
)

var propTypeIDs = map[PropertyType]int{
	PropText: 1, PropInteger: 2, PropDecimal: 3, PropBoolean: 4, PropDate: 5, PropList: 6, PropMultiList: 7, PropUser: 8,
}

// PropertyTypeByID maps Spira's CustomPropertyTypeId to a PropertyType.
func PropertyTypeByID(id int) (PropertyType, bool) {
	for k, v := range propTypeIDs {
		if v == id {
			return k, true
		}
	}
	return "", false
}

// Known reports whether t is one of Spira's property types.
func (t PropertyType) Known() bool { return propTypeIDs[t] != 0 }

// IsList reports a List or Multi-List property, whose values are mapped.
func (t PropertyType) IsList() bool { return t == PropList || t == PropMultiList }

// The special External Keys of a custom property mapping.
const (
	KeyResolution    = "Resolution"
	KeyEnvironment   = "Environment"
	KeySecurityLevel = "SecurityLevel"
	KeyJiraIssueKey  = "JiraIssueKey"
)

// SpecialKeys lists the External Keys that name a built-in Jira field or
// the issue key rather than a custom field.
var SpecialKeys = []string{KeyResolution, KeyEnvironment, KeySecurityLevel, KeyJiraIssueKey}

// Artifact is the Spira artifact a custom property belongs to.
type Artifact string

// The artifacts the plug-in maps custom properties for.
const (
	ArtifactIncident    Artifact = "incident"
	ArtifactRequirement Artifact = "requirement"
)

// TypeID is Spira's ArtifactTypeId.
func (a Artifact) TypeID() int {
	switch a {
	case ArtifactIncident:
		return 3
	case ArtifactRequirement:
		return 1
	}
	return 0
}

// Spira's artifact type IDs used by the mapping calls.
const (
	ArtifactTypeRequirement = 1
	ArtifactTypeIncident    = 3
	ArtifactTypeRelease     = 4
	ArtifactTypeTask        = 6
)

// PropertyMapping maps one Spira custom property to a Jira custom field or
// to a special key. Jira.ID is the External Key: a custom field ID
// ("customfield_10050" or "10050") or one of SpecialKeys. For list types,
// Values maps each Spira list value to a Jira option name, or to a
// resolution or security-level ID for the Resolution and SecurityLevel keys.
type PropertyMapping struct {
	Artifact Artifact       `yaml:"artifact"`
	Property Ref            `yaml:"property"`
	Type     PropertyType   `yaml:"type"`
	Jira     JiraRef        `yaml:"jira"`
	Values   []ValueMapping `yaml:"values,omitempty"`
}

// Special returns the special key the property is mapped to, or "".
func (m PropertyMapping) Special() string {
	for _, k := range SpecialKeys {
		if m.Jira.ID == k {
			return k
		}
	}
	return ""
}

// ValuesKeyedByName reports whether list values are stored as Jira option
// names (true) or as Jira IDs (Resolution and SecurityLevel).
func (m PropertyMapping) ValuesKeyedByName() bool {
	s := m.Special()
	return s != KeyResolution && s != KeySecurityLevel
}

// Field returns the value mappings of kind k, or nil.
func (p *Product) Field(k FieldKind) *FieldMapping {
	for i := range p.Fields {
		if p.Fields[i].Field == k {
			return &p.Fields[i]
		}
	}
	return nil
}

// Property returns the mapping of a custom property, or nil.
func (p *Product) Property(a Artifact, id int) *PropertyMapping {
	for i := range p.CustomProperties {
		if p.CustomProperties[i].Artifact == a && p.CustomProperties[i].Property.ID == id {
			return &p.CustomProperties[i]
		}
	}
	return nil
}

// PropertyBySpecialKey returns the first custom property of artifact a
// mapped to special key k, or nil.
func (p *Product) PropertyBySpecialKey(a Artifact, k string) *PropertyMapping {
	for i := range p.CustomProperties {
		if p.CustomProperties[i].Artifact == a && p.CustomProperties[i].Special() == k {
			return &p.CustomProperties[i]
		}
	}
	return nil
}

// Sort puts every list in the canonical order of the file form: users,
// releases and values by Spira ID, fields in FieldKinds order, custom
// properties by artifact then ID.
func (p *Product) Sort() {
	byRef := func(a, b Ref) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortStableFunc(p.Users, func(a, b UserMapping) int { return byRef(a.Spira, b.Spira) })
	slices.SortStableFunc(p.Releases, func(a, b ReleaseMapping) int { return byRef(a.Spira, b.Spira) })
	order := map[FieldKind]int{}
	for i, k := range FieldKinds {
		order[k] = i
	}
	slices.SortStableFunc(p.Fields, func(a, b FieldMapping) int { return cmp.Compare(order[a.Field], order[b.Field]) })
	for i := range p.Fields {
		slices.SortStableFunc(p.Fields[i].Values, func(a, b ValueMapping) int { return byRef(a.Spira, b.Spira) })
	}
	slices.SortStableFunc(p.CustomProperties, func(a, b PropertyMapping) int {
		return cmp.Or(cmp.Compare(a.Artifact.TypeID(), b.Artifact.TypeID())*-1, byRef(a.Property, b.Property))
	})
	for i := range p.CustomProperties {
		slices.SortStableFunc(p.CustomProperties[i].Values, func(a, b ValueMapping) int { return byRef(a.Spira, b.Spira) })
	}
}

// Clone returns a deep copy of p.
func (p *Product) Clone() *Product {
	c := *p
	c.Users = slices.Clone(p.Users)
	c.Releases = slices.Clone(p.Releases)
	c.Fields = slices.Clone(p.Fields)
	for i := range c.Fields {
		c.Fields[i].Values = slices.Clone(c.Fields[i].Values)
	}
	c.CustomProperties = slices.Clone(p.CustomProperties)
	for i := range c.CustomProperties {
		c.CustomProperties[i].Values = slices.Clone(c.CustomProperties[i].Values)
	}
	return &c
}

// customFieldNumber returns the number of a Jira custom field ID given as
// "customfield_10050" or "10050", and false for anything else.
func customFieldNumber(id string) (int, bool) {
	s := strings.TrimPrefix(strings.TrimSpace(id), "customfield_")
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}
