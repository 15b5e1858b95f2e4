package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/spiraclient"
)

// LiveConfig is what the live backend is built from.
type LiveConfig struct {
	Profile string
	// Sandbox marks the built-in sandbox: its Spira can take the setup sheet
	// through Applier.
	Sandbox bool
	Jira    config.JiraCredentials
	Spira   config.SpiraCredentials
	// JiraOptions and SpiraOptions configure the clients (debug logging,
	// HTTP client).
	JiraOptions  []jiraclient.Option
	SpiraOptions []spiraclient.Option
	// UserAgent names spirajira to both services, in the clients' requests
	// (before JiraOptions and SpiraOptions, which may set their own) and in
	// the doctor's; "" leaves the clients' default.
	UserAgent string
	// Debug receives a log of the doctor's HTTP exchanges, secrets redacted
	// (the clients' go where JiraOptions and SpiraOptions say); nil: none.
	Debug   io.Writer
	Applier mapping.SheetApplier
	// Save checks and stores edited connection settings and returns the
	// credentials now in effect; nil makes the form report that it cannot
	// save.
	Save func(ctx context.Context, e ConnectionEdit) (config.JiraCredentials, config.SpiraCredentials, error)
	// StateDir holds the sync engine's journal and state.
	StateDir string
}

// Live is the Backend over spirajira's packages and the two services. Its
// methods may run concurrently from commands.
type Live struct {
	cfg LiveConfig

	mu    sync.Mutex
	jira  *jiraclient.Client
	spira *spiraclient.Client
	jerr  error
	serr  error
	sess  *ops.Session
}

// NewLive builds the live backend; client errors (a malformed URL, an API
// key without braces) are reported by the screens that need the client.
func NewLive(cfg LiveConfig) *Live {
	l := &Live{cfg: cfg}
	l.connect()
	return l
}

func (l *Live) connect() {
	l.mu.Lock()
	defer l.mu.Unlock()
	j, s := l.cfg.Jira, l.cfg.Spira
	jo, so := l.cfg.JiraOptions, l.cfg.SpiraOptions
	if ua := l.cfg.UserAgent; ua != "" {
		jo = append([]jiraclient.Option{jiraclient.WithUserAgent(ua)}, jo...)
		so = append([]spiraclient.Option{spiraclient.WithUserAgent(ua)}, so...)
	}
	l.jira, l.jerr = jiraclient.New(j.URL, j.Email, j.Token, jo...)
	l.spira, l.serr = spiraclient.New(s.URL, s.Login, s.APIKey, so...)
	jc, jerr, sc, serr := l.jira, l.jerr, l.spira, l.serr
	l.sess = ops.New(ops.Config{
		Jira:       func() (*jiraclient.Client, error) { return jc, jerr },
		Spira:      func() (*spiraclient.Client, error) { return sc, serr },
		PluginName: s.DataSync, StateDir: l.cfg.StateDir, Applier: l.cfg.Applier,
	})
}

// session is the operations layer over the current connections.
func (l *Live) session() *ops.Session {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sess
}

func (l *Live) jiraClient() (*jiraclient.Client, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.jira, l.jerr
}

func (l *Live) spiraClient() (*spiraclient.Client, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.spira, l.serr
}

func (l *Live) creds() (config.JiraCredentials, config.SpiraCredentials) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cfg.Jira, l.cfg.Spira
}

func (l *Live) pluginName() string {
	_, s := l.creds()
	if s.DataSync != "" {
		return s.DataSync
	}
	return mapping.PluginName
}

// maskSecret shows only the end of a secret, so the user can tell which one
// is stored without it being on screen.
func maskSecret(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) <= 8 {
		return strings.Repeat("•", 8)
	}
	tail := string(r[len(r)-4:])
	if strings.HasPrefix(s, "{") {
		return "{••••••••" + tail
	}
	return "••••••••" + tail
}

// ConnectionInfo implements ConnectionsBackend.
func (l *Live) ConnectionInfo(ctx context.Context) (ConnectionInfo, error) {
	j, s := l.creds()
	info := ConnectionInfo{
		Profile: l.cfg.Profile, Sandbox: l.cfg.Sandbox, Fixed: l.cfg.Save == nil,
		JiraSite: j.URL, JiraEmail: j.Email, JiraToken: maskSecret(j.Token),
		SpiraURL: s.URL, SpiraLogin: s.Login, SpiraAPIKey: maskSecret(s.APIKey),
		Plugin: PluginInfo{Name: l.pluginName()},
	}
	sc, err := l.spiraClient()
	if err != nil {
		info.Plugin.Err = "no Spira connection yet"
		return info, nil // the identity test says why
	}
	ds, err := sc.DataSyncByName(ctx, info.Plugin.Name)
	if err != nil && !errors.Is(err, spiraclient.ErrNotFound) {
		info.Plugin.Err = errText(err)
		return info, nil
	}
	if ds == nil {
		return info, nil
	}
	p := &info.Plugin
	p.Found, p.Active = true, ds.IsActive
	if ds.LastSyncDate != nil {
		p.LastSync = ds.LastSyncDate.Time.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, kv := range [][2]string{
		{"Jira URL", ds.ConnectionString}, {"Jira login", ds.Login}, {"Time offset", fmt.Sprintf("%d h", ds.TimeOffsetHours)},
		{"Auto-map", fmt.Sprint(ds.AutoMapUsers)},
	} {
		p.Settings = append(p.Settings, Setting{Label: kv[0], Value: kv[1]})
	}
	p.Settings = append(p.Settings, pluginSlotSettings(mapping.Plugin{Name: ds.Name, Custom01: ds.Custom01, Custom02: ds.Custom02,
		Custom03: ds.Custom03, Custom04: ds.Custom04, Custom05: ds.Custom05})...)
	return info, nil
}

// TestConnections implements ConnectionsBackend: who the credentials belong
// to on each side, asked concurrently.
func (l *Live) TestConnections(ctx context.Context) (Identity, error) {
	var id Identity
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		jc, err := l.jiraClient()
		if err == nil {
			var me *jiraclient.User
			if me, err = jc.Myself(ctx); err == nil {
				id.Jira = me.DisplayName
				if me.EmailAddress != "" {
					id.Jira += " <" + me.EmailAddress + ">"
				}
				return
			}
		}
		id.JiraErr = errText(err)
	}()
	go func() {
		defer wg.Done()
		sc, err := l.spiraClient()
		if err == nil {
			var me *spiraclient.RemoteUser
			if me, err = sc.CurrentUser(ctx); err == nil {
				id.Spira = strings.TrimSpace(me.FirstName+" "+me.LastName) + " (" + me.UserName + ")"
				return
			}
		}
		id.SpiraErr = errText(err)
	}()
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return id, err
	}
	return id, nil
}

// SaveConnection implements ConnectionsBackend.
func (l *Live) SaveConnection(ctx context.Context, e ConnectionEdit) error {
	if l.cfg.Save == nil {
		return errors.New("settings cannot be saved here: use spirajira login jira|spira")
	}
	j, s, err := l.cfg.Save(ctx, e)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.cfg.Jira, l.cfg.Spira = j, s
	l.mu.Unlock()
	l.connect()
	return nil
}

// Projects implements JiraBackend.
func (l *Live) Projects(ctx context.Context) ([]jiraclient.Project, error) {
	jc, err := l.jiraClient()
	if err != nil {
		return nil, err
	}
	var out []jiraclient.Project
	for p, err := range jc.Projects(ctx, jiraclient.ProjectQuery{}) {
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Catalog implements JiraBackend.
func (l *Live) Catalog(ctx context.Context, key string) (Catalog, error) {
	jc, err := l.jiraClient()
	if err != nil {
		return Catalog{}, err
	}
	c, err := jc.FetchCatalog(ctx, key)
	if err != nil {
		return Catalog{}, err
	}
	return CatalogView(c), nil
}

// Products implements MappingBackend: the Spira products the user can see.
func (l *Live) Products(ctx context.Context) ([]spiraclient.RemoteProject, error) {
	sc, err := l.spiraClient()
	if err != nil {
		return nil, err
	}
	ps, err := sc.Projects(ctx)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		ps = []spiraclient.RemoteProject{} // nil is "not read yet" to the screen
	}
	return ps, nil
}

// OpenMapping implements MappingBackend: the product's mapping pulled from
// Spira, checked against the Jira project it names.
func (l *Live) OpenMapping(ctx context.Context, productID int) (MappingEditor, error) {
	sess := l.session()
	m, err := sess.OpenMapping(ctx, productID)
	if err != nil {
		return nil, err
	}
	return NewMappingEditor(sess, m), nil
}

// OpenMappingFile implements MappingBackend: the mapping of a mapping.yaml,
// with the lookups of the Spira product it names.
func (l *Live) OpenMappingFile(ctx context.Context, data []byte) (MappingEditor, error) {
	sess := l.session()
	m, err := sess.OpenMappingFile(ctx, "mapping.yaml", data)
	if err != nil {
		return nil, err
	}
	return NewMappingEditor(sess, m), nil
}

// pluginSlotSettings are the plug-in's Custom slots as the Connections
// screen shows them: labelled as Spira labels them today, each with how it
// is read, after a line naming whose meanings apply, and a last line for
// the settings no REST call reads.
func pluginSlotSettings(pl mapping.Plugin) []Setting {
	s := pl.Settings()
	gen := "the current plug-in's (Special Fields, Task Types, Sync Mode words)"
	if s.Generation == mapping.GenerationLegacy {
		gen = "the older plug-in's (severity field, security level True, True/Both)"
	}
	out := []Setting{{Label: "Meanings", Value: gen}}
	for _, r := range pl.Readings() {
		v := r.Means
		if r.Value != "" {
			v = r.Value + " · " + r.Means
		}
		out = append(out, Setting{Label: r.Label, Value: v})
	}
	return append(out, Setting{Label: "Not readable", Value: strings.Join(mapping.UnreadPluginSettings, ", ") + " (set on the plug-in screen)"})
}
