package spiraclient

// Artifact type IDs.
const (
	ArtifactTypeRequirement = 1
	ArtifactTypeTestCase    = 2
	ArtifactTypeIncident    = 3
	ArtifactTypeRelease     = 4
	ArtifactTypeTestRun     = 5
	ArtifactTypeTask        = 6
	ArtifactTypeTestStep    = 7
	ArtifactTypeTestSet     = 8
	ArtifactTypeDocument    = 13
	ArtifactTypeRisk        = 14
	ArtifactTypeProject     = -1
	ArtifactTypeUser        = -3
)

// ArtifactTypeName returns the name Spira accepts in
// project-templates/{tid}/custom-properties/{artifact_type_name}.
func ArtifactTypeName(id int) string {
	switch id {
	case ArtifactTypeRequirement:
		return "Requirement"
	case ArtifactTypeTestCase:
		return "TestCase"
	case ArtifactTypeIncident:
		return "Incident"
	case ArtifactTypeRelease:
		return "Release"
	case ArtifactTypeTestRun:
		return "TestRun"
	case ArtifactTypeTask:
		return "Task"
	case ArtifactTypeTestStep:
		return "TestStep"
	case ArtifactTypeTestSet:
		return "TestSet"
	case ArtifactTypeDocument:
		return "Document"
	case ArtifactTypeRisk:
		return "Risk"
	}
	return ""
}

// Artifact field IDs used by field-value mappings.
const (
	FieldIncidentSeverity      = 1
	FieldIncidentPriority      = 2
	FieldIncidentStatus        = 3
	FieldIncidentType          = 4
	FieldIncidentComponent     = 148
	FieldRequirementStatus     = 16
	FieldRequirementImportance = 18
	FieldRequirementType       = 140
	FieldRequirementComponent  = 141
	FieldTaskStatus            = 57
	FieldTaskPriority          = 59
	FieldTaskType              = 145
	FieldTaskComponent         = 147
)

// MappableFields lists, in screen order, the field IDs the Jira plug-in
// reads field-value mappings for.
var MappableFields = []int{
	FieldIncidentType, FieldIncidentStatus, FieldIncidentPriority, FieldIncidentSeverity, FieldIncidentComponent,
	FieldRequirementStatus, FieldRequirementImportance, FieldRequirementType, FieldRequirementComponent,
}

// FieldName returns Spira's name of a mappable artifact field.
func FieldName(fieldID int) string {
	switch fieldID {
	case FieldIncidentSeverity:
		return "SeverityId"
	case FieldIncidentPriority:
		return "PriorityId"
	case FieldIncidentStatus:
		return "IncidentStatusId"
	case FieldIncidentType:
		return "IncidentTypeId"
	case FieldIncidentComponent:
		return "ComponentIds"
	case FieldRequirementStatus:
		return "RequirementStatusId"
	case FieldRequirementImportance:
		return "ImportanceId"
	case FieldRequirementType:
		return "RequirementTypeId"
	case FieldRequirementComponent:
		return "ComponentId"
	case FieldTaskStatus:
		return "TaskStatusId"
	case FieldTaskPriority:
		return "TaskPriorityId"
	case FieldTaskType:
		return "TaskTypeId"
	case FieldTaskComponent:
		return "ComponentId"
	}
	return ""
}

// Custom property type IDs.
const (
	CustomPropertyTypeText      = 1
	CustomPropertyTypeInteger   = 2
	CustomPropertyTypeDecimal   = 3
	CustomPropertyTypeBoolean   = 4
	CustomPropertyTypeDate      = 5
	CustomPropertyTypeList      = 6
	CustomPropertyTypeMultiList = 7
	CustomPropertyTypeUser      = 8
	// CustomPropertyTypeRelease is a release ID in IntegerValue (v7; the ID
	// is a v7 client's, and whether REST writes such values is not known).
	CustomPropertyTypeRelease = 10
)

// Custom property option IDs.
const (
	CustomPropertyOptionAllowEmpty = 1
	CustomPropertyOptionMaxLength  = 2
	CustomPropertyOptionMinLength  = 3
	CustomPropertyOptionRichText   = 4
	CustomPropertyOptionDefault    = 5
	CustomPropertyOptionMaxValue   = 6
	CustomPropertyOptionMinValue   = 7
	CustomPropertyOptionPrecision  = 8
)

// Data-sync run status IDs (DataSyncStatusId).
const (
	DataSyncStatusSuccess = 1
	DataSyncStatusFailure = 2
	DataSyncStatusWarning = 3
	DataSyncStatusNotRun  = 4
)

// Event log entry types (EventLogEntryType, EventTypeId).
const (
	EventError        = 1
	EventWarning      = 2
	EventInformation  = 4
	EventSuccessAudit = 8
	EventFailureAudit = 16
)

// Association (artifact link) types.
const (
	LinkRelatedTo        = 1
	LinkDependentOn      = 2
	LinkImplicit         = 3
	LinkSourceCodeCommit = 4
)

// Release statuses and types of the default template.
const (
	ReleaseStatusPlanned    = 1
	ReleaseStatusInProgress = 2
	ReleaseStatusCompleted  = 3
	ReleaseStatusClosed     = 4
	ReleaseStatusDeferred   = 5
	ReleaseStatusCancelled  = 6

	ReleaseTypeMajor     = 1
	ReleaseTypeMinor     = 2
	ReleaseTypeIteration = 3
	ReleaseTypePhase     = 4
)

// Attachment types.
const (
	AttachmentTypeFile = 1
	AttachmentTypeURL  = 2
)

// DataSyncName is the plug-in record name the Jira Cloud plug-in requires.
const DataSyncName = "JiraDataSync"

// MaxPageSize is the largest number_rows Spira honours.
const MaxPageSize = 500
