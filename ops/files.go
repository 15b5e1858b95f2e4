package ops

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FileStamp is what this process knows of a file it read or wrote, so that
// a later save can tell whether someone else changed it meanwhile.
type FileStamp struct {
	Path string
	// Known: read or written here; Sum is then its content's hash, or
	// Absent when it did not exist.
	Known  bool
	Absent bool
	Sum    [sha256.Size]byte
}

// StampOf is the stamp of path holding data.
func StampOf(path string, data []byte) FileStamp {
	return FileStamp{Path: path, Known: true, Sum: sha256.Sum256(data)}
}

// ReadStamped reads path and its stamp; a missing file is an Absent stamp
// and no error.
func ReadStamped(path string) ([]byte, FileStamp, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, FileStamp{Path: path, Known: true, Absent: true}, nil
	}
	if err != nil {
		return nil, FileStamp{Path: path}, err
	}
	return data, StampOf(path, data), nil
}

// OverwriteError is a save refused because it would lose a change made to
// the file since it was read.
type OverwriteError struct{ Why string }

func (e *OverwriteError) Error() string { return e.Why + ": not overwritten" }

// ChangedSince says why writing over the file at st.Path would lose
// something ("" when nothing would be lost): it exists and was never read
// here, or it changed since it was read or written here.
func ChangedSince(st FileStamp) (string, error) {
	data, err := os.ReadFile(st.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", err
	case !st.Known:
		return fmt.Sprintf("%s already exists and was not read here", st.Path), nil
	case st.Absent, st.Sum != sha256.Sum256(data):
		return fmt.Sprintf("%s changed since it was read", st.Path), nil
	}
	return "", nil
}

// SaveFile writes data to st.Path atomically, unless that would lose a
// change made to the file since st was taken (force writes anyway: then
// no *OverwriteError). It returns the stamp of what is now on disk.
func SaveFile(st FileStamp, data []byte, force bool) (FileStamp, error) {
	if !force && !sameContent(st.Path, data) {
		why, err := ChangedSince(st)
		if err != nil {
			return st, fmt.Errorf("read %s: %w", st.Path, err)
		}
		if why != "" {
			return st, &OverwriteError{Why: why}
		}
	}
	if err := WriteFileAtomic(st.Path, data, 0o644); err != nil {
		return st, err
	}
	return StampOf(st.Path, data), nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory renamed over it: an interrupted write leaves the old file, not
// half of the new one. An existing file keeps its permissions.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func sameContent(path string, data []byte) bool {
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, data)
}
