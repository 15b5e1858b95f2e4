package datasync

import (
	"context"
	"fmt"

	"github.com/spirajira/spirajira/spiraclient"
)

// confirmPlugin reads the plug-in record, which must exist: Spira's
// data-mapping reads answer an ID without a record with nothing (every
// artifact would look unmapped and be created again), and its run results
// answer 200 without recording anything.
func (e *Engine) confirmPlugin(ctx context.Context) error {
	_, err := e.readPlugin(ctx)
	return err
}

func (e *Engine) readPlugin(ctx context.Context) (*spiraclient.RemoteDataSyncSystem, error) {
	ds, err := e.cfg.Spira.DataSync(ctx, e.cfg.PluginID)
	if err != nil {
		return nil, fmt.Errorf("read data-sync plug-in %d: %w", e.cfg.PluginID, err)
	}
	return ds, nil
}

// pluginForLoad is the plug-in record Load reads the watermark from: the
// one Begin read just before it took the lease at the first try (the lease
// settles for seconds, which a read after it would not make safer: Spira's
// own service does not heed the lease), or a fresh read.
func (e *Engine) pluginForLoad(ctx context.Context) (*spiraclient.RemoteDataSyncSystem, error) {
	if ds := e.begun; ds != nil {
		e.begun = nil
		return ds, nil
	}
	return e.readPlugin(ctx)
}
