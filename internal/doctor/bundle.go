package doctor

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/mapping"
)

// BundleInputs are what WriteBundle puts in a support bundle besides what
// it asks the two sites itself.
type BundleInputs struct {
	// Report is the doctor's report; Takeover, when set, its takeover answer.
	Report   Report
	Takeover *Takeover
	// Config is config.yaml as read (it holds no secret; it is redacted
	// anyway), nil when there is none.
	Config []byte
	// StateDir holds the sync state and journals to summarise ("" for none).
	StateDir string
	// Tool is the tool's version information.
	Tool any
	// Secrets are every secret the caller knows (tokens, API keys, the
	// plug-in's password): each is removed from every file of the bundle.
	Secrets []string
}

// WriteBundle writes a zip for a support request: the doctor's report, the
// configuration, the mapping of every mapped product pulled from Spira, the
// last runs' summaries from Spira's event log, summaries of the state
// directory's sync states and journals, and the versions of both sites and
// of the tool. Every file passes through one redactor before it is written,
// so no known secret, and nothing shaped like a Spira API key, reaches it.
func WriteBundle(ctx context.Context, w io.Writer, in Inputs, b BundleInputs) error {
	if in.Timeout <= 0 {
		in.Timeout = DefaultTimeout
	}
	e := newEnv(ctx, in)
	secrets := append([]string{in.Jira.Token, in.Spira.APIKey}, b.Secrets...)
	red := newRedactor(secrets)

	zw := zip.NewWriter(w)
	var notes []string
	add := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
		if err != nil {
			return err
		}
		_, err = f.Write(red.apply(data))
		return err
	}
	addJSON := func(name string, v any) error {
		data, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		return add(name, append(data, '\n'))
	}

	if err := addJSON("doctor.json", b.Report); err != nil {
		return err
	}
	if b.Takeover != nil {
		if err := addJSON("takeover.json", b.Takeover); err != nil {
			return err
		}
	}
	if b.Config != nil {
		if err := add("config.yaml", b.Config); err != nil {
			return err
		}
	} else {
		notes = append(notes, "config.yaml: none (settings from the environment only)")
	}
	if err := addJSON("versions.json", versions(ctx, e, b.Tool)); err != nil {
		return err
	}
	maps, mnotes := pullMappings(ctx, e)
	notes = append(notes, mnotes...)
	for _, m := range maps {
		if err := add(m.name, m.data); err != nil {
			return err
		}
	}
	runs, rnote := lastRuns(e)
	if rnote != "" {
		notes = append(notes, rnote)
	}
	if err := addJSON("runs.json", runs); err != nil {
		return err
	}
	if b.StateDir != "" {
		st, snotes := summariseState(b.StateDir)
		notes = append(notes, snotes...)
		if err := addJSON("state.json", st); err != nil {
			return err
		}
	}
	readme := "spirajira support bundle, written " + time.Now().UTC().Format(time.RFC3339) + ".\n" +
		"It holds no token, API key or password: every known secret is replaced by " + redacted + ".\n"
	if len(notes) > 0 {
		readme += "\nWhat is missing, and why:\n- " + strings.Join(notes, "\n- ") + "\n"
	}
	if err := add("README.txt", []byte(readme)); err != nil {
		return err
	}
	return zw.Close()
}

const redacted = "[REDACTED]"

// spiraKey is the shape of a Spira RSS token, with or without braces.
var spiraKey = regexp.MustCompile(`(?i)\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?`)

// atlassianToken is the shape of an Atlassian API token.
var atlassianToken = regexp.MustCompile(`ATATT[A-Za-z0-9_=-]{20,}`)

type redactor struct{ secrets []string }

// newRedactor removes each secret as given and, for a braced API key,
// without its braces (the form some files hold it in).
func newRedactor(secrets []string) *redactor {
	seen := map[string]bool{}
	var out []string
	for _, s := range secrets {
		for _, v := range []string{s, strings.Trim(s, "{}")} {
			if len(v) >= 4 && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	// Longest first, so a key's braced form goes before its bare form.
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return &redactor{secrets: out}
}

func (r *redactor) apply(b []byte) []byte {
	for _, s := range r.secrets {
		b = bytes.ReplaceAll(b, []byte(s), []byte(redacted))
	}
	// A GUID is how a Spira API key looks; the bundle has no other use for one.
	b = spiraKey.ReplaceAll(b, []byte(redacted))
	return atlassianToken.ReplaceAll(b, []byte(redacted))
}

type siteVersions struct {
	Tool  any    `json:"tool"`
	Jira  string `json:"jira"`
	Spira string `json:"spira"`
}

func versions(ctx context.Context, e *env, tool any) siteVersions {
	v := siteVersions{Tool: tool, Jira: "unknown", Spira: "unknown"}
	if e.jira != nil {
		if si, err := e.serverInfo(); err == nil && si.v != nil {
			v.Jira = strings.TrimSpace(si.v.Version + " " + si.v.DeploymentType + " build " + fmt.Sprint(si.v.BuildNumber))
		} else if err != nil {
			v.Jira = "unknown: " + err.Error()
		}
	}
	if e.spira != nil {
		c, cancel := context.WithTimeout(ctx, e.in.Timeout)
		defer cancel()
		if sv, err := e.spira.ProductVersion(c); err == nil && sv != nil {
			v.Spira = sv.Version
			if sv.Patch != nil {
				v.Spira += fmt.Sprintf(" patch %d", *sv.Patch)
			}
		} else {
			v.Spira = "unknown: " + err.Error()
		}
	}
	return v
}

type namedFile struct {
	name string
	data []byte
}

// pullMappings pulls the mapping of every product the plug-in record maps,
// as `mapping pull` writes it.
func pullMappings(ctx context.Context, e *env) ([]namedFile, []string) {
	if e.spira == nil {
		return nil, []string{"mappings: no Spira settings"}
	}
	p, err := e.plugin()
	if err != nil || p == nil {
		return nil, []string{fmt.Sprintf("mappings: no active plug-in record named %s", e.pluginName())}
	}
	products, err := e.mappings()
	if err != nil {
		return nil, []string{"mappings: cannot list the mapped products: " + err.Error()}
	}
	s := mapping.NewSpira(e.spira)
	var out []namedFile
	var notes []string
	for _, m := range products {
		if strings.TrimSpace(m.ExternalKey) == "" {
			continue
		}
		c, cancel := context.WithTimeout(ctx, e.in.Timeout)
		prod, _, err := mapping.Pull(c, s, p.DataSyncSystemID, m.InternalID)
		cancel()
		if err != nil {
			notes = append(notes, fmt.Sprintf("mapping of product %d: %v", m.InternalID, err))
			continue
		}
		data, err := mapping.Format(prod)
		if err != nil {
			notes = append(notes, fmt.Sprintf("mapping of product %d: %v", m.InternalID, err))
			continue
		}
		out = append(out, namedFile{fmt.Sprintf("mappings/product-%d.yaml", m.InternalID), data})
	}
	return out, notes
}

type runEvent struct {
	At      time.Time `json:"at"`
	Type    string    `json:"type"`
	Message string    `json:"message"`
}

// lastRuns are spirajira's run summaries and lease events, and the
// data-sync entries, newest first, from Spira's event log.
func lastRuns(e *env) ([]runEvent, string) {
	if e.spira == nil {
		return []runEvent{}, "runs: no Spira settings"
	}
	events, err := e.events()
	if err != nil {
		return []runEvent{}, "runs: cannot read Spira's event log (system administrators only): " + err.Error()
	}
	out := []runEvent{}
	for _, ev := range events {
		if strings.HasPrefix(ev.Message, datasync.SummaryPrefix) || strings.HasPrefix(ev.Message, datasync.LeasePrefix) || isDataSync(ev, e.pluginName()) {
			out = append(out, runEvent{At: ev.EventTimeUtc.UTC(), Type: ev.EventTypeName, Message: ev.Message})
		}
		if len(out) == 50 {
			break
		}
	}
	return out, ""
}

// stateSummary says what the state directory holds, without copying it:
// the files are the engine's and their contents are not support's business.
type stateSummary struct {
	Dir      string           `json:"dir"`
	States   []stateFile      `json:"states"`
	Journals []journalSummary `json:"journals"`
	Other    []string         `json:"other,omitempty"`
}

type stateFile struct {
	File     string          `json:"file"`
	Bytes    int64           `json:"bytes"`
	Modified time.Time       `json:"modified"`
	Instance json.RawMessage `json:"instance,omitempty"`
	// Dates are the state's top-level dates (lastPosted, sweptFor, ...).
	Dates map[string]string `json:"dates,omitempty"`
	// Counts are the sizes of its maps and lists (base, seen, retries).
	Counts map[string]int `json:"counts,omitempty"`
	Error  string         `json:"error,omitempty"`
}

type journalSummary struct {
	File     string          `json:"file"`
	Bytes    int64           `json:"bytes"`
	Modified time.Time       `json:"modified"`
	Instance json.RawMessage `json:"instance,omitempty"`
	Entries  int             `json:"entries"`
	// Kinds counts entries by type and action ("intent create", "done update").
	Kinds      map[string]int `json:"kinds"`
	First      *time.Time     `json:"first,omitempty"`
	Last       *time.Time     `json:"last,omitempty"`
	Unreadable int            `json:"unreadableLines,omitempty"`
}

func summariseState(dir string) (stateSummary, []string) {
	s := stateSummary{Dir: dir, States: []stateFile{}, Journals: []journalSummary{}}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return s, []string{"state directory: " + err.Error()}
	}
	for _, de := range ents {
		if de.IsDir() {
			continue
		}
		name := de.Name()
		path := filepath.Join(dir, name)
		info, err := de.Info()
		if err != nil {
			continue
		}
		switch {
		case strings.HasPrefix(name, "sync-") && strings.HasSuffix(name, ".json"):
			s.States = append(s.States, summariseStateFile(path, info))
		case strings.HasPrefix(name, "journal-") && strings.HasSuffix(name, ".jsonl"):
			s.Journals = append(s.Journals, summariseJournal(path, info))
		default:
			s.Other = append(s.Other, fmt.Sprintf("%s (%d bytes)", name, info.Size()))
		}
	}
	return s, nil
}

func summariseStateFile(path string, info os.FileInfo) stateFile {
	f := stateFile{File: info.Name(), Bytes: info.Size(), Modified: info.ModTime().UTC()}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Error = err.Error()
		return f
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		f.Error = "not JSON: " + err.Error()
		return f
	}
	f.Instance = top["instance"]
	f.Dates, f.Counts = map[string]string{}, map[string]int{}
	for k, v := range top {
		if k == "instance" {
			continue
		}
		var str string
		var m map[string]json.RawMessage
		var l []json.RawMessage
		switch {
		case json.Unmarshal(v, &str) == nil:
			if _, err := time.Parse(time.RFC3339Nano, str); err == nil {
				f.Dates[k] = str
			}
		case json.Unmarshal(v, &m) == nil:
			f.Counts[k] = len(m)
		case json.Unmarshal(v, &l) == nil:
			f.Counts[k] = len(l)
		}
	}
	return f
}

func summariseJournal(path string, info os.FileInfo) journalSummary {
	j := journalSummary{File: info.Name(), Bytes: info.Size(), Modified: info.ModTime().UTC(), Kinds: map[string]int{}}
	fh, err := os.Open(path)
	if err != nil {
		j.Unreadable = -1
		return j
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e struct {
			Type     string          `json:"t"`
			Action   string          `json:"action"`
			At       time.Time       `json:"at"`
			Instance json.RawMessage `json:"instance"`
		}
		if err := json.Unmarshal(line, &e); err != nil || e.Type == "" {
			j.Unreadable++
			continue
		}
		if e.Instance != nil && j.Instance == nil {
			j.Instance = e.Instance
		}
		j.Entries++
		j.Kinds[strings.TrimSpace(e.Type+" "+e.Action)]++
		if !e.At.IsZero() {
			at := e.At.UTC()
			if j.First == nil || at.Before(*j.First) {
				j.First = &at
			}
			if j.Last == nil || at.After(*j.Last) {
				j.Last = &at
			}
		}
	}
	return j
}
