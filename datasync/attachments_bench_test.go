package datasync

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// pseudoFile is n bytes of deterministic noise, made as they are read.
type pseudoFile struct {
	n   int64
	rng *rand.ChaCha8
}

func newPseudoFile(n int64) *pseudoFile {
	return &pseudoFile{n: n, rng: rand.NewChaCha8([32]byte{1})}
}

func (p *pseudoFile) Read(b []byte) (int, error) {
	if p.n <= 0 {
		return 0, io.EOF
	}
	b = b[:min(int64(len(b)), p.n)]
	_, _ = p.rng.Read(b)
	p.n -= int64(len(b))
	return len(b), nil
}

// rssHWM reads the process's resident-set high-water mark (Linux), in
// bytes; 0 where it cannot be read.
func rssHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// resetHWM sets the high-water mark to the current RSS (Linux 4.0 and
// later); false where that is not allowed.
func resetHWM() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakHeap samples the heap in use until stop is called, and returns the
// highest value seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// BenchmarkSync50MBAttachment syncs one 50 MB file each way (a Jira bug's
// attachment to its new Spira incident, a Spira incident's document to its
// new Jira issue) with both simulators keeping files on disk, and reports
// the run's peak heap and peak RSS (the goal: under 64 MB).
//
//	go test ./datasync -run '^$' -bench Sync50MB -benchtime 1x
func BenchmarkSync50MBAttachment(b *testing.B) {
	const size = 50 << 20
	for _, dir := range []string{"JiraToSpira", "SpiraToJira"} {
		b.Run(dir, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				w := newWorld(b, worldOpts{custom03: "Bidirectional",
					jira:  []jiratest.Option{jiratest.WithAttachmentDir(b.TempDir())},
					spira: []spiratest.Option{spiratest.WithDocumentDir(b.TempDir())}})
				w.sync()
				var check func()
				if dir == "JiraToSpira" {
					key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "A big core dump"})
					require.NoError(b, err)
					_, err = w.jira.AddAttachment(key, "core.dump", newPseudoFile(size))
					require.NoError(b, err)
					check = func() {
						inc := w.incidentOf(key)
						require.NotNil(b, inc)
						docs := w.spira.FileDocuments(spiratest.ProductID, 3, inc.IncidentID)
						require.Len(b, docs, 1)
						require.Equal(b, size, docs[0].Size)
					}
				} else {
					inc := w.addIncident("A big screen recording", nil)
					_, err := w.spira.AddFileDocument(spiratest.ProductID, 3, inc, "screen.mp4", newPseudoFile(size))
					require.NoError(b, err)
					check = func() {
						as := w.jira.Attachments(w.keyOf(inc))
						require.Len(b, as, 1)
						require.EqualValues(b, size, as[0].Size)
					}
				}
				runtime.GC()
				before := rssHWM()
				reset := resetHWM()
				stop := peakHeap()
				b.StartTimer()
				_, rep := w.sync()
				b.StopTimer()
				heap := stop()
				hwm := rssHWM()
				require.Empty(b, rep.Failures)
				check()
				b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(hwm)/(1<<20), "peak-RSS-MB")
				if !reset {
					b.Logf("the RSS high-water mark could not be reset: %.1f MB is the process's since it began (%.1f MB before the run)",
						float64(hwm)/(1<<20), float64(before)/(1<<20))
				}
				b.Logf("%s, 50 MB: peak heap %.1f MB, peak RSS %.1f MB (simulators, clients and engine in one process)",
					dir, float64(heap)/(1<<20), float64(hwm)/(1<<20))
			}
		})
	}
}
