"""The whole pipeline as `python -m build_scripts build` runs it (build_scripts.build: records →
variants → pages → site, written through the staging folder) on the five seed documents, read
in Chromium from the unpacked snapshot: search finds the expected seed first in each language."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from build_scripts.build import build
from build_scripts.record import Record, Variant
from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site.config import SITE_DIR
from build_scripts.site.snapshot import TOP, write_snapshot

ROOT = Path(__file__).resolve().parents[2]
LATIN_WORD = re.compile(r"[A-Za-z]{5,}")


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("seeds")
    result = build(ROOT / "source", work / "docs", work / "site", work / "build", log=lambda message: None)
    assert result.errors == [] and result.problems == [], result.errors + result.problems
    out = work / "snapshot.zip"
    assert write_snapshot(work / "site", out) == []
    with zipfile.ZipFile(out) as zf:
        zf.extractall(work / "unpacked")
    records = [Record.from_json(p.read_text("utf-8")) for p in sorted((work / "build" / "records").glob("*.json"))]
    assert len(records) == len(list((ROOT / "source").glob("*.txt")))
    variants = {lang: {p.stem: Variant.from_json(p.read_text("utf-8"))
                       for p in (work / "build" / "variants" / lang).glob("*.json")} for lang in LANGS}
    return {"work": work, "site": work / "site", "snapshot": work / "unpacked" / TOP,
            "records": records, "variants": variants}


def text_of(page) -> str:
    return "\n".join([page.title or ""] + [block.text for block in page.blocks])


def search_terms(seed_site, terms) -> tuple[str, dict[str, str]]:
    """(seed, {lang: query}): the longest archive term (tests/data/search_terms.txt) that one
    seed only uses, its Traditional form, and for English a word of that seed's English
    metadata (agency, region, addressee) that no other English page has (without a
    translation model, that is what the English site indexes)."""
    from build_scripts.variants.traditional import traditional_converter  # what the pages are made with

    cc = traditional_converter()
    texts = {record.slug: text_of(record) for record in seed_site["records"]}
    for term in sorted(terms, key=lambda t: (-len(t), t)):
        where = [slug for slug, text in texts.items() if term in text]
        if len(where) == 1 and cc.convert(term) != term:
            seed = where[0]
            break
    else:
        raise AssertionError("no archive term is used by one seed only")
    queries = {"zh": term, "zh-Hant": cc.convert(term)}
    hant = [slug for slug, page in seed_site["variants"]["zh-Hant"].items() if queries["zh-Hant"] in text_of(page)]
    assert hant == [seed], (queries, hant)
    english = {slug: {w.lower() for field in (page.agency, page.region, page.addressee)
                      for w in LATIN_WORD.findall(field or "")}
               for slug, page in seed_site["variants"]["en"].items()}
    own = sorted(english[seed].difference(*(words for slug, words in english.items() if slug != seed)),
                 key=lambda w: (-len(w), w))
    assert own, english[seed]
    queries["en"] = own[0]
    return seed, queries


def test_seed_search_and_switcher_from_file(seed_site, browser, terms, search):
    base = seed_site["snapshot"].as_uri() + "/"
    seed, queries = search_terms(seed_site, terms)
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors = []
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    outside = []
    pg.on("request", lambda r: r.url.startswith(("http:", "https:")) and outside.append(r.url))
    for lang in LANGS:
        root = base + SITE_DIR[lang]
        found = search(pg, root + "index.html", queries[lang], seed)
        docs = set(found)
        assert root + f"documents/{seed}.html" in docs, (lang, docs)
        assert all(d.startswith(root) for d in docs), (lang, docs)
        for other in LANGS:  # the root (Simplified) tree holds the others: exclude them
            if other != lang and SITE_DIR[other]:
                assert not any(d.startswith(base + SITE_DIR[other]) for d in docs), (lang, docs)
        # no other seed has the word: the seed is ranked first
        assert found[0] == root + f"documents/{seed}.html", (lang, queries[lang], found)
    # switcher on a seed page, and the machine-translation notice on the English one
    pg.goto(base + f"documents/{seed}.html")
    for other in ("zh-Hant", "en"):
        href = pg.locator(f"a.md-select__link[data-archive-lang='{other}']").get_attribute("href")
        assert href == f"../{SITE_DIR[other]}documents/{seed}.html"
    pg.goto(base + f"en/documents/{seed}.html")
    assert pg.locator("[data-archive-notice]").first.is_visible()
    ctx.close()
    assert errors == [] and outside == []
