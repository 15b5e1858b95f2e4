package adf

import (
	"html"
	"strconv"
	"strings"
	"time"
)

// HTML renders the document as an HTML fragment for SpiraPlan: paragraphs,
// headings, lists, code blocks (<pre><code class="language-x">), block quotes,
// tables, rules, line breaks, the strong/em/underline/strike/code/subsup/link
// marks, and mentions as <span class="mention" data-mention-id="...">. An
// empty paragraph becomes <p>&nbsp;</p>, the blank line it shows in Jira.
// Nodes without an HTML form degrade to their text: emoji and status to their
// text, dates to yyyy-mm-dd, cards and external media to links. FromHTML reads
// this output back to the same document for everything FromHTML produces.
func (d Doc) HTML() string {
	var sb strings.Builder
	renderBlocks(&sb, d.Content)
	return sb.String()
}

func renderBlocks(sb *strings.Builder, ns []Node) {
	for _, n := range ns {
		renderBlock(sb, n)
	}
}

func renderBlock(sb *strings.Builder, n Node) {
	switch n.Type {
	case TypeParagraph:
		if !hasInlineOutput(n.Content) {
			sb.WriteString("<p>&nbsp;</p>")
			return
		}
		sb.WriteString("<p>")
		renderInline(sb, n.Content)
		sb.WriteString("</p>")
	case TypeHeading:
		level, _ := n.AttrInt("level")
		level = min(max(level, 1), 6)
		tag := "h" + strconv.Itoa(level)
		sb.WriteString("<" + tag + ">")
		renderInline(sb, n.Content)
		sb.WriteString("</" + tag + ">")
	case TypeBulletList:
		sb.WriteString("<ul>")
		renderItems(sb, n.Content)
		sb.WriteString("</ul>")
	case TypeOrderedList:
		sb.WriteString("<ol")
		if o, ok := n.AttrInt("order"); ok && o != 1 {
			sb.WriteString(` start="` + strconv.Itoa(o) + `"`)
		}
		sb.WriteString(">")
		renderItems(sb, n.Content)
		sb.WriteString("</ol>")
	case TypeListItem:
		renderItems(sb, []Node{n})
	case TypeCodeBlock:
		sb.WriteString("<pre><code")
		if l := n.AttrString("language"); l != "" {
			sb.WriteString(` class="language-` + html.EscapeString(l) + `"`)
		}
		sb.WriteString(">")
		sb.WriteString(html.EscapeString(codeText(n)))
		sb.WriteString("</code></pre>")
	case TypeBlockquote:
		sb.WriteString("<blockquote>")
		renderBlocks(sb, n.Content)
		sb.WriteString("</blockquote>")
	case TypeRule:
		sb.WriteString("<hr>")
	case TypeTable:
		sb.WriteString("<table><tbody>")
		for _, row := range n.Content {
			renderRow(sb, row)
		}
		sb.WriteString("</tbody></table>")
	case TypeTableRow:
		sb.WriteString("<table><tbody>")
		renderRow(sb, n)
		sb.WriteString("</tbody></table>")
	case TypeExpand, TypeNestedExp:
		if title := n.AttrString("title"); title != "" {
			sb.WriteString("<p><strong>" + html.EscapeString(title) + "</strong></p>")
		}
		renderBlocks(sb, n.Content)
	case TypeMedia:
		if inline := mediaInline(n); len(inline) > 0 {
			renderBlock(sb, Paragraph(inline...))
		}
	default:
		if inlineLike(n) {
			renderBlock(sb, Paragraph(n))
			return
		}
		// Panels, media groups, layouts and unknown blocks: their content, with
		// loose inline nodes gathered into paragraphs.
		var run []Node
		for _, c := range n.Content {
			if inlineLike(c) {
				run = append(run, c)
				continue
			}
			if len(run) > 0 {
				renderBlock(sb, Paragraph(run...))
				run = nil
			}
			renderBlock(sb, c)
		}
		if len(run) > 0 {
			renderBlock(sb, Paragraph(run...))
		}
		if len(n.Content) == 0 && n.Text != "" {
			renderBlock(sb, Paragraph(Text(n.Text)))
		}
	}
}

func renderItems(sb *strings.Builder, items []Node) {
	for _, it := range items {
		sb.WriteString("<li>")
		if it.Type == TypeListItem {
			renderBlocks(sb, it.Content)
		} else {
			renderBlock(sb, it)
		}
		sb.WriteString("</li>")
	}
}

func renderRow(sb *strings.Builder, row Node) {
	sb.WriteString("<tr>")
	for _, cell := range row.Content {
		tag := "td"
		if cell.Type == TypeTableHeader {
			tag = "th"
		}
		sb.WriteString("<" + tag)
		for _, k := range []string{"colspan", "rowspan"} {
			if v, ok := cell.AttrInt(k); ok && v > 1 {
				sb.WriteString(" " + k + `="` + strconv.Itoa(v) + `"`)
			}
		}
		sb.WriteString(">")
		renderBlocks(sb, cell.Content)
		sb.WriteString("</" + tag + ">")
	}
	sb.WriteString("</tr>")
}

// inlineLike reports whether a node renders inside a paragraph: a known
// inline type, or an unknown one that carries text.
func inlineLike(n Node) bool {
	return inlineTypes[n.Type] || n.Text != ""
}

// hasInlineOutput reports whether inline nodes render as anything visible.
func hasInlineOutput(ns []Node) bool {
	for _, n := range ns {
		if n.Type == TypeHardBreak {
			continue
		}
		if n.Type == TypeText {
			if strings.Trim(n.Text, " \t\n\r\f\u00a0") != "" {
				return true
			}
			continue
		}
		return true
	}
	return false
}

func renderInline(sb *strings.Builder, ns []Node) {
	for _, n := range ns {
		switch n.Type {
		case TypeText:
			renderText(sb, n.Text, n.Marks)
		case TypeHardBreak:
			sb.WriteString("<br>")
		case TypeMention:
			id := n.AttrString("id")
			text := n.AttrString("text")
			if text == "" {
				text = "@" + id
			}
			sb.WriteString(`<span class="mention" data-mention-id="` + html.EscapeString(id) + `">`)
			sb.WriteString(html.EscapeString(text))
			sb.WriteString("</span>")
		case TypeInlineCard:
			if u := n.AttrString("url"); u != "" {
				renderText(sb, u, []Mark{Link(u)})
			}
		default:
			if t := inlineText(n); t != "" {
				renderText(sb, t, n.Marks)
			} else {
				renderInline(sb, n.Content)
			}
		}
	}
}

// renderText writes text wrapped in the tags of its marks, the first mark outermost.
func renderText(sb *strings.Builder, text string, marks []Mark) {
	var closers []string
	for _, m := range marks {
		open, closeTag := markTags(m)
		if open == "" {
			continue
		}
		sb.WriteString(open)
		closers = append(closers, closeTag)
	}
	sb.WriteString(escapeText(text))
	for i := len(closers) - 1; i >= 0; i-- {
		sb.WriteString(closers[i])
	}
}

// escapeText escapes text for HTML, keeps runs of spaces visible (a browser,
// and FromHTML, would collapse them) and turns line feeds, which some API
// clients put inside text nodes, into <br>.
func escapeText(s string) string {
	s = html.EscapeString(strings.ReplaceAll(s, "\r\n", "\n"))
	if !strings.Contains(s, "  ") && !strings.ContainsAny(s, "\n\t\r\f") {
		return s
	}
	var sb strings.Builder
	prevSpace := false
	for _, r := range s {
		switch r {
		case '\n':
			sb.WriteString("<br>")
			prevSpace = false
			continue
		case '\t', '\r', '\f':
			r = ' '
		}
		if r == ' ' && prevSpace {
			sb.WriteString("&nbsp;")
			prevSpace = false
			continue
		}
		prevSpace = r == ' '
		sb.WriteRune(r)
	}
	return sb.String()
}

func markTags(m Mark) (string, string) {
	switch m.Type {
	case MarkStrong:
		return "<strong>", "</strong>"
	case MarkEm:
		return "<em>", "</em>"
	case MarkUnderline:
		return "<u>", "</u>"
	case MarkStrike:
		return "<s>", "</s>"
	case MarkCode:
		return "<code>", "</code>"
	case MarkSubsup:
		if m.AttrString("type") == "sub" {
			return "<sub>", "</sub>"
		}
		return "<sup>", "</sup>"
	case MarkLink:
		if href := m.AttrString("href"); href != "" {
			return `<a href="` + html.EscapeString(href) + `">`, "</a>"
		}
	}
	return "", ""
}

// inlineText is the text an inline node without an HTML form stands for.
func inlineText(n Node) string {
	switch n.Type {
	case TypeText:
		return n.Text
	case TypeMention:
		if t := n.AttrString("text"); t != "" {
			return t
		}
		return "@" + n.AttrString("id")
	case TypeEmoji:
		if t := n.AttrString("text"); t != "" {
			return t
		}
		return n.AttrString("shortName")
	case TypeInlineCard:
		return n.AttrString("url")
	case TypeStatus:
		return n.AttrString("text")
	case TypeDate:
		ms, err := strconv.ParseInt(n.AttrString("timestamp"), 10, 64)
		if err != nil {
			return n.AttrString("timestamp")
		}
		return time.UnixMilli(ms).UTC().Format("2006-01-02")
	case "placeholder":
		return n.AttrString("text")
	}
	return n.Text
}

// mediaInline degrades a media node to a link (external media) or its alt text.
func mediaInline(n Node) []Node {
	alt := n.AttrString("alt")
	if u := n.AttrString("url"); u != "" {
		if alt == "" {
			alt = u
		}
		return []Node{Text(alt, Link(u))}
	}
	if alt != "" {
		return []Node{Text(alt)}
	}
	return nil
}
