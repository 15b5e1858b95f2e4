// Package filelock takes exclusive OS locks on files: flock(2) on Unix,
// LockFileEx on Windows. The OS drops a lock when its process ends, however
// it ends, so a killed run never leaves a stale lock behind.
package filelock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrHeld means another process holds the lock.
var ErrHeld = errors.New("the lock is held by another process")

// Lock is a held lock on one file.
type Lock struct {
	f *os.File
}

// TryLock takes the lock on path at once, creating the file, or fails with
// ErrHeld. The file's content is not locked against reading, so the holder
// can write who it is there (WriteInfo) for the others to read (ReadInfo).
func TryLock(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Wait takes the lock on path, trying again every poll until ctx ends. It
// returns ErrHeld (wrapped with ctx's error) when ctx ends first.
func Wait(ctx context.Context, path string, poll time.Duration) (*Lock, error) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		l, err := TryLock(path)
		if !errors.Is(err, ErrHeld) {
			return l, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (%w)", ErrHeld, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// WriteInfo replaces the lock file's content with info.
func (l *Lock) WriteInfo(info []byte) error {
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt(info, 0)
	return err
}

// Unlock releases the lock, leaving the info as it is (WriteInfo(nil)
// clears it). The file stays: removing it would let a process that opened
// it before the removal lock a file nobody else sees.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// ReadInfo reads what the holder of the lock on path, or its last holder,
// wrote there.
func ReadInfo(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}
