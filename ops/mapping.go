package ops

import (
	"context"
	"errors"
	"fmt"

	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Mapping is one product's mapping opened for editing, with what it is
// checked against.
type Mapping struct {
	Product *mapping.Product
	// Remote is the mapping Spira holds now, as pulled when opened.
	Remote  *mapping.Product
	Lookups *mapping.SpiraLookups
	// Jira is the catalog of the mapped project; nil when the product has
	// no project key or the project could not be read (JiraErr says why).
	Jira    *mapping.Jira
	JiraErr error
	// PluginID is the session's plug-in record, found when opened.
	PluginID int
}

// OpenMapping pulls a product's mapping from Spira and reads the catalog of
// the Jira project it names.
func (s *Session) OpenMapping(ctx context.Context, productID int) (*Mapping, error) {
	return s.open(ctx, productID, nil, "")
}

// OpenMappingFile opens the mapping a mapping.yaml holds (data, read from
// name), with the lookups of the Spira product it names. A file pulled from
// another plug-in record than the session's is refused.
func (s *Session) OpenMappingFile(ctx context.Context, name string, data []byte) (*Mapping, error) {
	p, err := mapping.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s.OpenLocal(ctx, name, p)
}

// OpenLocal opens a mapping already parsed from the file name.
func (s *Session) OpenLocal(ctx context.Context, name string, p *mapping.Product) (*Mapping, error) {
	return s.open(ctx, p.Project.Spira.ID, p, name)
}

func (s *Session) open(ctx context.Context, productID int, file *mapping.Product, name string) (*Mapping, error) {
	ms, err := s.mappingSpira()
	if err != nil {
		return nil, err
	}
	pl, err := mapping.FindPlugin(ctx, ms, s.PluginName())
	if err != nil {
		return nil, err
	}
	if file != nil {
		if err := SamePlugin(ctx, ms, name, file.Plugin, pl); err != nil {
			return nil, err
		}
	}
	remote, lookups, err := mapping.Pull(ctx, ms, pl.ID, productID)
	if err != nil {
		return nil, err
	}
	m := &Mapping{Product: remote.Clone(), Remote: remote, Lookups: lookups, PluginID: pl.ID}
	if file != nil {
		m.Product = file
	}
	if key := m.Product.Project.Key(); key != "" {
		m.Jira, m.JiraErr = s.catalog(ctx, key)
		// Refused credentials and cancellation stop; anything else
		// leaves the mapping open, and Validate says the project is
		// unknown.
		if m.JiraErr != nil && (errors.Is(m.JiraErr, jiraclient.ErrUnauthorized) || ctx.Err() != nil) {
			return nil, m.JiraErr
		}
		if m.JiraErr != nil {
			m.Jira = nil
		}
	}
	mapping.FillJiraNames(m.Product, m.Jira)
	return m, nil
}

// SamePlugin refuses a mapping pulled from another plug-in record than the
// configured one: Spira answers the mapping reads of a deleted record with
// nothing, so its ID must never be used, and another record's mappings are
// not this one's.
func SamePlugin(ctx context.Context, ms mapping.Spira, file string, inFile, configured mapping.Plugin) error {
	if inFile.ID == 0 || inFile.ID == configured.ID {
		return nil
	}
	if _, err := ms.DataSync(ctx, inFile.ID); err != nil {
		return fmt.Errorf("%s names data-sync plug-in %d: %w", file, inFile.ID, err)
	}
	return fmt.Errorf("%s was pulled from data-sync plug-in %d (%s), but the configured plug-in %s is %d: "+
		"pull the mapping again, or name the plug-in with 'spirajira login spira --datasync NAME' (plug-ins are listed in Spira under %s); nothing was written",
		file, inFile.ID, inFile.Name, configured.Name, configured.ID, spiraclient.PluginScreen)
}

// Problems validates the mapping against what it was opened with.
func (m *Mapping) Problems() []mapping.Problem {
	return mapping.Validate(m.Product, m.Jira, m.Lookups)
}

// Refresh pulls again what Spira holds now into Remote.
func (s *Session) Refresh(ctx context.Context, m *Mapping) error {
	ms, err := s.mappingSpira()
	if err != nil {
		return err
	}
	remote, _, err := mapping.Pull(ctx, ms, m.PluginID, m.Product.Project.Spira.ID)
	if err != nil {
		return err
	}
	mapping.FillJiraNames(remote, m.Jira)
	m.Remote = remote
	return nil
}

// DiffMapping is what the mapping would change in Spira now.
func (s *Session) DiffMapping(ctx context.Context, m *Mapping) ([]mapping.Change, error) {
	if err := s.Refresh(ctx, m); err != nil {
		return nil, err
	}
	return mapping.Diff(m.Product, m.Remote), nil
}

// MappingErrors is a push refused because Validate finds errors: the sync
// would fail on such a mapping.
type MappingErrors struct{ Problems []mapping.Problem }

func (e *MappingErrors) Count() int {
	n := 0
	for _, p := range e.Problems {
		if p.Severity == mapping.Error {
			n++
		}
	}
	return n
}

func (e *MappingErrors) Error() string {
	return fmt.Sprintf("the mapping has %s: 'spirajira mapping validate' shows each with its fix; push anyway with --force", words.Count(e.Count(), "mapping error"))
}

// PushOptions are how a push runs.
type PushOptions struct {
	// Force pushes a mapping that Validate finds errors in.
	Force bool
	// Confirm, when set, is asked before anything is written, with the
	// changes the API writes and those left for the setup sheet; false
	// writes nothing (ErrDeclined).
	Confirm func(writable, sheet []mapping.Change) (bool, error)
}

// ErrDeclined is a push that Confirm said no to.
var ErrDeclined = errors.New("nothing written")

// PushOutcome is what a push found and did.
type PushOutcome struct {
	// Changes are every difference with Spira before the push.
	Changes []mapping.Change
	Result  *mapping.PushResult
}

// PushMapping writes to Spira what its API can write of the mapping, and
// returns the setup sheet for the rest. One policy for both faces: a
// mapping with validation errors is refused (*MappingErrors) unless
// Force; Spira is read again first, so the push compares with what it
// holds now.
func (s *Session) PushMapping(ctx context.Context, m *Mapping, o PushOptions) (*PushOutcome, error) {
	if ps := m.Problems(); mapping.HasErrors(ps) && !o.Force {
		return nil, &MappingErrors{Problems: ps}
	}
	if err := s.Refresh(ctx, m); err != nil {
		return nil, err
	}
	out := &PushOutcome{Changes: mapping.Diff(m.Product, m.Remote)}
	if len(out.Changes) == 0 {
		out.Result = &mapping.PushResult{Written: []mapping.Change{}, Sheet: mapping.BuildSheet(m.Product, nil)}
		return out, nil
	}
	writable, rest := mapping.DiffWritable(out.Changes)
	if o.Confirm != nil && len(writable) > 0 {
		ok, err := o.Confirm(writable, rest)
		if err != nil {
			return out, err
		}
		if !ok {
			return out, ErrDeclined
		}
	}
	ms, err := s.mappingSpira()
	if err != nil {
		return out, err
	}
	res, err := mapping.Push(ctx, ms, m.Product, m.Remote)
	out.Result = res
	if err != nil {
		return out, err
	}
	if rerr := s.Refresh(ctx, m); rerr != nil {
		// The push is done; only the read-back failed.
		res.Notes = append(res.Notes, "could not read the mapping back after the push: "+rerr.Error())
	}
	return out, nil
}

// VerifyMapping reads Spira back and checks every setting of the mapping
// (the full setup sheet, not only the last push's lines): each line done,
// or what Spira holds instead.
func (s *Session) VerifyMapping(ctx context.Context, m *Mapping) ([]mapping.LineCheck, *mapping.Sheet, error) {
	if err := s.Refresh(ctx, m); err != nil {
		return nil, nil, err
	}
	sheet := mapping.FullSheet(m.Product, m.Remote)
	return mapping.Verify(sheet, m.Remote), sheet, nil
}

// ApplySheet enters the sheet's lines in the sandbox's simulated Spira
// (sheet nil: the lines that differ now). Only the sandbox can.
func (s *Session) ApplySheet(ctx context.Context, m *Mapping, sheet *mapping.Sheet) error {
	if s.cfg.Applier == nil {
		return errors.New("only the sandbox's Spira can take the sheet directly; enter it in Spira's screens")
	}
	if sheet == nil {
		if err := s.Refresh(ctx, m); err != nil {
			return err
		}
		_, rest := mapping.DiffWritable(mapping.Diff(m.Product, m.Remote))
		sheet = mapping.BuildSheet(m.Product, rest)
	}
	return mapping.ApplySheet(sheet, m.PluginID, s.cfg.Applier)
}

// SaveMapping writes the mapping to st.Path, stamped with the writer
// ("mapping edit", "TUI"...), unless the file changed since st was taken
// (force writes anyway).
func SaveMapping(st FileStamp, p *mapping.Product, writer string, force bool) (FileStamp, error) {
	data, err := mapping.Format(p)
	if err != nil {
		return st, err
	}
	return SaveFile(st, mapping.Stamp(data, writer), force)
}
