"""Pages of a long list: ``limit`` and ``offset``, ``X-Total-Count`` and RFC 8288 ``Link`` headers.

One letter's lists are short; a thousand letters make tens of thousands of rows (26,038 assignments,
12 MB of JSON for ``/api/ask/owners``), more than a client wants in one answer and more than a
server can send a hundred times a second. Every list route pages the same way, so a client that
follows ``rel="next"`` on one follows it on all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, TypeVar

from fastapi import Query, Request, Response

__all__ = ["Limit", "Offset", "page", "MAX_PAGE"]

T = TypeVar("T")

#: The largest page a client may ask for.
MAX_PAGE = 10_000

Limit = Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="At most this many (a page); default: all.")]
Offset = Annotated[int, Query(ge=0, description="Skip this many first (with limit: the page's start).")]


def page(items: Sequence[T], request: Request, response: Response, limit: int | None, offset: int) -> list[T]:
    """``items[offset:offset + limit]``, with the whole list's length and the next/prev pages in headers."""
    response.headers["X-Total-Count"] = str(len(items))
    if limit is None:
        return list(items[offset:])
    links = []
    if offset + limit < len(items):
        links.append(f'<{_page_url(request, offset + limit, limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{_page_url(request, max(0, offset - limit), limit)}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return list(items[offset : offset + limit])


def _page_url(request: Request, offset: int, limit: int) -> str:
    """Another page of this request, the filters kept as given: a relative reference (``?…``), which
    resolves against the address the client used, also behind a proxy that rewrites the path."""
    return "?" + request.url.include_query_params(offset=offset, limit=limit).query
