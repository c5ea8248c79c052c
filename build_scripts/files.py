"""Writing outputs so that a reader never sees half of one, and a failed build loses nothing."""
from __future__ import annotations

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
