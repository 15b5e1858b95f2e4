package datasync

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

// loadFiles reads the attachments of what the snapshot holds: the Jira
// issues' attachment field (asked for by the search, else read), and the
// file documents of the Spira items Spira says have attachments.
func (e *Engine) loadFiles(ctx context.Context, s *Snapshot) error {
	cfg := e.cfg
	fr := e.filesRun()
	fs := &FileSnapshot{Jira: map[string][]jiraclient.Attachment{}, Spira: map[string][]spiraclient.RemoteDocument{},
		Known: e.st.Files, Pending: fr.pending, MaxSize: cfg.MaxAttachmentSize}
	if fs.MaxSize <= 0 {
		fs.MaxSize = DefaultMaxAttachmentSize
	}
	if fs.Known == nil {
		fs.Known = map[string][]FileRecord{}
	}

	// The Jira side: the issues read, and those of the pairs below.
	issues := slices.Concat(s.Issues, s.Tasks.Issues)
	for _, tp := range s.Tasks.Pairs {
		issues = append(issues, JiraItem{Issue: tp.Issue})
	}
	var toRead []string
	for _, it := range issues {
		if s.proposedOnly.issues[it.Issue.Key] {
			continue // only proposed: no file of it is copied this run
		}
		if _, ok := it.Issue.Fields["attachment"]; !ok {
			toRead = append(toRead, it.Issue.Key)
			continue
		}
		as, err := it.Issue.Attachments()
		if err != nil {
			return err
		}
		fs.Jira[it.Issue.Key] = as
	}

	// The pairs: mapped items with both sides read or to read.
	seen := map[string]bool{}
	addPair := func(p FilePair) {
		k := pairKey(p.Type, p.SpiraID)
		if p.JiraKey == "" || seen[k] {
			return
		}
		seen[k] = true
		fs.Pairs = append(fs.Pairs, p)
		if _, ok := fs.Jira[p.JiraKey]; !ok && !slices.Contains(toRead, p.JiraKey) {
			toRead = append(toRead, p.JiraKey)
		}
	}
	// Spira items whose documents to read, by pair key.
	type spiraItem struct {
		typ string
		id  int
	}
	var docs []spiraItem
	want := func(typ string, id int, has bool) {
		if has && !slices.Contains(docs, spiraItem{typ, id}) {
			docs = append(docs, spiraItem{typ, id})
		}
	}
	typeOf := func(is jiraclient.Issue) string {
		if t := is.IssueType(); t != nil {
			return t.ID
		}
		return ""
	}
	for _, it := range s.Issues {
		switch {
		case it.Incident != nil:
			addPair(FilePair{Type: "incident", SpiraID: it.Incident.IncidentID, JiraKey: it.Issue.Key, JiraID: it.Issue.ID, IssueType: typeOf(it.Issue)})
			want("incident", it.Incident.IncidentID, it.Incident.IsAttachments)
		case it.Requirement != nil:
			addPair(FilePair{Type: "requirement", SpiraID: it.Requirement.RequirementID, JiraKey: it.Issue.Key, JiraID: it.Issue.ID, IssueType: typeOf(it.Issue)})
			want("requirement", it.Requirement.RequirementID, it.Requirement.IsAttachments)
		}
	}
	for _, it := range s.ChangedIncidents {
		addPair(FilePair{Type: "incident", SpiraID: it.Incident.IncidentID, JiraKey: s.IncidentKeys[it.Incident.IncidentID]})
		want("incident", it.Incident.IncidentID, it.Incident.IsAttachments)
	}
	for _, it := range s.ChangedRequirements {
		addPair(FilePair{Type: "requirement", SpiraID: it.Requirement.RequirementID, JiraKey: s.RequirementKeys[it.Requirement.RequirementID]})
		want("requirement", it.Requirement.RequirementID, it.Requirement.IsAttachments)
	}
	for _, tp := range s.Tasks.Pairs {
		addPair(FilePair{Type: "task", SpiraID: tp.Task.TaskID, JiraKey: tp.Issue.Key, JiraID: tp.Issue.ID, IssueType: typeOf(tp.Issue)})
		want("task", tp.Task.TaskID, tp.Task.IsAttachments)
	}
	for _, it := range s.NewIncidents {
		want("incident", it.Incident.IncidentID, it.Incident.IsAttachments && !s.proposedOnly.incidents[it.Incident.IncidentID])
	}
	for _, it := range s.NewRequirements {
		want("requirement", it.Requirement.RequirementID, it.Requirement.IsAttachments)
	}
	for _, it := range s.Tasks.New {
		want("task", it.Task.TaskID, it.Task.IsAttachments)
	}

	g := newGroup(cfg.Concurrency)
	var mu sync.Mutex
	g.Go(func() error {
		if s.Mapping.Plugin.Settings().NoAttachments || len(docs) == 0 {
			return nil // nothing goes to Jira: no Spira file is read
		}
		set, err := cfg.Jira.AttachmentSettings(ctx)
		if err != nil {
			return wrap(err, "read Jira's attachment settings")
		}
		mu.Lock()
		fs.JiraLimit, fs.JiraOff = set.UploadLimit, !set.Enabled
		mu.Unlock()
		return nil
	})
	for _, key := range toRead {
		g.Go(func() error {
			as, err := cfg.Jira.IssueAttachments(ctx, key)
			if err != nil {
				return wrap(err, "read the attachments of "+key)
			}
			mu.Lock()
			fs.Jira[key] = as
			mu.Unlock()
			return nil
		})
	}
	for _, d := range docs {
		g.Go(func() error {
			all, err := cfg.Spira.ArtifactDocuments(ctx, s.ProductID, spiraTypeID(d.typ), d.id)
			if err != nil {
				return wrap(err, fmt.Sprintf("read the documents of %s %d", d.typ, d.id))
			}
			var files []spiraclient.RemoteDocument
			for _, doc := range all {
				if doc.AttachmentTypeID == spiraclient.AttachmentTypeFile {
					files = append(files, doc)
				}
			}
			mu.Lock()
			fs.Spira[pairKey(d.typ, d.id)] = files
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// Oldest first, so plans read the same run after run.
	for _, as := range fs.Jira {
		slices.SortFunc(as, func(a, b jiraclient.Attachment) int { return cmpID(a.ID, b.ID) })
	}
	for _, ds := range fs.Spira {
		slices.SortFunc(ds, func(a, b spiraclient.RemoteDocument) int { return a.AttachmentID - b.AttachmentID })
	}
	slices.SortFunc(fs.Pairs, func(a, b FilePair) int {
		return strings.Compare(pairKey(a.Type, a.SpiraID), pairKey(b.Type, b.SpiraID))
	})
	s.Files = fs
	return nil
}

// cmpID orders numeric IDs by number, others by text.
func cmpID(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
