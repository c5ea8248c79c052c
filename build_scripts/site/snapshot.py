"""Offline snapshot: the built trilingual site/ as one zip that works from file://.

    python -m build_scripts snapshot --site site --out dist/archive-snapshot.zip

The site is already built for file:// (Material's offline plugin, plain .html URLs,
relative language-switcher links, the iframe-worker shim vendored from npm); this
packs it under one top folder, so that unpacking gives `archive/index.html`, and adds
what search needs there: a browser fetches nothing from file://, so each file of a
Pagefind index also goes in as a script the search worker loads instead
(`search.file_script`). The snapshot searches exactly as the site does.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from ..settings import LANGUAGES
from .config import SITE_DIR
from .search import PAGEFIND_DIR, SHARDS_NAME, file_script

TOP = "archive"
# Files the snapshot does not need (the server-only search index twins, sitemaps,
# the site build's fingerprint).
SKIP_SUFFIXES = (".xml.gz", ".build-fingerprint")


def check_site(site_dir: Path) -> list[str]:
    errors = []
    for rel in ("index.html", "zh-Hant/index.html", "en/index.html",
                "search/search_index.js", "zh-Hant/search/search_index.js",
                "en/search/search_index.js", "assets/vendor/iframe-worker/shim.js",
                *(f"{SITE_DIR[lang]}{PAGEFIND_DIR}/{SHARDS_NAME}" for lang in LANGUAGES)):
        if not (site_dir / rel).is_file():
            errors.append(f"snapshot: {site_dir / rel} is missing (run the site build first)")
    return errors


def _pagefind_file(rel: str) -> str | None:
    """`rel`'s name inside its language's Pagefind folder, for the files the worker fetches
    (not the scripts it loads itself)."""
    for lang in LANGUAGES:
        folder = f"{SITE_DIR[lang]}{PAGEFIND_DIR}/"
        rest = rel[len(folder):] if rel.startswith(folder) else None
        if rest and not rest.endswith(".js"):
            return rest
    return None


def write_snapshot(site_dir: Path, out: Path) -> list[str]:
    site_dir, out = Path(site_dir), Path(out)
    errors = check_site(site_dir)
    if errors:
        return errors
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written next to the target and renamed over it only when complete: an
    # interrupted or failed run leaves the previous snapshot as it was.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh, \
                zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(site_dir.rglob("*")):
                if path.is_file() and not path.name.endswith(SKIP_SUFFIXES):
                    rel = path.relative_to(site_dir).as_posix()
                    zf.write(path, f"{TOP}/{rel}")
                    index_file = _pagefind_file(rel)
                    if index_file:
                        zf.writestr(f"{TOP}/{rel}.js", file_script(index_file, path.read_bytes()))
            # (the ZipFile closes first, writing the central directory, then the file)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # a full disk, an unreadable file: the old zip stays
            return [f"snapshot: could not write {out}: {exc}"]
        raise
    return []

