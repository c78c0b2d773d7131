"""Answers of the named questions asked of every letter, kept on disk by data version.

A named question asked without parameters, of every letter and after every change (no ``as_of``) has
one answer per data version. At 1,000 letters computing it is most of a first ask
(docs/decisions/0011), so it is computed once and kept under ``$TBGRAPH_HOME/cache/answers/KEY/``
beside the kept SHACL verdict (:mod:`tbgraph.dataset.kept`: KEY is the data version with the code's
versions), one file per question named by a hash of the question's text: a changed letter or ``.rq``
file is never answered from an old file.

A file is a header line (JSON: the columns, the row count, where each chunk is) and then the rows
in chunks of :data:`CHUNK_ROWS`, each compressed twice over: the rows as JSON values (what
``Table.records`` gives, read by ``/api/ask`` without rdflib) and the rows as RDF terms (for the
command line's table and the notebook). A page reads and decodes only the chunks it covers.

Folders of other data versions are removed when a new answer is kept, all but the
:data:`KEEP_VERSIONS` used last, and never one that another process is using: a process using a
folder holds a shared ``flock`` on its ``.in-use`` file; a removal takes it exclusively without
waiting, renames the folder away (atomic) and only then deletes it.

A question marked ``# kept: per agency`` (:mod:`tbgraph.questions.named`) is kept per value of that
parameter: asked once with the parameter unbound, its rows are shared out by the parameter's variable,
in their order, into one file per value (``NAME-HASH--VALUEHASH.answer``), and an index
(``NAME-HASH.values``, written last) lists the values that have rows; a value not in it has none. A
heavy actor's first page then reads one chunk instead of its whole list (docs/decisions/0011).

Set ``TBGRAPH_KEEP_ANSWERS=0`` to compute every answer as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import uuid
import zlib
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rdflib.term import BNode, Literal, Node, URIRef

from tbgraph.dataset.kept import kept_key
from tbgraph.dataset.library import library_dir
from tbgraph.questions.named import (
    AS_OF_VARIABLE,
    Parameter,
    Table,
    get_query,
    named_queries,
    run_named,
    term_to_json,
)
from tbgraph.store.base import SelectResult, Store

__all__ = [
    "CHUNK_ROWS",
    "AGGREGATES",
    "KEEP_VERSIONS",
    "KeptAnswer",
    "KeptAnswers",
    "KeptTable",
    "keepable",
    "keepable_questions",
    "kept_per",
    "kept_questions",
    "keeping_answers",
    "answer_file_name",
    "values_file_name",
    "write_answer",
    "read_answer",
]

log = logging.getLogger("tbgraph.kept")

#: Rows a chunk holds: a first page of 100 decodes one chunk.
CHUNK_ROWS = 256
#: Bumped whenever the file layout changes (part of each file's name).
FORMAT = "tbgraph-answer 1"
#: The questions computed first (the quickest; the long lists follow).
AGGREGATES = ("agencies", "goals", "budget", "owners")
#: Data versions whose answer folders are kept: the one in use and the others used last.
KEEP_VERSIONS = 3
#: The file in a version's folder that processes using it hold a shared lock on (its mtime: last used).
IN_USE = ".in-use"
#: Prefix of a folder renamed away to be deleted.
REMOVED = ".removed-"
#: Suffix of the index of a question kept per value of a parameter.
VALUES = ".values"


def keeping_answers() -> bool:
    """False when ``TBGRAPH_KEEP_ANSWERS`` is 0/false/no/off."""
    return os.environ.get("TBGRAPH_KEEP_ANSWERS", "1").strip().lower() not in ("0", "false", "no", "off")


def keepable(name: str) -> bool:
    """A named question that can be asked without any parameter."""
    return not any(p.required for p in get_query(name).parameters)


def kept_per(name: str) -> Parameter | None:
    """The parameter whose answers ``name`` keeps one per value (``# kept: per NAME``), if any."""
    query = get_query(name)
    return query.parameter(query.kept_per) if query.kept_per else None


def keepable_questions() -> list[str]:
    """Every named question that can be asked without a parameter: the aggregates first."""
    names = [n for n in named_queries() if keepable(n)]
    return [n for n in AGGREGATES if n in names] + [n for n in names if n not in AGGREGATES]


def kept_questions() -> list[str]:
    """Every named question whose answers are kept: those asked without a parameter, then those kept
    per value of a parameter."""
    return keepable_questions() + [n for n in named_queries() if kept_per(n) is not None]


@cache
def _engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pyoxigraph")
    except PackageNotFoundError:  # pragma: no cover - a dependency
        return "unknown"


def answer_file_name(name: str, value: Node | None = None) -> str:
    """``NAME-HASH.answer``: the hash of the question's text, the engine's version and the file layout;
    for the answer to one value of a question kept per value, ``NAME-HASH--VALUEHASH.answer``."""
    digest = hashlib.sha256(f"{FORMAT}|pyoxigraph {_engine_version()}|{get_query(name).text}".encode())
    if value is None:
        return f"{name}-{digest.hexdigest()[:16]}.answer"
    code = _term_code(value) or ""
    return f"{name}-{digest.hexdigest()[:16]}--{hashlib.sha256(code.encode()).hexdigest()[:16]}.answer"


def values_file_name(name: str) -> str:
    """``NAME-HASH.values``: the index of a question kept per value (the values that have rows)."""
    return answer_file_name(name).removesuffix(".answer") + VALUES


# -- terms ------------------------------------------------------------------------------------


def _term_code(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return "<" + str(term)
    if isinstance(term, BNode):
        return "_" + str(term)
    if isinstance(term, Literal):
        if term.language:
            return f"@{term.language} {term}"
        if term.datatype is not None:
            return f"^{term.datatype} {term}"
        return '"' + str(term)
    raise TypeError(f"cannot keep {term!r}")


def _term(code: str) -> Node:
    kind, rest = code[0], code[1:]
    if kind == "<":
        return URIRef(rest)
    if kind == "_":
        return BNode(rest)
    if kind == '"':
        return Literal(rest)
    tag, _, lexical = rest.partition(" ")
    if kind == "@":
        return Literal(lexical, lang=tag)
    return Literal(lexical, datatype=URIRef(tag))


# -- files ------------------------------------------------------------------------------------


def write_answer(path: Path, table: Table) -> None:
    """Write ``table`` to ``path`` (a temporary file renamed: a reader never sees half of it)."""
    columns = list(table.columns)
    body: list[bytes] = []
    chunks: list[list[int]] = []
    at = 0
    # Each distinct term once: the store hands the same object for a term repeated row after row
    # (tbgraph.store.base), and the table holds them all while this runs, so their ids stay theirs.
    seen: dict[int, tuple[Any, str | None]] = {}

    def cell(term: Node | None) -> tuple[Any, str | None]:
        if term is None:
            return None, None
        found = seen.get(id(term))
        if found is None:
            found = seen[id(term)] = (term_to_json(term), _term_code(term))
        return found

    for start in range(0, len(table.rows), CHUNK_ROWS):
        cells = [[cell(row.get(c)) for c in columns] for row in table.rows[start : start + CHUNK_ROWS]]
        values = [[value for value, _ in row] for row in cells]
        terms = [[code for _, code in row] for row in cells]
        packed = [
            zlib.compress(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode(), 6)
            for part in (values, terms)
        ]
        chunks.append([at, len(packed[0]), len(packed[1])])
        body += packed
        at += len(packed[0]) + len(packed[1])
    header = {"format": FORMAT, "columns": columns, "rows": len(table.rows), "chunk_rows": CHUNK_ROWS, "chunks": chunks}
    _write_atomic(path, json.dumps(header, separators=(",", ":")).encode() + b"\n", *body)


def _write_atomic(path: Path, *parts: bytes) -> None:
    """Write ``parts`` to ``path`` through a temporary file renamed: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        os.fchmod(handle, 0o644)  # mkstemp's 0600 would hide the answer from the home's other readers
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                out.write(part)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def read_answer(path: Path) -> KeptAnswer | None:
    """The answer kept in ``path`` (its header only is read), or None when absent or unreadable."""
    try:
        with path.open("rb") as stream:
            header = json.loads(stream.readline())
            start = stream.tell()
        if header.get("format") != FORMAT:
            return None
        return KeptAnswer(
            path,
            [str(c) for c in header["columns"]],
            int(header["rows"]),
            int(header["chunk_rows"]),
            [(int(a), int(b), int(c)) for a, b, c in header["chunks"]],
            start,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


class KeptAnswer:
    """One kept answer: its columns and length at once, its rows read a chunk at a time."""

    def __init__(
        self,
        path: Path,
        columns: list[str],
        count: int,
        chunk_rows: int,
        chunks: list[tuple[int, int, int]],
        start: int,
    ) -> None:
        self.path = path
        self.columns = columns
        self.count = count
        self.chunk_rows = chunk_rows
        self.chunks = chunks
        self.start = start

    def __len__(self) -> int:
        return self.count

    def _parts(self, first: int, stop: int, terms: bool) -> Iterable[tuple[int, list[list[Any]]]]:
        """(index of the chunk's first row, its rows) for the chunks holding rows first..stop-1."""
        if stop <= first:
            return
        with self.path.open("rb") as stream:
            for index in range(first // self.chunk_rows, (stop - 1) // self.chunk_rows + 1):
                at, values_length, terms_length = self.chunks[index]
                stream.seek(self.start + at + (values_length if terms else 0))
                data = stream.read(terms_length if terms else values_length)
                yield index * self.chunk_rows, json.loads(zlib.decompress(data))

    def records(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """Rows ``start``..``stop`` as ``Table.records`` gives them (JSON values, every column)."""
        stop = self.count if stop is None else min(stop, self.count)
        columns = self.columns
        out: list[dict[str, Any]] = []
        for base, rows in self._parts(start, stop, terms=False):
            for row in rows[max(0, start - base) : stop - base]:
                out.append(dict(zip(columns, row, strict=True)))
        return out

    def term_rows(self, start: int = 0, stop: int | None = None) -> list[dict[str, Node | None]]:
        """Rows ``start``..``stop`` as RDF terms, as ``run_named`` gives them."""
        stop = self.count if stop is None else min(stop, self.count)
        columns = self.columns
        made: dict[str, Node] = {}  # answers repeat their actors, roles and datatypes row after row
        out: list[dict[str, Node | None]] = []
        for base, rows in self._parts(start, stop, terms=True):
            for row in rows[max(0, start - base) : stop - base]:
                terms: dict[str, Node | None] = {}
                for column, code in zip(columns, row, strict=True):
                    if code is None:
                        terms[column] = None
                    else:
                        term = made.get(code)
                        if term is None:
                            term = made[code] = _term(code)
                        terms[column] = term
                out.append(terms)
        return out

    def table(self) -> KeptTable:
        return KeptTable(self)


class KeptTable(Table):
    """A kept answer as a :class:`Table`: its records read as kept, its terms decoded when first used."""

    def __init__(self, answer: KeptAnswer) -> None:  # noqa: D107 - not the dataclass's
        self.columns = list(answer.columns)
        self.answer = answer
        self._rows: list[dict[str, Node | None]] | None = None

    @property
    def rows(self) -> list[dict[str, Node | None]]:
        if self._rows is None:
            self._rows = self.answer.term_rows()
        return self._rows

    @rows.setter
    def rows(self, rows: list[dict[str, Node | None]]) -> None:
        self._rows = rows

    def records(self, rows: list[dict[str, Node | None]] | None = None) -> list[dict[str, Any]]:
        if rows is None and self._rows is None:
            return self.answer.records()
        return super().records(rows)


# -- one data version's answers ------------------------------------------------------------------


class KeptAnswers:
    """The kept answers of one data version: read from disk, or computed once and kept.

    Thread-safe: a question being computed is waited for by whoever else asks for it, not computed
    twice. The folder is claimed (:meth:`claim`) before anything in it is read or written, and stays
    claimed until :meth:`release` or the process ends.
    """

    def __init__(self, data_version: str, folder: Path | None = None) -> None:
        self.data_version = data_version
        self.folder = folder or library_dir() / "cache" / "answers" / kept_key(data_version)
        self._found: dict[str, KeptAnswer] = {}
        self._indexes: dict[str, tuple[list[str], frozenset[str]]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._claim: int | None = None
        self._pruned = False

    def path(self, name: str) -> Path:
        return self.folder / answer_file_name(name)

    def claim(self) -> bool:
        """Hold a shared lock on the folder's in-use file (made if missing), so that no process removes
        the folder while this one uses it, and mark it used now; False when the folder cannot be made."""
        with self._lock:
            if self._claim is not None:
                return True
            for _ in range(10):
                try:
                    self.folder.mkdir(parents=True, exist_ok=True)
                    handle = os.open(self.folder / IN_USE, os.O_RDWR | os.O_CREAT, 0o644)
                except OSError:
                    try:  # a home this process may only read: its answers are still read
                        handle = os.open(self.folder / IN_USE, os.O_RDONLY)
                    except OSError:
                        return False
                fcntl.flock(handle, fcntl.LOCK_SH)  # waits out a removal that holds it (a rename's time)
                try:
                    here = os.stat(self.folder / IN_USE).st_ino == os.fstat(handle).st_ino
                except OSError:
                    here = False
                if here:  # not a folder renamed away between the open and the lock: try again then
                    with contextlib.suppress(OSError):
                        os.utime(handle)
                    self._claim = handle
                    return True
                os.close(handle)
            return False

    def release(self) -> None:
        """Let other processes remove the folder (its answers are then read from disk no more)."""
        with self._lock:
            if self._claim is not None:
                os.close(self._claim)
                self._claim = None
            self._found.clear()
            self._indexes.clear()

    def get(self, name: str) -> KeptAnswer | None:
        """The kept answer of ``name``, if there is one on disk."""
        found = self._found.get(name)
        if found is None and keepable(name) and self.claim():
            found = read_answer(self.path(name))
            if found is not None:
                self._found[name] = found
        return found

    def keep(self, name: str, table: Table) -> KeptAnswer | None:
        """Keep ``table`` as the answer of ``name``, then remove the folders of old data versions;
        None when it could not be written."""
        if not self.claim():
            return None
        try:
            write_answer(self.path(name), table)
        except OSError as error:
            log.warning("could not keep the answer of %s in %s: %s", name, self.folder, error)
            return None
        if not self._pruned:
            self._pruned = True
            with contextlib.suppress(OSError):
                removed = self.prune()
                if removed:
                    log.info("removed the kept answers of %d other data versions", len(removed))
        return self.get(name)

    def _lock_for(self, name: str) -> threading.Lock:
        """The lock whoever computes ``name``'s answers holds (the others wait for it, not compute twice)."""
        with self._lock:
            return self._locks.setdefault(name, threading.Lock())

    def get_or_compute(self, store: Store, name: str) -> KeptAnswer | None:
        """The kept answer of ``name``, computed on ``store`` and kept when missing (None when the question
        needs a parameter, or the answer could not be written)."""
        found = self.get(name)
        if found is not None or not keepable(name):
            return found
        with self._lock_for(name):
            found = self.get(name)
            if found is not None:
                return found
            return self.keep(name, run_named(store, name))

    # -- questions kept per value of a parameter ----------------------------------------------------

    def _index(self, name: str) -> tuple[list[str], frozenset[str]] | None:
        """The columns of ``name``'s answers and the values that have rows, if they are kept."""
        found = self._indexes.get(name)
        if found is None and kept_per(name) is not None and self.claim():
            try:
                header = json.loads((self.folder / values_file_name(name)).read_bytes())
                if header.get("format") == FORMAT:
                    found = self._indexes[name] = (
                        [str(c) for c in header["columns"]],
                        frozenset(str(v) for v in header["values"]),
                    )
            except (OSError, ValueError, KeyError, TypeError):
                return None
        return found

    def get_for(self, name: str, value: Node) -> KeptAnswer | None:
        """The kept answer of ``name`` asked for ``value`` of the parameter it is kept per (an empty answer
        for a value without rows), if its answers are kept."""
        index = self._index(name)
        if index is None:
            return None
        columns, values = index
        code = _term_code(value)
        if code not in values:
            return KeptAnswer(self.folder / values_file_name(name), columns, 0, CHUNK_ROWS, [], 0)
        key = f"{name} {code}"
        found = self._found.get(key)
        if found is None:
            found = read_answer(self.folder / answer_file_name(name, value))
            if found is not None:
                self._found[key] = found
        return found

    def keep_per(self, store: Store, name: str) -> bool:
        """Ask ``name`` with the parameter it is kept per left unbound, and keep its rows per value (the
        index written last); False when the answers could not be written."""
        parameter = kept_per(name)
        if parameter is None or not self.claim():
            return False
        query = get_query(name)
        result = store.query(query.text)
        assert isinstance(result, SelectResult), f"{name}.rq must be a SELECT query"
        columns = [v for v in result.variables if v not in query.hidden and v != AS_OF_VARIABLE]
        groups: dict[str, list[dict[str, Node | None]]] = {}
        values: dict[str, Node] = {}
        for row in result.rows:  # in the answer's order, which each value's share keeps
            value = row.get(parameter.variable)
            code = _term_code(value)
            if value is None or code is None:
                continue
            values.setdefault(code, value)
            groups.setdefault(code, []).append({c: row.get(c) for c in columns})
        try:
            for code, rows in groups.items():
                write_answer(self.folder / answer_file_name(name, values[code]), Table(columns, rows))
            index = {"format": FORMAT, "columns": columns, "values": sorted(groups)}
            _write_atomic(self.folder / values_file_name(name), json.dumps(index, ensure_ascii=False).encode())
        except OSError as error:
            log.warning("could not keep the answers of %s in %s: %s", name, self.folder, error)
            return False
        return True

    def _kept(self, name: str) -> bool:
        return (self._index(name) if kept_per(name) is not None else self.get(name)) is not None

    def missing(self, names: Sequence[str] | None = None) -> list[str]:
        return [n for n in (kept_questions() if names is None else names) if not self._kept(n)]

    def compute(self, store: Store, names: Sequence[str] | None = None) -> list[str]:
        """Compute and keep the answers missing among ``names`` (every kept question); the names computed."""
        done = []
        for name in self.missing(names):
            if kept_per(name) is None:
                if self.get_or_compute(store, name) is not None:
                    done.append(name)
                continue
            with self._lock_for(name):
                if self._kept(name) or self.keep_per(store, name):
                    done.append(name)
        return done

    def prune(self, keep: int = KEEP_VERSIONS) -> list[Path]:
        """Remove the folders of other data versions beside this one, all but the ``keep - 1`` used
        last, skipping any another process holds; the folders removed."""
        base = self.folder.parent
        others: list[tuple[float, Path]] = []
        for entry in base.iterdir():
            if entry.name.startswith(REMOVED):  # left by a removal that was stopped half-way
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name != self.folder.name and _answer_folder(entry):
                with contextlib.suppress(OSError):
                    others.append((_last_used(entry), entry))
        others.sort(reverse=True)
        return [entry for _, entry in others[max(0, keep - 1) :] if _remove(entry)]


def _answer_folder(folder: Path) -> bool:
    """A folder of kept answers, and nothing else: an in-use file or answers, and only those (a folder
    given by hand may sit among other things, which are never touched)."""
    try:
        names = [entry.name for entry in folder.iterdir()] if folder.is_dir() else []
    except OSError:
        return False
    return bool(names) and all(n == IN_USE or n.endswith((".answer", VALUES, ".tmp")) for n in names)


def _last_used(folder: Path) -> float:
    """When a process last claimed ``folder`` (a folder from before claims: when it last changed)."""
    try:
        return (folder / IN_USE).stat().st_mtime
    except FileNotFoundError:
        return folder.stat().st_mtime


def _remove(folder: Path) -> bool:
    """Remove ``folder`` unless a process holds it: its in-use file locked exclusively without waiting,
    the folder renamed away under the lock (a claim made after that finds the file gone and makes the
    folder anew), then deleted."""
    try:
        handle = os.open(folder / IN_USE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # gone already, or not ours to touch
        return False
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # in use
        away = folder.with_name(f"{REMOVED}{folder.name}-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(folder, away)
        except OSError:
            return False
    finally:
        os.close(handle)
    shutil.rmtree(away, ignore_errors=True)
    return True
