package sandbox

import (
	"fmt"
	"strings"
)

// The sandbox's files, so that the demo shows attachments going both ways:
// a Jira bug the first sync brings to Spira carries a log, and a Spira
// incident the first sync sends to Jira carries a document.
const (
	// FileBugSummary is the Jira bug with an attachment.
	FileBugSummary = "Barcode scanner input loses the last digit"
	FileBugName    = "scanner-trace.log"
	// FileIncidentID is the Spira incident with a document.
	FileIncidentID   = 3
	FileIncidentName = "receipt-printer.log"
)

// artifactTypeIncident is Spira's artifact type ID of incidents.
const artifactTypeIncident = 3

func (sb *Sandbox) seedFiles() error {
	var key string
	for _, k := range sb.Jira.IssueKeys() {
		if is, ok := sb.Jira.Issue(k); ok && is.Summary == FileBugSummary {
			key = k
			break
		}
	}
	if key == "" {
		return fmt.Errorf("sandbox: no Jira issue %q to attach a file to", FileBugSummary)
	}
	var log strings.Builder
	for i := range 40 {
		fmt.Fprintf(&log, "2026-03-0%d 09:%02d:11 scanner: read 97801234567%d -> 9780123456%d (last digit lost)\n", 1+i%9, i, i%10, i/10)
	}
	if _, err := sb.Jira.AddAttachment(key, FileBugName, strings.NewReader(log.String())); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	doc := "Receipt printer, branch 2, after the 14:02 renewal:\nERROR paper jam sensor tripped while the roll was full\n"
	if _, err := sb.Spira.AddFileDocument(ProductID, artifactTypeIncident, FileIncidentID, FileIncidentName, strings.NewReader(doc)); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	return nil
}
