package adf

import (
	"strconv"
	"strings"
)

// PlainText renders the document as plain text: top-level blocks separated by
// a blank line, hard breaks and list items on their own lines ("- " or "1. "
// prefixes, nested lists indented by two spaces), table rows as lines of cells
// joined by " | ", mentions and other inline nodes as their text.
func (d Doc) PlainText() string {
	var parts []string
	for _, n := range d.Content {
		if s := blockText(n, ""); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}

// blockText renders one block; indent prefixes every line after the first.
func blockText(n Node, indent string) string {
	switch n.Type {
	case TypeParagraph, TypeHeading, "taskItem", "decisionItem", "caption":
		return indentLines(inlineString(n.Content), indent)
	case TypeCodeBlock:
		return indentLines(codeText(n), indent)
	case TypeBulletList, TypeOrderedList:
		order := 1
		if o, ok := n.AttrInt("order"); ok {
			order = o
		}
		var lines []string
		for i, it := range n.Content {
			prefix := "- "
			if n.Type == TypeOrderedList {
				prefix = strconv.Itoa(order+i) + ". "
			}
			lines = append(lines, prefix+itemText(it, indent+strings.Repeat(" ", len(prefix))))
		}
		return strings.Join(lines, "\n"+indent)
	case TypeTable:
		var rows []string
		for _, row := range n.Content {
			var cells []string
			for _, cell := range row.Content {
				cells = append(cells, strings.Join(strings.Fields(containerText(cell.Content, "")), " "))
			}
			rows = append(rows, strings.Join(cells, " | "))
		}
		return strings.Join(rows, "\n"+indent)
	case TypeRule:
		return "---"
	case TypeMedia:
		return inlineString(mediaInline(n))
	}
	if inlineLike(n) {
		return inlineString([]Node{n})
	}
	return containerText(n.Content, indent)
}

// itemText renders a list item's blocks one per line.
func itemText(it Node, indent string) string {
	if it.Type != TypeListItem {
		return blockText(it, indent)
	}
	return containerText(it.Content, indent)
}

// containerText renders nested blocks one per line, inline runs joined.
func containerText(ns []Node, indent string) string {
	var lines []string
	var run []Node
	for _, c := range ns {
		if inlineLike(c) {
			run = append(run, c)
			continue
		}
		if len(run) > 0 {
			lines = append(lines, indentLines(inlineString(run), indent))
			run = nil
		}
		if s := blockText(c, indent); s != "" {
			lines = append(lines, s)
		}
	}
	if len(run) > 0 {
		lines = append(lines, indentLines(inlineString(run), indent))
	}
	return strings.Join(lines, "\n"+indent)
}

func inlineString(ns []Node) string {
	var sb strings.Builder
	for _, n := range ns {
		switch n.Type {
		case TypeHardBreak:
			sb.WriteByte('\n')
		default:
			if t := inlineText(n); t != "" {
				sb.WriteString(t)
			} else {
				sb.WriteString(inlineString(n.Content))
			}
		}
	}
	return sb.String()
}

func indentLines(s, indent string) string {
	if indent == "" {
		return s
	}
	return strings.ReplaceAll(s, "\n", "\n"+indent)
}

// FromPlainText builds a document from plain text: blank lines separate
// paragraphs, and each other line break becomes a hard break. Line endings
// may be \n, \r\n or \r. Empty text gives an empty document.
func FromPlainText(s string) Doc {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var content []Node
	var lines []string
	flush := func() {
		if len(lines) == 0 {
			return
		}
		var inline []Node
		for i, l := range lines {
			if i > 0 {
				inline = append(inline, HardBreak())
			}
			if l != "" {
				inline = append(inline, Text(l))
			}
		}
		content = append(content, Paragraph(inline...))
		lines = nil
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		lines = append(lines, l)
	}
	flush()
	if content == nil {
		content = []Node{}
	}
	return Doc{Version: 1, Content: content}
}
