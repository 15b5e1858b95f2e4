package jiratest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestADFValidation(t *testing.T) {
	for doc, ok := range map[string]bool{
		`{"type":"doc","version":1,"content":[]}`: true,
		`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"a","marks":[{"type":"strong"}]},{"type":"hardBreak"}]}]}`:                  true,
		`{"type":"doc","version":1,"content":[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]}]}]}`: true,
		`{"type":"doc","version":1,"content":[{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"h"}]}]}`:                                                 true,
		`{"type":"doc","version":2,"content":[]}`:                                                                                                 false,
		`{"type":"paragraph","version":1,"content":[]}`:                                                                                           false,
		`{"type":"doc","version":1,"content":[{"type":"text","text":"loose"}]}`:                                                                   false,
		`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":""}]}]}`:                                       false,
		`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"paragraph"}]}]}`:                                            false,
		`{"type":"doc","version":1,"content":[{"type":"blink"}]}`:                                                                                 false,
		`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"a","marks":[{"type":"sparkle"}]}]}]}`:         false,
		`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"a","marks":[{"type":"link","attrs":{}}]}]}]}`: false,
		`{"type":"doc","version":1,"content":[{"type":"heading","attrs":{"level":9},"content":[{"type":"text","text":"h"}]}]}`:                    false,
	} {
		_, got := parseADF(json.RawMessage(doc))
		assert.Equal(t, ok, got, doc)
	}
}

func TestADFRendering(t *testing.T) {
	doc := `{"type":"doc","version":1,"content":[
		{"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"Title"}]},
		{"type":"paragraph","content":[{"type":"text","text":"bold","marks":[{"type":"strong"}]},{"type":"text","text":" & "},
			{"type":"text","text":"link","marks":[{"type":"link","attrs":{"href":"https://x.example/?a=1&b=2"}}]}]},
		{"type":"orderedList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]}]}]}`
	assert.Equal(t, `<h1>Title</h1><p><b>bold</b> &amp; <a href="https://x.example/?a=1&amp;b=2" class="external-link" rel="nofollow noreferrer">link</a></p><ol><li>one</li></ol>`,
		adfHTML(json.RawMessage(doc)))
	assert.Equal(t, "Title\nbold & link\none", plainOf(json.RawMessage(doc)))
}
