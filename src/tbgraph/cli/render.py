"""Print answers for people (a table in the terminal) and for programs (JSON, CSV, TSV).

Results go to stdout and nothing else does, so ``tbgraph ask … --format json | jq`` works;
diagnostics go to stderr.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from rdflib.term import URIRef
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable

from tbgraph.questions.named import Table

__all__ = ["TABLE_FORMATS", "render_table", "print_table", "stderr"]

TABLE_FORMATS = ("table", "json", "csv", "tsv")

stderr = Console(stderr=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", " ")
    return str(value)


def render_table(
    table: Table, fmt: str, *, title: str | None = None, out: TextIO | None = None, hide_iris: bool = False
) -> None:
    """Write ``table`` to ``out`` (stdout) in one of :data:`TABLE_FORMATS`.

    ``hide_iris`` drops, from the terminal table only, columns holding nothing but IRIs: named
    questions project them for programs that link onwards, while a person reads the labels.
    """
    out = out or sys.stdout
    records = table.records()
    if fmt == "json":
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        for record in records:
            writer.writerow(["" if record[c] is None else record[c] for c in table.columns])
    elif fmt == "table":
        shown = [c for c in table.columns if not (hide_iris and _only_iris(table, c))]
        print_table(shown, [[record[c] for c in shown] for record in records], title=title, out=out)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")


def _only_iris(table: Table, column: str) -> bool:
    values = [row.get(column) for row in table.rows if row.get(column) is not None]
    return bool(values) and all(isinstance(v, URIRef) for v in values)


def print_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    out: TextIO | None = None,
    width: int | None = None,
) -> None:
    """A readable terminal table; numbers right-aligned, long text wrapped between words.

    The width is ``width``, else the terminal's, else 160 when piped. A word is never broken in the
    middle (:func:`column_widths`).
    """
    stream = out or sys.stdout
    console = Console(file=stream, width=width or _width(stream))
    cells = [[_cell(v) for v in row] for row in rows]
    numeric = [all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) and rows for i in range(len(columns))]
    table = RichTable(title=title, show_lines=False, header_style="bold", title_justify="left")
    widths = column_widths(columns, cells, console.width)
    for index, column in enumerate(columns):
        table.add_column(
            column,
            justify="right" if numeric[index] else "left",
            overflow="ellipsis",
            width=None if widths is None else widths[index],
        )
    for row in cells:
        table.add_row(*row)
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def _width(stream: TextIO) -> int | None:
    """The terminal's width (rich asks it), or 160 when piped: wide enough for the long answers."""
    return None if stream.isatty() else 160


#: A column narrower than this shows too little of a word to read; an ellipsis takes one of them.
_NARROWEST = 6


def column_widths(columns: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """Each column's width in a table ``width`` characters wide, or None when every cell fits whole.

    A column is at least as wide as its longest word (header included), so text wraps between
    words, never inside one. When the longest words together do not fit, columns are narrowed a
    character at a time (not below :data:`_NARROWEST`), each time the one where the fewest cells
    lose the end of a word (headers last), and words that no longer fit end in an ellipsis. The room left over
    goes to the columns whose text is longer than their width, in proportion to how much longer.
    """
    texts = [[column, *(row[i] for row in cells)] for i, column in enumerate(columns)]
    natural = [max(cell_len(line) for text in column for line in (text.splitlines() or [""])) for column in texts]
    room = width - (3 * len(columns) + 1)  # "│ " before each cell, " " after it, and the closing "│"
    if sum(natural) <= room:
        return None
    longest = [[max((cell_len(word) for word in text.split()), default=0) for text in column] for column in texts]
    widths = [max(column, default=1) or 1 for column in longest]
    while sum(widths) > room:
        narrowable = [i for i in range(len(widths)) if widths[i] > _NARROWEST]
        if not narrowable:
            break
        # Narrow where the fewest cells lose a word's end (a header counts as every row: it names
        # the column); among equals, the widest column.
        cut = min(narrowable, key=lambda i: (_cut_cost(longest[i], widths[i]), -widths[i]))
        widths[cut] -= 1
    spare = room - sum(widths)
    wanted = [max(0, n - w) for n, w in zip(natural, widths, strict=True)]
    if spare > 0 and any(wanted):
        total = sum(wanted)
        given = [spare * want // total for want in wanted]
        widths = [w + g for w, g in zip(widths, given, strict=True)]
        for i in sorted(range(len(widths)), key=lambda i: -(wanted[i] - given[i]))[: spare - sum(given)]:
            if wanted[i] > given[i]:
                widths[i] += 1
    return widths


def _cut_cost(longest: list[int], width: int) -> int:
    """How many cells of a column (header first) lose the end of a word when it is one narrower."""
    header, *body = longest
    return (len(body) + 1) * (header >= width) + sum(n >= width for n in body)
