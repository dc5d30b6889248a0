"""The plugin's fixtures, run by pytester exactly as in a user's project (entry point, no conftest)."""

from __future__ import annotations

import pytest

TWO_TESTS_SHARING_A_NAME = """
def _create_and_count(genesys_client):
    assert genesys_client.outbound.list_contact_lists().total == 0
    genesys_client.outbound.create_contact_list(
        {"name": "Same name", "columnNames": ["phone"], "phoneColumns": [{"columnName": "phone", "type": "cell"}]})
    assert genesys_client.outbound.list_contact_lists().total == 1

def test_one(genesys_client):
    _create_and_count(genesys_client)

def test_two(genesys_client):
    _create_and_count(genesys_client)
"""


def test_each_test_gets_a_tenant_of_its_own(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        TWO_TESTS_SHARING_A_NAME
        + """
seen = []

def test_tenants_differ_and_match_the_header(genesys_mock_server):
    seen.append(genesys_mock_server.tenant)
    assert genesys_mock_server.tenant.startswith("pytest-test_tenants_differ")
    assert genesys_mock_server.headers == {"X-Mock-Tenant": genesys_mock_server.tenant}

def test_earlier_tenants_were_deleted_at_teardown(genesys_mock_server):
    import httpx
    names = {t["name"] for t in httpx.get(genesys_mock_server.url + "/__mock/tenants").json()["entities"]}
    assert not any(name.startswith(("pytest-test_one", "pytest-test_two")) for name in names), names
"""
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)


def test_reset_isolation_resets_the_whole_server_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        TWO_TESTS_SHARING_A_NAME
        + """
def test_no_tenant_in_reset_mode(genesys_mock_server):
    assert genesys_mock_server.tenant is None and genesys_mock_server.headers == {}
"""
    )
    pytester.runpytest("-p", "no:cacheprovider", "--genesys-mock-isolation=reset").assert_outcomes(passed=3)


def test_the_isolation_can_be_set_in_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ngenesys_mock_isolation = reset\n")
    pytester.makepyfile("""
def test_mode(genesys_mock_server):
    assert genesys_mock_server.tenant is None
""")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_an_unknown_isolation_mode_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ngenesys_mock_isolation = shared\n")
    pytester.makepyfile("def test_mode(genesys_mock_server):\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*genesys_mock_isolation must be one of tenant, reset, not 'shared'*"])
    assert result.ret != 0


def test_the_client_talks_to_its_own_tenant_only(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
from mockserver.testing import MockAdmin

def test_journal(genesys_client, genesys_mock_server):
    genesys_client.outbound.list_contact_lists()
    mine = genesys_mock_server.admin.requests(path="/api/v2/outbound/*")
    assert [(e["method"], e["tenant"]) for e in mine] == [("GET", genesys_mock_server.tenant)]
    # Named: while a test runs, a request that names no tenant lands in the test's own.
    with MockAdmin(genesys_mock_server.url, tenant="default") as default_tenant:
        assert default_tenant.requests(path="/api/v2/outbound/*") == []
""")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


_OWN_CLIENT_CODE = """
import httpx

TOKENS = {}

def count_lists(server, create=False):
    # The code under test: its own HTTP client, no X-Mock-Tenant, a token cached for the whole session.
    with httpx.Client(base_url=server.url, trust_env=False) as http:
        if "t" not in TOKENS:
            TOKENS["t"] = http.post("/oauth/token", data={"grant_type": "client_credentials"},
                                    auth=CREDENTIALS(server)).json()["access_token"]
        headers = {"Authorization": f"Bearer {TOKENS['t']}"}
        if create:
            body = {"name": "mine", "columnNames": ["phone"],
                    "phoneColumns": [{"columnName": "phone", "type": "cell"}]}
            assert http.post("/api/v2/outbound/contactlists", json=body, headers=headers).status_code == 200
        return http.get("/api/v2/outbound/contactlists", headers=headers).json()["total"]

def _run(server):
    if CREDENTIALS is TEST_CREDENTIALS:
        TOKENS.clear()  # the test's credentials (and their tokens) end with its tenant
    assert count_lists(server) == 0
    assert count_lists(server, create=True) == 1
    assert server.admin.verify(method="POST", path="/api/v2/outbound/contactlists", status=200) == 1

def TEST_CREDENTIALS(server):
    return server.client_id, server.client_secret

def BUILT_IN_CREDENTIALS(server):
    return "mock-client-id", "mock-client-secret"

def test_one(genesys_mock_server):
    _run(genesys_mock_server)

def test_two(genesys_mock_server):
    _run(genesys_mock_server)
"""


@pytest.mark.parametrize("credentials", ["TEST_CREDENTIALS", "BUILT_IN_CREDENTIALS"])
def test_code_with_its_own_http_client_is_isolated_without_the_header(
    pytester: pytest.Pytester, credentials: str
) -> None:
    """Code under test that knows nothing of tenants lands in the running test's tenant, whether it logs in with the
    test's credentials or the built-in client (with a token cached across tests): each test sees only its own list,
    and ``verify`` counts it."""
    pytester.makepyfile(_OWN_CLIENT_CODE + f"\nCREDENTIALS = {credentials}\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_the_fault_marker_applies_before_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
import pytest

@pytest.mark.genesys_fault(method="GET", path="/api/v2/outbound/contactlists", status=503, times=1)
def test_server(genesys_mock_server):
    with genesys_mock_server.api() as api:
        first = api.get("/api/v2/outbound/contactlists")
        second = api.get("/api/v2/outbound/contactlists")
    assert first.status_code == 503 and first.json()["status"] == 503
    assert first.headers["X-Mock-Fault"] and "X-Mock-Fault" not in second.headers
    assert second.status_code == 200

@pytest.mark.genesys_fault(path="/api/v2/outbound/*", status=429, retry_after=7)
def test_app(genesys_mock_app):
    client = genesys_mock_app.test_client()
    token = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                        auth=("mock-client-id", "mock-client-secret")).get_json()["access_token"]
    response = client.get("/api/v2/outbound/contactlists", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 429 and response.headers["Retry-After"] == "7"

def test_no_marker_no_fault(genesys_mock_server):
    assert genesys_mock_server.admin.faults() == []
""")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_a_marker_the_mock_refuses_fails_the_test_with_its_reason(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
import pytest

@pytest.mark.genesys_fault(status=204)
def test_bad(genesys_mock_server):
    pass
""")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*400*"])


def test_the_faults_fixture_adds_lists_and_clears(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
def test_faults(genesys_faults, genesys_mock_server):
    fault = genesys_faults(method="POST", path="/api/v2/outbound/contactlists", status=500, times=2)
    assert [f["id"] for f in genesys_faults.list()] == [fault["id"]]
    with genesys_mock_server.api() as api:
        assert api.post("/api/v2/outbound/contactlists", json={}).status_code == 500
    genesys_faults.clear()
    assert genesys_faults.list() == []
""")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.genesys_fault(*"])
