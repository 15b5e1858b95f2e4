package spiraclient

// Wire types of Spira's REST API v7_0. Field names follow Go conventions; the
// JSON tags are Spira's names exactly (IncidentId, ConcurrencyDate, ...).
// Nullable references (OwnerId, DetectedReleaseId, ...) are plain ints with
// omitempty: Spira never uses 0 as an ID, so 0 means null both ways.

// RemoteProject is a Spira product (called project in the API).
type RemoteProject struct {
	ProjectID         int    `json:"ProjectId,omitempty"`
	ProjectTemplateID int    `json:"ProjectTemplateId,omitempty"`
	ProjectGroupID    int    `json:"ProjectGroupId,omitempty"`
	Name              string `json:"Name"`
	Description       string `json:"Description,omitempty"`
	Website           string `json:"Website,omitempty"`
	CreationDate      Time   `json:"CreationDate"`
	Active            bool   `json:"Active"`
	WorkingHours      int    `json:"WorkingHours"`
	WorkingDays       int    `json:"WorkingDays"`
	NonWorkingHours   int    `json:"NonWorkingHours"`
	StartDate         *Time  `json:"StartDate,omitempty"`
	EndDate           *Time  `json:"EndDate,omitempty"`
	PercentComplete   int    `json:"PercentComplete"`
}

// RemoteProjectTemplate is a product template; lookups and custom
// properties belong to templates, not products.
type RemoteProjectTemplate struct {
	ProjectTemplateID int    `json:"ProjectTemplateId,omitempty"`
	Name              string `json:"Name"`
	Description       string `json:"Description,omitempty"`
	IsActive          bool   `json:"IsActive"`
}

// RemoteUser is a Spira user. RssToken (the API key) is only returned to
// system administrators.
type RemoteUser struct {
	UserID        int    `json:"UserId,omitempty"`
	FirstName     string `json:"FirstName"`
	LastName      string `json:"LastName"`
	MiddleInitial string `json:"MiddleInitial,omitempty"`
	UserName      string `json:"UserName"`
	LdapDn        string `json:"LdapDn,omitempty"`
	EmailAddress  string `json:"EmailAddress"`
	Admin         bool   `json:"Admin"`
	Active        bool   `json:"Active"`
	Department    string `json:"Department,omitempty"`
	Approved      bool   `json:"Approved"`
	Locked        bool   `json:"Locked"`
	RssToken      string `json:"RssToken,omitempty"`
	FullName      string `json:"FullName,omitempty"`
}

// RemoteProjectUser is a user's membership of one product.
type RemoteProjectUser struct {
	RemoteUser
	ProjectID       int    `json:"ProjectId"`
	ProjectRoleID   int    `json:"ProjectRoleId"`
	ProjectRoleName string `json:"ProjectRoleName,omitempty"`
}

// RemoteComponent is a product component.
type RemoteComponent struct {
	ComponentID int    `json:"ComponentId,omitempty"`
	ProjectID   int    `json:"ProjectId"`
	Name        string `json:"Name"`
	IsActive    bool   `json:"IsActive"`
	IsDeleted   bool   `json:"IsDeleted"`
}

// RemoteArtifactCustomProperty is the value of one custom property on an
// artifact. Exactly one of the value fields is used, by the property type:
// Text -> StringValue; Integer, List, User -> IntegerValue; Decimal ->
// DecimalValue; Boolean -> BooleanValue; Date -> DateTimeValue; MultiList ->
// IntegerListValue.
type RemoteArtifactCustomProperty struct {
	PropertyNumber   int                   `json:"PropertyNumber"`
	StringValue      *string               `json:"StringValue,omitempty"`
	IntegerValue     *int                  `json:"IntegerValue,omitempty"`
	BooleanValue     *bool                 `json:"BooleanValue,omitempty"`
	DateTimeValue    *Time                 `json:"DateTimeValue,omitempty"`
	DecimalValue     *float64              `json:"DecimalValue,omitempty"`
	IntegerListValue []int                 `json:"IntegerListValue,omitempty"`
	Definition       *RemoteCustomProperty `json:"Definition,omitempty"`
}

// RemoteIncident is an incident (Jira issue counterpart). Description is
// HTML. Updates must carry the ConcurrencyDate of the last read.
type RemoteIncident struct {
	IncidentID        int    `json:"IncidentId,omitempty"`
	ProjectID         int    `json:"ProjectId,omitempty"`
	ArtifactTypeID    int    `json:"ArtifactTypeId,omitempty"`
	IncidentTypeID    int    `json:"IncidentTypeId,omitempty"`
	IncidentStatusID  int    `json:"IncidentStatusId,omitempty"`
	PriorityID        int    `json:"PriorityId,omitempty"`
	SeverityID        int    `json:"SeverityId,omitempty"`
	OpenerID          int    `json:"OpenerId,omitempty"`
	OwnerID           int    `json:"OwnerId,omitempty"`
	TestRunStepIDs    []int  `json:"TestRunStepIds,omitempty"`
	DetectedReleaseID int    `json:"DetectedReleaseId,omitempty"`
	ResolvedReleaseID int    `json:"ResolvedReleaseId,omitempty"`
	VerifiedReleaseID int    `json:"VerifiedReleaseId,omitempty"`
	ComponentIDs      []int  `json:"ComponentIds"`
	Name              string `json:"Name"`
	Description       string `json:"Description"`
	CreationDate      *Time  `json:"CreationDate,omitempty"`
	StartDate         *Time  `json:"StartDate,omitempty"`
	EndDate           *Time  `json:"EndDate,omitempty"`
	ClosedDate        *Time  `json:"ClosedDate,omitempty"`
	CompletionPercent int    `json:"CompletionPercent"`
	EstimatedEffort   *int   `json:"EstimatedEffort,omitempty"`
	ActualEffort      *int   `json:"ActualEffort,omitempty"`
	RemainingEffort   *int   `json:"RemainingEffort,omitempty"`
	ProjectedEffort   *int   `json:"ProjectedEffort,omitempty"`
	LastUpdateDate    *Time  `json:"LastUpdateDate,omitempty"`
	ConcurrencyDate   *Time  `json:"ConcurrencyDate,omitempty"`
	FixedBuildID      int    `json:"FixedBuildId,omitempty"`
	DetectedBuildID   int    `json:"DetectedBuildId,omitempty"`
	Tags              string `json:"Tags,omitempty"`
	IsAttachments     bool   `json:"IsAttachments"`

	CustomProperties []RemoteArtifactCustomProperty `json:"CustomProperties"`

	// Read-only display fields.
	PriorityName                 string `json:"PriorityName,omitempty"`
	SeverityName                 string `json:"SeverityName,omitempty"`
	IncidentStatusName           string `json:"IncidentStatusName,omitempty"`
	IncidentTypeName             string `json:"IncidentTypeName,omitempty"`
	OpenerName                   string `json:"OpenerName,omitempty"`
	OwnerName                    string `json:"OwnerName,omitempty"`
	ProjectName                  string `json:"ProjectName,omitempty"`
	DetectedReleaseVersionNumber string `json:"DetectedReleaseVersionNumber,omitempty"`
	ResolvedReleaseVersionNumber string `json:"ResolvedReleaseVersionNumber,omitempty"`
	VerifiedReleaseVersionNumber string `json:"VerifiedReleaseVersionNumber,omitempty"`
	IncidentStatusOpenStatus     bool   `json:"IncidentStatusOpenStatus"`
}

// RemoteRequirement is a requirement. Its status field is StatusId (not
// RequirementStatusId) and it has a single ComponentId.
type RemoteRequirement struct {
	RequirementID     int      `json:"RequirementId,omitempty"`
	ProjectID         int      `json:"ProjectId,omitempty"`
	ArtifactTypeID    int      `json:"ArtifactTypeId,omitempty"`
	IndentLevel       string   `json:"IndentLevel,omitempty"`
	StatusID          int      `json:"StatusId,omitempty"`
	RequirementTypeID int      `json:"RequirementTypeId,omitempty"`
	AuthorID          int      `json:"AuthorId,omitempty"`
	OwnerID           int      `json:"OwnerId,omitempty"`
	ImportanceID      int      `json:"ImportanceId,omitempty"`
	ReleaseID         int      `json:"ReleaseId,omitempty"`
	ComponentID       int      `json:"ComponentId,omitempty"`
	Name              string   `json:"Name"`
	Description       string   `json:"Description"`
	CreationDate      *Time    `json:"CreationDate,omitempty"`
	LastUpdateDate    *Time    `json:"LastUpdateDate,omitempty"`
	ConcurrencyDate   *Time    `json:"ConcurrencyDate,omitempty"`
	Summary           bool     `json:"Summary"`
	EstimatePoints    *float64 `json:"EstimatePoints,omitempty"`
	StartDate         *Time    `json:"StartDate,omitempty"`
	EndDate           *Time    `json:"EndDate,omitempty"`
	PercentComplete   *int     `json:"PercentComplete,omitempty"`
	Tags              string   `json:"Tags,omitempty"`
	IsAttachments     bool     `json:"IsAttachments"`

	CustomProperties []RemoteArtifactCustomProperty `json:"CustomProperties"`

	// Read-only display fields.
	ReleaseVersionNumber string `json:"ReleaseVersionNumber,omitempty"`
	AuthorName           string `json:"AuthorName,omitempty"`
	OwnerName            string `json:"OwnerName,omitempty"`
	StatusName           string `json:"StatusName,omitempty"`
	ImportanceName       string `json:"ImportanceName,omitempty"`
	ProjectName          string `json:"ProjectName,omitempty"`
	RequirementTypeName  string `json:"RequirementTypeName,omitempty"`
}

// RemoteRelease is a release or iteration (Jira version counterpart).
// VersionNumber is unique per product and at most 20 characters.
type RemoteRelease struct {
	ReleaseID       int     `json:"ReleaseId,omitempty"`
	ProjectID       int     `json:"ProjectId,omitempty"`
	ArtifactTypeID  int     `json:"ArtifactTypeId,omitempty"`
	CreatorID       int     `json:"CreatorId,omitempty"`
	OwnerID         int     `json:"OwnerId,omitempty"`
	IndentLevel     string  `json:"IndentLevel,omitempty"`
	Name            string  `json:"Name"`
	Description     string  `json:"Description,omitempty"`
	VersionNumber   string  `json:"VersionNumber"`
	CreationDate    *Time   `json:"CreationDate,omitempty"`
	LastUpdateDate  *Time   `json:"LastUpdateDate,omitempty"`
	ConcurrencyDate *Time   `json:"ConcurrencyDate,omitempty"`
	Summary         bool    `json:"Summary"`
	Active          bool    `json:"Active"`
	ReleaseStatusID int     `json:"ReleaseStatusId"`
	ReleaseTypeID   int     `json:"ReleaseTypeId"`
	StartDate       Time    `json:"StartDate"`
	EndDate         Time    `json:"EndDate"`
	ResourceCount   float64 `json:"ResourceCount"`
	DaysNonWorking  float64 `json:"DaysNonWorking"`
	PercentComplete int     `json:"PercentComplete"`
	Tags            string  `json:"Tags,omitempty"`
	IsAttachments   bool    `json:"IsAttachments"`

	CustomProperties []RemoteArtifactCustomProperty `json:"CustomProperties"`

	// Read-only display fields.
	OwnerName         string `json:"OwnerName,omitempty"`
	CreatorName       string `json:"CreatorName,omitempty"`
	FullName          string `json:"FullName,omitempty"`
	ReleaseStatusName string `json:"ReleaseStatusName,omitempty"`
	ReleaseTypeName   string `json:"ReleaseTypeName,omitempty"`
}

// RemoteComment is a comment on an incident, requirement or release. Text is
// HTML. UserId and CreationDate are honoured on create (default: caller,
// now).
type RemoteComment struct {
	CommentID    int    `json:"CommentId,omitempty"`
	ArtifactID   int    `json:"ArtifactId"`
	UserID       int    `json:"UserId,omitempty"`
	UserName     string `json:"UserName,omitempty"`
	Text         string `json:"Text"`
	CreationDate *Time  `json:"CreationDate,omitempty"`
	IsDeleted    bool   `json:"IsDeleted"`
	IsPermanent  bool   `json:"IsPermanent"`
}

// RemoteIncidentResolution is the pre-v4 name of an incident comment; kept
// as an alias so code written from old plug-in sources reads naturally.
type RemoteIncidentResolution = RemoteComment

// Lookups (template-scoped).

// RemoteIncidentType is an incident type of a template.
type RemoteIncidentType struct {
	IncidentTypeID int    `json:"IncidentTypeId"`
	Name           string `json:"Name"`
	Active         bool   `json:"Active"`
	Issue          bool   `json:"Issue"`
	Risk           bool   `json:"Risk"`
	WorkflowID     int    `json:"WorkflowId"`
}

// RemoteIncidentStatus is an incident status of a template.
type RemoteIncidentStatus struct {
	IncidentStatusID int    `json:"IncidentStatusId"`
	Name             string `json:"Name"`
	Active           bool   `json:"Active"`
	Open             bool   `json:"Open"`
}

// RemoteIncidentPriority is an incident priority of a template.
type RemoteIncidentPriority struct {
	PriorityID int    `json:"PriorityId"`
	Name       string `json:"Name"`
	Active     bool   `json:"Active"`
	Color      string `json:"Color,omitempty"`
	Score      *int   `json:"Score,omitempty"`
}

// RemoteIncidentSeverity is an incident severity of a template.
type RemoteIncidentSeverity struct {
	SeverityID int    `json:"SeverityId"`
	Name       string `json:"Name"`
	Active     bool   `json:"Active"`
	Color      string `json:"Color,omitempty"`
	Score      *int   `json:"Score,omitempty"`
}

// RemoteRequirementStatus is a requirement status of a template.
type RemoteRequirementStatus struct {
	RequirementStatusID int    `json:"RequirementStatusId"`
	Name                string `json:"Name"`
	Active              bool   `json:"Active"`
	Position            int    `json:"Position"`
}

// RemoteRequirementImportance is a requirement importance of a template.
type RemoteRequirementImportance struct {
	ImportanceID int    `json:"ImportanceId"`
	Name         string `json:"Name"`
	Active       bool   `json:"Active"`
	Color        string `json:"Color,omitempty"`
	Score        *int   `json:"Score,omitempty"`
}

// RemoteRequirementType is a requirement type of a template.
type RemoteRequirementType struct {
	RequirementTypeID int    `json:"RequirementTypeId"`
	Name              string `json:"Name"`
	WorkflowID        int    `json:"WorkflowId,omitempty"`
	IsActive          bool   `json:"IsActive"`
	IsDefault         bool   `json:"IsDefault"`
	IsSteps           bool   `json:"IsSteps"`
}

// RemoteReleaseType is a release type (Major, Minor, Iteration, Phase).
type RemoteReleaseType struct {
	ReleaseTypeID int    `json:"ReleaseTypeId"`
	Name          string `json:"Name"`
	WorkflowID    int    `json:"WorkflowId,omitempty"`
	Active        bool   `json:"Active"`
	Position      int    `json:"Position"`
}

// RemoteReleaseStatus is a release status.
type RemoteReleaseStatus struct {
	ReleaseStatusID int    `json:"ReleaseStatusId"`
	Name            string `json:"Name"`
	Active          bool   `json:"Active"`
	Position        int    `json:"Position"`
}

// Workflow.

// RemoteWorkflowIncidentTransition is one allowed status change of an
// incident type's workflow.
type RemoteWorkflowIncidentTransition struct {
	TransitionID             int    `json:"TransitionId"`
	WorkflowID               int    `json:"WorkflowId"`
	Name                     string `json:"Name"`
	ExecuteByDetector        bool   `json:"ExecuteByDetector"`
	ExecuteByOwner           bool   `json:"ExecuteByOwner"`
	IncidentStatusIDInput    int    `json:"IncidentStatusId_Input"`
	IncidentStatusNameInput  string `json:"IncidentStatusName_Input,omitempty"`
	IncidentStatusIDOutput   int    `json:"IncidentStatusId_Output"`
	IncidentStatusNameOutput string `json:"IncidentStatusName_Output,omitempty"`
}

// RemoteWorkflowField is the state of one standard field in one status.
type RemoteWorkflowField struct {
	FieldID      int    `json:"FieldId"`
	FieldName    string `json:"FieldName"`
	FieldCaption string `json:"FieldCaption,omitempty"`
	FieldStateID int    `json:"FieldStateId"`
}

// RemoteWorkflowCustomProperty is the state of one custom property in one
// status.
type RemoteWorkflowCustomProperty struct {
	CustomPropertyID int    `json:"CustomPropertyId"`
	FieldName        string `json:"FieldName,omitempty"`
	FieldStateID     int    `json:"FieldStateId"`
}

// Workflow field states.
const (
	FieldStateInactive = 1
	FieldStateRequired = 2
	FieldStateHidden   = 3
)

// Custom properties.

// RemoteCustomProperty is a custom property definition of a template.
type RemoteCustomProperty struct {
	CustomPropertyID        int                          `json:"CustomPropertyId,omitempty"`
	ProjectTemplateID       int                          `json:"ProjectTemplateId,omitempty"`
	ArtifactTypeID          int                          `json:"ArtifactTypeId,omitempty"`
	Name                    string                       `json:"Name,omitempty"`
	CustomList              *RemoteCustomList            `json:"CustomList,omitempty"`
	CustomPropertyFieldName string                       `json:"CustomPropertyFieldName,omitempty"`
	CustomPropertyTypeID    int                          `json:"CustomPropertyTypeId,omitempty"`
	CustomPropertyTypeName  string                       `json:"CustomPropertyTypeName,omitempty"`
	IsDeleted               bool                         `json:"IsDeleted"`
	PropertyNumber          int                          `json:"PropertyNumber,omitempty"`
	SystemDataType          string                       `json:"SystemDataType,omitempty"`
	Options                 []RemoteCustomPropertyOption `json:"Options,omitempty"`
}

// RemoteCustomPropertyOption is an option of a custom property (max length,
// default, ...); see the CustomPropertyOption constants.
type RemoteCustomPropertyOption struct {
	CustomPropertyOptionID int    `json:"CustomPropertyOptionId"`
	Value                  string `json:"Value"`
}

// RemoteCustomList is a custom list of a template with its values.
type RemoteCustomList struct {
	CustomPropertyListID int                     `json:"CustomPropertyListId,omitempty"`
	ProjectTemplateID    int                     `json:"ProjectTemplateId"`
	Name                 string                  `json:"Name"`
	Active               bool                    `json:"Active"`
	SortedOnValue        bool                    `json:"SortedOnValue"`
	Values               []RemoteCustomListValue `json:"Values"`
}

// RemoteCustomListValue is one value of a custom list.
type RemoteCustomListValue struct {
	CustomPropertyValueID       int    `json:"CustomPropertyValueId,omitempty"`
	CustomPropertyListID        int    `json:"CustomPropertyListId"`
	Name                        string `json:"Name"`
	Active                      bool   `json:"Active"`
	ParentCustomPropertyValueID int    `json:"ParentCustomPropertyValueId,omitempty"`
}

// RemoteCustomValue is another name for RemoteCustomListValue.
type RemoteCustomValue = RemoteCustomListValue

// Associations and documents.

// RemoteAssociation links two artifacts.
type RemoteAssociation struct {
	ArtifactLinkID       int    `json:"ArtifactLinkId,omitempty"`
	SourceArtifactID     int    `json:"SourceArtifactId"`
	SourceArtifactTypeID int    `json:"SourceArtifactTypeId"`
	DestArtifactID       int    `json:"DestArtifactId"`
	DestArtifactTypeID   int    `json:"DestArtifactTypeId"`
	ArtifactLinkTypeID   int    `json:"ArtifactLinkTypeId"`
	CreatorID            int    `json:"CreatorId,omitempty"`
	Comment              string `json:"Comment,omitempty"`
	CreationDate         *Time  `json:"CreationDate,omitempty"`
	DestArtifactName     string `json:"DestArtifactName,omitempty"`
	DestArtifactTypeName string `json:"DestArtifactTypeName,omitempty"`
	CreatorName          string `json:"CreatorName,omitempty"`
	ArtifactLinkTypeName string `json:"ArtifactLinkTypeName,omitempty"`
}

// RemoteLinkedArtifact names an artifact a document is attached to.
type RemoteLinkedArtifact struct {
	ArtifactID     int    `json:"ArtifactId"`
	ArtifactTypeID int    `json:"ArtifactTypeId"`
	Name           string `json:"Name,omitempty"`
	Status         string `json:"Status,omitempty"`
}

// RemoteDocument is an attachment; for a URL document AttachmentTypeId is
// AttachmentTypeURL and FilenameOrUrl holds the URL.
type RemoteDocument struct {
	AttachmentID       int                    `json:"AttachmentId,omitempty"`
	ProjectID          int                    `json:"ProjectId,omitempty"`
	ArtifactTypeID     int                    `json:"ArtifactTypeId,omitempty"`
	AttachmentTypeID   int                    `json:"AttachmentTypeId"`
	DocumentTypeID     int                    `json:"DocumentTypeId,omitempty"`
	DocumentStatusID   int                    `json:"DocumentStatusId,omitempty"`
	AttachedArtifacts  []RemoteLinkedArtifact `json:"AttachedArtifacts"`
	AuthorID           int                    `json:"AuthorId,omitempty"`
	FilenameOrURL      string                 `json:"FilenameOrUrl"`
	Description        string                 `json:"Description,omitempty"`
	UploadDate         *Time                  `json:"UploadDate,omitempty"`
	EditedDate         *Time                  `json:"EditedDate,omitempty"`
	Size               int                    `json:"Size"`
	CurrentVersion     string                 `json:"CurrentVersion,omitempty"`
	AttachmentTypeName string                 `json:"AttachmentTypeName,omitempty"`
	AuthorName         string                 `json:"AuthorName,omitempty"`
}

// Filters.

// RemoteFilter filters a search. The server uses the first non-null of
// IntValue, StringValue, MultiValue, DateRangeValue. Custom properties are
// named "Custom_01".."Custom_30"; the other names the client uses are the
// Filter constants. Spira ignores a PropertyName it does not know and
// answers the unfiltered list.
type RemoteFilter struct {
	PropertyName   string            `json:"PropertyName"`
	IntValue       *int              `json:"IntValue,omitempty"`
	StringValue    *string           `json:"StringValue,omitempty"`
	MultiValue     *MultiValueFilter `json:"MultiValue,omitempty"`
	DateRangeValue *DateRange        `json:"DateRangeValue,omitempty"`
}

// MultiValueFilter matches any of Values (or no value at all with IsNone).
type MultiValueFilter struct {
	Values []int `json:"Values"`
	IsNone bool  `json:"IsNone"`
}

// DateRange is an inclusive date range; set ConsiderTimes for sync windows,
// otherwise only the dates are compared.
type DateRange struct {
	ConsiderTimes bool  `json:"ConsiderTimes"`
	StartDate     *Time `json:"StartDate"`
	EndDate       *Time `json:"EndDate"`
}

// FilterNull is the IntValue that matches a null field.
const FilterNull = -999

// Data sync.

// RemoteDataSyncSystem is a data-sync plug-in record (for Jira Cloud, Name
// "JiraDataSync"). ConnectionString is the Jira URL, Login/Password the Jira
// account and token. LastSyncDate is read-only on create and update: only
// the /success and /warning calls move it.
type RemoteDataSyncSystem struct {
	DataSyncSystemID   int    `json:"DataSyncSystemId,omitempty"`
	DataSyncStatusID   int    `json:"DataSyncStatusId,omitempty"`
	Name               string `json:"Name"`
	DisplayName        string `json:"DisplayName,omitempty"`
	Description        string `json:"Description,omitempty"`
	ConnectionString   string `json:"ConnectionString"`
	Login              string `json:"Login"`
	Password           string `json:"Password"`
	TimeOffsetHours    int    `json:"TimeOffsetHours"`
	LastSyncDate       *Time  `json:"LastSyncDate"`
	Custom01           string `json:"Custom01"`
	Custom02           string `json:"Custom02"`
	Custom03           string `json:"Custom03"`
	Custom04           string `json:"Custom04"`
	Custom05           string `json:"Custom05"`
	AutoMapUsers       bool   `json:"AutoMapUsers"`
	DataSyncStatusName string `json:"DataSyncStatusName,omitempty"`
	IsActive           bool   `json:"IsActive"`
}

// RemoteDataMapping is one mapping row: a Spira ID (InternalId) and the
// external value (ExternalKey). ProjectId is null for user mappings.
// Primary picks the Spira value used Jira -> Spira when several map to one
// external key.
type RemoteDataMapping struct {
	ProjectID   *int   `json:"ProjectId"`
	InternalID  int    `json:"InternalId"`
	ExternalKey string `json:"ExternalKey"`
	Primary     bool   `json:"Primary"`
}

// RemoteProjectArtifact lists, per product, the artifacts found by an
// artifact-mapping search.
type RemoteProjectArtifact struct {
	ProjectID   int   `json:"ProjectId"`
	ArtifactIDs []int `json:"ArtifactIds"`
}

// RemoteEvent is what data-syncs/events writes to Spira's event log.
type RemoteEvent struct {
	EventLogEntryType int    `json:"EventLogEntryType"`
	Message           string `json:"Message"`
	Details           string `json:"Details,omitempty"`
}

// RemoteEventLogEntry is an event-log entry as Spira returns it.
type RemoteEventLogEntry struct {
	EventID       string `json:"EventId"`
	EventTypeID   int    `json:"EventTypeId"`
	EventTypeName string `json:"EventTypeName,omitempty"`
	Message       string `json:"Message"`
	Details       string `json:"Details,omitempty"`
	EventTimeUtc  Time   `json:"EventTimeUtc"`
	EventCategory string `json:"EventCategory,omitempty"`
	EventCode     int    `json:"EventCode"`
}

// RemoteVersion is what system/product-version returns.
type RemoteVersion struct {
	Version string `json:"Version"`
	Patch   *int   `json:"Patch"`
}

// RemoteSetting is one system setting.
type RemoteSetting struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// ValidationFault is the body of a 400 with field messages.
type ValidationFault struct {
	Summary  string                   `json:"Summary"`
	Messages []ValidationFaultMessage `json:"Messages"`
}

// ValidationFaultMessage is one field message of a ValidationFault.
type ValidationFaultMessage struct {
	FieldName string `json:"FieldName"`
	Message   string `json:"Message"`
}
