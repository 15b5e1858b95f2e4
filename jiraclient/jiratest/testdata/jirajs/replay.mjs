// Replays the calls spirajira makes through jira.js, a second, independent
// Jira client that checks every response against its own schemas
// (onSchemaMismatch: 'throw'). Run it against the simulator:
//
//   npm install            # jira.js 6.2.0, pinned in package.json
//   node replay.mjs "$(spirajira demo --serve --json | head -1)"
//
// The argument is the JSON line demo --serve prints. Exit status 1 when any
// call fails. (jira.js 6.2 has no helpers for issuetype/project,
// resolution/search or user/bulk, so those are covered only by jiraconform.)
import { createCloudClient } from 'jira.js';

const demo = JSON.parse(process.argv[2]).jira;
const mk = (email, apiToken) => createCloudClient({ host: demo.url, auth: { type: 'basic', email, apiToken }, onSchemaMismatch: 'throw' });
const admin = mk(demo.email, demo.token);
const member = mk(demo.user.email, demo.user.token);
let ok = 0, bad = 0;
async function check(name, f) {
  try { await f(); ok++; }
  catch (e) { bad++; console.log('FAIL', name, '-', (e && (e.message || e)).toString().slice(0, 1500)); }
}
const adf = (t) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] });
for (const [who, j] of [['admin', admin], ['member', member]]) {
  await check(who + ' myself', () => j.myself.getCurrentUser());
  await check(who + ' serverInfo', () => j.serverInfo.getServerInfo());
  await check(who + ' searchProjects', () => j.projects.searchProjects({ expand: 'description,lead,issueTypes' }));
  await check(who + ' getProject', () => j.projects.getProject({ projectIdOrKey: 'LIB' }));
  await check(who + ' getAllStatuses', () => j.projects.getAllStatuses({ projectIdOrKey: 'LIB' }));
  await check(who + ' searchPriorities', () => j.issuePriorities.searchPriorities({ projectId: ['10000'] }));
  await check(who + ' components', () => j.projectComponents.getProjectComponents({ projectIdOrKey: 'LIB' }));
  await check(who + ' componentsPaged', () => j.projectComponents.getProjectComponentsPaginated({ projectIdOrKey: 'LIB' }));
  await check(who + ' versionsPaged', () => j.projectVersions.getProjectVersionsPaginated({ projectIdOrKey: 'LIB' }));
  await check(who + ' versions', () => j.projectVersions.getProjectVersions({ projectIdOrKey: 'LIB' }));
  await check(who + ' fields', () => j.issueFields.getFields());
  await check(who + ' createmeta types', () => j.issues.getCreateIssueMetaIssueTypes({ projectIdOrKey: 'LIB' }));
  for (const it of ['10000', '10001', '10002', '10003', '10004'])
    await check(who + ' createmeta fields ' + it, () => j.issues.getCreateIssueMetaIssueTypeId({ projectIdOrKey: 'LIB', issueTypeId: it }));
  await check(who + ' securitylevels', () => j.projectPermissionSchemes.getSecurityLevelsForProject({ projectKeyOrId: 'LIB' }));
  await check(who + ' linkTypes', () => j.issueLinkTypes.getIssueLinkTypes());
  await check(who + ' findUsers', () => j.userSearch.findUsers({ query: 'a' }));
  await check(who + ' getUser', () => j.users.getUser({ accountId: '5b10ac8d82e05b22cc7d4e03' }));
  await check(who + ' assignable', () => j.userSearch.findAssignableUsers({ project: 'LIB' }));
  await check(who + ' search ids', () => j.issueSearch.searchAndReconsileIssuesUsingJql({ jql: 'project = LIB', maxResults: 10 }));
  await check(who + ' search all', () => j.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql: 'project = LIB ORDER BY key ASC', fields: ['*all'], expand: 'renderedFields,names,schema,transitions,editmeta,changelog', maxResults: 100 }));
  for (let n = 1; n <= 34; n++) {
    const k = 'LIB-' + n;
    await check(who + ' getIssue ' + k, () => j.issues.getIssue({ issueIdOrKey: k, expand: 'renderedFields,names,schema,transitions,editmeta,changelog', properties: ['*all'] }));
    await check(who + ' transitions ' + k, () => j.issues.getTransitions({ issueIdOrKey: k, expand: 'transitions.fields' }));
    await check(who + ' comments ' + k, () => j.issueComments.getComments({ issueIdOrKey: k, expand: 'renderedBody' }));
    await check(who + ' remotelinks ' + k, () => j.issueRemoteLinks.getRemoteIssueLinks({ issueIdOrKey: k }));
    await check(who + ' propkeys ' + k, () => j.issueProperties.getIssuePropertyKeys({ issueIdOrKey: k }));
    await check(who + ' changelog ' + k, () => j.issues.getChangeLogs({ issueIdOrKey: k }));
    await check(who + ' editmeta ' + k, () => j.issues.getEditIssueMeta({ issueIdOrKey: k }));
  }
}
await check('contexts', () => admin.issueCustomFieldContexts.getContextsForField({ fieldId: 'customfield_10031' }));
await check('options', () => admin.issueCustomFieldOptions.getOptionsForContext({ fieldId: 'customfield_10030', contextId: 10130 }));
await check('projectmapping', () => admin.issueCustomFieldContexts.getProjectContextMapping({ fieldId: 'customfield_10031' }));
await check('issuetypemapping', () => admin.issueCustomFieldContexts.getIssueTypeMappingsForContexts({ fieldId: 'customfield_10031' }));
let created;
await check('createIssue', async () => { created = await admin.issues.createIssue({ fields: { project: { key: 'LIB' }, issuetype: { name: 'Bug' }, summary: 'from jira.js', description: adf('d'), customfield_10030: { value: 'High' } }, properties: [{ key: 'spira.sync', value: { id: 1 } }] }); });
const key = created && created.key;
await check('editIssue', () => admin.issues.editIssue({ issueIdOrKey: key, fields: { summary: 'edited' } }));
await check('doTransition', () => admin.issues.doTransition({ issueIdOrKey: key, transition: { id: '11' } }));
await check('addComment', () => admin.issueComments.addComment({ issueIdOrKey: key, body: adf('c') }));
await check('linkIssues', () => admin.issueLinks.linkIssues({ type: { name: 'Relates' }, inwardIssue: { key }, outwardIssue: { key: 'LIB-1' } }));
await check('remoteLink', () => admin.issueRemoteLinks.createOrUpdateRemoteIssueLink({ issueIdOrKey: key, globalId: 'g1', object: { url: 'https://x.example', title: 'X' } }));
await check('remoteLink one', () => admin.issueRemoteLinks.getRemoteIssueLinks({ issueIdOrKey: key, globalId: 'g1' }));
await check('setProperty', () => admin.issueProperties.setIssueProperty({ issueIdOrKey: key, propertyKey: 'p', body: { a: 1 } }));
await check('getProperty', () => admin.issueProperties.getIssueProperty({ issueIdOrKey: key, propertyKey: 'p' }));
await check('createVersion', () => admin.projectVersions.createVersion({ name: 'JS 1', projectId: 10000 }));
console.log(`jira.js replay: ${ok} ok, ${bad} failed`);
process.exit(bad > 0 ? 1 : 0);
