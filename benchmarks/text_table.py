"""One plain-text table on standard output, first column left-aligned, the others right-aligned.

Shared by the benchmarks that print a single small table (rich is for growth.py's large one).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["print_table"]


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    lines = [tuple(header)] + [tuple(row) for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        pairs = enumerate(zip(line, widths, strict=True))
        print(" | ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in pairs))
        if n == 0:
            print("-+-".join("-" * w for w in widths))
