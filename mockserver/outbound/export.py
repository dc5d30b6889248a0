"""Contact-list export: ``POST/GET …/{id}/export`` and the download the export URI points to (facts §5.1, §5.4, §7.3).

The real org builds the file asynchronously and hands out a presigned URL on another host. The mock really writes
the CSV at once (so ``GET …/export`` right after the POST already has a URI) and serves it itself at
``/downloads/{exportId}``: a client that follows the URI with a plain HTTP GET, without the bearer token, works as
it does against the presigned URL. That GET carries no ``X-Mock-Tenant`` either, so the URI of a tenant other than
the default one names it (``?tenant=NAME``, as ``/__mock/reset`` does). Like a presigned URL, the link itself is the
key: the export id is a random UUID, so no other tenant can find the file without having been handed the link.
"""

from __future__ import annotations

import csv
import io
import uuid
from typing import Iterable, Iterator

from contracts.common import DomainEntityRef
from contracts.outbound import ContactList, ContactsExportRequest, ExportUri
from mockserver.core.context import tenant, tenants
from mockserver.core.errors import ApiError, not_found
from mockserver.core.tenants import DEFAULT_TENANT
from mockserver.outbound import state
from mockserver.outbound.contacts import contact_test, filter_criteria
from mockserver.outbound.dnc_effect import CampaignView, campaign_view
from mockserver.outbound.state import CONTACT_LISTS_PATH, ExportFile, StoredContact, clock

ID_COLUMN = "inin-outbound-id"
"""First column of every export: the contact id (facts §7.3). Upload the file back with ``contact-id-name`` set to
it and the contacts are updated in place rather than duplicated."""

DOWNLOADS_PATH = "/downloads"


def start_export(list_id: str, body: ContactsExportRequest | None = None) -> DomainEntityRef:
    """Write the list's CSV now and make it the list's latest export.

    The optional ``ContactsExportRequest`` narrows the file down (vendor-sdk-docs/ContactsExportRequest.md):
    ``contactIds`` to those contacts (ids the list does not hold are skipped; an empty list means none was given)
    and ``criteria`` to the contacts it matches, evaluated as ``…/contacts/search`` does; a contact must pass both.

    Only the latest export of a list is kept (the previous file's URI then answers 404, as an expired presigned
    URL would), so repeated exports of a large list do not pile up in memory. ``selfUri`` points at the route that
    hands out the export's URI, the only place the export can be looked at.
    """
    saved = filter_criteria(list_id, body.contact_list_filter_id if body else None)
    contact_list = state.require_list(list_id).contact_list
    wanted = set(body.contact_ids) if body is not None and body.contact_ids else None
    test = contact_test(contact_list, body.criteria) if body is not None and body.criteria is not None else None
    saved_test = contact_test(contact_list, saved, "contactListFilterId") if saved is not None else None
    shown = campaign_view(list_id)

    def contacts() -> Iterator[list[StoredContact]]:
        """The contacts to write, read batch by batch (the whole list is never in memory at once)."""
        for batch in state.contact_batches(list_id):
            if wanted is not None:
                batch = [contact for contact in batch if contact.id in wanted]
            if test is not None:
                batch = [contact for contact in batch if test(contact.data)]
            if saved_test is not None:
                batch = [contact for contact in batch if saved_test(contact.data)]
            yield batch

    export = ExportFile(
        id=str(uuid.uuid4()),
        contact_list_id=list_id,
        content=render_csv(contact_list, contacts(), shown),
        created=clock().now(),
    )
    state.save_export(export)  # 404 when the list was deleted meanwhile
    return DomainEntityRef(id=export.id, self_uri=f"{CONTACT_LISTS_PATH}/{list_id}/export")


def render_csv(
    contact_list: ContactList, batches: Iterable[list[StoredContact]], dialer: CampaignView | None = None
) -> bytes:
    """``inin-outbound-id`` then the list's ``columnNames``, one row per contact (RFC 4180, CRLF, UTF-8).

    The real export appends more system columns (``ContactCallable``, call records…, facts §7.3, conf L); the mock
    writes only the ones it can fill truthfully: when a campaign dials the list, ``ContactCallable`` (1 when some
    phone number may be dialled: the contact's own flag and no DNC list of the campaigns holds every number) and
    ``Callable-<column>`` per phone column (0 for a number on a DNC list), from ``dialer`` (campaigns.py).
    """
    columns = contact_list.column_names
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    writer = csv.writer(text)
    extra = dialer.export_columns() if dialer is not None else []
    writer.writerow([ID_COLUMN, *columns, *extra])
    for batch in batches:
        if dialer is None:
            writer.writerows(_row(contact, columns) for contact in batch)
        else:
            writer.writerows([*_row(contact, columns), *dialer.export_values(contact)] for contact in batch)
    text.flush()
    content = buffer.getvalue()
    text.close()
    return content


def _row(contact: StoredContact, columns: list[str]) -> list[str]:
    data = contact.data
    return [contact.id, *(data.get(column, "") for column in columns)]


def export_uri(list_id: str, host_url: str) -> ExportUri:
    """The absolute URI of the list's latest export, or the real 404 when there is none (facts §5.4)."""
    export = state.latest_export(list_id)
    if export is None:
        raise ApiError(
            404,
            "no.available.list.export.uri",
            "There is no available export URI for contact list [{contactListId}].",
            {"contactListId": list_id},
            entity_id=list_id,
        )
    return ExportUri(uri=download_uri(export.id, host_url), export_timestamp=export.created)


def download_uri(export_id: str, host_url: str) -> str:
    """Where an export file (or a bulk job's backup) is downloaded, naming the tenant unless it is the default."""
    name = tenant().name  # tenant names are URL-safe (A-Z a-z 0-9 _ . -)
    query = "" if name == DEFAULT_TENANT else f"?tenant={name}"
    return f"{host_url.rstrip('/')}{DOWNLOADS_PATH}/{export_id}{query}"


def export_file(export_id: str, tenant_name: str | None = None) -> ExportFile:
    """The file behind a download URI, in the tenant the URI names (else the request's); 404 ``not.found`` once it
    is gone (replaced by a newer export or reset) or when there is no such tenant (none is created)."""
    owner = tenants().find(tenant_name) if tenant_name is not None else tenant()
    export = state.find_export(export_id, owner.state) if owner is not None else None
    if export is None:
        raise not_found(export_id)
    return export
