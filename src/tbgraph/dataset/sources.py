"""A file to load and the named graph it goes into: what the loader reads and the user's library lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["SourceFile", "DataFileError"]

_MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".trig": "application/trig",
}


class DataFileError(ValueError):
    """A data file could not be read or parsed; the message names the file and, if known, the line."""


@dataclass(frozen=True)
class SourceFile:
    """One file to load and the named graph it goes into."""

    path: Path
    graph: str

    @property
    def media_type(self) -> str:
        try:
            return _MEDIA_TYPES[self.path.suffix.lower()]
        except KeyError:
            raise DataFileError(f"{self.path}: unknown RDF file type {self.path.suffix!r}") from None
