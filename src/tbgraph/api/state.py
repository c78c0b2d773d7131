"""What the server holds while it runs: the store, the load and validation reports, the query pool,
the caches. :mod:`tbgraph.api.startup.sequence` makes it; every route reads it (:mod:`tbgraph.api.deps`).
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, field
from threading import Lock
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from tbgraph.api.middleware.cache import AnswerCache, CachedAnswer
from tbgraph.api.settings import Settings
from tbgraph.dataset.loader import LoadReport, SourceFile
from tbgraph.model.version import __version__
from tbgraph.sandbox.pool import QueryExecutor
from tbgraph.store.base import SelectResult, Store

if TYPE_CHECKING:
    from tbgraph.questions.kept import KeptAnswers

__all__ = ["ServerState", "StartupRefused", "Memo", "VoidStats", "void_stats"]

log = logging.getLogger("tbgraph.api")
T = TypeVar("T")


class StartupRefused(RuntimeError):
    """The server will not start: the data does not load, or does not conform to the shapes."""


class Memo:
    """Answers of internal (REST) queries, computed once: the data does not change while serving."""

    def __init__(self, max_entries: int = 2048) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()
        #: The named questions' whole answers kept on disk for the data served (tbgraph.questions.kept),
        #: read by every :class:`tbgraph.api.services.Answers` on this memo; None: computed as asked.
        self.kept: KeptAnswers | None = None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value


@dataclass
class VoidStats:
    triples: int
    graphs: dict[str, int]
    classes: list[tuple[str, int]]
    properties: int
    entities: int


@dataclass
class ServerState:
    """``app.state.tbgraph``: what every route reads."""

    settings: Settings
    store: Store
    report: LoadReport
    sources: list[SourceFile]
    conforms: bool | None
    problems: list[str]
    graphs: frozenset[str]
    void: VoidStats
    cache: AnswerCache[CachedAnswer]
    memo: Memo = field(default_factory=Memo)
    executor: QueryExecutor | None = None
    dump_dir: tempfile.TemporaryDirectory[str] | None = None
    started: float = field(default_factory=time.time)
    version: str = __version__
    data: Literal["current", "last-good"] = "current"  # last-good: an earlier start's files (lastgood.py)
    data_reason: str | None = None  # why the current data was not served
    reused: bool = False  # a persistent store opened as it was last loaded, not loaded again
    validation_gate: asyncio.Semaphore | None = None  # POST /api/validate: settings.validations_at_once

    def validation_turn(self) -> asyncio.Semaphore:
        """The gate uploads pass to be validated, made on first use (inside the server's event loop)."""
        if self.validation_gate is None:
            self.validation_gate = asyncio.Semaphore(self.settings.validations_at_once)
        return self.validation_gate

    @property
    def data_version(self) -> str:
        return self.report.data_version


def void_stats(store: Store, report: LoadReport) -> VoidStats:
    """The VoID statistics, kept by data version: counting classes and entities is most of a
    start on a large store (docs/decisions/0006-start-up.md)."""
    from tbgraph.dataset.kept import keep, kept_key, recall

    key = kept_key(report.data_version) if report.data_version else None
    kept = recall("void", key) if key is not None else None
    if isinstance(kept, dict):
        try:
            return VoidStats(
                triples=int(kept["triples"]),
                graphs={str(g): int(n) for g, n in kept["graphs"].items()},
                classes=[(str(c), int(n)) for c, n in kept["classes"]],
                properties=int(kept["properties"]),
                entities=int(kept["entities"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    stats = _count_void(store, report.triples or None)
    if key is not None:
        keep("void", key, asdict(stats))
    return stats


def _count_void(store: Store, triples: int | None = None) -> VoidStats:
    """``triples``: the store's size if known (the load counted it; counting again is not free)."""
    from tbgraph.sparql import load_query

    classes = store.query(load_query("void-classes"))
    stats = store.query(load_query("void-stats"))
    assert isinstance(classes, SelectResult) and isinstance(stats, SelectResult)
    row = stats.rows[0] if stats.rows else {}
    counts = store.query(load_query("void-graphs"))
    assert isinstance(counts, SelectResult)
    graphs = {str(r["graph"]): int(str(r["triples"])) for r in counts.rows}
    return VoidStats(
        triples=len(store) if triples is None else triples,
        graphs=dict(sorted(graphs.items())),
        classes=[(str(r["class"]), int(str(r["entities"]))) for r in classes.rows],
        properties=int(str(row.get("properties", 0))),
        entities=int(str(row.get("entities", 0))),
    )
