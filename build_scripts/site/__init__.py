"""The site stage: each language's pages → real `mkdocs build`s → the trilingual site/.

    result = build_sites(pages, docs_dir, site_dir, work_dir, previous_site=Path("site"))

Steps: write the pages (with the vendored iframe-worker shim) into docs_dir/<lang>/; cut each
language into builds (`units`: the listing — home, browse, assets — and shards of documents by
a hash of their slug); key each build by everything it reads (`fingerprint`) and stop when the
previous site has the same keys; run the builds whose cached output has another key, in
parallel, each a `mkdocs build --strict` from one config per build (INHERIT mkdocs.yml,
`config`), a shard followed by Pagefind over its pages (`search`); put the site together
from the cached outputs, by hard links (Simplified at the root, zh-Hant/, en/; each language's
shard indexes under pagefind/, merged by the search worker), with the sitemaps merged, and
robots.txt and a sitemap index when the site's address is known.
A failed build keeps its previous output, and site_dir is only ever replaced whole, by a
rename, once every build succeeded.
"""
from __future__ import annotations

import gzip
import html
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..files import replace_dir
from ..incremental import link_or_copy
from ..render import Pages, write_pages
from ..settings import LANGUAGES
from . import fingerprint
from .config import SITE_DIR, configured_site_url, lang_config, write_config
from .search import PAGEFIND_DIR, index_site, write_search_scripts
from .units import DOCUMENTS, NAV_PAGES, Unit, plan
from .vendor import Vendored, ensure_vendored, install_shim


@dataclass
class SiteResult:
    errors: list[str] = field(default_factory=list)
    # the previous site was built from the same inputs: nothing was built, site_dir left alone
    unchanged: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # builds in all, built, shards per language


def write_docs(pages: Pages, docs_dir: Path, vendored: Vendored | None = None) -> None:
    """Every language's pages into docs_dir/<lang>/, with the vendored file:// worker shim."""
    vendored = vendored or ensure_vendored()
    write_pages(pages, docs_dir)
    for lang in LANGUAGES:
        install_shim(vendored.shim, Path(docs_dir) / lang)


def _mkdocs_build(config: Path, strict: bool) -> tuple[int, str, float]:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)] + (["--strict"] if strict else [])
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True)
    return process.returncode, process.stderr + process.stdout, time.perf_counter() - started


UNITS_DIR = "site-units"  # under the work folder: each build's last good output, by language
KEY_FILE = ".unit-key"
# What a shard's output adds to the site; the rest (its navigation stubs, its search plugin's
# empty index) is the listing's.
SHARD_PARTS = (DOCUMENTS.rstrip("/"), "downloads", PAGEFIND_DIR, "sitemap.xml")
# Sitemaps hold at most 50,000 addresses (sitemaps.org); more are split over several files.
SITEMAP_LIMIT = 50_000
SITEMAP_URL = re.compile(r"\n?\s*<url>.*?</url>", re.S)


def link_tree(source: Path, target: Path, skip: tuple[str, ...] = ()) -> None:
    """`target` made to hold what `source` holds, by hard links."""
    for folder, _, names in os.walk(source):
        here = Path(folder)
        there = target / here.relative_to(source)
        there.mkdir(parents=True, exist_ok=True)
        for name in names:
            if name not in skip:
                link_or_copy(here / name, there / name)


class UnitCache:
    """Each build's last good output, with the key it was made for: <work>/site-units/<lang>/<unit>/."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def folder(self, unit: Unit) -> Path:
        return self.root / unit.lang / unit.name

    def key(self, unit: Unit) -> str | None:
        try:
            return (self.folder(unit) / KEY_FILE).read_text(encoding="ascii").strip()
        except OSError:
            return None

    def prune(self, units: dict[str, list[Unit]]) -> None:
        """Outputs of builds that no longer exist (the shard count changed), and leftovers."""
        for lang, kept in units.items():
            names = {unit.name for unit in kept}
            for path in (self.root / lang).iterdir() if (self.root / lang).is_dir() else ():
                if path.name not in names:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()


def _nav_stub(path: Path) -> str:
    """A page of the navigation as a shard shows it: its front matter and title only."""
    lines, fences = [], 0
    with path.open(encoding="utf-8") as text:
        for line in text:
            lines.append(line)
            fences += line.strip() == "---"
            if line.startswith("# ") and fences != 1:
                break
    return "".join(lines)


def _unit_tree(unit: Unit, units: dict[str, list[Unit]], docs_dir: Path, folder: Path) -> Path | None:
    """The docs folder of one build, made of hard links to docs_dir/<lang>/. Returns the
    listing's list of the document pages it links to (None for a shard)."""
    lang_dir = docs_dir / unit.lang
    for relative in unit.files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(lang_dir / relative, target)
    if not unit.is_listing:
        for relative in NAV_PAGES:
            if (lang_dir / relative).is_file():
                (folder / relative).parent.mkdir(parents=True, exist_ok=True)
                (folder / relative).write_text(_nav_stub(lang_dir / relative), encoding="utf-8")
        return None
    listed = folder.with_name(folder.name + ".documents")
    listed.write_text("".join(f"{DOCUMENTS}{slug}.md\n" for shard in units[unit.lang][1:] for slug in shard.slugs),
                      encoding="utf-8")
    return listed


def _build_unit(unit: Unit, units: dict[str, list[Unit]], key: str, docs_dir: Path, cache: UnitCache,
                site_url: str | None, strict: bool, pagefind: Path) -> tuple[str | None, dict[str, float]]:
    """One build into the cache: MkDocs, and Pagefind for a shard. Made aside and renamed over
    the previous output only when it succeeded. (error or None, seconds by step)"""
    final = cache.folder(unit)
    tree, out = final.with_name(unit.name + ".tree"), final.with_name(unit.name + ".new")
    for leftover in (tree, out):
        if leftover.exists():
            shutil.rmtree(leftover)
    listed = _unit_tree(unit, units, docs_dir, tree)
    config = write_config(final.with_name(unit.name + ".yml"),
                          lang_config(unit.lang, tree, out, docs_dir, site_url, unit=unit.name, documents=listed))
    code, log, seconds = _mkdocs_build(config, strict)
    shutil.rmtree(tree)
    timing = {"mkdocs": seconds}
    if code != 0:
        shutil.rmtree(out, ignore_errors=True)
        return f"mkdocs build failed:\n{log.strip()[-4000:]}", timing
    if not unit.is_listing:
        for path in out.iterdir():
            if path.name not in SHARD_PARTS:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        timing["pagefind"], error = index_site(pagefind, out)
        if error:
            shutil.rmtree(out, ignore_errors=True)
            return error, timing
    (out / KEY_FILE).write_text(key + "\n", encoding="ascii")
    replace_dir(out, final)
    return None, timing


SITEMAP_INDEX = "sitemap-index.xml"


def write_crawler_files(site: Path, site_url: str | None, sitemaps: dict[str, list[str]] | None = None) -> None:
    """With the site's address: robots.txt naming the three languages' sitemaps, and a sitemap
    index of them (to submit once, where robots.txt is not at the host's root). Without it the
    sitemaps list no page (MkDocs needs absolute addresses), so neither file is written.
    `sitemaps`: each language's sitemap files (sitemap.xml unless it had to be split)."""
    if not site_url:
        return
    root = site_url.rstrip("/") + "/"
    sitemaps = [root + SITE_DIR[lang] + name for lang in LANGUAGES for name in (sitemaps or {}).get(lang, ["sitemap.xml"])]
    (site / "robots.txt").write_text(
        "User-agent: *\nAllow: /\n\n" + "".join(f"Sitemap: {url}\n" for url in sitemaps), encoding="utf-8")
    entries = "".join(f"  <sitemap><loc>{html.escape(url)}</loc></sitemap>\n" for url in sitemaps)
    (site / SITEMAP_INDEX).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</sitemapindex>\n",
        encoding="utf-8")


def merge_sitemaps(listing: Path, shards: list[Path], folder: Path) -> list[str]:
    """The language's sitemap: the listing's pages and every shard's documents (a shard's
    sitemap also names its navigation stubs, which are the listing's). Split into
    sitemap.xml, sitemap-2.xml … past SITEMAP_LIMIT addresses. Returns the files' names."""
    text = listing.read_text(encoding="utf-8") if listing.is_file() else ""
    if "</urlset>" not in text:
        return []
    urls = SITEMAP_URL.findall(text)
    for shard in shards:
        if shard.is_file():
            urls += [url for url in SITEMAP_URL.findall(shard.read_text(encoding="utf-8")) if "/documents/" in url]
    own = list(SITEMAP_URL.finditer(text))
    head = text[:own[0].start()] if own else text[:text.index("</urlset>")]
    tail = text[own[-1].end():] if own else text[len(head):]
    names = []
    for part, start in enumerate(range(0, max(len(urls), 1), SITEMAP_LIMIT), 1):
        name = "sitemap.xml" if part == 1 else f"sitemap-{part}.xml"
        data = (head + "".join(urls[start:start + SITEMAP_LIMIT]) + tail).encode("utf-8")
        (folder / name).write_bytes(data)
        with gzip.GzipFile(folder / (name + ".gz"), "wb", mtime=0) as packed:
            packed.write(data)
        names.append(name)
    return names


def assemble(units: dict[str, list[Unit]], cache: UnitCache, site_dir: Path, stamp: str | None = None,
             site_url: str | None = None) -> None:
    """site/ from the builds' cached outputs: each language's listing, its shards' documents,
    downloads and indexes (pagefind/<shard>/), one merged sitemap.

    Files are hard-linked from the cache, not copied (a 10,000-document site is gigabytes);
    the result is put together next to site_dir and renamed into place, so site_dir is either
    the old site or the complete new one."""
    site_dir = Path(site_dir)
    assembling = site_dir.with_name(site_dir.name + ".assembling")
    if assembling.exists():
        shutil.rmtree(assembling)
    sitemaps = {}
    for lang in LANGUAGES:
        target = assembling / SITE_DIR[lang]
        listing, shards = units[lang][0], units[lang][1:]
        link_tree(cache.folder(listing), target, skip=(KEY_FILE, "sitemap.xml", "sitemap.xml.gz"))
        indexed = []
        for shard in shards:
            source = cache.folder(shard)
            for part in ("documents", "downloads"):
                if (source / part).is_dir():
                    link_tree(source / part, target / part)
            if (source / PAGEFIND_DIR).is_dir():
                # the first index is the one Pagefind starts with: only it needs the code
                link_tree(source / PAGEFIND_DIR, target / PAGEFIND_DIR / shard.name,
                          skip=() if not indexed else ("pagefind.js",) + tuple(
                              path.name for path in (source / PAGEFIND_DIR).glob("wasm.*")))
                indexed.append(shard.name)
        (target / PAGEFIND_DIR).mkdir(parents=True, exist_ok=True)
        write_search_scripts(target / PAGEFIND_DIR, indexed)
        sitemaps[lang] = merge_sitemaps(cache.folder(listing) / "sitemap.xml",
                                        [cache.folder(shard) / "sitemap.xml" for shard in shards], target)
    # Material's source maps are for debugging its own code; readers never load them.
    for path in assembling.rglob("*.js.map"):
        path.unlink()
    write_crawler_files(assembling, site_url, sitemaps)
    if stamp:
        (assembling / fingerprint.FILE_NAME).write_text(stamp + "\n", encoding="ascii")
    replace_dir(assembling, site_dir)


def build_sites(pages: Pages | None, docs_dir: Path, site_dir: Path, work_dir: Path, *,
                previous_site: Path | None = None, strict: bool = True, site_url: str | None = None,
                jobs: int | None = None, per_shard: int | None = None, reuse: bool = True) -> SiteResult:
    """Build the site into site_dir from `pages` (None: the pages already in docs_dir).

    previous_site: the site now published. When everything the builds read is the same as
    when it was built, nothing is built and the result says `unchanged`. per_shard: documents
    per shard (default: data/site.yaml). reuse=False: every build runs, none is taken from the
    cache."""
    docs_dir, site_dir, work_dir = Path(docs_dir), Path(site_dir), Path(work_dir)
    site_url = site_url or configured_site_url()
    result = SiteResult()
    started = time.perf_counter()
    try:
        vendored = ensure_vendored()
        if pages is not None:
            write_docs(pages, docs_dir, vendored)
    except RuntimeError as error:  # npm could not install the vendored packages
        result.errors.append(f"site: {error}")
        return result
    result.seconds["pages"] = time.perf_counter() - started

    units = plan(docs_dir, per_shard or settings.site().documents_per_shard)
    common = fingerprint.shared(site_url=site_url, strict=strict, pagefind=vendored.pagefind_version)
    keys = fingerprint.unit_keys(docs_dir, units, common)
    stamp = fingerprint.stamp(keys)
    result.unchanged = stamp == fingerprint.read(previous_site)
    if result.unchanged:
        return result
    cache = UnitCache(work_dir / UNITS_DIR)
    todo = [unit for lang in LANGUAGES for unit in units[lang]
            if not reuse or cache.key(unit) != keys[unit.lang, unit.name]]
    result.counts = {"builds": sum(len(found) for found in units.values()), "built": len(todo),
                     "shards": len(units["zh"]) - 1}
    started = time.perf_counter()
    # at most `jobs` builds at once: each MkDocs holds one shard's pages, and each Pagefind
    # about 1 MB per Chinese page of its shard (data/site.yaml)
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        outcomes = list(pool.map(lambda unit: _build_unit(unit, units, keys[unit.lang, unit.name], docs_dir, cache,
                                                          site_url, strict, vendored.pagefind), todo))
    result.seconds["languages"] = time.perf_counter() - started
    for unit, (error, seconds) in zip(todo, outcomes):
        for step, value in seconds.items():
            name = f"{step}.{unit.lang}" if not unit.is_listing else f"listing.{unit.lang}"
            result.seconds[name] = result.seconds.get(name, 0.0) + value
        if error:
            result.errors.append(f"site: {unit.lang}: {unit.name}: {error}")
    if result.errors:
        return result
    started = time.perf_counter()
    assemble(units, cache, site_dir, stamp, site_url)
    cache.prune(units)
    result.seconds["assemble"] = time.perf_counter() - started
    return result
