package adf

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestValidateAcceptsValidDocuments(t *testing.T) {
	docs := []Doc{
		{},
		{Version: 1, Content: []Node{Paragraph()}},
		{Version: 1, Content: []Node{Paragraph(Text("a", Link("https://x.test"), Code)), Heading(6, Text("h"))}},
		{Version: 1, Content: []Node{{Type: TypePanel, Attrs: map[string]any{"panelType": "warning"}, Content: []Node{Paragraph(Text("p"))}}}},
		{Version: 1, Content: []Node{{Type: TypeMediaSingle, Content: []Node{{Type: TypeMedia, Attrs: map[string]any{"type": "file", "id": "x"}}}}}},
	}
	for _, d := range docs {
		require.NoError(t, d.Validate())
	}
}

// Each case breaks one rule; the error names it.
func TestValidateReportsEachRule(t *testing.T) {
	p := func(ns ...Node) Doc { return Doc{Version: 1, Content: []Node{Paragraph(ns...)}} }
	tests := []struct {
		name string
		doc  Doc
		want string
	}{
		{"version", Doc{Version: 2}, "version is 2"},
		{"empty text", p(Text("")), "empty text"},
		{"unknown node", Doc{Content: []Node{{Type: "sparkle"}}}, `unknown node type "sparkle"`},
		{"missing type", Doc{Content: []Node{{}}}, "node has no type"},
		{"inline at top level", Doc{Content: []Node{Text("x")}}, `"text" is not allowed at the top level`},
		{"block inside paragraph", p(Paragraph(Text("x"))), `"paragraph" is not allowed inside paragraph`},
		{"heading level", Doc{Content: []Node{Heading(7, Text("x"))}}, "heading needs attrs.level"},
		{"heading without level", Doc{Content: []Node{{Type: TypeHeading}}}, "heading needs attrs.level"},
		{"empty list", Doc{Content: []Node{BulletList()}}, "bulletList must have at least 1"},
		{"list of paragraphs", Doc{Content: []Node{OrderedList(Paragraph(Text("x")))}}, `"paragraph" is not allowed inside orderedList`},
		{"list item starting with a list", Doc{Content: []Node{BulletList(ListItem(BulletList(ListItem(Paragraph()))))}},
			`"bulletList" is not allowed inside listItem`},
		{"empty list item", Doc{Content: []Node{BulletList(ListItem())}}, "listItem must have at least 1"},
		{"table in list item", Doc{Content: []Node{BulletList(ListItem(Paragraph(), Table(TableRow(TableCell(Paragraph())))))}},
			`"table" is not allowed inside listItem`},
		{"empty table cell", Doc{Content: []Node{Table(TableRow(TableCell()))}}, "tableCell must have at least 1"},
		{"empty table row", Doc{Content: []Node{Table(TableRow())}}, "tableRow must have at least 1"},
		{"table in cell", Doc{Content: []Node{Table(TableRow(TableCell(Table(TableRow(TableCell(Paragraph()))))))}},
			`"table" is not allowed inside tableCell`},
		{"bad colspan", Doc{Content: []Node{Table(TableRow(Node{Type: TypeTableCell, Attrs: map[string]any{"colspan": 0}, Content: []Node{Paragraph()}}))}},
			"colspan must be"},
		{"heading in blockquote", Doc{Content: []Node{Blockquote(Heading(1, Text("x")))}}, `"heading" is not allowed inside blockquote`},
		{"marks in code block", Doc{Content: []Node{{Type: TypeCodeBlock, Content: []Node{Text("x", Strong)}}}}, "codeBlock must have no marks"},
		{"code with strong", p(Text("x", Strong, Code)), `mark "strong" cannot be combined with code`},
		{"duplicate mark", p(Text("x", Em, Em)), `mark "em" appears twice`},
		{"unknown mark", p(Text("x", Mark{Type: "glitter"})), `unknown mark "glitter"`},
		{"link without href", p(Text("x", Mark{Type: MarkLink})), "link mark needs"},
		{"subsup type", p(Text("x", Mark{Type: MarkSubsup, Attrs: map[string]any{"type": "mid"}})), "subsup mark needs"},
		{"mark on paragraph", Doc{Content: []Node{{Type: TypeParagraph, Marks: []Mark{Strong}}}}, `mark "strong" is not allowed on paragraph`},
		{"mention without id", p(Node{Type: TypeMention}), "mention needs attrs.id"},
		{"hard break with content", p(Node{Type: TypeHardBreak, Content: []Node{Text("x")}}), "hardBreak must have no content"},
		{"text on a paragraph", Doc{Content: []Node{{Type: TypeParagraph, Text: "x"}}}, "must not carry text"},
		{"panel type", Doc{Content: []Node{{Type: TypePanel, Content: []Node{Paragraph()}}}}, "panel needs attrs.panelType"},
		{"order", Doc{Content: []Node{{Type: TypeOrderedList, Attrs: map[string]any{"order": -1}, Content: []Node{ListItem(Paragraph())}}}}, "attrs.order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.doc.Validate()
			require.Error(t, err)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve))
			require.Len(t, ve.Problems, 1, "only the broken rule is reported: %v", ve.Problems)
			require.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestValidationErrorNamesPathAndCountsTheRest(t *testing.T) {
	var ns []Node
	for range 7 {
		ns = append(ns, Text(""))
	}
	err := Doc{Content: []Node{Paragraph(ns...)}}.Validate()
	require.Error(t, err)
	msg := err.Error()
	require.Contains(t, msg, "7 rules")
	require.Contains(t, msg, "doc.content[0].content[4]: text node has empty text")
	require.Contains(t, msg, "and 2 more")
	require.Equal(t, 5, strings.Count(msg, "empty text"))
}
