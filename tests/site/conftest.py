"""Fixtures for the site stage: an archive built by the real stages from real pages (the five
seeds and a handful of development-set pages: records → variants → render → a real MkDocs
build per language), a local HTTP server, the unpacked offline snapshot, and Debian's
Chromium via Playwright.

The variants stage runs without a translation model (an empty packages folder): the English
pages get English metadata and names from the glossary, and the Chinese text with a notice.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socketserver
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from build_scripts.provenance import load_manifest
from build_scripts.record import Record, Variant
from build_scripts.records import make_records
from build_scripts.render import render
from build_scripts.site import SiteResult, build_sites, write_docs
from build_scripts.site.snapshot import TOP, write_snapshot
from build_scripts.variants import VariantSettings, make_variants

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "source").glob("*.txt"))
# Development-set pages beside the seeds: other agencies, regions and document types, and
# years from 2017 to 2024, so that every facet has several groups (and some of more than one);
# 27 is written in Traditional characters (its Simplified page is the converted one).
DEVSET = [ROOT / "tests" / "data" / "devset" / f"{stem}.txt" for stem in (
    "01_yinchuan_jtj_npc_reply", "06_zhenba_gov_rules_notice", "14_tongguan_mzj_cppcc_reply",
    "16_bole_czj_cppcc_reply", "17_maguan_jtj_npc_reply", "26_fujian_gov_reply", "27_govcn_big5_notice")]
PAGES = SEEDS + DEVSET

# Where the test archive says it is published: permalinks, canonical links, hreflang
# alternates and sitemaps are absolute, under a sub-path (tests/site/test_meta.py).
SITE_URL = "https://archive.example.org/sub/"

CHROMIUM = os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass
class Archive:
    """An archive made by the real stages, and the folders it is (or will be) built in."""

    root: Path
    records: list[Record]
    documents: dict[str, dict[str, Variant]]  # {slug: {lang: Variant}}
    result: SiteResult | None = None
    seeds: set[str] = field(default_factory=set)  # slugs of the documents from source/

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def work(self) -> Path:
        return self.root / "work"

    def variant(self, slug: str, lang: str) -> Variant:
        return self.documents[slug][lang]

    def record(self, slug: str) -> Record:
        return next(record for record in self.records if record.slug == slug)

    def text(self, slug: str, lang: str | None = None) -> str:
        """The title and text of a document: its record's (lang None) or its variant's."""
        return text_of(self.record(slug) if lang is None else self.variant(slug, lang))


def run_stages(paths: list[Path], tmp: Path, edit=None) -> tuple[list[Record], dict[str, dict[str, Variant]]]:
    """The records and variants stages on `paths`, with no translation model; `edit(records)`
    may change the records in between (and returns them)."""
    # the development pages' addresses, from their SOURCES.tsv, as an archivist's manifest gives them
    records, failures, _ = make_records(list(paths), manifest=load_manifest(DEVSET[0].parent))
    assert failures == [], [str(f) for f in failures]
    if edit is not None:
        records = edit(records)
    no_model = tmp / "no-model"
    no_model.mkdir(parents=True, exist_ok=True)
    settings = VariantSettings(packages_dir=no_model, cache_dir=tmp / "cache")
    documents, report = make_variants(records, settings, log=lambda message: None)
    assert report.errors == [], report.errors
    assert set(documents) == {record.slug for record in records}
    return records, documents


SEARCH_TERMS = ROOT / "tests" / "data" / "search_terms.txt"


def dictionary_terms() -> list[str]:
    """The archive's terms: words readers search for (tests/data/search_terms.txt)."""
    lines = SEARCH_TERMS.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def text_of(page: Record) -> str:
    """A record's or variant's title and text, as its page shows them."""
    return "\n".join([page.title or ""] + [block.text for block in page.blocks])


@pytest.fixture(scope="session")
def stages(tmp_path_factory):
    """(records, documents) of PAGES, made once per session."""
    return run_stages(PAGES, tmp_path_factory.mktemp("stages"))


@pytest.fixture(scope="session")
def built(stages, tmp_path_factory) -> Archive:
    records, documents = stages
    archive = Archive(tmp_path_factory.mktemp("archive"), records, documents,
                      seeds={record.slug for record in records if any(p.name == record.source_file for p in SEEDS)})
    assert len(archive.seeds) == len(SEEDS)
    archive.result = build_sites(render(documents, site_url=SITE_URL), archive.docs, archive.site, archive.work,
                                 site_url=SITE_URL)
    assert archive.result.errors == [], "\n".join(archive.result.errors)
    assert (archive.site / "index.html").is_file()
    return archive


@pytest.fixture(scope="session")
def site_url() -> str:
    """The address the `built` archive is built for."""
    return SITE_URL


@pytest.fixture(scope="session")
def snapshot(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("snapshot")
    zpath = out / "archive-snapshot.zip"
    assert write_snapshot(built.site, zpath) == []
    unpacked = out / "unpacked"
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(unpacked)
    return {"zip": zpath, "dir": unpacked / TOP}


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """An HTTP server for directory on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    srv = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/"
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="session")
def http_serve():
    """`serve` for tests that build their own site."""
    return serve


@pytest.fixture(scope="session")
def server(built):
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium "
                    "and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def search_results(pg, url: str, query: str, expect_slug: str | None = None) -> list[str]:
    """Search `query` in Material's box on page `url`; the result documents in their order (URLs
    without query or fragment). Waits for `expect_slug` among the results (a timeout is the
    test failing: not found), else for any result."""
    pg.goto(url)
    pg.keyboard.press("s")  # Material's shortcut opens the search box
    box = pg.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # typing Chinese key by key may not trigger a search: fill, then a key
    selector = f".md-search-result__link[href*='documents/{expect_slug}.html']" if expect_slug \
        else ".md-search-result__item"
    pg.wait_for_selector(selector, timeout=20000)
    hrefs = pg.locator(".md-search-result__item > a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    return [href.split("?")[0].split("#")[0] for href in hrefs]


@pytest.fixture(scope="session")
def search():
    """`search_results`, for the browser tests."""
    return search_results


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def bare_archive(stages, tmp_path) -> Archive:
    """A small archive (three of the real documents) whose pages are written into its docs
    folder but not yet built, for tests that change it before building (`build_sites(None, …)`
    builds from the pages in docs, as `python -m build_scripts site` does)."""
    records, documents = stages
    records = records[:3]
    archive = Archive(tmp_path, records, {record.slug: documents[record.slug] for record in records})
    write_docs(render(archive.documents), archive.docs)
    return archive


@pytest.fixture(scope="session")
def stage_runner():
    """`run_stages`, for tests that make an archive of their own."""
    return run_stages


@pytest.fixture(scope="session")
def terms():
    """The archive's terms (tests/data/search_terms.txt), in the file's order."""
    return dictionary_terms()
