"""The last good data: a copy of the files the server last started on after they validated.

With ``--last-good DIR`` (``TBGRAPH_LAST_GOOD``) every start whose data loaded and conformed to
the shapes copies those files into ``DIR``; a later start whose data does not load or does not
conform serves that copy instead of refusing, says so in the log and in ``/health``
(``"data": "last-good"`` with the reason), and never serves part of the new data.

Layout: ``DIR/<data version>/<n>/<file name>`` (the same file names, so the copy has the same data
version as the original) and ``DIR/current.json``, the manifest of the copy in use: which file
goes to which named graph, in loading order. A copy is written completely before the manifest is
replaced (``os.replace``), so a crash while saving leaves the previous copy in force.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> latest(folder) is None
True
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from tbgraph.dataset.loader import SourceFile

__all__ = ["Snapshot", "save", "latest"]

MANIFEST = "current.json"


@dataclass(frozen=True)
class Snapshot:
    """A kept copy: its files (with their graphs, in loading order), version and when it was kept."""

    folder: Path
    sources: list[SourceFile]
    data_version: str
    saved: str


def save(folder: Path, sources: list[SourceFile], data_version: str) -> Snapshot:
    """Copy ``sources`` into ``folder`` as the last good data; older copies are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / data_version
    current = latest(folder)
    if current is not None and current.data_version == data_version and current.folder == target:
        return current
    staging = folder / f".{data_version}.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    entries = []
    for index, source in enumerate(sources):
        relative = Path(str(index)) / source.path.name
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.path, staging / relative)
        entries.append({"file": relative.as_posix(), "graph": source.graph, "original": str(source.path)})
    saved = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (staging / "manifest.json").write_text(
        json.dumps({"data_version": data_version, "saved": saved, "sources": entries}, indent=1),
        encoding="utf-8",
    )
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    pointer = folder / f".{MANIFEST}.{os.getpid()}.tmp"
    pointer.write_text(json.dumps({"data_version": data_version, "folder": data_version}), encoding="utf-8")
    os.replace(pointer, folder / MANIFEST)
    for old in folder.iterdir():
        if old.is_dir() and old.name != data_version and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return Snapshot(target, [SourceFile(target / e["file"], e["graph"]) for e in entries], data_version, saved)


def latest(folder: Path) -> Snapshot | None:
    """The copy in force, or None when there is none (or it is incomplete)."""
    try:
        pointer = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        target = folder / pointer["folder"]
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        sources = [SourceFile(target / e["file"], e["graph"]) for e in manifest["sources"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not sources or not all(s.path.is_file() for s in sources):
        return None
    return Snapshot(target, sources, str(manifest["data_version"]), str(manifest["saved"]))
