package tui

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// fileStamp is what this session knows of a file it reads or writes: its
// content's hash when it last read or wrote it, so that a save does not
// overwrite a change made since (by hand, or by another session).
type fileStamp struct {
	path string
	// known: read or written by this session; sum is then its content's
	// hash, or absent when it did not exist.
	known  bool
	absent bool
	sum    [sha256.Size]byte
}

func stampOf(path string, data []byte) fileStamp {
	return fileStamp{path: path, known: true, sum: sha256.Sum256(data)}
}

// absPath is path made absolute, so that what is said is where the file is
// whatever the directory the TUI was started in.
func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

// changedSince says why writing over the file at st.path would lose
// something ("" when nothing would be lost): it exists and this session
// never read it, or it changed since this session read or wrote it.
func changedSince(st fileStamp) (string, error) {
	data, err := os.ReadFile(st.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", err
	case !st.known:
		return fmt.Sprintf("%s already exists and was not read here", st.path), nil
	case st.absent, st.sum != sha256.Sum256(data):
		return fmt.Sprintf("%s changed since it was read", st.path), nil
	}
	return "", nil
}

// writeAtomic writes data to path through a temporary file in the same
// directory renamed over it: an interrupted write leaves the old file, not
// half of the new one.
func writeAtomic(path string, data []byte, perm fs.FileMode) error {
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm() // keep the permissions the user gave it
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

// sameContent is true when the file at path holds data already.
func sameContent(path string, data []byte) bool {
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, data)
}
