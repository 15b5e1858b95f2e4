package adf

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FromHTML converts an HTML fragment (such as a SpiraPlan rich-text
// description) to an ADF document that always passes Validate.
//
// It maps <p>, <div> and other block containers to paragraphs, <h1>-<h6> to
// headings, <ul>/<ol>/<li> to lists, <pre> to code blocks, <blockquote>,
// <table>, <hr> and <br> to their ADF nodes; <strong>/<b>, <em>/<i>, <u>,
// <s>/<strike>/<del>, <code>, <sub>/<sup>, <a href> and the bold, italic,
// underline and line-through styles of <span style> to marks; and an element
// carrying data-mention-id to a mention. Whitespace collapses as a browser
// collapses it; a block holding only &nbsp; or <br> becomes an empty paragraph
// (a blank line). Images degrade to their alt text (linked to their source
// when it is a web URL); other elements degrade to their text; scripts and
// styles are dropped. Where ADF forbids a construct (a table inside a list, a
// heading inside a quote, code combined with bold) the content is kept in the
// nearest allowed form.
func FromHTML(s string) Doc {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		// The parser only fails on reader errors, which a strings.Reader never returns.
		return Doc{Version: 1, Content: []Node{}}
	}
	b := &builder{}
	for _, n := range nodes {
		b.walk(n, nil)
	}
	out := b.finish()
	if out == nil {
		out = []Node{}
	}
	return Doc{Version: 1, Content: out}
}

// builder collects the blocks of one container and the inline run that will
// become its next paragraph.
type builder struct {
	blocks []Node
	inline []Node
	// run holds the text of the last text node while it grows, so that much
	// same-marked text costs linear time; textMarks are its marks.
	run       strings.Builder
	textMarks []Mark
	hasText   bool
	// filler records a <br> or &nbsp; in the current run: a run holding only
	// filler is a blank line, one holding only collapsible spaces is nothing.
	filler bool
}

func (b *builder) finish() []Node {
	b.flush()
	return b.blocks
}

// commitText moves the growing text node into the run.
func (b *builder) commitText() {
	if b.hasText {
		b.inline = append(b.inline, Text(b.run.String(), b.textMarks...))
		b.run.Reset()
		b.textMarks, b.hasText = nil, false
	}
}

// flush ends the inline run, turning it into a paragraph when it shows anything.
func (b *builder) flush() {
	b.commitText()
	inline := trimInline(b.inline)
	filler := b.filler
	b.inline, b.filler = nil, false
	if len(inline) == 0 {
		if filler {
			b.blocks = append(b.blocks, Node{Type: TypeParagraph})
		}
		return
	}
	if !visible(inline) {
		b.blocks = append(b.blocks, Node{Type: TypeParagraph})
		return
	}
	b.blocks = append(b.blocks, Paragraph(inline...))
}

func (b *builder) block(n Node) {
	b.flush()
	b.blocks = append(b.blocks, n)
}

// atLineStart reports whether leading whitespace would be dropped here.
func (b *builder) atLineStart() bool {
	if b.hasText {
		return strings.HasSuffix(b.run.String(), " ")
	}
	if len(b.inline) == 0 {
		return true
	}
	last := b.inline[len(b.inline)-1]
	return last.Type == TypeHardBreak || (last.Type == TypeText && strings.HasSuffix(last.Text, " "))
}

func (b *builder) addText(s string, marks []Mark) {
	var sb strings.Builder
	space := b.atLineStart()
	for _, r := range s {
		if isHTMLSpace(r) {
			if !space {
				sb.WriteByte(' ')
				space = true
			}
			continue
		}
		if r == '\u00a0' {
			b.filler = true
		}
		sb.WriteRune(r)
		space = false
	}
	b.appendText(sb.String(), marks)
}

func (b *builder) appendText(s string, marks []Mark) {
	if s == "" {
		return
	}
	if b.hasText && !sameMarks(b.textMarks, marks) {
		b.commitText()
	}
	if !b.hasText {
		b.textMarks, b.hasText = marks, true
	}
	b.run.WriteString(s)
}

func (b *builder) inlineNode(n Node) {
	b.commitText()
	if n.Type == TypeHardBreak {
		b.inline = trimTrailingSpace(b.inline)
		b.filler = true
	}
	b.inline = append(b.inline, n)
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

// trimInline drops trailing breaks and spaces, which a browser does not show.
func trimInline(ns []Node) []Node {
	for {
		ns = trimTrailingSpace(ns)
		if len(ns) == 0 || ns[len(ns)-1].Type != TypeHardBreak {
			return ns
		}
		ns = ns[:len(ns)-1]
	}
}

func trimTrailingSpace(ns []Node) []Node {
	for len(ns) > 0 {
		last := &ns[len(ns)-1]
		if last.Type != TypeText {
			return ns
		}
		last.Text = strings.TrimRight(last.Text, " ")
		if last.Text != "" {
			return ns
		}
		ns = ns[:len(ns)-1]
	}
	return ns
}

// visible reports whether an inline run shows more than spaces, &nbsp; and breaks.
func visible(ns []Node) bool {
	for _, n := range ns {
		switch n.Type {
		case TypeHardBreak:
		case TypeText:
			if strings.TrimFunc(n.Text, func(r rune) bool { return r == ' ' || r == '\u00a0' }) != "" {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// Elements whose content never reaches the document.
var dropped = set("script", "style", "head", "title", "template", "noscript", "meta", "link", "iframe",
	"object", "embed", "svg", "math", "select", "input", "textarea", "button", "colgroup", "col")

// Elements that end a paragraph; anything else is inline.
var blockElems = set("p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "address",
	"figure", "figcaption", "details", "summary", "center", "form", "fieldset", "legend", "dl", "dt", "dd",
	"li", "body", "html", "caption", "hgroup", "menu", "dir")

func (b *builder) walk(n *html.Node, marks []Mark) {
	switch n.Type {
	case html.TextNode:
		b.addText(n.Data, marks)
		return
	case html.ElementNode:
	case html.DocumentNode:
		b.children(n, marks)
		return
	default:
		return
	}
	tag := n.Data
	if dropped[tag] {
		return
	}
	if id := attr(n, "data-mention-id"); id != "" {
		text := collapse(textContent(n))
		if text == "" {
			text = "@" + id
		}
		b.inlineNode(Mention(id, text))
		return
	}
	switch tag {
	case "br":
		b.inlineNode(HardBreak())
	case "img":
		b.image(n, marks)
	case "hr":
		b.block(Rule())
	case "h1", "h2", "h3", "h4", "h5", "h6":
		level := int(tag[1] - '0')
		inline := flattenInline(b.sub(n, marks))
		b.flush()
		if len(inline) > 0 {
			b.blocks = append(b.blocks, Heading(level, inline...))
		}
	case "ul", "ol":
		b.block0(b.list(n, marks))
	case "pre", "xmp", "listing", "plaintext":
		b.block0(codeBlock(n))
	case "blockquote":
		content := coerce(b.sub(n, marks), quoteBlocks)
		if len(content) > 0 {
			b.block(Blockquote(content...))
		}
	case "table":
		b.block0(b.table(n, marks))
	default:
		if blockElems[tag] {
			b.flush()
			b.children(n, marks)
			b.flush()
			return
		}
		b.children(n, withMarks(marks, elementMarks(n)...))
	}
}

// block0 adds n unless it is the zero Node (a construct that came out empty).
func (b *builder) block0(n Node) {
	if n.Type != "" {
		b.block(n)
	}
}

func (b *builder) children(n *html.Node, marks []Mark) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.walk(c, marks)
	}
}

// sub converts the children of n as a container of their own.
func (b *builder) sub(n *html.Node, marks []Mark) []Node {
	s := &builder{}
	s.children(n, marks)
	return s.finish()
}

func (b *builder) image(n *html.Node, marks []Mark) {
	alt := collapse(attr(n, "alt"))
	if alt == "" {
		alt = collapse(attr(n, "title"))
	}
	src := strings.TrimSpace(attr(n, "src"))
	web := strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://")
	if alt == "" {
		if !web {
			return
		}
		alt = "image"
	}
	if web {
		marks = withMarks(marks, Link(src))
	}
	b.addText(alt, marks)
}

func (b *builder) list(n *html.Node, marks []Mark) Node {
	var items []Node
	var cur *builder // the open item; stray content after an <li> joins it
	end := func() {
		if cur != nil {
			items = append(items, ListItem(listItemContent(cur.finish())...))
			cur = nil
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "li" {
			end()
			cur = &builder{}
			cur.children(c, marks)
			cur.flush()
			continue
		}
		if c.Type == html.TextNode && strings.TrimFunc(c.Data, isHTMLSpace) == "" {
			continue
		}
		// A list or stray content directly inside a list belongs to the item before it.
		if cur == nil {
			cur = &builder{}
		}
		cur.walk(c, marks)
		cur.flush()
	}
	end()
	if len(items) == 0 {
		return Node{}
	}
	if n.Data == "ul" {
		return BulletList(items...)
	}
	l := OrderedList(items...)
	if start, err := strconv.Atoi(strings.TrimSpace(attr(n, "start"))); err == nil && start >= 0 && start != 1 {
		l.Attrs = map[string]any{"order": start}
	}
	return l
}

// listItemContent makes blocks fit a listItem: a paragraph first, then
// paragraphs, lists and code blocks.
func listItemContent(blocks []Node) []Node {
	blocks = coerce(blocks, listItemRest)
	if len(blocks) == 0 || !listItemFirst[blocks[0].Type] {
		blocks = append([]Node{{Type: TypeParagraph}}, blocks...)
	}
	return blocks
}

// coerce rewrites blocks that are not allowed in a container into allowed
// ones, keeping their text.
func coerce(blocks []Node, allowed map[string]bool) []Node {
	var out []Node
	for _, n := range blocks {
		if allowed[n.Type] {
			out = append(out, n)
			continue
		}
		switch n.Type {
		case TypeHeading:
			out = append(out, Node{Type: TypeParagraph, Content: n.Content})
		case TypeBlockquote:
			out = append(out, coerce(n.Content, allowed)...)
		case TypeTable:
			for _, row := range n.Content {
				if p := rowParagraph(row); len(p.Content) > 0 {
					out = append(out, p)
				}
			}
		case TypeRule:
		default:
			if allowed[TypeParagraph] {
				if inline := flattenInline([]Node{n}); len(inline) > 0 {
					out = append(out, Paragraph(inline...))
				}
			}
		}
	}
	return out
}

// rowParagraph degrades a table row to one paragraph, cells separated by " | ".
func rowParagraph(row Node) Node {
	var inline []Node
	for _, cell := range row.Content {
		ci := flattenInline(cell.Content)
		if len(ci) == 0 {
			continue
		}
		if len(inline) > 0 {
			inline = append(inline, Text(" | "))
		}
		inline = append(inline, ci...)
	}
	return Paragraph(mergeText(inline)...)
}

// flattenInline turns blocks into one inline run, blocks separated by breaks.
func flattenInline(blocks []Node) []Node {
	var out []Node
	var walk func(ns []Node)
	walk = func(ns []Node) {
		for _, n := range ns {
			switch {
			case inlineTypes[n.Type]:
				out = append(out, n)
			case n.Type == TypeCodeBlock:
				for i, line := range strings.Split(codeText(n), "\n") {
					if i > 0 {
						out = append(out, HardBreak())
					}
					if line != "" {
						out = append(out, Text(line, Code))
					}
				}
				out = append(out, HardBreak())
			case n.Type == TypeParagraph || n.Type == TypeHeading:
				out = append(out, n.Content...)
				out = append(out, HardBreak())
			default:
				walk(n.Content)
			}
		}
	}
	walk(blocks)
	return mergeText(trimInline(out))
}

func codeText(n Node) string {
	var sb strings.Builder
	for _, c := range n.Content {
		sb.WriteString(c.Text)
	}
	return sb.String()
}

// mergeText joins neighbouring text nodes that carry the same marks.
func mergeText(ns []Node) []Node {
	var out []Node
	for _, n := range ns {
		if k := len(out) - 1; k >= 0 && n.Type == TypeText && out[k].Type == TypeText && sameMarks(out[k].Marks, n.Marks) {
			out[k].Text += n.Text
			continue
		}
		out = append(out, n)
	}
	return out
}

func codeBlock(n *html.Node) Node {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				sb.WriteString(c.Data)
			case c.Type != html.ElementNode || dropped[c.Data]:
			case c.Data == "br":
				sb.WriteByte('\n')
			default:
				if blockElems[c.Data] && sb.Len() > 0 && !strings.HasSuffix(sb.String(), "\n") {
					sb.WriteByte('\n')
				}
				walk(c)
			}
		}
	}
	walk(n)
	text := strings.ReplaceAll(sb.String(), "\r", "")
	if text == "" {
		return Node{}
	}
	return CodeBlock(codeLanguage(n), text)
}

// codeLanguage reads the language-x (or lang-x) class of a <pre> or its <code>.
func codeLanguage(pre *html.Node) string {
	for _, n := range []*html.Node{pre, pre.FirstChild} {
		if n == nil || n.Type != html.ElementNode {
			continue
		}
		for _, class := range strings.Fields(attr(n, "class")) {
			for _, prefix := range []string{"language-", "lang-"} {
				if l, ok := strings.CutPrefix(class, prefix); ok && l != "" {
					return l
				}
			}
		}
	}
	return ""
}

func (b *builder) table(n *html.Node, marks []Mark) Node {
	var rows []Node
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "thead", "tbody", "tfoot":
				visit(c)
			case "tr":
				if row := b.row(c, marks); len(row.Content) > 0 {
					rows = append(rows, row)
				}
			}
		}
	}
	visit(n)
	if len(rows) == 0 {
		return Node{}
	}
	return Table(rows...)
}

func (b *builder) row(tr *html.Node, marks []Mark) Node {
	var cells []Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || (c.Data != "td" && c.Data != "th") {
			continue
		}
		content := coerce(b.sub(c, marks), cellBlocks)
		if len(content) == 0 {
			content = []Node{{Type: TypeParagraph}}
		}
		cell := TableCell(content...)
		if c.Data == "th" {
			cell.Type = TypeTableHeader
		}
		for _, k := range []string{"colspan", "rowspan"} {
			if v, err := strconv.Atoi(strings.TrimSpace(attr(c, k))); err == nil && v > 1 && v <= 1000 {
				if cell.Attrs == nil {
					cell.Attrs = map[string]any{}
				}
				cell.Attrs[k] = v
			}
		}
		cells = append(cells, cell)
	}
	return TableRow(cells...)
}

// elementMarks returns the marks an inline element adds.
func elementMarks(n *html.Node) []Mark {
	var ms []Mark
	switch n.Data {
	case "strong", "b":
		ms = append(ms, Strong)
	case "em", "i", "cite", "var", "dfn":
		ms = append(ms, Em)
	case "u", "ins":
		ms = append(ms, Underline)
	case "s", "strike", "del":
		ms = append(ms, Strike)
	case "code", "kbd", "samp", "tt":
		ms = append(ms, Code)
	case "sub", "sup":
		ms = append(ms, Mark{Type: MarkSubsup, Attrs: map[string]any{"type": n.Data}})
	case "a":
		if href := safeHref(attr(n, "href")); href != "" {
			ms = append(ms, Link(href))
		}
	}
	return append(ms, styleMarks(attr(n, "style"))...)
}

// styleMarks reads the inline styles rich-text editors use for formatting.
func styleMarks(style string) []Mark {
	var ms []Mark
	for _, decl := range strings.Split(style, ";") {
		prop, val, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		prop = strings.ToLower(strings.TrimSpace(prop))
		val = strings.ToLower(strings.TrimSpace(val))
		switch prop {
		case "font-weight":
			if val == "bold" || val == "bolder" || val == "600" || val == "700" || val == "800" || val == "900" {
				ms = append(ms, Strong)
			}
		case "font-style":
			if val == "italic" || val == "oblique" {
				ms = append(ms, Em)
			}
		case "text-decoration", "text-decoration-line":
			if strings.Contains(val, "underline") {
				ms = append(ms, Underline)
			}
			if strings.Contains(val, "line-through") {
				ms = append(ms, Strike)
			}
		}
	}
	return ms
}

// safeHref keeps web, mail and relative links and drops script and data URLs,
// which Jira would refuse or which would be unsafe to follow.
func safeHref(href string) string {
	href = strings.TrimSpace(href)
	scheme, _, hasScheme := strings.Cut(href, ":")
	if hasScheme && !strings.ContainsAny(scheme, "/?#") {
		switch strings.ToLower(scheme) {
		case "http", "https", "mailto", "ftp", "sftp", "tel":
		default:
			return ""
		}
	}
	return href
}

// markRank is the canonical order of marks; it is also the nesting order of
// the HTML tags, outermost first.
var markRank = map[string]int{MarkLink: 0, MarkStrong: 1, MarkEm: 2, MarkUnderline: 3, MarkStrike: 4,
	MarkSubsup: 5, MarkTextColor: 6, MarkCode: 7}

// withMarks adds marks to a set: the innermost link or subsup wins, code drops
// the marks ADF does not allow beside it, and the result is in canonical order.
func withMarks(marks []Mark, add ...Mark) []Mark {
	if len(add) == 0 {
		return marks
	}
	out := slices.Clone(marks)
	for _, m := range add {
		i := slices.IndexFunc(out, func(o Mark) bool { return o.Type == m.Type })
		if i >= 0 {
			out[i] = m
			continue
		}
		out = append(out, m)
	}
	if slices.ContainsFunc(out, func(m Mark) bool { return m.Type == MarkCode }) {
		out = slices.DeleteFunc(out, func(m Mark) bool { return !codeMates[m.Type] })
	}
	slices.SortStableFunc(out, func(a, b Mark) int { return markRank[a.Type] - markRank[b.Type] })
	return out
}

func sameMarks(a, b []Mark) bool {
	return slices.EqualFunc(a, b, func(x, y Mark) bool {
		return x.Type == y.Type && x.AttrString("href") == y.AttrString("href") &&
			x.AttrString("type") == y.AttrString("type") && x.AttrString("color") == y.AttrString("color")
	})
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textContent(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}

// collapse folds HTML whitespace runs to one space and trims the ends.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, isHTMLSpace), " ")
}
