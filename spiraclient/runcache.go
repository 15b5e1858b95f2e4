package spiraclient

import (
	"context"
	"regexp"
	"strings"
	"sync"
)

// WithRunCache returns a context under which the client reads each of
// the lists a sync run needs several times (the product, its users,
// components and releases, the template's lookups and custom property
// definitions, the current user, the artifact mappings) once: a second
// read of the same URL with the context is answered from the first.
// Any write the client sends under the context forgets the cached reads
// of its resource (a path one is a prefix of the other's), whatever the
// write's outcome, so that a run reads back what it wrote. Reads that must
// be fresh each time (the plug-in record, the server time, artifacts,
// comments, the event log) are never cached. Use one context per run: the
// cache lives as long as it.
func WithRunCache(ctx context.Context) context.Context {
	if runCacheFrom(ctx) != nil {
		return ctx
	}
	return context.WithValue(ctx, runCacheKey{}, &runCache{entries: map[string]cachedRead{}, reading: map[string]chan struct{}{}})
}

type runCacheKey struct{}

type runCache struct {
	mu      sync.Mutex
	entries map[string]cachedRead
	// reading holds the reads on their way, so that two at once of the
	// same URL (the mapping reads its lookups concurrently) send one.
	reading map[string]chan struct{}
}

type cachedRead struct {
	path string // relative to the service root, for invalidation
	body []byte
}

func runCacheFrom(ctx context.Context) *runCache {
	rc, _ := ctx.Value(runCacheKey{}).(*runCache)
	return rc
}

// cacheablePaths are the reads WithRunCache keeps: lists that change only
// by an administrator's hand or by the run's own writes.
var cacheablePaths = []*regexp.Regexp{
	regexp.MustCompile(`^project-templates/\d+/`),
	regexp.MustCompile(`^projects/\d+$`),
	regexp.MustCompile(`^projects/\d+/(users|components|releases)$`),
	regexp.MustCompile(`^projects/\d+/data-mappings/\d+/artifacts/\d+$`),
	regexp.MustCompile(`^users$`),
}

func cacheable(path string) bool {
	for _, re := range cacheablePaths {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

func (c *Client) cacheKey(r request) string {
	return c.base.String() + "\x00" + strings.TrimPrefix(r.path, "/") + "?" + r.query.Encode()
}

// get returns the cached answer of key, waiting for a read of it on its
// way; when there is none, the caller reads and must call done after put
// (or on failure).
func (rc *runCache) get(ctx context.Context, key string) (body []byte, ok bool, done func()) {
	for {
		rc.mu.Lock()
		if e, ok := rc.entries[key]; ok {
			rc.mu.Unlock()
			return e.body, true, nil
		}
		wait, busy := rc.reading[key]
		if !busy {
			ch := make(chan struct{})
			rc.reading[key] = ch
			rc.mu.Unlock()
			return nil, false, func() {
				rc.mu.Lock()
				delete(rc.reading, key)
				rc.mu.Unlock()
				close(ch)
			}
		}
		rc.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, false, func() {}
		}
	}
}

func (rc *runCache) put(key, path string, body []byte) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.entries[key] = cachedRead{path: path, body: append([]byte(nil), body...)}
}

// projectRecord is the product's own record, which writes to the
// artifacts under it do not change.
var projectRecord = regexp.MustCompile(`^projects/\d+$`)

// forget drops the cached reads a write to path may change: the same
// resource, those under it, and a list that holds it.
func (rc *runCache) forget(path string) {
	path = strings.TrimPrefix(path, "/")
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for k, e := range rc.entries {
		under := strings.HasPrefix(e.path, path+"/")
		holds := strings.HasPrefix(path, e.path+"/") && !projectRecord.MatchString(e.path)
		if e.path == path || under || holds {
			delete(rc.entries, k)
		}
	}
}
