package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spirajira/spirajira/mapping"
)

// The writers a mapping file's stamp names.
const (
	writerPull    = "mapping pull"
	writerAutomap = "mapping automap"
)

// mayReplace decides whether pull may replace the mapping file with data
// (the pulled mapping p) without asking: when the file is what would be
// written anyway, or is exactly what a pull wrote (a refresh loses
// nothing), or what another spirajira command wrote and holds nothing that
// Spira lacks. Anything else (an edit, a file from elsewhere) needs a yes
// on a terminal or --force.
func (o *MappingPullOptions) mayReplace(local, p *mapping.Product, data []byte) error {
	old, err := os.ReadFile(o.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if bytes.Equal(old, data) {
		return nil
	}
	writer, intact := mapping.ReadStamp(old)
	var why string
	switch {
	case intact && writer == writerPull:
		return nil
	case intact && local != nil && len(mapping.Diff(local, p)) == 0:
		return nil
	case intact:
		why = fmt.Sprintf("holds changes that spirajira's %s wrote and Spira does not have", writer)
	case writer != "":
		why = "was edited since spirajira wrote it"
	default:
		why = "was not written by 'spirajira mapping pull' (or its mark was removed)"
	}
	if o.IO.CanPrompt() {
		ok, err := confirm(o.IO, fmt.Sprintf("%s %s. Replace it with Spira's mapping?", o.File, why))
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintf(o.IO.ErrOut, "%s kept, nothing written.\n", o.File)
			return fmt.Errorf("%w%s kept", errSilent, o.File)
		}
		return nil
	}
	return fmt.Errorf("%s %s and would be overwritten: run 'spirajira mapping diff -f %s' to see how it differs from Spira, then pull with --force to replace it (or -f another file)", o.File, why, o.File)
}
