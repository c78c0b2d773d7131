"""A persistent store's folder replaced whole: the new data loaded into a folder beside it, swapped in.

A store that holds another data version is not emptied and loaded again in place: that removed
every graph first (slow: RocksDB writes a tombstone per quad), and a load that failed half-way
had already lost the old data. Instead the files are loaded into ``DIR.loading-<pid>`` beside
``DIR``; only a complete load is swapped in (``DIR`` renamed to ``DIR.old-<pid>``, the new folder
to ``DIR``, the old one removed). A process stopped between the two renames leaves ``DIR``
missing and ``DIR.old-<pid>`` beside it: :func:`recover` puts it back before the next open.
Both renames stay in ``DIR``'s parent, so each is one atomic ``rename(2)``. A lock file beside the
folder, ``.DIR.swap-lock``, orders the swap against another process opening the store (:func:`guard`):
between the old store's close and the renames no other process may open ``DIR``.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "StoreFolderError",
    "discard",
    "fresh_folder",
    "guard",
    "leftovers",
    "lock_file",
    "recover",
    "remove_leftovers",
    "swap",
]

LOADING = "loading"
OLD = "old"


class StoreFolderError(RuntimeError):
    """The store's folder cannot be replaced, or a folder left by a stopped swap is in the way."""


def _sibling(path: Path, kind: str, pid: int | None = None) -> Path:
    return path.with_name(f"{path.name}.{kind}-{os.getpid() if pid is None else pid}")


def lock_file(path: Path) -> Path:
    """The lock file that orders opening the store at ``path`` against a swap of its folder."""
    return path.with_name(f".{path.name}.swap-lock")


@contextmanager
def guard(path: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold :func:`lock_file` ``(path)``: exclusively to swap the folder, shared to open the store.

    RocksDB's own lock is on the folder, so it is free between closing the old store and the renames:
    a process opening the store then would open the folder about to be renamed away, or (the folder
    missing for a moment) make an empty store where the new one is to go. Opening under the shared
    lock waits out a swap, which takes milliseconds. A user who may not make the lock file (no write
    access beside the store) opens without it; such a user cannot reload the store either, and uses
    the file once another has made it (``flock`` needs no write access).
    """
    lock = lock_file(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            yield
            return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


def leftovers(path: Path, kind: str) -> list[tuple[Path, int]]:
    """The folders ``PATH.KIND-<pid>`` beside ``path``, with their pid."""
    if not path.parent.is_dir():
        return []
    pattern = re.compile(re.escape(path.name) + r"\." + kind + r"-(\d+)")
    found = []
    for entry in path.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir():
            found.append((entry, int(match.group(1))))
    return sorted(found)


def _alive(pid: int) -> bool:
    """Whether the process ``pid`` runs (another user's counts); this process is not counted."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(path: Path) -> Path | None:
    """Put back the old folder of a swap stopped between its two renames; the folder put back, if any.

    Only when ``path`` is missing and the process that renamed it away is gone. The old data comes
    back (it is the one known whole); the next open finds it holds another data version and loads
    again. More than one candidate is not guessed between.
    """
    if path.exists():
        return None
    stopped = [(folder, pid) for folder, pid in leftovers(path, OLD) if not _alive(pid)]
    if not stopped:
        return None
    if len(stopped) > 1:
        names = ", ".join(str(folder) for folder, _ in stopped)
        raise StoreFolderError(
            f"the store {path} is missing and {len(stopped)} folders left by stopped reloads are beside it "
            f"({names}); rename the one to keep to {path.name}, or remove them all to load afresh"
        )
    folder = stopped[0][0]
    os.rename(folder, path)
    return folder


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the folders of reloads that stopped (their process gone); call it holding ``path``'s lock."""
    removed = []
    for kind in (LOADING, OLD):
        for folder, pid in leftovers(path, kind):
            if not _alive(pid):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def fresh_folder(path: Path) -> Path:
    """An empty folder beside ``path`` for the new data, with ``path``'s mode (and owner, where allowed)."""
    fresh = _sibling(path, LOADING)
    shutil.rmtree(fresh, ignore_errors=True)  # a stopped reload's, under a pid used again
    try:
        fresh.mkdir()
    except OSError as error:
        raise StoreFolderError(
            f"cannot make the folder {fresh} to load the new data into beside the store {path} "
            f"({error.strerror}); the user that loads needs to write in {path.parent}"
        ) from None
    return fresh


def _match_owner_and_modes(fresh: Path, like: Path) -> None:
    """Give ``fresh`` and its files ``like``'s owner, group and modes (a file: that of ``like``'s CURRENT).

    The server may run as another user than the one who loads; it must open the new folder as it
    did the old. Changing the owner needs root, the group membership of it: where not allowed, the
    folder stays the loader's, with the old one's modes.
    """
    held = like.stat()
    current = like / "CURRENT"
    file_mode = (current.stat().st_mode if current.exists() else held.st_mode & 0o666) & 0o7777
    for folder, _, files in os.walk(fresh):
        entries = [(Path(folder), held.st_mode & 0o7777)] + [(Path(folder) / f, file_mode) for f in files]
        for entry, mode in entries:
            here = entry.stat()
            if (here.st_uid, here.st_gid) != (held.st_uid, held.st_gid):
                for uid in (held.st_uid, -1):
                    try:
                        os.chown(entry, uid, held.st_gid)
                        break
                    except PermissionError:
                        continue
            os.chmod(entry, mode)


def swap(path: Path, fresh: Path) -> None:
    """Put the loaded folder ``fresh`` in place of ``path`` and remove the old one.

    Neither may be open: RocksDB writes to a folder by its name, so a store still open on the old
    folder would write into the new one after the renames. If the second rename fails the old folder
    is put back.
    """
    _match_owner_and_modes(fresh, path)
    old = _sibling(path, OLD)
    shutil.rmtree(old, ignore_errors=True)
    os.rename(path, old)
    try:
        os.rename(fresh, path)
    except OSError:
        os.rename(old, path)
        raise
    shutil.rmtree(old, ignore_errors=True)


def discard(fresh: Path) -> None:
    """Remove a folder whose load did not complete."""
    shutil.rmtree(fresh, ignore_errors=True)
