"""The reference client: the correct way to call the Genesys Cloud endpoints the mock emulates.

It works unchanged against the mock (one base URL) and a real org (a region: ``login.``/``api.``/``apps.`` hosts),
and fixes what the seed tutorials get wrong (facts §11): real request shapes from ``contracts``, 200 on creates,
contacts added in batches of at most 1000, CSV upload on the apps host followed by polling ``importstatus``,
flat ``ErrorBody`` errors, ``Retry-After`` honoured.

    from clients.genesys_client import GenesysClient

    with GenesysClient.from_env(base_url="http://127.0.0.1:8080") as client:
        for contact_list in client.outbound.iter_contact_lists():
            print(contact_list.id, contact_list.name)

Every error answer raises :class:`GenesysApiError`; ``str(err)`` is a one-line summary for a bug report.
The command line is ``genesys-client`` (:mod:`clients.genesys_client.cli`).
"""

from clients.genesys_client.auth import OAuthToken, StaticToken
from clients.genesys_client.client import GenesysClient
from clients.genesys_client.config import ClientConfig, ConfigError, Hosts
from clients.genesys_client.csvimport import ImportReport, import_csv, upload_file
from clients.genesys_client.csvtools import batches, contact_list_from_header, prepare_csv
from clients.genesys_client.errors import GenesysApiError
from clients.genesys_client.paging import Pages
from clients.genesys_client.phones import PhoneNumberError, PhoneProblem, to_e164
from clients.genesys_client.transport import RetryPolicy
from clients.genesys_client.uploads import ImportTimeout, is_finished

__all__ = [
    "ClientConfig",
    "ConfigError",
    "GenesysApiError",
    "GenesysClient",
    "Hosts",
    "ImportReport",
    "ImportTimeout",
    "OAuthToken",
    "Pages",
    "PhoneNumberError",
    "PhoneProblem",
    "RetryPolicy",
    "StaticToken",
    "batches",
    "contact_list_from_header",
    "import_csv",
    "is_finished",
    "prepare_csv",
    "to_e164",
    "upload_file",
]
