package mapping

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// PushResult is what Push did: the changes it wrote, the number of API
// calls it made, and the setup sheet for everything else.
type PushResult struct {
	Written []Change `json:"written" yaml:"written"`
	Calls   int      `json:"calls" yaml:"calls"`
	Sheet   *Sheet   `json:"sheet" yaml:"sheet"`
	// Notes are what the user must check by hand after the push.
	Notes []string `json:"notes,omitempty" yaml:"notes,omitempty"`
}

// Push writes to Spira what its API can write of the difference between
// local and remote (the mapping just pulled, whose Diff the user has
// seen): the plug-in record in one call, new user mappings in one call,
// release mappings in at most two (remove the changed and removed ones,
// add the new and changed ones). Everything else becomes the setup sheet.
// It writes nothing when local and remote name different plug-ins or
// products.
func Push(ctx context.Context, s Spira, local, remote *Product) (*PushResult, error) {
	if local.Plugin.ID != remote.Plugin.ID {
		return nil, fmt.Errorf("the file is for plug-in %d but Spira's is %d: pull again or fix plugin.id", local.Plugin.ID, remote.Plugin.ID)
	}
	if local.Project.Spira.ID != remote.Project.Spira.ID {
		return nil, fmt.Errorf("the file is for product %d but the product pulled is %d", local.Project.Spira.ID, remote.Project.Spira.ID)
	}
	pluginID, productID := local.Plugin.ID, local.Project.Spira.ID
	writable, rest := DiffWritable(Diff(local, remote))
	res := &PushResult{Sheet: BuildSheet(local, rest)}
	var plugin, users, removeRel, addRel []Change
	var addUsers, addRels, delRels []DataMapping
	for _, c := range writable {
		switch c.Target.Kind {
		case TargetPlugin:
			plugin = append(plugin, c)
		case TargetUser:
			users = append(users, c)
			addUsers = append(addUsers, DataMapping{InternalID: c.Target.Row, ExternalKey: c.Local, Primary: true})
		case TargetRelease:
			if c.Kind != Added {
				removeRel = append(removeRel, c)
				delRels = append(delRels, DataMapping{ProjectID: productID, InternalID: c.Target.Row, ExternalKey: c.Remote, Primary: true})
			}
			if c.Kind != Removed {
				addRel = append(addRel, c)
				addRels = append(addRels, DataMapping{ProjectID: productID, InternalID: c.Target.Row, ExternalKey: c.Local, Primary: true})
			}
		}
	}
	step := func(cs []Change, call func() error) error {
		if len(cs) == 0 {
			return nil
		}
		res.Calls++
		if err := call(); err != nil {
			return err
		}
		for _, c := range cs {
			// A changed release mapping is removed then added: count it once.
			if !slices.Contains(res.Written, c) {
				res.Written = append(res.Written, c)
			}
		}
		return nil
	}
	err := errors.Join(
		step(plugin, func() error {
			if err := s.UpdateDataSync(ctx, local.Plugin); err != nil {
				return fmt.Errorf("write the plug-in record: %w", err)
			}
			res.Notes = append(res.Notes, extendedPushNote(local.Plugin.Name))
			return nil
		}),
		step(users, func() error {
			if err := s.AddUserMappings(ctx, pluginID, addUsers); err != nil {
				return fmt.Errorf("add user mappings: %w", err)
			}
			return nil
		}),
	)
	if err != nil {
		return res, err
	}
	// Spira adds artifact mappings only for releases with none, so a
	// changed mapping is removed first and added again.
	if err := step(removeRel, func() error {
		if err := s.RemoveArtifactMappings(ctx, pluginID, productID, ArtifactTypeRelease, delRels); err != nil {
			return fmt.Errorf("remove release mappings: %w", err)
		}
		return nil
	}); err != nil {
		return res, err
	}
	if err := step(addRel, func() error {
		if err := s.AddArtifactMappings(ctx, pluginID, productID, ArtifactTypeRelease, addRels); err != nil {
			return fmt.Errorf("add release mappings: %w", err)
		}
		return nil
	}); err != nil {
		return res, err
	}
	return res, nil
}
