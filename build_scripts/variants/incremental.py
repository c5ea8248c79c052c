"""Per-document output cache of the variants stage (``cache_dir/variants/``).

A document's six outputs — ``build/variants/<lang>/<slug>.json`` and
``docs/<lang>/documents/<slug>.md`` for zh, zh-Hant and en — depend only on the bytes
of its record and on the stage's *fingerprint*: OpenCC configuration and version, the
glossary's version, the zh→en model id (or "no model"), the effective settings of
``variants.yaml``, the renderer (``render/markdown.py``, ``labels.yaml``), the type
labels (``doc_types.yaml``), this package's own source and the versions of the libraries
that shape the text.  The cache key of a document is the hash of both; an entry is a
folder ``cache_dir/variants/<key[:2]>/<key>/`` holding the six files, written to a
temporary folder and renamed into place, so an entry is either complete or absent.

The build writes into a fresh (staging) folder every time, so reuse never comes from the
output folders: a hit hard-links the entry's files into place (copies them across
filesystems).  Each entry records the size and mtime of its files; an entry whose files
were edited in place through such a link no longer matches and is rebuilt.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, is_dataclass
from importlib import metadata
from pathlib import Path

from build_scripts.config import LANGUAGES as LANGS
from build_scripts.files import Fingerprint

PACKAGE = Path(__file__).resolve().parent
SCRIPTS = PACKAGE.parent
# Bump when the layout of an entry changes.
FORMAT = "1"
CODE_FILES = (
    *sorted(PACKAGE.glob("*.py")),
    SCRIPTS / "commands" / "variants.py",
    SCRIPTS / "render" / "markdown.py",
    SCRIPTS / "config.py",
)
DATA_FILES = tuple(SCRIPTS / "data" / name for name in ("variants.yaml", "labels.yaml", "doc_types.yaml"))
LIBRARIES = ("opencc", "pypinyin", "argostranslate", "ctranslate2", "sentencepiece", "PyYAML")
FILES = tuple(f"{lang}.{ext}" for lang in LANGS for ext in ("json", "md"))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def fingerprint(*, opencc_config: str, opencc_version: str, glossary_version: str,
                model_id: str | None, english_settings, render=None) -> str:
    """Hash of everything besides the record that a document's outputs depend on."""
    h = Fingerprint()
    part = h.add

    part("format", FORMAT)
    part("opencc", f"{opencc_config} {opencc_version}")
    part("glossary", glossary_version)
    part("model", model_id or "none")
    english = asdict(english_settings) if is_dataclass(english_settings) else english_settings
    part("english", json.dumps(english, sort_keys=True, ensure_ascii=False))
    for path in (*CODE_FILES, *DATA_FILES):
        part(path.relative_to(SCRIPTS).as_posix(), path.read_bytes() if path.exists() else b"")
    for name in LIBRARIES:
        part(name, _version(name))
    if render is not None:
        from build_scripts.render.markdown import render_page

        if render is not render_page:
            part("render", f"{getattr(render, '__module__', '')}.{getattr(render, '__qualname__', repr(render))}")
            code = getattr(render, "__code__", None)
            source = Path(code.co_filename) if code else None
            if source and source.exists():
                part("render-source", source.read_bytes())
    return h.hexdigest()


def document_key(stage_fingerprint: str, record_bytes: bytes) -> str:
    h = hashlib.sha256(stage_fingerprint.encode())
    h.update(b"\x00")
    h.update(record_bytes)
    return h.hexdigest()


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


class DocumentCache:
    """``root/<key[:2]>/<key>/{zh,zh-Hant,en}.{json,md}`` plus ``entry.json``."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def lookup(self, key: str) -> Path | None:
        """The entry folder when it is complete and unmodified, else None."""
        folder = self.entry(key)
        try:
            stamps = json.loads((folder / "entry.json").read_text(encoding="utf-8"))["files"]
            for name in FILES:
                if _stamp(folder / name) != stamps[name]:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return folder

    def store(self, key: str, texts: dict[str, tuple[str, str]], slug: str) -> Path:
        """Write ``{lang: (json_text, markdown)}`` of document ``slug`` as the entry of ``key``."""
        folder = self.entry(key)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{key[:12]}.", suffix=".tmp"))
        try:
            for lang in LANGS:
                json_text, markdown = texts[lang]
                (tmp / f"{lang}.json").write_text(json_text, encoding="utf-8")
                (tmp / f"{lang}.md").write_text(markdown, encoding="utf-8")
            stamps = {name: _stamp(tmp / name) for name in FILES}
            (tmp / "entry.json").write_text(json.dumps({"slug": slug, "files": stamps}, ensure_ascii=False), encoding="utf-8")
            if folder.exists():  # a stale or edited entry
                shutil.rmtree(folder, ignore_errors=True)
            try:
                os.replace(tmp, folder)
            except OSError:  # another process stored the same entry meanwhile
                if self.lookup(key) is None:
                    raise
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return folder

    def prune(self, keep: set[str]) -> int:
        """Remove entries (and left-over temporary folders) not in ``keep``; returns the count."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for shard in self.root.iterdir():
            if not shard.is_dir():
                continue
            for folder in shard.iterdir():
                if folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed += 1
        return removed


def place(source: Path, target: Path) -> bool:
    """Put ``source`` at ``target`` (hard link, else copy), atomically; False if already there."""
    try:
        if target.exists() and (os.path.samefile(source, target) or
                                target.read_bytes() == source.read_bytes()):
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        try:
            os.link(source, tmp)
        except OSError:  # another filesystem, or links not allowed
            shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def place_entry(folder: Path, slug: str, variants_dir: Path, docs_dir: Path) -> int:
    """Link one entry's six files into the output folders; returns how many changed."""
    changed = 0
    for lang in LANGS:
        changed += place(folder / f"{lang}.json", Path(variants_dir) / lang / f"{slug}.json")
        changed += place(folder / f"{lang}.md", Path(docs_dir) / lang / "documents" / f"{slug}.md")
    return changed
