package tui

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkFilterVersions renders the Jira screen on a tab of 5,000 versions
// and measures one frame: a keystroke into the filter, then View. The target
// is under 16 ms per frame.
func BenchmarkFilterVersions(b *testing.B) {
	rows := make([]CatalogRow, 5000)
	for i := range rows {
		rows[i] = CatalogRow{Cells: []string{fmt.Sprint(20000 + i), fmt.Sprintf("v%d.%d.%d", i/100, i/10%10, i%10), fmt.Sprintf("2026-%02d-%02d", i%12+1, i%28+1), "no"}}
	}
	cat := Catalog{Project: "BIG", Tabs: []CatalogTab{{Name: "Versions", Columns: []string{"ID", "Name", "Release date", "Released"}, Rows: rows}}}
	m := New(bgCtx, &fakeBackend{}, Options{JiraProject: "BIG", NoColor: true})
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, keys("2"))
	m = send(m, catalogMsg{seq: jiraOf(m).load.seq, catalog: cat}, keys("/"))
	if jiraOf(m).tables == nil {
		b.Fatal("the catalog did not load")
	}
	_ = m.View()
	backspace := tea.KeyMsg{Type: tea.KeyBackspace}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		k := keys("7")
		if i%2 == 1 {
			k = backspace
		}
		m = send(m, k)
		_ = m.View()
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N), "ms/frame")
	if shown := jiraOf(m).tables[0].Shown(); shown == 0 {
		b.Fatal("the filter left nothing")
	}
}
