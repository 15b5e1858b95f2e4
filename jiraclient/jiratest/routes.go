package jiratest

import "net/http"

// routeTable lists every operation the simulator serves, by the spec's method
// and path template. Anything else is a 404 (405 for a known path). Access
// follows each operation's description: "can be accessed anonymously" or not.
func (s *Sim) routeTable() []*route {
	const (
		get  = http.MethodGet
		post = http.MethodPost
		put  = http.MethodPut
		del  = http.MethodDelete
	)
	return []*route{
		newRoute(get, "/rest/api/3/myself", needsLogin, s.hMyself),
		newRoute(get, "/rest/api/3/serverInfo", anonymousOK, s.hServerInfo),

		newRoute(get, "/rest/api/3/project/search", anonymousOK, s.hProjectSearch),
		newRoute(get, "/rest/api/3/project/{projectIdOrKey}", anonymousOK, s.hProjectGet),
		newRoute(get, "/rest/api/3/issuetype/project", anonymousOK, s.hIssueTypesForProject),
		newRoute(get, "/rest/api/3/project/{projectIdOrKey}/statuses", anonymousOK, s.hProjectStatuses),
		newRoute(get, "/rest/api/3/priority/search", needsLogin, s.hPrioritySearch).json401(),
		newRoute(get, "/rest/api/3/resolution/search", needsLogin, s.hResolutionSearch).json401(),
		newRoute(get, "/rest/api/3/project/{projectIdOrKey}/components", anonymousOK, s.hProjectComponents),
		newRoute(get, "/rest/api/3/project/{projectIdOrKey}/component", anonymousOK, s.hProjectComponentsPaged),
		newRoute(get, "/rest/api/3/project/{projectIdOrKey}/version", anonymousOK, s.hProjectVersionsPaged),
		newRoute(get, "/rest/api/3/project/{projectIdOrKey}/versions", anonymousOK, s.hProjectVersions),
		newRoute(post, "/rest/api/3/version", anonymousOK, s.hVersionCreate),
		newRoute(get, "/rest/api/3/version/{id}", anonymousOK, s.hVersionGet),
		newRoute(put, "/rest/api/3/version/{id}", anonymousOK, s.hVersionUpdate),
		newRoute(get, "/rest/api/3/project/{projectKeyOrId}/securitylevel", anonymousOK, s.hSecurityLevels),
		newRoute(get, "/rest/api/3/issueLinkType", anonymousOK, s.hLinkTypes),

		newRoute(get, "/rest/api/3/field", anonymousOK, s.hFields),
		newRoute(get, "/rest/api/3/field/{fieldId}/context", needsLogin, s.hFieldContexts),
		newRoute(get, "/rest/api/3/field/{fieldId}/context/{contextId}/option", needsLogin, s.hContextOptions),
		newRoute(get, "/rest/api/3/field/{fieldId}/context/projectmapping", needsLogin, s.hContextProjectMapping),
		newRoute(get, "/rest/api/3/field/{fieldId}/context/issuetypemapping", needsLogin, s.hContextIssueTypeMapping),
		newRoute(get, "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes", anonymousOK, s.hCreateMetaTypes),
		newRoute(get, "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}", anonymousOK, s.hCreateMetaFields),

		newRoute(get, "/rest/api/3/user/search", anonymousOK, s.hUserSearch),
		newRoute(get, "/rest/api/3/user", needsLogin, s.hUserGet),
		newRoute(get, "/rest/api/3/user/bulk", needsLogin, s.hUserBulk),
		newRoute(get, "/rest/api/3/user/assignable/search", needsLogin, s.hUserAssignable),

		newRoute(get, "/rest/api/3/search/jql", anonymousOK, s.hSearchJQLGet),
		newRoute(post, "/rest/api/3/search/jql", anonymousOK, s.hSearchJQLPost),
		newRoute(get, "/rest/api/3/search", public, s.hRemovedSearch),
		newRoute(post, "/rest/api/3/search", public, s.hRemovedSearch),
		newRoute(get, "/rest/api/2/search", public, s.hRemovedSearch),
		newRoute(post, "/rest/api/2/search", public, s.hRemovedSearch),

		newRoute(post, "/rest/api/3/issue", needsLogin, s.hIssueCreate).json401(),
		newRoute(get, "/rest/api/3/issue/{issueIdOrKey}", anonymousOK, s.hIssueGet),
		newRoute(post, "/rest/api/3/issue/bulkfetch", anonymousOK, s.hBulkFetch),
		newRoute(put, "/rest/api/3/issue/{issueIdOrKey}", anonymousOK, s.hIssueEdit),
		newRoute(del, "/rest/api/3/issue/{issueIdOrKey}", anonymousOK, s.hIssueDelete),
		newRoute(get, "/rest/api/3/issue/{issueIdOrKey}/editmeta", anonymousOK, s.hEditMeta),
		newRoute(get, "/rest/api/3/issue/{issueIdOrKey}/changelog", anonymousOK, s.hChangelog),
		newRoute(get, "/rest/api/3/issue/{issueIdOrKey}/transitions", anonymousOK, s.hTransitionsGet),
		newRoute(post, "/rest/api/3/issue/{issueIdOrKey}/transitions", anonymousOK, s.hTransitionsDo),
		newRoute(get, "/rest/api/3/issue/{issueIdOrKey}/comment", anonymousOK, s.hCommentsGet),
		newRoute(post, "/rest/api/3/issue/{issueIdOrKey}/comment", anonymousOK, s.hCommentAdd),
		newRoute(post, "/rest/api/3/issueLink", anonymousOK, s.hLinkCreate),
		newRoute(get, "/rest/api/3/issueLink/{linkId}", anonymousOK, s.hLinkGet),
		newRoute(del, "/rest/api/3/issueLink/{linkId}", anonymousOK, s.hLinkDelete),
		newRoute(get, "/rest/api/3/issue/{issueIdOrKey}/remotelink", anonymousOK, s.hRemoteLinksGet),
		newRoute(post, "/rest/api/3/issue/{issueIdOrKey}/remotelink", anonymousOK, s.hRemoteLinkUpsert),
		newRoute(del, "/rest/api/3/issue/{issueIdOrKey}/remotelink", anonymousOK, s.hRemoteLinkDelete),
		newRoute(get, "/rest/api/3/issue/{issueIdOrKey}/properties", anonymousOK, s.hPropertyKeys),
		newRoute(get, "/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}", anonymousOK, s.hPropertyGet),
		newRoute(put, "/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}", anonymousOK, s.hPropertySet),
		newRoute(del, "/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}", anonymousOK, s.hPropertyDelete),

		{method: post, template: "/rest/api/3/issue/{issueIdOrKey}/attachments", segs: splitTemplate("/rest/api/3/issue/{issueIdOrKey}/attachments"),
			access: anonymousOK, h: s.hAttachmentAdd, multipart: true},
		newRoute(get, "/rest/api/3/attachment/meta", anonymousOK, s.hAttachmentMeta),
		newRoute(get, "/rest/api/3/attachment/content/{id}", anonymousOK, s.hAttachmentContent),
		newRoute(get, "/rest/api/3/attachment/{id}", anonymousOK, s.hAttachmentGet),
	}
}
