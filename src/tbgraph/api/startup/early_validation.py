"""Start validating the data before the web stack is imported; hand the verdict to the lifespan.

Importing FastAPI, uvicorn and the routers takes about as long as validating a letter, and
neither needs the other, so ``tbgraph serve`` calls :func:`start` before it imports any of the
web stack: a forked process validates the files (``validate_sources``) while this one imports and
loads, and the lifespan collects the verdict with :func:`take` where it would otherwise validate
(``tbgraph.api.state._validated``). The lifespan checks that the files have the data version the
early run saw, and validates itself if they do not, if the early process failed, or if there is
none.

Only for one uvicorn worker (``--workers 1``, the default): the process that forks is the one that
serves. Why, with the figures: docs/decisions/0006-start-up.md.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tbgraph.api.settings import Settings
    from tbgraph.dataset.loader import SourceFile

__all__ = ["start", "take"]

log = logging.getLogger("tbgraph.api")

Verdict = tuple[bool, list[str]]

# (data version, the end of the pipe the verdict comes through, the validating process)
_pending: tuple[str, Connection, BaseProcess] | None = None


def start(settings: Settings) -> bool:
    """Fork a process validating the files ``settings`` name, unless there is no need (validation
    off, a verdict kept for these files) or no ``fork``. True when one was started."""
    global _pending
    if _pending is not None or not settings.validate_on_start or settings.store_url:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    from tbgraph.dataset.kept import kept_key, recall
    from tbgraph.dataset.loader import data_version, default_sources

    sources = default_sources(root=settings.data_root)
    try:
        version = data_version(sources)
    except OSError:
        return False  # the lifespan reports the unreadable file
    if settings.remember_validation and recall("validation", kept_key(version)) is not None:
        return False
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # Not a daemon: the validation shares its shapes out over processes of its own.
    process = context.Process(target=_validate, args=(sender, settings, sources), name="tbgraph-early-validation")
    process.start()
    sender.close()
    _pending = (version, receiver, process)
    atexit.register(_abandon)
    return True


def take(version: str) -> Verdict | None:
    """The early verdict on the files of data version ``version`` (waiting for it), or None."""
    global _pending
    if _pending is None:
        return None
    started_for, receiver, process = _pending
    _pending = None
    if started_for != version:
        log.info("the files changed since the early validation started; validating them again")
        _stop(receiver, process)
        return None
    try:
        message = receiver.recv()
    except (EOFError, OSError):
        message = None
    _stop(receiver, process)
    if not (isinstance(message, tuple) and len(message) == 2 and isinstance(message[0], bool)):
        log.warning("the early validation did not finish (%r); validating here instead", message)
        return None
    conforms, problems = message
    return conforms, [str(p) for p in problems]


def _validate(sender: Connection, settings: Settings, sources: list[SourceFile]) -> None:
    from tbgraph.api.startup.verdict import validate_sources

    try:
        sender.send(validate_sources(settings, sources))
    except BaseException as error:  # noqa: BLE001 - reported; the lifespan validates instead
        sender.send(repr(error))
    finally:
        sender.close()


def _stop(receiver: Connection, process: BaseProcess) -> None:
    receiver.close()
    if process.is_alive():
        process.terminate()
    process.join(timeout=5)


def _abandon() -> None:
    """At exit (a start refused before the verdict was taken): do not wait for the validation."""
    global _pending
    if _pending is not None:
        _, receiver, process = _pending
        _pending = None
        _stop(receiver, process)
