package adf

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHTML(t *testing.T) {
	tests := []struct {
		name string
		doc  Doc
		want string
	}{
		{"empty", Doc{}, ""},
		{"paragraph with marks", Doc{Content: []Node{Paragraph(
			Text("a "), Text("b", Link("https://x.test/?a=1&b=2"), Strong), Text(" c", Em, Underline, Strike), Text("d", Code))}},
			`<p>a <a href="https://x.test/?a=1&amp;b=2"><strong>b</strong></a><em><u><s> c</s></u></em><code>d</code></p>`},
		{"escapes text", Doc{Content: []Node{Paragraph(Text(`<script>"&'`))}}, `<p>&lt;script&gt;&#34;&amp;&#39;</p>`},
		{"empty paragraph is a blank line", Doc{Content: []Node{Paragraph()}}, `<p>&nbsp;</p>`},
		{"hard break", Doc{Content: []Node{Paragraph(Text("a"), HardBreak(), Text("b"))}}, `<p>a<br>b</p>`},
		{"line feeds inside text become breaks, space runs stay", Doc{Content: []Node{Paragraph(Text("a\r\nb  c", Strong))}},
			`<p><strong>a<br>b &nbsp;c</strong></p>`},
		{"heading", Doc{Content: []Node{Heading(3, Text("t"))}}, `<h3>t</h3>`},
		{"lists", Doc{Content: []Node{
			BulletList(ListItem(Paragraph(Text("a")), OrderedList(ListItem(Paragraph(Text("b")))))),
			{Type: TypeOrderedList, Attrs: map[string]any{"order": 4.0}, Content: []Node{ListItem(Paragraph(Text("d")))}},
		}}, `<ul><li><p>a</p><ol><li><p>b</p></li></ol></li></ul><ol start="4"><li><p>d</p></li></ol>`},
		{"code block", Doc{Content: []Node{CodeBlock("sql", "select *\nfrom t where a < 1")}},
			"<pre><code class=\"language-sql\">select *\nfrom t where a &lt; 1</code></pre>"},
		{"blockquote and rule", Doc{Content: []Node{Blockquote(Paragraph(Text("q"))), Rule()}}, `<blockquote><p>q</p></blockquote><hr>`},
		{"table", Doc{Content: []Node{Table(TableRow(TableHeader(Paragraph(Text("h"))),
			Node{Type: TypeTableCell, Attrs: map[string]any{"colspan": 2.0, "rowspan": 1.0}, Content: []Node{Paragraph(Text("c"))}}))}},
			`<table><tbody><tr><th><p>h</p></th><td colspan="2"><p>c</p></td></tr></tbody></table>`},
		{"mention", Doc{Content: []Node{Paragraph(Mention("abc", "@Ann"), Mention("def", ""))}},
			`<p><span class="mention" data-mention-id="abc">@Ann</span><span class="mention" data-mention-id="def">@def</span></p>`},
		{"emoji, status, date and card degrade to text", Doc{Content: []Node{Paragraph(
			Node{Type: TypeEmoji, Attrs: map[string]any{"shortName": ":smile:", "text": "😄"}},
			Node{Type: TypeStatus, Attrs: map[string]any{"text": "DONE", "color": "green"}},
			Text(" "),
			Node{Type: TypeDate, Attrs: map[string]any{"timestamp": "1700000000000"}},
			Node{Type: TypeInlineCard, Attrs: map[string]any{"url": "https://c.test"}})}},
			`<p>😄DONE 2023-11-14<a href="https://c.test">https://c.test</a></p>`},
		{"panel degrades to its content", Doc{Content: []Node{{Type: TypePanel, Attrs: map[string]any{"panelType": "info"},
			Content: []Node{Paragraph(Text("p"))}}}}, `<p>p</p>`},
		{"unknown block with inline content becomes a paragraph", Doc{Content: []Node{{Type: "futureBlock",
			Content: []Node{Text("x"), {Type: "futureInline", Text: "y"}}}}}, `<p>xy</p>`},
		{"external media becomes a link, file media its alt", Doc{Content: []Node{
			{Type: TypeMediaSingle, Content: []Node{{Type: TypeMedia, Attrs: map[string]any{"type": "external", "url": "https://i.test/a.png"}}}},
			{Type: TypeMediaGroup, Content: []Node{{Type: TypeMedia, Attrs: map[string]any{"type": "file", "id": "1", "alt": "log.txt"}}}},
		}}, `<p><a href="https://i.test/a.png">https://i.test/a.png</a></p><p>log.txt</p>`},
		{"expand shows its title", Doc{Content: []Node{{Type: TypeExpand, Attrs: map[string]any{"title": "More"},
			Content: []Node{Paragraph(Text("x"))}}}}, `<p><strong>More</strong></p><p>x</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.doc.HTML())
		})
	}
}

func TestHTMLOfJiraDocument(t *testing.T) {
	// A description as Jira returns it, with numbers decoded as float64.
	const in = `{"type":"doc","version":1,"content":[
	  {"type":"paragraph","content":[{"type":"text","text":"First line"},{"type":"hardBreak"},{"type":"text","text":"second line"}]},
	  {"type":"paragraph","content":[{"type":"text","text":"Bold","marks":[{"type":"strong"}]},
	    {"type":"text","text":" link","marks":[{"type":"link","attrs":{"href":"https://spira.example.com/x"}}]}]},
	  {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Steps"}]}]}`
	var d Doc
	require.NoError(t, json.Unmarshal([]byte(in), &d))
	require.NoError(t, d.Validate())
	require.Equal(t, `<p>First line<br>second line</p><p><strong>Bold</strong><a href="https://spira.example.com/x"> link</a></p><h2>Steps</h2>`, d.HTML())
}
