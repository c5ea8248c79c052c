"""The site in a real browser (Debian's Chromium via Playwright): on localhost and
from the unpacked offline snapshot on file://."""

from __future__ import annotations


import pytest

from build_scripts.site.i18n import LANGS, SITE_DIR

SEARCHES = {
    "zh": [("融资担保", "sample-guarantee-suggestion-reply"),
           ("专精特新", "sample-supply-chain-reply"),
           ("链长制", "sample-chain-chief-notice")],
    "zh-Hant": [("專精特新", "sample-supply-chain-reply"),
                ("融資擔保", "sample-guarantee-suggestion-reply")],
    "en": [("guarantee", "sample-guarantee-suggestion-reply"),
           ("chain chief", "sample-chain-chief-notice")],
}
DOC = "sample-supply-chain-reply"


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


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_the_document_in_its_language_only(page, lang):
    pg, base, _ = page
    root = base + SITE_DIR[lang]
    for query, slug in SEARCHES[lang]:
        pg.goto(root + "index.html")  # a fresh page, so no earlier results linger
        hrefs = search(pg, query, slug)
        assert any(f"/documents/{slug}.html" in h for h in hrefs), (query, hrefs)
        for h in hrefs:
            rel = h[len(base):] if h.startswith(base) else h
            assert h.startswith(root), h
            assert not any(rel.startswith(SITE_DIR[o]) for o in LANGS if o != lang and SITE_DIR[o]), h


@pytest.mark.parametrize("lang", LANGS)
def test_switcher_lands_on_the_same_document(page, lang):
    pg, base, _ = page
    for other in LANGS:
        if other == lang:
            continue
        pg.goto(base + SITE_DIR[lang] + f"documents/{DOC}.html")
        pg.locator(".md-header__option .md-select button").hover()
        link = pg.locator(f"a.md-select__link[data-archive-lang='{other}']")
        with pg.expect_navigation():
            link.click()
        assert pg.url.split("?")[0].endswith(f"/{SITE_DIR[other]}documents/{DOC}.html"), pg.url
        assert pg.locator("html").get_attribute("lang") == other
        # the same document: its doc number is in the card
        assert "穗工信函〔2023〕101号" in pg.locator("[data-archive-card]").inner_text()


def test_switcher_on_index_pages_stays_on_the_index(page):
    pg, base, _ = page
    pg.goto(base + "en/browse/year.html")
    pg.locator(".md-header__option .md-select button").hover()
    with pg.expect_navigation():
        pg.locator("a.md-select__link[data-archive-lang='zh-Hant']").click()
    assert pg.url.endswith("/zh-Hant/browse/year.html")
    assert pg.locator("svg.archive-chart").is_visible()


def test_machine_translation_notice_is_visible_on_english_pages(page, screenshot_dir):
    pg, base, _ = page
    for lang in LANGS:
        pg.goto(base + SITE_DIR[lang] + f"documents/{DOC}.html")
        pg.wait_for_load_state("networkidle")
        notice = pg.locator("[data-archive-mt-notice]")
        if lang == "en":
            assert notice.is_visible()
            assert "Machine translation" in notice.inner_text()
        else:
            assert notice.count() == 0
        assert pg.locator("[data-archive-card]").is_visible()
        assert pg.locator("[data-archive-cite]").is_visible()
        kind = "http" if base.startswith("http") else "file"
        pg.screenshot(path=str(screenshot_dir / f"{kind}-{lang}-{DOC}.png"), full_page=True)
    # fonts: CJK text must render with a real font (Noto CJK), not tofu boxes
    width = pg.evaluate("""() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '32px sans-serif'; return [c.measureText('專').width, c.measureText('\\uffff').width]; }""")
    assert width[0] > 20
