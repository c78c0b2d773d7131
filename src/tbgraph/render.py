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
from rich.console import Console
from rich.table import Table as RichTable

from .named_queries import Table

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
) -> None:
    """A readable terminal table; numbers right-aligned, long text wrapped."""
    console = Console(file=out or sys.stdout, width=None if (out or sys.stdout).isatty() else 160)
    table = RichTable(title=title, show_lines=False, header_style="bold", title_justify="left")
    numeric = [
        all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) and rows
        for i in range(len(columns))
    ]
    for index, column in enumerate(columns):
        table.add_column(column, justify="right" if numeric[index] else "left", overflow="fold")
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")
