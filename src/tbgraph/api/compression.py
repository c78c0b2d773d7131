"""gzip for answers that are kept: compressed once, sent compressed to every client that accepts it.

The eleven competency questions' whole answers over 1,000 letters are 92 MB of SPARQL JSON (up to
24 MB each) and 2.9 MB gzip-compressed (``benchmarks/compression.py``). Kept uncompressed they did
not fit the answer cache (one entry may take an eighth of it), so every ask recomputed them, and
each ask sent megabytes. Kept compressed, they fit, and a client that sends ``Accept-Encoding:
gzip`` (browsers, curl ``--compressed``, httpx, requests) gets the stored bytes as they are; one
that does not gets them decompressed, about 1 ms per 1.5 MB. Small bodies are kept as they are:
under :data:`MIN_BYTES` gzip's header and the work cost more than they save.

:data:`LEVEL` was picked by ``benchmarks/compression.py``: compression runs once per answer and data
version, so it buys level 6's smaller body (1.5 times smaller than level 1, 32 times smaller than
none; decompressing it is no slower) for about 5 ms per MB once, twice level 1's cost; level 9 took
twice as long again for 5 % less.
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
