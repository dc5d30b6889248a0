"""Walking paged listings (facts §4) page by page, as one iterator of entities.

Listings stop on ``pageCount`` when the API sends it and on a short or empty page otherwise. Some searches only
reach a window of records (external contacts: ``pageNumber * pageSize <= 1000``, facts §9.2): the iterator never
asks for a page past the window, since the API would refuse it, and records in :attr:`Pages.truncated` that the
listing had more than it could reach, so a caller can narrow the query instead of silently missing contacts.
"""

from __future__ import annotations

import logging
from typing import Callable, Generic, Iterator, TypeVar

from contracts.common import EntityListing

log = logging.getLogger("genesys_client.paging")

E = TypeVar("E")
FetchPage = Callable[[int, int], EntityListing]
"""``fetch(page_number, page_size)`` -> one page of the listing."""


class Pages(Generic[E]):
    """Iterate every entity of a listing; after (or during) iteration ``total``/``truncated`` describe it."""

    def __init__(self, fetch: FetchPage, page_size: int, *, window: int | None = None) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        if window is not None and page_size > window:
            raise ValueError(f"page_size {page_size} is larger than the {window}-record window")
        self._fetch = fetch
        self.page_size = page_size
        self.window = window
        self.total: int | None = None
        self.pages_fetched = 0
        self.yielded = 0
        self.truncated = False

    def __iter__(self) -> Iterator[E]:
        for page in self.pages():
            yield from page.entities

    def pages(self) -> Iterator[EntityListing]:
        """The pages themselves, for callers that want the envelope (``total``, ``pageCount``…)."""
        number, size = 1, self.page_size
        while True:
            if self.window is not None and number * size > self.window:
                self.truncated = self.total is not None and self.yielded < self.total
                if self.truncated:
                    log.warning(
                        "listing has %s records but only the first %s are reachable; narrow the query",
                        self.total,
                        self.window,
                    )
                return
            page = self._fetch(number, size)
            self.pages_fetched += 1
            self.total = page.total if page.total is not None else self.total
            self.yielded += len(page.entities)
            yield page
            size = page.page_size or size  # the API may clamp the size; later pages must use the same one
            if not page.entities or self._last(page, number, size):
                return
            number += 1

    @staticmethod
    def _last(page: EntityListing, number: int, size: int) -> bool:
        if page.page_count is not None:
            return number >= page.page_count
        return page.next_uri is None or len(page.entities) < size
