"""The site in a real browser (Debian's Chromium via Playwright): on localhost and
from the unpacked offline snapshot on file://.

Search is tried with a query set of what readers type, made from the real documents of the
test archive: archive terms (tests/data/search_terms.txt), each term in the other script on
the other site, document numbers in their own and in other brackets and widths, an index
number, a number from a title, an English agency name on the English site, and a year filter,
typed and chosen from the filter menu. Each query knows the documents it must find (those
that contain it); they must all be found, and no other document may rank above them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import opencc
import pytest

from build_scripts.render.browse import year_of
from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site.config import SITE_DIR


@dataclass(frozen=True)
class Query:
    lang: str                 # the site searched
    text: str                 # what the reader types
    expected: frozenset[str]  # slugs that must all be found, ranked above every other result
    why: str
    exact_set: bool = False   # the results must be exactly `expected` (a filter)


def _other_brackets(number: str) -> str:
    """A document number as readers also type it: ASCII brackets, else full-width digits."""
    swapped = re.sub(r"[〔【［]", "[", re.sub(r"[〕】］]", "]", number))
    if swapped != number:
        return swapped
    return number.translate({ord(d): ord(d) - ord("0") + 0xFF10 for d in "0123456789"})


def query_set(built, terms) -> list[Query]:
    from build_scripts.variants.traditional import traditional_converter  # what the pages are made with

    cc_t, cc_s = traditional_converter(), opencc.OpenCC("t2s")
    slugs = sorted(built.documents)
    zh = {slug: built.text(slug) for slug in slugs}
    queries: list[Query] = []
    # archive terms (found in some documents, not all), each found by the documents that have it
    used = [term for term in sorted(set(terms), key=lambda t: (-len(t), t))
            if cc_s.convert(term) == term and cc_t.convert(term) != term
            and 1 <= sum(term in text for text in zh.values()) < len(slugs)]
    for term in used[:3]:
        having = frozenset(slug for slug in slugs if term in zh[slug])
        queries.append(Query("zh", term, having, "archive term"))
        queries.append(Query("zh", cc_t.convert(term), having, "Traditional query on the Simplified site"))
        queries.append(Query("zh-Hant", term, having, "Simplified query on the Traditional site"))
        queries.append(Query("zh-Hant", cc_t.convert(term), having, "archive term, Traditional"))
    # document and index numbers, as printed and in other brackets and widths
    for record in [built.record(slug) for slug in slugs if built.record(slug).doc_number][:3]:
        for typed in (record.doc_number, _other_brackets(record.doc_number)):
            queries.append(Query("zh", typed, frozenset({record.slug}), "document number"))
        queries.append(Query("en", _other_brackets(record.doc_number), frozenset({record.slug}),
                             "document number on the English site"))
    for record in [built.record(slug) for slug in slugs if built.record(slug).index_number][:2]:
        queries.append(Query("zh-Hant", record.index_number.lower(), frozenset({record.slug}), "index number"))
    # a number in a title (第1019号)
    for slug in slugs:
        match = re.search(r"第\d+号", built.record(slug).title or "")
        if match:
            queries.append(Query("zh", match.group(0), frozenset(s for s in slugs if match.group(0) in zh[s]),
                                 "number in a title"))
            break
    # an English agency name on the English site (with no translation model: metadata only)
    agencies = {slug: built.variant(slug, "en").agency for slug in slugs if built.variant(slug, "en").agency}
    for slug, agency in sorted(agencies.items())[:2]:
        queries.append(Query("en", agency, frozenset(s for s, a in agencies.items() if a == agency),
                             "English agency name"))
    # a year filter, typed in Chinese and in English
    years = {slug: year_of(built.record(slug)) for slug in slugs}
    year = max((y for y in years.values() if y), key=lambda y: (sum(v == y for v in years.values()), y))
    for lang, word in (("zh", "年份"), ("en", "year")):
        queries.append(Query(lang, f"{word}:{year}", frozenset(s for s, y in years.items() if y == year),
                             "year filter", exact_set=True))
    return queries


@pytest.fixture(scope="module")
def queries(built, terms) -> list[Query]:
    found = query_set(built, terms)
    kinds = {query.why for query in found}
    assert len(found) >= 20 and len(kinds) == 10, sorted(kinds)  # the test archive has every kind
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


def test_search_finds_what_readers_type(page, queries, search):
    pg, base, _ = page
    failures = []
    for query in queries:
        root = base + SITE_DIR[query.lang]
        expected = {root + f"documents/{slug}.html" for slug in query.expected}
        try:
            found = search(pg, root + "index.html", query.text, sorted(query.expected)[0])
        except Exception as error:  # noqa: BLE001  a timeout: the document was not found
            failures.append((query, f"not found ({type(error).__name__})"))
            continue
        # every result is a document of the site searched, never one of another language's
        assert all(url.startswith(root) and "/" not in url[len(root + "documents/"):] for url in found), (query, found)
        if set(found[:len(expected)]) != expected or (query.exact_set and set(found) != expected):
            failures.append((query, found))
    assert failures == [], "\n".join(f"{q.why}: {q.lang} {q.text!r} expected {sorted(q.expected)}, got {got}"
                                     for q, got in failures)


def test_filter_menu_writes_the_filter_into_the_query(page, built):
    pg, base, _ = page
    years = {slug: year_of(built.record(slug)) for slug in built.documents}
    year = min(y for y in years.values() if y)
    pg.goto(base + "index.html")
    pg.keyboard.press("s")
    pg.locator("[data-archive-search-filters] select[name=year]").select_option(year)
    assert pg.locator("input.md-search__input").input_value() == f"年份:{year}"
    expected = {base + f"documents/{slug}.html" for slug, y in years.items() if y == year}
    pg.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length === n",
                         arg=len(expected))
    found = pg.locator(".md-search-result__item > a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert {url.split("?")[0] for url in found} == expected


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
