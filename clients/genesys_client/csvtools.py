"""From a spreadsheet to a contact list, the way the API wants it (facts §5.3, §6.2, §7.1, §11 a).

* The list is defined by the CSV header: ``columnNames`` is the header, ``phoneColumns``/``emailColumns`` name the
  contact-method columns (chosen by name, overridable), never ``columns``/``label``/inline contacts.
* Phone values are normalised to E.164 before upload; rows that cannot be are left out and reported, so one bad
  cell does not fail the whole import (the import is all-or-nothing, facts §7.1 / mock rule OUT-IMPORT-ROW).
* Contact additions go in batches of at most 1000 (:func:`batches`).
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence, TypeVar

from clients.genesys_client.outbound import MAX_CONTACTS_PER_ADD, chunks
from clients.genesys_client.phones import DEFAULT_REGION, PhoneNumberError, PhoneProblem, to_e164
from contracts.outbound import ContactList, ContactPhoneNumberColumn, EmailColumn, WritableDialerContact

T = TypeVar("T")

MAX_COLUMNS = 50
"""A contact list has at most 50 columns (facts §5.5)."""
SYSTEM_COLUMN_PREFIXES = ("inin-", "CallRecordLast", "SmsLast", "Callable-", "ContactableBy", "AutomaticTimeZone-")
SYSTEM_COLUMNS = frozenset(
    {"ContactCallable", "ContactableByVoice", "ContactableBySms", "ContactableByEmail", "ZipCodeAutomaticTimeZone"}
)
"""Columns an export adds (facts §7.3); they are not data columns and must not be in ``columnNames``."""

_PHONE_WORDS = frozenset({"phone", "phones", "telephone", "tel", "mobile", "cell", "cellphone", "msisdn", "handy"})
_EMAIL_WORDS = frozenset({"email", "emails", "mail", "emailaddress"})
_NOT_CONTACT_WORDS = frozenset(
    {
        "opt",
        "optin",
        "optout",
        "consent",
        "type",
        "status",
        "verified",
        "valid",
        "count",
        "id",
        "ok",
        "country",
        "extension",
        "ext",
    }
)


def batches(items: Iterable[T], size: int = MAX_CONTACTS_PER_ADD) -> Iterator[list[T]]:
    """Lists of at most ``size`` items (default 1000, the ``POST …/contacts`` limit)."""
    for chunk in chunks(list(items), size):
        yield list(chunk)


def is_system_column(name: str) -> bool:
    return name in SYSTEM_COLUMNS or name.startswith(SYSTEM_COLUMN_PREFIXES)


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def phone_type(name: str) -> str:
    """A label for ``ContactPhoneNumberColumn.type`` (free text, facts §5.4) from the column name."""
    words = set(_words(name))
    if words & {"home", "house", "private"}:
        return "home"
    if words & {"work", "office", "business", "company"}:
        return "work"
    return "cell"


def email_type(name: str) -> str:
    words = set(_words(name))
    return "personal" if words & {"personal", "private", "home"} else "work"


def looks_like_phone(name: str) -> bool:
    words = _words(name)
    joined = "".join(words)
    if set(words) & _NOT_CONTACT_WORDS:
        return False
    return bool(set(words) & _PHONE_WORDS) or joined.endswith("phone")


def looks_like_email(name: str) -> bool:
    words = _words(name)
    if set(words) & _NOT_CONTACT_WORDS:
        return False
    return bool(set(words) & _EMAIL_WORDS) or "".join(words).startswith("email")


def parse_column_spec(spec: str, default_type: str) -> tuple[str, str]:
    """``"mobile:cell"`` -> ``("mobile", "cell")``; ``"mobile"`` gets ``default_type``."""
    name, _, kind = spec.partition(":")
    return name.strip(), (kind.strip() or default_type)


def contact_list_from_header(
    name: str,
    header: Sequence[str],
    *,
    phone_columns: Sequence[str] | None = None,
    email_columns: Sequence[str] | None = None,
) -> ContactList:
    """A ``ContactList`` for a CSV header. ``phone_columns``/``email_columns`` (``"col"`` or ``"col:type"``)
    replace the name-based guess; export system columns (``inin-outbound-id``…) are left out of the columns."""
    columns = [column.strip() for column in header if column.strip() and not is_system_column(column.strip())]
    duplicates = sorted({c for c in columns if columns.count(c) > 1})
    if duplicates:
        raise ValueError(f"the header repeats columns: {', '.join(duplicates)}")
    if not columns:
        raise ValueError("the header has no data columns")
    if len(columns) > MAX_COLUMNS:
        raise ValueError(f"a contact list has at most {MAX_COLUMNS} columns; the header has {len(columns)}")
    phones = (
        [parse_column_spec(s, phone_type(s.partition(":")[0])) for s in phone_columns]
        if phone_columns is not None
        else [(c, phone_type(c)) for c in columns if looks_like_phone(c)]
    )
    emails = (
        [parse_column_spec(s, email_type(s.partition(":")[0])) for s in email_columns]
        if email_columns is not None
        else [(c, email_type(c)) for c in columns if looks_like_email(c) and not looks_like_phone(c)]
    )
    unknown = [c for c, _ in phones + emails if c not in columns]
    if unknown:
        raise ValueError(f"not in the header: {', '.join(unknown)} (columns: {', '.join(columns)})")
    if not phones and not emails:
        raise ValueError(f"no phone or e-mail column found among {', '.join(columns)}; name them explicitly")
    return ContactList(
        name=name,
        column_names=columns,
        phone_columns=[ContactPhoneNumberColumn(column_name=c, type=t) for c, t in phones] or None,
        email_columns=[EmailColumn(column_name=c, type=t) for c, t in emails] or None,
    )


def read_header(path: str | Path) -> list[str]:
    with open(path, newline="", encoding="utf-8-sig") as file:
        return next(csv.reader(file), [])


@dataclass
class PreparedCsv:
    """A CSV ready to upload: phone columns in E.164, unusable rows left out and listed in ``rejected``."""

    file: IO[bytes]
    header: list[str]
    rows: int = 0
    accepted: int = 0
    rejected: list[PhoneProblem] = field(default_factory=list)


def prepare_csv(
    source: str | Path | IO[str],
    phone_columns: Sequence[str],
    *,
    default_region: str | None = DEFAULT_REGION,
    require_valid: bool = False,
    normalize: bool = True,
) -> PreparedCsv:
    """Rewrite ``source`` into a temporary file (UTF-8, CRLF): E.164 phones, no rows the import would refuse for
    their shape (wrong field count, unusable phone). Blank lines are dropped."""
    text: IO[str] = open(source, newline="", encoding="utf-8-sig") if isinstance(source, (str, Path)) else source
    out = tempfile.TemporaryFile()
    writer_stream = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        reader = csv.reader(text)
        header = next(reader, [])
        prepared = PreparedCsv(out, [h.strip() for h in header])
        writer = csv.writer(writer_stream)
        writer.writerow(header)
        positions = [(i, name) for i, name in enumerate(prepared.header) if name in set(phone_columns)]
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            prepared.rows += 1
            problem = _row_problem(row, len(header), number, positions, default_region, require_valid, normalize)
            if isinstance(problem, PhoneProblem):
                prepared.rejected.append(problem)
                continue
            writer.writerow(row)
            prepared.accepted += 1
    finally:
        if isinstance(source, (str, Path)):
            text.close()
    writer_stream.detach()
    out.seek(0)
    return prepared


def _row_problem(
    row: list[str],
    width: int,
    number: int,
    phones: list[tuple[int, str]],
    region: str | None,
    require_valid: bool,
    normalize: bool,
) -> PhoneProblem | None:
    """Normalise the row's phones in place, or say why the row cannot be used."""
    if len(row) != width:
        return PhoneProblem(number, "*", ",".join(row)[:80], f"has {len(row)} fields but the header has {width}")
    if not normalize:
        return None
    for index, column in phones:
        value = row[index]
        if not value.strip():
            continue  # an empty phone is allowed: the contact may be reachable another way
        try:
            row[index] = to_e164(value, region, require_valid=require_valid)
        except PhoneNumberError as exc:
            return PhoneProblem(number, column, value, str(exc))
    return None


def contacts_from_csv(path: str | Path) -> list[WritableDialerContact]:
    """Each row of a CSV as a contact (``data`` = the row), for ``POST …/contacts`` rather than an upload."""
    with open(path, newline="", encoding="utf-8-sig") as file:
        return [
            WritableDialerContact(data={k.strip(): v for k, v in row.items() if k})
            for row in csv.DictReader(file)
            if any((v or "").strip() for v in row.values())
        ]
