"""How each language's site is cut into MkDocs builds ("units"), and what each one reads.

- **Shards** hold the document pages (`documents/<slug>.md`) and their downloads. A document's
  shard is a hash of its slug modulo the shard count, so it never depends on other documents;
  the count is the smallest power of two that keeps shards at most `documents_per_shard`
  (data/site.yaml) on average. Each shard is its own `mkdocs build` and its own Pagefind index.
- **The listing** is everything else: the home and browse pages, the search's data files, the
  vendored shim. It is the only build that writes the theme's assets and the 404 page.

Each unit has a key: the site's shared inputs (code, theme, configuration, versions) and the
files it reads. A document file is identified by its inode, size and modification time: the
render stage hard-links unchanged pages from its store, so an unchanged document keeps its
identity from build to build without its bytes being read again. The listing's files are
hashed by content, since they are rewritten on every build.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..files import Fingerprint
from ..render import DOCUMENT_FILES
from ..settings import LANGUAGES

LISTING = "listing"
DOCUMENTS = "documents/"
# the pages every build's navigation names (mkdocs.yml `nav`): shards carry a stub of each
NAV_PAGES = ("index.md", "browse/index.md", "browse/agency.md", "browse/year.md", "browse/doc_type.md",
             "browse/region.md")


def shard_count(documents: int, per_shard: int) -> int:
    count = 1
    while count * per_shard < documents:
        count *= 2
    return count


def shard_of(slug: str, count: int) -> int:
    return int.from_bytes(hashlib.sha1(slug.encode("utf-8")).digest()[:4], "big") % count


def shard_name(number: int) -> str:
    return f"shard-{number:03d}"


@dataclass
class Unit:
    lang: str
    name: str  # LISTING or shard_name(n)
    files: list[str] = field(default_factory=list)  # paths in the language's docs folder
    slugs: list[str] = field(default_factory=list)  # a shard's documents
    identities: dict[str, str] = field(default_factory=dict)  # a shard's files: inode, size, mtime

    @property
    def is_listing(self) -> bool:
        return self.name == LISTING


def _document_slugs(lang_dir: Path) -> list[str]:
    try:
        entries = os.scandir(lang_dir / DOCUMENTS)
    except FileNotFoundError:
        return []
    with entries:
        return sorted(entry.name[:-3] for entry in entries if entry.name.endswith(".md") and entry.is_file())


def _all_files(lang_dir: Path) -> list[str]:
    out = []
    for folder, _, names in os.walk(lang_dir):
        relative = os.path.relpath(folder, lang_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        out += [prefix + name for name in names]
    return sorted(out)


def _identity(path: Path) -> str | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"


def plan(docs_dir: Path, per_shard: int) -> dict[str, list[Unit]]:
    """{lang: [the listing, then the shards that hold a document]} for the pages in docs_dir.
    The shard count is the same in every language (from the most documents any has), so a
    document's pages are in shards of the same name."""
    docs_dir = Path(docs_dir)
    slugs = {lang: _document_slugs(docs_dir / lang) for lang in LANGUAGES}
    count = shard_count(max(len(found) for found in slugs.values()), per_shard)
    units = {}
    for lang in LANGUAGES:
        lang_dir = docs_dir / lang
        shards: dict[int, Unit] = {}
        document_files: set[str] = set()
        for slug in slugs[lang]:
            number = shard_of(slug, count)
            unit = shards.setdefault(number, Unit(lang, shard_name(number)))
            unit.slugs.append(slug)
            for pattern in DOCUMENT_FILES.values():
                path = pattern.format(slug=slug)
                identity = _identity(lang_dir / path)
                if pattern.startswith(DOCUMENTS) or identity is not None:
                    unit.files.append(path)
                    unit.identities[path] = identity or "absent"
                    document_files.add(path)
        listing = Unit(lang, LISTING, [path for path in _all_files(lang_dir) if path not in document_files
                                       and not path.startswith(DOCUMENTS)])
        units[lang] = [listing] + [shards[number] for number in sorted(shards)]
    return units


def unit_key(unit: Unit, docs_dir: Path, shared: str, all_units: dict[str, list[Unit]]) -> str:
    """What `unit`'s output depends on. A shard: the shared inputs, its files, and in which
    languages each of its documents exists (its language switcher). The listing: the shared
    inputs, its files' bytes, and every document's page (its lists link to them)."""
    key = Fingerprint()
    key.add("shared", shared)
    key.add("unit", f"{unit.lang}/{unit.name}")
    lang_dir = Path(docs_dir) / unit.lang
    if unit.is_listing:
        for path in unit.files:
            key.add_file(lang_dir / path, path)
        key.add("documents", "\n".join(slug for shard in all_units[unit.lang][1:] for slug in sorted(shard.slugs)))
        return key.hexdigest()
    key.add("files", "\n".join(f"{path} {unit.identities[path]}" for path in unit.files))
    present = {lang: {slug for shard in units[1:] if shard.name == unit.name for slug in shard.slugs}
               for lang, units in all_units.items()}
    key.add("languages", "\n".join(f"{slug} {' '.join(lang for lang in LANGUAGES if slug in present[lang])}"
                                   for slug in unit.slugs))
    return key.hexdigest()
