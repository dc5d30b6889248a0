"""Phone-number checks shared by every area (outbound phone columns, call destinations, external contacts).

Well-formed E.164 means: a leading ``+``, a country code phonenumbers knows, a possible length for that country,
and nothing but digits — checked with ``phonenumbers``, not a regex. Full validity (an assigned number range) is
a separate, stricter question: the fictional 555-01xx numbers of the tutorials are well-formed but not valid.
"""

from __future__ import annotations

import phonenumbers


def e164_problem(value: str, *, allow_tel_prefix: bool = False) -> str | None:
    """Why ``value`` is not a well-formed E.164 number, or None when it is."""
    number = value[4:] if allow_tel_prefix and value.startswith("tel:") else value
    if not number.startswith("+"):
        return "it does not start with +"
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException as exc:
        return str(exc.args[0] if exc.args else exc).rstrip(".").lower()
    if phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) != number:
        return "it contains characters other than + and digits"
    if not phonenumbers.is_possible_number(parsed):
        return "its length is not possible for its country code"
    return None


def is_valid_number(value: str) -> bool:
    """Whether ``value`` parses as a number in an assigned range (stricter than well-formed)."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False
