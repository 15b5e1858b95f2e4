// Package adf implements the Atlassian Document Format (ADF), the JSON rich-text
// format that Jira Cloud's REST API v3 uses for descriptions, environments,
// multi-line text custom fields and comment bodies.
//
// It converts between ADF and the HTML that SpiraPlan stores (FromHTML, Doc.HTML),
// renders ADF as plain text (Doc.PlainText), builds ADF from plain text
// (FromPlainText) and checks a document against Atlassian's structural rules
// (Doc.Validate). FromHTML always returns a document that validates: it never
// emits an empty text node, and HTML it does not model degrades to its text.
package adf

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Node types this package reads and writes. Other ADF node types are accepted
// when decoding and degrade to their text when rendered.
const (
	TypeDoc         = "doc"
	TypeParagraph   = "paragraph"
	TypeHeading     = "heading"
	TypeBulletList  = "bulletList"
	TypeOrderedList = "orderedList"
	TypeListItem    = "listItem"
	TypeCodeBlock   = "codeBlock"
	TypeBlockquote  = "blockquote"
	TypeRule        = "rule"
	TypePanel       = "panel"
	TypeTable       = "table"
	TypeTableRow    = "tableRow"
	TypeTableHeader = "tableHeader"
	TypeTableCell   = "tableCell"
	TypeText        = "text"
	TypeHardBreak   = "hardBreak"
	TypeMention     = "mention"
	TypeEmoji       = "emoji"
	TypeInlineCard  = "inlineCard"
	TypeDate        = "date"
	TypeStatus      = "status"
	TypeMediaSingle = "mediaSingle"
	TypeMediaGroup  = "mediaGroup"
	TypeMedia       = "media"
	TypeExpand      = "expand"
	TypeNestedExp   = "nestedExpand"
)

// Mark types applied to text nodes.
const (
	MarkStrong    = "strong"
	MarkEm        = "em"
	MarkUnderline = "underline"
	MarkStrike    = "strike"
	MarkCode      = "code"
	MarkLink      = "link"
	MarkSubsup    = "subsup"
	MarkTextColor = "textColor"
)

// Doc is an ADF document: the root node, of type "doc" and version 1.
// Its JSON form is {"type":"doc","version":1,"content":[...]}.
type Doc struct {
	// Version is the ADF version; 0 is written as 1, the only valid version.
	Version int
	// Content holds the top-level block nodes.
	Content []Node
}

// Node is one ADF node: a block (paragraph, heading, list, table...) or an
// inline node (text, hardBreak, mention...). Attrs keep the JSON values as
// decoded (numbers as float64 after decoding); use AttrString and AttrInt.
type Node struct {
	Type    string         `json:"type"`
	Attrs   map[string]any `json:"attrs,omitempty"`
	Content []Node         `json:"content,omitempty"`
	Text    string         `json:"text,omitempty"`
	Marks   []Mark         `json:"marks,omitempty"`
}

// Mark is a formatting mark on a text node, such as strong or link.
type Mark struct {
	Type  string         `json:"type"`
	Attrs map[string]any `json:"attrs,omitempty"`
}

// MarshalJSON writes the document in ADF form, always with version 1 and a
// content array (empty, never null).
func (d Doc) MarshalJSON() ([]byte, error) {
	content := d.Content
	if content == nil {
		content = []Node{}
	}
	return json.Marshal(struct {
		Type    string `json:"type"`
		Version int    `json:"version"`
		Content []Node `json:"content"`
	}{TypeDoc, 1, content})
}

// UnmarshalJSON reads an ADF document. It refuses a root whose type is not "doc".
func (d *Doc) UnmarshalJSON(b []byte) error {
	var raw struct {
		Type    string `json:"type"`
		Version int    `json:"version"`
		Content []Node `json:"content"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw.Type != TypeDoc {
		return fmt.Errorf("adf: root node has type %q, want %q", raw.Type, TypeDoc)
	}
	d.Version = raw.Version
	d.Content = raw.Content
	return nil
}

// IsEmpty reports whether the document has no visible content.
func (d Doc) IsEmpty() bool {
	return d.PlainText() == "" && !hasNonText(d.Content)
}

func hasNonText(ns []Node) bool {
	for _, n := range ns {
		switch n.Type {
		case TypeRule, TypeMedia, TypeMention, TypeEmoji, TypeInlineCard, TypeDate, TypeStatus:
			return true
		}
		if hasNonText(n.Content) {
			return true
		}
	}
	return false
}

// AttrString returns the string attribute key of n, or "" when it is absent or
// not a string.
func (n Node) AttrString(key string) string {
	return attrString(n.Attrs, key)
}

// AttrInt returns the integer attribute key of n and whether it is present and
// a whole number.
func (n Node) AttrInt(key string) (int, bool) {
	return attrInt(n.Attrs, key)
}

// AttrString returns the string attribute key of m, or "".
func (m Mark) AttrString(key string) string {
	return attrString(m.Attrs, key)
}

func attrString(attrs map[string]any, key string) string {
	s, _ := attrs[key].(string)
	return s
}

func attrInt(attrs map[string]any, key string) (int, bool) {
	switch v := attrs[key].(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		if v == float64(int(v)) {
			return int(v), true
		}
	case json.Number:
		if i, err := strconv.Atoi(v.String()); err == nil {
			return i, true
		}
	}
	return 0, false
}

// Text returns a text node. It is the caller's job not to pass "" (Validate
// reports an empty text node).
func Text(s string, marks ...Mark) Node {
	return Node{Type: TypeText, Text: s, Marks: marks}
}

// Paragraph returns a paragraph of inline nodes.
func Paragraph(inline ...Node) Node {
	return Node{Type: TypeParagraph, Content: inline}
}

// Heading returns a heading of the given level (1-6).
func Heading(level int, inline ...Node) Node {
	return Node{Type: TypeHeading, Attrs: map[string]any{"level": level}, Content: inline}
}

// BulletList returns a bullet list of list items.
func BulletList(items ...Node) Node {
	return Node{Type: TypeBulletList, Content: items}
}

// OrderedList returns an ordered list of list items.
func OrderedList(items ...Node) Node {
	return Node{Type: TypeOrderedList, Content: items}
}

// ListItem returns a list item; its first block should be a paragraph.
func ListItem(blocks ...Node) Node {
	return Node{Type: TypeListItem, Content: blocks}
}

// CodeBlock returns a code block with the given text and language ("" for none).
func CodeBlock(language, text string) Node {
	n := Node{Type: TypeCodeBlock}
	if language != "" {
		n.Attrs = map[string]any{"language": language}
	}
	if text != "" {
		n.Content = []Node{Text(text)}
	}
	return n
}

// Blockquote returns a block quote of blocks.
func Blockquote(blocks ...Node) Node {
	return Node{Type: TypeBlockquote, Content: blocks}
}

// Rule returns a horizontal rule.
func Rule() Node { return Node{Type: TypeRule} }

// HardBreak returns a line break inside a paragraph or heading.
func HardBreak() Node { return Node{Type: TypeHardBreak} }

// Mention returns a mention of the Jira user accountID, shown as text (often "@Name").
func Mention(accountID, text string) Node {
	attrs := map[string]any{"id": accountID}
	if text != "" {
		attrs["text"] = text
	}
	return Node{Type: TypeMention, Attrs: attrs}
}

// Table returns a table of rows.
func Table(rows ...Node) Node {
	return Node{Type: TypeTable, Content: rows}
}

// TableRow returns a table row of header or data cells.
func TableRow(cells ...Node) Node {
	return Node{Type: TypeTableRow, Content: cells}
}

// TableCell returns a data cell of blocks.
func TableCell(blocks ...Node) Node {
	return Node{Type: TypeTableCell, Content: blocks}
}

// TableHeader returns a header cell of blocks.
func TableHeader(blocks ...Node) Node {
	return Node{Type: TypeTableHeader, Content: blocks}
}

// Strong, Em, Underline, Strike and Code are the simple marks.
var (
	Strong    = Mark{Type: MarkStrong}
	Em        = Mark{Type: MarkEm}
	Underline = Mark{Type: MarkUnderline}
	Strike    = Mark{Type: MarkStrike}
	Code      = Mark{Type: MarkCode}
)

// Link returns a link mark to href.
func Link(href string) Mark {
	return Mark{Type: MarkLink, Attrs: map[string]any{"href": href}}
}
