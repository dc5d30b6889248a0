"""Phone numbers to E.164 with ``phonenumbers``, and a record of the ones that cannot be.

Contact-list phone columns are dialled as stored, and the mock's strict profile (like careful real-org setups)
wants E.164 (``+`` and digits). Spreadsheets hold ``(317) 555-0100``, ``0044 20 7946 0958`` or ``tel:+1…``;
parsing them needs a default region for numbers written without a country code — the real API itself assumes
+1 when it has none (facts §9.4), so ``US`` is the default here too, and it is configurable.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "US"


class PhoneNumberError(ValueError):
    """A value that cannot be turned into an E.164 number; the message says why."""


@dataclass(frozen=True)
class PhoneProblem:
    """A row that was left out because one of its phone values could not be normalised."""

    row: int
    """Row number as a spreadsheet shows it: the header is row 1."""
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.value!r} {self.reason}"


def to_e164(value: str, default_region: str | None = DEFAULT_REGION, *, require_valid: bool = False) -> str:
    """``value`` in E.164 (``+13175550100``). ``require_valid`` also rejects numbers outside assigned ranges
    (``+1 123 456 7890``: no area code 123), which are otherwise accepted as possible numbers."""
    text = value.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    if not text:
        raise PhoneNumberError("is empty")
    region = default_region.upper() if default_region else None
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneNumberError(_reason(exc)) from None
    if not phonenumbers.is_possible_number(parsed):
        raise PhoneNumberError(f"has an impossible length for country code +{parsed.country_code}")
    if require_valid and not phonenumbers.is_valid_number(parsed):
        raise PhoneNumberError("is not an assigned number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def check_region(region: str) -> str:
    """The region upper-cased, or :class:`PhoneNumberError` when ``phonenumbers`` does not know it."""
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise PhoneNumberError(f"unknown region {region!r}: use an ISO 3166 code such as US, GB, DE")
    return code


def _reason(exc: phonenumbers.NumberParseException) -> str:
    reasons = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "has no country code and no default region applies, or an unknown one",
        phonenumbers.NumberParseException.NOT_A_NUMBER: "is not a phone number",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "is too short",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "is too short",
        phonenumbers.NumberParseException.TOO_LONG: "is too long",
    }
    return reasons.get(exc.error_type, "cannot be parsed")
