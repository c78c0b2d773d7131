"""What the server holds while it runs: the store, the load and validation reports, the query pool.

:func:`load_state` is the blocking part of start-up (load the files, validate them); the lifespan
in :mod:`tbgraph.api.app` runs it in a thread, and starts the query workers from it once the files
are loaded (its ``loaded`` callback), before the verdict.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from threading import Lock
from typing import Any, Literal, TypeVar

from .. import __version__
from ..dataset import open_dataset
from ..loader import LoadReport, SourceFile, default_sources
from ..store import SelectResult, Store
from .cache import AnswerCache, CachedAnswer
from .executor import QueryExecutor
from .settings import Settings
from .verdict import validate_sources

__all__ = ["ServerState", "StartupRefused", "load_state", "worker_data", "Memo"]

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


def _void(store: Store, report: LoadReport) -> VoidStats:
    """The VoID statistics, kept by data version: counting classes and entities is most of a
    start on a large store (docs/decisions/0006-start-up.md)."""
    from ..kept import keep, kept_key, recall

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
    from ..named_queries import load_query

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


def load_state(settings: Settings, loaded: Callable[[ServerState], None] | None = None) -> ServerState:
    """Load and check the data; raise :class:`StartupRefused` naming the problems.

    With ``settings.last_good`` a start whose data conforms keeps a copy of it there, and a start
    whose data does not load or conform serves that copy instead of refusing (loudly).

    ``loaded`` is called with the state as soon as the current files are loaded, before their
    verdict is known (:mod:`tbgraph.api.worker_start` starts the query workers then); the state
    returned may still be another one (the last good data), or none.
    """
    sources = default_sources(root=settings.data_root)
    if settings.last_good is None:
        return _load_state(settings, sources, validate=settings.validate_on_start, loaded=loaded)
    try:
        state = _load_state(settings, sources, validate=settings.validate_on_start, loaded=loaded)
    except StartupRefused as refused:
        return _load_last_good(settings, settings.last_good, refused)
    if state.conforms:
        from .lastgood import save

        try:
            save(settings.last_good, sources, state.data_version)
        except OSError as error:
            log.warning("could not keep a copy of the data in %s: %s", settings.last_good, error)
    return state


def _load_last_good(settings: Settings, folder: Path, refused: StartupRefused) -> ServerState:
    from .lastgood import latest

    snapshot = latest(folder)
    if snapshot is None:
        raise StartupRefused(
            f"{refused}\nThere is no last good copy of the data in {folder} to start on instead (one is "
            "kept after every start whose data conforms)."
        )
    gc.collect()  # close the store the refused start left behind (its traceback formed a cycle)
    try:
        # The copy conformed when it was kept; it is not validated again.
        state = _load_state(settings, snapshot.sources, validate=False)
    except StartupRefused as also:
        raise StartupRefused(
            f"{refused}\nThe last good copy in {snapshot.folder} does not load either: {also}"
        ) from None
    state.conforms = True
    state.data = "last-good"
    state.data_reason = str(refused)
    log.error(
        "\n%s\nSERVING THE LAST GOOD DATA (data version %s, kept %s, from %s), NOT THE CURRENT FILES:\n%s\n%s",
        "!" * 78,
        snapshot.data_version,
        snapshot.saved,
        snapshot.folder,
        refused,
        "!" * 78,
    )
    return state


def _validated(settings: Settings, sources: list[SourceFile], data_version: str) -> tuple[bool, list[str]]:
    """validate_sources, or the verdict kept from an earlier start on the same files (tbgraph.kept)."""
    from ..kept import keep, kept_key, recall

    key = kept_key(data_version) if settings.remember_validation and data_version else None
    kept = recall("validation", key) if key is not None else None
    if isinstance(kept, dict) and isinstance(kept.get("conforms"), bool) and isinstance(kept.get("problems"), list):
        verdict = "conforms" if kept["conforms"] else "violations"
        log.info("data version %s was validated before: %s", data_version, verdict)
        return kept["conforms"], [str(p) for p in kept["problems"]]
    from .early_validation import take

    early = take(data_version)
    if early is not None:
        verdict = "conforms" if early[0] else "violations"
        log.info("data version %s validated while the server started: %s", data_version, verdict)
    conforms, problems = early if early is not None else validate_sources(settings, sources)
    if key is not None:
        keep("validation", key, {"conforms": conforms, "problems": problems})
    return conforms, problems


def _load_state(
    settings: Settings,
    sources: list[SourceFile],
    *,
    validate: bool,
    loaded: Callable[[ServerState], None] | None = None,
) -> ServerState:
    from ..loader import DataFileError
    from .early_open import take

    try:
        # Opened while the web stack was imported (tbgraph serve), or here.
        dataset = None if settings.store_url else take(settings.store, sources)
        if dataset is None:
            dataset = open_dataset(
                engine="remote" if settings.store_url else "oxigraph",
                store_url=settings.store_url,
                store_path=settings.store,
                sources=sources,
            )
    except DataFileError as error:
        # Raised outside this block: the DataFileError's frames hold the half-loaded store, which
        # must be closed (for a persistent one: its lock released) before the last good data loads.
        refused: StartupRefused | None = StartupRefused(f"the data does not load: {error}")
    else:
        refused = None
    if refused is not None:
        raise refused
    assert dataset is not None
    store = dataset.store
    state = ServerState(
        settings=settings,
        store=store,
        report=dataset.report,
        sources=sources,
        conforms=None,
        problems=[],
        graphs=frozenset(store.graphs()),
        void=_void(store, dataset.report),
        cache=AnswerCache(settings.result_cache_bytes),
        reused=dataset.reused,
    )
    if loaded is not None:
        loaded(state)
    if validate:
        conforms, problems = _validated(settings, sources, dataset.report.data_version)
        if not conforms:
            listing = "\n  ".join(problems[:50]) + ("\n  …" if len(problems) > 50 else "")
            message = (
                f"the data does not conform to the SHACL shapes ({len(problems)} violation(s)):"
                f"\n  {listing}\n"
                "Fix the data (run `tbgraph validate` for the full report), or start anyway with "
                "--allow-nonconforming / TBGRAPH_ALLOW_NONCONFORMING=1."
            )
            if not settings.allow_nonconforming:
                raise StartupRefused(message)
            log.warning("starting although %s", message)
        state.conforms, state.problems = conforms, problems
    return state


def worker_data(state: ServerState) -> dict[str, Any]:
    """How the query workers get the same data: the same files, plus the meta graph as N-Quads."""
    from .worker_data import worker_data as data_for

    if state.settings.store is None:
        state.dump_dir = tempfile.TemporaryDirectory(prefix="tbgraph-")
        return data_for(state.store, state.sources, None, Path(state.dump_dir.name))
    return data_for(state.store, state.sources, state.settings.store, Path("."))
