package adf

import (
	"strings"
	"testing"
)

// A long description as a rich-text editor writes it: paragraphs with marks,
// lists, a table and a code block, repeated.
var benchHTML = strings.Repeat(strings.Join(spiraSamples, "\n"), 200)

func BenchmarkFromHTML(b *testing.B) {
	b.SetBytes(int64(len(benchHTML)))
	for b.Loop() {
		FromHTML(benchHTML)
	}
}

func BenchmarkHTML(b *testing.B) {
	d := FromHTML(benchHTML)
	b.SetBytes(int64(len(benchHTML)))
	for b.Loop() {
		_ = d.HTML()
	}
}

// One text node fed by many small elements must stay linear.
func BenchmarkFromHTMLManySpans(b *testing.B) {
	in := strings.Repeat("<span>ab </span>", 20000)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		FromHTML(in)
	}
}

// Content straight inside a list joins the open item; it must stay linear too.
func BenchmarkFromHTMLStrayListContent(b *testing.B) {
	in := "<ul><li>a</li>" + strings.Repeat("<p>b</p>", 5000) + "</ul>"
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		FromHTML(in)
	}
}
