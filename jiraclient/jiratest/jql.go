package jiratest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The JQL subset Jira's issue search needs here: clauses on project, key,
// id, issuetype, status, statusCategory, priority, updated, created, joined by AND/OR with parentheses,
// and ORDER BY. Dates are epoch milliseconds, relative periods (-15m, -2d)
// or quoted literals read in the searching user's profile time zone.

type jqlError struct{ msg string }

func (e *jqlError) Error() string { return e.msg }

func jqlErrf(format string, args ...any) error { return &jqlError{msg: fmt.Sprintf(format, args...)} }

type tokKind int

const (
	tkWord tokKind = iota
	tkString
	tkOp
	tkLParen
	tkRParen
	tkComma
	tkEOF
)

type token struct {
	kind tokKind
	val  string
}

func lexJQL(s string) ([]token, error) {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			out = append(out, token{tkLParen, "("})
			i++
		case r == ')':
			out = append(out, token{tkRParen, ")"})
			i++
		case r == ',':
			out = append(out, token{tkComma, ","})
			i++
		case r == '"' || r == '\'':
			j := i + 1
			var b strings.Builder
			for j < len(rs) && rs[j] != r {
				if rs[j] == '\\' && j+1 < len(rs) {
					j++
				}
				b.WriteRune(rs[j])
				j++
			}
			if j >= len(rs) {
				return nil, jqlErrf("Error in the JQL Query: The quoted string '%s' has not been completed. (line 1, character %d)", string(rs[i+1:]), i+1)
			}
			out = append(out, token{tkString, b.String()})
			i = j + 1
		case strings.ContainsRune("=!<>~", r):
			j := i + 1
			if j < len(rs) && rs[j] == '=' {
				j++
			}
			op := string(rs[i:j])
			if op == "!" {
				return nil, jqlErrf("Error in the JQL Query: The character '!' is a reserved JQL character. (line 1, character %d)", i+1)
			}
			out = append(out, token{tkOp, op})
			i = j
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune("(),=!<>~\"'", rs[j]) {
				j++
			}
			out = append(out, token{tkWord, string(rs[i:j])})
			i = j
		}
	}
	return append(out, token{tkEOF, ""}), nil
}

type jqlExpr interface{ eval(is *issue) bool }

type andExpr struct{ l, r jqlExpr }
type orExpr struct{ l, r jqlExpr }
type notExpr struct{ e jqlExpr }
type predExpr struct{ f func(is *issue) bool }

func (e andExpr) eval(is *issue) bool  { return e.l.eval(is) && e.r.eval(is) }
func (e orExpr) eval(is *issue) bool   { return e.l.eval(is) || e.r.eval(is) }
func (e notExpr) eval(is *issue) bool  { return !e.e.eval(is) }
func (e predExpr) eval(is *issue) bool { return e.f(is) }

type orderKey struct {
	field string
	desc  bool
}

type jqlQuery struct {
	where jqlExpr // nil when unbounded
	order []orderKey
}

type jqlParser struct {
	c    *call
	toks []token
	pos  int
}

func (p *jqlParser) peek() token { return p.toks[p.pos] }
func (p *jqlParser) next() token {
	t := p.toks[p.pos]
	if t.kind != tkEOF {
		p.pos++
	}
	return t
}

func isKeyword(t token, kw string) bool { return t.kind == tkWord && strings.EqualFold(t.val, kw) }

// parseJQL parses q for the caller c (whose time zone reads date literals).
func (c *call) parseJQL(q string) (*jqlQuery, error) {
	toks, err := lexJQL(q)
	if err != nil {
		return nil, err
	}
	p := &jqlParser{c: c, toks: toks}
	out := &jqlQuery{}
	if !isKeyword(p.peek(), "order") && p.peek().kind != tkEOF {
		if out.where, err = p.parseOr(); err != nil {
			return nil, err
		}
	}
	if isKeyword(p.peek(), "order") {
		p.next()
		if !isKeyword(p.next(), "by") {
			return nil, jqlErrf("Error in the JQL Query: Expecting 'by' but got '%s'.", p.toks[p.pos-1].val)
		}
		for {
			t := p.next()
			if t.kind != tkWord && t.kind != tkString {
				return nil, jqlErrf("Error in the JQL Query: Expecting a field name but got '%s'.", t.val)
			}
			f := canonicalField(t.val)
			if !slices.Contains([]string{"updated", "created", "key", "id", "issuetype", "status", "priority", "summary", "project"}, f) {
				return nil, jqlErrf("Not able to sort using field '%s'.", t.val)
			}
			k := orderKey{field: f}
			if isKeyword(p.peek(), "asc") {
				p.next()
			} else if isKeyword(p.peek(), "desc") {
				p.next()
				k.desc = true
			}
			out.order = append(out.order, k)
			if p.peek().kind != tkComma {
				break
			}
			p.next()
		}
		if len(out.order) > 7 {
			return nil, jqlErrf("The ORDER BY clause can contain at most 7 fields.")
		}
	}
	if t := p.peek(); t.kind != tkEOF {
		return nil, jqlErrf("Error in the JQL Query: Expecting either 'OR' or 'AND' but got '%s'.", t.val)
	}
	return out, nil
}

func (p *jqlParser) parseOr() (jqlExpr, error) {
	l, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for isKeyword(p.peek(), "or") {
		p.next()
		r, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		l = orExpr{l, r}
	}
	return l, nil
}

func (p *jqlParser) parseAnd() (jqlExpr, error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for isKeyword(p.peek(), "and") {
		p.next()
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = andExpr{l, r}
	}
	return l, nil
}

func (p *jqlParser) parseUnary() (jqlExpr, error) {
	if isKeyword(p.peek(), "not") {
		p.next()
		e, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return notExpr{e}, nil
	}
	if p.peek().kind == tkLParen {
		p.next()
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.next().kind != tkRParen {
			return nil, jqlErrf("Error in the JQL Query: Expecting ')' before the end of the query.")
		}
		return e, nil
	}
	return p.parseClause()
}

func canonicalField(name string) string {
	switch strings.ToLower(name) {
	case "project":
		return "project"
	case "key", "issuekey", "issue", "id":
		if strings.ToLower(name) == "id" {
			return "id"
		}
		return "key"
	case "issuetype", "type":
		return "issuetype"
	case "status":
		return "status"
	case "statuscategory":
		return "statusCategory"
	case "updated", "updateddate":
		return "updated"
	case "created", "createddate":
		return "created"
	case "priority":
		return "priority"
	case "summary":
		return "summary"
	}
	return ""
}

func (p *jqlParser) parseValues() ([]token, bool, error) {
	if p.peek().kind == tkLParen {
		p.next()
		var vals []token
		for {
			t := p.next()
			if t.kind != tkWord && t.kind != tkString {
				return nil, true, jqlErrf("Error in the JQL Query: Expecting a value but got '%s'.", t.val)
			}
			vals = append(vals, t)
			sep := p.next()
			if sep.kind == tkRParen {
				return vals, true, nil
			}
			if sep.kind != tkComma {
				return nil, true, jqlErrf("Error in the JQL Query: Expecting ',' or ')' but got '%s'.", sep.val)
			}
		}
	}
	t := p.next()
	if t.kind != tkWord && t.kind != tkString {
		return nil, false, jqlErrf("Error in the JQL Query: Expecting either a value, list or function but got '%s'.", t.val)
	}
	return []token{t}, false, nil
}

func (p *jqlParser) parseClause() (jqlExpr, error) {
	ft := p.next()
	if ft.kind != tkWord && ft.kind != tkString {
		return nil, jqlErrf("Error in the JQL Query: Expecting a field name but got '%s'.", ft.val)
	}
	field := canonicalField(ft.val)
	if field == "" {
		return nil, jqlErrf("Field '%s' does not exist or you do not have permission to view it.", ft.val)
	}
	var op string
	switch t := p.next(); {
	case t.kind == tkOp:
		op = t.val
	case isKeyword(t, "in"):
		op = "in"
	case isKeyword(t, "not") && isKeyword(p.peek(), "in"):
		p.next()
		op = "not in"
	default:
		return nil, jqlErrf("Error in the JQL Query: Expecting operator but got '%s'.", t.val)
	}
	vals, list, err := p.parseValues()
	if err != nil {
		return nil, err
	}
	if (op == "in" || op == "not in") != list {
		return nil, jqlErrf("The operator '%s' can only be used with a list of values.", op)
	}
	switch field {
	case "updated", "created":
		return p.dateClause(ft.val, field, op, vals[0])
	default:
		return p.setClause(ft.val, field, op, vals)
	}
}

// setClause handles project, key, id, issuetype, status and priority.
func (p *jqlParser) setClause(name, field, op string, vals []token) (jqlExpr, error) {
	st := p.c.s.site
	if op != "=" && op != "!=" && op != "in" && op != "not in" {
		return nil, jqlErrf("The operator '%s' is not supported by the '%s' field.", op, name)
	}
	want := map[string]bool{}
	for _, v := range vals {
		var ids []string
		switch field {
		case "project":
			if pr := p.c.visibleProject(v.val); pr != nil && (st.oldKeysInJQL || !slices.Contains(pr.OldKeys, v.val)) {
				ids = []string{pr.ID}
			} else if pr == nil {
				for _, pr := range st.projects {
					if strings.EqualFold(pr.Key, v.val) || strings.EqualFold(pr.Name, v.val) {
						if p.c.visibleProject(pr.ID) != nil {
							ids = []string{pr.ID}
						}
					}
				}
			}
		case "key", "id":
			if is := p.c.visibleIssue(v.val); is != nil && (st.oldKeysInJQL || !oldIssueKey(is, v.val)) {
				ids = []string{is.ID}
			} else if field == "key" {
				return nil, jqlErrf("An issue with key '%s' does not exist for field '%s'.", v.val, name)
			}
		case "issuetype":
			for _, it := range st.issueTypes {
				if it.ID == v.val || strings.EqualFold(it.Name, v.val) {
					ids = append(ids, it.ID)
				}
			}
		case "status":
			for _, s := range st.statuses {
				if s.ID == v.val || strings.EqualFold(s.Name, v.val) {
					ids = append(ids, s.ID)
				}
			}
		case "statusCategory":
			for _, cat := range st.categories {
				if itoa(cat.ID) == v.val || strings.EqualFold(cat.Name, v.val) || strings.EqualFold(cat.Key, v.val) {
					ids = append(ids, itoa(cat.ID))
				}
			}
		case "priority":
			for _, pr := range st.priorities {
				if pr.ID == v.val || strings.EqualFold(pr.Name, v.val) {
					ids = append(ids, pr.ID)
				}
			}
		case "summary":
			return nil, jqlErrf("The operator '%s' is not supported by the '%s' field.", op, name)
		}
		if len(ids) == 0 && field != "id" {
			return nil, jqlErrf("The value '%s' does not exist for the field '%s'.", v.val, name)
		}
		for _, id := range ids {
			want[id] = true
		}
	}
	get := map[string]func(is *issue) string{
		"project":   func(is *issue) string { return is.ProjectID },
		"key":       func(is *issue) string { return is.ID },
		"id":        func(is *issue) string { return is.ID },
		"issuetype": func(is *issue) string { return is.TypeID },
		"status":    func(is *issue) string { return is.StatusID },
		"statusCategory": func(is *issue) string {
			return itoa(p.c.s.site.statuses[is.StatusID].Category)
		},
		"priority": func(is *issue) string { return is.PriorityID },
	}[field]
	negate := op == "!=" || op == "not in"
	return predExpr{func(is *issue) bool { return want[get(is)] != negate }}, nil
}

var relPeriod = regexp.MustCompile(`^([-+]?)(\d+)([mhdw])$`)

// dateClause reads a date operand: epoch ms, a relative period, or a
// literal in the searching user's profile time zone.
func (p *jqlParser) dateClause(name, field, op string, v token) (jqlExpr, error) {
	if !slices.Contains([]string{"=", "!=", ">", ">=", "<", "<="}, op) {
		return nil, jqlErrf("The operator '%s' is not supported by the '%s' field.", op, name)
	}
	t, err := p.c.jqlInstant(v)
	if err != nil {
		return nil, jqlErrf("Date value '%s' for field '%s' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.", v.val, name)
	}
	get := func(is *issue) time.Time { return is.Updated }
	if field == "created" {
		get = func(is *issue) time.Time { return is.Created }
	}
	cmp := map[string]func(a, b time.Time) bool{
		"=":  func(a, b time.Time) bool { return a.Equal(b) },
		"!=": func(a, b time.Time) bool { return !a.Equal(b) },
		">":  func(a, b time.Time) bool { return a.After(b) },
		">=": func(a, b time.Time) bool { return !a.Before(b) },
		"<":  func(a, b time.Time) bool { return a.Before(b) },
		"<=": func(a, b time.Time) bool { return !a.After(b) },
	}[op]
	return predExpr{func(is *issue) bool { return cmp(get(is), t) }}, nil
}

func (c *call) userLocation() *time.Location {
	if c.user != nil {
		if loc, err := time.LoadLocation(c.user.TimeZone); err == nil {
			return loc
		}
	}
	return time.UTC
}

func (c *call) jqlInstant(v token) (time.Time, error) {
	if v.kind == tkWord {
		if ms, err := strconv.ParseInt(v.val, 10, 64); err == nil {
			return time.UnixMilli(ms), nil
		}
	}
	s := strings.TrimSpace(v.val)
	if m := relPeriod.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[2])
		unit := map[string]time.Duration{"m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[3]]
		d := time.Duration(n) * unit
		if m[1] == "-" {
			d = -d
		}
		return c.now.Add(d), nil
	}
	loc := c.userLocation()
	for _, layout := range []string{"2006/01/02 15:04", "2006-01-02 15:04", "2006/01/02", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date")
}

// sortIssues orders by the ORDER BY keys, then by key descending as Jira's
// default ("ORDER BY created DESC" is the default only for the UI).
func (c *call) sortIssues(list []*issue, order []orderKey) {
	keyNum := func(is *issue) int {
		_, n, _ := strings.Cut(is.Key, "-")
		v, _ := strconv.Atoi(n)
		return v
	}
	slices.SortStableFunc(list, func(a, b *issue) int {
		for _, k := range order {
			var r int
			switch k.field {
			case "updated":
				r = a.Updated.Compare(b.Updated)
			case "created":
				r = a.Created.Compare(b.Created)
			case "key", "id":
				r = keyNum(a) - keyNum(b)
			case "issuetype":
				r = strings.Compare(c.s.site.issueTypes[a.TypeID].Name, c.s.site.issueTypes[b.TypeID].Name)
			case "status":
				r = strings.Compare(c.s.site.statuses[a.StatusID].Name, c.s.site.statuses[b.StatusID].Name)
			case "priority":
				r = strings.Compare(a.PriorityID, b.PriorityID)
			case "summary":
				r = strings.Compare(a.Summary, b.Summary)
			case "project":
				r = strings.Compare(a.ProjectID, b.ProjectID)
			}
			if k.desc {
				r = -r
			}
			if r != 0 {
				return r
			}
		}
		return keyNum(b) - keyNum(a)
	})
}
