package datasync

import (
	"bytes"
	"crypto/rand"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// fileActions are the plan's attachment actions.
func fileActions(plan []Action) (copies, adopts, skips []Action) {
	for _, a := range plan {
		switch {
		case a.Op != nil && a.Op.File != nil && a.Op.File.TargetID != "":
			adopts = append(adopts, a)
		case a.Op != nil && a.Op.File != nil:
			copies = append(copies, a)
		case a.Phase == phaseFiles && a.Kind == KindSkip:
			skips = append(skips, a)
		}
	}
	return copies, adopts, skips
}

// attachInSpira adds a file document to the artifact id of type typ.
func (w *world) attachInSpira(typ, id int, name string, r io.Reader) {
	w.t.Helper()
	_, err := w.spira.AddFileDocument(spiratest.ProductID, typ, id, name, r)
	require.NoError(w.t, err)
}

// attachInJira adds an attachment to the issue key.
func (w *world) attachInJira(key, name string, r io.Reader) {
	w.t.Helper()
	_, err := w.jira.AddAttachment(key, name, r)
	require.NoError(w.t, err)
}

// requireEachFileOnce checks that the file spiraName of incident inc and
// the file jiraName of issue bug went each to the other side once, whole,
// and did not come back; it gives the issue of inc and the incident of bug.
func (w *world) requireEachFileOnce(inc int, spiraName string, spiraData []byte, bug, jiraName string, jiraData []byte) (string, *spiraclient.RemoteIncident) {
	t := w.t
	t.Helper()
	key := w.keyOf(inc)
	require.NotEmpty(t, key)
	require.Equal(t, []string{spiraName}, w.jiraNames(key))
	require.Equal(t, spiraData, w.jiraFile(key, spiraName))
	bugInc := w.incidentOf(bug)
	require.NotNil(t, bugInc)
	require.Equal(t, []string{jiraName}, w.spiraNames(3, bugInc.IncidentID))
	require.Equal(t, jiraData, w.spiraFile(3, bugInc.IncidentID, jiraName))
	require.Equal(t, []string{spiraName}, w.spiraNames(3, inc), "not copied back")
	require.Equal(t, []string{jiraName}, w.jiraNames(bug), "not copied back")
	return key, bugInc
}

// content reads a file's content, which its opener gave with err, and
// closes it.
func (w *world) content(rc io.ReadCloser, err error) []byte {
	w.t.Helper()
	require.NoError(w.t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(w.t, err)
	return b
}

func (w *world) jiraFile(key, name string) []byte {
	w.t.Helper()
	for _, a := range w.jira.Attachments(key) {
		if a.Filename == name {
			return w.content(w.jira.AttachmentContent(a.ID))
		}
	}
	return nil
}

func (w *world) spiraFile(typ, id int, name string) []byte {
	w.t.Helper()
	for _, d := range w.spira.FileDocuments(spiratest.ProductID, typ, id) {
		if d.Filename == name {
			return w.content(w.spira.DocumentContent(d.ID))
		}
	}
	return nil
}

func fileNames[T any](xs []T, name func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, name(x))
	}
	return out
}

func (w *world) jiraNames(key string) []string {
	return fileNames(w.jira.Attachments(key), func(a jiratest.AttachmentInfo) string { return a.Filename })
}

func (w *world) spiraNames(typ, id int) []string {
	return fileNames(w.spira.FileDocuments(spiratest.ProductID, typ, id), func(d spiratest.FileDocument) string { return d.Filename })
}

// Files go with the items created on either side, each once; the next run
// plans nothing for them (no echo), and a file added later to a pair goes
// the way updates go.
func TestAttachmentsFlowOnCreateAndUpdateOnce(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Bidirectional"})
	w.sync()

	// A new Spira incident with a document, a new Jira bug with a file.
	inc := w.addIncident("Crash on checkout", nil)
	shot := randomBytes(70 << 10)
	w.attachInSpira(3, inc, "screen.png", bytes.NewReader(shot))
	bug, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Scanner drops digits"})
	require.NoError(t, err)
	logData := []byte(strings.Repeat("scan 1234567 -> 123456\n", 500))
	w.attachInJira(bug, "scanner.log", bytes.NewReader(logData))

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	copies, _, _ := fileActions(plan)
	require.Len(t, copies, 2, "one file each way: %v", copies)
	key, bugInc := w.requireEachFileOnce(inc, "screen.png", shot, bug, "scanner.log", logData)

	plan, _ = w.sync()
	copies, adopts, skips := fileActions(plan)
	require.Empty(t, copies, "a second run copies nothing")
	require.Empty(t, adopts)
	require.Empty(t, skips)

	// Later files on a pair, one on each side: Bidirectional updates go
	// both ways. The Spira side is read once the incident changes.
	w.attachInJira(key, "more.txt", strings.NewReader("from Jira"))
	w.attachInSpira(3, bugInc.IncidentID, "trace.txt", strings.NewReader("from Spira"))
	cur, err := w.sc.Incident(ctx, spiratest.ProductID, bugInc.IncidentID)
	require.NoError(t, err)
	cur.Name += " (with a trace)"
	require.NoError(t, w.sc.UpdateIncident(ctx, spiratest.ProductID, *cur))

	plan, rep = w.sync()
	require.Empty(t, rep.Failures)
	copies, _, _ = fileActions(plan)
	require.Len(t, copies, 2, "%v", copies)
	require.ElementsMatch(t, []string{"screen.png", "more.txt"}, w.spiraNames(3, inc))
	require.Equal(t, "from Jira", string(w.spiraFile(3, inc, "more.txt")))
	require.ElementsMatch(t, []string{"scanner.log", "trace.txt"}, w.jiraNames(bug))
	require.Equal(t, "from Spira", string(w.jiraFile(bug, "trace.txt")))

	plan, _ = w.sync()
	copies, adopts, _ = fileActions(plan)
	require.Empty(t, copies)
	require.Empty(t, adopts)
	require.Len(t, w.jiraNames(key), 2)
	require.Len(t, w.spiraNames(3, bugInc.IncidentID), 2)
}

// In Default mode incident updates flow from Jira only: a file added later
// in Jira goes to Spira, one added later in Spira stays there.
func TestAttachmentsFollowTheUpdateDirection(t *testing.T) {
	w := newWorld(t, worldOpts{})
	inc := w.addIncident("Label printer jams", nil)
	w.sync()
	key := w.keyOf(inc)
	require.NotEmpty(t, key)

	w.attachInSpira(3, inc, "spira-only.txt", strings.NewReader("stays"))
	w.attachInJira(key, "jira.txt", strings.NewReader("goes"))
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.ElementsMatch(t, []string{"spira-only.txt", "jira.txt"}, w.spiraNames(3, inc))
	require.Equal(t, []string{"jira.txt"}, w.jiraNames(key))
}

// Requirements (Jira stories) and tasks carry their files too.
func TestAttachmentsOfRequirementsAndTasks(t *testing.T) {
	w := taskWorld(t, "")
	w.sync()
	story, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "Patrons share reading lists"})
	require.NoError(t, err)
	w.attachInJira(story, "mockup.pdf", bytes.NewReader(randomBytes(5000)))
	tk := w.addTask("Index the archive", nil)
	w.attachInSpira(6, tk, "plan.xlsx", bytes.NewReader(randomBytes(3000)))

	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	rq := w.requirementOf(story)
	require.NotZero(t, rq)
	require.Equal(t, []string{"mockup.pdf"}, w.spiraNames(1, rq))
	tkey := w.taskKeys()[tk]
	require.NotEmpty(t, tkey)
	require.Equal(t, []string{"plan.xlsx"}, w.jiraNames(tkey))

	plan, _ := w.sync()
	copies, adopts, _ := fileActions(plan)
	require.Empty(t, copies)
	require.Empty(t, adopts)
}

// With NoAttachments nothing is copied, and the plan says why, file by file.
func TestNoAttachmentsSaysWhyPerFile(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Bidirectional,NoAttachments"})
	inc := w.addIncident("Overdue notice in the wrong language", nil)
	w.attachInSpira(3, inc, "notice.pdf", strings.NewReader("pdf"))
	bug, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Kiosk reboots"})
	require.NoError(t, err)
	w.attachInJira(bug, "dmesg.txt", strings.NewReader("oops"))

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	copies, adopts, skips := fileActions(plan)
	require.Empty(t, copies)
	require.Empty(t, adopts)
	require.Len(t, skips, 2)
	var reasons []string
	for _, s := range skips {
		reasons = append(reasons, s.Reason)
	}
	require.ElementsMatch(t, []string{
		`file "notice.pdf" not copied to Jira: the Sync Mode option NoAttachments is set`,
		`file "dmesg.txt" not copied to Spira: the Sync Mode option NoAttachments is set`}, reasons)
	require.Empty(t, w.jiraNames(w.keyOf(inc)))
	bugInc := w.incidentOf(bug)
	require.NotNil(t, bugInc, "the items themselves sync")
	require.Empty(t, w.spiraNames(3, bugInc.IncidentID))
	requireNote(t, plan, "attachments not synced")
}

// A file over the cap is left with its reason; the rest goes.
func TestAttachmentOverTheCapIsSkippedWithItsReason(t *testing.T) {
	w := newWorld(t, worldOpts{})
	bug, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Report export is empty"})
	require.NoError(t, err)
	w.attachInJira(bug, "huge.csv", bytes.NewReader(make([]byte, 3000)))
	w.attachInJira(bug, "small.csv", strings.NewReader("a,b"))

	w.engine(false) // pulls the mapping
	cfg := w.config(false)
	cfg.MaxAttachmentSize = 1000
	e, err := New(cfg)
	require.NoError(t, err)
	_, err = e.Load(ctx)
	require.NoError(t, err)
	plan := e.snap.Plan()
	_, _, skips := fileActions(plan.Actions)
	require.Len(t, skips, 1)
	require.Equal(t, `file "huge.csv" (2.9 KB) not copied to Spira: it is over the 1000 bytes cap of a run (sync --max-attachment-mb)`, skips[0].Reason)
	rep, err := e.Apply(ctx, plan, nil)
	require.NoError(t, err)
	require.Empty(t, rep.Failures)
	require.Equal(t, []string{"small.csv"}, w.spiraNames(3, w.incidentOf(bug).IncidentID))
}

// A dry-run names each file, field by field.
func TestDryRunShowsEachFile(t *testing.T) {
	w := newWorld(t, worldOpts{})
	inc := w.addIncident("Wrong fine on renewal", nil)
	w.attachInSpira(3, inc, "receipt.jpg", bytes.NewReader(make([]byte, 2048)))
	plan := w.dryRun()
	copies, _, _ := fileActions(plan)
	require.Len(t, copies, 1)
	a := copies[0]
	require.Equal(t, SpiraToJira, a.Direction)
	require.Equal(t, `copy the file "receipt.jpg" (2.0 KB) to Jira`, a.Summary)
	require.Equal(t, []Change{{Field: "attachment", After: "receipt.jpg (2.0 KB)"}}, a.Changes)
	require.Equal(t, inc, a.Artifact.SpiraID)
	require.Empty(t, w.spira.FileDocuments(spiratest.ProductID, 3, inc)[1:], "a dry-run writes nothing")
}

// A file found on both sides with no record (a stopped run's upload) is
// recorded once its contents hash the same, copied when they differ.
func TestUnrecordedFileOnBothSidesIsComparedNotCopied(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Bidirectional"})
	inc := w.addIncident("Hold shelf label misprint", nil)
	w.sync()
	key := w.keyOf(inc)
	same := randomBytes(4000)
	w.attachInJira(key, "same.bin", bytes.NewReader(same))
	w.attachInSpira(3, inc, "same.bin", bytes.NewReader(same))
	w.attachInJira(key, "differs.bin", bytes.NewReader(randomBytes(100)))
	w.attachInSpira(3, inc, "differs.bin", bytes.NewReader(randomBytes(100)))

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	_, adopts, _ := fileActions(plan)
	require.Len(t, adopts, 2)
	require.Len(t, w.jiraNames(key), 2, "the same file is not sent again")
	require.ElementsMatch(t, []string{"same.bin", "differs.bin", "differs.bin"}, w.spiraNames(3, inc),
		"a file of the same name and size but other content is copied")
}
