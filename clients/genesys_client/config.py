"""Where the client connects and with which credentials.

A Genesys Cloud org lives in one region and is reached on three hosts derived from it (facts §0.2): ``api.<env>``
for the Platform API, ``login.<env>`` for ``/oauth/token`` and ``apps.<env>`` for the CSV upload. The SDKs derive
the login host by replacing ``api.`` with ``login.``; the upload host replaces ``api`` with ``apps``. The mock
serves all three on one port, hence the single-base-URL mode.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit

ENV_CLIENT_ID = "GENESYS_CLIENT_ID"
ENV_CLIENT_SECRET = "GENESYS_CLIENT_SECRET"
ENV_REGION = "GENESYS_REGION"
ENV_BASE_URL = "GENESYS_BASE_URL"

# The official SDK's region names (PureCloudRegionHosts) -> environment; the environment itself is accepted too.
REGION_ALIASES: dict[str, str] = {
    "us_east_1": "mypurecloud.com",
    "eu_west_1": "mypurecloud.ie",
    "ap_southeast_2": "mypurecloud.com.au",
    "ap_northeast_1": "mypurecloud.jp",
    "eu_central_1": "mypurecloud.de",
    "us_west_2": "usw2.pure.cloud",
    "ca_central_1": "cac1.pure.cloud",
    "ap_northeast_2": "apne2.pure.cloud",
    "eu_west_2": "euw2.pure.cloud",
    "ap_south_1": "aps1.pure.cloud",
    "us_east_2": "use2.us-gov-pure.cloud",
    "sa_east_1": "sae1.pure.cloud",
    "me_central_1": "mec1.pure.cloud",
    "ap_northeast_3": "apne3.pure.cloud",
    "eu_central_2": "euc2.pure.cloud",
    "mx_central_1": "mxc1.pure.cloud",
    "ap_southeast_1": "apse1.pure.cloud",
    "eusc_de_east_1": "edee1.eusc-pure.cloud",
}


class ConfigError(ValueError):
    """The configuration cannot work (no credentials, no region, malformed URL); worded for the command line."""


@dataclass(frozen=True)
class Hosts:
    """Base URLs (scheme + host [+ port], no trailing slash) of the three hosts a client talks to."""

    api: str
    login: str
    apps: str

    @classmethod
    def for_region(cls, region: str) -> Hosts:
        """Hosts of a region given as ``mypurecloud.ie``, ``eu_west_1``, ``api.mypurecloud.ie`` or a full URL."""
        env = region_environment(region)
        return cls(api=f"https://api.{env}", login=f"https://login.{env}", apps=f"https://apps.{env}")

    @classmethod
    def single(cls, base_url: str) -> Hosts:
        """All three hosts on one URL, as the mock serves them."""
        url = base_url.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"base URL must look like http://127.0.0.1:8080, not {base_url!r}")
        return cls(api=url, login=url, apps=url)


def region_environment(region: str) -> str:
    """The environment (``mypurecloud.ie``) of a region spelled any of the accepted ways."""
    value = region.strip().lower()
    if not value:
        raise ConfigError("region is empty")
    if "://" in value:
        value = urlsplit(value).netloc
    value = value.rstrip("/")
    value = REGION_ALIASES.get(value.replace("-", "_"), value)
    for prefix in ("api.", "login.", "apps."):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    if "." not in value:
        known = ", ".join(sorted(REGION_ALIASES))
        raise ConfigError(
            f"unknown region {region!r}: give its environment (mypurecloud.com, usw2.pure.cloud, ...) or one of {known}"
        )
    return value


@dataclass(frozen=True)
class ClientConfig:
    """Hosts plus client credentials; ``user_*`` optionally give the user context that call routes need.

    ``user_token`` is a token obtained elsewhere (e.g. an implicit-grant login); ``username``/``password`` use the
    password grant, which the mock offers and real orgs offer only to OAuth clients configured for it.
    ``extra_headers`` go with every request, token requests included: the pytest plugin sends the mock's
    ``X-Mock-Tenant`` this way. They are never redacted, so keep secrets out of them.
    """

    hosts: Hosts
    client_id: str
    client_secret: str = field(repr=False)
    user_token: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    extra_headers: Mapping[str, str] = field(default_factory=dict, hash=False)

    @property
    def is_single_host(self) -> bool:
        return self.hosts.api == self.hosts.login == self.hosts.apps

    @classmethod
    def build(
        cls,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        region: str | None = None,
        base_url: str | None = None,
        user_token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> ClientConfig:
        """Arguments first, then ``GENESYS_*`` variables. A base URL (argument or variable) wins over a region,
        because pointing a configured shell at the mock must not need the region variable unset."""
        env = os.environ if environ is None else environ
        client_id = client_id or env.get(ENV_CLIENT_ID)
        client_secret = client_secret or env.get(ENV_CLIENT_SECRET)
        missing = [
            name for name, value in ((ENV_CLIENT_ID, client_id), (ENV_CLIENT_SECRET, client_secret)) if not value
        ]
        if missing:
            raise ConfigError(f"missing credentials: pass them as options or set {' and '.join(missing)}")
        base_url = base_url or (None if region else env.get(ENV_BASE_URL))
        region = region or env.get(ENV_REGION)
        if base_url:
            hosts = Hosts.single(base_url)
        elif region:
            hosts = Hosts.for_region(region)
        else:
            raise ConfigError(f"no target: pass a region or a base URL, or set {ENV_REGION} or {ENV_BASE_URL}")
        assert client_id and client_secret
        return cls(
            hosts=hosts,
            client_id=client_id,
            client_secret=client_secret,
            user_token=user_token,
            username=username,
            password=password,
            extra_headers=dict(extra_headers or {}),
        )
