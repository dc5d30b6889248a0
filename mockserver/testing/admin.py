"""Typed helpers over the admin API (``/__mock/...``) of a running mock, scoped to one tenant.

Every call sends ``X-Mock-Tenant`` when a tenant is set, so two tests (or two pytest-xdist workers) sharing one
server never see each other's contact lists, faults or journal. Errors raise :class:`MockAdminError` carrying the
mock's ErrorBody, so a failing helper says what the mock objected to.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx

from mockserver.core.tenants import TENANT_HEADER
from mockserver.settings import DEFAULT_CLIENT as _CLIENT
from mockserver.settings import DEFAULT_USER as _USER

DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET = _CLIENT.client_id, _CLIENT.client_secret
DEFAULT_USER, DEFAULT_PASSWORD = _USER.username, _USER.password


class MockAdminError(RuntimeError):
    """An admin call answered with an error; ``body`` is the mock's ErrorBody (or the raw text)."""

    def __init__(self, response: httpx.Response) -> None:
        try:
            self.body: Any = response.json()
        except ValueError:
            self.body = response.text
        self.status = response.status_code
        super().__init__(f"{response.request.method} {response.request.url.path} -> {self.status}: {self.body}")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def fault_body(method: str = "*", path: str = "*", **effects: Any) -> dict[str, Any]:
    """The ``POST /__mock/faults`` body for snake_case keywords (``retry_after=5`` -> ``retryAfter``)."""
    return {"method": method, "path": path, **{_camel(k): v for k, v in effects.items() if v is not None}}


class MockAdmin:
    """``reset()``, faults, the request journal, state and tokens of one tenant of the mock at ``url``."""

    def __init__(self, url: str, *, tenant: str | None = None, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.tenant = tenant
        self.client_id, self.client_secret = DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET  # see bind_credentials
        self.headers: dict[str, str] = {TENANT_HEADER: tenant} if tenant else {}  # empty: the default tenant
        # trust_env=False: a proxy variable must never capture calls to 127.0.0.1.
        self.http = httpx.Client(base_url=self.url, headers=self.headers, trust_env=False, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> MockAdmin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.http.request(method, path, **kwargs)
        if response.status_code >= 400:
            raise MockAdminError(response)
        return response

    # --- state --------------------------------------------------------------------------------------------------

    def reset(self, *, tokens: bool = False) -> dict[str, Any]:
        """Reset this tenant (every tenant when none is set): area state, rate windows, faults and journal."""
        return self._call("POST", "/__mock/reset", params={"tokens": "true" if tokens else "false"}).json()

    def delete_tenant(self) -> None:
        """Forget this tenant on the server (``DELETE /__mock/tenants/{name}``); nothing to do without one."""
        if self.tenant is None:
            return
        response = self.http.request("DELETE", f"/__mock/tenants/{self.tenant}")
        if response.status_code not in (204, 404):  # 404: the test never used its tenant, nothing to free
            raise MockAdminError(response)

    def bind_credentials(self) -> tuple[str, str]:
        """Fetch this tenant's own OAuth client (``POST /__mock/tenants/{name}/credentials``, which creates the
        tenant) and use it from now on: its tokens land in the tenant even without ``X-Mock-Tenant``, so code under
        test with its own HTTP client is isolated too. Returns ``(client_id, client_secret)``."""
        if self.tenant is None:
            return self.client_id, self.client_secret
        body = self._call("POST", f"/__mock/tenants/{self.tenant}/credentials").json()
        self.client_id, self.client_secret = body["clientId"], body["clientSecret"]
        return self.client_id, self.client_secret

    def state(self) -> dict[str, Any]:
        """The tenant's state snapshot (``GET /__mock/state``)."""
        return self._call("GET", "/__mock/state").json()

    def put_state(self, snapshot: dict[str, Any]) -> None:
        self._call("PUT", "/__mock/state", json=snapshot)

    # --- faults -------------------------------------------------------------------------------------------------

    def add_fault(self, method: str = "*", path: str = "*", **effects: Any) -> dict[str, Any]:
        """Inject a fault; ``effects`` in snake_case (``status``, ``code``, ``times``, ``retry_after``,
        ``latency_ms``, ``drop``, ``probability``, ``token``). Returns the fault with its ``id``."""
        return self._call("POST", "/__mock/faults", json=fault_body(method, path, **effects)).json()

    def faults(self) -> list[dict[str, Any]]:
        return self._call("GET", "/__mock/faults").json()["entities"]

    def remove_fault(self, fault_id: str) -> None:
        self._call("DELETE", f"/__mock/faults/{fault_id}")

    def clear_faults(self) -> None:
        self._call("DELETE", "/__mock/faults")

    # --- request journal ----------------------------------------------------------------------------------------

    def requests(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        correlation_id: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Journal entries (oldest first) matching the filters; ``path`` is a glob."""
        params = {"method": method, "path": path, "status": status, "correlationId": correlation_id, "limit": limit}
        query = {k: v for k, v in params.items() if v is not None}
        return self._call("GET", "/__mock/requests", params=query).json()["entities"]

    def request(self, correlation_id: str) -> dict[str, Any]:
        return self._call("GET", f"/__mock/requests/{correlation_id}").json()

    def verify(self, *, method: str | None = None, path: str | None = None, status: int | None = None) -> int:
        """How many journalled requests match (``POST /__mock/requests/verify``)."""
        body = {k: v for k, v in {"method": method, "path": path, "status": status}.items() if v is not None}
        return int(self._call("POST", "/__mock/requests/verify", json=body).json()["count"])

    def clear_requests(self) -> None:
        self._call("DELETE", "/__mock/requests")

    def bundle(self, correlation_id: str | None = None, *, last: int | None = None) -> bytes:
        """A bug-report bundle (zip bytes) for one exchange or the last ``last`` ones."""
        if correlation_id is not None:
            return self._call("GET", f"/__mock/bundle/{correlation_id}").content
        return self._call("GET", "/__mock/bundle", params={"last": last or 1}).content

    # --- tokens -------------------------------------------------------------------------------------------------

    def token(self, *, user: bool = False, client_id: str | None = None, client_secret: str | None = None) -> str:
        """A bearer token of this admin's client (the built-in one unless :meth:`bind_credentials` was called);
        ``user=True`` uses the password grant (call routes need it)."""
        client_id, client_secret = client_id or self.client_id, client_secret or self.client_secret
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")
        form = (
            {"grant_type": "password", "username": DEFAULT_USER, "password": DEFAULT_PASSWORD}
            if user
            else {"grant_type": "client_credentials"}
        )
        response = self._call("POST", "/oauth/token", data=form, headers={"Authorization": f"Basic {basic}"})
        return response.json()["access_token"]

    def api(self, *, user: bool = False) -> httpx.Client:
        """A raw httpx client for the API with a bearer token and the tenant header; close it (or use ``with``)."""
        headers = {"Authorization": f"Bearer {self.token(user=user)}", **self.headers}
        return httpx.Client(base_url=self.url, headers=headers, trust_env=False, timeout=self.http.timeout)
