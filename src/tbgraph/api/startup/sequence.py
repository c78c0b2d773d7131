"""Start-up, in the order it happens.

``tbgraph serve``, before it imports the web stack (:mod:`tbgraph.cli.commands.serve`):

0. checks that it can listen on the port, and forks the SHACL validation of the files
   (:mod:`tbgraph.api.startup.early_validation`), which then runs while uvicorn, FastAPI and rdflib are
   imported (it takes longer than they do).

Then the application's lifespan (:mod:`tbgraph.api.app`) calls :func:`start`:

1. **open the data** (:func:`open_data`): load the files into the store, or reuse a persistent store
   holding the same data version, or a SPARQL server's. A file that does not load refuses the
   start, naming the file and line.
2. **the kept answers** (:func:`keep_answers`): the whole answers of every question that can be asked
   without parameters, for this data version, read from ``$TBGRAPH_HOME/cache`` or computed now and
   kept (:mod:`tbgraph.questions.kept`), while the forked validation runs; so a first ask after the
   start reads its answer, never computes it.
3. **the verdict** (:func:`verdict`): kept from an earlier start on the same data version, or taken
   from the early validation, or validated now. Data that does not conform refuses the start,
   naming the violations, unless ``--allow-nonconforming``.
4. **or the last good data** (:func:`load`): with ``--last-good DIR`` a refused start serves the copy
   kept by the last start whose data conformed (loudly), and a start that conforms keeps a copy.
5. **the query workers** (:func:`start_workers`): started on the data that will be served, and
   waited for.
6. serve.

Nothing is served before step 5 has finished. Why the validation is forked early and the rest runs
in order: docs/decisions/0006-start-up.md; why answers are kept: docs/decisions/0011.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import tempfile
import time
from pathlib import Path

from tbgraph.api.middleware.cache import AnswerCache
from tbgraph.api.settings import Settings
from tbgraph.api.startup.verdict import validate_sources
from tbgraph.api.state import ServerState, StartupRefused, void_stats
from tbgraph.dataset.loader import SourceFile, default_sources
from tbgraph.dataset.opening import OpenDataset, StoreFolderError, open_dataset
from tbgraph.sandbox.pool import QueryExecutor
from tbgraph.sandbox.worker import spec_for
from tbgraph.sandbox.worker_data import worker_data

__all__ = ["start", "load", "open_data", "verdict", "keep_answers", "start_workers", "StartupRefused"]

log = logging.getLogger("tbgraph.api")


async def start(settings: Settings) -> ServerState:
    """Steps 1–5: the state to serve, with its query workers running."""
    state = await asyncio.to_thread(load, settings)
    try:
        state.executor = await start_workers(settings, state)
    except BaseException:
        _close_dump(state)
        raise
    return state


def load(settings: Settings) -> ServerState:
    """Steps 1–4, blocking: the data opened, the aggregates kept, its verdict; :class:`StartupRefused`
    names the problems."""
    sources = default_sources(root=settings.data_root)
    if settings.last_good is None:
        return _checked(settings, sources, validate=settings.validate_on_start)
    try:
        state = _checked(settings, sources, validate=settings.validate_on_start)
    except StartupRefused as refused:
        return _last_good(settings, settings.last_good, refused)
    if state.conforms:
        from tbgraph.api.startup.lastgood import save

        try:
            save(settings.last_good, sources, state.data_version)
        except OSError as error:
            log.warning("could not keep a copy of the data in %s: %s", settings.last_good, error)
    return state


def open_data(settings: Settings, sources: list[SourceFile]) -> OpenDataset:
    """Step 1: the files in the store (or a store that holds them already)."""
    from tbgraph.dataset.loader import DataFileError

    try:
        return open_dataset(
            engine="remote" if settings.store_url else "oxigraph",
            store_url=settings.store_url,
            store_path=settings.store,
            sources=sources,
        )
    except DataFileError as error:
        message = f"the data does not load: {error}"
    except StoreFolderError as error:  # the store keeps what it held: the last good data may be it
        message = f"the store cannot take the data: {error}"
    # Raised outside the handler: the DataFileError's frames hold the half-loaded store, which must
    # be closed (for a persistent one: its lock released) before the last good data loads.
    raise StartupRefused(message)


def verdict(settings: Settings, sources: list[SourceFile], data_version: str) -> tuple[bool, list[str]]:
    """Step 3: (conforms, violations), kept by data version (:mod:`tbgraph.dataset.kept`), from the early
    validation, or validated now."""
    from tbgraph.api.startup.early_validation import take
    from tbgraph.dataset.kept import keep, kept_key, recall

    key = kept_key(data_version) if settings.remember_validation and data_version else None
    kept = recall("validation", key) if key is not None else None
    if isinstance(kept, dict) and isinstance(kept.get("conforms"), bool) and isinstance(kept.get("problems"), list):
        log.info("data version %s was validated before: %s", data_version, _said(kept["conforms"]))
        return kept["conforms"], [str(p) for p in kept["problems"]]
    early = take(data_version)
    if early is not None:
        log.info("data version %s validated while the server started: %s", data_version, _said(early[0]))
    conforms, problems = early if early is not None else validate_sources(settings, sources)
    if key is not None:
        keep("validation", key, {"conforms": conforms, "problems": problems})
    return conforms, problems


async def start_workers(settings: Settings, state: ServerState) -> QueryExecutor:
    """Step 5: query workers on ``state``'s data (the same files, or the same store read-only)."""
    if settings.store is None:
        state.dump_dir = tempfile.TemporaryDirectory(prefix="tbgraph-")
        folder = Path(state.dump_dir.name)
    else:
        folder = Path(".")
    data = await asyncio.to_thread(worker_data, state.store, state.sources, settings.store, folder)
    executor = QueryExecutor(
        spec_for(settings, **data),
        size=settings.query_workers,
        timeout=settings.query_timeout,
        queue_wait=settings.query_queue_wait,
        allow_unisolated=settings.allow_unisolated_queries,
    )
    await executor.start()
    return executor


def keep_answers(state: ServerState) -> None:
    """Step 2: every answer asked without parameters for this data version, kept or computed now (on a
    first start on new data only, beside the forked validation, which takes longer; why before serving:
    docs/decisions/0011); every later step reads them through ``state.memo``."""
    from tbgraph.questions.kept import KeptAnswers, keeping_answers

    if not keeping_answers() or state.store.engine != "oxigraph" or not state.data_version:
        return  # another engine's answers (a SPARQL server's) are its own; computed as asked
    kept = KeptAnswers(state.data_version)
    started = time.perf_counter()
    try:
        computed = kept.compute(state.store)
    except Exception:  # a question that fails here fails when asked, and says so there
        log.exception("could not compute the answers at start; they are computed as asked")
        computed = []
    if computed:
        log.info("kept the answers of %s in %.2f s", ", ".join(computed), time.perf_counter() - started)
    state.memo.kept = kept


def _said(conforms: bool) -> str:
    return "conforms" if conforms else "violations"


def _checked(settings: Settings, sources: list[SourceFile], *, validate: bool) -> ServerState:
    dataset = open_data(settings, sources)
    state = ServerState(
        settings=settings,
        store=dataset.store,
        report=dataset.report,
        sources=sources,
        conforms=None,
        problems=[],
        graphs=frozenset(dataset.store.graphs()),
        void=void_stats(dataset.store, dataset.report),
        cache=AnswerCache(settings.result_cache_bytes),
        reused=dataset.reused,
    )
    # Before the verdict: on new data the forked validation (step 0) is still running in its own
    # process, and takes longer than the aggregates (at 1,000 letters by far); on a restart both are kept.
    keep_answers(state)
    if validate:
        conforms, problems = verdict(settings, sources, dataset.report.data_version)
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


def _last_good(settings: Settings, folder: Path, refused: StartupRefused) -> ServerState:
    from tbgraph.api.startup.lastgood import latest

    snapshot = latest(folder)
    if snapshot is None:
        raise StartupRefused(
            f"{refused}\nThere is no last good copy of the data in {folder} to start on instead (one is "
            "kept after every start whose data conforms)."
        )
    gc.collect()  # close the store the refused start left behind (its traceback formed a cycle)
    try:
        # The copy conformed when it was kept; it is not validated again.
        state = _checked(settings, snapshot.sources, validate=False)
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


def _close_dump(state: ServerState) -> None:
    if state.dump_dir is not None:
        state.dump_dir.cleanup()
        state.dump_dir = None
