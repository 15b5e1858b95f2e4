package filelock

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestMain holds a lock until killed when started as the child of
// TestAKilledHolderLeavesNoStaleLock.
func TestMain(m *testing.M) {
	if path := os.Getenv("FILELOCK_CHILD_PATH"); path != "" {
		l, err := TryLock(path)
		if err != nil {
			os.Exit(3)
		}
		_ = l.WriteInfo([]byte("child"))
		os.Stdout.WriteString("locked\n")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestASecondLockIsRefusedUntilTheFirstIsReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	first, err := TryLock(path)
	require.NoError(t, err)
	require.NoError(t, first.WriteInfo([]byte(`{"pid":1}`)))

	_, err = TryLock(path)
	require.ErrorIs(t, err, ErrHeld)
	require.Equal(t, `{"pid":1}`, string(ReadInfo(path)), "the holder's info stays readable")

	require.NoError(t, first.WriteInfo(nil))
	require.NoError(t, first.Unlock())
	second, err := TryLock(path)
	require.NoError(t, err)
	require.Empty(t, ReadInfo(path), "the holder cleared its info before it let go")
	require.NoError(t, second.Unlock())
}

func TestWaitTakesTheLockOnceReleasedOrGivesUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	first, err := TryLock(path)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = Wait(ctx, path, 10*time.Millisecond)
	require.ErrorIs(t, err, ErrHeld)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	go func() {
		time.Sleep(100 * time.Millisecond)
		_ = first.Unlock()
	}()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	l, err := Wait(ctx2, path, 10*time.Millisecond)
	require.NoError(t, err)
	require.NoError(t, l.Unlock())
}

func TestAKilledHolderLeavesNoStaleLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FILELOCK_CHILD_PATH="+path)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked\n", line)

	_, err = TryLock(path)
	require.ErrorIs(t, err, ErrHeld, "the child holds it")

	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l, err := Wait(ctx, path, 10*time.Millisecond)
	require.NoError(t, err, "the OS released the killed process's lock")
	require.Equal(t, "child", string(ReadInfo(path)), "a killed holder's info stays, for the next to read")
	require.NoError(t, l.Unlock())
}
