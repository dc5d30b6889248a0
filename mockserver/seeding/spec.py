"""What to seed: the body of ``POST /__mock/seed``, the ``seed:`` part of a seed file, the CLI's options.

Bounds keep one request from asking for more than the mock's own limits allow (1000 lists per org, a million
contacts per list) or from tying the server up for minutes.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

DEFAULT_LOCALE = "en_US"
MAX_TOTAL_CONTACTS = 1_000_000  # about a minute of generating and importing on a small machine


@lru_cache(maxsize=1)
def available_locales() -> frozenset[str]:
    from faker.config import AVAILABLE_LOCALES

    return frozenset(AVAILABLE_LOCALES)


class SeedSpec(BaseModel):
    """Counts of what to create; ``seed`` and ``locale`` fix the data (same seed, locale and clock: same data)."""

    # defer_build: the validator is built by the first seed request, not at import (start-up pays nothing).
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", defer_build=True)

    locale: str = DEFAULT_LOCALE
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="absent: a random seed, returned in the summary")
    contact_lists: int = Field(1, ge=0, le=1000)
    contacts_per_list: int = Field(25, ge=0, le=1_000_000)
    external_contacts: int = Field(10, ge=0, le=100_000)
    users: int = Field(0, ge=0, le=1000, description="user references: participants of seeded calls")
    queues: int = Field(0, ge=0, le=1000, description="queue references: seeded calls are placed on their behalf")
    calls: int = Field(0, ge=0, le=10_000, description="ended calls placed by the configured (login) users")
    now: AwareDatetime | None = Field(None, description="the instant the data is dated back from; absent: the clock")

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in available_locales():
            raise ValueError(f"unknown Faker locale {value!r} (e.g. en_US, de_DE, fr_FR, ja_JP)")
        return value

    @model_validator(mode="after")
    def _bounded_total(self) -> SeedSpec:
        total = self.contact_lists * self.contacts_per_list
        if total > MAX_TOTAL_CONTACTS:
            raise ValueError(f"contactLists x contactsPerList is {total}; at most {MAX_TOTAL_CONTACTS} per request")
        return self
