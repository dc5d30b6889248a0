'use strict';
/* Scenarios of notes (of contacts and of organizations), relationships and their bulk routes (issue 16, items 10
 * and 11), registered by driver.js. */

const AUTHOR_ID = '8d7c2d0e-4d4c-4a7c-9b8e-000000000001';
const author = () => ({id: AUTHOR_ID, version: 1});
const noteBody = (text, extra = {}) => ({noteText: text, createdBy: author(), ...extra});

module.exports = function register(S, h) {
  const {call, target, expect, same, unique, assertGone, newExternalContact, newOrg, ids} = h;

  /** A new contact's or organization's id. */
  const newParent = async (owner) => (owner === 'Contact' ? await newExternalContact() : await newOrg()).id;

  async function addNote(owner, parent, text = 'called back') {
    const note = await call('ExternalContactsApi', `postExternalcontacts${owner}Notes`, parent, noteBody(text));
    same([note.noteText, note.entityId, note.createdBy && note.createdBy.id], [text, parent, AUTHOR_ID],
      `postExternalcontacts${owner}Notes: fields`);
    expect(note.id, 'note id');
    return note;
  }

  for (const owner of ['Contact', 'Organization']) {
    S[`postExternalcontacts${owner}Notes`] = async () => {
      await addNote(owner, await newParent(owner));
      h.markTarget();
    };

    S[`getExternalcontacts${owner}Notes`] = async () => {
      const parent = await newParent(owner);
      for (const i of [0, 1, 2]) await addNote(owner, parent, `note ${i}`);
      const page = await target('ExternalContactsApi', `getExternalcontacts${owner}Notes`, parent,
        {pageSize: 2, sortOrder: 'createDate:desc'});
      same([page.total, page.entities.map((n) => n.noteText)], [3, ['note 2', 'note 1']], 'newest first');
    };

    S[`getExternalcontacts${owner}Note`] = async () => {
      const parent = await newParent(owner);
      const note = await addNote(owner, parent);
      const found = await target('ExternalContactsApi', `getExternalcontacts${owner}Note`, parent, note.id);
      same([found.id, found.noteText, found.createdBy.id], [note.id, 'called back', AUTHOR_ID], 'note');
    };

    S[`putExternalcontacts${owner}Note`] = async () => {
      const parent = await newParent(owner);
      const note = await addNote(owner, parent);
      const updated = await target('ExternalContactsApi', `putExternalcontacts${owner}Note`, parent, note.id,
        noteBody('rewritten'));
      same([updated.id, updated.noteText, updated.entityId], [note.id, 'rewritten', parent], 'updated');
    };

    S[`patchExternalcontacts${owner}Note`] = async () => {
      const parent = await newParent(owner);
      const note = await addNote(owner, parent);
      const patched = await target('ExternalContactsApi', `patchExternalcontacts${owner}Note`, parent, note.id,
        {changes: [{field: '$.noteText', value: 'patched', action: 'Update'}]});
      same([patched.id, patched.noteText], [note.id, 'patched'], 'patched');
    };

    S[`deleteExternalcontacts${owner}Note`] = async () => {
      const parent = await newParent(owner);
      const note = await addNote(owner, parent);
      same(await target('ExternalContactsApi', `deleteExternalcontacts${owner}Note`, parent, note.id), {},
        'delete answer');
      await assertGone('ExternalContactsApi', `getExternalcontacts${owner}Note`, parent, note.id);
    };
  }

  // --- relationships -------------------------------------------------------------------------------------------

  const relationshipBody = (org, kind) => ({relationship: kind, user: author(),
    externalOrganization: {id: org.id, name: org.name}});

  async function newRelationship(org, kind = 'supplier') {
    const made = await call('ExternalContactsApi', 'postExternalcontactsRelationships', relationshipBody(org, kind));
    same([made.relationship, made.externalOrganization.id, made.user.id], [kind, org.id, AUTHOR_ID],
      'postExternalcontactsRelationships: fields');
    expect(made.id, 'relationship id');
    return made;
  }

  S.postExternalcontactsRelationships = async () => {
    await newRelationship(await newOrg());
    h.markTarget();
  };

  S.getExternalcontactsRelationship = async () => {
    const made = await newRelationship(await newOrg());
    const found = await target('ExternalContactsApi', 'getExternalcontactsRelationship', made.id);
    same([found.id, found.relationship], [made.id, 'supplier'], 'relationship');
  };

  S.putExternalcontactsRelationship = async () => {
    const made = await newRelationship(await newOrg());
    const updated = await target('ExternalContactsApi', 'putExternalcontactsRelationship', made.id,
      {...made, relationship: 'partner'});
    same([updated.id, updated.relationship], [made.id, 'partner'], 'updated');
  };

  S.patchExternalcontactsRelationship = async () => {
    const made = await newRelationship(await newOrg());
    const patched = await target('ExternalContactsApi', 'patchExternalcontactsRelationship', made.id,
      {changes: [{field: '$.relationship', value: 'ally', action: 'Update'}]});
    same([patched.id, patched.relationship], [made.id, 'ally'], 'patched');
  };

  S.deleteExternalcontactsRelationship = async () => {
    const made = await newRelationship(await newOrg());
    same(await target('ExternalContactsApi', 'deleteExternalcontactsRelationship', made.id), {}, 'delete answer');
    await assertGone('ExternalContactsApi', 'getExternalcontactsRelationship', made.id);
  };

  S.getExternalcontactsOrganizationRelationships = async () => {
    const org = await newOrg();
    for (const kind of ['supplier', 'advisor']) await newRelationship(org, kind);
    const page = await target('ExternalContactsApi', 'getExternalcontactsOrganizationRelationships', org.id,
      {sortOrder: 'relationship:asc'});
    same([page.total, page.entities.map((r) => r.relationship)], [2, ['advisor', 'supplier']], 'sorted');
  };

  // --- bulk: notes and relationships ---------------------------------------------------------------------------

  S.postExternalcontactsBulkNotes = async () => {
    const contact = await newExternalContact();
    const note = await addNote('Contact', contact.id);
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkNotes', ids(note.id, 'missing'));
    same([answer.errorCount, answer.errorIndexes, answer.results[0].entity.noteText],
      [1, [1], 'called back'], 'one found, one missing');
  };

  S.postExternalcontactsBulkNotesAdd = async () => {
    const contact = await newExternalContact();
    const text = unique('n');
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkNotesAdd',
      {entities: [noteBody(text, {entityType: 'contact', entityId: contact.id}), noteBody('orphan')]});
    same([answer.errorCount, answer.errorIndexes, answer.results[0].entity.entityId, answer.results[0].entity.noteText],
      [1, [1], contact.id, text], 'one added, the orphan refused');
  };

  S.postExternalcontactsBulkNotesUpdate = async () => {
    const contact = await newExternalContact();
    const note = await addNote('Contact', contact.id);
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkNotesUpdate',
      {entities: [{...note, noteText: 'bulk edited'}]});
    same([answer.errorCount, answer.results[0].entity.id, answer.results[0].entity.noteText],
      [0, note.id, 'bulk edited'], 'updated');
  };

  S.postExternalcontactsBulkNotesRemove = async () => {
    const contact = await newExternalContact();
    const note = await addNote('Contact', contact.id);
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkNotesRemove', ids(note.id));
    same([answer.errorCount, answer.results[0].id], [0, note.id], 'removed');
    await assertGone('ExternalContactsApi', 'getExternalcontactsContactNote', contact.id, note.id);
  };

  S.postExternalcontactsBulkRelationships = async () => {
    const made = await newRelationship(await newOrg());
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkRelationships', ids(made.id));
    same([answer.errorCount, answer.results[0].entity.id, answer.results[0].entity.relationship],
      [0, made.id, 'supplier'], 'found');
  };

  S.postExternalcontactsBulkRelationshipsAdd = async () => {
    const org = await newOrg();
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkRelationshipsAdd',
      {entities: [relationshipBody(org, 'owner')]});
    same([answer.errorCount, answer.results[0].entity.externalOrganization.id, answer.results[0].entity.relationship],
      [0, org.id, 'owner'], 'added');
  };

  S.postExternalcontactsBulkRelationshipsUpdate = async () => {
    const made = await newRelationship(await newOrg());
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkRelationshipsUpdate',
      {entities: [{...made, relationship: 'buyer'}]});
    same([answer.errorCount, answer.results[0].entity.id, answer.results[0].entity.relationship],
      [0, made.id, 'buyer'], 'updated');
  };

  S.postExternalcontactsBulkRelationshipsRemove = async () => {
    const made = await newRelationship(await newOrg());
    const answer = await target('ExternalContactsApi', 'postExternalcontactsBulkRelationshipsRemove', ids(made.id));
    same([answer.errorCount, answer.results[0].id], [0, made.id], 'removed');
    await assertGone('ExternalContactsApi', 'getExternalcontactsRelationship', made.id);
  };
};
