package mapping

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/spirajira/spirajira/internal/words"
)

// MaxFileSize is the largest mapping.yaml Parse reads. A product with ten
// thousand users and releases writes well under 4 MB; anything far larger
// is not a mapping, and parsing it would take seconds and gigabytes.
const MaxFileSize = 16 << 20

// FileError is a mistake in mapping.yaml at a place a person can find: a
// line and column (1-based; 0 when unknown), the key when there is one.
type FileError struct {
	Line, Column int
	Key          string
	Msg          string
}

func (e *FileError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// parseFile reads data into ff, with errors in the file's terms: no Go
// type names, the line and column of each, the nearest valid key.
func parseFile(data []byte, ff *fileForm) error {
	if len(data) > MaxFileSize {
		return fmt.Errorf("the file is %d MB; a mapping file is at most %d MB: is it the right file?", len(data)>>20, MaxFileSize>>20)
	}
	if err := checkTabs(data); err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("mapping file is empty")
		}
		if ferr := checkIndent(data); ferr != nil {
			return ferr
		}
		return plainYAMLError(err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		return errors.New("holds more than one YAML document (a second '---'?): keep one mapping per file")
	case !errors.Is(err, io.EOF):
		if ferr := checkIndent(data); ferr != nil {
			return ferr
		}
		return plainYAMLError(err)
	}
	if len(doc.Content) == 0 {
		return errors.New("mapping file is empty")
	}
	root := doc.Content[0]
	if errs := checkKeys(root, reflect.TypeOf(fileForm{}), ""); len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := root.Decode(ff); err != nil {
		return plainYAMLError(err)
	}
	return nil
}

// checkTabs refuses a tab in the indentation, which YAML forbids and the
// decoder reports without a useful place.
func checkTabs(data []byte) error {
	for i, line := range strings.Split(string(data), "\n") {
		lead := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if c := strings.IndexByte(lead, '\t'); c >= 0 {
			return &FileError{Line: i + 1, Column: c + 1, Msg: "a tab in the indentation: YAML indents with spaces only (replace the tab with spaces)"}
		}
	}
	return nil
}

// checkIndent finds the line whose indentation does not fit the block it
// is in, for the syntax errors that the decoder places on a later line or
// at the start of the block. It returns nil when it finds nothing.
func checkIndent(data []byte) error {
	type line struct {
		n, ind int
		text   string
	}
	var lines []line
	for i, s := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(s)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		lines = append(lines, line{i + 1, len(s) - len(strings.TrimLeft(s, " ")), t})
	}
	opens := func(t string) bool { return strings.HasSuffix(t, ":") }
	levels := []int{0}
	// blame picks, in the block at indent level that starts at
	// lines[start], the line whose indentation the others do not share:
	// lines[at], or the block's first line when all others side with at.
	blame := func(start, at, level int) error {
		key := func(l line) int {
			if strings.HasPrefix(l.text, "- ") && l.ind+2 == level {
				return level
			}
			return l.ind
		}
		parent := -1
		if start > 0 {
			parent = lines[start-1].ind
		}
		counts := map[int]int{}
		for _, l := range lines[start:] {
			if l.ind <= parent {
				break
			}
			counts[key(l)]++
		}
		bad, good := lines[at], level
		if first := lines[start]; counts[key(first)] == 1 && counts[lines[at].ind] > 1 && key(first) != lines[at].ind {
			bad, good = first, lines[at].ind
		}
		return &FileError{Line: bad.n, Column: bad.ind + 1,
			Msg: fmt.Sprintf("indented by %s, but the keys beside it by %d: line them up", words.Count(bad.ind, "space"), good)}
	}
	blockStart := map[int]int{0: 0} // indent level -> index of its first line
	// seq tells the levels that hold list items ("- ") from those that
	// hold keys: a line of the other kind is out of line.
	isItem := func(l line) bool { return strings.HasPrefix(l.text, "- ") || l.text == "-" }
	seq := map[int]bool{0: len(lines) > 0 && isItem(lines[0])}
	for i, l := range lines {
		top := levels[len(levels)-1]
		switch {
		case i > 0 && opens(lines[i-1].text) && l.ind > lines[i-1].ind:
			levels = append(levels, l.ind)
			blockStart[l.ind] = i
			seq[l.ind] = isItem(l)
		case l.ind > top:
			return blame(blockStart[top], i, top)
		default:
			popped := -1
			for len(levels) > 1 && levels[len(levels)-1] > l.ind {
				popped = levels[len(levels)-1]
				levels = levels[:len(levels)-1]
			}
			if top := levels[len(levels)-1]; top != l.ind {
				// Between two levels: it belongs to the deeper block,
				// or that block's first line is the one out of line.
				if popped >= 0 {
					return blame(blockStart[popped], i, popped)
				}
				return blame(blockStart[top], i, top)
			}
			if seq[l.ind] != isItem(l) {
				if st := blockStart[l.ind]; st == i-1 && isItem(lines[st]) {
					// A first item as deep as its own keys: the item is
					// the one out of line.
					f := lines[st]
					return &FileError{Line: f.n, Column: f.ind + 1, Msg: fmt.Sprintf("a list item indented by %s, as deep as its own keys on the next line: indent the \"- \" less than its keys", words.Count(f.ind, "space"))}
				}
				return &FileError{Line: l.n, Column: l.ind + 1, Msg: fmt.Sprintf("indented by %s, where %s: line it up with its own", words.Count(l.ind, "space"),
					map[bool]string{true: "the list items are, not the keys", false: "the keys are, not the list items"}[seq[l.ind]])}
			}
		}
		if isItem(l) {
			// The keys of a list item line up after its "- ".
			levels = append(levels, l.ind+2)
			blockStart[l.ind+2] = i
			seq[l.ind+2] = false
		}
	}
	return nil
}

var goTypes = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`into \[\][\w.]+`), "into a list"},
	{regexp.MustCompile(`into mapping\.\w+`), "into a set of keys"},
	{regexp.MustCompile(`into u?int\d*`), "into a whole number"},
	{regexp.MustCompile(`into float\d*`), "into a number"},
	{regexp.MustCompile(`into bool`), "into true or false"},
	{regexp.MustCompile(`into string`), "into text"},
	{regexp.MustCompile(`!!(str|int|float|bool|seq|map|null)`), "$1"},
	{regexp.MustCompile(`\bseq\b`), "list"},
	{regexp.MustCompile(`\bmap\b`), "set of keys"},
	{regexp.MustCompile("cannot unmarshal \\w+ (`[^`]*`) into "), "$1 does not fit here: it takes "},
	{regexp.MustCompile(`cannot unmarshal (list|set of keys) into `), "found a $1 where it takes "},
}

// plainYAMLError rewrites the decoder's message in the file's terms.
func plainYAMLError(err error) error {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	s = strings.TrimPrefix(s, "unmarshal errors:\n  ")
	s = strings.ReplaceAll(s, "\n  ", "\n")
	for _, g := range goTypes {
		s = g.re.ReplaceAllString(s, g.with)
	}
	return errors.New(s)
}

// checkKeys walks a node against the Go type it decodes into and reports
// every key that type does not have, with its place and the nearest key
// it does have.
func checkKeys(n *yaml.Node, t reflect.Type, path string) []error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		var errs []error
		for i, c := range n.Content {
			errs = append(errs, checkKeys(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i+1))...)
		}
		return errs
	case n.Kind != yaml.MappingNode || t.Kind() != reflect.Struct:
		return nil
	}
	fields := map[string]reflect.Type{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = f.Type
		names = append(names, name)
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ft, ok := fields[k.Value]
		if ok {
			errs = append(errs, checkKeys(v, ft, strings.TrimPrefix(path+"."+k.Value, "."))...)
			continue
		}
		where := "at the top of the file"
		if path != "" {
			where = "in " + path
		}
		msg := fmt.Sprintf("unknown key %q %s", k.Value, where)
		if s, ok := nearestKey(k.Value, names); ok {
			msg += fmt.Sprintf(": did you mean %q?", s)
		}
		msg += fmt.Sprintf(" (the keys here are %s)", strings.Join(names, ", "))
		errs = append(errs, &FileError{Line: k.Line, Column: k.Column, Key: k.Value, Msg: msg})
	}
	return errs
}

// nearestKey is the valid key a mistyped one most likely meant: the same
// letters in another case first, then the closest spelling.
func nearestKey(k string, names []string) (string, bool) {
	for _, n := range names {
		if strings.EqualFold(n, k) {
			return n, true
		}
	}
	return closest(k, names)
}

// ReadFile reads a mapping file, refusing one above MaxFileSize before
// reading it.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s is %d MB; a mapping file is at most %d MB: is it the right file?", path, st.Size()>>20, MaxFileSize>>20)
	}
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}
