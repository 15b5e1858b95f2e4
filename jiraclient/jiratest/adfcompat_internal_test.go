package jiratest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/adf"
)

// The project's HTML -> ADF converter must produce documents Jira accepts;
// the simulator's own reading of ADF is independent of it.
func TestADFFromTheConverterIsAccepted(t *testing.T) {
	for _, h := range []string{
		"",
		"plain text",
		"<p>one</p><p>two<br>three</p>",
		"<h2>Steps</h2><ol><li>open</li><li><b>click</b> <a href='https://x.example'>here</a></li></ol>",
		"<ul><li><p>nested</p><ul><li>deeper</li></ul></li></ul>",
		"<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td><i>2</i></td></tr></table>",
		"<pre><code>x := 1</code></pre><blockquote>quoted</blockquote><hr>",
		"<div>div <span>span</span></div>text after<br/>",
		"<p><u>u</u> <s>s</s> <code>c</code> <em>e</em> <strong>s</strong></p>",
		"<p>   </p><p></p>",
		"<li>orphan item</li>",
		"<td>orphan cell</td>",
		"<ul><li></li></ul>",
		"<h1></h1><p><b></b></p>",
	} {
		raw, err := json.Marshal(adf.FromHTML(h))
		require.NoError(t, err)
		_, ok := parseADF(raw)
		assert.True(t, ok, "%q -> %s", h, raw)
	}
}

func FuzzADFFromHTMLIsAccepted(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<ul><li>x<ol><li>y</li></ol></li></ul>", "<table><tr><td><p>c</p></td></tr></table>", "a<br>b", "<blockquote><h3>h</h3></blockquote>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		raw, err := json.Marshal(adf.FromHTML(h))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := parseADF(raw); !ok {
			t.Fatalf("Jira would refuse the ADF of %q: %s", h, raw)
		}
	})
}
