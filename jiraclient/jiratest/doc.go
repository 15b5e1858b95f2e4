// Package jiratest is an in-memory Jira Cloud simulator: an http.Handler over
// a mutable site that New seeds with the same demo data every time.
//
// It answers the REST v3 operations spirajira uses with the paths, status
// codes, bodies and quirks of Jira Cloud as Atlassian's OpenAPI document and
// the project's API notes describe them. Its own tests run every exchange
// through jiraconform, which validates it against that document.
//
// # The seeded site
//
// Project LIB "Library Information System" (id 10000, company-managed) with
// issue types Epic, Story, Task, Bug and Sub-task, each with its own workflow:
// in the Bug and Story workflows In Review is reachable only from In Progress,
// in the Task workflow Blocked only from In Progress, and in the Bug workflow
// Reopened only from Done. Five priorities, the four standard resolutions,
// five components, versions released, unreleased and archived, custom fields
// (Severity single select, Affected Branches multi-select with a global and a
// LIB-only context, single- and multi-line text, number, date, user picker),
// a security scheme with three levels, the four standard link types, and 34
// issues with comments (LIB-8 has 25), links, remote links, properties and
// history. Users include a site administrator (Admin, time zone
// Australia/Sydney), an ordinary member (NonAdmin, America/Los_Angeles),
// users who hide their e-mail address, a user at UTC+14 and an inactive one.
//
// # Behaviours
//
//   - Basic auth with e-mail and API token. A bad token is 401 (plain text,
//     WWW-Authenticate) on operations that need a login and an anonymous 200
//     with X-Seraph-LoginReason: AUTHENTICATED_FAILED on those that Jira
//     serves anonymously; LIB is private, so anonymous callers see nothing.
//     Scoped tokens work only under /ex/jira/{CloudID}.
//   - PageBean paging with each operation's default and silent cap; createmeta
//     in its paged form; /search/jql with nextPageToken and isLast, fields=id
//     by default, unbounded JQL refused; the old /search answers 410.
//   - JQL: project, key/issuekey, id, issuetype, status, priority, updated and
//     created (epoch ms, relative periods, or "yyyy/MM/dd HH:mm" literals read
//     in the caller's profile time zone), AND, OR, NOT, parentheses, ORDER BY.
//   - Status changes only through the workflow's transitions; create and edit
//     refuse fields off the screen, status among them, with Atlassian's
//     message; rich-text fields (description, environment, text areas,
//     comment bodies) refuse strings and invalid ADF.
//   - Custom field contexts and options answer 403 to non-administrators;
//     version create answers 404 and version update 400, as the spec lists.
//   - Moved issues (MoveIssue) and renamed projects (RenameProject) keep
//     their ids and answer under every old key on all issue routes, with
//     the current key in the body; JQL takes old keys unless
//     SetOldKeysInJQL(false) (the reference does not say which).
//   - Every write that changes an issue moves its updated time (properties
//     and remote links do not) and records history.
//   - Options add latency, Jira's two limits for API tokens (a token
//     bucket per endpoint and method, and one per issue for writes, each
//     answering 429 with its RateLimit-Reason, Retry-After unless
//     WithRetryAfterOmitted drops it, and X-RateLimit-* headers), and faults (5xx, dropped connections, and writes applied
//     before the connection drops), deterministic under WithSeed. FailNext
//     queues chosen failures (5xx, 429, Retry-After dates, drops, an HTML
//     page) for the next requests to an endpoint.
package jiratest
