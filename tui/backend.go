package tui

import (
	"context"
	"time"
)

// Backend is everything the TUI needs from the rest of spirajira. Each screen
// sees only its own part, so a model test can feed a screen data without
// HTTP. Methods taking a context may be called from a command's goroutine and
// must not touch the TUI's state.
type Backend interface {
	ConnectionsBackend
	JiraBackend
	MappingBackend
	SyncBackend
}

// ConnectionsBackend serves the Connections screen.
type ConnectionsBackend interface {
	// ConnectionInfo describes the configured sites; secrets come back masked.
	ConnectionInfo(ctx context.Context) (ConnectionInfo, error)
	// TestConnections asks each side who the credentials belong to.
	TestConnections(ctx context.Context) (Identity, error)
	// Doctor runs the doctor's checks.
	Doctor(ctx context.Context) (DoctorReport, error)
	// SaveConnection checks and stores edited connection settings; an empty
	// secret keeps the stored one.
	SaveConnection(ctx context.Context, edit ConnectionEdit) error
}

// ConnectionEdit is what the Connections form submits.
type ConnectionEdit struct {
	JiraSite, JiraEmail, JiraToken    string
	SpiraURL, SpiraLogin, SpiraAPIKey string
	PluginName                        string
}

// ConnectionInfo is what the Connections screen shows.
type ConnectionInfo struct {
	Profile string
	Sandbox bool
	// Fixed is true when the settings cannot be edited here (the demo's
	// sandbox): the screen says so instead of offering a form.
	Fixed bool

	JiraSite, JiraEmail, JiraToken    string // token masked
	SpiraURL, SpiraLogin, SpiraAPIKey string // API key masked

	Plugin PluginInfo
}

// PluginInfo is Spira's data-sync plug-in record.
type PluginInfo struct {
	Name string
	// Err says why the record could not be read (Found is then unknown).
	Err      string
	Found    bool
	Active   bool
	LastSync string
	Settings []Setting
}

// Setting is one labelled value.
type Setting struct{ Label, Value string }

// Identity says who the credentials belong to on each side.
type Identity struct {
	Jira, Spira       string
	JiraErr, SpiraErr string
}

// DoctorReport is the doctor's verdict, check by check.
type DoctorReport struct{ Checks []DoctorCheck }

// DoctorCheck is one line of the doctor's report.
type DoctorCheck struct {
	Name    string
	Verdict Verdict
	Detail  string
	Fix     string
	// Details are supporting lines: the event log's errors, the mapping's
	// first problems.
	Details []string
}

// Verdict is the outcome of one check.
type Verdict int

// Verdicts, from best to worst.
const (
	VerdictOK Verdict = iota
	VerdictWarn
	VerdictFail
	VerdictSkip
)

func (v Verdict) String() string {
	switch v {
	case VerdictOK:
		return "ok"
	case VerdictWarn:
		return "warn"
	case VerdictFail:
		return "FAIL"
	default:
		return "skip"
	}
}

// JiraBackend serves the Jira screen.
type JiraBackend interface {
	Projects(ctx context.Context) ([]JiraProject, error)
	// Catalog returns everything the Configuration Helper shows for a project.
	Catalog(ctx context.Context, projectKey string) (Catalog, error)
}

// JiraProject is one entry of the project picker.
type JiraProject struct{ ID, Key, Name string }

// Catalog is one project's IDs, one tab per kind.
type Catalog struct {
	Project string
	Tabs    []CatalogTab
	Notes   []string // e.g. which parts came from createmeta
}

// CatalogTab is one kind of ID: the first column is the ID.
type CatalogTab struct {
	Name    string
	Columns []string
	Rows    []CatalogRow
}

// CatalogRow is one row of a tab with the lines of its detail pane.
type CatalogRow struct {
	Cells  []string
	Detail []string
}

// MappingBackend serves the Mapping screen.
type MappingBackend interface {
	Products(ctx context.Context) ([]SpiraProduct, error)
	OpenMapping(ctx context.Context, productID int) (MappingEditor, error)
	// OpenMappingFile edits the mapping read from a mapping.yaml (data),
	// checked against the Spira product and the Jira project it names.
	OpenMappingFile(ctx context.Context, data []byte) (MappingEditor, error)
}

// SpiraProduct is one entry of the product picker.
type SpiraProduct struct {
	ID   int
	Name string
}

// MappingEditor is one product's mapping being edited. Its plain methods run
// on the UI goroutine; the ones with a context run in a command on a Clone.
type MappingEditor interface {
	// Product is the Spira product the mapping belongs to.
	Product() SpiraProduct
	Categories() []MappingCategory
	// Choices lists the Jira values a row of the category may take.
	Choices(category, spiraID string) []Choice
	SetJira(category, spiraID, jiraID string) error
	TogglePrimary(category, spiraID string) error
	Problems() []Problem
	Proposals() []Proposal
	Accept(p Proposal) error
	// Pushed records a push's result, whose sheet Verify and ApplySheet use.
	Pushed(res PushResult)
	Clone() MappingEditor

	Diff(ctx context.Context) ([]DiffLine, error)
	// Push writes what Spira's API can write; a mapping with validation
	// errors is refused unless force (the user confirmed with the errors
	// shown).
	Push(ctx context.Context, force bool) (PushResult, error)
	Verify(ctx context.Context) ([]SheetItem, error)
	// Format is the mapping as mapping.yaml holds it; the screen writes it.
	Format() ([]byte, error)
	// CanApplySheet is true only in the sandbox, where the sheet can be
	// applied to the simulated Spira for the user.
	CanApplySheet() bool
	ApplySheet(ctx context.Context) error
}

// MappingCategory is one group of rows: incident status, releases, ...
type MappingCategory struct {
	Key, Title string
	Rows       []MappingRow
	// Primary says whether the Primary flag applies to this category.
	Primary bool
	// Settings: the rows are settings, not mappings (an empty one is "not
	// set", not "unmapped").
	Settings bool
	// ReadOnly: the rows are shown, not edited (what other rows decide).
	ReadOnly bool
}

// MappingRow maps one Spira value to one Jira value.
type MappingRow struct {
	SpiraID, SpiraName string
	JiraID, JiraName   string
	Primary            bool
	// Text: the value is typed in, not picked (SetJira takes the text).
	Text bool
	// Hint says what to type, for a Text row.
	Hint string
}

// Choice is one Jira value offered by the picker.
type Choice struct{ ID, Name, Hint string }

// Problem is one validation finding.
type Problem struct {
	Error    bool // else a warning
	Category string
	SpiraID  string
	Message  string
	Fix      string
}

// Proposal is one auto-mapping suggestion.
type Proposal struct {
	Category           string
	SpiraID, SpiraName string
	JiraID, JiraName   string
	Confidence         float64
	Reason             string
	// Raw is the mapping package's own proposal, handed back to Accept.
	Raw any
}

// DiffLine is one line of a diff: Op is '+', '-', '~' or ' '.
type DiffLine struct {
	Op   byte
	Text string
}

// PushResult says what push wrote and what is left for an administrator.
type PushResult struct {
	Written []string
	Sheet   []SheetItem
	// Raw is the mapping package's own result, handed back to Pushed.
	Raw any
}

// SheetItem is one line of the setup sheet.
type SheetItem struct {
	Screen string
	// Where is how to reach the screen in Spira.
	Where string
	Text  string
	Done  bool
	Note  string // what differs, after verify
}

// SyncBackend serves the Sync screen.
type SyncBackend interface {
	// Plan computes the dry-run.
	Plan(ctx context.Context, productID int, o PlanOptions) (SyncPlan, error)
	// RunSync applies a plan, calling progress from its own goroutine.
	RunSync(ctx context.Context, plan SyncPlan, progress func(SyncProgress)) (SyncReport, error)
	// Products lists the Spira products, for the name of the one synced.
	Products(ctx context.Context) ([]SpiraProduct, error)
}

// PlanOptions are what a dry-run is computed with.
type PlanOptions struct {
	// Force plans even when Spira's own data-sync service ran the
	// plug-in within its polling window.
	Force bool
	// LinkSameNames accepts the plan's same-name link proposals.
	LinkSameNames bool
	// ConflictWinner is who wins a field changed on both sides: "jira"
	// (the default) or "spira", as sync --conflicts.
	ConflictWinner string
	// PollWindow is the polling interval of Spira's data-sync service, as
	// sync --poll-window (0: 5 minutes).
	PollWindow time.Duration
	// MappingFile syncs from a mapping.yaml instead of Spira's mapping, as
	// sync --mapping ("": Spira's).
	MappingFile string
}

// SyncPlan is a dry-run: the actions a sync would take.
type SyncPlan struct {
	ProductID int
	// Mode is the Sync Mode and whose meaning applies, e.g.
	// "Bidirectional (current plug-in)"; FullNote says when "{full}" makes
	// the run pull every existing issue.
	Mode     string
	FullNote string
	Actions  []SyncAction
	// LinkSameNames: planned with the same-name links accepted.
	LinkSameNames bool
	// Raw is the engine's own plan, handed back to RunSync.
	Raw any
}

// SyncAction is one step of a plan.
type SyncAction struct {
	ID        string
	Kind      string // create, update, transition, link, skip, conflict, error
	Direction string // e.g. "Spira → Jira"
	Artifact  string
	Summary   string
	Changes   []FieldChange
	// Proposal marks a link only proposed: neither item is created
	// until it is accepted (PlanOptions.LinkSameNames).
	Proposal bool
}

// FieldChange is one field's before and after.
type FieldChange struct{ Field, Before, After string }

// SyncProgress is one step of a running sync.
type SyncProgress struct {
	Done, Total int
	Line        string
}

// SyncReport is the end of a run.
type SyncReport struct {
	Counts   []Setting
	Failures []SyncFailure
	// Notes are what the run says beside its counts: no lease across
	// machines, a journal line that could not be read, items adopted.
	Notes []string
}

// SyncFailure is an item that did not sync, and why.
type SyncFailure struct{ Artifact, Reason string }
