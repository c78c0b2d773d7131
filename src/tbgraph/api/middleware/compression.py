"""gzip for answers that are kept: compressed once, sent compressed to every client that accepts it.

Whole answers over many letters compress to a thirtieth of their size or less. Kept compressed,
they fit the answer cache (one entry may take an eighth of it) instead of being recomputed on
every ask, and a client that sends ``Accept-Encoding: gzip`` (browsers, curl ``--compressed``,
httpx, requests) gets the stored bytes as they are; one that does not gets them decompressed.
Small bodies are kept as they are: under :data:`MIN_BYTES` gzip's header and the work cost more
than they save. Compression runs once per answer and data version, so :data:`LEVEL` buys a smaller
body with more work once. The figures that chose it: docs/decisions/0003-answer-caches.md
(``benchmarks/compression.py``).
"""

from __future__ import annotations

import gzip

__all__ = ["LEVEL", "MIN_BYTES", "accepts_gzip", "compress", "decompress", "vary"]

#: zlib level (1 fastest … 9 smallest); see the module docstring.
LEVEL = 6

#: Bodies smaller than this are not compressed.
MIN_BYTES = 1024


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether a request's ``Accept-Encoding`` (RFC 9110 §12.5.3) takes gzip.

    ``gzip;q=0`` refuses it even where ``*`` would allow it; ``x-gzip`` is the same coding.
    """
    if not accept_encoding:
        return False
    named: float | None = None
    wildcard: float | None = None
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        coding = coding.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        if coding in ("gzip", "x-gzip"):
            named = quality if named is None else max(named, quality)
        elif coding == "*":
            wildcard = quality
    if named is not None:
        return named > 0
    return wildcard is not None and wildcard > 0


def compress(body: bytes) -> bytes:
    """gzip at :data:`LEVEL`, with no time stamp: the same body always gives the same bytes."""
    return gzip.compress(body, compresslevel=LEVEL, mtime=0)


def decompress(body: bytes) -> bytes:
    return gzip.decompress(body)


def vary(existing: str | None, *names: str) -> str:
    """``existing`` (a ``Vary`` value) with ``names`` added once each, case-insensitively."""
    parts = [p.strip() for p in (existing or "").split(",") if p.strip()]
    seen = {p.lower() for p in parts}
    for name in names:
        if name.lower() not in seen:
            parts.append(name)
            seen.add(name.lower())
    return ", ".join(parts)
