package datasync

import (
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

var memSizes = flag.String("datasync.memsizes", "2000,20000",
	"BenchmarkSyncMemory: the numbers of new Jira issues to measure (add 100000 for the large case, minutes on 2 cores)")

// BenchmarkSyncMemory measures how the memory of a first sync grows with
// the number of new Jira issues: a dry-run (Load and Plan) and a real run
// (Apply too), each reporting the peak heap and the peak RSS the run adds
// to what the process held before it (the simulators keep their data in
// the same process, so their share is there before the run starts).
//
//	go test ./datasync -run '^$' -bench SyncMemory -benchtime 1x
//	go test ./datasync -run '^$' -bench SyncMemory -benchtime 1x -datasync.memsizes 2000,20000,100000
//
// The goal (issue "Scale"): 20,000 at most 1.5 times 2,000, and 100,000
// under 256 MB. Today the engine holds the whole snapshot, so the figures
// grow with the issues.
func BenchmarkSyncMemory(b *testing.B) {
	for _, f := range strings.Split(*memSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		require.NoError(b, err, "-datasync.memsizes takes numbers, e.g. 2000,20000")
		for _, mode := range []string{"dry-run", "run"} {
			b.Run(fmt.Sprintf("%d/%s", n, mode), func(b *testing.B) {
				for range b.N {
					b.StopTimer()
					w := newWorld(b, worldOpts{})
					w.sync() // the demo data first, so that the run holds only the new issues
					for i := range n {
						_, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: fmt.Sprintf("Jira item %06d", i)})
						require.NoError(b, err)
					}
					runtime.GC()
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					heapBefore, rssBefore := ms.HeapInuse, rssHWM()
					reset := resetHWM()
					if reset {
						rssBefore = rssHWM()
					}
					stop := peakHeap()
					b.StartTimer()
					e := w.engine(false)
					_, err := e.Load(ctx)
					require.NoError(b, err)
					plan := e.snap.Plan()
					var failed int
					if mode == "run" {
						rep, err := e.Apply(ctx, plan, nil)
						require.NoError(b, err)
						failed = len(rep.Failures)
					}
					b.StopTimer()
					heap := stop()
					rss := rssHWM()
					require.Zero(b, failed)
					require.GreaterOrEqual(b, len(plan.Actions), n, "every new issue is planned")
					heapMB := float64(max(heap, heapBefore)-heapBefore) / (1 << 20)
					rssMB := float64(max(rss, rssBefore)-rssBefore) / (1 << 20)
					b.ReportMetric(heapMB, "peak-heap-MB")
					b.ReportMetric(rssMB, "peak-RSS-MB")
					note := ""
					if !reset {
						note = " (the RSS high-water mark could not be reset: RSS is the process's since it began)"
					}
					b.Logf("%d new issues, %s: the run adds a peak heap of %.1f MB and a peak RSS of %.1f MB (%.1f KB per issue)%s",
						n, mode, heapMB, rssMB, heapMB*1024/float64(n), note)
				}
			})
		}
	}
}
