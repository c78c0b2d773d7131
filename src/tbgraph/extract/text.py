"""A letter as numbered lines, and stretches of it as clean text that remembers where it came from.

Text pulled out of a PDF is messy: page markers ("Side 5") in mid-sentence, blank lines between
every line, words wrapped at their hyphen ("e-" / "helseløsninger"). Parsers read *content lines*
(neither blank nor page markers) and join them into a :class:`Block`: clean text for matching,
where every character still knows its original line and column, so that any match can be quoted
exactly as the source has it, with its line span.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from tbgraph.extract.furniture import find_furniture, is_page_marker
from tbgraph.extract.pdf import pdf_lines
from tbgraph.extract.problems import SourceError
from tbgraph.validation.provenance import normalise

__all__ = [
    "Line",
    "SourceDoc",
    "Block",
    "Quote",
    "read_source",
    "is_page_marker",
    "clean_join",
    "split_lines",
    "make_doc",
]

#: Words that follow a hyphen that ends a line when the hyphen is an ellipsis ("helse- og omsorg").
#: A word with a hyphen inside it: "teknisk-naturvitenskapelige", "Nord-Norge".
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_ELLIPSIS_FOLLOWERS = frozenset({"og", "eller", "samt", "til", "and", "or", "/"})


def _broken_word(out: list[str]) -> bool:
    """True when the text before a line-final hyphen is a word fragment of at least three letters
    written in lower case after its first letter ("uten-", "Miljø-", "meirinn-"); "e-" (e-helse),
    "IKT-" and "(2022-" keep their hyphen."""
    fragment, k = _before_hyphen(out)
    return len(fragment) >= 3 and fragment[1:].islower() and (k < 0 or not out[k].isalnum())


def _before_hyphen(out: list[str]) -> tuple[str, int]:
    """The letters before the hyphen that ends ``out``, and the index of the character before them (-1 at the start)."""
    k = len(out) - 2
    while k >= 0 and out[k].isalpha():
        k -= 1
    return "".join(out[k + 1 : len(out) - 1]), k


@dataclass(frozen=True)
class Line:
    """One line of the source, numbered from 1 as editors and ``tb:lineStart`` count."""

    number: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class Quote:
    """An exact, whitespace-normalised piece of the source and the lines it spans."""

    line_start: int
    line_end: int
    text: str


@dataclass(frozen=True)
class SourceDoc:
    """The letter's lines, how they were read, and which lines are page markers."""

    path: Path
    lines: tuple[str, ...]
    media_type: str
    sha256: str
    markers: frozenset[int] = field(default_factory=frozenset)
    #: Line number -> what kind of page furniture it is ("page number", "running header", "contents").
    furniture: dict[int, str] = field(default_factory=dict)
    #: Lines that start a page (a form feed in the text layer).
    page_starts: frozenset[int] = field(default_factory=frozenset)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    @cached_property
    def compounds(self) -> frozenset[str]:
        """The words the letter writes with a hyphen inside a line ("teknisk-naturvitenskapelige"), lower case."""
        return frozenset(m.lower() for line in self.lines for m in _COMPOUND.findall(line))

    def writes_whole(self, out: list[str], word: str) -> bool:
        """True when the letter writes elsewhere, on one line, the compound a line-final hyphen breaks: "teknisk-" over
        "naturvitenskapelige" keeps its hyphen where "teknisk-naturvitenskapelige" stands in the letter."""
        head, _ = _before_hyphen(out)
        tail = re.match(r"[^\W\d_]+", word)
        return tail is not None and f"{head}-{tail.group()}".lower() in self.compounds

    def content(self, first: int = 1, last: int | None = None) -> list[Line]:
        """The lines from ``first`` to ``last`` (inclusive) that are neither blank nor page markers."""
        last = len(self.lines) if last is None else last
        return [
            Line(n, self.lines[n - 1])
            for n in range(max(first, 1), min(last, len(self.lines)) + 1)
            if self.lines[n - 1].strip() and n not in self.markers
        ]

    def block(self, lines: Sequence[Line], per_line: bool = False) -> Block:
        return Block.build(self, lines, per_line)

    def quote_lines(self, first: int, last: int) -> list[Quote]:
        """The whole of lines ``first``..``last`` as quotes, split around page markers."""
        lines = self.content(first, last)
        if not lines:
            return []
        block = self.block(lines)
        return block.quotes(0, len(block.text))


def read_source(path: Path) -> SourceDoc:
    """Read a ``.txt`` (UTF-8, or Windows-1252 as a fallback) or ``.pdf`` letter into numbered lines."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if not path.is_file():
        raise SourceError(f"{path}: not a file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".pdf" or data[:5] == b"%PDF-":
        lines = pdf_lines(path)
        media_type = "application/pdf"
    else:
        if b"\x00" in data[:4096]:
            raise SourceError(f"{path}: looks like a binary file, not a letter's text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        lines = split_lines(text)
        media_type = "text/plain"
        if not any(line.strip() for line in lines):
            raise SourceError(f"{path}: the file is empty")
    return make_doc(path, lines, media_type, digest)


def split_lines(text: str) -> list[str]:
    """The lines as the project numbers them everywhere (``str.splitlines``, as the provenance check
    reads a source text), with a form feed kept at the start of the line that begins a new page.

    ``pdftotext`` starts each page with a form feed glued to the page's first line; ``splitlines``
    ends a line there, so the form feed stands on a line of its own and the page's first line
    follows it. That line is marked here (a leading ``\\f``) so page furniture can be found by page.
    """
    lines: list[str] = []
    page_break = False
    for piece in text.splitlines(keepends=True):
        body = piece.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        lines.append(("\f" if page_break else "") + body)
        page_break = piece.endswith("\x0c")
    return lines


def make_doc(path: Path, lines: Sequence[str], media_type: str, digest: str) -> SourceDoc:
    """A :class:`SourceDoc` with its page furniture found (page numbers, running headers, contents)."""
    lines = list(lines)
    if lines and lines[-1] == "":
        lines.pop()
    furniture = find_furniture(lines)
    clean = tuple(line.replace("\f", "") for line in lines)
    return SourceDoc(
        path=path,
        lines=clean,
        media_type=media_type,
        sha256=digest,
        markers=frozenset(furniture),
        furniture=furniture,
        page_starts=frozenset(n for n, line in enumerate(lines, 1) if line.startswith("\f")),
    )


@dataclass
class Block:
    """Clean text joined from content lines; ``origin[i]`` is the (line, column) of ``text[i]``.

    Joining collapses whitespace, drops page markers and blank lines, and mends words wrapped at
    their hyphen ("e-" + "helseløsninger" → "e-helseløsninger", "(2022-" + "2023)" → "(2022-2023)")
    while keeping "helse- og omsorg" apart. Inserted spaces have origin ``None``.
    """

    doc: SourceDoc
    text: str
    origin: list[tuple[int, int] | None]
    #: Quote each source line on its own: for a table cell, whose lines hold other columns' text too.
    per_line: bool = False

    @classmethod
    def build(cls, doc: SourceDoc, lines: Iterable[Line], per_line: bool = False) -> Block:
        out: list[str] = []
        origin: list[tuple[int, int] | None] = []
        for line in lines:
            raw = line.text
            start = len(raw) - len(raw.lstrip())
            body = raw.rstrip()
            if start >= len(body):
                continue
            if out:
                first_word = body[start:].split(None, 1)[0].lower()
                if out[-1] == "\u00ad":  # soft hyphen: the word was broken for the line only
                    out.pop()
                    origin.pop()
                elif (
                    out[-1] == "-"
                    and len(out) > 1
                    and out[-2].isalnum()
                    and (body[start].islower() or body[start].isdigit())
                    and first_word not in _ELLIPSIS_FOLLOWERS
                ):
                    if _broken_word(out) and body[start].islower() and not doc.writes_whole(out, first_word):
                        out.pop()  # "uten-" + "landsk": a word broken for the line, not a compound
                        origin.pop()
                elif out[-1] == "-" and len(out) > 2 and out[-2].isalpha() and out[-3].isalpha():
                    if not body[start].isupper():
                        out.append(" ")
                        origin.append(None)
                    # else "Nord-" + "Norge": a compound of names, its hyphen kept and no space
                else:
                    out.append(" ")
                    origin.append(None)
            in_space = False
            for col in range(start, len(body)):
                char = body[col]
                if char.isspace():
                    if not in_space:
                        out.append(" ")
                        origin.append(None)
                    in_space = True
                    continue
                in_space = False
                out.append(char)
                origin.append((line.number, col))
        return cls(doc=doc, text="".join(out), origin=origin, per_line=per_line)

    def _first_origin(self, start: int, end: int) -> tuple[int, int] | None:
        for i in range(start, end):
            if self.origin[i] is not None:
                return self.origin[i]
        return None

    def _last_origin(self, start: int, end: int) -> tuple[int, int] | None:
        for i in range(end - 1, start - 1, -1):
            if self.origin[i] is not None:
                return self.origin[i]
        return None

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """The first and last source line of ``text[start:end]``."""
        end = len(self.text) if end is None else end
        first = self._first_origin(start, end)
        last = self._last_origin(start, end)
        if first is None or last is None:
            raise ValueError("empty span")
        return first[0], last[0]

    def quotes(self, start: int = 0, end: int | None = None) -> list[Quote]:
        """``text[start:end]`` as the source has it, one quote per stretch between page markers."""
        end = len(self.text) if end is None else end
        pieces: list[tuple[tuple[int, int], tuple[int, int]]] = []
        run_first: tuple[int, int] | None = None
        run_last: tuple[int, int] | None = None
        for i in range(start, end):
            here = self.origin[i]
            if here is None:
                continue
            if run_first is None or run_last is None:
                run_first = run_last = here
                continue
            if here[0] != run_last[0] and (
                self.per_line or any(n in self.doc.markers for n in range(run_last[0] + 1, here[0]))
            ):
                pieces.append((run_first, run_last))
                run_first = here
            run_last = here
        if run_first is not None and run_last is not None:
            pieces.append((run_first, run_last))
        quotes = []
        for (first_line, first_col), (last_line, last_col) in pieces:
            if first_line == last_line:
                raw = self.doc.line(first_line)[first_col : last_col + 1]
            else:
                parts = [self.doc.line(first_line)[first_col:]]
                parts.extend(self.doc.line(n) for n in range(first_line + 1, last_line))
                parts.append(self.doc.line(last_line)[: last_col + 1])
                raw = "\n".join(parts)
            text = normalise(raw)
            if text:
                quotes.append(Quote(first_line, last_line, text))
        return quotes

    def sub(self, start: int, end: int) -> str:
        return self.text[start:end].strip()


def clean_join(lines: Sequence[str]) -> str:
    """Join raw lines as a :class:`Block` would, without keeping origins (for tests and labels)."""
    doc = SourceDoc(Path("-"), tuple(lines), "text/plain", "", frozenset())
    return Block.build(doc, doc.content()).text
