package adf

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name string
		doc  Doc
		want string
	}{
		{"empty", Doc{}, ""},
		{"paragraphs and breaks", Doc{Content: []Node{Paragraph(Text("a", Strong), HardBreak(), Text("b")), Paragraph(Text("c"))}}, "a\nb\n\nc"},
		{"empty paragraph adds nothing", Doc{Content: []Node{Paragraph(Text("a")), Paragraph(), Paragraph(Text("b"))}}, "a\n\nb"},
		{"lists nest", Doc{Content: []Node{
			BulletList(ListItem(Paragraph(Text("a")), OrderedList(ListItem(Paragraph(Text("x"))), ListItem(Paragraph(Text("y"), HardBreak(), Text("y2")))))),
			{Type: TypeOrderedList, Attrs: map[string]any{"order": 9.0}, Content: []Node{ListItem(Paragraph(Text("nine"))), ListItem(Paragraph(Text("ten")))}},
		}}, "- a\n  1. x\n  2. y\n     y2\n\n9. nine\n10. ten"},
		{"code block", Doc{Content: []Node{CodeBlock("go", "a\n\tb")}}, "a\n\tb"},
		{"table", Doc{Content: []Node{Table(TableRow(TableHeader(Paragraph(Text("k"))), TableHeader(Paragraph(Text("v")))),
			TableRow(TableCell(Paragraph(Text("os"))), TableCell(Paragraph(Text("win"), HardBreak(), Text("11")))))}}, "k | v\nos | win 11"},
		{"mention, emoji, card, date", Doc{Content: []Node{Paragraph(Mention("id1", "@Ann"), Text(" "),
			Node{Type: TypeEmoji, Attrs: map[string]any{"shortName": ":tada:"}}, Text(" "),
			Node{Type: TypeInlineCard, Attrs: map[string]any{"url": "https://c.test"}}, Text(" "),
			Node{Type: TypeDate, Attrs: map[string]any{"timestamp": "0"}})}}, "@Ann :tada: https://c.test 1970-01-01"},
		{"blockquote, rule, unknown block", Doc{Content: []Node{Blockquote(Paragraph(Text("q"))), Rule(),
			{Type: "futureBlock", Content: []Node{Paragraph(Text("f"))}}}}, "q\n\n---\n\nf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.doc.PlainText())
		})
	}
}

func TestFromPlainText(t *testing.T) {
	require.JSONEq(t, `[]`, contentJSON(t, FromPlainText("")))
	require.JSONEq(t, `[]`, contentJSON(t, FromPlainText("\n \n")))
	d := FromPlainText("line one\r\nline two\n\n\n  indented <b>\n")
	require.NoError(t, d.Validate())
	require.JSONEq(t, `[
	  {"type":"paragraph","content":[{"type":"text","text":"line one"},{"type":"hardBreak"},{"type":"text","text":"line two"}]},
	  {"type":"paragraph","content":[{"type":"text","text":"  indented <b>"}]}]`, contentJSON(t, d))
	require.Equal(t, "line one\nline two\n\n  indented <b>", d.PlainText())
}

func TestPlainTextOfHTML(t *testing.T) {
	d := FromHTML("<p>Steps:</p><ol><li>Open</li><li>Search <b>René</b></li></ol><p>Result:<br>none</p>")
	require.Equal(t, "Steps:\n\n1. Open\n2. Search René\n\nResult:\nnone", d.PlainText())
}

func TestJSON(t *testing.T) {
	b, err := json.Marshal(Doc{})
	require.NoError(t, err)
	require.JSONEq(t, `{"type":"doc","version":1,"content":[]}`, string(b))

	d := Doc{Version: 1, Content: []Node{Paragraph(Text("x", Link("https://a.test"))), Heading(2, Text("h")), Paragraph()}}
	b, err = json.Marshal(d)
	require.NoError(t, err)
	require.JSONEq(t, `{"type":"doc","version":1,"content":[
	  {"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"https://a.test"}}]}]},
	  {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"h"}]},
	  {"type":"paragraph"}]}`, string(b))

	var back Doc
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, 1, back.Version)
	level, ok := back.Content[1].AttrInt("level")
	require.True(t, ok)
	require.Equal(t, 2, level)
	require.Equal(t, "https://a.test", back.Content[0].Content[0].Marks[0].AttrString("href"))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	require.JSONEq(t, string(b), string(b2))

	require.ErrorContains(t, json.Unmarshal([]byte(`{"type":"paragraph"}`), &back), `want "doc"`)
	require.Error(t, json.Unmarshal([]byte(`[1]`), &back))
}

func TestIsEmpty(t *testing.T) {
	require.True(t, Doc{}.IsEmpty())
	require.True(t, FromHTML("<p>&nbsp;</p><p> </p>").IsEmpty())
	require.False(t, FromHTML("x").IsEmpty())
	require.False(t, Doc{Content: []Node{Rule()}}.IsEmpty())
}
