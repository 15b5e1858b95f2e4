package jiraclient

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
)

// Part names one section of a Catalog.
type Part string

// The parts of a Catalog.
const (
	PartIssueTypes     Part = "issuetypes"
	PartStatuses       Part = "statuses"
	PartPriorities     Part = "priorities"
	PartResolutions    Part = "resolutions"
	PartComponents     Part = "components"
	PartVersions       Part = "versions"
	PartFields         Part = "fields"
	PartOptions        Part = "options"
	PartSecurityLevels Part = "securitylevels"
	PartLinkTypes      Part = "linktypes"
	PartUsers          Part = "users"
	PartCreateMeta     Part = "createmeta"
)

// Source says where a part of a Catalog came from.
type Source string

// Sources of catalog parts.
const (
	// SourceAPI: the part's own endpoint.
	SourceAPI Source = "api"
	// SourceCreateMeta: the allowedValues of the create screens, used where
	// the account may not read the part's own endpoint.
	SourceCreateMeta Source = "createmeta"
	// SourceUnavailable: neither source answered; see Catalog.Problems.
	SourceUnavailable Source = "unavailable"
)

// ContextOptions are the options of a select field in one context.
type ContextOptions struct {
	Context FieldContext  `json:"context"`
	Options []FieldOption `json:"options"`
}

// Catalog is everything the Configuration Helper shows for one project.
type Catalog struct {
	Project     Project             `json:"project"`
	IssueTypes  []IssueType         `json:"issueTypes"`
	Statuses    []IssueTypeStatuses `json:"statuses"`
	Priorities  []Priority          `json:"priorities"`
	Resolutions []Resolution        `json:"resolutions"`
	Components  []Component         `json:"components"`
	Versions    []Version           `json:"versions"`
	Fields      []Field             `json:"fields"`
	// Options holds, by field ID, the options of each select field per
	// context. From createmeta, the context is a single pseudo-context
	// with the ID "createmeta".
	Options        map[string][]ContextOptions `json:"options"`
	SecurityLevels []SecurityLevel             `json:"securityLevels"`
	LinkTypes      []IssueLinkType             `json:"linkTypes"`
	Users          []User                      `json:"users"`
	// CreateMeta holds the create-screen fields by issue type ID.
	CreateMeta map[string][]FieldMeta `json:"createMeta"`
	// Sources records where each part came from.
	Sources map[Part]Source `json:"sources"`
	// Problems explains parts that are missing or came from a fallback.
	Problems []string `json:"problems,omitempty"`
}

// StatusList returns each status of the project once, in first-seen order.
func (c *Catalog) StatusList() []Status {
	var out []Status
	seen := map[string]bool{}
	for _, it := range c.Statuses {
		for _, s := range it.Statuses {
			if !seen[s.ID] {
				seen[s.ID] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// catalogRun holds the state of one FetchCatalog.
type catalogRun struct {
	c   *Client
	ctx context.Context
	sem chan struct{}
	wg  sync.WaitGroup
	mu  sync.Mutex
	cat *Catalog
	err error // a fatal error (credentials refused, project missing)
}

func (r *catalogRun) spawn(f func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		f()
	}()
}

// call runs one request under the concurrency bound.
func call[T any](r *catalogRun, f func(context.Context) (T, error)) (T, error) {
	select {
	case r.sem <- struct{}{}:
	case <-r.ctx.Done():
		var zero T
		return zero, r.ctx.Err()
	}
	defer func() { <-r.sem }()
	return f(r.ctx)
}

func (r *catalogRun) problem(p Part, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if errors.Is(err, ErrUnauthorized) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		if r.err == nil {
			r.err = err
		}
		return
	}
	r.cat.Problems = append(r.cat.Problems, fmt.Sprintf("%s: %v", p, err))
}

func (r *catalogRun) set(p Part, s Source, f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cat.Sources[p] = s
	if f != nil {
		f()
	}
}

// FetchCatalog reads everything the Configuration Helper shows for one
// project, with at most WithConcurrency requests at once. Where the account
// may not read an admin endpoint (custom field contexts and options,
// priorities, security levels) the part is filled from the createmeta
// allowedValues instead, and Sources says so. A part that cannot be read at
// all is recorded in Problems; only refused credentials, an unknown project
// or cancellation fail the whole call.
func (c *Client) FetchCatalog(ctx context.Context, projectKey string) (*Catalog, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &catalogRun{c: c, ctx: ctx, sem: make(chan struct{}, c.concurrency), cat: &Catalog{
		IssueTypes: []IssueType{}, Statuses: []IssueTypeStatuses{}, Priorities: []Priority{},
		Resolutions: []Resolution{}, Components: []Component{}, Versions: []Version{}, Fields: []Field{},
		Options: map[string][]ContextOptions{}, SecurityLevels: []SecurityLevel{}, LinkTypes: []IssueLinkType{},
		Users: []User{}, CreateMeta: map[string][]FieldMeta{}, Sources: map[Part]Source{},
	}}
	cat := r.cat

	// Calls that take the key start at once; the ones that need the
	// numeric ID wait for the project.
	var project *Project
	var projectErr error
	projectDone := make(chan struct{})
	r.spawn(func() {
		defer close(projectDone)
		project, projectErr = call(r, func(ctx context.Context) (*Project, error) { return c.Project(ctx, projectKey) })
		if projectErr != nil {
			cancel()
		}
	})

	var metaWG sync.WaitGroup // createmeta, which fallbacks wait for
	metaWG.Add(1)
	r.spawn(func() {
		defer metaWG.Done()
		types, err := call(r, func(ctx context.Context) ([]IssueType, error) { return c.CreateMetaIssueTypes(ctx, projectKey) })
		if err != nil {
			r.problem(PartCreateMeta, err)
			r.set(PartCreateMeta, SourceUnavailable, nil)
			return
		}
		var inner sync.WaitGroup
		for _, it := range types {
			inner.Add(1)
			r.spawn(func() {
				defer inner.Done()
				fields, err := call(r, func(ctx context.Context) ([]FieldMeta, error) { return c.CreateMetaFields(ctx, projectKey, it.ID) })
				if err != nil {
					r.problem(PartCreateMeta, err)
					return
				}
				r.set(PartCreateMeta, SourceAPI, func() { cat.CreateMeta[it.ID] = fields })
			})
		}
		inner.Wait()
		r.set(PartCreateMeta, SourceAPI, nil)
	})

	r.spawn(func() {
		v, err := call(r, func(ctx context.Context) ([]IssueTypeStatuses, error) { return c.Statuses(ctx, projectKey) })
		r.store(PartStatuses, err, func() { cat.Statuses = v })
	})
	r.spawn(func() {
		v, err := call(r, func(ctx context.Context) ([]Resolution, error) { return c.Resolutions(ctx) })
		r.store(PartResolutions, err, func() { cat.Resolutions = v })
	})
	r.spawn(func() {
		v, err := call(r, func(ctx context.Context) ([]Component, error) { return c.Components(ctx, projectKey) })
		r.store(PartComponents, err, func() { cat.Components = v })
	})
	r.spawn(func() {
		v, err := call(r, func(ctx context.Context) ([]Version, error) { return c.Versions(ctx, projectKey) })
		r.store(PartVersions, err, func() { cat.Versions = v })
	})
	r.spawn(func() {
		v, err := call(r, func(ctx context.Context) ([]IssueLinkType, error) { return c.IssueLinkTypes(ctx) })
		r.store(PartLinkTypes, err, func() { cat.LinkTypes = v })
	})
	r.spawn(func() {
		v, err := call(r, func(ctx context.Context) ([]User, error) { return c.AssignableUsers(ctx, projectKey, "") })
		r.store(PartUsers, err, func() { cat.Users = v })
	})
	r.spawn(func() {
		v, err := call(r, func(ctx context.Context) ([]SecurityLevel, error) { return c.SecurityLevels(ctx, projectKey) })
		if err == nil && len(v) == 0 {
			// Empty without Set Issue Security: createmeta may still list them.
			metaWG.Wait()
			if lv := securityFromMeta(cat); len(lv) > 0 {
				r.set(PartSecurityLevels, SourceCreateMeta, func() { cat.SecurityLevels = lv })
				return
			}
		}
		r.store(PartSecurityLevels, err, func() { cat.SecurityLevels = v })
	})
	r.spawn(func() {
		<-projectDone
		if projectErr != nil {
			return
		}
		v, err := call(r, func(ctx context.Context) ([]IssueType, error) { return c.IssueTypes(ctx, project.ID) })
		r.store(PartIssueTypes, err, func() { cat.IssueTypes = v })
	})
	r.spawn(func() {
		<-projectDone
		if projectErr != nil {
			return
		}
		v, err := call(r, func(ctx context.Context) ([]Priority, error) { return c.Priorities(ctx, project.ID) })
		if err != nil && !errors.Is(err, ErrUnauthorized) {
			metaWG.Wait()
			if pr := prioritiesFromMeta(cat); len(pr) > 0 {
				r.problem(PartPriorities, fmt.Errorf("%w; using the create screens' values", err))
				r.set(PartPriorities, SourceCreateMeta, func() { cat.Priorities = pr })
				return
			}
		}
		r.store(PartPriorities, err, func() { cat.Priorities = v })
	})
	r.spawn(func() {
		fields, err := call(r, func(ctx context.Context) ([]Field, error) { return c.Fields(ctx) })
		r.store(PartFields, err, func() { cat.Fields = fields })
		if err != nil {
			return
		}
		r.fetchOptions(fields, &metaWG, func() *Project {
			<-projectDone
			if projectErr != nil {
				return nil
			}
			return project
		})
	})

	r.wg.Wait()
	if projectErr != nil {
		return nil, projectErr
	}
	if r.err != nil {
		return nil, r.err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cat.Project = *project
	sort.Strings(cat.Problems)
	return cat, nil
}

// store records a part's value or its problem.
func (r *catalogRun) store(p Part, err error, f func()) {
	if err != nil {
		r.problem(p, err)
		r.set(p, SourceUnavailable, nil)
		return
	}
	r.set(p, SourceAPI, f)
}

// fetchOptions reads the options of every select field per context, and
// falls back to createmeta when the account is not an administrator.
func (r *catalogRun) fetchOptions(fields []Field, metaWG *sync.WaitGroup, project func() *Project) {
	var selects []Field
	for _, f := range fields {
		if f.Custom && IsOptionField(f.Schema) {
			selects = append(selects, f)
		}
	}
	var forbidden sync.Once
	fellBack := false
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, f := range selects {
		wg.Add(1)
		r.spawn(func() {
			defer wg.Done()
			ctxs, err := call(r, func(ctx context.Context) ([]FieldContext, error) { return r.c.FieldContexts(ctx, f.ID) })
			if err != nil {
				if errors.Is(err, ErrForbidden) {
					forbidden.Do(func() {
						mu.Lock()
						fellBack = true
						mu.Unlock()
					})
					return
				}
				r.problem(PartOptions, fmt.Errorf("%s: %w", f.ID, err))
				return
			}
			ctxs = r.contextsOfProject(f.ID, ctxs, project())
			var inner sync.WaitGroup
			per := make([]ContextOptions, len(ctxs))
			for i, fc := range ctxs {
				inner.Add(1)
				r.spawn(func() {
					defer inner.Done()
					opts, err := call(r, func(ctx context.Context) ([]FieldOption, error) { return r.c.FieldOptions(ctx, f.ID, fc.ID) })
					if err != nil {
						r.problem(PartOptions, fmt.Errorf("%s context %s: %w", f.ID, fc.ID, err))
						opts = []FieldOption{}
					}
					per[i] = ContextOptions{Context: fc, Options: opts}
				})
			}
			inner.Wait()
			r.set(PartOptions, SourceAPI, func() { r.cat.Options[f.ID] = per })
		})
	}
	wg.Wait()
	mu.Lock()
	fb := fellBack
	mu.Unlock()
	if !fb {
		if len(selects) == 0 {
			r.set(PartOptions, SourceAPI, nil)
		}
		return
	}
	metaWG.Wait()
	r.problem(PartOptions, errors.New("custom field contexts need Jira administration rights; options come from the create screens"))
	r.set(PartOptions, SourceCreateMeta, func() {
		for _, f := range selects {
			if opts := optionsFromMeta(r.cat, f.ID); opts != nil {
				r.cat.Options[f.ID] = []ContextOptions{{Context: FieldContext{ID: "createmeta", Name: "Create screens"}, Options: opts}}
			}
		}
	})
}

// contextsOfProject keeps the contexts that apply to the project: global
// ones and those mapped to it. When the mapping cannot be read, it keeps all.
func (r *catalogRun) contextsOfProject(fieldID string, ctxs []FieldContext, p *Project) []FieldContext {
	if p == nil || !slices.ContainsFunc(ctxs, func(fc FieldContext) bool { return !fc.IsGlobalContext }) {
		return ctxs
	}
	maps, err := call(r, func(ctx context.Context) ([]ContextProjectMapping, error) {
		return r.c.FieldContextProjects(ctx, fieldID)
	})
	if err != nil {
		r.problem(PartOptions, fmt.Errorf("%s: project mapping of contexts: %w; showing every context", fieldID, err))
		return ctxs
	}
	mine := map[string]bool{}
	for _, m := range maps {
		if m.IsGlobalContext || m.ProjectID == p.ID {
			mine[m.ContextID] = true
		}
	}
	out := []FieldContext{}
	for _, fc := range ctxs {
		if fc.IsGlobalContext || mine[fc.ID] {
			out = append(out, fc)
		}
	}
	return out
}

// IsOptionField reports whether a field schema is a select-like field whose
// values are options.
func IsOptionField(s *FieldSchema) bool {
	if s == nil {
		return false
	}
	return s.Type == "option" || s.Type == "option-with-child" || (s.Type == "array" && s.Items == "option")
}

// metaValues gathers the allowed values of fieldID across issue types, by ID.
func metaValues(cat *Catalog, fieldID string) []AllowedValue {
	var out []AllowedValue
	seen := map[string]bool{}
	for _, typeID := range slices.Sorted(mapKeys(cat.CreateMeta)) {
		for _, fm := range cat.CreateMeta[typeID] {
			id := fm.FieldID
			if id == "" {
				id = fm.Key
			}
			if id != fieldID {
				continue
			}
			for _, a := range fm.Allowed() {
				if !seen[a.ID] {
					seen[a.ID] = true
					out = append(out, a)
				}
			}
		}
	}
	return out
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func optionsFromMeta(cat *Catalog, fieldID string) []FieldOption {
	vals := metaValues(cat, fieldID)
	if len(vals) == 0 {
		return nil
	}
	var out []FieldOption
	for _, a := range vals {
		out = append(out, FieldOption{ID: a.ID, Value: a.Label(), Disabled: a.Disabled})
		for _, ch := range a.Children {
			out = append(out, FieldOption{ID: ch.ID, Value: ch.Label(), Disabled: ch.Disabled, OptionID: a.ID})
		}
	}
	return out
}

func prioritiesFromMeta(cat *Catalog) []Priority {
	var out []Priority
	for _, a := range metaValues(cat, "priority") {
		out = append(out, Priority{ID: a.ID, Name: a.Label()})
	}
	return out
}

func securityFromMeta(cat *Catalog) []SecurityLevel {
	var out []SecurityLevel
	for _, a := range metaValues(cat, "security") {
		out = append(out, SecurityLevel{ID: a.ID, Name: a.Label()})
	}
	return out
}
