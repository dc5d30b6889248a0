"""Phone-number checks shared by every area (outbound phone columns, call destinations, external contacts).

Well-formed E.164 means: a leading ``+``, a country code phonenumbers knows, a possible length for that country,
and nothing but digits — checked with ``phonenumbers``, not a regex. Full validity (an assigned number range) is
a separate, stricter question: +1 123 456 7890 is well-formed but not valid. (The fictional NPA-555-01XX
numbers the tutorials and the call test numbers use are valid to phonenumbers.)
"""

from __future__ import annotations

from dataclasses import dataclass


def e164_problem(value: str, *, allow_tel_prefix: bool = False) -> str | None:
    """Why ``value`` is not a well-formed E.164 number, or None when it is."""
    import phonenumbers  # on first use: its metadata costs start-up CPU, before any number is seen

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
    import phonenumbers  # on first use: its metadata costs start-up CPU, before any number is seen

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False


DEFAULT_REGION = "US"
"""Region assumed when a number has no country code and no normalization country is given (facts §9.4: +1)."""


@dataclass(frozen=True)
class Normalised:
    """A number that parsed as a possible full number: its E.164 and international forms and its region."""

    e164: str
    international: str
    region: str  # ISO 3166 alpha-2, or "001" for non-geographic numbers such as +800


def region_for(country: str | None) -> str | None:
    """The ISO region for a normalisation country: ``GB``/``gb``, a calling code ``44``/``+44``, or the default.

    Empty or missing means the default (US). None means the value names no country phonenumbers knows.
    """
    import phonenumbers  # on first use: its metadata costs start-up CPU, before any number is seen

    value = (country or "").strip()
    if not value:
        return DEFAULT_REGION
    if value.upper() in phonenumbers.SUPPORTED_REGIONS:
        return value.upper()
    code = value[1:] if value.startswith("+") else value
    if code.isascii() and code.isdigit():
        region = phonenumbers.region_code_for_country_code(int(code))
        return None if region == phonenumbers.UNKNOWN_REGION else region
    return None


def normalise(text: str, region: str | None) -> Normalised | None:
    """``text`` as E.164 when it parses as a possible *full* number, else None.

    ``region`` (from :func:`region_for`) applies to numbers without ``+``; None lets only ``+`` numbers parse.
    A local-only number (``555-0100`` without an area code) has no E.164 form, so it is not normalised.
    Surrounding blanks are ignored (phonenumbers refuses inputs over 250 characters, blanks included).
    """
    import phonenumbers  # on first use: its metadata costs start-up CPU, before any number is seen

    try:
        parsed = phonenumbers.parse(text.strip(), region or phonenumbers.UNKNOWN_REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_possible_number_with_reason(parsed) != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    detected = phonenumbers.region_code_for_number(parsed)  # None for numbers outside an assigned range
    if detected is None:
        # phonenumbers types country_code as optional; a parsed number always has one (0 answers "ZZ" as None did).
        detected = phonenumbers.region_code_for_country_code(parsed.country_code or 0)
    return Normalised(
        e164=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        international=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        region=detected,
    )


def digits(text: str) -> str:
    """The ASCII digits of ``text``: how numbers are compared when a search term is typed as digits."""
    return "".join(ch for ch in text if "0" <= ch <= "9")
