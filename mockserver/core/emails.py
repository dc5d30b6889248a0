"""The e-mail address check shared by the areas (outbound email columns, external contacts' email fields)."""

from __future__ import annotations


def is_valid_email(value: str) -> bool:
    """Whether ``value`` is a syntactically valid address (``email_validator``, no DNS lookup)."""
    # Imported on first use: email_validator (and idna) cost start-up CPU, and most runs check no e-mail.
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True
