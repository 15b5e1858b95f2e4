// Package simkit holds the HTTP scaffolding the Jira and Spira simulators
// share: request counters, latency injection, dropped connections and the
// token bucket behind their rate limits. It knows neither product.
package simkit

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"os"
	"sync"
	"time"
)

// Counter counts requests per key (e.g. "GET /path/{id}"). The zero value
// is ready; it is safe for concurrent use.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

// Add counts one request for key and returns how many key had before it:
// the request's ordinal, from 0.
func (c *Counter) Add(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	n := c.n[key]
	c.n[key] = n + 1
	return n
}

// Snapshot returns a copy of the counts, so callers may keep or change it.
func (c *Counter) Snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.n))
	for k, v := range c.n {
		out[k] = v
	}
	return out
}

// Total is the sum of all counts.
func (c *Counter) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.n {
		n += v
	}
	return n
}

// Reset sets every count to zero.
func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = nil
}

// Delay waits d, the injected latency. It reports false when ctx ends
// first: the client has gone and nothing should be written.
func Delay(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// DropConn closes the connection under w without an answer, as a failing
// server or proxy does. It reports false when w cannot be hijacked (HTTP/2,
// a recorder); each simulator fails its own way then.
func DropConn(w http.ResponseWriter) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

// Bucket is a token bucket refilled on the wall clock, so that a frozen
// test clock cannot starve it. It is not safe for concurrent use: the
// simulators guard it with their own lock.
type Bucket struct {
	tokens float64
	last   time.Time
}

// NewBucket returns a bucket holding tokens, last refilled at now.
func NewBucket(tokens float64, now time.Time) *Bucket {
	return &Bucket{tokens: tokens, last: now}
}

// Refill adds what perSecond has earned since the last refill, up to
// burst, and returns the tokens held.
func (b *Bucket) Refill(now time.Time, perSecond float64, burst int) float64 {
	b.tokens = math.Min(float64(burst), b.tokens+now.Sub(b.last).Seconds()*perSecond)
	b.last = now
	return b.tokens
}

// Take spends one token.
func (b *Bucket) Take() { b.tokens-- }

// Tokens returns the tokens held at the last refill or take.
func (b *Bucket) Tokens() float64 { return b.tokens }

// RetryAfter is how long, at perSecond, until the bucket holds a whole
// token again, in whole seconds as Retry-After says it (at least one).
func (b *Bucket) RetryAfter(perSecond float64) int {
	return max(int(math.Ceil((1-b.tokens)/perSecond)), 1)
}

// Blob is an uploaded file's content, held in memory or, for large
// uploads, in a file.
type Blob struct {
	mem  []byte
	path string
}

// MemBlob holds b in memory.
func MemBlob(b []byte) *Blob { return &Blob{mem: b} }

// FileBlob is the content of the file at path, which Remove deletes.
func FileBlob(path string) *Blob { return &Blob{path: path} }

// Open returns a reader of the content.
func (b *Blob) Open() (io.ReadCloser, error) {
	if b.path != "" {
		return os.Open(b.path)
	}
	return io.NopCloser(bytes.NewReader(b.mem)), nil
}

// Remove deletes the blob's file, if any; a nil blob is a no-op, so error
// paths need not check.
func (b *Blob) Remove() {
	if b != nil && b.path != "" {
		_ = os.Remove(b.path)
	}
}
