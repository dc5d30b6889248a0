'use strict';
/* Scenarios of external organizations, the POST contact search and the bulk routes of contacts and organizations
 * (issue 16, items 9 and 11), registered by driver.js. */

module.exports = function register(S, h) {
  const {target, expect, same, unique, assertGone, newExternalContact} = h;

  S.postExternalcontactsOrganizations = async () => {
    const body = {name: unique('Acme'), industry: 'Tools', address: {city: 'Indianapolis', countryCode: 'US'}};
    const created = await target('ExternalContactsApi', 'postExternalcontactsOrganizations', body);
    same([created.name, created.industry, created.address], [body.name, 'Tools', body.address], 'organization');
    expect(created.id && (created.selfUri || '').endsWith(created.id), 'id in selfUri');
  };

  S.getExternalcontactsOrganizations = async () => {
    const created = await h.newOrg();
    const page = await target('ExternalContactsApi', 'getExternalcontactsOrganizations',
      {q: created.name, sortOrder: 'name:asc'});
    same([page.total, page.entities.map((o) => o.id)], [1, [created.id]], 'found');
  };

  S.getExternalcontactsOrganization = async () => {
    const created = await h.newOrg();
    const found = await target('ExternalContactsApi', 'getExternalcontactsOrganization', created.id);
    same([found.id, found.name, found.industry], [created.id, created.name, 'Tools'], 'organization');
  };

  S.putExternalcontactsOrganization = async () => {
    const created = await h.newOrg();
    const updated = await target('ExternalContactsApi', 'putExternalcontactsOrganization', created.id,
      {...created, industry: 'Banking'});
    same([updated.id, updated.name, updated.industry], [created.id, created.name, 'Banking'], 'updated');
  };

  S.deleteExternalcontactsOrganization = async () => {
    const created = await h.newOrg();
    same(await target('ExternalContactsApi', 'deleteExternalcontactsOrganization', created.id), {}, 'delete answer');
    await assertGone('ExternalContactsApi', 'getExternalcontactsOrganization', created.id);
  };

  S.getExternalcontactsOrganizationContacts = async () => {
    const org = await h.newOrg();
    const members = [];
    for (let i = 0; i < 3; i += 1) members.push(await newExternalContact({externalOrganization: {id: org.id}}));
    await newExternalContact();
    const page = await target('ExternalContactsApi', 'getExternalcontactsOrganizationContacts', org.id, {pageSize: 2});
    same([page.total, page.entities.length, page.pageCount], [3, 2, 2], 'paging');
    const ids = members.map((m) => m.id);
    expect(page.entities.every((e) => ids.includes(e.id)), 'only the organization\'s contacts');
  };

  S.postExternalcontactsIdentifierlookupOrganizations = async () => {
    const value = unique('crm');
    const org = await h.newOrg({identifiers: [{type: 'ExternalId', value}]});
    const found = await target('ExternalContactsApi', 'postExternalcontactsIdentifierlookupOrganizations',
      {type: 'ExternalId', value});
    same([found.id, found.name], [org.id, org.name], 'found');
  };

  S.postExternalcontactsContactsSearch = async () => {
    const created = await newExternalContact();
    const page = await target('ExternalContactsApi', 'postExternalcontactsContactsSearch',
      {pageSize: 5, operation: {simpleSearch: {query: created.lastName, sortOrder: ['firstName:asc']}}});
    same([page.total, page.entities.map((e) => [e.id, e.lastName])], [1, [[created.id, created.lastName]]], 'found');
  };

  // --- bulk: contacts and organizations -----------------------------------------------------------------------

  S.postExternalcontactsBulkContacts = async () => {
    const created = await newExternalContact();
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkContacts',
      h.ids(created.id, 'missing'));
    same([answer.errorCount, answer.errorIndexes, answer.results[0].entity.id, answer.results[1].error.status],
      [1, [1], created.id, 404], 'one found, one missing');
  };

  S.postExternalcontactsBulkContactsAdd = async () => {
    const names = [unique('bulk'), unique('bulk'), unique('bulk')];
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkContactsAdd',
      {entities: names.map((lastName) => ({lastName}))});
    same([answer.errorCount, answer.results.map((r) => r.entity.lastName)], [0, names], 'added');
    expect(answer.results.every((r) => r.success && r.entity.id), 'each added with an id');
  };

  S.postExternalcontactsBulkContactsUpdate = async () => {
    const created = await newExternalContact();
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkContactsUpdate',
      {entities: [{...created, title: 'Commodore'}]});
    same([answer.errorCount, answer.results[0].entity.id, answer.results[0].entity.title],
      [0, created.id, 'Commodore'], 'updated');
  };

  S.postExternalcontactsBulkContactsRemove = async () => {
    const created = await newExternalContact();
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkContactsRemove', h.ids(created.id));
    same([answer.errorCount, answer.results[0].id], [0, created.id], 'removed');
    await assertGone('ExternalContactsApi', 'getExternalcontactsContact', created.id);
  };

  S.postExternalcontactsBulkOrganizations = async () => {
    const org = await h.newOrg();
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkOrganizations', h.ids(org.id));
    same([answer.errorCount, answer.results[0].entity.id, answer.results[0].entity.name], [0, org.id, org.name],
      'found');
  };

  S.postExternalcontactsBulkOrganizationsAdd = async () => {
    const name = unique('Org');
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkOrganizationsAdd',
      {entities: [{name}, {name: ' '}]});
    same([answer.errorCount, answer.errorIndexes, answer.results[0].entity.name], [1, [1], name], 'one added');
    expect(answer.results[0].entity.id, 'the added organization has an id');
  };

  S.postExternalcontactsBulkOrganizationsUpdate = async () => {
    const org = await h.newOrg();
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkOrganizationsUpdate',
      {entities: [{...org, industry: 'Shipping'}]});
    same([answer.errorCount, answer.results[0].entity.id, answer.results[0].entity.industry],
      [0, org.id, 'Shipping'], 'updated');
  };

  S.postExternalcontactsBulkOrganizationsRemove = async () => {
    const org = await h.newOrg();
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkOrganizationsRemove', h.ids(org.id));
    same([answer.errorCount, answer.results[0].id], [0, org.id], 'removed');
    await assertGone('ExternalContactsApi', 'getExternalcontactsOrganization', org.id);
  };
};
