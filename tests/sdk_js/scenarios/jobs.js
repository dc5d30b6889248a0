'use strict';
/* Scenarios of presigned uploads and bulk contact jobs (issue 16), registered by driver.js. The mock's clock is
 * frozen: a job moves when the scenario advances it (1000 contacts per second by default). */

const crypto = require('crypto');

const GOOD = 'firstName,phone,email\nBea,+13175550111,bea@example.com\nCy,+13175550112,cy@example.com\n';

const criteria = (value) => ({filterType: 'AND', clauses: [{filterType: 'AND', predicates: [{column: 'firstName',
  columnType: 'alphabetic', operator: 'EQUALS', value}]}]});

module.exports = function register(S, h) {
  const {call, target, expect, same, unique, contactData, newList, addContacts, advanceClock, mockFetch} = h;

  S.postOutboundContactlistsUploads = async () => {
    const created = await newList();
    const answer = await target('OutboundApi', 'postOutboundContactlistsUploads',
      {contentType: 'text/csv', id: created.id, signedUrlTimeoutSeconds: 300});
    same(answer.headers, {'Content-Type': 'text/csv'}, 'headers to send');
    expect((answer.uploadKey || '').includes(created.id), `uploadKey ${answer.uploadKey} names the list`);
    // The file goes to the URL as a user's code sends it to S3: a plain PUT with the returned headers, no token.
    const put = await mockFetch(answer.url, {method: 'PUT', headers: answer.headers, body: GOOD});
    same(put.status, 200, 'PUT to the presigned URL');
    same(put.headers.get('etag'), `"${crypto.createHash('md5').update(GOOD).digest('hex')}"`, 'ETag');
    const status = await h.waitForImport(created.id);
    same([status.state, status.totalRecords, status.completedRecords], ['IN_PROGRESS', 2, 2], 'import status');
  };

  S.postOutboundDnclistsUploads = async () => {
    const dnc = await call('OutboundApi', 'postOutboundDnclists',
      {name: unique('js-dnc'), dncSourceType: 'rds', contactMethod: 'Phone'});
    const answer = await target('OutboundApi', 'postOutboundDnclistsUploads',
      {contentType: 'text/csv', id: dnc.id, phoneColumns: 'phone'});
    expect((answer.uploadKey || '').startsWith(`dnclist/${dnc.id}/`) && answer.url,
      `uploadKey ${answer.uploadKey} and url`);
  };

  S.postOutboundContactlistContactsBulkRemove = async () => {
    const created = await newList();
    await addContacts(created.id, 3);
    const job = await target('OutboundApi', 'postOutboundContactlistContactsBulkRemove', created.id,
      {criteria: criteria(contactData(1).firstName)});
    same([job.state, job.type, job.totalRecords, job.completedRecords], ['InProgress', 'BulkDelete', 1, 0], 'job');
    await advanceClock(1);
    const done = await call('OutboundApi', 'getOutboundContactlistContactsBulkJob', created.id, job.id);
    same([done.state, done.completedRecords, done.percentComplete], ['Complete', 1, 100], 'job done');
    expect(done.downloadURI, 'a backup of the removed contact (generateDownloadURI defaults to true)');
    same((await call('OutboundApi', 'getOutboundContactlist', created.id, {includeSize: true})).size, 2, 'size');
  };

  S.postOutboundContactlistContactsBulkUpdate = async () => {
    const created = await newList();
    const added = await addContacts(created.id, 3);
    const job = await target('OutboundApi', 'postOutboundContactlistContactsBulkUpdate', created.id,
      {contactIds: [added[0].id, added[2].id], contact: {data: {firstName: 'Patched'}}, generateDownloadURI: false});
    same([job.type, job.totalRecords], ['BulkEdit', 2], 'job');
    await advanceClock(1);
    const page = await call('OutboundApi', 'postOutboundContactlistContactsSearch', created.id,
      {pageNumber: 1, pageSize: 10});
    same(page.entities.map((c) => c.data.firstName).sort(), ['Ann1', 'Patched', 'Patched'], 'edited contacts');
  };

  S.getOutboundContactlistContactsBulkJobs = async () => {
    const created = await newList();
    const [first] = await addContacts(created.id, 2);
    const jobs = [];
    for (const name of ['One', 'Two']) {
      jobs.push((await call('OutboundApi', 'postOutboundContactlistContactsBulkUpdate', created.id,
        {contactIds: [first.id], contact: {data: {firstName: name}}})).id);
    }
    const listing = await target('OutboundApi', 'getOutboundContactlistContactsBulkJobs', created.id);
    same([listing.total, listing.entities.map((j) => j.id)], [2, jobs.reverse()], 'jobs, newest first');
  };

  S.getOutboundContactlistContactsBulkJob = async () => {
    const created = await newList();
    const job = await call('OutboundApi', 'postOutboundContactlistContactsBulkRemove', created.id,
      {criteria: criteria('nobody'), generateDownloadURI: false});
    const found = await target('OutboundApi', 'getOutboundContactlistContactsBulkJob', created.id, job.id);
    same([found.id, found.state, found.totalRecords, found.percentComplete], [job.id, 'Complete', 0, 100], 'job');
    expect((found.selfUri || '').endsWith(`/contacts/bulk/jobs/${job.id}`), `selfUri ${found.selfUri}`);
  };
};
