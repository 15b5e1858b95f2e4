package datasync

import (
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Attachments: Jira issue attachments <-> Spira file documents, as the
// plug-in syncs them (real-spira-2026 J10): created in the other system on
// create and on update, in the directions the artifact flows, off with
// the Sync Mode option NoAttachments.
//
// A file is known on both sides by a FileRecord in the state: its name,
// size and SHA-256 (hashed while it streamed across) and its ID on each
// side. A file whose ID a record holds is never sent again either way
// (no echo). A file of the same name and size on the other side that no
// record claims is taken for the same once their contents hash the same:
// what a run stopped mid-upload leaves. Content streams from one side to
// the other, so memory holds buffers, never a file.
//
// The copies run in their own phase, after the items' own writes, one
// item per pair so that one pair's files go one after the other.

// DefaultMaxAttachmentSize is the largest file a run copies unless
// Config.MaxAttachmentSize says otherwise.
const DefaultMaxAttachmentSize = 100 << 20

// phaseFiles runs after releases (0), items (1) and links (2).
const phaseFiles = 3

// FileSnapshot is what Plan needs of the attachments.
type FileSnapshot struct {
	// Jira holds the attachments of each issue read, by key.
	Jira map[string][]jiraclient.Attachment
	// Spira holds the file documents of each Spira item read, by pair key
	// ("incident:12"); URL documents are left out.
	Spira map[string][]spiraclient.RemoteDocument
	// Pairs are the mapped pairs both of whose sides were read.
	Pairs []FilePair
	// Known are the files on both sides, per pair key (the state's).
	Known map[string][]FileRecord
	// Pending are the uploads an interrupted run began (journal), by file
	// item: they may have reached the other side.
	Pending map[string]bool
	// MaxSize is the largest file copied.
	MaxSize int64
	// JiraLimit is the Jira site's per-file limit (0: unknown); JiraOff
	// says the site has attachments turned off.
	JiraLimit int64
	JiraOff   bool
}

// FilePair is a Spira item and its Jira issue.
type FilePair struct {
	Type    string `json:"type"` // incident, requirement, task
	SpiraID int    `json:"spiraId"`
	JiraKey string `json:"jiraKey"`
	JiraID  string `json:"jiraId,omitempty"`
	// IssueType is the issue's type ID, where the issue was read.
	IssueType string `json:"issueType,omitempty"`
}

// FileRecord is a file known on both sides.
type FileRecord struct {
	Name    string `json:"name"`
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256,omitempty"`
	JiraID  string `json:"jiraId"`
	SpiraID int    `json:"spiraId"`
	// From is the side the file came from: jira or spira.
	From string `json:"from"`
}

// FileOp copies one file, or records one found on both sides.
type FileOp struct {
	Type    string `json:"type"`
	SpiraID int    `json:"spiraId,omitempty"`
	JiraKey string `json:"jiraKey,omitempty"`
	JiraID  string `json:"jiraId,omitempty"`
	// CreatedBy is the action creating the target item this run: its
	// result is the Jira key (From spira) or the Spira ID (From jira).
	CreatedBy string `json:"createdBy,omitempty"`
	// From is the source side: jira or spira; SourceID the file's ID there.
	From     string `json:"from"`
	SourceID string `json:"sourceId"`
	Name     string `json:"name"`
	Size     int64  `json:"size"`
	// TargetID is a file of the same name and size on the other side:
	// recorded, not copied, once both hash the same.
	TargetID string `json:"targetId,omitempty"`
}

const (
	srcJira  = "jira"
	srcSpira = "spira"
)

// Journal entry types of the copies: an intent before the upload, done
// with the record after it.
const (
	entryFileIntent = "file-intent"
	entryFileDone   = "file-done"
)

func pairKey(typ string, spiraID int) string { return typ + ":" + strconv.Itoa(spiraID) }

func fileItem(pair, from, sourceID string) string {
	return "file:" + pair + ":" + from + ":" + sourceID
}

var fileTypes = map[string]bool{"incident": true, "requirement": true, "task": true}

func spiraTypeID(typ string) int {
	switch typ {
	case "requirement":
		return mapping.ArtifactTypeRequirement
	case "task":
		return mapping.ArtifactTypeTask
	}
	return mapping.ArtifactTypeIncident
}

// fileRun is the attachments' share of an engine's run: what the journal
// told of earlier runs' uploads, and the issues to read again next run.
type fileRun struct {
	mu      sync.Mutex
	pending map[string]bool
	retry   []string
}

func (e *Engine) filesRun() *fileRun {
	if e.files == nil {
		e.files = &fileRun{pending: map[string]bool{}}
	}
	return e.files
}

// fileEntries takes the journal's file lines into the state: a done line
// the state lacks (the run was stopped before it saved) becomes a record,
// an intent without its done line a pending upload.
func (e *Engine) fileEntries(es []entry) {
	fr := e.filesRun()
	done := map[string]bool{}
	for _, en := range es {
		if en.Type == entryFileDone {
			done[en.Item] = true
		}
	}
	for _, en := range es {
		switch {
		case en.Type == entryFileIntent && !done[en.Item]:
			fr.pending[en.Item] = true
		case en.Type == entryFileDone && en.File != nil:
			e.st.addFile(pairKey(en.Artifact, en.SpiraID), *en.File)
		}
	}
}

// addFile records a file unless a record of it is there.
func (st *state) addFile(pair string, r FileRecord) {
	if st.Files == nil {
		st.Files = map[string][]FileRecord{}
	}
	for _, x := range st.Files[pair] {
		if x.JiraID == r.JiraID && x.SpiraID == r.SpiraID {
			return
		}
	}
	st.Files[pair] = append(st.Files[pair], r)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// planFiles adds the copies of files: for the items this plan creates, in
// the direction of the create, and for the pairs read, in the directions
// of their updates (and of their create, for a pair whose files no run has
// looked at yet: one a stopped run created, or one created before this
// engine copied files).
func (p *planner) planFiles() {
	fs := p.s.Files
	if fs == nil {
		return
	}
	for _, a := range slices.Clone(p.out) {
		if a.Kind != KindCreate || a.Op == nil || a.Op.Adopt || a.Op.SameName || a.Op.File != nil || !fileTypes[a.Artifact.Type] {
			continue
		}
		side := FileOp{Type: a.Artifact.Type, CreatedBy: a.ID}
		switch {
		case a.Direction == SpiraToJira && a.Artifact.SpiraID != 0:
			side.SpiraID = a.Artifact.SpiraID
			p.filesOf(side, "files:"+a.Item, nil, fs.Spira[pairKey(a.Artifact.Type, a.Artifact.SpiraID)], true, false)
		case a.Direction == JiraToSpira && a.Artifact.JiraKey != "":
			side.JiraKey, side.JiraID = a.Artifact.JiraKey, a.Artifact.JiraID
			p.filesOf(side, "files:"+a.Item, fs.Jira[a.Artifact.JiraKey], nil, false, true)
		}
	}
	for _, pr := range fs.Pairs {
		if p.ix.skipped(pr.IssueType) {
			continue // Types to Skip: never synced
		}
		fl := p.flow(flowKind(pr.Type))
		way := fl.Update
		if _, looked := fs.Known[pairKey(pr.Type, pr.SpiraID)]; !looked {
			way |= fl.Create
		}
		side := FileOp{Type: pr.Type, SpiraID: pr.SpiraID, JiraKey: pr.JiraKey, JiraID: pr.JiraID}
		p.filesOf(side, "files:"+pairKey(pr.Type, pr.SpiraID), fs.Jira[pr.JiraKey], fs.Spira[pairKey(pr.Type, pr.SpiraID)], way.ToJira(), way.ToSpira())
	}
}

// filesOf plans the files of one pair (or of an item being created, whose
// other side has none yet).
func (p *planner) filesOf(side FileOp, item string, jira []jiraclient.Attachment, spira []spiraclient.RemoteDocument, toJira, toSpira bool) {
	fs := p.s.Files
	off := p.ix.set.NoAttachments
	pair := ""
	claimedJ, claimedS := map[string]bool{}, map[int]bool{}
	if side.SpiraID != 0 {
		pair = pairKey(side.Type, side.SpiraID)
		for _, r := range fs.Known[pair] {
			claimedJ[r.JiraID], claimedS[r.SpiraID] = true, true
		}
	}
	art := Artifact{Type: side.Type, SpiraID: side.SpiraID, JiraKey: side.JiraKey, JiraID: side.JiraID}
	add := func(a Action) {
		a.Item, a.Phase, a.Artifact = item, phaseFiles, art
		p.add(a)
	}
	// Unclaimed files of the same name and size on both sides are one
	// file (a stopped run's upload, or one attached on both sides).
	if !off {
		for _, j := range jira {
			if claimedJ[j.ID] {
				continue
			}
			for _, d := range spira {
				if claimedS[d.AttachmentID] || d.FilenameOrURL != j.Filename || int64(d.Size) != j.Size {
					continue
				}
				claimedJ[j.ID], claimedS[d.AttachmentID] = true, true
				op := side
				op.From, op.SourceID, op.Name, op.Size, op.TargetID = srcJira, j.ID, j.Filename, j.Size, strconv.Itoa(d.AttachmentID)
				why := "on both sides already"
				if pair != "" && (fs.Pending[fileItem(pair, srcJira, j.ID)] || fs.Pending[fileItem(pair, srcSpira, op.TargetID)]) {
					why = "sent by an interrupted run"
				}
				add(Action{Kind: KindUpdate, Direction: JiraToSpira,
					Summary: fmt.Sprintf("record the file %q (%s), %s: compared by content, copied only if it differs", j.Filename, humanSize(j.Size), why),
					Op:      &Op{File: &op}})
				break
			}
		}
	}
	copyOne := func(from, id, name string, size int64) {
		dir, to := JiraToSpira, "Spira"
		if from == srcSpira {
			dir, to = SpiraToJira, "Jira"
		}
		change := []Change{{Field: "attachment", After: fmt.Sprintf("%s (%s)", name, humanSize(size))}}
		reason := ""
		switch {
		case off:
			reason = fmt.Sprintf("file %q not copied to %s: the Sync Mode option %s is set", name, to, mapping.OptionNoAttachments)
		case size > fs.MaxSize:
			reason = fmt.Sprintf("file %q (%s) not copied to %s: it is over the %s cap of a run (sync --max-attachment-mb)", name, humanSize(size), to, humanSize(fs.MaxSize))
		case to == "Jira" && fs.JiraOff:
			reason = fmt.Sprintf("file %q not copied to Jira: the Jira site has attachments turned off (Jira admin: System > Attachments)", name)
		case to == "Jira" && fs.JiraLimit > 0 && size > fs.JiraLimit:
			reason = fmt.Sprintf("file %q (%s) not copied to Jira: it is over the site's attachment limit of %s (Jira admin: System > Attachments)", name, humanSize(size), humanSize(fs.JiraLimit))
		}
		if reason != "" {
			add(Action{Kind: KindSkip, Direction: dir, Summary: "file not copied", Reason: reason, Changes: change})
			return
		}
		op := side
		op.From, op.SourceID, op.Name, op.Size = from, id, name, size
		add(Action{Kind: KindUpdate, Direction: dir, Summary: fmt.Sprintf("copy the file %q (%s) to %s", name, humanSize(size), to),
			Changes: change, Op: &Op{File: &op}})
	}
	if toSpira {
		for _, j := range jira {
			if !claimedJ[j.ID] {
				copyOne(srcJira, j.ID, j.Filename, j.Size)
			}
		}
	}
	if toJira {
		for _, d := range spira {
			if !claimedS[d.AttachmentID] {
				copyOne(srcSpira, strconv.Itoa(d.AttachmentID), d.FilenameOrURL, int64(d.Size))
			}
		}
	}
}
