"""The rule catalogue, profiles and per-rule switches (issue 2, bullet 6; design §4)."""

from __future__ import annotations

import json

import pytest

from mockserver.cli import main
from mockserver.core import rules
from mockserver.settings import SettingsError
from tests.conftest import assert_error, get_token

LISTS = "/api/v2/outbound/contactlists"


def test_every_rule_is_complete() -> None:
    assert rules.CATALOGUE, "the catalogue is empty"
    for rule in rules.CATALOGUE.values():
        assert rule.id and rule.area and rule.summary and rule.source and rule.real_org, rule
        assert rule.profiles <= set(rules.PROFILES), rule
        assert rule.code == rule.code.lower() and "." in rule.code, rule
        if rule.effect == "reject":
            assert 400 <= rule.status < 600, rule
        else:
            assert rule.effect == "import-failure" and rule.status == 200 and rule.message, rule


def test_registering_a_conflicting_rule_fails() -> None:
    existing = rules.CATALOGUE["CORE-STRICT-TYPES"]
    rules.register(existing)  # the same definition again is harmless
    with pytest.raises(ValueError):
        rules.register(rules.Rule(**{**existing.__dict__, "code": "bad.request"}))


def test_strict_types_differ_between_profiles(make_app, contact_list_body: dict) -> None:
    contact_list_body["automaticTimeZoneMapping"] = "false"  # a string where a boolean belongs
    strict = make_app().test_client()
    response = strict.post(LISTS, json=contact_list_body, headers={"Authorization": f"Bearer {get_token(strict)}"})
    body = assert_error(response, 400, "invalid.value")
    assert body["details"][0]["fieldName"] == "automaticTimeZoneMapping"
    assert response.headers["X-Mock-Rule"] == "CORE-STRICT-TYPES"
    assert "X-Mock-Rule" not in body and "CORE-STRICT-TYPES" not in response.get_data(as_text=True)

    faithful = make_app(profile="faithful").test_client()
    response = faithful.post(LISTS, json=contact_list_body, headers={"Authorization": f"Bearer {get_token(faithful)}"})
    assert response.status_code == 200
    assert response.get_json()["automaticTimeZoneMapping"] is False


def test_config_switches_a_single_rule(make_app, contact_list_body: dict) -> None:
    contact_list_body["automaticTimeZoneMapping"] = "false"
    client = make_app(rules={"CORE-STRICT-TYPES": False}).test_client()
    response = client.post(LISTS, json=contact_list_body, headers={"Authorization": f"Bearer {get_token(client)}"})
    assert response.status_code == 200


def test_unknown_property_rule_can_be_switched_off(make_app, contact_list_body: dict) -> None:
    client = make_app(rules={"CORE-UNKNOWN-PROPERTY": False}).test_client()
    response = client.post(
        LISTS,
        json={**contact_list_body, "description": "ignored"},
        headers={"Authorization": f"Bearer {get_token(client)}"},
    )
    assert response.status_code == 200
    assert "description" not in response.get_json()


def test_unknown_rule_id_in_config_fails_at_start(make_app) -> None:
    with pytest.raises(SettingsError, match="NO-SUCH-RULE"):
        make_app(rules={"NO-SUCH-RULE": True})


def test_admin_rules_lists_the_catalogue_with_active_flags(make_app) -> None:
    body = make_app(profile="faithful").test_client().get("/__mock/rules").get_json()
    assert body["profile"] == "faithful" and body["total"] == len(rules.CATALOGUE)
    by_id = {r["id"]: r for r in body["entities"]}
    assert by_id["CORE-STRICT-TYPES"]["active"] is False
    assert by_id["CORE-UNKNOWN-PROPERTY"]["active"] is True
    assert by_id["CORE-STRICT-TYPES"]["profiles"] == ["strict"]


def test_admin_can_be_turned_off_but_health_stays(make_app) -> None:
    client = make_app(admin=False).test_client()
    assert client.get("/__mock/health").status_code == 200
    assert_error(client.get("/__mock/rules"), 404, "not.found")
    assert_error(client.post("/__mock/reset"), 404, "not.found")


def test_rules_command_prints_table_json_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    table = capsys.readouterr().out
    assert "profile: strict" in table and "CORE-STRICT-TYPES" in table
    assert main(["rules", "--format", "json", "--profile", "faithful"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"]: r["active"] for r in rows}["CORE-STRICT-TYPES"] is False
    assert main(["rules", "--format", "markdown"]) == 0
    assert "| `CORE-UNKNOWN-PROPERTY` |" in capsys.readouterr().out


def test_docs_rules_table_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    assert main(["rules", "--format", "markdown"]) == 0
    committed = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == capsys.readouterr().out, "docs/rules.md is stale: regenerate it (see its first line)"


def test_nested_unknown_properties_are_ignored_when_the_rule_is_off(make_app, contact_list_body: dict) -> None:
    client = make_app(rules={"CORE-UNKNOWN-PROPERTY": False}).test_client()
    contact_list_body["phoneColumns"][0]["label"] = "Mobile"  # nested unknown property
    response = client.post(
        LISTS, json={**contact_list_body, "bogus": 1}, headers={"Authorization": f"Bearer {get_token(client)}"}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["phoneColumns"] == [{"columnName": "phone", "type": "cell"}]
