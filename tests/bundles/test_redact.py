"""The redaction module (core/redact.py) that the journal, bundles and the request log share."""

from __future__ import annotations

from mockserver.core.redact import redact_exchange, redact_headers, redact_text


def test_secret_json_properties_and_form_fields_are_masked() -> None:
    assert redact_text('{"password": "hunter2", "name": "x"}') == '{"password": "***", "name": "x"}'
    assert redact_text('{"access_token": "abc\\"def"}') == '{"access_token": "***"}'
    assert redact_text("grant_type=password&password=hunter2&username=a") == \
        "grant_type=password&password=***&username=a"
    assert redact_text('{"refresh_token": "cut-off-by-trunc') == '{"refresh_token": "***"'
    assert redact_text(None) is None


def test_headers_keep_the_scheme_but_not_the_credentials() -> None:
    headers = redact_headers({"Authorization": "Bearer abc", "Cookie": "s=1", "X-Api-Key": "k",
                              "Content-Type": "application/json"})
    assert headers == {"Authorization": "Bearer ***", "Cookie": "***", "X-Api-Key": "***",
                       "Content-Type": "application/json"}


def test_an_exchange_is_redacted_on_both_sides_and_in_the_query() -> None:
    entry = {"query": "client_secret=s", "request": {"headers": {}, "body": "client_secret=s"},
             "response": {"headers": {}, "body": '{"access_token":"t"}'}}
    cleaned = redact_exchange(entry)
    assert cleaned["query"] == "client_secret=***"
    assert cleaned["request"]["body"] == "client_secret=***"
    assert cleaned["response"]["body"] == '{"access_token":"***"}'
