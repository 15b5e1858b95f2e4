package adf

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// spiraSamples are descriptions in the shapes SpiraPlan's rich-text editor writes.
var spiraSamples = []string{
	"<p>The book search returns <strong>no results</strong> when the title has an accent.</p>",
	"<p>Steps:</p>\n<ol>\n\t<li>Open <em>Search</em></li>\n\t<li>Type &quot;Ren&eacute;&quot;</li>\n</ol>\n<p>&nbsp;</p>\n<p>Expected: one hit</p>",
	`<div><span style="font-family:arial; font-weight:bold">Severity</span>: <u>high</u><br />Seen on <a href="https://lib.test/search?q=a&amp;b=c">the search page</a>.</div>`,
	"<pre class=\"language-sql\">SELECT * FROM books\nWHERE title LIKE '%é%';</pre><p>then <code>reindex</code> and <s>restart</s></p>",
	"<blockquote><p>Customer said: it was fine yesterday.</p></blockquote><hr /><h2>Analysis</h2>",
	"<table border=\"1\"><thead><tr><th>Field</th><th>Value</th></tr></thead><tbody><tr><td>OS</td><td>Windows&nbsp;11</td></tr><tr><td colspan=\"2\"><ul><li>a</li></ul></td></tr></tbody></table>",
	"<ul><li>one<ul><li>one.one</li></ul></li><li><p>two</p><p>more</p></li></ul>",
	`<p>Assigned to <span class="mention" data-mention-id="712020:abc">@Ann Lee</span> today<br><br></p>`,
	`<p><img src="https://lib.test/shot.png" alt="screenshot"> and H<sub>2</sub>O<sup>*</sup></p>`,
	"plain text\nover two lines &amp; more",
}

// HTML -> ADF -> HTML is stable: converting the rendered HTML again gives the same HTML.
func TestHTMLRoundTripIsStable(t *testing.T) {
	for _, in := range spiraSamples {
		once := FromHTML(in).HTML()
		require.NotEmpty(t, once, in)
		twice := FromHTML(once).HTML()
		require.Equal(t, once, twice, "input: %s", in)
	}
}

// ADF -> HTML -> ADF gives back the same document for the supported set.
func TestADFRoundTripIsEqual(t *testing.T) {
	docs := []Doc{
		{Version: 1, Content: []Node{Paragraph(Text("a "), Text("b", Strong), Text(" c", Em), Text("d", Underline),
			Text("e", Strike), Text("f", Code), Text("g", Link("https://x.test/?a=1&b=2"), Strong, Em))}},
		{Version: 1, Content: []Node{Paragraph(Text("line"), HardBreak(), Text("next <&> \"quoted\""))}},
		{Version: 1, Content: []Node{Heading(1, Text("h1")), Heading(4, Text("h4", Em)), Paragraph()}},
		{Version: 1, Content: []Node{BulletList(
			ListItem(Paragraph(Text("a")), OrderedList(ListItem(Paragraph(Text("a1"))), ListItem(Paragraph(Text("a2"))))),
			ListItem(Paragraph(), BulletList(ListItem(Paragraph(Text("deep"))))),
			ListItem(Paragraph(Text("c")), CodeBlock("", "x := 1"))),
		}},
		{Version: 1, Content: []Node{{Type: TypeOrderedList, Attrs: map[string]any{"order": 5}, Content: []Node{ListItem(Paragraph(Text("five")))}}}},
		{Version: 1, Content: []Node{CodeBlock("go", "func main() {\n\tprintln(\"<hi>\")\n}\n"), CodeBlock("", "\nleading newline")}},
		{Version: 1, Content: []Node{Blockquote(Paragraph(Text("quoted")), BulletList(ListItem(Paragraph(Text("item"))))), Rule()}},
		{Version: 1, Content: []Node{Table(
			TableRow(TableHeader(Paragraph(Text("Field"))), TableHeader(Paragraph(Text("Value")))),
			TableRow(TableCell(Paragraph(Text("OS"))), TableCell(Heading(2, Text("h")), BulletList(ListItem(Paragraph(Text("x")))))),
			TableRow(Node{Type: TypeTableCell, Attrs: map[string]any{"colspan": 2}, Content: []Node{Paragraph()}}),
		)}},
		{Version: 1, Content: []Node{Paragraph(Text("hi "), Mention("712020:abc", "@Ann Lee"), Text(", see "),
			Text("2", Mark{Type: MarkSubsup, Attrs: map[string]any{"type": "sup"}}))}},
		{Version: 1, Content: []Node{Paragraph(Text("non\u00a0breaking"))}},
	}
	for _, d := range docs {
		require.NoError(t, d.Validate())
		back := FromHTML(d.HTML())
		require.JSONEq(t, contentJSON(t, d), contentJSON(t, back), "html: %s", d.HTML())
	}
}
