package jiratest

import (
	"encoding/json"
	"html"
	"strconv"
	"strings"
)

// adfNode is the simulator's own reading of an Atlassian Document Format
// node: enough to validate what Jira would refuse and to render HTML the way
// renderedFields does.
type adfNode struct {
	Type    string         `json:"type"`
	Version *int           `json:"version,omitempty"`
	Text    *string        `json:"text,omitempty"`
	Attrs   map[string]any `json:"attrs,omitempty"`
	Marks   []adfMark      `json:"marks,omitempty"`
	Content []adfNode      `json:"content,omitempty"`
}

type adfMark struct {
	Type  string         `json:"type"`
	Attrs map[string]any `json:"attrs,omitempty"`
}

var adfBlockNodes = map[string]bool{
	"paragraph": true, "heading": true, "bulletList": true, "orderedList": true, "listItem": true,
	"codeBlock": true, "blockquote": true, "rule": true, "panel": true, "table": true, "tableRow": true,
	"tableHeader": true, "tableCell": true, "mediaSingle": true, "mediaGroup": true, "media": true,
	"expand": true, "nestedExpand": true, "taskList": true, "taskItem": true, "decisionList": true, "decisionItem": true,
	"blockCard": true, "embedCard": true, "layoutSection": true, "layoutColumn": true, "multiBodiedExtension": true,
	"extensionFrame": true, "extension": true, "bodiedExtension": true,
}

var adfInlineNodes = map[string]bool{
	"text": true, "hardBreak": true, "mention": true, "emoji": true, "inlineCard": true, "date": true,
	"status": true, "placeholder": true, "inlineExtension": true, "mediaInline": true,
}

var adfMarks = map[string]bool{
	"strong": true, "em": true, "underline": true, "strike": true, "code": true, "link": true,
	"subsup": true, "textColor": true, "backgroundColor": true, "alignment": true, "indentation": true,
	"border": true, "annotation": true, "breakout": true, "dataConsumer": true, "fragment": true,
}

// isADFObject reports whether raw is a JSON object, the only JSON type an
// ADF document can be (Jira refuses a string with its "must be an Atlassian
// Document" message).
func isADFObject(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return strings.HasPrefix(s, "{")
}

// parseADF reads and validates a document; ok is false when Jira would
// refuse it (wrong version, unknown nodes or marks, empty text nodes).
func parseADF(raw json.RawMessage) (*adfNode, bool) {
	var doc adfNode
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, false
	}
	if doc.Type != "doc" || doc.Version == nil || *doc.Version != 1 {
		return nil, false
	}
	for i := range doc.Content {
		if !validNode(&doc.Content[i], "doc") {
			return nil, false
		}
	}
	return &doc, true
}

// inlineParents hold inline content (text, hardBreak, mention, ...); every
// other container holds blocks.
var inlineParents = map[string]bool{"paragraph": true, "heading": true, "codeBlock": true, "taskItem": true, "decisionItem": true}

func validNode(n *adfNode, parent string) bool {
	switch {
	case n.Type == "text":
		if n.Text == nil || *n.Text == "" {
			return false
		}
	case adfBlockNodes[n.Type], adfInlineNodes[n.Type]:
	default:
		return false
	}
	if inlineParents[parent] != adfInlineNodes[n.Type] {
		return false // a block inside a paragraph, or text directly in a list or the doc
	}
	for _, m := range n.Marks {
		if !adfMarks[m.Type] {
			return false
		}
		if m.Type == "link" {
			if href, _ := m.Attrs["href"].(string); href == "" {
				return false
			}
		}
	}
	if n.Type == "heading" {
		lvl, _ := n.Attrs["level"].(float64)
		if lvl < 1 || lvl > 6 {
			return false
		}
	}
	for i := range n.Content {
		if !validNode(&n.Content[i], n.Type) {
			return false
		}
	}
	return true
}

// adfHTML renders a document as Jira's renderer would, closely enough for a
// client to show it.
func adfHTML(raw json.RawMessage) string {
	doc, ok := parseADF(raw)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, n := range doc.Content {
		renderNode(&b, n)
	}
	return b.String()
}

func renderChildren(b *strings.Builder, n adfNode) {
	for _, c := range n.Content {
		renderNode(b, c)
	}
}

func renderNode(b *strings.Builder, n adfNode) {
	wrap := func(open, close string) {
		b.WriteString(open)
		renderChildren(b, n)
		b.WriteString(close)
	}
	switch n.Type {
	case "paragraph":
		wrap("<p>", "</p>")
	case "heading":
		lvl, _ := n.Attrs["level"].(float64)
		l := strconv.Itoa(int(lvl))
		wrap("<h"+l+">", "</h"+l+">")
	case "bulletList":
		wrap(`<ul class="alternate" type="disc">`, "</ul>")
	case "orderedList":
		wrap("<ol>", "</ol>")
	case "listItem":
		// Jira drops the paragraph inside a simple list item.
		b.WriteString("<li>")
		for _, c := range n.Content {
			if c.Type == "paragraph" {
				renderChildren(b, c)
			} else {
				renderNode(b, c)
			}
		}
		b.WriteString("</li>")
	case "codeBlock":
		wrap(`<div class="code panel"><div class="codeContent panelContent"><pre class="code-java">`, "</pre></div></div>")
	case "blockquote":
		wrap("<blockquote>", "</blockquote>")
	case "rule":
		b.WriteString("<hr />")
	case "panel":
		wrap(`<div class="panel"><div class="panelContent">`, "</div></div>")
	case "table":
		wrap(`<div class="table-wrap"><table class="confluenceTable"><tbody>`, "</tbody></table></div>")
	case "tableRow":
		wrap("<tr>", "</tr>")
	case "tableHeader":
		wrap(`<th class="confluenceTh">`, "</th>")
	case "tableCell":
		wrap(`<td class="confluenceTd">`, "</td>")
	case "hardBreak":
		b.WriteString("<br/>")
	case "mention":
		id, _ := n.Attrs["id"].(string)
		text, _ := n.Attrs["text"].(string)
		b.WriteString(`<a href="/secure/ViewProfile.jspa?accountId=` + html.EscapeString(id) + `" class="user-hover" rel="` + html.EscapeString(id) + `">` + html.EscapeString(strings.TrimPrefix(text, "@")) + "</a>")
	case "emoji":
		text, _ := n.Attrs["text"].(string)
		b.WriteString(html.EscapeString(text))
	case "inlineCard":
		u, _ := n.Attrs["url"].(string)
		b.WriteString(`<a href="` + html.EscapeString(u) + `">` + html.EscapeString(u) + "</a>")
	case "text":
		renderText(b, n)
	default:
		renderChildren(b, n)
	}
}

func renderText(b *strings.Builder, n adfNode) {
	s := html.EscapeString(*n.Text)
	for _, m := range n.Marks {
		switch m.Type {
		case "strong":
			s = "<b>" + s + "</b>"
		case "em":
			s = "<em>" + s + "</em>"
		case "underline":
			s = "<ins>" + s + "</ins>"
		case "strike":
			s = "<del>" + s + "</del>"
		case "code":
			s = "<tt>" + s + "</tt>"
		case "link":
			href, _ := m.Attrs["href"].(string)
			s = `<a href="` + html.EscapeString(href) + `" class="external-link" rel="nofollow noreferrer">` + s + "</a>"
		case "subsup":
			if t, _ := m.Attrs["type"].(string); t == "sub" {
				s = "<sub>" + s + "</sub>"
			} else {
				s = "<sup>" + s + "</sup>"
			}
		}
	}
	b.WriteString(s)
}

// adfDoc builds a document of plain paragraphs, for seeded data.
func adfDoc(paragraphs ...string) json.RawMessage {
	content := make([]map[string]any, 0, len(paragraphs))
	for _, p := range paragraphs {
		para := map[string]any{"type": "paragraph"}
		if p != "" {
			para["content"] = []map[string]any{{"type": "text", "text": p}}
		}
		content = append(content, para)
	}
	raw, _ := json.Marshal(map[string]any{"type": "doc", "version": 1, "content": content})
	return raw
}
