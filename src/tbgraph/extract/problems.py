"""What the extractor could not make sense of, with the line numbers a reader needs to look it up."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "SourceError"]


@dataclass(frozen=True, order=True)
class Problem:
    """A part of the letter that was not parsed, or parsed with a doubt.

    ``kind`` is a short, stable tag (``"deadline"``, ``"budget-row"``, ``"heading"`` ...) that tests
    and scripts can filter on; ``message`` is a sentence for a person.
    """

    line_start: int
    line_end: int
    kind: str
    message: str

    def __str__(self) -> str:
        where = (
            f"line {self.line_start}"
            if self.line_start == self.line_end
            else (f"lines {self.line_start}-{self.line_end}")
        )
        return f"{where}: [{self.kind}] {self.message}"


class SourceError(Exception):
    """The input file cannot be read as a letter at all: missing, unreadable, or a PDF without text."""
