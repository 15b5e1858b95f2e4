package adf

import (
	"fmt"
	"strings"

	"github.com/spirajira/spirajira/internal/words"
)

// ValidationError lists every structural rule a document breaks, each with the
// path of the offending node (for example "doc.content[2].content[0]").
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	const show = 5
	var b strings.Builder
	fmt.Fprintf(&b, "adf: document breaks %s: ", words.Count(len(e.Problems), "rule"))
	for i, p := range e.Problems {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-show)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p)
	}
	return b.String()
}

// Node groups used by the content rules.
var (
	inlineTypes = set(TypeText, TypeHardBreak, TypeMention, TypeEmoji, TypeInlineCard, TypeDate, TypeStatus,
		"mediaInline", "placeholder", "inlineExtension")
	topBlocks = set(TypeParagraph, TypeHeading, TypeBulletList, TypeOrderedList, TypeCodeBlock, TypeBlockquote,
		TypeRule, TypePanel, TypeTable, TypeMediaSingle, TypeMediaGroup, TypeExpand, "decisionList", "taskList",
		"blockCard", "embedCard", "extension", "bodiedExtension", "layoutSection")
	listItemFirst = set(TypeParagraph, TypeMediaSingle, TypeCodeBlock)
	listItemRest  = set(TypeParagraph, TypeBulletList, TypeOrderedList, TypeMediaSingle, TypeCodeBlock, "taskList")
	quoteBlocks   = set(TypeParagraph, TypeBulletList, TypeOrderedList, TypeCodeBlock, TypeMediaSingle, TypeMediaGroup)
	panelBlocks   = set(TypeParagraph, TypeHeading, TypeBulletList, TypeOrderedList, TypeCodeBlock, TypeRule,
		TypeMediaSingle, TypeMediaGroup, "blockCard", "taskList", "decisionList")
	cellBlocks = set(TypeParagraph, TypeHeading, TypeBulletList, TypeOrderedList, TypeCodeBlock, TypeBlockquote,
		TypeRule, TypePanel, TypeMediaSingle, TypeMediaGroup, TypeNestedExp, "decisionList", "taskList",
		"blockCard", "embedCard", "extension")
	expandBlocks    = without(topBlocks, TypeExpand)
	nestedExpBlocks = set(TypeParagraph, TypeHeading, TypeBulletList, TypeOrderedList, TypeCodeBlock,
		TypeBlockquote, TypeRule, TypePanel, TypeMediaSingle, TypeMediaGroup, "decisionList", "taskList")
	layoutColumns = set("layoutColumn")

	textMarks = set(MarkStrong, MarkEm, MarkUnderline, MarkStrike, MarkCode, MarkLink, MarkSubsup, MarkTextColor,
		"backgroundColor", "annotation")
	// codeMates are the only marks that may share a text node with code.
	codeMates   = set(MarkCode, MarkLink, "annotation")
	panelTypes  = set("info", "note", "tip", "warning", "error", "success", "custom")
	leafTypes   = set(TypeRule, TypeHardBreak, TypeMention, TypeEmoji, TypeInlineCard, TypeDate, TypeStatus, TypeMedia, "mediaInline", "placeholder", "inlineExtension", "blockCard", "embedCard", "extension")
	blockMarkOn = map[string]map[string]bool{
		TypeParagraph:   set("alignment", "indentation"),
		TypeHeading:     set("alignment", "indentation"),
		TypeCodeBlock:   set("breakout"),
		TypeExpand:      set("breakout"),
		"layoutSection": set("breakout"),
	}
)

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func without(s map[string]bool, x string) map[string]bool {
	m := make(map[string]bool, len(s))
	for k := range s {
		if k != x {
			m[k] = true
		}
	}
	return m
}

// contentRule says which children a node type may hold and how many at least.
type contentRule struct {
	first   map[string]bool // allowed first child, when it differs from the rest
	allowed map[string]bool
	min     int
}

var contentRules = map[string]contentRule{
	TypeParagraph:     {allowed: inlineTypes},
	TypeHeading:       {allowed: inlineTypes},
	TypeBulletList:    {allowed: set(TypeListItem), min: 1},
	TypeOrderedList:   {allowed: set(TypeListItem), min: 1},
	TypeListItem:      {first: listItemFirst, allowed: listItemRest, min: 1},
	TypeCodeBlock:     {allowed: set(TypeText)},
	TypeBlockquote:    {allowed: quoteBlocks, min: 1},
	TypePanel:         {allowed: panelBlocks, min: 1},
	TypeTable:         {allowed: set(TypeTableRow), min: 1},
	TypeTableRow:      {allowed: set(TypeTableCell, TypeTableHeader), min: 1},
	TypeTableCell:     {allowed: cellBlocks, min: 1},
	TypeTableHeader:   {allowed: cellBlocks, min: 1},
	TypeMediaSingle:   {first: set(TypeMedia), allowed: set("caption"), min: 1},
	TypeMediaGroup:    {allowed: set(TypeMedia), min: 1},
	TypeExpand:        {allowed: expandBlocks, min: 1},
	TypeNestedExp:     {allowed: nestedExpBlocks, min: 1},
	"caption":         {allowed: inlineTypes},
	"taskList":        {allowed: set("taskItem", "taskList"), min: 1},
	"taskItem":        {allowed: inlineTypes},
	"decisionList":    {allowed: set("decisionItem"), min: 1},
	"decisionItem":    {allowed: inlineTypes},
	"layoutSection":   {allowed: layoutColumns, min: 1},
	"layoutColumn":    {allowed: without(topBlocks, "layoutSection"), min: 1},
	"bodiedExtension": {allowed: without(topBlocks, "bodiedExtension"), min: 1},
}

// Validate checks the document against Atlassian's structural rules for ADF:
// version 1; known node types in the places the schema allows them; non-empty
// text nodes; marks only where allowed, without duplicates, code combined with
// nothing but link; the attributes that headings, links, mentions, panels and
// the like require; lists, tables, rows and cells not empty. It returns a
// *ValidationError listing every problem, or nil.
func (d Doc) Validate() error {
	v := &validator{}
	if d.Version != 0 && d.Version != 1 {
		v.addf("doc", "version is %d, must be 1", d.Version)
	}
	for i, n := range d.Content {
		p := fmt.Sprintf("doc.content[%d]", i)
		if known(n.Type) && !topBlocks[n.Type] {
			v.addf(p, "%s is not allowed at the top level of a document", describe(n.Type))
		}
		v.node(n, p, TypeDoc)
	}
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

type validator struct{ problems []string }

func (v *validator) addf(path, format string, args ...any) {
	v.problems = append(v.problems, path+": "+fmt.Sprintf(format, args...))
}

func known(t string) bool {
	_, hasRule := contentRules[t]
	return inlineTypes[t] || topBlocks[t] || leafTypes[t] || hasRule
}

func describe(t string) string {
	return fmt.Sprintf("node type %q", t)
}

func (v *validator) node(n Node, path, parent string) {
	if n.Type == "" {
		v.addf(path, "node has no type")
		return
	}
	if !known(n.Type) {
		v.addf(path, "unknown node type %q", n.Type)
		return
	}
	if n.Type == TypeText {
		v.text(n, path, parent)
		return
	}
	if n.Text != "" {
		v.addf(path, "%s must not carry text (only text nodes do)", n.Type)
	}
	for _, m := range n.Marks {
		if !blockMarkOn[n.Type][m.Type] {
			v.addf(path, "mark %q is not allowed on %s", m.Type, n.Type)
		}
	}
	v.attrs(n, path)
	if leafTypes[n.Type] {
		if len(n.Content) > 0 {
			v.addf(path, "%s must have no content", n.Type)
		}
		return
	}
	rule := contentRules[n.Type]
	if len(n.Content) < rule.min {
		v.addf(path, "%s must have at least %s", n.Type, words.Count(rule.min, "child node"))
	}
	for i, c := range n.Content {
		cp := fmt.Sprintf("%s.content[%d]", path, i)
		allowed := rule.allowed
		if i == 0 && rule.first != nil {
			allowed = rule.first
		}
		if known(c.Type) && !allowed[c.Type] {
			v.addf(cp, "%s is not allowed inside %s", describe(c.Type), n.Type)
		}
		v.node(c, cp, n.Type)
	}
}

func (v *validator) text(n Node, path, parent string) {
	if n.Text == "" {
		v.addf(path, "text node has empty text (Jira requires at least one character)")
	}
	if len(n.Content) > 0 {
		v.addf(path, "text node must have no content")
	}
	if parent == TypeCodeBlock && len(n.Marks) > 0 {
		v.addf(path, "text inside a codeBlock must have no marks")
		return
	}
	seen := map[string]bool{}
	hasCode := false
	for _, m := range n.Marks {
		if !textMarks[m.Type] {
			v.addf(path, "unknown mark %q", m.Type)
			continue
		}
		if seen[m.Type] {
			v.addf(path, "mark %q appears twice", m.Type)
		}
		seen[m.Type] = true
		hasCode = hasCode || m.Type == MarkCode
		switch m.Type {
		case MarkLink:
			if strings.TrimSpace(m.AttrString("href")) == "" {
				v.addf(path, "link mark needs a non-empty attrs.href")
			}
		case MarkSubsup:
			if t := m.AttrString("type"); t != "sub" && t != "sup" {
				v.addf(path, `subsup mark needs attrs.type "sub" or "sup"`)
			}
		case MarkTextColor:
			if m.AttrString("color") == "" {
				v.addf(path, "textColor mark needs attrs.color")
			}
		}
	}
	if hasCode {
		for _, m := range n.Marks {
			if !codeMates[m.Type] {
				v.addf(path, "mark %q cannot be combined with code", m.Type)
			}
		}
	}
}

func (v *validator) attrs(n Node, path string) {
	switch n.Type {
	case TypeHeading:
		if l, ok := n.AttrInt("level"); !ok || l < 1 || l > 6 {
			v.addf(path, "heading needs attrs.level between 1 and 6")
		}
	case TypeOrderedList:
		if _, present := n.Attrs["order"]; present {
			if o, ok := n.AttrInt("order"); !ok || o < 0 {
				v.addf(path, "orderedList attrs.order must be a whole number >= 0")
			}
		}
	case TypeCodeBlock:
		if l, present := n.Attrs["language"]; present {
			if _, ok := l.(string); !ok {
				v.addf(path, "codeBlock attrs.language must be a string")
			}
		}
	case TypeMention:
		if n.AttrString("id") == "" {
			v.addf(path, "mention needs attrs.id (the user's accountId)")
		}
	case TypeEmoji:
		if n.AttrString("shortName") == "" {
			v.addf(path, "emoji needs attrs.shortName")
		}
	case TypeInlineCard, "blockCard", "embedCard":
		if n.AttrString("url") == "" && n.Attrs["data"] == nil {
			v.addf(path, "%s needs attrs.url or attrs.data", n.Type)
		}
	case TypeDate:
		if n.AttrString("timestamp") == "" {
			v.addf(path, "date needs attrs.timestamp")
		}
	case TypeStatus:
		if n.AttrString("text") == "" || n.AttrString("color") == "" {
			v.addf(path, "status needs attrs.text and attrs.color")
		}
	case TypePanel:
		if !panelTypes[n.AttrString("panelType")] {
			v.addf(path, "panel needs attrs.panelType (info, note, tip, warning, error, success or custom)")
		}
	case TypeMedia:
		if n.AttrString("type") == "" {
			v.addf(path, "media needs attrs.type")
		}
	case TypeTableCell, TypeTableHeader:
		for _, k := range []string{"colspan", "rowspan"} {
			if _, present := n.Attrs[k]; present {
				if s, ok := n.AttrInt(k); !ok || s < 1 {
					v.addf(path, "%s attrs.%s must be a whole number >= 1", n.Type, k)
				}
			}
		}
	}
}
