"""Fingerprint of everything the three MkDocs builds read.

When the fingerprint of a new build equals the one stored in the previous site
(`<site>/.build-fingerprint`), the site would come out the same, so the builds are skipped.

Covered: the docs tree (document pages, home, browse, downloads, vendored shim, the
search's script table), the labels, the generated configs (with the build's own folders
replaced by fixed names, since the orchestrator builds into a fresh staging folder each
time), mkdocs.yml, overrides/, this package's code (hooks, search, config) and the render
stage's (the hooks use its rules), the strict flag and the versions of Python, of Pagefind
and of the packages that render the site.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import yaml

from build_scripts.files import Fingerprint

from ..settings import LANGUAGES
from .config import BASE_CONFIG, OVERRIDES, lang_config

FILE_NAME = ".build-fingerprint"
HERE = Path(__file__).resolve().parent
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "pymdown-extensions",
            "markdown", "jinja2", "pygments", "regex", "babel", "opencc")
# Bumped by hand when the fingerprint's own recipe changes.
RECIPE = "1"


def _versions() -> str:
    out = [sys.version]
    for name in PACKAGES:
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}:absent")
    return "\n".join(out)


def compute(docs_dir: Path, *, site_url: str | None, strict: bool, pagefind: str) -> str:
    """Hex digest of all the inputs of the site build (see the module docstring)."""
    h = Fingerprint()
    h.add("recipe", f"{RECIPE} strict {strict}")
    h.add("versions", _versions() + f"\npagefind=={pagefind}")
    for lang in LANGUAGES:
        cfg = lang_config(lang, Path("/DOCS") / lang, Path("/OUT") / lang, Path("/DOCS"), site_url)
        h.add(f"config/{lang}", yaml.safe_dump(cfg, allow_unicode=True, sort_keys=True))
    h.add_file(BASE_CONFIG, "mkdocs.yml")
    h.add_tree(OVERRIDES, "overrides")
    for path in sorted(HERE.glob("*.py")):
        h.add_file(path, f"site/{path.name}")
    # the hooks use the render stage's rules (render/lang.py, render/cite.py, browse.py)
    h.add_tree(HERE.parent / "render", "render")
    h.add_tree(Path(__file__).resolve().parents[1] / "data" / "labels", "labels")
    for lang in LANGUAGES:
        h.add_tree(Path(docs_dir) / lang, f"docs/{lang}")
    return h.hexdigest()


def read(site_dir: Path | None) -> str | None:
    if site_dir is None:
        return None
    path = Path(site_dir) / FILE_NAME
    try:
        return path.read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
