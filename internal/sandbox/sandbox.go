// Package sandbox starts the Jira and Spira simulators on loopback with
// linked demo data (Spira product 1 "Library Information System" mapped to
// Jira project LIB, the JiraDataSync plug-in pointing at the Jira
// simulator) and writes a throw-away profile for them. The demo command and
// end-to-end tests run on it.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// Options tune how the simulated services behave.
type Options struct {
	// Latency delays every response of both services.
	Latency time.Duration
	// FaultRate is the fraction (0..1) of requests that fail with a 5xx or
	// a dropped connection.
	FaultRate float64
	// RateLimit is the requests per second each service allows before
	// answering 429 (0: no limit).
	RateLimit float64
	// Seed decides which requests fault.
	Seed int64
	// Clock replaces the services' clock (tests).
	Clock func() time.Time
	// CurrentPlugin seeds the plug-in record as a Spira running
	// Inflectra's current plug-in holds it (Sync Mode words, Task Types,
	// Special Fields; spiratest.CurrentPluginSlots) instead of the values
	// both plug-ins read alike.
	CurrentPlugin bool
	// SecondProduct maps Spira product SecondProductID to a second Jira
	// project (SecondProjectKey) under the same plug-in record, with a few
	// incidents, for runs over every product (sync --all).
	SecondProduct bool
}

// The sandbox's fixed names.
const (
	// ProductID is the Spira product mapped to the Jira project.
	ProductID = spiratest.ProductID
	// ProjectKey is the Jira project.
	ProjectKey = jiratest.ProjectKey
	// DataSyncID is the JiraDataSync plug-in record.
	DataSyncID = spiratest.DataSyncID
	// TemplateID is the product template of ProductID; it is not the
	// product's ID, as in a Spira with more than one template.
	TemplateID = 3
	// ProfileName is the name of the throw-away profile.
	ProfileName = "sandbox"
)

// SeededProblems are the deliberate gaps of the seeded mapping that the
// mapping validator should report (and nothing else).
var SeededProblems = spiratest.SeededProblems

// Sandbox is a running pair of simulators.
type Sandbox struct {
	Jira  *jiratest.Sim
	Spira *spiratest.Sim

	JiraURL  string
	SpiraURL string

	// JiraAdmin is the Jira site administrator (the plug-in's login);
	// JiraUser an ordinary member of LIB.
	JiraAdmin jiratest.Account
	JiraUser  jiratest.Account
	// SpiraAdmin is Spira's system administrator.
	SpiraAdmin spiratest.Account

	ProductID  int
	ProjectKey string
	DataSyncID int

	// ConfigDir holds config.yaml with the "sandbox" profile (no secrets).
	ConfigDir string
	// StateDir, inside ConfigDir, is for the sync state of runs against the
	// sandbox, so that they never touch the user's own state directory.
	StateDir string

	servers   []*http.Server
	closeOnce sync.Once
	closeErr  error
	stop      context.CancelFunc
}

// Start starts both simulators on 127.0.0.1. They stop when ctx is done or
// Close is called.
func Start(ctx context.Context, opts Options) (*Sandbox, error) {
	var jo []jiratest.Option
	// The product template's ID differs from the product's, so that code
	// mixing the two up fails here instead of on a real Spira.
	so := []spiratest.Option{spiratest.WithTemplateID(TemplateID)}
	if opts.Latency > 0 {
		jo = append(jo, jiratest.WithLatency(opts.Latency))
		so = append(so, spiratest.WithLatency(opts.Latency))
	}
	if opts.FaultRate > 0 {
		jo = append(jo, jiratest.WithFaults(opts.FaultRate))
		so = append(so, spiratest.WithFaults(opts.FaultRate))
	}
	if opts.RateLimit > 0 {
		burst := max(1, int(opts.RateLimit))
		jo = append(jo, jiratest.WithRateLimit(opts.RateLimit, burst))
		so = append(so, spiratest.WithRateLimit(opts.RateLimit, burst))
	}
	if opts.Seed != 0 {
		jo = append(jo, jiratest.WithSeed(opts.Seed))
		so = append(so, spiratest.WithSeed(opts.Seed))
	}
	if opts.CurrentPlugin {
		so = append(so, spiratest.WithCurrentPlugin())
	}
	if opts.Clock != nil {
		jo = append(jo, jiratest.WithClock(opts.Clock))
		so = append(so, spiratest.WithClock(opts.Clock))
	}
	sb := &Sandbox{Jira: jiratest.New(jo...), Spira: spiratest.New(so...),
		ProductID: ProductID, ProjectKey: ProjectKey, DataSyncID: DataSyncID}
	sb.JiraAdmin, sb.JiraUser, sb.SpiraAdmin = sb.Jira.Admin(), sb.Jira.NonAdmin(), sb.Spira.Admin()

	var err error
	if sb.JiraURL, err = sb.serve(sb.Jira); err != nil {
		return nil, err
	}
	if sb.SpiraURL, err = sb.serve(sb.Spira); err != nil {
		sb.Close()
		return nil, err
	}
	sb.link()
	if err := sb.seedFiles(); err != nil {
		sb.Close()
		return nil, err
	}
	if opts.SecondProduct {
		if err := sb.seedSecondProduct(ctx); err != nil {
			sb.Close()
			return nil, err
		}
	}
	if err := sb.writeProfile(); err != nil {
		sb.Close()
		return nil, err
	}
	ctx, sb.stop = context.WithCancel(ctx)
	go func() {
		<-ctx.Done()
		sb.Close()
	}()
	return sb, nil
}

func (sb *Sandbox) serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("sandbox: listening on loopback: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	sb.servers = append(sb.servers, srv)
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

// link points the JiraDataSync plug-in record at the Jira simulator and its
// administrator, as the guide's "Configuring the Plug-In" has it.
func (sb *Sandbox) link() {
	p, _ := sb.Spira.PlugIn(DataSyncID)
	p.ConnectionString = sb.JiraURL
	p.Login = sb.JiraAdmin.Email
	p.Password = sb.JiraAdmin.Token
	p.IsActive = true
	sb.Spira.SetPlugIn(p)
	sb.Spira.SetWebServerURL(sb.SpiraURL)
}

func (sb *Sandbox) writeProfile() error {
	dir, err := os.MkdirTemp("", "spirajira-sandbox-")
	if err != nil {
		return fmt.Errorf("sandbox: creating the config directory: %w", err)
	}
	sb.ConfigDir = dir
	sb.StateDir = filepath.Join(dir, "state")
	if err := os.Mkdir(sb.StateDir, 0o700); err != nil {
		return fmt.Errorf("sandbox: creating the state directory: %w", err)
	}
	c, err := config.LoadFile(filepath.Join(dir, "config.yaml"))
	if err != nil {
		return err
	}
	c.SetProfile(ProfileName, config.Profile{
		Jira:  config.JiraSite{URL: sb.JiraURL, Email: sb.JiraAdmin.Email},
		Spira: config.SpiraInstance{URL: sb.SpiraURL, Login: sb.SpiraAdmin.Login, DataSync: config.DefaultDataSync},
	})
	c.Current = ProfileName
	return c.Save()
}

// JiraCredentials are the Jira administrator's credentials.
func (sb *Sandbox) JiraCredentials() config.JiraCredentials {
	return config.JiraCredentials{URL: sb.JiraURL, Email: sb.JiraAdmin.Email, Token: sb.JiraAdmin.Token}
}

// JiraUserCredentials are the non-admin Jira user's credentials.
func (sb *Sandbox) JiraUserCredentials() config.JiraCredentials {
	return config.JiraCredentials{URL: sb.JiraURL, Email: sb.JiraUser.Email, Token: sb.JiraUser.Token}
}

// SpiraCredentials are the Spira administrator's credentials.
func (sb *Sandbox) SpiraCredentials() config.SpiraCredentials {
	return config.SpiraCredentials{URL: sb.SpiraURL, Login: sb.SpiraAdmin.Login, APIKey: sb.SpiraAdmin.APIKey, DataSync: config.DefaultDataSync}
}

// Close stops both simulators and removes the config directory (and the
// state directory in it).
func (sb *Sandbox) Close() error {
	sb.closeOnce.Do(func() {
		if sb.stop != nil {
			sb.stop()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		var errs []error
		for _, s := range sb.servers {
			if err := s.Shutdown(ctx); err != nil {
				errs = append(errs, s.Close())
			}
		}
		if sb.ConfigDir != "" {
			errs = append(errs, os.RemoveAll(sb.ConfigDir))
		}
		sb.closeErr = errors.Join(errs...)
	})
	return sb.closeErr
}

// Applier enters mapping lines into the sandbox's Spira the way an
// administrator does in Spira's screens (Spira's API cannot); it has the
// methods of mapping.SheetApplier.
func (sb *Sandbox) Applier() *Applier { return &Applier{sim: sb.Spira} }

// Applier writes mappings through the Spira simulator's admin methods.
type Applier struct{ sim *spiratest.Sim }

// SetProjectKey sets the Jira project key of a product, keeping its
// Active flag (a new mapping starts active).
func (a *Applier) SetProjectKey(pluginID, productID int, jiraKey string) error {
	active, ok := a.sim.ProjectMapping(pluginID, productID)
	a.sim.SetProjectMapping(pluginID, productID, jiraKey, active.Active || !ok)
	return nil
}

// SetProjectActive sets a product mapping's Active flag.
func (a *Applier) SetProjectActive(pluginID, productID int, active bool) error {
	m, ok := a.sim.ProjectMapping(pluginID, productID)
	if !ok {
		return fmt.Errorf("product %d has no project mapping for plug-in %d", productID, pluginID)
	}
	a.sim.SetProjectMapping(pluginID, productID, m.Key, active)
	return nil
}

// SetUserMapping sets a user's external key.
func (a *Applier) SetUserMapping(pluginID, userID int, externalKey string) error {
	a.sim.SetUserMapping(pluginID, userID, externalKey)
	return nil
}

// SetFieldValueMapping sets one field-value row.
func (a *Applier) SetFieldValueMapping(pluginID, productID, artifactFieldID, valueID int, externalKey string, primary bool) error {
	a.sim.SetFieldValueMapping(pluginID, productID, artifactFieldID, spiratest.ValueMapping{SpiraID: valueID, ExternalKey: externalKey, Primary: primary})
	return nil
}

// SetCustomPropertyMapping sets a custom property's external key.
func (a *Applier) SetCustomPropertyMapping(pluginID, productID, _, propertyID int, externalKey string) error {
	a.sim.SetCustomPropertyMapping(pluginID, productID, propertyID, externalKey)
	return nil
}

// SetCustomPropertyValueMapping sets one list value's external key.
func (a *Applier) SetCustomPropertyValueMapping(pluginID, productID, _, propertyID, valueID int, externalKey string) error {
	a.sim.SetCustomPropertyValueMapping(pluginID, productID, propertyID, valueID, externalKey)
	return nil
}
