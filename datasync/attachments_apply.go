package datasync

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spirajira/spirajira/spiraclient"
)

// runFile copies one file (or records one found on both sides): the source
// streams through a SHA-256 into the upload; the journal holds the intent
// before the upload and the record after it.
func (a *applier) runFile(act *Action) (err error) {
	op := *act.Op.File
	if op.CreatedBy != "" {
		v, ok := a.result(op.CreatedBy)
		if !ok {
			return fmt.Errorf("file %q left for the next run: the %s it belongs to was not created", op.Name, op.Type)
		}
		if op.From == srcSpira {
			op.JiraKey = v
		} else if op.SpiraID, err = strconv.Atoi(v); err != nil {
			return fmt.Errorf("file %q: the created %s's ID %q is not a number", op.Name, op.Type, v)
		}
	}
	if op.JiraID == "" {
		op.JiraID = a.issueID(op.JiraKey)
	}
	defer func() {
		if err != nil && op.JiraID != "" && !errors.Is(err, errCrashed) {
			// Read the issue again next run, whatever the sweep sees.
			fr := a.e.filesRun()
			fr.mu.Lock()
			fr.retry = append(fr.retry, op.JiraID)
			fr.mu.Unlock()
		}
	}()
	pair := pairKey(op.Type, op.SpiraID)
	if op.TargetID != "" {
		same, sum, err := a.sameContent(op)
		if err != nil {
			return err
		}
		if same {
			rec := FileRecord{Name: op.Name, Size: op.Size, SHA256: sum, From: op.From, JiraID: op.SourceID, SpiraID: atoiOr(op.TargetID)}
			if op.From == srcSpira {
				rec.JiraID, rec.SpiraID = op.TargetID, atoiOr(op.SourceID)
			}
			a.recordFile(act, op, pair, rec)
			return nil
		}
	}
	item := fileItem(pair, op.From, op.SourceID)
	if err := a.e.jr.write(entry{Type: entryFileIntent, Action: act.ID, Item: item, Artifact: op.Type, SpiraID: op.SpiraID,
		JiraKey: op.JiraKey, Name: op.Name, At: time.Now()}); err != nil {
		return err
	}
	src, err := a.openSource(op)
	if err != nil {
		return err
	}
	defer src.Close()
	h := sha256.New()
	cr := &countingReader{r: io.TeeReader(src, h)}
	rec := FileRecord{Name: op.Name, From: op.From}
	if op.From == srcJira {
		rec.JiraID = op.SourceID
		doc, err := a.e.cfg.Spira.AddFileDocument(a.ctx, a.s.ProductID, spiraclient.RemoteDocument{FilenameOrURL: op.Name,
			Description:       "Attached to " + op.JiraKey + " in Jira (copied by spirajira)",
			AttachedArtifacts: []spiraclient.RemoteLinkedArtifact{{ArtifactID: op.SpiraID, ArtifactTypeID: spiraTypeID(op.Type)}}}, cr)
		if err != nil {
			return fmt.Errorf("copy the file %q to Spira: %w", op.Name, err)
		}
		rec.SpiraID = doc.AttachmentID
	} else {
		rec.SpiraID = atoiOr(op.SourceID)
		up, err := a.e.cfg.Jira.UploadAttachment(a.ctx, op.JiraKey, op.Name, cr)
		if err != nil {
			return fmt.Errorf("copy the file %q to Jira: %w", op.Name, err)
		}
		if len(up) != 1 {
			return fmt.Errorf("copy the file %q to Jira: Jira answered with %d attachments for one file", op.Name, len(up))
		}
		rec.JiraID = up[0].ID
	}
	rec.Size, rec.SHA256 = cr.n, hex.EncodeToString(h.Sum(nil))
	a.recordFile(act, op, pair, rec)
	return nil
}

// recordFile journals a file known on both sides and keeps it in the state.
func (a *applier) recordFile(act *Action, op FileOp, pair string, rec FileRecord) {
	_ = a.e.jr.write(entry{Type: entryFileDone, Action: act.ID, Item: fileItem(pair, op.From, op.SourceID), Artifact: op.Type,
		SpiraID: op.SpiraID, JiraKey: op.JiraKey, Name: op.Name, File: &rec, At: time.Now()})
	a.mu.Lock()
	a.e.st.addFile(pair, rec)
	a.mu.Unlock()
}

func (a *applier) openSource(op FileOp) (io.ReadCloser, error) {
	if op.From == srcJira {
		rc, err := a.e.cfg.Jira.DownloadAttachment(a.ctx, op.SourceID)
		if err != nil {
			return nil, fmt.Errorf("download the file %q from Jira: %w", op.Name, err)
		}
		return rc, nil
	}
	rc, err := a.e.cfg.Spira.OpenDocument(a.ctx, a.s.ProductID, atoiOr(op.SourceID))
	if err != nil {
		return nil, fmt.Errorf("download the file %q from Spira: %w", op.Name, err)
	}
	return rc, nil
}

// sameContent hashes the file on both sides (streamed, one after the
// other) and reports whether they are equal, with the hash.
func (a *applier) sameContent(op FileOp) (bool, string, error) {
	sum := func(rc io.ReadCloser, err error) (string, error) {
		if err != nil {
			return "", err
		}
		defer rc.Close()
		h := sha256.New()
		if _, err := io.Copy(h, rc); err != nil {
			return "", err
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	jiraID, spiraID := op.SourceID, op.TargetID
	if op.From == srcSpira {
		jiraID, spiraID = op.TargetID, op.SourceID
	}
	j, err := sum(a.e.cfg.Jira.DownloadAttachment(a.ctx, jiraID))
	if err != nil {
		return false, "", fmt.Errorf("compare the file %q: download from Jira: %w", op.Name, err)
	}
	s, err := sum(a.e.cfg.Spira.OpenDocument(a.ctx, a.s.ProductID, atoiOr(spiraID)))
	if err != nil {
		return false, "", fmt.Errorf("compare the file %q: download from Spira: %w", op.Name, err)
	}
	return j == s, j, nil
}

// rememberFiles marks the pairs whose files this run looked at, so that
// later runs copy only in the directions of updates; not under
// NoAttachments, nor for a pair one of whose files failed.
func (a *applier) rememberFiles(actions []Action) {
	fs := a.s.Files
	if fs == nil || a.e.cfg.Mapping.Plugin.Settings().NoAttachments {
		return
	}
	mark := func(pair string) {
		if a.e.st.Files == nil {
			a.e.st.Files = map[string][]FileRecord{}
		}
		if _, ok := a.e.st.Files[pair]; !ok {
			a.e.st.Files[pair] = []FileRecord{}
		}
	}
	for _, p := range fs.Pairs {
		if !a.failed["files:"+pairKey(p.Type, p.SpiraID)] {
			mark(pairKey(p.Type, p.SpiraID))
		}
	}
	for _, act := range actions {
		if act.Kind != KindCreate || act.Op == nil || act.Op.Adopt || act.Op.SameName || !fileTypes[act.Artifact.Type] ||
			a.failed[act.Item] || a.failed["files:"+act.Item] {
			continue
		}
		switch v, ok := a.results[act.ID]; {
		case !ok:
		case act.Direction == SpiraToJira && act.Artifact.SpiraID != 0:
			mark(pairKey(act.Artifact.Type, act.Artifact.SpiraID))
		case act.Direction == JiraToSpira:
			if id, err := strconv.Atoi(v); err == nil {
				mark(pairKey(act.Artifact.Type, id))
			}
		}
	}
}

// fileRetries are the issues whose files failed this run.
func (e *Engine) fileRetries() []string {
	fr := e.filesRun()
	fr.mu.Lock()
	defer fr.mu.Unlock()
	out := fr.retry
	fr.retry = nil
	return out
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += int64(k)
	return k, err
}

func atoiOr(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
