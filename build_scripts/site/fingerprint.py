"""Fingerprint of everything the three MkDocs builds read.

When the fingerprint of a new build equals the one stored in the previous site
(`<site>/.build-fingerprint`), the site would come out the same, so the builds are skipped.

Covered: the docs tree (document pages, home, browse, downloads, vendored shim), the
variant records the hook reads, the generated configs (with the build's own folders
replaced by fixed names, since the orchestrator builds into a fresh staging folder each
time), mkdocs.yml, overrides/, this package's code (hooks, strings, config), the jieba
user dictionary, the strict flag and the versions of Python and of the packages that
render the site.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import metadata
from pathlib import Path

import yaml

from .config import BASE_CONFIG, OVERRIDES, USER_DICT, lang_config
from .i18n import LANGS

FILE_NAME = ".build-fingerprint"
HERE = Path(__file__).resolve().parent
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "pymdown-extensions",
            "markdown", "jinja2", "jieba", "pygments", "regex", "babel")
# Bumped by hand when the fingerprint's own recipe changes.
RECIPE = "1"


def _tree(h, root: Path, label: str) -> None:
    root = Path(root)
    if not root.is_dir():
        h.update(f"{label}:absent\0".encode())
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode("utf-8"))
        h.update(hashlib.sha256(path.read_bytes()).digest())


def _file(h, path: Path, label: str) -> None:
    h.update(f"{label}\0".encode())
    h.update(hashlib.sha256(Path(path).read_bytes()).digest() if Path(path).is_file() else b"absent")


def _versions() -> str:
    out = [sys.version]
    for name in PACKAGES:
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}:absent")
    return "\n".join(out)


def compute(docs_dir: Path, variants_dir: Path, *, site_url: str | None, strict: bool) -> str:
    """Hex digest of all the inputs of the site build (see the module docstring)."""
    h = hashlib.sha256(f"recipe {RECIPE}\0strict {strict}\0".encode())
    h.update(_versions().encode())
    for lang in LANGS:
        cfg = lang_config(lang, Path("/DOCS") / lang, Path("/OUT") / lang, Path("/VARIANTS"),
                          Path("/DOCS"), site_url)
        h.update(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=True).encode("utf-8"))
    _file(h, BASE_CONFIG, "mkdocs.yml")
    _file(h, USER_DICT, "jieba_user_dict")
    _tree(h, OVERRIDES, "overrides")
    for path in sorted(HERE.glob("*.py")):
        _file(h, path, f"site/{path.name}")
    for lang in LANGS:
        _tree(h, Path(docs_dir) / lang, f"docs/{lang}")
    _tree(h, variants_dir, "variants")
    return h.hexdigest()


def read(site_dir: Path | None) -> str | None:
    if site_dir is None:
        return None
    path = Path(site_dir) / FILE_NAME
    try:
        return path.read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
