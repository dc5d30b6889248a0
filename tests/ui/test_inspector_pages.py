"""The inspector's pages and forms through the Flask test client: status, what each page shows, filters, paging,
the bundle of selected exchanges, faults and clock forms, tenants, and ``admin: false``."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver.coverage import family_counts
from tests.conftest import assert_error

LISTS = "/api/v2/outbound/contactlists"
LIST_BODY = {
    "name": "inspected",
    "columnNames": ["phone", "name"],
    "phoneColumns": [{"columnName": "phone", "type": "cell"}],
}
ROW = re.compile(r'<input type="checkbox" name="id" value="([^"]+)"')


def row_ids(html: str) -> list[str]:
    """The correlation ids of the journal rows a page shows, top to bottom."""
    return ROW.findall(html)


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def failing_create(client: FlaskClient, auth: dict[str, str]) -> str:
    """Create a list, then the same name again (refused by OUT-LIST-NAME-DUPLICATE); the refusal's correlation id."""
    assert client.post(LISTS, json=LIST_BODY, headers=auth).status_code == 200
    refused = client.post(LISTS, json=LIST_BODY, headers=auth)
    assert refused.status_code == 400 and refused.headers["X-Mock-Rule"] == "OUT-LIST-NAME-DUPLICATE"
    return refused.headers["ININ-Correlation-Id"]


def test_every_page_renders_with_the_navigation(client: FlaskClient) -> None:
    for url, heading in [
        ("/__mock/ui", "Requests"),
        ("/__mock/ui/requests", "Requests"),
        ("/__mock/ui/state", "State of tenant"),
        ("/__mock/ui/faults", "Faults and clock"),
        ("/__mock/ui/rules", "Rules and coverage"),
    ]:
        html = page(client, url)
        assert f"<h1>{heading}" in html
        assert 'aria-current="page"' in html and '<nav aria-label="Pages">' in html
        assert '<label for="tenant-select">Tenant</label>' in html
    script = client.get("/__mock/ui/static/inspector.js")
    assert script.mimetype == "text/javascript" and "live journal rows" in script.get_data(as_text=True)
    assert client.get("/__mock/ui/static/inspector.css").mimetype == "text/css"
    assert_error(client.get("/__mock/ui/static/nothing.js"), 404, "not.found")
    assert_error(client.get("/__mock/ui/static/../__init__.py"), 404, "not.found")


def test_the_inspector_is_absent_with_admin_off(make_app: Any) -> None:
    client = make_app(admin=False).test_client()
    for url in ("/__mock/ui", "/__mock/ui/requests", "/__mock/ui/static/inspector.css", "/__mock/ui/state"):
        assert_error(client.get(url), 404, "not.found")
    assert_error(client.post("/__mock/ui/faults", data={"path": "/x", "status": "503"}), 404, "not.found")


def test_a_refused_request_shows_with_its_rule_newest_first(client: FlaskClient, auth: dict[str, str]) -> None:
    refused = failing_create(client, auth)
    html = page(client, "/__mock/ui/requests")
    ids = row_ids(html)
    assert ids[0] == refused and len(ids) == 3  # the token request, the create, the refused create
    assert "OUT-LIST-NAME-DUPLICATE" in html and "3 of 3 recorded requests match." in html


def test_filters_narrow_the_journal(client: FlaskClient, auth: dict[str, str]) -> None:
    refused = failing_create(client, auth)
    client.get(LISTS, headers=auth)
    everything = row_ids(page(client, "/__mock/ui/requests"))
    assert len(everything) == 4
    assert row_ids(page(client, "/__mock/ui/requests?status=400")) == [refused]
    assert row_ids(page(client, "/__mock/ui/requests?rule=OUT-LIST-NAME-DUPLICATE")) == [refused]
    assert row_ids(page(client, "/__mock/ui/requests?rule=OUT-LIST-NAME-EMPTY")) == []
    assert len(row_ids(page(client, "/__mock/ui/requests?method=post&path=/api/v2/outbound/*"))) == 2
    assert len(row_ids(page(client, "/__mock/ui/requests?method=GET"))) == 1
    assert row_ids(page(client, f"/__mock/ui/requests?correlationId={refused}")) == [refused]
    html = page(client, "/__mock/ui/requests?status=abc", 400)
    assert "status must be a number from 100 to 599" in html and len(row_ids(html)) == 4  # the bad filter ignored


def test_the_json_journal_filters_by_rule_too(client: FlaskClient, auth: dict[str, str]) -> None:
    refused = failing_create(client, auth)
    found = client.get("/__mock/requests?rule=OUT-LIST-NAME-DUPLICATE").get_json()
    assert [e["correlationId"] for e in found["entities"]] == [refused] and found["total"] == 1


def test_the_journal_is_paged_on_the_server(make_app: Any) -> None:
    client = make_app(journal={"max_entries": 5000}).test_client()
    for _ in range(120):
        client.get(LISTS)  # 401s: journalled like any other request
    first = page(client, "/__mock/ui/requests")
    assert len(row_ids(first)) == 50 and "120 of 120 recorded requests match." in first
    assert 'rel="next"' in first and 'data-live="true"' in first
    third = page(client, "/__mock/ui/requests?page=3")
    assert len(row_ids(third)) == 20 and 'data-live="false"' in third and 'rel="next"' not in third
    assert not set(row_ids(first)) & set(row_ids(third))
    newest = client.get("/__mock/requests").get_json()["entities"][-1]["correlationId"]
    assert row_ids(first)[0] == newest


def test_the_live_rows_change_signature_with_a_new_request(client: FlaskClient, auth: dict[str, str]) -> None:
    before = client.get("/__mock/ui/requests/rows?status=401")
    assert before.status_code == 200 and row_ids(before.get_data(as_text=True)) == []
    assert before.headers["X-Inspector-Count"] == "0 of 1 recorded requests match."
    unauthorised = client.get(LISTS)
    after = client.get("/__mock/ui/requests/rows?status=401")
    assert after.headers["X-Inspector-Signature"] != before.headers["X-Inspector-Signature"]
    assert row_ids(after.get_data(as_text=True)) == [unauthorised.headers["ININ-Correlation-Id"]]


def test_the_detail_pane_shows_the_exchange_redacted_with_the_rule(client: FlaskClient, auth: dict[str, str]) -> None:
    refused = failing_create(client, auth)
    html = page(client, f"/__mock/ui/requests?show={refused}")
    pane = html[html.index('<aside class="detail"') :]
    assert f'id="detail-correlation-id">{refused}<' in pane
    assert "OUT-LIST-NAME-DUPLICATE</strong>: another contact list already has this name" in pane
    assert "Source: facts §5.5" in pane
    assert "Bearer ***" in pane and auth["Authorization"].split()[1] not in html  # redacted as the journal is
    assert "duplicate.name" in pane  # the response body
    assert f"genesys-mock replay genesys-mock-bundle-{refused}.zip" in pane
    missing = page(client, "/__mock/ui/requests?show=nope")
    assert "No recorded request has the correlation id nope" in missing


def test_the_bundle_of_selected_exchanges(client: FlaskClient, auth: dict[str, str]) -> None:
    refused = failing_create(client, auth)
    created = client.get("/__mock/requests?status=200&method=POST&path=" + LISTS).get_json()["entities"][0]
    response = client.get(f"/__mock/ui/bundle?id={refused}&id={created['correlationId']}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    name = f"2-exchanges-{created['correlationId'][:8]}"  # named after the oldest, as the page's script does
    assert response.headers["Content-Disposition"] == f'attachment; filename="genesys-mock-bundle-{name}.zip"'
    with zipfile.ZipFile(io.BytesIO(response.data)) as bundle:
        first = json.loads(bundle.read(f"genesys-mock-bundle-{name}/exchange-1.json"))
        second = json.loads(bundle.read(f"genesys-mock-bundle-{name}/exchange-2.json"))
    assert (first["correlationId"], second["correlationId"]) == (created["correlationId"], refused)
    alone = client.get(f"/__mock/ui/bundle?id={refused}")  # changed nothing: the state snapshot goes in
    assert alone.headers["Content-Disposition"] == f'attachment; filename="genesys-mock-bundle-{refused}.zip"'
    with zipfile.ZipFile(io.BytesIO(alone.data)) as bundle:
        state = json.loads(bundle.read(f"genesys-mock-bundle-{refused}/state.json"))
    assert "inspected" in json.dumps(state["areas"]["outbound"]["contactLists"])
    assert_error(client.get("/__mock/ui/bundle?id=unknown"), 404, "not.found")
    assert_error(client.get("/__mock/ui/bundle"), 400, "invalid.query.param.value")


def test_the_state_page_shows_lists_contacts_calls_and_external_contacts(
    client: FlaskClient, user_auth: dict[str, str]
) -> None:
    created = client.post(LISTS, json=LIST_BODY, headers=user_auth).get_json()
    contacts = [{"data": {"phone": f"+1317555{i:04d}", "name": f"n{i}"}} for i in range(30)]
    assert client.post(f"{LISTS}/{created['id']}/contacts", json=contacts, headers=user_auth).status_code == 200
    call = client.post("/api/v2/conversations/calls", json={"phoneNumber": "+15551234567"}, headers=user_auth)
    org = client.post("/api/v2/externalcontacts/organizations", json={"name": "Acme"}, headers=user_auth)
    person = client.post(
        "/api/v2/externalcontacts/contacts", json={"firstName": "Ann", "lastName": "Lee"}, headers=user_auth
    )
    assert call.status_code == 200 and org.status_code == 200 and person.status_code == 200
    html = page(client, "/__mock/ui/state")
    assert created["id"] in html and ">30<" in html and "IN_PROGRESS (100%)" in html
    assert call.get_json()["id"] in html
    assert "<li>agent Mock Agent: <strong>dialing</strong></li>" in html  # states on the mock's clock
    assert "<li>external +15551234567 (tel:+15551234567): <strong>dialing</strong></li>" in html
    assert "Ann Lee" in html and person.get_json()["id"] in html and "Acme" in html
    assert "&#34;firstName&#34;: &#34;Ann&#34;" in html  # the raw JSON, escaped
    first = page(client, f"/__mock/ui/state?list={created['id']}")
    assert "+13175550000" in first and "+13175550024" in first and "+13175550025" not in first
    assert "Next 25" in first
    second = page(client, f"/__mock/ui/state?list={created['id']}&offset=25")
    assert "+13175550025" in second and "+13175550029" in second and "Next 25" not in second
    assert_error(client.get("/__mock/ui/state?list=nope"), 404, "not.found")


def test_the_state_page_is_per_tenant(client: FlaskClient, auth: dict[str, str]) -> None:
    mine = client.post(LISTS, json=LIST_BODY, headers={**auth, "X-Mock-Tenant": "team-a"}).get_json()
    assert mine["id"] in page(client, "/__mock/ui/state?tenant=team-a")
    default = page(client, "/__mock/ui/state")
    assert mine["id"] not in default and "team-a" in default  # listed among the tenants
    assert_error(client.get("/__mock/ui/state?tenant=never-seen"), 404, "not.found")
    assert_error(client.get("/__mock/ui/state?tenant=bad name"), 400, "invalid.value")


def test_tenants_are_reset_and_deleted_from_the_page(client: FlaskClient, auth: dict[str, str]) -> None:
    team = {**auth, "X-Mock-Tenant": "team-b"}
    client.post(LISTS, json=LIST_BODY, headers=team)
    reset = client.post("/__mock/ui/tenants/team-b/reset")
    assert reset.status_code == 303 and "done=reset" in reset.headers["Location"]
    assert client.get(LISTS, headers=team).get_json()["total"] == 0
    deleted = client.post("/__mock/ui/tenants/team-b/delete")
    assert deleted.status_code == 303
    assert "team-b" not in [t["name"] for t in client.get("/__mock/tenants").get_json()["entities"]]
    refused = client.post("/__mock/ui/tenants/default/delete")
    assert refused.status_code == 400 and "reset it instead" in refused.get_data(as_text=True)
    assert_error(client.post("/__mock/ui/tenants/gone/delete"), 404, "not.found")


def test_a_fault_added_in_the_form_fails_the_next_call(client: FlaskClient, auth: dict[str, str]) -> None:
    added = client.post(
        "/__mock/ui/faults",
        data={
            "method": "GET",
            "path": "/api/v2/outbound/*",
            "status": "503",
            "retryAfter": "7",
            "times": "1",
            "probability": "1",
        },
    )
    assert added.status_code == 303 and "done=fault-added" in added.headers["Location"]
    fault = client.get("/__mock/faults").get_json()["entities"][0]
    assert fault["status"] == 503 and fault["remaining"] == 1 and fault["retryAfter"] == 7
    html = page(client, "/__mock/ui/faults")
    assert fault["id"] in html and "status 503" in html and "Retry-After 7" in html
    failed = client.get(LISTS, headers=auth)
    assert_error(failed, 503, "service.unavailable")
    assert failed.headers["Retry-After"] == "7" and failed.headers["X-Mock-Fault"] == fault["id"]
    assert client.get(LISTS, headers=auth).status_code == 200  # times: 1


def test_latency_drop_and_removal_through_the_forms(client: FlaskClient) -> None:
    assert (
        client.post("/__mock/ui/faults", data={"path": "/a", "latencyMs": "5", "latencyMaxMs": "9"}).status_code == 303
    )
    assert (
        client.post("/__mock/ui/faults", data={"path": "/b", "drop": "true", "probability": "0.5"}).status_code == 303
    )
    faults = {f["path"]: f for f in client.get("/__mock/faults").get_json()["entities"]}
    assert faults["/a"]["latencyMs"] == {"min": 5, "max": 9} and faults["/a"]["method"] == "*"
    assert faults["/b"]["drop"] is True and faults["/b"]["probability"] == 0.5
    assert client.post(f"/__mock/ui/faults/{faults['/a']['id']}/remove").status_code == 303
    assert [f["path"] for f in client.get("/__mock/faults").get_json()["entities"]] == ["/b"]
    assert_error(client.post("/__mock/ui/faults/nope/remove"), 404, "not.found")
    assert client.post("/__mock/ui/faults/clear").status_code == 303
    assert client.get("/__mock/faults").get_json()["total"] == 0


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"path": "", "status": "503"}, "path: String should have at least 1 character"),
        ({"path": "/x"}, "a fault needs at least one effect"),
        ({"path": "/x", "status": "abc"}, "status must be a whole number"),
        ({"path": "/x", "status": "302"}, "status must be 200, 201, 202"),
        ({"path": "/x", "drop": "true", "status": "503"}, "drop and status exclude each other"),
        ({"path": "/x", "status": "503", "probability": "2"}, "probability: Input should be less than or equal to 1"),
        ({"path": "/x", "status": "503", "method": "BREW"}, "method must be * or one of"),
    ],
)
def test_a_bad_fault_form_is_refused_on_the_page(client: FlaskClient, form: dict[str, str], message: str) -> None:
    response = client.post("/__mock/ui/faults", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html and 'role="alert"' in html
    assert client.get("/__mock/faults").get_json()["total"] == 0


def test_posts_from_another_site_are_refused(client: FlaskClient) -> None:
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        assert_error(
            client.post("/__mock/ui/faults", data={"path": "/x", "status": "503"}, headers=headers),
            403,
            "not.authorized",
        )
        assert_error(client.post("/__mock/ui/tenants/default/reset", headers=headers), 403, "not.authorized")
    assert client.get("/__mock/faults").get_json()["total"] == 0
    same = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/__mock/ui/faults", data={"path": "/x", "status": "503"}, headers=same).status_code == 303


def test_the_clock_advances_from_the_page(client: FlaskClient) -> None:
    assert client.post("/__mock/ui/clock/advance", data={"seconds": "90.5"}).status_code == 303
    assert client.get("/__mock/clock").get_json()["offsetSeconds"] == 90.5
    assert "advanced by 90.5 s" in page(client, "/__mock/ui/faults")
    for bad, message in [
        ("abc", "seconds must be a number"),
        ("-1", "a number of seconds from 0 to"),
        ("1e12", "a number of seconds from 0 to"),
        ("nan", "a number of seconds from 0 to"),
    ]:
        response = client.post("/__mock/ui/clock/advance", data={"seconds": bad})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert client.get("/__mock/clock").get_json()["offsetSeconds"] == 90.5


def test_the_rules_page_shows_the_catalogue_switches_and_coverage(make_app: Any) -> None:
    app: Flask = make_app(profile="faithful", rules={"OUT-LIST-NAME-DUPLICATE": False})
    client = app.test_client()
    html = page(client, "/__mock/ui/rules")
    assert '<strong id="profile">faithful</strong>' in html
    row = html[html.index('id="rule-OUT-LIST-NAME-DUPLICATE"') :]
    assert "no (switched off in config)" in row[: row.index("</tr>")]
    counts = family_counts()
    coverage = html[html.index('id="coverage"') : html.index("</table>", html.index('id="coverage"'))]
    for family, depths in counts.items():
        assert f'{family}</th><td class="num">{depths["deep"]}</td><td class="num">{depths["generic"]}</td>' in coverage
    outbound = page(client, "/__mock/ui/rules?area=outbound")
    assert 'id="rule-OUT-LIST-NAME-DUPLICATE"' in outbound and 'id="rule-CONV-' not in outbound
