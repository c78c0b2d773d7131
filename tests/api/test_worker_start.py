"""The query workers start while the data loads or is validated, and never serve other data.

tbgraph.api.worker_start: the lifespan starts the workers on a persistent store before opening it,
or from the loading thread as soon as the files are loaded (before the SHACL verdict), and claims
them once the state is final. A refused start must leave no worker behind, a start that falls back
on the last good data must not keep workers that loaded the refused files, and workers that opened
a persistent store the server then loaded again must not be the ones that answer.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

from tbgraph.api.executor import QueryExecutor
from tbgraph.api.settings import Settings
from tbgraph.api.state import ServerState, StartupRefused, load_state
from tbgraph.api.worker import Job
from tbgraph.api.worker_start import WorkerStart
from tbgraph.resources import resource_root

LETTER = Path("data") / "letters" / "2023-hod-ehelse.ttl"
# Section 2 of the letter gives 26 assignments, TB2023-01 … TB2023-26.
COUNT_ASSIGNMENTS = (
    "PREFIX tb: <https://w3id.org/tbgraph/ontology#> SELECT (COUNT(?a) AS ?n) WHERE { ?a a tb:Assignment }"
)


def _root(folder: Path, *, conforming: bool = True) -> Path:
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(resource_root() / name, folder / name)
    if not conforming:
        # TB2023-01 loses its owner (letter §4: every assignment has one; the shapes require it).
        path = folder / LETTER
        owner = r"<assignment/ehelse/TB2023-01/involvement/ehelse-owner>,?\s*"
        text, n = re.subn(owner, "", path.read_text(encoding="utf-8"), count=1)
        assert n == 1
        path.write_text(text, encoding="utf-8")
    return folder


def _alive(executor: QueryExecutor) -> list[bool]:
    return [handle.is_alive() for handle in executor._all]


async def _count(executor: QueryExecutor) -> str:
    reply = await executor.run(Job(COUNT_ASSIGNMENTS, "text/csv"))
    assert reply.status == "ok", reply
    return reply.body.decode().splitlines()[1]


def test_the_workers_started_early_are_the_ones_served(tmp_path: Path) -> None:
    settings = Settings(data_root=_root(tmp_path / "root"), query_workers=1, remember_validation=False)

    async def scenario() -> tuple[QueryExecutor | None, QueryExecutor, str, ServerState]:
        start = WorkerStart(settings, asyncio.get_running_loop())
        state = await asyncio.to_thread(load_state, settings, start.loaded)
        early = start._started.executor if start._started else None
        executor = await start.claim(state)
        try:
            return early, executor, await _count(executor), state
        finally:
            await executor.close()

    early, executor, count, state = asyncio.run(scenario())
    assert executor is early  # not a second set of workers
    assert state.conforms is True
    # The shipped letter's assignments, answered by the early workers; the count is the store's own.
    stored = state.store.query(COUNT_ASSIGNMENTS)
    assert count == str(stored.rows[0]["n"]) == "26"  # type: ignore[union-attr]
    if state.dump_dir is not None:
        state.dump_dir.cleanup()


def test_a_refused_start_leaves_no_worker_behind(tmp_path: Path) -> None:
    settings = Settings(
        data_root=_root(tmp_path / "root", conforming=False), query_workers=2, remember_validation=False
    )

    async def scenario() -> QueryExecutor | None:
        start = WorkerStart(settings, asyncio.get_running_loop())
        try:
            await asyncio.to_thread(load_state, settings, start.loaded)
        except StartupRefused:
            early = start._started.executor if start._started else None
            await start.discard()
            return early
        raise AssertionError("non-conforming data was not refused")

    early = asyncio.run(scenario())
    assert early is not None  # they had been started, before the verdict
    assert _alive(early) == []  # and are gone


def test_the_last_good_data_gets_workers_of_its_own(tmp_path: Path) -> None:
    good = _root(tmp_path / "root")
    kept = tmp_path / "kept"
    settings = Settings(data_root=good, last_good=kept, query_workers=1, remember_validation=False)
    first = load_state(settings)  # conforms: a copy is kept
    assert first.conforms is True
    shutil.rmtree(good)
    _root(good, conforming=False)

    async def scenario() -> tuple[QueryExecutor | None, list[bool], QueryExecutor, str, ServerState]:
        start = WorkerStart(settings, asyncio.get_running_loop())
        state = await asyncio.to_thread(load_state, settings, start.loaded)
        early = start._started.executor if start._started else None
        executor = await start.claim(state)
        try:
            return early, _alive(early) if early else [], executor, await _count(executor), state
        finally:
            await executor.close()

    early, early_alive, executor, count, state = asyncio.run(scenario())
    assert state.data == "last-good"
    assert early is not None and executor is not early
    assert early_alive == []  # the workers of the refused files were closed
    assert count == "26"  # the kept copy's assignments
    if state.dump_dir is not None:
        state.dump_dir.cleanup()


def test_claim_without_an_early_start_starts_workers(tmp_path: Path) -> None:
    settings = Settings(data_root=_root(tmp_path / "root"), query_workers=2, validate_on_start=False)

    async def scenario() -> tuple[int, str]:
        start = WorkerStart(settings, asyncio.get_running_loop())
        state = await asyncio.to_thread(load_state, settings)  # no callback: nothing started early
        executor = await start.claim(state)
        try:
            return len(_alive(executor)), await _count(executor)
        finally:
            await executor.close()
            if state.dump_dir is not None:
                state.dump_dir.cleanup()

    alive, count = asyncio.run(scenario())
    assert alive == 2 and count == "26"


def _loaded_store(tmp_path: Path) -> Settings:
    """Settings of a persistent store loaded once from a copy of the shipped data."""
    settings = Settings(
        data_root=_root(tmp_path / "root"), store=tmp_path / "store", query_workers=1, validate_on_start=False
    )
    first = load_state(settings)
    assert not first.reused
    first.store.native.flush()
    return settings


def _restart(settings: Settings) -> tuple[ServerState, QueryExecutor | None, list[bool], QueryExecutor, str]:
    """A start as the lifespan makes it on ``settings.store``: the state, the workers started
    before the store was opened (and which of them are alive afterwards), the workers served, and
    their count of assignments."""

    async def scenario() -> tuple[ServerState, QueryExecutor | None, list[bool], QueryExecutor, str]:
        start = WorkerStart(settings, asyncio.get_running_loop())
        start.persistent()
        early = start._started.executor if start._started else None
        state = await asyncio.to_thread(load_state, settings, start.loaded)
        executor = await start.claim(state)
        try:
            return state, early, _alive(early) if early else [], executor, await _count(executor)
        finally:
            await executor.close()

    return asyncio.run(scenario())


def test_workers_on_a_reused_persistent_store_start_before_it_is_opened(tmp_path: Path) -> None:
    settings = _loaded_store(tmp_path)  # the restart below reuses it
    state, early, early_alive, executor, count = _restart(settings)
    assert state.reused and early is not None
    assert executor is early and any(early_alive)  # the workers started before the store was opened here
    assert count == "26"


def test_workers_that_opened_a_store_loaded_again_are_replaced(tmp_path: Path) -> None:
    settings = _loaded_store(tmp_path)
    # TB2023-26 leaves the letter: the files' data version changes, so the store is loaded again.
    assert settings.data_root is not None
    path = settings.data_root / LETTER
    text = path.read_text(encoding="utf-8")
    marker = "<assignment/ehelse/TB2023-26>\n    a tb:Assignment ;"
    assert marker in text
    removed = "<assignment/ehelse/TB2023-26>\n    a tb:RemovedForTheTest ;"
    path.write_text(text.replace(marker, removed), encoding="utf-8")
    state, early, early_alive, executor, count = _restart(settings)
    assert not state.reused and early is not None
    assert executor is not early and early_alive == []
    assert count == "25"  # the new workers read the store as loaded again
