"""The redaction module (core/redact.py) that the journal, bundles and the request log share."""

from __future__ import annotations

from mockserver.core.redact import redact_exchange, redact_headers, redact_text


def test_secret_json_properties_and_form_fields_are_masked() -> None:
    assert redact_text('{"password": "hunter2", "name": "x"}') == '{"password": "***", "name": "x"}'
    assert redact_text('{"access_token": "abc\\"def"}') == '{"access_token": "***"}'
    assert (
        redact_text("grant_type=password&password=hunter2&username=a") == "grant_type=password&password=***&username=a"
    )
    assert redact_text('{"refresh_token": "cut-off-by-trunc') == '{"refresh_token": "***"'
    assert redact_text(None) is None


def test_headers_keep_the_scheme_but_not_the_credentials() -> None:
    headers = redact_headers(
        {"Authorization": "Bearer abc", "Cookie": "s=1", "X-Api-Key": "k", "Content-Type": "application/json"}
    )
    assert headers == {
        "Authorization": "Bearer ***",
        "Cookie": "***",
        "X-Api-Key": "***",
        "Content-Type": "application/json",
    }


def test_an_exchange_is_redacted_on_both_sides_and_in_the_query() -> None:
    entry = {
        "query": "client_secret=s",
        "request": {"headers": {}, "body": "client_secret=s"},
        "response": {"headers": {}, "body": '{"access_token":"t"}'},
    }
    cleaned = redact_exchange(entry)
    assert cleaned["query"] == "client_secret=***"
    assert cleaned["request"]["body"] == "client_secret=***"
    assert cleaned["response"]["body"] == '{"access_token":"***"}'


def test_field_names_are_compared_after_decoding() -> None:
    """What the token endpoint accepts as a secret field, redaction recognises (percent-encoding, case, JSON
    escapes, camelCase spellings)."""
    assert (
        redact_text("grant_type=client_credentials&client%5Fsecret=S1&x=1")
        == "grant_type=client_credentials&client%5Fsecret=***&x=1"
    )
    assert redact_text("username=u&pass%77ord=S2") == "username=u&pass%77ord=***"
    assert redact_text("Client_Secret=S3;a=b") == "Client_Secret=***;a=b"
    assert redact_text('{"client\\u005fsecret": "S4", "name": "n"}') == '{"client\\u005fsecret": "***", "name": "n"}'
    assert (
        redact_text('{"clientSecret":"S5","accessToken":"S6","refreshToken":"S7","newPassword":"S8"}')
        == '{"clientSecret":"***","accessToken":"***","refreshToken":"***","newPassword":"***"}'
    )
    assert redact_text('{"password": 12345, "n": 1}') == '{"password": "***", "n": 1}'


def test_multipart_form_fields_are_masked() -> None:
    body = (
        '--b\r\nContent-Disposition: form-data; name="id"\r\n\r\nlist-1\r\n'
        '--b\r\nContent-Disposition: form-data; name="client_secret"\r\n\r\nS1\r\n'
        '--b\r\nContent-Disposition: form-data; name="pass%77ord"\r\nContent-Type: text/plain\r\n\r\nS2\r\n'
        '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nphone\r\n+1\r\n--b--\r\n'
    )
    cleaned = redact_text(body)
    assert "S1" not in cleaned and "S2" not in cleaned
    assert 'name="id"\r\n\r\nlist-1' in cleaned and "phone\r\n+1" in cleaned
    assert redact_text(body[: body.index("S1") + 1]).endswith("***")  # cut inside the value


def test_a_camel_case_secret_in_a_bundle_exchange_is_masked() -> None:
    entry = {
        "query": "accessToken=t1&pass%77ord=p",
        "request": {"headers": {"X-Auth-Token": "h"}, "body": '{"clientSecret": "c"}'},
        "response": None,
    }
    cleaned = redact_exchange(entry)
    assert cleaned["query"] == "accessToken=***&pass%77ord=***"
    assert cleaned["request"] == {"headers": {"X-Auth-Token": "***"}, "body": '{"clientSecret": "***"}'}


def test_the_fast_path_skips_only_texts_that_cannot_name_a_secret() -> None:
    """redact_text skips the property patterns when no name can be a secret's: every way of spelling one still
    reaches them (word split by ``_``/``-``, upper case, a JSON escape, percent-encoding, a sign that lower-cases
    into a letter of one)."""
    plain = '{"id":"a1","name":"Spring","columnNames":["phone"],"selfUri":"/api/v2/x"}'
    assert redact_text(plain) is plain  # nothing to mask: the same object back, untouched
    spelled = {
        '{"PASS-WORD": "x"}': '{"PASS-WORD": "***"}',
        '{"client_Se_cret": "x"}': '{"client_Se_cret": "***"}',
        '{"id_\\u0074oken": "x"}': '{"id_\\u0074oken": "***"}',
        "pass%77ord=x&a=b": "pass%77ord=***&a=b",
        '{"access_to\u212aen": "x"}': '{"access_to\u212aen": "***"}',  # KELVIN SIGN lower-cases to "k"
    }
    for text, masked in spelled.items():
        assert redact_text(text) == masked, text
