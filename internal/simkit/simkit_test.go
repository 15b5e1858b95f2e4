package simkit

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCounterConcurrentAdds(t *testing.T) {
	var c Counter
	const workers, each = 8, 500
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				c.Add("GET /a")
				if w%2 == 0 {
					c.Add("POST /b")
				}
				_ = c.Snapshot()
				_ = c.Total()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, map[string]int{"GET /a": workers * each, "POST /b": workers / 2 * each}, c.Snapshot())
	assert.Equal(t, workers*each+workers/2*each, c.Total())
}

func TestCounterAddReturnsOrdinal(t *testing.T) {
	var c Counter
	assert.Equal(t, 0, c.Add("k"))
	assert.Equal(t, 1, c.Add("k"))
	assert.Equal(t, 0, c.Add("other"), "each key counts on its own")
}

func TestCounterReset(t *testing.T) {
	var c Counter
	c.Add("k")
	c.Add("k")
	c.Reset()
	assert.Empty(t, c.Snapshot())
	assert.Zero(t, c.Total())
	assert.Equal(t, 0, c.Add("k"), "counting starts again from zero")
}

func TestCounterSnapshotIsACopy(t *testing.T) {
	var c Counter
	c.Add("k")
	snap := c.Snapshot()
	snap["k"] = 99
	snap["new"] = 1
	c.Add("k")
	assert.Equal(t, map[string]int{"k": 2}, c.Snapshot())
	assert.Equal(t, 99, snap["k"], "later counting leaves a snapshot alone")
}

func TestDelay(t *testing.T) {
	assert.True(t, Delay(context.Background(), 0))

	start := time.Now()
	assert.True(t, Delay(context.Background(), 20*time.Millisecond))
	assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start = time.Now()
	assert.False(t, Delay(ctx, time.Minute), "a cancelled request stops waiting")
	assert.Less(t, time.Since(start), time.Second)
}

func TestDropConn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !DropConn(w) {
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	defer srv.Close()
	_, err := srv.Client().Get(srv.URL)
	require.Error(t, err, "the client sees the connection close, not an answer")

	assert.False(t, DropConn(httptest.NewRecorder()), "a recorder cannot be hijacked")
}

func TestBucket(t *testing.T) {
	t0 := time.Now()
	b := NewBucket(2, t0)
	assert.Equal(t, 2.0, b.Refill(t0, 1, 2))
	b.Take()
	b.Take()
	assert.Equal(t, 0.0, b.Refill(t0, 1, 2))
	assert.Equal(t, 2, b.RetryAfter(0.5), "a token takes two seconds at 0.5/s")
	assert.Equal(t, 0.5, b.Refill(t0.Add(time.Second), 0.5, 2))
	assert.Equal(t, 1, b.RetryAfter(0.5), "never less than a second")
	assert.Equal(t, 2.0, b.Refill(t0.Add(time.Hour), 0.5, 2), "a bucket holds no more than burst")
	assert.Equal(t, 2.0, b.Tokens())
}

func TestBlob(t *testing.T) {
	read := func(b *Blob) string {
		rc, err := b.Open()
		require.NoError(t, err)
		defer rc.Close()
		got, err := io.ReadAll(rc)
		require.NoError(t, err)
		return string(got)
	}
	m := MemBlob([]byte("in memory"))
	assert.Equal(t, "in memory", read(m))
	assert.Equal(t, "in memory", read(m), "each Open reads from the start")
	m.Remove()

	path := filepath.Join(t.TempDir(), "upload")
	require.NoError(t, os.WriteFile(path, []byte("on disk"), 0o600))
	f := FileBlob(path)
	assert.Equal(t, "on disk", read(f))
	f.Remove()
	assert.NoFileExists(t, path)

	var none *Blob
	none.Remove() // error paths remove without checking
}
