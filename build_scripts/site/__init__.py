"""The site stage: each language's pages → a real `mkdocs build` → the trilingual site/.

    result = build_sites(pages, docs_dir, site_dir, work_dir, previous_site=Path("site"))

Steps: write the pages (with the vendored iframe-worker shim) into docs_dir/<lang>/; generate
one MkDocs config per language (INHERIT mkdocs.yml, `config`); fingerprint everything the
builds read (`fingerprint`) and stop there when the previous site has the same fingerprint;
per language, in parallel: `mkdocs build --strict`, then Pagefind over what it built
(`search`); move the three builds into site_dir (Simplified at the root, zh-Hant/, en/), with
robots.txt and a sitemap index when the site's address is known.
site_dir is only ever replaced whole, by a rename, once all three builds succeeded.
"""
from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..files import replace_dir
from ..render import Pages, write_pages
from ..settings import LANGUAGES
from . import fingerprint
from .config import SITE_DIR, configured_site_url, write_configs
from .search import index_site
from .vendor import Vendored, ensure_vendored, install_shim


@dataclass
class SiteResult:
    errors: list[str] = field(default_factory=list)
    # the previous site was built from the same inputs: nothing was built, site_dir left alone
    unchanged: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


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


# One Pagefind run at a time: indexing Chinese takes about 1 MB of memory per document page
# (10.6 GB for 10,000 pages, benchmarks/search.py); two at once would need twice that. The
# other languages' MkDocs builds still run beside it.
_ONE_INDEX_AT_A_TIME = threading.Semaphore(1)


def _build_language(config: Path, part: Path, pagefind: Path, strict: bool) -> tuple[str | None, dict[str, float]]:
    """One language's site: MkDocs, then Pagefind over it. (error or None, seconds by step)"""
    code, log, seconds = _mkdocs_build(config, strict)
    if code != 0:
        return f"mkdocs build failed:\n{log.strip()[-4000:]}", {"mkdocs": seconds}
    with _ONE_INDEX_AT_A_TIME:
        index_seconds, error = index_site(pagefind, part)
    return error, {"mkdocs": seconds, "pagefind": index_seconds}


SITEMAP_INDEX = "sitemap-index.xml"


def write_crawler_files(site: Path, site_url: str | None) -> None:
    """With the site's address: robots.txt naming the three languages' sitemaps, and a sitemap
    index of them (to submit once, where robots.txt is not at the host's root). Without it the
    sitemaps list no page (MkDocs needs absolute addresses), so neither file is written."""
    if not site_url:
        return
    root = site_url.rstrip("/") + "/"
    sitemaps = [root + SITE_DIR[lang] + "sitemap.xml" for lang in LANGUAGES]
    (site / "robots.txt").write_text(
        "User-agent: *\nAllow: /\n\n" + "".join(f"Sitemap: {url}\n" for url in sitemaps), encoding="utf-8")
    entries = "".join(f"  <sitemap><loc>{html.escape(url)}</loc></sitemap>\n" for url in sitemaps)
    (site / SITEMAP_INDEX).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</sitemapindex>\n",
        encoding="utf-8")


def assemble(parts_dir: Path, site_dir: Path, stamp: str | None = None, site_url: str | None = None) -> None:
    """site/ = the zh build, with the other builds moved into their folders.

    The parts are moved, not copied (a 1,000-document site is ~300 MB); the result is put
    together next to site_dir and renamed into place, so site_dir is either the old site or
    the complete new one."""
    site_dir, parts_dir = Path(site_dir), Path(parts_dir)
    assembling = site_dir.with_name(site_dir.name + ".assembling")
    if assembling.exists():
        shutil.rmtree(assembling)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(parts_dir / "zh"), str(assembling))
    for lang in LANGUAGES:
        if lang != "zh":
            shutil.move(str(parts_dir / lang), str(assembling / SITE_DIR[lang].rstrip("/")))
    # Material's source maps are for debugging its own code; readers never load them.
    for path in assembling.rglob("*.js.map"):
        path.unlink()
    write_crawler_files(assembling, site_url)
    if stamp:
        (assembling / fingerprint.FILE_NAME).write_text(stamp + "\n", encoding="ascii")
    replace_dir(assembling, site_dir)


def build_sites(pages: Pages | None, docs_dir: Path, site_dir: Path, work_dir: Path, *,
                previous_site: Path | None = None, strict: bool = True, site_url: str | None = None,
                jobs: int | None = None) -> SiteResult:
    """Build the site into site_dir from `pages` (None: the pages already in docs_dir).

    previous_site: the site now published. When everything the builds read is the same as
    when it was built, nothing is built and the result says `unchanged`."""
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

    parts_dir = work_dir / "site-parts"
    if parts_dir.exists():
        shutil.rmtree(parts_dir)
    configs = write_configs(work_dir / "site-config", docs_dir, parts_dir, site_url)
    stamp = fingerprint.compute(docs_dir, site_url=site_url, strict=strict,
                                pagefind=vendored.pagefind_version)
    result.unchanged = stamp == fingerprint.read(previous_site)
    if result.unchanged:
        return result
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs or min(len(LANGUAGES), os.cpu_count() or 1)) as pool:
        builds = dict(zip(LANGUAGES, pool.map(
            lambda lang: _build_language(configs[lang], parts_dir / lang, vendored.pagefind, strict), LANGUAGES)))
    result.seconds["languages"] = time.perf_counter() - started
    for lang, (error, seconds) in builds.items():
        for step, value in seconds.items():
            result.seconds[f"{step}.{lang}"] = value
        if error:
            result.errors.append(f"site: {lang}: {error}")
    if not result.errors:
        assemble(parts_dir, site_dir, stamp, site_url)
    return result
