package jiratest

import (
	"encoding/json"
	"time"
)

// seedRow is one seeded issue; status is reached through the workflow so the
// history holds the transitions a real issue would have.
type seedRow struct {
	typ, summary, status string
	prio                 string
	assignee             string
	comps, fix           []string
	parent               int // index+1 of the parent row, 0 for none
	sev                  string
	labels               []string
	desc                 string
	due                  string // yyyy-mm-dd
}

const (
	uAdmin  = adminID
	uSam    = memberID
	uPriya  = "5b10ac8d82e05b22cc7d4e03"
	uTomas  = "5b10ac8d82e05b22cc7d4e04"
	uKiri   = "5b10ac8d82e05b22cc7d4e05"
	uJordan = "5b10ac8d82e05b22cc7d4e06"
	uGrace  = "5b10ac8d82e05b22cc7d4e07"
)

var seedRows = []seedRow{
	{typ: itEpic, summary: "Patron portal rewrite", status: stInProgress, prio: "2", assignee: uJordan, comps: []string{"10002"}, fix: []string{"10003"}},
	{typ: itEpic, summary: "Circulation reporting", status: stToDo, prio: "3", assignee: uGrace, comps: []string{"10003"}, fix: []string{"10004"}},
	{typ: itStory, summary: "As a patron I can renew loans online", status: stDone, prio: "2", assignee: uJordan, comps: []string{"10002", "10001"}, fix: []string{"10003"}, parent: 1, desc: "Patrons renew up to three times unless another patron holds the item."},
	{typ: itStory, summary: "As a patron I can place a hold on a checked-out item", status: stInReview, prio: "2", assignee: uPriya, comps: []string{"10002"}, fix: []string{"10003"}, parent: 1},
	{typ: itStory, summary: "As a librarian I see overdue items per branch", status: stInProgress, prio: "3", assignee: uGrace, comps: []string{"10003"}, fix: []string{"10004"}, parent: 2, due: "2026-03-31"},
	{typ: itStory, summary: "As a patron I get an e-mail before a loan is due", status: stToDo, prio: "3", assignee: uTomas, comps: []string{"10001"}, fix: []string{"10003"}, parent: 1},
	{typ: itStory, summary: "Monthly circulation statistics export", status: stBacklog, prio: "4", comps: []string{"10003"}, parent: 2},
	{typ: itBug, summary: "Renewal fails for items with a pending hold", status: stInProgress, prio: "1", assignee: uJordan, comps: []string{"10001"}, fix: []string{"10003"}, sev: "10200", labels: []string{"regression"}, desc: "Renewing an item that has a hold returns a server error instead of a message."},
	{typ: itBug, summary: "Catalogue search ignores diacritics", status: stToDo, prio: "2", assignee: uTomas, comps: []string{"10000"}, sev: "10201", desc: "Searching for 'Garcia' does not find 'García'."},
	{typ: itBug, summary: "Fine total rounds half-cents down", status: stDone, prio: "3", assignee: uPriya, comps: []string{"10001"}, fix: []string{"10002"}, sev: "10202"},
	{typ: itBug, summary: "RFID gate reports returned items as stolen", status: stReopened, prio: "1", assignee: uKiri, comps: []string{"10004"}, fix: []string{"10003"}, sev: "10200", labels: []string{"hardware", "customer-facing"}},
	{typ: itBug, summary: "Portal login page shows raw HTML in error message", status: stInReview, prio: "3", assignee: uJordan, comps: []string{"10002"}, fix: []string{"10003"}, sev: "10203"},
	{typ: itBug, summary: "Due date shown in UTC instead of branch time", status: stToDo, prio: "2", comps: []string{"10002", "10001"}, sev: "10201", labels: []string{"timezone"}},
	{typ: itBug, summary: "Holds queue order changes after restart", status: stDone, prio: "2", assignee: uSam, comps: []string{"10001"}, fix: []string{"10002"}, sev: "10201"},
	{typ: itTask, summary: "Upgrade the ILS connector to API v5", status: stBlocked, prio: "2", assignee: uKiri, comps: []string{"10004"}, fix: []string{"10003"}},
	{typ: itTask, summary: "Configure nightly backup of the catalogue database", status: stDone, prio: "3", assignee: uAdmin, comps: []string{"10000"}, fix: []string{"10001"}},
	{typ: itTask, summary: "Translate portal strings to Spanish", status: stInProgress, prio: "4", assignee: uTomas, comps: []string{"10002"}, fix: []string{"10003"}, parent: 1},
	{typ: itTask, summary: "Review accessibility of the loan history page", status: stToDo, prio: "3", assignee: uPriya, comps: []string{"10002"}},
	{typ: itSubtask, summary: "Write renewal API integration tests", status: stDone, prio: "3", assignee: uJordan, parent: 3},
	{typ: itSubtask, summary: "Renewal button states on mobile", status: stInProgress, prio: "4", assignee: uPriya, parent: 3},
	{typ: itSubtask, summary: "Add hold position to the patron dashboard", status: stToDo, prio: "3", parent: 4},
	{typ: itStory, summary: "As a librarian I can merge duplicate patron records", status: stToDo, prio: "3", comps: []string{"10001"}, fix: []string{"10004"}},
	{typ: itBug, summary: "Barcode scanner input loses the last digit", status: stInProgress, prio: "2", assignee: uGrace, comps: []string{"10001"}, fix: []string{"10003"}, sev: "10201"},
	{typ: itBug, summary: "Search results page times out for broad queries", status: stToDo, prio: "2", assignee: uSam, comps: []string{"10000"}, sev: "10202"},
	{typ: itTask, summary: "Document the payment provider settlement process", status: stToDo, prio: "5", comps: []string{"10004"}},
	{typ: itStory, summary: "As a patron I can pay fines with a card", status: stInProgress, prio: "2", assignee: uKiri, comps: []string{"10002", "10004"}, fix: []string{"10003"}, parent: 1},
	{typ: itBug, summary: "Exported CSV uses semicolons in the US locale", status: stDone, prio: "4", assignee: uGrace, comps: []string{"10003"}, fix: []string{"10002"}, sev: "10203"},
	{typ: itTask, summary: "Rotate the SMTP credentials", status: stDone, prio: "2", assignee: uAdmin, comps: []string{"10004"}, fix: []string{"10002"}},
	{typ: itBug, summary: "Patron address change not saved without a postcode", status: stToDo, prio: "3", comps: []string{"10002"}, sev: "10202"},
	{typ: itStory, summary: "As a branch manager I see daily visitor counts", status: stBacklog, prio: "4", comps: []string{"10003"}, parent: 2},
	{typ: itBug, summary: "Session cookie missing the Secure flag", status: stInReview, prio: "1", assignee: uSam, comps: []string{"10002"}, fix: []string{"10003"}, sev: "10200", labels: []string{"security"}},
	{typ: itTask, summary: "Load test the holds service", status: stToDo, prio: "3", assignee: uJordan, comps: []string{"10001"}, fix: []string{"10003"}},
	{typ: itBug, summary: "Duplicate: renewal error with pending hold", status: stDone, prio: "3", comps: []string{"10001"}, sev: "10201"},
	{typ: itStory, summary: "As a patron I can save searches", status: stToDo, prio: "4", comps: []string{"10000", "10002"}, fix: []string{"10004"}},
}

// seedIssues builds the demo issues at fixed times from seedEpoch.
func seedIssues(st *site) {
	p := st.projects[0]
	authors := []string{uAdmin, uSam, uPriya, uTomas, uKiri, uJordan, uGrace}
	for i, row := range seedRows {
		created := seedEpoch.Add(time.Duration(i*7) * time.Hour)
		reporter := authors[i%len(authors)]
		p.nextIssue++
		is := &issue{
			ID: itoa(10001 + i), Key: p.Key + "-" + itoa(p.nextIssue), ProjectID: p.ID, TypeID: row.typ,
			StatusID: st.workflows[st.issueTypes[row.typ].Workflow].Initial, Summary: row.summary,
			PriorityID: row.prio, Assignee: row.assignee, Reporter: reporter, Creator: reporter,
			Created: created, Updated: created, Labels: append([]string{}, row.labels...),
			Components: append([]string{}, row.comps...), FixVers: append([]string{}, row.fix...),
			Custom: map[string]any{}, Props: map[string]json.RawMessage{},
		}
		if is.Labels == nil {
			is.Labels = []string{}
		}
		if row.desc != "" {
			is.Desc = adfDoc(row.desc)
		} else if i%3 == 0 {
			is.Desc = adfDoc(row.summary+".", "Raised during the weekly triage.")
		}
		if row.parent > 0 {
			is.Parent = itoa(10000 + row.parent)
		}
		is.DueDate = row.due
		if row.sev != "" {
			is.Custom[cfSeverity] = row.sev
			is.Custom[cfSteps] = adfDoc("Open the affected screen.", "Repeat the action described in the summary.")
			is.Env = adfDoc("Production, branch " + []string{"Central", "North", "South"}[i%3])
			is.AffVers = []string{"10002"}
		}
		if row.typ == itBug && i%2 == 0 {
			is.Custom[cfBranches] = []string{"10210", "10211"}
		}
		if row.typ == itStory {
			is.Custom[cfPoints] = float64([]int{1, 2, 3, 5, 8}[i%5])
		}
		if (row.typ == itTask || row.typ == itBug) && i%3 == 0 {
			// Estimated, with work logged: 1d, 5h 30m left, 2h 30m spent.
			orig, rem, spent := int64(8*3600), int64(5*3600+1800), int64(2*3600+1800)
			is.Time = timeTracking{Original: &orig, Remaining: &rem, Spent: &spent}
		}
		if i%4 == 1 {
			is.Custom[cfExtRef] = "HELPDESK-" + itoa(400+i)
		}
		if i%5 == 2 {
			is.Custom[cfTarget] = created.AddDate(0, 1, 0).Format("2006-01-02")
			is.Custom[cfReviewer] = uPriya
		}
		st.issues = append(st.issues, is)
		st.index(is)

		// Walk the workflow to the seeded status, an hour per step.
		at := created
		for _, t := range workflowPath(st.workflows[st.issueTypes[row.typ].Workflow], is.StatusID, row.status) {
			at = at.Add(time.Hour)
			from := is.StatusID
			items := []changeItem{change("status", "status", "jira", from, st.statuses[from].Name, t.To, st.statuses[t.To].Name)}
			if st.statuses[t.To].Category == catDone {
				is.Resolution, is.Resolved = "10000", at
				if row.summary[:10] == "Duplicate:" {
					is.Resolution = "10002"
				}
				items = append(items, change("resolution", "resolution", "jira", "", "", is.Resolution, "Done"))
			} else if is.Resolution != "" {
				items = append(items, change("resolution", "resolution", "jira", is.Resolution, "Done", "", ""))
				is.Resolution, is.Resolved = "", time.Time{}
			}
			is.StatusID = t.To
			author := row.assignee
			if author == "" {
				author = reporter
			}
			is.History = append(is.History, &history{ID: itoa(30000 + len(is.History) + 100*i), AuthorID: author, Created: at, Items: items})
			is.Updated = at
		}
		// Comments on some issues; one issue has many, to exercise paging.
		n := 0
		switch {
		case i == 7:
			n = 25
		case i%3 == 1:
			n = 1 + i%3
		}
		for k := 0; k < n; k++ {
			at = at.Add(37 * time.Minute)
			author := authors[(i+k)%len(authors)]
			is.Comments = append(is.Comments, &comment{ID: itoa(40000 + 100*i + k), AuthorID: author, UpdaterID: author,
				Body: adfDoc("Comment " + itoa(k+1) + " on " + is.Key + "."), Created: at, Updated: at, Props: map[string]json.RawMessage{}})
			is.Updated = at
		}
	}
	byIdx := func(n int) *issue { return st.issues[n-1] }
	addLink := func(id, typ string, src, dst int) {
		st.links = append(st.links, &issueLink{ID: id, TypeID: typ, Source: byIdx(src).ID, Target: byIdx(dst).ID})
	}
	addLink("10500", "10000", 15, 26) // the ILS upgrade blocks card payments
	addLink("10501", "10000", 8, 3)   // the renewal bug blocks the renewal story
	addLink("10502", "10002", 33, 8)  // duplicate of the renewal bug
	addLink("10503", "10003", 9, 34)  // diacritics relates to saved searches
	addLink("10504", "10003", 13, 6)  // due date time zone relates to reminders
	addLink("10505", "10001", 24, 9)  // cloned

	rl := func(n int, globalID, url, title string) {
		st.nextRemoteID++
		obj, _ := json.Marshal(map[string]any{"url": url, "title": title})
		app, _ := json.Marshal(map[string]any{"type": "com.atlassian.confluence", "name": "Confluence"})
		byIdx(n).Remote = append(byIdx(n).Remote, &remoteLink{ID: st.nextRemoteID, GlobalID: globalID, Relationship: "Wiki Page", Application: app, Object: obj})
	}
	rl(3, "appId=c0a1&pageId=98311", "https://library.example/wiki/pages/98311", "Renewal rules")
	rl(11, "appId=c0a1&pageId=98400", "https://library.example/wiki/pages/98400", "RFID gate runbook")

	byIdx(8).Props["lib.triage"] = json.RawMessage(`{"score":5,"by":"bot"}`)
	byIdx(11).Props["lib.triage"] = json.RawMessage(`{"score":4,"by":"bot"}`)
	byIdx(31).Security = "10102"
}

// workflowPath finds the shortest chain of transitions from one status to
// another (breadth first, in declaration order so it is deterministic).
func workflowPath(wf *workflow, from, to string) []transitionDef {
	type node struct {
		status string
		path   []transitionDef
	}
	seen := map[string]bool{from: true}
	queue := []node{{from, nil}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n.status == to {
			return n.path
		}
		for _, t := range wf.Transitions {
			applies := len(t.From) == 0
			for _, f := range t.From {
				applies = applies || f == n.status
			}
			if applies && !seen[t.To] {
				seen[t.To] = true
				queue = append(queue, node{t.To, append(append([]transitionDef{}, n.path...), t)})
			}
		}
	}
	return nil
}
