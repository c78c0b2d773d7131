"""Results kept by data version, so that restarting on unchanged data does not compute them again.

Two things a server start computes depend only on the files (data, shapes, ontology: their content
hash is the data version) and on the code that computed them: the SHACL verdict (pySHACL, about
2 s a letter, more than everything else a start does: 0.8 s) and the VoID statistics of the
dataset (counting classes and entities: 6 s at 1,000 letters; benchmarks/growth.py). They are
kept as JSON under ``$TBGRAPH_HOME/cache/KIND/`` keyed by the data version and the versions of
tbgraph and pySHACL, and reused while none of them changes. Anything that cannot be read counts as
absent and is computed again; a home that cannot be written only costs the next start the time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from tbgraph.dataset.library import library_dir
from tbgraph.model.version import __version__

__all__ = ["kept_key", "recall", "keep"]


def _folder(kind: str) -> Path:
    return library_dir() / "cache" / kind


def kept_key(data_version: str) -> str:
    """The data version together with the versions of the code that computes from it."""
    try:
        shacl = version("pyshacl")
    except PackageNotFoundError:  # pragma: no cover - a dependency
        shacl = "unknown"
    return hashlib.sha256(f"{data_version}|tbgraph {__version__}|pyshacl {shacl}".encode()).hexdigest()[:24]


def recall(kind: str, key: str) -> Any | None:
    """The JSON value kept for ``key``, or None."""
    try:
        return json.loads((_folder(kind) / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def keep(kind: str, key: str, value: Any) -> None:
    """Keep ``value``: written to a temporary file and renamed, so a reader never sees half of it."""
    folder = _folder(kind)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            os.fchmod(handle, 0o644)  # mkstemp's 0600 would hide the verdict from the home's other readers
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out)
            os.replace(temporary, folder / f"{key}.json")
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
