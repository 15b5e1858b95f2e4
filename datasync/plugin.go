package datasync

import (
	"context"
	"fmt"
)

// confirmPlugin reads the plug-in record, which must exist: Spira's
// data-mapping reads answer an ID without a record with nothing (every
// artifact would look unmapped and be created again), and its run results
// answer 200 without recording anything.
func (e *Engine) confirmPlugin(ctx context.Context) error {
	if _, err := e.cfg.Spira.DataSync(ctx, e.cfg.PluginID); err != nil {
		return fmt.Errorf("read data-sync plug-in %d: %w", e.cfg.PluginID, err)
	}
	return nil
}
