"""The site in a real browser (Debian's Chromium via Playwright): on localhost and
from the unpacked offline snapshot on file://.

What is searched for comes from the real documents: an archive term (the jieba user
dictionary) that only one seed uses, its Traditional form, and for English a word of the
English names the glossary gave one seed's signature or addressee."""

from __future__ import annotations

import re

import opencc
import pytest

from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site.config import SITE_DIR

LATIN_WORD = re.compile(r"[A-Za-z]{5,}")


def unique_terms(built, terms, lang: str, n: int) -> list[tuple[str, str]]:
    """Up to n (term, slug): archive terms each found in the text of one seed only (and in no
    other document), one term per seed, longest first. zh-Hant searches the term's Traditional
    form, which must be in that seed's Traditional page and in no other."""
    cc = opencc.OpenCC("s2t")
    out: list[tuple[str, str]] = []
    for term in sorted(terms, key=lambda t: (-len(t), t)):
        if cc.convert(term) == term:  # the same in both scripts: shows nothing about zh-Hant
            continue
        where = [slug for slug in built.documents if term in built.text(slug)]
        if len(where) != 1 or where[0] not in built.seeds or where[0] in {s for _, s in out}:
            continue
        if lang == "zh-Hant":
            term = cc.convert(term)
            if [slug for slug in built.documents if term in built.text(slug, "zh-Hant")] != where:
                continue
        out.append((term, where[0]))
        if len(out) == n:
            break
    return out


def english_words(built, n: int) -> list[tuple[str, str]]:
    """Up to n (word, slug): an English word of the names (signature, addressee) in one seed's
    English page that no other English page has, one per seed, longest first."""
    words: dict[str, set[str]] = {}
    for slug in built.documents:
        for word in LATIN_WORD.findall(built.text(slug, "en")):
            words.setdefault(word.lower(), set()).add(slug)
    candidates = []
    for slug in sorted(built.seeds):
        names = " ".join(block.text for block in built.variant(slug, "en").blocks
                         if block.kind in ("signature", "addressee"))
        for word in set(LATIN_WORD.findall(names)):
            if words[word.lower()] == {slug}:
                candidates.append((word, slug))
    out: list[tuple[str, str]] = []
    for word, slug in sorted(candidates, key=lambda c: (-len(c[0]), c[0])):
        if slug not in {s for _, s in out}:
            out.append((word, slug))
        if len(out) == n:
            break
    return out


@pytest.fixture(scope="module")
def searches(built, terms):
    found = {"zh": unique_terms(built, terms, "zh", 3), "zh-Hant": unique_terms(built, terms, "zh-Hant", 2),
             "en": english_words(built, 2)}
    for lang, queries in found.items():
        assert len(queries) >= 2, (lang, queries)  # the seeds and the glossary give at least two
    return found


@pytest.fixture(scope="module")
def doc(built) -> str:
    """A seed with a document number, for the per-page checks."""
    return next(slug for slug in sorted(built.seeds) if built.record(slug).doc_number)


@pytest.fixture(params=["http", "file"])
def target(request, server, snapshot):
    if request.param == "http":
        return server
    return snapshot["dir"].as_uri() + "/"


class Watch:
    """Console errors and requests of one page, with the requests that leave the site."""

    def __init__(self, page, base):
        self.base, self.errors, self.requests = base, [], []
        page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def foreign(self):
        return [u for u in self.requests if not u.startswith((self.base, "data:", "blob:", "about:"))]


@pytest.fixture
def page(browser, target):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = Watch(pg, target)
    yield pg, target, watch
    context.close()
    assert watch.errors == [], watch.errors
    assert watch.foreign() == [], watch.foreign()


def search(pg, query, expect_slug):
    pg.keyboard.press("s")  # Material's shortcut opens the search box
    box = pg.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # typing Chinese key by key may not trigger a search: fill, then a key
    # Wait for the result we expect (the worker may still be loading the index);
    # a timeout here is the test failing: the document was not found.
    pg.wait_for_selector(f".md-search-result__link[href*='documents/{expect_slug}.html']",
                         timeout=20000)
    return pg.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")


def whole_term_hits(pg, query) -> set[str]:
    """The result documents (URL without query and fragment) in which the search highlights the
    whole query. Material also searches for the parts of a query that are words of the index
    (工業互聯網 → 工業*, 互聯), so other documents are listed too, and may rank higher."""
    items = pg.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(
        item => [item.querySelector('a').href, [...item.querySelectorAll('mark')].map(m => m.textContent)])""")
    return {href.split("#")[0].split("?")[0] for href, marks in items
            if any(mark.lower() == query.lower() for mark in marks)}


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_the_document_in_its_language_only(page, searches, lang):
    pg, base, _ = page
    root = base + SITE_DIR[lang]
    for query, slug in searches[lang]:
        pg.goto(root + "index.html")  # a fresh page, so no earlier results linger
        hrefs = search(pg, query, slug)
        assert any(f"/documents/{slug}.html" in h for h in hrefs), (query, hrefs)
        for h in hrefs:
            rel = h[len(base):] if h.startswith(base) else h
            assert h.startswith(root), h
            assert not any(rel.startswith(SITE_DIR[o]) for o in LANGS if o != lang and SITE_DIR[o]), h
        # the term is in that one document only
        assert whole_term_hits(pg, query) == {root + f"documents/{slug}.html"}, query


@pytest.mark.parametrize("lang", LANGS)
def test_switcher_lands_on_the_same_document(page, built, doc, lang):
    pg, base, _ = page
    for other in LANGS:
        if other == lang:
            continue
        pg.goto(base + SITE_DIR[lang] + f"documents/{doc}.html")
        pg.locator(".md-header__option .md-select button").hover()
        link = pg.locator(f"a.md-select__link[data-archive-lang='{other}']")
        with pg.expect_navigation():
            link.click()
        assert pg.url.split("?")[0].endswith(f"/{SITE_DIR[other]}documents/{doc}.html"), pg.url
        assert pg.locator("html").get_attribute("lang") == other
        # the same document: its document number is in the card
        assert built.variant(doc, other).doc_number in pg.locator("[data-archive-card]").inner_text()


def test_switcher_on_index_pages_stays_on_the_index(page):
    pg, base, _ = page
    pg.goto(base + "en/browse/year.html")
    pg.locator(".md-header__option .md-select button").hover()
    with pg.expect_navigation():
        pg.locator("a.md-select__link[data-archive-lang='zh-Hant']").click()
    assert pg.url.endswith("/zh-Hant/browse/year.html")
    assert pg.locator("svg.archive-chart").is_visible()


# What the notice of a page that is not the original begins with (the labels files).
NOTICE_START = {"translated": "Machine translation.", "missing": "Not yet translated."}


def test_machine_translation_notice_is_visible_on_english_pages(page, built, doc, screenshot_dir):
    pg, base, _ = page
    for lang in LANGS:
        variant = built.variant(doc, lang)
        pg.goto(base + SITE_DIR[lang] + f"documents/{doc}.html")
        pg.wait_for_load_state("networkidle")
        notice = pg.locator("[data-archive-notice]")
        if lang == "zh":
            assert notice.count() == 0
        else:
            assert notice.is_visible()
            if lang == "en":
                # without a model (as here) the English page says it is not translated yet
                kind = "missing" if variant.translation_missing else "translated"
                assert NOTICE_START[kind] in notice.inner_text()
            else:
                assert "OpenCC" in notice.inner_text()
                assert "archive-notice--opencc" in notice.get_attribute("class")
            # the notice links the Simplified original
            href = notice.locator("a").first.evaluate("a => a.href")
            assert href == base + f"documents/{doc}.html", href
        assert pg.locator("[data-archive-card]").is_visible()
        assert pg.locator("[data-archive-cite]").is_visible()
        kind = "http" if base.startswith("http") else "file"
        pg.screenshot(path=str(screenshot_dir / f"{kind}-{lang}-{doc}.png"), full_page=True)
    assert built.variant(doc, "en").translation_missing  # the fixture builds without a model
    # fonts: CJK text must render with a real font (Noto CJK), not tofu boxes
    width = pg.evaluate("""() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '32px sans-serif'; return [c.measureText('專').width, c.measureText('\\uffff').width]; }""")
    assert width[0] > 20
