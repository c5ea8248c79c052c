"""Fingerprints of everything the MkDocs builds read: one key per build (units.py) and the
whole site's stamp made of them.

When the stamp of a new build equals the one stored in the previous site
(`<site>/.build-fingerprint`), the site would come out the same, so nothing is built; a
build whose key is the one its cached output was made with is reused.

Covered: the docs tree (each build its own files, see units.py: document pages, home,
browse, downloads, vendored shim, the search's script table), the labels, the generated
configs (with the build's own folders replaced by fixed names, since the orchestrator builds
into a fresh staging folder each time), mkdocs.yml, overrides/, this package's code (hooks,
search, config) and the render stage's (the hooks use its rules), the strict flag and the
versions of Python, of Pagefind and of the packages that render the site.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import yaml

from build_scripts.files import Fingerprint

from .. import settings
from ..settings import LANGUAGES
from .config import BASE_CONFIG, OVERRIDES, lang_config
from .units import Unit, plan, unit_key

FILE_NAME = ".build-fingerprint"
HERE = Path(__file__).resolve().parent
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "pymdown-extensions",
            "markdown", "jinja2", "pygments", "regex", "babel", "opencc")
# Bumped by hand when the fingerprint's own recipe changes.
RECIPE = "2"


def _versions() -> str:
    out = [sys.version]
    for name in PACKAGES:
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}:absent")
    return "\n".join(out)


def shared(*, site_url: str | None, strict: bool, pagefind: str) -> str:
    """Hex digest of what every build reads besides its pages (see the module docstring)."""
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
    return h.hexdigest()


def unit_keys(docs_dir: Path, plan: dict[str, list[Unit]], common: str) -> dict[tuple[str, str], str]:
    """{(lang, unit name): the key of that build's output}."""
    return {(unit.lang, unit.name): unit_key(unit, docs_dir, common, plan)
            for units in plan.values() for unit in units}


def stamp(keys: dict[tuple[str, str], str]) -> str:
    """The whole site's fingerprint: every build's key."""
    h = Fingerprint()
    for (lang, name), key in sorted(keys.items()):
        h.add(f"{lang}/{name}", key)
    return h.hexdigest()


def compute(docs_dir: Path, *, site_url: str | None, strict: bool, pagefind: str,
            per_shard: int | None = None) -> str:
    """Hex digest of all the inputs of the site build."""
    units = plan(docs_dir, per_shard or settings.site().documents_per_shard)
    return stamp(unit_keys(docs_dir, units, shared(site_url=site_url, strict=strict, pagefind=pagefind)))


def read(site_dir: Path | None) -> str | None:
    if site_dir is None:
        return None
    path = Path(site_dir) / FILE_NAME
    try:
        return path.read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
