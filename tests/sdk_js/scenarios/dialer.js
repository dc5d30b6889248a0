'use strict';
/* Scenarios of DNC lists, contact-list filters and campaigns (issue 16, items 4-6), registered by driver.js. */

const number = (n) => `+1317555${String(n).padStart(4, '0')}`;

module.exports = function register(S, h) {
  const {call, target, expect, same, unique, newList, assertGone, advanceClock, uploadForm} = h;

  async function newDnc() {
    const body = {name: unique('js-dnc'), dncSourceType: 'rds', contactMethod: 'Phone'};
    const created = await call('OutboundApi', 'postOutboundDnclists', body);
    same([created.name, created.version, created.dncSourceType, created.contactMethod],
      [body.name, 1, 'rds', 'Phone'], 'postOutboundDnclists: fields');
    expect(created.id && (created.selfUri || '').startsWith('/api/v2/outbound/dnclists/'), 'DNC list id, selfUri');
    return created;
  }

  async function dncSize(dncId) {
    return (await call('OutboundApi', 'getOutboundDnclist', dncId, {includeSize: true})).size;
  }

  /** A list of `count` contacts with ids c0, c1, ...; every 4th has firstName Gold. */
  async function filledList(count) {
    const created = await newList();
    const body = [...Array(count).keys()].map((n) => ({id: `c${n}`, contactListId: created.id,
      data: {firstName: n % 4 === 0 ? 'Gold' : `Ann${n}`, phone: number(n), email: `a${n}@example.com`}}));
    await call('OutboundApi', 'postOutboundContactlistContacts', created.id, body);
    return created;
  }

  const goldFilter = (listId, name) => ({name: name || unique('js-filter'), filterType: 'AND',
    contactList: {id: listId}, clauses: [{filterType: 'AND', predicates: [{column: 'firstName',
      columnType: 'alphabetic', operator: 'EQUALS', value: 'Gold'}]}]});

  async function newFilter(listId) {
    const saved = await call('OutboundApi', 'postOutboundContactlistfilters', goldFilter(listId));
    expect(saved.id && saved.version === 1 && saved.contactList.id === listId, 'filter id, version, list');
    return saved;
  }

  async function newCampaign(listId, extra = {}) {
    const cars = await call('OutboundApi', 'postOutboundCallanalysisresponsesets',
      {name: unique('js-cars'), responses: {}});
    const body = {name: unique('js-campaign'), contactList: {id: listId}, queue: {id: 'queue-1'},
      dialingMode: 'preview', callerName: 'Acme', callerAddress: '+13175550000',
      callAnalysisResponseSet: {id: cars.id}, phoneColumns: [{columnName: 'phone', type: 'cell'}], ...extra};
    const created = await call('OutboundApi', 'postOutboundCampaigns', body);
    same([created.name, created.campaignStatus, created.version, created.dialingMode, created.contactList.id],
      [body.name, 'off', 1, 'preview', listId], 'postOutboundCampaigns: fields');
    return created;
  }

  // --- DNC lists -------------------------------------------------------------------------------------------------

  S.postOutboundDnclists = async () => {
    await newDnc();
    h.markTarget();
  };

  S.getOutboundDnclists = async () => {
    const created = await newDnc();
    const page = await target('OutboundApi', 'getOutboundDnclists', {name: created.name, filterType: 'Equals',
      includeSize: true});
    same([page.total, page.entities.map((e) => [e.id, e.size])], [1, [[created.id, 0]]], 'found');
  };

  S.getOutboundDnclist = async () => {
    const created = await newDnc();
    const found = await target('OutboundApi', 'getOutboundDnclist', created.id, {includeImportStatus: true});
    same([found.name, found.importStatus && found.importStatus.percentComplete], [created.name, 100], 'fields');
  };

  S.putOutboundDnclist = async () => {
    const created = await newDnc();
    const updated = await target('OutboundApi', 'putOutboundDnclist', created.id,
      {...created, name: 'renamed'});
    same([updated.id, updated.name, updated.version], [created.id, 'renamed', 2], 'updated');
  };

  S.deleteOutboundDnclist = async () => {
    const created = await newDnc();
    await target('OutboundApi', 'deleteOutboundDnclist', created.id);
    await assertGone('OutboundApi', 'getOutboundDnclist', created.id);
  };

  S.postOutboundDnclistPhonenumbers = async () => {
    const created = await newDnc();
    await target('OutboundApi', 'postOutboundDnclistPhonenumbers', created.id, [number(1), number(2)],
      {expirationDateTime: '2099-01-01T00:00Z'});
    same(await dncSize(created.id), 2, 'size');
  };

  S.patchOutboundDnclistPhonenumbers = async () => {
    const created = await newDnc();
    await call('OutboundApi', 'patchOutboundDnclistPhonenumbers', created.id,
      {action: 'Add', phoneNumbers: [number(1), number(2)]});
    await target('OutboundApi', 'patchOutboundDnclistPhonenumbers', created.id,
      {action: 'Remove', phoneNumbers: [number(1)]});
    same(await dncSize(created.id), 1, 'size after add 2, remove 1');
  };

  S.deleteOutboundDnclistPhonenumbers = async () => {
    const created = await newDnc();
    await call('OutboundApi', 'postOutboundDnclistPhonenumbers', created.id, [number(1)]);
    await call('OutboundApi', 'deleteOutboundDnclistPhonenumbers', created.id, {expiredOnly: true});
    same(await dncSize(created.id), 1, 'size after removing the expired only');
    await target('OutboundApi', 'deleteOutboundDnclistPhonenumbers', created.id);
    same(await dncSize(created.id), 0, 'size after removing all');
  };

  S.postOutboundDnclistEmailaddresses = async () => {
    const created = await newDnc();
    await target('OutboundApi', 'postOutboundDnclistEmailaddresses', created.id, ['a@example.com', 'b@example.com']);
    same(await dncSize(created.id), 2, 'size');
  };

  S.patchOutboundDnclistEmailaddresses = async () => {
    const created = await newDnc();
    await target('OutboundApi', 'patchOutboundDnclistEmailaddresses', created.id,
      {action: 'Add', emailAddresses: ['a@example.com']});
    same(await dncSize(created.id), 1, 'size');
  };

  S.deleteOutboundDnclistEmailaddresses = async () => {
    const created = await newDnc();
    await call('OutboundApi', 'postOutboundDnclistEmailaddresses', created.id, ['a@example.com']);
    await target('OutboundApi', 'deleteOutboundDnclistEmailaddresses', created.id);
    same(await dncSize(created.id), 0, 'size');
  };

  S.getOutboundDnclistImportstatus = async () => {
    const created = await newDnc();
    const csv = 'phone\n' + [0, 1, 2].map((n) => `${number(n)}\n`).join('');
    await uploadForm(created.id, csv, {fileType: 'dnclist', phoneColumns: 'phone'});
    const status = await target('OutboundApi', 'getOutboundDnclistImportstatus', created.id);
    same([status.state, status.completedRecords, status.percentComplete], ['IN_PROGRESS', 3, 100], 'import status');
    same(await dncSize(created.id), 3, 'size');
  };

  // --- filters -----------------------------------------------------------------------------------------------------

  S.postOutboundContactlistfilters = async () => {
    const created = await filledList(8);
    const body = goldFilter(created.id);
    const saved = await target('OutboundApi', 'postOutboundContactlistfilters', body);
    same([saved.name, saved.version, saved.contactList.id, saved.clauses], [body.name, 1, created.id, body.clauses],
      'saved filter');
    const page = await call('OutboundApi', 'postOutboundContactlistContactsSearch', created.id,
      {pageNumber: 1, pageSize: 100, contactListFilterId: saved.id});
    same(page.entities.map((c) => c.id).sort(), ['c0', 'c4'], 'contacts through the filter');
  };

  S.getOutboundContactlistfilters = async () => {
    const created = await filledList(1);
    const saved = await newFilter(created.id);
    const page = await target('OutboundApi', 'getOutboundContactlistfilters', {contactListId: created.id});
    same(page.entities.map((f) => f.id), [saved.id], 'the list\'s filters');
  };

  S.getOutboundContactlistfilter = async () => {
    const created = await filledList(1);
    const saved = await newFilter(created.id);
    const found = await target('OutboundApi', 'getOutboundContactlistfilter', saved.id);
    same([found.id, found.name, found.clauses[0].predicates[0].value], [saved.id, saved.name, 'Gold'], 'filter');
  };

  S.putOutboundContactlistfilter = async () => {
    const created = await filledList(12);
    const saved = await newFilter(created.id);
    const body = {...goldFilter(created.id, 'not gold'), version: 1};
    body.clauses[0].predicates[0].inverted = true;
    const updated = await target('OutboundApi', 'putOutboundContactlistfilter', saved.id, body);
    same([updated.id, updated.name, updated.version, updated.clauses[0].predicates[0].inverted],
      [saved.id, 'not gold', 2, true], 'updated filter');
    const page = await call('OutboundApi', 'postOutboundContactlistContactsSearch', created.id,
      {pageNumber: 1, pageSize: 100, contactListFilterId: saved.id});
    same(page.total, 9, 'contacts through the inverted filter (12, 3 gold)');
  };

  S.deleteOutboundContactlistfilter = async () => {
    const created = await filledList(1);
    const saved = await newFilter(created.id);
    await target('OutboundApi', 'deleteOutboundContactlistfilter', saved.id);
    await assertGone('OutboundApi', 'getOutboundContactlistfilter', saved.id);
  };

  S.postOutboundContactlistfiltersPreview = async () => {
    const created = await filledList(20);
    const preview = await target('OutboundApi', 'postOutboundContactlistfiltersPreview', goldFilter(created.id));
    same([preview.filteredContacts, preview.totalContacts, preview.preview.length], [5, 20, 5], 'preview counts');
  };

  // --- campaigns ---------------------------------------------------------------------------------------------------

  S.postOutboundCampaigns = async () => {
    const created = await filledList(2);
    await newCampaign(created.id);
    h.markTarget();
  };

  S.getOutboundCampaigns = async () => {
    const created = await filledList(1);
    const campaign = await newCampaign(created.id);
    const page = await target('OutboundApi', 'getOutboundCampaigns', {contactListId: created.id});
    same(page.entities.map((c) => c.id), [campaign.id], 'the list\'s campaigns');
  };

  S.getOutboundCampaign = async () => {
    const created = await filledList(1);
    const campaign = await newCampaign(created.id);
    const found = await target('OutboundApi', 'getOutboundCampaign', campaign.id);
    same([found.name, found.dialingMode, found.campaignStatus, found.callerName],
      [campaign.name, 'preview', 'off', 'Acme'], 'campaign');
  };

  S.putOutboundCampaign = async () => {
    const created = await filledList(1);
    const campaign = await newCampaign(created.id);
    const updated = await target('OutboundApi', 'putOutboundCampaign', campaign.id,
      {...campaign, campaignStatus: 'on'});
    same([updated.id, updated.campaignStatus, updated.version], [campaign.id, 'on', 2], 'updated');
  };

  S.deleteOutboundCampaign = async () => {
    const created = await filledList(1);
    const campaign = await newCampaign(created.id);
    await target('OutboundApi', 'deleteOutboundCampaign', campaign.id);
    await assertGone('OutboundApi', 'getOutboundCampaign', campaign.id);
    await call('OutboundApi', 'deleteOutboundContactlist', created.id);  // no campaign names it now
  };

  S.postOutboundCampaignStart = async () => {
    const created = await filledList(1);
    const campaign = await newCampaign(created.id);
    await target('OutboundApi', 'postOutboundCampaignStart', campaign.id);
    same((await call('OutboundApi', 'getOutboundCampaign', campaign.id)).campaignStatus, 'on', 'status');
  };

  S.postOutboundCampaignStop = async () => {
    const created = await filledList(1);
    const campaign = await newCampaign(created.id);
    await call('OutboundApi', 'postOutboundCampaignStart', campaign.id);
    await target('OutboundApi', 'postOutboundCampaignStop', campaign.id);
    same((await call('OutboundApi', 'getOutboundCampaign', campaign.id)).campaignStatus, 'stopping', 'status');
    await advanceClock(5);
    same((await call('OutboundApi', 'getOutboundCampaign', campaign.id)).campaignStatus, 'off', 'status later');
  };

  S.getOutboundCampaignProgress = async () => {
    const created = await filledList(10);
    const campaign = await newCampaign(created.id);
    const progress = await target('OutboundApi', 'getOutboundCampaignProgress', campaign.id);
    same([progress.campaign.id, progress.totalNumberOfContacts, progress.numberOfContactsSkipped],
      [campaign.id, 10, {DNC: 0}], 'progress');
  };

  S.postOutboundCampaignsProgress = async () => {
    const created = await filledList(3);
    const ids = [(await newCampaign(created.id)).id, (await newCampaign(created.id)).id];
    const found = await target('OutboundApi', 'postOutboundCampaignsProgress', ids);
    same(found.map((p) => [p.campaign.id, p.totalNumberOfContacts]), ids.map((id) => [id, 3]), 'progress');
  };

  S.getOutboundCampaignStats = async () => {
    const created = await filledList(8);
    const saved = await newFilter(created.id);
    const campaign = await newCampaign(created.id, {contactListFilters: [{id: saved.id}]});
    const stats = await target('OutboundApi', 'getOutboundCampaignStats', campaign.id);
    same(stats.filteredOutContactsCount, 6, 'filtered out (8 contacts, 2 gold)');
  };
};
