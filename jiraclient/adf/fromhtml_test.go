package adf

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func contentJSON(t *testing.T, d Doc) string {
	t.Helper()
	b, err := json.Marshal(d.Content)
	require.NoError(t, err)
	return string(b)
}

func TestFromHTML(t *testing.T) {
	tests := []struct {
		name string
		html string
		want string // JSON of the document's content
	}{
		{"empty", "", `[]`},
		{"only whitespace", " \n\t ", `[]`},
		{"plain text becomes a paragraph", "hello", `[{"type":"paragraph","content":[{"type":"text","text":"hello"}]}]`},
		{"paragraphs", "<p>one</p>\n<p>two</p>",
			`[{"type":"paragraph","content":[{"type":"text","text":"one"}]},{"type":"paragraph","content":[{"type":"text","text":"two"}]}]`},
		{"whitespace collapses across tags", "<p>  a \n <b> b </b>  c  </p>",
			`[{"type":"paragraph","content":[{"type":"text","text":"a "},{"type":"text","text":"b ","marks":[{"type":"strong"}]},{"type":"text","text":"c"}]}]`},
		{"br is a hard break and trailing br is dropped", "<p>a<br> b<br></p>",
			`[{"type":"paragraph","content":[{"type":"text","text":"a"},{"type":"hardBreak"},{"type":"text","text":"b"}]}]`},
		{"nbsp paragraph is a blank line", "<p>a</p><p>&nbsp;</p><p>b</p>",
			`[{"type":"paragraph","content":[{"type":"text","text":"a"}]},{"type":"paragraph"},{"type":"paragraph","content":[{"type":"text","text":"b"}]}]`},
		{"br-only div is a blank line", "<div><br></div>", `[{"type":"paragraph"}]`},
		{"empty p shows nothing", "<p></p><p> </p>", `[]`},
		{"nbsp inside text is kept", "a&nbsp;b", `[{"type":"paragraph","content":[{"type":"text","text":"a\u00a0b"}]}]`},
		{"divs and spans from an editor", `<div><span style="font-size:12px">x</span></div><div><span style="font-weight: bold; font-style:italic">y</span></div>`,
			`[{"type":"paragraph","content":[{"type":"text","text":"x"}]},{"type":"paragraph","content":[{"type":"text","text":"y","marks":[{"type":"strong"},{"type":"em"}]}]}]`},
		{"all simple marks", "<strong>1</strong><b>2</b><em>3</em><i>4</i><u>5</u><s>6</s><strike>7</strike><del>8</del><code>9</code>",
			`[{"type":"paragraph","content":[{"type":"text","text":"12","marks":[{"type":"strong"}]},{"type":"text","text":"34","marks":[{"type":"em"}]},{"type":"text","text":"5","marks":[{"type":"underline"}]},{"type":"text","text":"678","marks":[{"type":"strike"}]},{"type":"text","text":"9","marks":[{"type":"code"}]}]}]`},
		{"styles for underline and strike", `<span style="text-decoration: underline line-through">x</span>`,
			`[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"underline"},{"type":"strike"}]}]}]`},
		{"marks in canonical order whatever the nesting", "<em><a href=\"https://x.test/\"><b>t</b></a></em>",
			`[{"type":"paragraph","content":[{"type":"text","text":"t","marks":[{"type":"link","attrs":{"href":"https://x.test/"}},{"type":"strong"},{"type":"em"}]}]}]`},
		{"code drops marks it cannot share", "<b><a href=\"https://x.test\"><code>c</code></a></b>",
			`[{"type":"paragraph","content":[{"type":"text","text":"c","marks":[{"type":"link","attrs":{"href":"https://x.test"}},{"type":"code"}]}]}]`},
		{"inner link wins", `<a href="https://a.test"><a href="https://b.test">x</a></a>`,
			`[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"https://b.test"}}]}]}]`},
		{"script links are dropped, text kept", `<a href=" JavaScript:alert(1)">x</a><a href="">y</a>`,
			`[{"type":"paragraph","content":[{"type":"text","text":"xy"}]}]`},
		{"relative and mail links are kept", `<a href="/Incident/5.aspx">i</a><a href="mailto:a@b.test">m</a>`,
			`[{"type":"paragraph","content":[{"type":"text","text":"i","marks":[{"type":"link","attrs":{"href":"/Incident/5.aspx"}}]},{"type":"text","text":"m","marks":[{"type":"link","attrs":{"href":"mailto:a@b.test"}}]}]}]`},
		{"sub and sup", "H<sub>2</sub>O x<sup>2</sup>",
			`[{"type":"paragraph","content":[{"type":"text","text":"H"},{"type":"text","text":"2","marks":[{"type":"subsup","attrs":{"type":"sub"}}]},{"type":"text","text":"O x"},{"type":"text","text":"2","marks":[{"type":"subsup","attrs":{"type":"sup"}}]}]}]`},
		{"headings", "<h1>A</h1><h6><i>F</i></h6>",
			`[{"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"A"}]},{"type":"heading","attrs":{"level":6},"content":[{"type":"text","text":"F","marks":[{"type":"em"}]}]}]`},
		{"empty heading is dropped", "<h2> </h2>", `[]`},
		{"bullet list", "<ul><li>a</li><li><b>b</b></li></ul>",
			`[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]},{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b","marks":[{"type":"strong"}]}]}]}]}]`},
		{"ordered list with start", `<ol start="3"><li>c</li></ol>`,
			`[{"type":"orderedList","attrs":{"order":3},"content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"c"}]}]}]}]`},
		{"nested list inside item", "<ul><li>a<ol><li>b</li></ol></li></ul>",
			`[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]},{"type":"orderedList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}]}]}]`},
		{"list directly inside list joins the item before", "<ul><li>a</li><ul><li>b</li></ul></ul>",
			`[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]},{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}]}]}]`},
		{"item starting with a list gets an empty paragraph first", "<ul><li><ul><li>x</li></ul></li></ul>",
			`[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph"},{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]}]}]}]}]`},
		{"empty list item keeps its place", "<ol><li></li></ol>",
			`[{"type":"orderedList","content":[{"type":"listItem","content":[{"type":"paragraph"}]}]}]`},
		{"empty list is dropped", "<ul> </ul>", `[]`},
		{"heading in a list item becomes a paragraph", "<ul><li><h3>t</h3></li></ul>",
			`[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"t"}]}]}]}]`},
		{"code block keeps whitespace and language", "<pre><code class=\"language-go\">a  b\n\tc</code></pre>",
			`[{"type":"codeBlock","attrs":{"language":"go"},"content":[{"type":"text","text":"a  b\n\tc"}]}]`},
		{"code block drops marks and turns br into newlines", "<pre>x<b>y</b><br>z</pre>",
			`[{"type":"codeBlock","content":[{"type":"text","text":"xy\nz"}]}]`},
		{"empty code block is dropped", "<pre></pre>", `[]`},
		{"blockquote", "<blockquote><p>q</p><ul><li>l</li></ul></blockquote>",
			`[{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"q"}]},{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"l"}]}]}]}]}]`},
		{"blockquote flattens headings and quotes", "<blockquote><h1>h</h1><blockquote>i</blockquote><hr></blockquote>",
			`[{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"h"}]},{"type":"paragraph","content":[{"type":"text","text":"i"}]}]}]`},
		{"rule", "a<hr>b",
			`[{"type":"paragraph","content":[{"type":"text","text":"a"}]},{"type":"rule"},{"type":"paragraph","content":[{"type":"text","text":"b"}]}]`},
		{"table with header, empty cell and spans", `<table><thead><tr><th>H</th><th></th></tr></thead><tbody><tr><td colspan="2">x</td></tr></tbody></table>`,
			`[{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"H"}]}]},{"type":"tableHeader","content":[{"type":"paragraph"}]}]},{"type":"tableRow","content":[{"type":"tableCell","attrs":{"colspan":2},"content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]}]}]}]`},
		{"table inside a list degrades to rows of text", "<ul><li><table><tr><td>a</td><td><b>b</b></td></tr></table></li></ul>",
			`[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a | "},{"type":"text","text":"b","marks":[{"type":"strong"}]}]}]}]}]`},
		{"table inside a cell degrades", "<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>",
			`[{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"a | b"}]}]}]}]}]`},
		{"table without rows is dropped", "<table></table>", `[]`},
		{"mention", `<p>hi <span class="mention" data-mention-id="5b10ac8d82e05b22cc7d4ef5">@Ann  Lee</span>!</p>`,
			`[{"type":"paragraph","content":[{"type":"text","text":"hi "},{"type":"mention","attrs":{"id":"5b10ac8d82e05b22cc7d4ef5","text":"@Ann Lee"}},{"type":"text","text":"!"}]}]`},
		{"image degrades to alt text linked to its source", `<img src="https://s.test/a.png" alt="diagram">`,
			`[{"type":"paragraph","content":[{"type":"text","text":"diagram","marks":[{"type":"link","attrs":{"href":"https://s.test/a.png"}}]}]}]`},
		{"image without alt or web source is dropped", `<img src="data:image/png;base64,AAA">x`,
			`[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]`},
		{"scripts and styles are dropped", "<style>p{}</style><script>alert(1)</script>ok",
			`[{"type":"paragraph","content":[{"type":"text","text":"ok"}]}]`},
		{"unknown elements degrade to their text", "<custom-tag>a<blink>b</blink></custom-tag>",
			`[{"type":"paragraph","content":[{"type":"text","text":"ab"}]}]`},
		{"full document", "<html><head><title>t</title></head><body><p>x</p></body></html>",
			`[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]`},
		{"block inside inline splits the paragraph and keeps marks", "<b>a<div>b</div>c</b>",
			`[{"type":"paragraph","content":[{"type":"text","text":"a","marks":[{"type":"strong"}]}]},{"type":"paragraph","content":[{"type":"text","text":"b","marks":[{"type":"strong"}]}]},{"type":"paragraph","content":[{"type":"text","text":"c","marks":[{"type":"strong"}]}]}]`},
		{"entities", "&lt;tag&gt; &amp; &quot;q&quot; &#233;",
			`[{"type":"paragraph","content":[{"type":"text","text":"\u003ctag\u003e \u0026 \"q\" é"}]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := FromHTML(tt.html)
			require.Equal(t, 1, d.Version)
			require.JSONEq(t, tt.want, contentJSON(t, d))
			require.NoError(t, d.Validate())
		})
	}
}
