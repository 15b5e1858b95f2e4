package tui

import (
	"context"

	"github.com/spirajira/spirajira/internal/doctor"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/spiraclient"
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
	Doctor(ctx context.Context) (doctor.Report, error)
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

// JiraBackend serves the Jira screen.
type JiraBackend interface {
	Projects(ctx context.Context) ([]jiraclient.Project, error)
	// Catalog returns everything the Configuration Helper shows for a project.
	Catalog(ctx context.Context, projectKey string) (Catalog, error)
}

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
	Products(ctx context.Context) ([]spiraclient.RemoteProject, error)
	OpenMapping(ctx context.Context, productID int) (MappingEditor, error)
	// OpenMappingFile edits the mapping read from a mapping.yaml (data),
	// checked against the Spira product and the Jira project it names.
	OpenMappingFile(ctx context.Context, data []byte) (MappingEditor, error)
}

// MappingEditor is one product's mapping being edited. Its plain methods run
// on the UI goroutine; the ones with a context run in a command on a Clone.
type MappingEditor interface {
	// Product is the Spira product the mapping belongs to.
	Product() mapping.Ref
	Categories() []MappingCategory
	// Choices lists the Jira values a row of the category may take.
	Choices(category, spiraID string) []mapping.Choice
	SetJira(category, spiraID, jiraID string) error
	TogglePrimary(category, spiraID string) error
	// Problems and Proposals are located in the mapping; where names the
	// category and the row of each.
	Problems() []mapping.Problem
	Proposals() []mapping.Proposal
	Accept(p mapping.Proposal) error
	// Pushed records a push's outcome, whose sheet ApplySheet uses.
	Pushed(out *ops.PushOutcome)
	Clone() MappingEditor

	Diff(ctx context.Context) ([]mapping.Change, error)
	// Push writes what Spira's API can write; a mapping with validation
	// errors is refused unless force (the user confirmed with the errors
	// shown).
	Push(ctx context.Context, force bool) (*ops.PushOutcome, error)
	// Verify checks every line of the mapping's full sheet against Spira.
	Verify(ctx context.Context) ([]mapping.LineCheck, *mapping.Sheet, error)
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

// SyncBackend serves the Sync screen.
type SyncBackend interface {
	// Plan computes the dry-run of o.ProductID (0: the only one mapped);
	// it never applies, whatever o.Apply says.
	Plan(ctx context.Context, o ops.SyncOptions) (*ops.SyncRun, error)
	// RunSync applies a plan, calling progress from its own goroutine.
	RunSync(ctx context.Context, run *ops.SyncRun, progress func(ops.Progress)) (*ops.SyncResult, error)
	// Products lists the Spira products, for the name of the one synced.
	Products(ctx context.Context) ([]spiraclient.RemoteProject, error)
}
