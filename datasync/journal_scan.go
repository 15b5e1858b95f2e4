package datasync

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spirajira/spirajira/internal/words"
)

// scanJournal reads a journal and says what it could not read. A last line
// without its newline is the torn line a killed process may leave (each
// entry is one append): expected, ignored, and said. Any other line that is
// not an entry is damage (a disk or an editor): it is said too, because the
// create it recorded may then be repeated unless Spira itself shows it
// (adoptCreated looks there).
func scanJournal(path string) ([]entry, []string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read sync journal: %w", err)
	}
	var out []entry
	var warns []string
	var damaged []int
	torn := false
	lines := bytes.Split(b, []byte{'\n'})
	for i, l := range lines {
		last := i == len(lines)-1 // after the final newline: empty, or torn
		if len(bytes.TrimSpace(l)) == 0 {
			if len(l) > 0 && !last {
				damaged = append(damaged, i+1)
			}
			continue
		}
		var e entry
		if err := json.Unmarshal(l, &e); err == nil && e.Type != "" {
			out = append(out, e)
			continue
		}
		if last {
			torn = true
			continue
		}
		damaged = append(damaged, i+1)
	}
	if len(damaged) > 0 {
		warns = append(warns, fmt.Sprintf("the sync journal %s is damaged: %s %v could not be read and %s skipped. "+
			"A create recorded there is looked for in Spira instead (by its creation date, name and Jira key); "+
			"check this run's plan for items created twice, and the disk the state directory is on",
			path, words.Plural(len(damaged), "line", "lines"), damaged, words.Plural(len(damaged), "was", "were")))
	}
	if torn {
		warns = append(warns, fmt.Sprintf("the sync journal %s ends in a cut-off line (a run was stopped while writing it); it was ignored", path))
	}
	return out, warns, nil
}
