"""Text from the sources is never run as HTML: a document whose title, issuing body, region,
type, number, addressee, heading and body hold `<script>`, `<img onerror>` and a Markdown
`javascript:` link is built into a real site and opened in Chromium. No dialog opens, no such
element exists, and the text is shown as text on the document page, the home and browse
pages and in search results, in every language."""

from __future__ import annotations

import json
import re

import pytest

from build_scripts.commands import site as site_cmd
from build_scripts.render.markdown import render_page
from build_scripts.site.i18n import LANGS, SITE_DIR
from build_scripts.site.sample import write_archive

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
SLUG = "sample-chain-chief-notice"
WORDS = {  # a searchable word per language, then the rest of each field
    "zh": ("注入", "关于防范注入攻击的通知", "三明市人民政府办公室", "福建省三明市", "通知", "正文"),
    "zh-Hant": ("注入", "關於防範注入攻擊的通知", "三明市人民政府辦公室", "福建省三明市", "通知", "正文"),
    "en": ("injection", "Notice on preventing injection attacks", "Sanming General Office",
           "Sanming, Fujian", "Notice", "The text"),
}
FACET_PAGES = ("browse/agency.html", "browse/region.html", "browse/doc_type.html")


def hostile(rec: dict, lang: str) -> dict:
    term, title, agency, region, kind, text = WORDS[lang]
    rec.update({
        "title": f"{title}{SCRIPT}{IMG}",
        "agency": f"{IMG}{agency}",
        "region": f"{region}{SCRIPT}",
        "doc_type_label": f"{kind}{IMG}",
        "doc_number": '明政办〔2022〕18号"><img src=x onerror=alert(1)>',
        "addressee": f"{SCRIPT}各县:",
    })
    blocks = [
        {"kind": "addressee", "text": f"{SCRIPT}各县:"},
        {"kind": "heading", "level": 1, "text": f"一、{term} {SCRIPT}"},
        {"kind": "paragraph", "text": f"{text} {term} {SCRIPT} {IMG} {LINK} end."},
        {"kind": "signature", "text": f"{IMG}{agency}"},
        {"kind": "date", "text": "2022-05-20"},
    ]
    for block in blocks:
        block["original"] = block["text"] if lang == "zh" else f"原文{SCRIPT}{IMG}"
    rec["blocks"] = blocks
    rec["headings"] = [{"level": 1, "text": blocks[1]["text"]}]
    rec["body"] = "\n".join(b["text"] for b in blocks)
    return rec


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, http_serve):
    root = tmp_path_factory.mktemp("hostile")
    paths = write_archive(root, 3)
    for lang in LANGS:
        vpath = paths["variants"] / lang / f"{SLUG}.json"
        rec = hostile(json.loads(vpath.read_text("utf-8")), lang)
        vpath.write_text(json.dumps(rec, ensure_ascii=False), "utf-8")
        # the pages come from the render stage, as in the real pipeline
        (paths["docs"] / lang / "documents" / f"{SLUG}.md").write_text(render_page(rec, lang), "utf-8")
    errors = site_cmd.run(paths["variants"], paths["docs"], paths["site"], build_dir=paths["build"])
    assert errors == [], "\n".join(errors)
    with http_serve(paths["site"]) as url:
        yield url


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
def test_document_page_shows_the_markup_as_text(hostile_site, guarded, lang):
    pg, guard = guarded
    root = hostile_site + SITE_DIR[lang]
    pg.goto(root + f"documents/{SLUG}.html")
    pg.wait_for_load_state("networkidle")
    text = visible_text(pg)
    for payload in (SCRIPT, IMG, LINK):
        assert payload in text, (lang, payload)
    title = WORDS[lang][1] + SCRIPT + IMG
    assert title in pg.title()
    assert title in pg.locator("h1").first.inner_text()
    card = pg.locator("[data-archive-card]").inner_text()
    assert IMG + WORDS[lang][2] in card and '18号"><img src=x onerror=alert(1)>' in card
    assert WORDS[lang][3] + SCRIPT in card
    assert title in pg.locator("[data-archive-cite]").inner_text()
    # the folded Chinese original keeps its markup as text too
    if lang != "zh":
        pg.locator("details.doc-original summary").first.click()
        assert f"原文{SCRIPT}{IMG}" in visible_text(pg)
    guard.check(pg, f"{lang} document")


@pytest.mark.parametrize("lang", LANGS)
def test_home_and_facet_pages_show_labels_as_text(hostile_site, guarded, lang):
    pg, guard = guarded
    root = hostile_site + SITE_DIR[lang]
    pg.goto(root + "index.html")
    assert WORDS[lang][1] + SCRIPT + IMG in visible_text(pg)
    guard.check(pg, f"{lang} home")
    expected = {"browse/agency.html": IMG + WORDS[lang][2],
                "browse/region.html": WORDS[lang][3] + SCRIPT,
                "browse/doc_type.html": WORDS[lang][4] + IMG}
    for rel in FACET_PAGES:
        pg.goto(root + rel)
        text = visible_text(pg)
        if lang != "en" or rel != "browse/agency.html":
            # (English agency labels may be replaced by the glossary's English name)
            assert expected[rel] in text, (lang, rel)
        assert WORDS[lang][1] + SCRIPT + IMG in text, (lang, rel)  # the document's link text
        guard.check(pg, f"{lang} {rel}")


@pytest.mark.parametrize("lang", LANGS)
def test_search_results_show_the_markup_as_text(hostile_site, guarded, lang):
    pg, guard = guarded
    pg.goto(hostile_site + SITE_DIR[lang] + "index.html")
    pg.keyboard.press("s")
    box = pg.locator("input.md-search__input")
    box.fill(WORDS[lang][0])
    box.press("End")
    pg.wait_for_selector(f".md-search-result__link[href*='documents/{SLUG}.html']", timeout=20000)
    results = pg.locator(".md-search-result").inner_text()
    assert "alert(1)" in results
    assert "<script>" in results or "<img" in results
    guard.check(pg, f"{lang} search")
