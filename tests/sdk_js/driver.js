'use strict';
/*
 * Drives the official Genesys Cloud JavaScript SDK (purecloud-platform-client-v2) against a running genesys-mock.
 * Started by tests/sdk_js (pytest), which reads the JSON this prints; not meant to be run by hand.
 *
 * Input (stdin, JSON): {baseUrl, limitedBaseUrl, rateLimit, client: {id, secret}, viewer: {id, secret}, userToken}
 * Output (stdout, JSON): {sdkVersion, guard: [...], scenarios: {operationId: Record}, errors: {name: Record}}
 *   where a Record is {exchanges: [{api, method, status, headers, body}], requests: [[METHOD, path]],
 *   failures: [messages], target: index of the exchange of the operation under test}.
 *
 * How the SDK is aimed at the mock, by configuration only (nothing of the SDK is patched):
 *   - ApiClient.setEnvironment() always yields https://api.<env> and https://login.<env>, so an environment cannot
 *     name http://127.0.0.1:PORT. The SDK's gateway setting (ApiClient.setGateway, for API gateways in front of
 *     Genesys Cloud) replaces both hosts: {protocol: 'http', host: '127.0.0.1', port: PORT} makes
 *     loginClientCredentialsGrant post to http://127.0.0.1:PORT/oauth/token and every API call go to
 *     http://127.0.0.1:PORT/api/v2/... (Configuration.getConfUrl). The driver checks both URLs before any call.
 *   - The SDK's request pre-hook (ApiClient.setPreHook, an axios request interceptor) fails any request whose URL is
 *     not the mock's, records which requests were sent, and sets axios' `proxy: false` so *_PROXY variables cannot
 *     send a request elsewhere. pytest also starts node with HOME in a scratch directory, so no developer's
 *     ~/.genesyscloudjavascript/config (which may hold a gateway) is read; live reload of that file is switched off.
 *   - The few plain HTTP requests outside the SDK (the mock's clock, the export file) go through mockFetch, which
 *     refuses any other address the same way.
 *   - setReturnExtendedResponses(true): each call resolves (or rejects) with {status, headers, body}, the raw JSON
 *     body as the mock sent it (the JS SDK does not deserialise into models), which pytest audits against
 *     index.d.ts.
 */

const platformClient = require('purecloud-platform-client-v2');

const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const client = platformClient.ApiClient;  // the SDK's singleton ApiClient (ApiClient.instance)
const apis = {
  OutboundApi: new platformClient.OutboundApi(),
  ConversationsApi: new platformClient.ConversationsApi(),
  ExternalContactsApi: new platformClient.ExternalContactsApi(),
};

const COLUMNS = ['firstName', 'phone', 'email'];
const CALLED_NUMBER = '+13175550100';  // a reserved test number that answers after 2 s (docs/emulated.md, reserved test numbers)
const IMPORT_DEADLINE_MS = 15000;

const guard = [];  // requests the pre-hook refused: must stay empty
let baseUrl = null;
let current = null;  // the Record of the scenario running now

class Failure extends Error {}

function newRecord() {
  return {exchanges: [], requests: [], failures: [], target: null};
}

function aimAt(url) {
  const {protocol, hostname, port} = new URL(url);
  if (hostname !== '127.0.0.1') throw new Failure(`refusing to aim the SDK at ${url}: not 127.0.0.1`);
  client.config.live_reload_config = false;
  client.setPersistSettings(false);
  client.setGateway({protocol: protocol.replace(':', ''), host: hostname, port: Number(port)});
  client.setReturnExtendedResponses(true);
  baseUrl = url;
  const login = client.config.getConfUrl('login', client.config.authUrl);
  const api = client.config.getConfUrl('api', client.config.basePath);
  if (login !== url || api !== url) throw new Failure(`SDK aimed at login=${login} api=${api}, not ${url}`);
}

client.setPreHook((config) => {
  const url = String(config.url);
  if (!baseUrl || !url.startsWith(baseUrl + '/')) {
    guard.push(url);
    throw new Failure(`the SDK tried to reach ${url}, not the mock at ${baseUrl}`);
  }
  config.proxy = false;
  if (current) current.requests.push([String(config.method).toUpperCase(), url.slice(baseUrl.length).split('?')[0]]);
  return config;
});

function record(api, method, answer) {
  const headers = answer && answer.headers ? Object.fromEntries(
    Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v])) : {};
  const exchange = {api, method, status: answer ? answer.status : null, headers, body: answer ? answer.body : null};
  current.exchanges.push(exchange);
  return exchange;
}

/** Calls `api.method(...args)` through the SDK; returns the body of a 2xx answer, else records a failure. */
async function call(api, method, ...args) {
  let answer;
  try {
    answer = await apis[api][method](...args);
  } catch (rejection) {
    if (!rejection || rejection.status === undefined) throw rejection;  // not an HTTP answer: a bug or the guard
    const exchange = record(api, method, rejection);
    throw new Failure(`${api}.${method} answered ${exchange.status}: ${JSON.stringify(exchange.body)}`);
  }
  record(api, method, answer);
  return answer.body;
}

/** Like `call`, but marks the exchange as the one of the operation under test. */
async function target(api, method, ...args) {
  const body = await call(api, method, ...args);
  current.target = current.exchanges.length - 1;
  return body;
}

/** `api.method(...args)` must reject with `status`; returns the exchange (status, headers, ErrorBody). */
async function rejects(status, api, method, ...args) {
  try {
    const answer = await apis[api][method](...args);
    record(api, method, answer);
  } catch (rejection) {
    if (!rejection || rejection.status === undefined) throw rejection;
    const exchange = record(api, method, rejection);
    expect(exchange.status === status, `${api}.${method}: expected ${status}, got ${exchange.status}`);
    return exchange;
  }
  throw new Failure(`${api}.${method} succeeded, expected ${status}`);
}

function expect(condition, message) {
  if (!condition) current.failures.push(message);
}

/** JSON with each object's keys sorted: JSON objects are unordered, arrays are not. */
function canonical(value) {
  return JSON.stringify(value, (key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

function same(actual, wanted, what) {
  const a = canonical(actual);
  const w = canonical(wanted);
  expect(a === w, `${what}: expected ${w}, got ${a}`);
}

async function loginAs(credentials) {
  const authData = await client.loginClientCredentialsGrant(credentials.id, credentials.secret);
  if (!authData.accessToken) throw new Failure('loginClientCredentialsGrant gave no access token');
  // The SDK computes the expiry from the token answer's expires_in: a non-number would make it NaN.
  expect(Number.isFinite(authData.tokenExpiryTime) && authData.tokenExpiryTime > Date.now(),
    `loginClientCredentialsGrant: tokenExpiryTime ${authData.tokenExpiryTime}`);
}

function asUser() {
  client.setAccessToken(input.userToken);  // the SDK has no password grant; pytest got the user's token
}

const unique = (prefix) => `${prefix}-${Math.random().toString(16).slice(2, 14)}`;
const contactData = (n) => ({firstName: `Ann${n}`, phone: `+1317555${String(n).padStart(4, '0')}`,
  email: `ann${n}@example.com`});

async function newList(extra = {}) {
  const body = {name: unique('js-list'), columnNames: [...COLUMNS],
    phoneColumns: [{columnName: 'phone', type: 'cell'}], emailColumns: [{columnName: 'email', type: 'work'}],
    ...extra};
  const created = await call('OutboundApi', 'postOutboundContactlists', body);
  expect(created.id && created.name === body.name, 'postOutboundContactlists: id and name');
  same(created.columnNames, COLUMNS, 'postOutboundContactlists: columnNames');
  return created;
}

async function addContacts(listId, count) {
  const body = [...Array(count).keys()].map((n) => ({contactListId: listId, data: contactData(n)}));
  const added = await call('OutboundApi', 'postOutboundContactlistContacts', listId, body);
  same(added.map((c) => c.data), body.map((c) => c.data), 'postOutboundContactlistContacts: data');
  expect(added.every((c) => c.id && c.contactListId === listId), 'postOutboundContactlistContacts: ids');
  return added;
}

async function assertGone(api, method, ...args) {
  await rejects(404, api, method, ...args);
}

/** POST /uploads/v2/contactlist through ApiClient.callApi: the SDK has no method for the upload host. The form
 * travels as the body parameter (a FormData, which axios sends as multipart/form-data): callApi's own form-params
 * path keeps only the last field of a multipart form, so it cannot send file, id and fileType together. */
async function uploadForm(id, csvText, fields) {
  const form = new FormData();
  form.set('file', new Blob([csvText], {type: 'text/csv'}), `${id}.csv`);
  form.set('id', id);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const answer = await client.callApi('/uploads/v2/contactlist', 'POST', {}, {},
    {'Content-Type': 'multipart/form-data'}, {}, form, ['PureCloud OAuth'], [], ['application/json']);
  record('ApiClient', 'callApi:postUploadsV2Contactlist', answer);
  return answer.body;
}

async function uploadCsv(listId, csvText, contactIdName) {
  const fields = {fileType: 'contactlist', ...(contactIdName ? {'contact-id-name': contactIdName} : {})};
  return uploadForm(listId, csvText, fields);
}

async function waitForImport(listId) {
  const end = Date.now() + IMPORT_DEADLINE_MS;
  while (Date.now() < end) {
    const status = await call('OutboundApi', 'getOutboundContactlistImportstatus', listId);
    // ImportStatus.state is IN_PROGRESS or FAILED only (no success value): a finished import is FAILED, or at 100
    // percent with every record completed, as the reference client's is_finished() reads it.
    if (status.state === 'FAILED') return status;
    if (status.percentComplete === 100 && status.completedRecords === status.totalRecords) return status;
  }
  throw new Failure(`the import into ${listId} did not finish within ${IMPORT_DEADLINE_MS} ms`);
}

async function placeCall(number = CALLED_NUMBER) {
  asUser();
  const created = await call('ConversationsApi', 'postConversationsCalls', {phoneNumber: number});
  expect(created.id && (created.selfUri || '').includes(created.id), 'postConversationsCalls: id in selfUri');
  return created.id;
}

/** Plain HTTP outside the SDK (admin routes, the export file), to the mock only, like the SDK's requests. */
async function mockFetch(url, init) {
  if (!url.startsWith(baseUrl + '/')) {
    guard.push(url);
    throw new Failure(`refusing to fetch ${url}: not the mock at ${baseUrl}`);
  }
  return fetch(url, init);
}

async function advanceClock(seconds) {  // an admin route, not an API operation: plain HTTP
  const response = await mockFetch(`${baseUrl}/__mock/clock/advance`, {method: 'POST',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({seconds})});
  if (response.status !== 200) throw new Failure(`clock advance: ${response.status}`);
}

async function newExternalContact(extra = {}) {
  const body = {firstName: 'Grace', lastName: unique('Hopper'), title: 'Rear Admiral',
    workEmail: `${unique('grace')}@example.com`, cellPhone: {display: '+1 317 555 0100'},
    address: {address1: '1 Navy Way', city: 'Arlington', countryCode: 'US'}, ...extra};
  const created = await call('ExternalContactsApi', 'postExternalcontactsContacts', body);
  expect(created.id && created.firstName === 'Grace' && created.lastName === body.lastName,
    'postExternalcontactsContacts: id and names');
  expect(created.address && created.address.city === 'Arlington', 'postExternalcontactsContacts: address');
  expect(created.cellPhone && created.cellPhone.e164 === '+13175550100', 'postExternalcontactsContacts: e164');
  return created;
}

async function newOrg(extra = {}) {
  const body = {name: unique('Acme'), industry: 'Tools', ...extra};
  const created = await call('ExternalContactsApi', 'postExternalcontactsOrganizations', body);
  expect(created.id && created.name === body.name && created.industry === 'Tools',
    'postExternalcontactsOrganizations: id, name, industry');
  return created;
}

/** A BulkIdsRequest naming `ids`. */
const ids = (...wanted) => ({entities: wanted.map((id) => ({id}))});

async function claim(contactId) {
  const identifier = {type: 'Cookie', value: unique('cookie')};
  const claimed = await call('ExternalContactsApi', 'patchExternalcontactsContactIdentifiers', contactId,
    {operation: 'Claim', identifier});
  same([claimed.type, claimed.value], ['Cookie', identifier.value], 'claim: identifier');
  return claimed;
}

// --- one scenario per operation of contracts/operations.py ------------------------------------------------------

const S = {};

S.postOutboundContactlists = async () => {
  const body = {name: unique('js-list'), columnNames: [...COLUMNS],
    phoneColumns: [{columnName: 'phone', type: 'cell'}], emailColumns: [{columnName: 'email', type: 'work'}],
    retentionType: 'RetentionDays', retentionDays: 7,
    columnDataTypeSpecifications: [{columnName: 'phone', columnDataType: 'TEXT', maxLength: 20}]};
  const created = await target('OutboundApi', 'postOutboundContactlists', body);
  same([created.name, created.version], [body.name, 1], 'name, version');
  expect(!Number.isNaN(Date.parse(created.dateCreated)), 'dateCreated parses');
  same(created.phoneColumns, body.phoneColumns, 'phoneColumns');
  same(created.emailColumns, body.emailColumns, 'emailColumns');
  same([created.retentionType, created.retentionDays], ['RetentionDays', 7], 'retention');
  same(created.columnDataTypeSpecifications[0].maxLength, 20, 'columnDataTypeSpecifications');
};

S.getOutboundContactlists = async () => {
  const created = await newList();
  const page = await target('OutboundApi', 'getOutboundContactlists', {name: created.name, filterType: 'Equals',
    includeSize: true, includeImportStatus: true, pageSize: 10});
  same([page.total, page.pageSize, page.pageNumber, page.pageCount], [1, 10, 1, 1], 'paging');
  same(page.entities.map((e) => [e.id, e.name, e.version, e.size]), [[created.id, created.name, 1, 0]], 'entities');
};

S.deleteOutboundContactlists = async () => {
  const first = await newList();
  const second = await newList();
  await target('OutboundApi', 'deleteOutboundContactlists', [first.id, second.id]);
  for (const gone of [first, second]) await assertGone('OutboundApi', 'getOutboundContactlist', gone.id);
};

S.getOutboundContactlist = async () => {
  const created = await newList();
  await addContacts(created.id, 2);
  const found = await target('OutboundApi', 'getOutboundContactlist', created.id,
    {includeSize: true, includeImportStatus: true});
  same([found.id, found.name, found.version, found.size], [created.id, created.name, created.version, 2], 'fields');
  same([found.columnNames, found.dateCreated], [COLUMNS, created.dateCreated], 'columns, dateCreated');
};

S.putOutboundContactlist = async () => {
  const created = await newList();
  const body = {...created, name: unique('renamed'), columnNames: [...COLUMNS, 'zip']};
  const updated = await target('OutboundApi', 'putOutboundContactlist', created.id, body);
  same([updated.id, updated.name, updated.version], [created.id, body.name, created.version + 1], 'fields');
  same(updated.columnNames, [...COLUMNS, 'zip'], 'columnNames');
};

S.deleteOutboundContactlist = async () => {
  const created = await newList();
  await target('OutboundApi', 'deleteOutboundContactlist', created.id);
  await assertGone('OutboundApi', 'getOutboundContactlist', created.id);
};

S.postOutboundContactlistClear = async () => {
  const created = await newList();
  await addContacts(created.id, 3);
  await target('OutboundApi', 'postOutboundContactlistClear', created.id);
  const found = await call('OutboundApi', 'getOutboundContactlist', created.id, {includeSize: true});
  same(found.size, 0, 'size after clear');
};

S.postUploadsV2Contactlist = async () => {
  const created = await newList();
  const rows = [0, 1, 2, 3, 4].map(contactData);
  const csv = 'firstName,phone,email\n' + rows.map((r) => `${r.firstName},${r.phone},${r.email}\n`).join('');
  const answer = await uploadCsv(created.id, csv);
  current.target = current.exchanges.length - 1;
  same(answer.id, created.id, 'upload answer id');
  same((await waitForImport(created.id)).completedRecords, 5, 'completedRecords');
  const found = await call('OutboundApi', 'getOutboundContactlist', created.id,
    {includeSize: true, includeImportStatus: true});
  same([found.size, found.importStatus && found.importStatus.percentComplete], [5, 100], 'size, percentComplete');
  const page = await call('OutboundApi', 'postOutboundContactlistContactsSearch', created.id,
    {pageNumber: 1, pageSize: 10});
  same(page.entities.map((c) => c.data.firstName).sort(), rows.map((r) => r.firstName), 'imported contacts');
};

S.getOutboundContactlistImportstatus = async () => {
  const created = await newList();
  // Before any import: all four required fields, nothing to do and all of it done (mockserver/outbound/csv_import.py).
  const before = await call('OutboundApi', 'getOutboundContactlistImportstatus', created.id);
  same([before.state, before.totalRecords, before.completedRecords, before.percentComplete],
    ['IN_PROGRESS', 0, 0, 100], 'before any import');
  await uploadCsv(created.id, 'firstName,phone\nBea,+13175550111\nCy,+13175550112\n');
  await waitForImport(created.id);
  const status = await target('OutboundApi', 'getOutboundContactlistImportstatus', created.id);
  // The state enum has only IN_PROGRESS and FAILED (facts §5.4: no success value): a good import ends IN_PROGRESS
  // with every record completed.
  expect(status.state === 'IN_PROGRESS', `state ${status.state} after a good import`);
  same([status.totalRecords, status.completedRecords, status.percentComplete], [2, 2, 100], 'import counts');
};

S.postOutboundContactlistExport = async () => {
  const created = await newList();
  await addContacts(created.id, 1);
  const exported = await target('OutboundApi', 'postOutboundContactlistExport', created.id);
  expect(exported.id, 'export id');
  same(exported.selfUri, `/api/v2/outbound/contactlists/${created.id}/export`, 'selfUri');
};

S.getOutboundContactlistExport = async () => {
  const created = await newList();
  const [contact] = await addContacts(created.id, 1);
  await call('OutboundApi', 'postOutboundContactlistExport', created.id);
  const found = await target('OutboundApi', 'getOutboundContactlistExport', created.id);
  expect(!Number.isNaN(Date.parse(found.exportTimestamp)), 'exportTimestamp parses');
  const lines = (await (await mockFetch(found.uri)).text()).trim().split(/\r?\n/);  // presigned-URL stand-in
  same(lines, ['inin-outbound-id,' + COLUMNS.join(','), [contact.id, ...Object.values(contactData(0))].join(',')],
    'exported CSV');
};

S.postOutboundContactlistContacts = async () => {
  const created = await newList();
  const body = [{id: 'chosen-id-1', contactListId: created.id, data: contactData(1)}];
  const [added] = await target('OutboundApi', 'postOutboundContactlistContacts', created.id, body, {priority: true});
  same([added.id, added.contactListId, added.data, added.callable], ['chosen-id-1', created.id, contactData(1), true],
    'added contact');
};

S.deleteOutboundContactlistContacts = async () => {
  const created = await newList();
  const [gone, kept] = await addContacts(created.id, 2);
  await target('OutboundApi', 'deleteOutboundContactlistContacts', created.id, [gone.id]);
  await assertGone('OutboundApi', 'getOutboundContactlistContact', created.id, gone.id);
  same((await call('OutboundApi', 'getOutboundContactlistContact', created.id, kept.id)).id, kept.id, 'kept');
};

S.getOutboundContactlistContact = async () => {
  const created = await newList();
  const [added] = await addContacts(created.id, 1);
  const found = await target('OutboundApi', 'getOutboundContactlistContact', created.id, added.id);
  same([found.id, found.contactListId, found.data], [added.id, created.id, contactData(0)], 'contact');
};

S.putOutboundContactlistContact = async () => {
  const created = await newList();
  const [added] = await addContacts(created.id, 1);
  const body = {...added, data: {...added.data, firstName: 'Renamed'}};
  const updated = await target('OutboundApi', 'putOutboundContactlistContact', created.id, added.id, body);
  same([updated.id, updated.data], [added.id, {...contactData(0), firstName: 'Renamed'}], 'updated contact');
};

S.deleteOutboundContactlistContact = async () => {
  const created = await newList();
  const [added] = await addContacts(created.id, 1);
  await target('OutboundApi', 'deleteOutboundContactlistContact', created.id, added.id);
  await assertGone('OutboundApi', 'getOutboundContactlistContact', created.id, added.id);
};

S.postOutboundContactlistContactsBulk = async () => {
  const created = await newList();
  const added = await addContacts(created.id, 3);
  const found = await target('OutboundApi', 'postOutboundContactlistContactsBulk', created.id,
    [added[0].id, added[2].id]);
  same(found.map((c) => [c.id, c.data.firstName]).sort(), [[added[0].id, 'Ann0'], [added[2].id, 'Ann2']].sort(),
    'found contacts');
};

S.postOutboundContactlistContactsSearch = async () => {
  const created = await newList();
  await addContacts(created.id, 3);
  const page = await target('OutboundApi', 'postOutboundContactlistContactsSearch', created.id,
    {pageNumber: 1, pageSize: 2, contactSorts: [{fieldName: 'firstName', direction: 'DESC'}]});
  same([page.total, page.pageCount, page.pageSize, page.pageNumber], [3, 2, 2, 1], 'paging');
  same(page.entities.map((c) => c.data.firstName), ['Ann2', 'Ann1'], 'sorted page');
};

S.postConversationsCalls = async () => {
  asUser();
  const created = await target('ConversationsApi', 'postConversationsCalls', {phoneNumber: CALLED_NUMBER});
  same(created.selfUri, `/api/v2/conversations/calls/${created.id}`, 'selfUri');
};

S.getConversationsCalls = async () => {
  const id = await placeCall();
  const listing = await target('ConversationsApi', 'getConversationsCalls');
  expect(listing.entities.some((c) => c.id === id), 'the new call is listed');
};

S.getConversationsCall = async () => {
  const id = await placeCall();
  await advanceClock(5);  // the far end answers after 2 s
  const found = await target('ConversationsApi', 'getConversationsCall', id);
  expect(found.id === id && found.participants.length >= 2, 'id and participants');
  same([...new Set(found.participants.map((p) => p.state))], ['connected'], 'participant states');
  expect(found.participants.some((p) => p.address === 'tel:' + CALLED_NUMBER), 'far party address');
};

S.patchConversationsCall = async () => {
  const id = await placeCall();
  const answer = await target('ConversationsApi', 'patchConversationsCall', id, {state: 'disconnected'});
  same(answer.id, id, 'patched id');
  const found = await call('ConversationsApi', 'getConversationsCall', id);
  expect(found.participants.every((p) => ['disconnected', 'terminated'].includes(p.state)), 'all disconnected');
};

S.getConversations = async () => {
  const id = await placeCall();
  const listing = await target('ConversationsApi', 'getConversations', {communicationType: 'Call'});
  expect(listing.entities.some((c) => c.id === id), 'the new call is listed');
};

S.getConversation = async () => {
  const id = await placeCall();
  await advanceClock(5);
  await loginAs(input.client);  // any token with conversation:communication:view may read it
  const found = await target('ConversationsApi', 'getConversation', id);
  expect(found.id === id && !Number.isNaN(Date.parse(found.startTime)), 'id, startTime');
  const legs = found.participants.flatMap((p) => p.calls || []);
  expect(legs.length > 0 && legs.every((leg) => leg.state === 'connected'), 'connected legs');
};

S.deleteConversation = async () => {
  const id = await placeCall();
  await loginAs(input.client);
  await target('ConversationsApi', 'deleteConversation', id);
  const found = await call('ConversationsApi', 'getConversation', id);
  expect(!Number.isNaN(Date.parse(found.endTime)), 'endTime after delete');
};

// --- issue 16: calls for a user, call control, callbacks ---------------------------------------------------------

const LATER = '2031-01-02T03:04:05.000Z';

/** A call of the user to the test number, answered; then the client-credentials token: [id, agent, far end]. */
async function connectedCall() {
  const id = await placeCall();
  await advanceClock(5);
  await loginAs(input.client);
  const found = await call('ConversationsApi', 'getConversation', id);
  const [agent, far] = found.participants;
  expect(agent.purpose === 'agent' && far.calls[0].state === 'connected', 'a connected two-party call');
  return [id, agent, far];
}

async function wrappedUp() {
  const [id, agent] = await connectedCall();
  await call('ConversationsApi', 'patchConversationParticipant', id, agent.id,
    {wrapup: {code: 'wrapup-1', notes: 'sold', tags: ['a'], durationSeconds: 30, endTime: LATER}});
  return [id, agent];
}

async function newCallback(fields = {}) {
  await loginAs(input.client);
  const created = await call('ConversationsApi', 'postConversationsCallbacks', {queueId: 'queue-1',
    callbackNumbers: [CALLED_NUMBER], callbackUserName: 'Ada', data: {crmId: '42'}, ...fields});
  expect(created.conversation.id && created.callbackIdentifiers.length === 1, 'callback id and identifier');
  return created.conversation.id;
}

async function userId() {
  const [id, agent] = await connectedCall();
  await call('ConversationsApi', 'deleteConversation', id);
  return agent.userId;
}

S.postConversationsCallsUserUserId = async () => {
  const user = await userId();
  const created = await target('ConversationsApi', 'postConversationsCallsUserUserId', user,
    {phoneNumber: CALLED_NUMBER});
  const found = await call('ConversationsApi', 'getConversation', created.id);
  same(found.participants[0].userId, user, 'the call is the user\'s');
};

S.patchConversationsCallParticipant = async () => {
  const [id, , far] = await connectedCall();
  await target('ConversationsApi', 'patchConversationsCallParticipant', id, far.id, {held: true, muted: true});
  asUser();
  const found = await call('ConversationsApi', 'getConversationsCall', id);
  const shown = found.participants.find((p) => p.id === far.id);
  same([shown.held, shown.muted, shown.state], [true, true, 'connected'], 'held and muted');
};

S.patchConversationParticipant = async () => {
  const [id, , far] = await connectedCall();
  await target('ConversationsApi', 'patchConversationParticipant', id, far.id, {state: 'disconnected'});
  const found = await call('ConversationsApi', 'getConversation', id);
  same(found.participants.map((p) => p.calls[0].state), ['disconnected', 'disconnected'], 'the call is over');
};

S.patchConversationsCallParticipantAttributes = async () => {
  const [id, , far] = await connectedCall();
  const answer = await target('ConversationsApi', 'patchConversationsCallParticipantAttributes', id, far.id,
    {attributes: {crmId: '42'}});
  same(answer.attributes, {crmId: '42'}, 'merged attributes');
};

S.patchConversationParticipantAttributes = async () => {
  const [id, agent] = await connectedCall();
  await target('ConversationsApi', 'patchConversationParticipantAttributes', id, agent.id, {attributes: {note: 'vip'}});
  const found = await call('ConversationsApi', 'getConversation', id);
  same(found.participants[0].attributes, {note: 'vip'}, 'attributes');
};

S.getConversationsCallParticipantWrapup = async () => {
  const [id, agent] = await wrappedUp();
  const found = await target('ConversationsApi', 'getConversationsCallParticipantWrapup', id, agent.id);
  same([found.code, found.notes, found.tags, found.durationSeconds, found.endTime],
    ['wrapup-1', 'sold', ['a'], 30, LATER], 'wrap-up');
};

S.getConversationParticipantWrapup = async () => {
  const [id, agent] = await wrappedUp();
  const found = await target('ConversationsApi', 'getConversationParticipantWrapup', id, agent.id);
  same(found.code, 'wrapup-1', 'wrap-up code');
};

S.getConversationsCallParticipantCommunicationWrapup = async () => {
  const [id, agent] = await wrappedUp();
  const found = await target('ConversationsApi', 'getConversationsCallParticipantCommunicationWrapup', id, agent.id,
    agent.calls[0].id);
  same(found.code, 'wrapup-1', 'wrap-up code');
};

S.postConversationsCallParticipantCommunicationWrapup = async () => {
  const [id, agent] = await connectedCall();
  await target('ConversationsApi', 'postConversationsCallParticipantCommunicationWrapup', id, agent.id,
    agent.calls[0].id, {body: {code: 'wrapup-2'}});
  const found = await call('ConversationsApi', 'getConversation', id);
  same(found.participants[0].wrapup.code, 'wrapup-2', 'wrap-up code');
};

S.postConversationDisconnect = async () => {
  const [id] = await connectedCall();
  await target('ConversationsApi', 'postConversationDisconnect', id);
  const found = await call('ConversationsApi', 'getConversation', id);
  expect(!Number.isNaN(Date.parse(found.endTime)), 'endTime after disconnect');
};

S.postConversationsCallbacks = async () => {
  await loginAs(input.client);
  const created = await target('ConversationsApi', 'postConversationsCallbacks', {queueId: 'queue-1',
    callbackNumbers: [CALLED_NUMBER], callbackScheduledTime: LATER});
  const found = await call('ConversationsApi', 'getConversation', created.conversation.id);
  same(found.participants[0].callbacks[0].state, 'scheduled', 'scheduled leg');
};

S.getConversationsCallback = async () => {
  const id = await newCallback();
  const found = await target('ConversationsApi', 'getConversationsCallback', id);
  same([found.participants[0].callbackNumbers, found.participants[1].purpose], [[CALLED_NUMBER], 'acd'], 'parties');
};

S.patchConversationsCallbacks = async () => {
  const user = await userId();
  const id = await newCallback();
  const answer = await target('ConversationsApi', 'patchConversationsCallbacks',
    {conversationId: id, agentId: user, callbackScheduledTime: LATER});
  same([answer.conversation.id, answer.callbackIdentifiers.length], [id, 2], 'assigned');
};

S.getConversationsCallbacks = async () => {
  const user = await userId();
  const id = await newCallback();
  await call('ConversationsApi', 'patchConversationsCallbacks', {conversationId: id, agentId: user});
  asUser();
  const listing = await target('ConversationsApi', 'getConversationsCallbacks');
  expect(listing.entities.some((c) => c.id === id), 'the assigned callback is listed');
};

S.patchConversationsCallback = async () => {
  const id = await newCallback();
  const answer = await target('ConversationsApi', 'patchConversationsCallback', id, {state: 'disconnected'});
  expect(answer.id === id && !Number.isNaN(Date.parse(answer.endTime)), 'disconnected');
};

S.patchConversationsCallbackParticipant = async () => {
  const id = await newCallback();
  const before = await call('ConversationsApi', 'getConversationsCallback', id);
  await target('ConversationsApi', 'patchConversationsCallbackParticipant', id, before.participants[0].id,
    {wrapup: {code: 'done'}, state: 'disconnected'});
  const found = await call('ConversationsApi', 'getConversationsCallback', id);
  same([found.participants[0].state, found.participants[0].wrapup.code], ['disconnected', 'done'], 'wrapped up');
};

async function callbackCustomer() {
  const id = await newCallback();
  const found = await call('ConversationsApi', 'getConversation', id);
  return [id, found.participants[0].id, found.participants[0].callbacks[0].id];
}

S.patchConversationsCallbackParticipantAttributes = async () => {
  const [id, customer] = await callbackCustomer();
  const answer = await target('ConversationsApi', 'patchConversationsCallbackParticipantAttributes', id, customer,
    {attributes: {tier: 'gold'}});
  same(answer.attributes, {crmId: '42', tier: 'gold'}, 'merged over the callback data');
};

S.postConversationsCallbackParticipantCommunicationWrapup = async () => {
  const [id, customer, leg] = await callbackCustomer();
  await target('ConversationsApi', 'postConversationsCallbackParticipantCommunicationWrapup', id, customer, leg,
    {body: {code: 'reached'}});
  const found = await call('ConversationsApi', 'getConversationsCallback', id);
  same(found.participants[0].wrapup.code, 'reached', 'wrap-up code');
};

S.getConversationsCallbackParticipantWrapup = async () => {
  const [id, customer, leg] = await callbackCustomer();
  await call('ConversationsApi', 'postConversationsCallbackParticipantCommunicationWrapup', id, customer, leg,
    {body: {code: 'reached'}});
  const found = await target('ConversationsApi', 'getConversationsCallbackParticipantWrapup', id, customer);
  same(found.code, 'reached', 'wrap-up code');
};

S.getConversationsCallbackParticipantCommunicationWrapup = async () => {
  const [id, customer, leg] = await callbackCustomer();
  await call('ConversationsApi', 'postConversationsCallbackParticipantCommunicationWrapup', id, customer, leg,
    {body: {code: 'reached'}});
  const found = await target('ConversationsApi', 'getConversationsCallbackParticipantCommunicationWrapup', id,
    customer, leg);
  same(found.code, 'reached', 'wrap-up code');
};

S.postExternalcontactsContacts = async () => {
  await newExternalContact();
  current.target = current.exchanges.length - 1;
  const created = current.exchanges[current.target].body;
  expect(['Ephemeral', 'Identified', 'Curated'].includes(created.type), `type ${created.type}`);
};

S.getExternalcontactsContacts = async () => {
  const created = await newExternalContact();
  const page = await target('ExternalContactsApi', 'getExternalcontactsContacts', {q: created.lastName, pageSize: 5});
  same([page.total, page.entities.map((e) => [e.id, e.lastName])], [1, [[created.id, created.lastName]]], 'found');
};

S.getExternalcontactsContact = async () => {
  const created = await newExternalContact();
  const claimed = await claim(created.id);
  const found = await target('ExternalContactsApi', 'getExternalcontactsContact', created.id,
    {expand: ['identifiers']});
  same([found.id, found.firstName, found.workEmail], [created.id, 'Grace', created.workEmail], 'contact');
  expect((found.identifiers || []).some((i) => i.value === claimed.value), 'identifiers expanded');
};

S.putExternalcontactsContact = async () => {
  const created = await newExternalContact();
  const updated = await target('ExternalContactsApi', 'putExternalcontactsContact', created.id,
    {...created, title: 'Commodore'});
  same([updated.id, updated.title, updated.lastName], [created.id, 'Commodore', created.lastName], 'updated');
};

S.patchExternalcontactsContact = async () => {
  const created = await newExternalContact();
  const patched = await target('ExternalContactsApi', 'patchExternalcontactsContact', created.id,
    {changes: [{field: '$.title', value: 'Admiral', action: 'Update'}]});
  same([patched.id, patched.title, patched.firstName], [created.id, 'Admiral', 'Grace'], 'patched');
};

S.deleteExternalcontactsContact = async () => {
  const created = await newExternalContact();
  same(await target('ExternalContactsApi', 'deleteExternalcontactsContact', created.id), {}, 'delete answer');
  await assertGone('ExternalContactsApi', 'getExternalcontactsContact', created.id);
};

S.getExternalcontactsContactIdentifiers = async () => {
  const created = await newExternalContact();
  const claimed = await claim(created.id);
  const listing = await target('ExternalContactsApi', 'getExternalcontactsContactIdentifiers', created.id);
  expect(listing.entities.some((i) => i.type === 'Cookie' && i.value === claimed.value), 'claimed identifier');
};

S.patchExternalcontactsContactIdentifiers = async () => {
  const created = await newExternalContact();
  await claim(created.id);
  current.target = current.exchanges.length - 1;
  expect(!Number.isNaN(Date.parse(current.exchanges[current.target].body.dateCreated)), 'dateCreated parses');
};

S.postExternalcontactsIdentifierlookupContacts = async () => {
  const created = await newExternalContact();
  const claimed = await claim(created.id);
  const found = await target('ExternalContactsApi', 'postExternalcontactsIdentifierlookupContacts',
    {type: 'Cookie', value: claimed.value});
  same([found.id, found.lastName], [created.id, created.lastName], 'found');
};

S.postExternalcontactsIdentifierlookup = async () => {
  const created = await newExternalContact();
  const found = await target('ExternalContactsApi', 'postExternalcontactsIdentifierlookup',
    {type: 'Email', value: created.workEmail.toUpperCase()});
  same([found.id, found.workEmail], [created.id, created.workEmail], 'found');
};

// --- issue 16's families (DNC lists, filters, campaigns, bulk jobs and uploads, organizations, notes,
// relationships, search, bulk): one module per family under scenarios/, each given the helpers above -----------------

/** Marks the last exchange as the one of the operation under test (when a helper made the call). */
function markTarget() {
  current.target = current.exchanges.length - 1;
  return current.exchanges[current.target].body;
}

const helpers = {call, target, rejects, expect, same, unique, contactData, newList, addContacts, assertGone,
  advanceClock, mockFetch, newExternalContact, newOrg, ids, uploadForm, waitForImport, markTarget, COLUMNS};
for (const family of ['dialer', 'jobs', 'orgs', 'notes']) require(`./scenarios/${family}`)(S, helpers);

// --- errors: the rejection carries the status, a Genesys ErrorBody and ININ-Correlation-Id ----------------------

const E = {};

E['400 no.contacts.specified'] = async () => {
  const created = await newList();
  await rejects(400, 'OutboundApi', 'deleteOutboundContactlistContacts', created.id, []);
};

E['400 not.a.user'] = async () => {
  await rejects(400, 'ConversationsApi', 'postConversationsCalls', {phoneNumber: CALLED_NUMBER});
};

E['400 invalid.value'] = async () => {
  const created = await newList();
  await rejects(400, 'OutboundApi', 'postOutboundContactlistContactsSearch', created.id,
    {pageNumber: 0, pageSize: 10});
};

E['401 bad.credentials'] = async () => {
  client.setAccessToken('not-a-token-the-mock-issued');
  await rejects(401, 'OutboundApi', 'getOutboundContactlists');
};

E['403 missing.any.permissions'] = async () => {
  await loginAs(input.viewer);
  await rejects(403, 'OutboundApi', 'postOutboundContactlists', {name: 'not allowed', columnNames: ['phone']});
};

E['403 missing.permissions'] = async () => {
  const created = await newList();
  await loginAs(input.viewer);
  await rejects(403, 'OutboundApi', 'getOutboundContactlistExport', created.id);
};

E['404 not.found'] = async () => {
  await rejects(404, 'OutboundApi', 'getOutboundContactlist', 'no-such-list');
};

E['409 invalid.update.wrong.version'] = async () => {
  const created = await newList();
  await addContacts(created.id, 1);
  const fresh = await call('OutboundApi', 'getOutboundContactlist', created.id);
  await call('OutboundApi', 'putOutboundContactlist', created.id, {...fresh, name: created.name + '-renamed'});
  await rejects(409, 'OutboundApi', 'putOutboundContactlist', created.id, {...created, name: created.name + '-stale'});
};

E['429 too.many.requests.retry.after'] = async () => {
  aimAt(input.limitedBaseUrl);  // a second mock whose rate window is tiny
  try {
    await loginAs(input.client);
    for (let i = 0; i < input.rateLimit; i += 1) await call('OutboundApi', 'getOutboundContactlists');
    await rejects(429, 'OutboundApi', 'getOutboundContactlists');
  } finally {
    aimAt(input.baseUrl);
  }
};

// --- run --------------------------------------------------------------------------------------------------------

async function runAll(table, withLogin) {
  const results = {};
  for (const [name, scenario] of Object.entries(table)) {
    current = newRecord();
    results[name] = current;
    try {
      if (withLogin) await loginAs(input.client);  // every scenario logs in through the SDK
      await scenario();
    } catch (error) {
      current.failures.push(`${error instanceof Failure ? '' : 'error: '}${error && error.stack || error}`);
    }
  }
  current = null;
  return results;
}

async function main() {
  aimAt(input.baseUrl);
  const scenarios = await runAll(S, true);
  const errors = await runAll(E, true);
  const sdkVersion = require('purecloud-platform-client-v2/package.json').version;
  process.stdout.write(JSON.stringify({sdkVersion, guard, scenarios, errors}));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
