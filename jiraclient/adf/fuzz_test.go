package adf

import (
	"encoding/json"
	"testing"
)

func FuzzFromHTML(f *testing.F) {
	for _, s := range spiraSamples {
		f.Add(s)
	}
	for _, s := range []string{"", "<", "<p>", "<table><td>x", "<ul><ul><li>", "<pre>\n\n</pre>", "<b><code><i>x</i></code></b>",
		"<h1><p>a</p><p>b</p></h1>", "<blockquote><table><tr><td><pre>c</pre></td></tr></table></blockquote>",
		"<li>stray</li>", "<ol start=-3><li>x</li></ol>", "<a href='  '>sp</a>", "&nbsp;<br>&nbsp;", "<span data-mention-id=x></span>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d := FromHTML(in)
		if err := d.Validate(); err != nil {
			t.Fatalf("FromHTML(%q) does not validate: %v", in, err)
		}
		noEmptyText(t, d.Content)
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back Doc
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("unmarshal: %v", err)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("decoded document does not validate: %v", err)
		}
		// The converter's output is canonical: rendering and converting again changes nothing.
		out := d.HTML()
		again := FromHTML(out)
		b2, _ := json.Marshal(again)
		if string(b) != string(b2) {
			t.Fatalf("ADF -> HTML -> ADF changed the document\ninput: %q\nhtml:  %q\nfirst: %s\nagain: %s", in, out, b, b2)
		}
		_ = d.PlainText()
	})
}

func noEmptyText(t *testing.T, ns []Node) {
	t.Helper()
	for _, n := range ns {
		if n.Type == TypeText && n.Text == "" {
			t.Fatal("empty text node")
		}
		noEmptyText(t, n.Content)
	}
}
