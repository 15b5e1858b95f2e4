// Package datasync is the sync engine of spirajira: it does what Inflectra's
// JiraDataSync plug-in does, from the same mapping and the same state in
// Spira, so that a run from the terminal and Spira's own data-sync service
// can take turns on the same data.
//
// A run is Begin (the run's lock and lease), Load (a Snapshot of the mapping
// and of what changed on both sides since the last sync), Snapshot.Plan
// (pure: the Actions, each with its field-level before and after) and Apply
// (executes the plan in order, resolving placeholders, recording mappings
// as it goes, and returns a Report). Load and Apply keep the run protocol
// of Spira's data-sync host: Spira's server time is captured first, the
// plug-in's LastSyncDate is the watermark, and the captured time is posted
// back on success.
//
// Crash safety comes from a write-ahead journal of intents in the state
// directory and from the sync marker every Jira issue the engine creates
// carries (an issue property and a remote link globalId); both are
// reconciled at the start of the next run.
package datasync

import (
	"context"
	"io"
	"iter"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

// Spira is the part of Spira's REST API the engine uses. *spiraclient.Client
// implements it; tests may wrap it to count or break calls.
type Spira interface {
	BaseURL() string
	ServerDateTime(ctx context.Context) (time.Time, error)
	DataSync(ctx context.Context, id int) (*spiraclient.RemoteDataSyncSystem, error)
	DataSyncSuccess(ctx context.Context, id int, at time.Time) error
	DataSyncWarning(ctx context.Context, id int, at time.Time) error
	WriteEvent(ctx context.Context, e spiraclient.RemoteEvent) error
	Events(ctx context.Context, start, n int) ([]spiraclient.RemoteEventLogEntry, error)

	ArtifactMappings(ctx context.Context, projectID, dsid, artifactTypeID int) ([]spiraclient.RemoteDataMapping, error)
	AddArtifactMappings(ctx context.Context, projectID, dsid, artifactTypeID int, m []spiraclient.RemoteDataMapping) error
	RemoveArtifactMappings(ctx context.Context, projectID, dsid, artifactTypeID int, m []spiraclient.RemoteDataMapping) error

	NewIncidents(ctx context.Context, projectID int, since time.Time) iter.Seq2[spiraclient.RemoteIncident, error]
	IncidentsUpdatedSince(ctx context.Context, projectID int, t time.Time) iter.Seq2[spiraclient.RemoteIncident, error]
	IncidentsByIDs(ctx context.Context, projectID int, ids []int) ([]spiraclient.RemoteIncident, error)
	CreateIncident(ctx context.Context, projectID int, inc spiraclient.RemoteIncident) (*spiraclient.RemoteIncident, error)
	UpdateIncident(ctx context.Context, projectID int, inc spiraclient.RemoteIncident) error
	IncidentComments(ctx context.Context, projectID, incidentID int) ([]spiraclient.RemoteComment, error)
	AddIncidentComments(ctx context.Context, projectID, incidentID int, comments []spiraclient.RemoteComment) ([]spiraclient.RemoteComment, error)

	Requirement(ctx context.Context, projectID, requirementID int) (*spiraclient.RemoteRequirement, error)
	SearchRequirements(ctx context.Context, projectID int, filters []spiraclient.RemoteFilter) iter.Seq2[spiraclient.RemoteRequirement, error]
	CreateRequirement(ctx context.Context, projectID int, r spiraclient.RemoteRequirement, parentID int) (*spiraclient.RemoteRequirement, error)
	UpdateRequirement(ctx context.Context, projectID int, r spiraclient.RemoteRequirement) error
	RequirementComments(ctx context.Context, projectID, requirementID int) ([]spiraclient.RemoteComment, error)
	AddRequirementComment(ctx context.Context, projectID, requirementID int, cm spiraclient.RemoteComment) (*spiraclient.RemoteComment, error)

	NewTasks(ctx context.Context, projectID int, since time.Time) iter.Seq2[spiraclient.RemoteTask, error]
	TasksUpdatedSince(ctx context.Context, projectID int, t time.Time) iter.Seq2[spiraclient.RemoteTask, error]
	Task(ctx context.Context, projectID, taskID int) (*spiraclient.RemoteTask, error)
	CreateTask(ctx context.Context, projectID int, t spiraclient.RemoteTask) (*spiraclient.RemoteTask, error)
	UpdateTask(ctx context.Context, projectID int, t spiraclient.RemoteTask) error
	TaskComments(ctx context.Context, projectID, taskID int) ([]spiraclient.RemoteComment, error)
	AddTaskComment(ctx context.Context, projectID, taskID int, cm spiraclient.RemoteComment) (*spiraclient.RemoteComment, error)

	Releases(ctx context.Context, projectID int) ([]spiraclient.RemoteRelease, error)
	CreateRelease(ctx context.Context, projectID int, r spiraclient.RemoteRelease, parentID int) (*spiraclient.RemoteRelease, error)
	Associations(ctx context.Context, projectID, artifactTypeID, artifactID int) ([]spiraclient.RemoteAssociation, error)
	ProjectUsers(ctx context.Context, projectID int) ([]spiraclient.RemoteProjectUser, error)
	CurrentUser(ctx context.Context) (*spiraclient.RemoteUser, error)
	Project(ctx context.Context, projectID int) (*spiraclient.RemoteProject, error)
	CustomProperties(ctx context.Context, templateID, artifactTypeID int) ([]spiraclient.RemoteCustomProperty, error)

	// Attachments (attachments.go).
	ArtifactDocuments(ctx context.Context, projectID, artifactTypeID, artifactID int) ([]spiraclient.RemoteDocument, error)
	AddFileDocument(ctx context.Context, projectID int, d spiraclient.RemoteDocument, r io.Reader) (*spiraclient.RemoteDocument, error)
	OpenDocument(ctx context.Context, projectID, documentID int) (io.ReadCloser, error)
}

// Jira is the part of Jira Cloud's REST API the engine uses.
// *jiraclient.Client implements it.
type Jira interface {
	SiteURL() string
	BrowseURL(key string) string
	Myself(ctx context.Context) (*jiraclient.User, error)
	ServerInfo(ctx context.Context) (*jiraclient.ServerInfo, error)
	Project(ctx context.Context, keyOrID string) (*jiraclient.Project, error)
	SearchPage(ctx context.Context, req jiraclient.SearchRequest) (*jiraclient.SearchPage, error)
	GetIssue(ctx context.Context, idOrKey string, o jiraclient.IssueOptions) (*jiraclient.Issue, error)
	Comments(ctx context.Context, idOrKey string) iter.Seq2[jiraclient.Comment, error]
	CreateIssue(ctx context.Context, u jiraclient.IssueUpdate) (*jiraclient.CreatedIssue, error)
	EditIssue(ctx context.Context, idOrKey string, u jiraclient.IssueUpdate) error
	Transitions(ctx context.Context, idOrKey string) ([]jiraclient.Transition, error)
	DoTransition(ctx context.Context, idOrKey string, t jiraclient.DoTransition) error
	AddComment(ctx context.Context, idOrKey string, cm jiraclient.Comment) (*jiraclient.Comment, error)
	LinkIssues(ctx context.Context, l jiraclient.NewIssueLink) error
	UpsertRemoteLink(ctx context.Context, idOrKey string, l jiraclient.RemoteLink) (*jiraclient.RemoteLinkID, error)
	Versions(ctx context.Context, projectKeyOrID string) ([]jiraclient.Version, error)
	CreateVersion(ctx context.Context, v jiraclient.Version) (*jiraclient.Version, error)
	SearchUsers(ctx context.Context, query string, maxResults int) ([]jiraclient.User, error)
	CreateMetaFields(ctx context.Context, projectKeyOrID, issueTypeID string) ([]jiraclient.FieldMeta, error)

	// Attachments (attachments.go).
	AttachmentSettings(ctx context.Context) (*jiraclient.AttachmentSettings, error)
	IssueAttachments(ctx context.Context, idOrKey string) ([]jiraclient.Attachment, error)
	DownloadAttachment(ctx context.Context, id string) (io.ReadCloser, error)
	UploadAttachment(ctx context.Context, idOrKey, filename string, r io.Reader) ([]jiraclient.Attachment, error)
}

var (
	_ Spira = (*spiraclient.Client)(nil)
	_ Jira  = (*jiraclient.Client)(nil)
)
