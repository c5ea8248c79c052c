"""Doing only what changed, on every core: the one helper each stage builds on.

A stage names each unit of its work by a key (`key_of`: the unit's own bytes plus a
fingerprint of everything else its output depends on) and looks the key up in its `Store`.
Hits are taken as they are; the misses are made by `make_missing`, over a pool of worker
processes, in order, and stored. Outputs are hard-linked from the store (`place`), so a
result is written once, when it is made.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

# below this many units, starting worker processes costs more than it saves
PARALLEL_FROM = 40


def key_of(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _stamp(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


class Store:
    """Entries `root/<key[:2]>/<key>/<name>`, each complete or absent.

    An entry remembers the size and mtime of its files: one edited in place through an
    output's hard link no longer matches, and is made again."""

    STAMPS = "entry.json"

    def __init__(self, root: Path):
        self.root = Path(root)

    def _folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> Path | None:
        folder = self._folder(key)
        try:
            stamps = json.loads((folder / self.STAMPS).read_text(encoding="utf-8"))
            if all(_stamp(folder / name) == stamp for name, stamp in stamps.items()):
                return folder
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        return None

    def put(self, key: str, files: dict[str, str]) -> Path:
        """Store `{name: text}` as the entry of `key`; written aside and renamed into place."""
        def write(folder: Path) -> None:
            for name, text in files.items():
                (folder / name).write_text(text, encoding="utf-8")

        return self.make(key, write)

    def make(self, key: str, write: Callable[[Path], None]) -> Path:
        """The entry of `key` with the files `write(folder)` puts into an empty folder (any
        bytes, by any writer: a database, a zip); written aside and renamed into place."""
        folder = self._folder(key)
        folder.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{key[:12]}.", suffix=".tmp"))
        try:
            write(temporary)
            stamps = {path.name: _stamp(path) for path in sorted(temporary.iterdir()) if path.name != self.STAMPS}
            (temporary / self.STAMPS).write_text(json.dumps(stamps), encoding="utf-8")
            if folder.exists():  # a stale or edited entry
                shutil.rmtree(folder, ignore_errors=True)
            try:
                os.replace(temporary, folder)
            except OSError:  # another process stored the same entry meanwhile
                if self.get(key) is None:
                    raise
                shutil.rmtree(temporary, ignore_errors=True)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        return folder

    def prune(self, keep: set[str]) -> int:
        """Remove the entries (and left-over temporary folders) not in `keep`; returns how many."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for shard in self.root.iterdir():
            if shard.is_dir():
                for folder in shard.iterdir():
                    if folder.name not in keep:
                        shutil.rmtree(folder, ignore_errors=True)
                        removed += 1
        return removed


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link at `target` to `source`, or a copy where links cannot be made (another
    filesystem, or links not allowed). `target` must not exist."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def place(source: Path, target: Path) -> bool:
    """Put `source` at `target` (a hard link, else a copy), atomically; False if it is there already."""
    try:
        if target.exists() and (os.path.samefile(source, target) or target.read_bytes() == source.read_bytes()):
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        link_or_copy(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def workers(jobs: int | None, count: int) -> int:
    """How many processes make `count` units: `jobs`, else every core, and this process alone
    for a few units."""
    if jobs is None and count < PARALLEL_FROM:
        return 1
    return max(1, min(jobs or cpu_count(), count))


def make_missing(work: Callable, items: list, *, jobs: int | None = None,
                 initializer: Callable | None = None, initargs: Iterable = ()) -> Iterator:
    """`work(item)` for every item, yielded in the items' order, over `workers(jobs, …)` processes.

    Workers start from a fresh interpreter (forkserver), never as a fork of this process, which
    may hold a translation model's threads."""
    jobs = workers(jobs, len(items))
    if jobs == 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(work, items)
        return
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs, initializer, tuple(initargs)) as pool:
        yield from pool.imap(work, items, chunksize=max(1, min(16, len(items) // (jobs * 8))))
