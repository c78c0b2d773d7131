"""An uploaded graph validated in a process of its own, with a time and a memory limit.

pySHACL is pure Python: run in a thread of the server process it holds the GIL between its steps
and slows every other request, and a thread cannot be stopped, so an upload that validates for
minutes would keep its turn for minutes (docs/decisions/0007-validation-speed.md). Here each
validation is a process forked from a fork server that has imported the validator already (no
second start-up of pySHACL per upload, and no fork of the threaded server process), under the
query workers' address-space limit, and killed when ``query_timeout`` passes.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

from tbgraph.sandbox.pool import _readable

__all__ = ["ValidationOutcome", "validate_upload", "warm", "ValidationTimedOut", "ValidationFailed"]

#: Imported once by the fork server, so every validation process starts with them loaded.
_PRELOAD = ["tbgraph.api.validation_preload"]
_context: ForkServerContext | None = None


class ValidationTimedOut(RuntimeError):
    """The validation ran past its time limit and was stopped."""


class ValidationFailed(RuntimeError):
    """The validation process died (over its memory limit, most likely)."""


#: ("ok", report as JSON or Turtle, triples in the body) or ("syntax", the parser's message).
ValidationOutcome = tuple[str, Any, int]


def _fork_server() -> ForkServerContext:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        _context = context
    return _context


def _nothing() -> None:
    """What :func:`warm` runs in a validation process: only the fork is wanted."""


def warm() -> None:
    """Start the fork server and wait until it has loaded the validator (1–2 s, once per server
    process; otherwise the first upload waits for it)."""
    process = _fork_server().Process(target=_nothing, daemon=True)
    process.start()
    process.join(60)


def _validate_in_child(
    conn: Connection,
    body: bytes,
    media_type: str,
    reference: Sequence[str],
    turtle: bool,
    memory_limit_mb: int,
) -> None:
    from rdflib import Graph

    from tbgraph.model.rdfio import RdfSyntaxError, parse_graph
    from tbgraph.validation.neighbourhood import neighbourhood
    from tbgraph.validation.shacl import validate

    if memory_limit_mb:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        data = parse_graph(body, media_type, name="body")
    except RdfSyntaxError as error:
        conn.send(("syntax", str(error), 0))
        return
    triples = len(data)
    theirs = set(data.subjects())
    shipped = Graph()
    for path in reference:
        parse_graph(Path(path), into=shipped)
    report = validate(data + neighbourhood(data, shipped)).about(theirs)
    conn.send(("ok", report.to_turtle() if turtle else report.to_json(), triples))


async def validate_upload(
    body: bytes,
    media_type: str,
    reference: Sequence[Path],
    *,
    turtle: bool,
    seconds: float,
    memory_limit_mb: int,
) -> ValidationOutcome:
    """Parse ``body``, add the ``reference`` files and validate, in a child process."""
    context = _fork_server()
    ours, theirs = context.Pipe(duplex=False)
    process = context.Process(
        target=_validate_in_child,
        args=(theirs, body, media_type, [str(p) for p in reference], turtle, memory_limit_mb),
        daemon=True,
        name="tbgraph-validate",
    )
    started = False
    try:
        await asyncio.to_thread(process.start)
        started = True
        theirs.close()
        try:
            await _readable(ours, seconds)
            outcome: ValidationOutcome = ours.recv()
        except TimeoutError:
            raise ValidationTimedOut(
                f"validating the upload took longer than the time limit of {seconds:g} s and was stopped; "
                "send fewer triples, or validate large data with `tbgraph validate`"
            ) from None
        except (EOFError, OSError):
            raise ValidationFailed(
                "the validation stopped before it finished (the upload may need more memory than a "
                "validation may use); send fewer triples, or validate it with `tbgraph validate`"
            ) from None
        return outcome
    finally:
        if started:
            if process.is_alive():
                process.kill()
            await asyncio.to_thread(process.join, 5)
        theirs.close()  # again, if the start failed: closing twice does nothing
        ours.close()
