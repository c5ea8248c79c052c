"""Writing outputs so that a reader never sees half of one, and a failed build loses nothing;
fingerprints of the inputs that decide whether an output must be made again."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

OLD_SUFFIX = ".old"


def write_text_atomic(path: Path, text: str) -> None:
    """Write next to the target, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder `new` where `target` is. Two renames; `recover` repairs an interruption
    between them."""
    old = target.with_name(target.name + OLD_SUFFIX)
    if old.exists():
        shutil.rmtree(old)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def recover(targets: list[Path]) -> None:
    """Undo what an interrupted replace_dir left: a target missing with its `.old` copy beside it."""
    for target in targets:
        old = target.with_name(target.name + OLD_SUFFIX)
        if old.exists():
            if target.exists():
                shutil.rmtree(old)
            else:
                os.rename(old, target)


class Fingerprint:
    """A sha256 over labelled parts, for cache keys: each value is hashed with the label that
    says what it is, so the same bytes under another name give another fingerprint."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()

    def add(self, label: str, value: bytes | str) -> None:
        data = value if isinstance(value, bytes) else value.encode("utf-8")
        self._digest.update(label.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())

    def add_file(self, path: Path, label: str) -> None:
        path = Path(path)
        self.add(label, path.read_bytes() if path.is_file() else b"\0absent")

    def add_tree(self, root: Path, label: str) -> None:
        """Every file below `root`, by its path relative to it (bytecode caches left out)."""
        root = Path(root)
        if not root.is_dir():
            self.add(label, b"\0absent")
            return
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            self.add_file(path, f"{label}/{path.relative_to(root).as_posix()}")

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class Staging:
    """A fresh folder the build writes all its outputs into; `commit()` moves each into its
    place, and leaving the `with` block without committing throws them away. A build that
    fails or is interrupted half-way leaves the previous outputs exactly as they were."""

    def __init__(self, folder: Path, targets: dict[str, Path]):
        self.folder = Path(folder)
        self.targets = {name: Path(target) for name, target in targets.items()}
        recover(list(self.targets.values()))

    def __enter__(self) -> Staging:
        if self.folder.exists():
            shutil.rmtree(self.folder)  # a build that died before its commit
        self.folder.mkdir(parents=True)
        return self

    def __getitem__(self, name: str) -> Path:
        """The staged copy of the output `name`."""
        return self.folder / name

    def commit(self, *names: str) -> None:
        """Move the staged outputs `names` (default: all that were made) into place."""
        for name in names or self.targets:
            if self[name].exists():
                replace_dir(self[name], self.targets[name])

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
