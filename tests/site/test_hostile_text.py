"""Text from the sources is never run as HTML: a document whose title, issuing body, region,
type, number, addressee, headings, body and signature hold `<script>`, `<img onerror>` and a
Markdown `javascript:` link is built into a real site and opened in Chromium. No dialog opens,
no such element exists, and the text is shown as text on the document page, the home and browse
pages and in search results, in every language.

The document is a raw page run through the real records stage (which drops the tags it finds on
a line as HTML remnants, but keeps the Markdown link as text); the markup is then put into the
record's fields, as a source could carry it in ways the cleaner does not recognise, and the
record goes through the real variants, render and site stages with two seeds beside it."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from build_scripts.render import render
from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site import build_sites
from build_scripts.site.config import SITE_DIR

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
NUMBER_TAIL = '"><img src=x onerror=alert(1)>'
WORD = "注入"
NUMBER = "明政办〔2022〕18号"  # searched for in every language (the English page has it in its card)
SLUG = "injection-notice"
RAW = f"""关于防范注入攻击的通知{SCRIPT}{IMG}
发布时间:2022-05-20
{NUMBER}
各县(市、区)人民政府,市直各单位:
为做好注入攻击防范工作,现将有关事项通知如下:
一、防范注入攻击
正文 {WORD} {LINK} end。各单位要高度重视网络安全工作,落实防范措施,确保系统安全稳定运行。
二、工作要求
各单位要加强组织领导,明确责任分工,及时报告发现的问题。
三明市人民政府办公室
2022年5月20日
"""
SEEDS = ("000_bef68711d2b2d5e8.txt", "004_a4924afafe98401d.txt")
FACET_PAGES = {"browse/agency.html": "agency", "browse/region.html": "region", "browse/doc_type.html": "doc_type_label"}


def with_markup(record):
    """The record with markup in every field a page shows."""
    blocks = []
    for block in record.blocks:
        if block.kind in ("addressee", "signature"):
            block = dataclasses.replace(block, text=(SCRIPT if block.kind == "addressee" else IMG) + block.text)
        elif block.kind == "heading":
            block = dataclasses.replace(block, text=f"{block.text} {SCRIPT}")
        elif block.kind == "paragraph":
            block = dataclasses.replace(block, text=f"{block.text} {SCRIPT} {IMG}")
        blocks.append(block)
    return dataclasses.replace(
        record, title=record.title + SCRIPT + IMG, agency=IMG + record.agency, region=record.region + SCRIPT,
        doc_type_label=record.doc_type_label + IMG, doc_number=record.doc_number + NUMBER_TAIL,
        addressee=SCRIPT + record.addressee, blocks=blocks)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, stage_runner, http_serve):
    root = tmp_path_factory.mktemp("hostile")
    source = root / "source"
    source.mkdir()
    page = source / f"{SLUG}.txt"
    page.write_text(RAW, "utf-8")
    seeds = [Path(__file__).resolve().parents[2] / "source" / name for name in SEEDS]
    seen = {}

    def edit(records):
        record = next(r for r in records if r.slug == SLUG)
        # what the records stage made of the raw page: the fields the markup goes into
        assert record.title and record.agency and record.region and record.doc_type_label
        assert record.doc_number and record.addressee and LINK in record.body
        assert {"addressee", "heading", "paragraph", "signature"} <= {b.kind for b in record.blocks}
        seen["record"] = with_markup(record)
        return [seen["record"] if r.slug == SLUG else r for r in records]

    records, documents = stage_runner([page, *seeds], root / "stages", edit)
    # The variants stage labels a document type from doc_types.yaml in zh-Hant and English;
    # the markup goes into those labels too, so that every language's browse page shows one.
    for lang, variant in documents[SLUG].items():
        if IMG not in (variant.doc_type_label or ""):
            documents[SLUG][lang] = dataclasses.replace(variant, doc_type_label=(variant.doc_type_label or "") + IMG)
    result = build_sites(render(documents), root / "docs", root / "site", root / "work")
    assert result.errors == [], "\n".join(result.errors)
    with http_serve(root / "site") as url:
        yield {"url": url, "record": seen["record"], "variants": documents[SLUG]}


class Guard:
    """Dialogs, requests for the payload's image and console errors of one page."""

    def __init__(self, pg):
        self.dialogs, self.requests, self.errors = [], [], []
        pg.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        pg.on("request", lambda r: self.requests.append(r.url))
        pg.on("pageerror", lambda e: self.errors.append(str(e)))

    def check(self, pg, where):
        found = pg.evaluate("""() => ({
            img: [...document.querySelectorAll('img')].filter(
                i => i.getAttribute('src') === 'x' || i.hasAttribute('onerror')).length,
            onerror: document.querySelectorAll('[onerror]').length,
            script: [...document.querySelectorAll('script')].filter(
                s => s.textContent.includes('alert(1)')).length,
            jslink: [...document.querySelectorAll('[href],[src]')].filter(
                e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length,
        })""")
        assert found == {"img": 0, "onerror": 0, "script": 0, "jslink": 0}, (where, found)
        assert self.dialogs == [], (where, self.dialogs)
        assert not [u for u in self.requests if re.search(r"/x(\?|$)", u)], where
        assert self.errors == [], (where, self.errors)


@pytest.fixture
def guarded(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg, Guard(pg)
    context.close()


def visible_text(pg) -> str:
    return pg.locator("body").inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_document_page_shows_the_markup_as_text(hostile, guarded, lang):
    pg, guard = guarded
    variant = hostile["variants"][lang]
    pg.goto(hostile["url"] + SITE_DIR[lang] + f"documents/{SLUG}.html")
    pg.wait_for_load_state("networkidle")
    text = visible_text(pg)
    for payload in (SCRIPT, IMG, LINK):
        assert payload in text, (lang, payload)
    assert variant.title.endswith(SCRIPT + IMG)
    assert variant.title in pg.title()
    assert variant.title in pg.locator("h1").first.inner_text()
    card = pg.locator("[data-archive-card]").inner_text()
    for value in (variant.agency, variant.region, variant.doc_type_label, variant.doc_number, variant.addressee):
        assert SCRIPT in value or IMG in value  # the markup came through the variants stage
        assert value in card, (lang, value)
    assert variant.doc_number.endswith(NUMBER_TAIL)
    assert variant.title in pg.locator("[data-archive-cite]").inner_text()
    for block in variant.blocks:  # headings, paragraphs, signature: shown as they are
        assert block.text in text, (lang, block.kind, block.text)
    # a folded Chinese original (under a block of the text the variant changed; the signature,
    # date and contact lines have none) keeps its markup as text too
    originals = [b.original for b in variant.blocks if b.original and b.original != b.text
                 and b.kind not in ("signature", "date", "contact")]
    if originals:
        summaries = pg.locator("details.doc-original summary")
        assert summaries.count() == len(originals)
        for i in range(summaries.count()):
            summaries.nth(i).click()
        text = visible_text(pg)
        for original in originals:
            assert original in text, (lang, original)
        assert any(SCRIPT in o or IMG in o for o in originals), originals
    guard.check(pg, f"{lang} document")


@pytest.mark.parametrize("lang", LANGS)
def test_home_and_facet_pages_show_labels_as_text(hostile, guarded, lang):
    pg, guard = guarded
    variant = hostile["variants"][lang]
    root = hostile["url"] + SITE_DIR[lang]
    pg.goto(root + "index.html")
    assert variant.title in visible_text(pg)
    guard.check(pg, f"{lang} home")
    for rel, field in FACET_PAGES.items():
        pg.goto(root + rel)
        text = visible_text(pg)
        label = getattr(variant, field)
        assert SCRIPT in label or IMG in label
        assert label in text, (lang, rel)
        assert variant.title in text, (lang, rel)  # the document's link text
        guard.check(pg, f"{lang} {rel}")


@pytest.mark.parametrize("lang", LANGS)
def test_search_results_show_the_markup_as_text(hostile, guarded, lang, search):
    pg, guard = guarded
    assert NUMBER in hostile["variants"][lang].doc_number
    search(pg, hostile["url"] + SITE_DIR[lang] + "index.html", NUMBER, SLUG)
    results = pg.locator(".md-search-result").inner_text()
    assert "alert(1)" in results
    assert "<script>" in results or "<img" in results
    guard.check(pg, f"{lang} search")
