package spiratest

import (
	"bytes"
	"fmt"
	"time"
)

// The simulator's own JSON shapes, written from Spira's DTO field list and
// deliberately not shared with spiraclient, so that a mistake in one is
// caught by the other's tests.

// stamp is a Spira date: written as yyyy-MM-ddTHH:mm:ss.fffZ in UTC, read
// as ISO 8601 where a date without a zone is UTC (Spira parses with
// AssumeUniversal).
type stamp struct{ t time.Time }

const stampLayout = "2006-01-02T15:04:05.000Z"

func at(t time.Time) *stamp { return &stamp{t.UTC()} }

func (s stamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + s.t.UTC().Format(stampLayout) + `"`), nil
}

func (s *stamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) < 2 || b[0] != '"' {
		return fmt.Errorf("a date must be a JSON string")
	}
	t, err := parseStamp(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	s.t = t
	return nil
}

type wUser struct {
	UserId        int     `json:"UserId"`
	FirstName     string  `json:"FirstName"`
	LastName      string  `json:"LastName"`
	MiddleInitial *string `json:"MiddleInitial"`
	UserName      string  `json:"UserName"`
	LdapDn        *string `json:"LdapDn"`
	EmailAddress  string  `json:"EmailAddress"`
	Admin         bool    `json:"Admin"`
	Active        bool    `json:"Active"`
	Department    *string `json:"Department"`
	Approved      bool    `json:"Approved"`
	Locked        bool    `json:"Locked"`
	RssToken      *string `json:"RssToken"`
	FullName      string  `json:"FullName"`
}

type wProjectUser struct {
	wUser
	ProjectId       int    `json:"ProjectId"`
	ProjectRoleId   int    `json:"ProjectRoleId"`
	ProjectRoleName string `json:"ProjectRoleName"`
}

type wProject struct {
	ProjectId         int     `json:"ProjectId"`
	ProjectTemplateId int     `json:"ProjectTemplateId"`
	ProjectGroupId    int     `json:"ProjectGroupId"`
	Name              string  `json:"Name"`
	Description       *string `json:"Description"`
	Website           *string `json:"Website"`
	CreationDate      stamp   `json:"CreationDate"`
	Active            bool    `json:"Active"`
	WorkingHours      int     `json:"WorkingHours"`
	WorkingDays       int     `json:"WorkingDays"`
	NonWorkingHours   int     `json:"NonWorkingHours"`
	StartDate         *stamp  `json:"StartDate"`
	EndDate           *stamp  `json:"EndDate"`
	PercentComplete   int     `json:"PercentComplete"`
}

type wTemplate struct {
	ProjectTemplateId int     `json:"ProjectTemplateId"`
	Name              string  `json:"Name"`
	Description       *string `json:"Description"`
	IsActive          bool    `json:"IsActive"`
}

type wComponent struct {
	ComponentId *int   `json:"ComponentId"`
	ProjectId   int    `json:"ProjectId"`
	Name        string `json:"Name"`
	IsActive    bool   `json:"IsActive"`
	IsDeleted   bool   `json:"IsDeleted"`
}

type wDefinitionRef struct {
	CustomPropertyId  int `json:"CustomPropertyId"`
	ProjectTemplateId int `json:"ProjectTemplateId"`
	ArtifactTypeId    int `json:"ArtifactTypeId"`
}

type wCPValue struct {
	PropertyNumber   int      `json:"PropertyNumber"`
	StringValue      *string  `json:"StringValue"`
	IntegerValue     *int     `json:"IntegerValue"`
	BooleanValue     *bool    `json:"BooleanValue"`
	DateTimeValue    *stamp   `json:"DateTimeValue"`
	DecimalValue     *float64 `json:"DecimalValue"`
	IntegerListValue []int    `json:"IntegerListValue"`
	Definition       *wCPDef  `json:"Definition"`
}

// wArtifact holds the fields every artifact has (Spira's RemoteArtifact).
type wArtifact struct {
	ProjectId        int        `json:"ProjectId"`
	ArtifactTypeId   int        `json:"ArtifactTypeId"`
	ConcurrencyDate  *stamp     `json:"ConcurrencyDate"`
	CustomProperties []wCPValue `json:"CustomProperties"`
	IsAttachments    bool       `json:"IsAttachments"`
	Tags             *string    `json:"Tags"`
}

type wIncident struct {
	IncidentId *int `json:"IncidentId"`
	wArtifact
	PriorityId        *int    `json:"PriorityId"`
	SeverityId        *int    `json:"SeverityId"`
	IncidentStatusId  *int    `json:"IncidentStatusId"`
	IncidentTypeId    *int    `json:"IncidentTypeId"`
	OpenerId          *int    `json:"OpenerId"`
	OwnerId           *int    `json:"OwnerId"`
	TestRunStepIds    []int   `json:"TestRunStepIds"`
	DetectedReleaseId *int    `json:"DetectedReleaseId"`
	ResolvedReleaseId *int    `json:"ResolvedReleaseId"`
	VerifiedReleaseId *int    `json:"VerifiedReleaseId"`
	ComponentIds      []int   `json:"ComponentIds"`
	Name              string  `json:"Name"`
	Description       *string `json:"Description"`
	CreationDate      *stamp  `json:"CreationDate"`
	StartDate         *stamp  `json:"StartDate"`
	EndDate           *stamp  `json:"EndDate"`
	ClosedDate        *stamp  `json:"ClosedDate"`
	CompletionPercent int     `json:"CompletionPercent"`
	EstimatedEffort   *int    `json:"EstimatedEffort"`
	ActualEffort      *int    `json:"ActualEffort"`
	RemainingEffort   *int    `json:"RemainingEffort"`
	ProjectedEffort   *int    `json:"ProjectedEffort"`
	LastUpdateDate    *stamp  `json:"LastUpdateDate"`
	FixedBuildId      *int    `json:"FixedBuildId"`
	DetectedBuildId   *int    `json:"DetectedBuildId"`

	PriorityName                 *string `json:"PriorityName"`
	SeverityName                 *string `json:"SeverityName"`
	IncidentStatusName           *string `json:"IncidentStatusName"`
	IncidentTypeName             *string `json:"IncidentTypeName"`
	OpenerName                   *string `json:"OpenerName"`
	OwnerName                    *string `json:"OwnerName"`
	ProjectName                  *string `json:"ProjectName"`
	DetectedReleaseVersionNumber *string `json:"DetectedReleaseVersionNumber"`
	ResolvedReleaseVersionNumber *string `json:"ResolvedReleaseVersionNumber"`
	VerifiedReleaseVersionNumber *string `json:"VerifiedReleaseVersionNumber"`
	IncidentStatusOpenStatus     bool    `json:"IncidentStatusOpenStatus"`
}

type wRequirement struct {
	RequirementId *int `json:"RequirementId"`
	wArtifact
	IndentLevel       string   `json:"IndentLevel"`
	StatusId          *int     `json:"StatusId"`
	RequirementTypeId *int     `json:"RequirementTypeId"`
	AuthorId          *int     `json:"AuthorId"`
	OwnerId           *int     `json:"OwnerId"`
	ImportanceId      *int     `json:"ImportanceId"`
	ReleaseId         *int     `json:"ReleaseId"`
	ComponentId       *int     `json:"ComponentId"`
	Name              string   `json:"Name"`
	Description       *string  `json:"Description"`
	CreationDate      *stamp   `json:"CreationDate"`
	LastUpdateDate    *stamp   `json:"LastUpdateDate"`
	Summary           bool     `json:"Summary"`
	EstimatePoints    *float64 `json:"EstimatePoints"`
	StartDate         *stamp   `json:"StartDate"`
	EndDate           *stamp   `json:"EndDate"`
	PercentComplete   *int     `json:"PercentComplete"`

	ReleaseVersionNumber *string `json:"ReleaseVersionNumber"`
	AuthorName           *string `json:"AuthorName"`
	OwnerName            *string `json:"OwnerName"`
	StatusName           *string `json:"StatusName"`
	ImportanceName       *string `json:"ImportanceName"`
	ProjectName          *string `json:"ProjectName"`
	RequirementTypeName  *string `json:"RequirementTypeName"`
}

type wRelease struct {
	ReleaseId *int `json:"ReleaseId"`
	wArtifact
	CreatorId       *int    `json:"CreatorId"`
	OwnerId         *int    `json:"OwnerId"`
	IndentLevel     string  `json:"IndentLevel"`
	Name            string  `json:"Name"`
	Description     *string `json:"Description"`
	VersionNumber   string  `json:"VersionNumber"`
	CreationDate    *stamp  `json:"CreationDate"`
	LastUpdateDate  *stamp  `json:"LastUpdateDate"`
	Summary         bool    `json:"Summary"`
	Active          bool    `json:"Active"`
	ReleaseStatusId int     `json:"ReleaseStatusId"`
	ReleaseTypeId   int     `json:"ReleaseTypeId"`
	StartDate       *stamp  `json:"StartDate"`
	EndDate         *stamp  `json:"EndDate"`
	ResourceCount   float64 `json:"ResourceCount"`
	DaysNonWorking  float64 `json:"DaysNonWorking"`
	PercentComplete int     `json:"PercentComplete"`

	OwnerName         *string `json:"OwnerName"`
	CreatorName       *string `json:"CreatorName"`
	FullName          string  `json:"FullName"`
	ReleaseStatusName string  `json:"ReleaseStatusName"`
	ReleaseTypeName   string  `json:"ReleaseTypeName"`
}

type wComment struct {
	CommentId    *int   `json:"CommentId"`
	ArtifactId   int    `json:"ArtifactId"`
	UserId       *int   `json:"UserId"`
	UserName     string `json:"UserName"`
	Text         string `json:"Text"`
	CreationDate *stamp `json:"CreationDate"`
	IsDeleted    bool   `json:"IsDeleted"`
	IsPermanent  bool   `json:"IsPermanent"`
}

type wAssociation struct {
	ArtifactLinkId       *int    `json:"ArtifactLinkId"`
	SourceArtifactId     int     `json:"SourceArtifactId"`
	SourceArtifactTypeId int     `json:"SourceArtifactTypeId"`
	DestArtifactId       int     `json:"DestArtifactId"`
	DestArtifactTypeId   int     `json:"DestArtifactTypeId"`
	ArtifactLinkTypeId   int     `json:"ArtifactLinkTypeId"`
	CreatorId            *int    `json:"CreatorId"`
	Comment              *string `json:"Comment"`
	CreationDate         *stamp  `json:"CreationDate"`
	DestArtifactName     string  `json:"DestArtifactName"`
	DestArtifactTypeName string  `json:"DestArtifactTypeName"`
	CreatorName          string  `json:"CreatorName"`
	ArtifactLinkTypeName string  `json:"ArtifactLinkTypeName"`
}

type wLinked struct {
	ArtifactId     int    `json:"ArtifactId"`
	ArtifactTypeId int    `json:"ArtifactTypeId"`
	Name           string `json:"Name"`
	Status         string `json:"Status"`
}

type wDocument struct {
	AttachmentId       *int      `json:"AttachmentId"`
	ProjectId          int       `json:"ProjectId"`
	ArtifactTypeId     int       `json:"ArtifactTypeId"`
	AttachmentTypeId   int       `json:"AttachmentTypeId"`
	DocumentTypeId     *int      `json:"DocumentTypeId"`
	DocumentStatusId   *int      `json:"DocumentStatusId"`
	AttachedArtifacts  []wLinked `json:"AttachedArtifacts"`
	AuthorId           *int      `json:"AuthorId"`
	FilenameOrUrl      string    `json:"FilenameOrUrl"`
	Description        *string   `json:"Description"`
	UploadDate         *stamp    `json:"UploadDate"`
	EditedDate         *stamp    `json:"EditedDate"`
	Size               int       `json:"Size"`
	CurrentVersion     string    `json:"CurrentVersion"`
	AttachmentTypeName string    `json:"AttachmentTypeName"`
	AuthorName         string    `json:"AuthorName"`
}

type wIncidentType struct {
	IncidentTypeId int    `json:"IncidentTypeId"`
	Name           string `json:"Name"`
	Active         bool   `json:"Active"`
	Issue          bool   `json:"Issue"`
	Risk           bool   `json:"Risk"`
	WorkflowId     int    `json:"WorkflowId"`
}

type wIncidentStatus struct {
	IncidentStatusId int    `json:"IncidentStatusId"`
	Name             string `json:"Name"`
	Active           bool   `json:"Active"`
	Open             bool   `json:"Open"`
}

type wScored struct {
	id     int
	Name   string
	Active bool
	Color  string
	Score  int
}

type wReqStatus struct {
	RequirementStatusId int    `json:"RequirementStatusId"`
	Name                string `json:"Name"`
	Active              bool   `json:"Active"`
	Position            int    `json:"Position"`
}

type wReqType struct {
	RequirementTypeId int    `json:"RequirementTypeId"`
	Name              string `json:"Name"`
	WorkflowId        *int   `json:"WorkflowId"`
	IsActive          bool   `json:"IsActive"`
	IsDefault         bool   `json:"IsDefault"`
	IsSteps           bool   `json:"IsSteps"`
}

type wPositioned struct {
	id       int
	Name     string
	Active   bool
	Position int
}

type wTransition struct {
	ExecuteByDetector         bool   `json:"ExecuteByDetector"`
	ExecuteByOwner            bool   `json:"ExecuteByOwner"`
	IncidentStatusId_Input    int    `json:"IncidentStatusId_Input"`
	IncidentStatusName_Input  string `json:"IncidentStatusName_Input"`
	IncidentStatusId_Output   int    `json:"IncidentStatusId_Output"`
	IncidentStatusName_Output string `json:"IncidentStatusName_Output"`
	Name                      string `json:"Name"`
	TransitionId              int    `json:"TransitionId"`
	WorkflowId                int    `json:"WorkflowId"`
}

type wWorkflowField struct {
	FieldId      int    `json:"FieldId"`
	FieldName    string `json:"FieldName"`
	FieldCaption string `json:"FieldCaption"`
	FieldStateId int    `json:"FieldStateId"`
}

type wWorkflowCP struct {
	CustomPropertyId int    `json:"CustomPropertyId"`
	FieldName        string `json:"FieldName"`
	FieldStateId     int    `json:"FieldStateId"`
}

type wCPDef struct {
	CustomPropertyId        int          `json:"CustomPropertyId"`
	ProjectTemplateId       int          `json:"ProjectTemplateId"`
	ArtifactTypeId          int          `json:"ArtifactTypeId"`
	Name                    string       `json:"Name"`
	CustomList              *wCustomList `json:"CustomList"`
	CustomPropertyFieldName string       `json:"CustomPropertyFieldName"`
	CustomPropertyTypeId    int          `json:"CustomPropertyTypeId"`
	CustomPropertyTypeName  string       `json:"CustomPropertyTypeName"`
	IsDeleted               bool         `json:"IsDeleted"`
	PropertyNumber          int          `json:"PropertyNumber"`
	SystemDataType          string       `json:"SystemDataType"`
	Options                 []wCPOption  `json:"Options"`
}

type wCPOption struct {
	CustomPropertyOptionId int    `json:"CustomPropertyOptionId"`
	Value                  string `json:"Value"`
}

type wCustomList struct {
	CustomPropertyListId int            `json:"CustomPropertyListId"`
	ProjectTemplateId    int            `json:"ProjectTemplateId"`
	Name                 string         `json:"Name"`
	Active               bool           `json:"Active"`
	SortedOnValue        bool           `json:"SortedOnValue"`
	Values               []wCustomValue `json:"Values"`
}

type wCustomValue struct {
	CustomPropertyValueId       int    `json:"CustomPropertyValueId"`
	CustomPropertyListId        int    `json:"CustomPropertyListId"`
	Name                        string `json:"Name"`
	Active                      bool   `json:"Active"`
	ParentCustomPropertyValueId *int   `json:"ParentCustomPropertyValueId"`
}

type wDataSync struct {
	DataSyncSystemId   int     `json:"DataSyncSystemId"`
	DataSyncStatusId   int     `json:"DataSyncStatusId"`
	Name               string  `json:"Name"`
	DisplayName        string  `json:"DisplayName"`
	Description        *string `json:"Description"`
	ConnectionString   string  `json:"ConnectionString"`
	Login              string  `json:"Login"`
	Password           string  `json:"Password"`
	TimeOffsetHours    int     `json:"TimeOffsetHours"`
	LastSyncDate       *stamp  `json:"LastSyncDate"`
	Custom01           *string `json:"Custom01"`
	Custom02           *string `json:"Custom02"`
	Custom03           *string `json:"Custom03"`
	Custom04           *string `json:"Custom04"`
	Custom05           *string `json:"Custom05"`
	AutoMapUsers       bool    `json:"AutoMapUsers"`
	DataSyncStatusName string  `json:"DataSyncStatusName"`
	IsActive           bool    `json:"IsActive"`
}

type wMapping struct {
	ProjectId   *int   `json:"ProjectId"`
	InternalId  int    `json:"InternalId"`
	ExternalKey string `json:"ExternalKey"`
	Primary     *bool  `json:"Primary"`
}

type wProjectArtifact struct {
	ProjectId   int   `json:"ProjectId"`
	ArtifactIds []int `json:"ArtifactIds"`
}

type wEventIn struct {
	EventLogEntryType int    `json:"EventLogEntryType"`
	Message           string `json:"Message"`
	Details           string `json:"Details"`
}

type wEvent struct {
	EventId       string `json:"EventId"`
	EventTypeId   int    `json:"EventTypeId"`
	EventTypeName string `json:"EventTypeName"`
	Message       string `json:"Message"`
	Details       string `json:"Details"`
	EventTimeUtc  stamp  `json:"EventTimeUtc"`
	EventCategory string `json:"EventCategory"`
	EventCode     int    `json:"EventCode"`
}

type wFilter struct {
	PropertyName string  `json:"PropertyName"`
	IntValue     *int    `json:"IntValue"`
	StringValue  *string `json:"StringValue"`
	MultiValue   *struct {
		Values []int `json:"Values"`
		IsNone bool  `json:"IsNone"`
	} `json:"MultiValue"`
	DateRangeValue *struct {
		ConsiderTimes bool   `json:"ConsiderTimes"`
		StartDate     *stamp `json:"StartDate"`
		EndDate       *stamp `json:"EndDate"`
	} `json:"DateRangeValue"`
}

type wVersion struct {
	Version string `json:"Version"`
	Patch   *int   `json:"Patch"`
}

type wFault struct {
	Summary  string          `json:"Summary"`
	Messages []wFaultMessage `json:"Messages"`
}

type wFaultMessage struct {
	FieldName string `json:"FieldName"`
	Message   string `json:"Message"`
}

func sp(s string) *string { return &s }
func ip(i int) *int       { return &i }
func bp(b bool) *bool     { return &b }
