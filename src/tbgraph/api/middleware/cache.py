"""A byte-bounded LRU cache of serialised answers.

The dataset does not change while the server runs (it is loaded at start and never updated
through HTTP), so an answer depends only on the query text, the dataset graphs it runs on, the
data version and the media type written: a cached answer is the answer (what it saves:
docs/decisions/0003-answer-caches.md). Answers of
:data:`~tbgraph.api.middleware.compression.MIN_BYTES` or more are kept gzip-compressed
(:mod:`tbgraph.api.middleware.compression`), so the byte bound counts what is really held.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from threading import Lock
from typing import Generic, Protocol, TypeVar

__all__ = ["CachedAnswer", "AnswerCache", "Sized", "key_bytes"]


class Sized(Protocol):
    """What the cache counts: the bytes of a kept answer's body."""

    @property
    def body(self) -> bytes: ...


A = TypeVar("A", bound=Sized)


@dataclass(frozen=True)
class CachedAnswer:
    """``body`` as kept: gzip-compressed when ``encoding`` is ``"gzip"``."""

    body: bytes
    media_type: str
    truncated: str  # "", "rows" or "bytes": why the answer was cut
    count: int
    encoding: str | None = None


def key_bytes(key: Hashable) -> int:
    """About what a key holds in memory: its strings and bytes, and a little for each part."""
    if isinstance(key, str | bytes):
        return len(key) + 49
    if isinstance(key, tuple | frozenset):
        return 56 + sum(key_bytes(part) for part in key)
    return 32


#: What an entry costs beyond its key and body: the dict slot, the answer object, its headers.
ENTRY_OVERHEAD = 256


class AnswerCache(Generic[A]):
    """At most ``max_bytes`` of answers and their keys; one entry above ``max_bytes // 8`` is not kept.

    Keys are counted too: a key holds what the client sent (a query string, a query's text), and
    distinct keys that were never freed grew a server past a gigabyte.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, A] = OrderedDict()
        self._size = 0
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> A | None:
        if not self.max_bytes:
            return None
        with self._lock:
            answer = self._entries.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: Hashable, answer: A) -> None:
        size = len(answer.body) + key_bytes(key) + ENTRY_OVERHEAD
        if not self.max_bytes or size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old.body) + key_bytes(key) + ENTRY_OVERHEAD
            self._entries[key] = answer
            self._size += size
            while self._size > self.max_bytes and self._entries:
                evicted_key, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted.body) + key_bytes(evicted_key) + ENTRY_OVERHEAD

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        return self._size
