"""What a reader sees, in Chromium (Debian's, through Playwright) at a desktop (1280×900) and a
phone (390×844, touch) viewport: a document page in each language (title, notice and card in
one order; the outline on a phone; no sideways scrolling; the citation's access date), the
way back to the list the reader came from, the language switcher fetching no sitemap, and the
404 pages from file:// and from a server where the site sits under a sub-path.

Screenshots (desktop and phone, each language, and the 404 pages) are saved in the session's
screenshot folder and, when ARCHIVE_SCREENSHOTS names a folder, copied there to be looked at.
"""
from __future__ import annotations

import datetime
import functools
import http.server
import os
import shutil
import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from build_scripts.render.labels import t
from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site.config import SITE_DIR

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
SHOTS = os.environ.get("ARCHIVE_SCREENSHOTS")


@pytest.fixture(scope="module")
def doc(built) -> str:
    """The seed with the most headings among those with a document number: the long
    document a phone needs an outline for."""
    seeds = [slug for slug in sorted(built.seeds) if built.record(slug).doc_number]
    slug = max(seeds, key=lambda s: len(built.record(s).headings))
    assert len(built.record(slug).headings) >= 3
    return slug


class Watch:
    """Console errors, failed requests and requests that leave the site, of one context."""

    def __init__(self, context, base: str):
        self.base, self.errors, self.requests, self.failed = base, [], [], []
        context.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        context.on("weberror", lambda e: self.errors.append(str(e.error)))
        context.on("request", lambda r: self.requests.append(r.url))
        # (a request cut short by the next navigation is aborted, not failed)
        context.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and self.failed.append(r.url))

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base, "data:", "blob:", "about:"))]

    def check(self):
        assert self.errors == [], self.errors
        assert self.failed == [], self.failed
        assert self.foreign() == [], self.foreign()
        # Material fetches a sitemap.xml beside every link[rel=alternate]: none is asked for
        assert [u for u in self.requests if "sitemap" in u] == []


@contextmanager
def opened(browser, device: str, base: str, **options):
    context = browser.new_context(**DEVICES[device], **options)
    watch = Watch(context, base)
    try:
        yield context.new_page(), watch
    finally:
        context.close()


def save(page, screenshot_dir: Path, name: str, full_page: bool = False, element: str | None = None) -> None:
    """A screenshot of the page (or of one element of it), also copied to ARCHIVE_SCREENSHOTS."""
    path = screenshot_dir / f"{name}.png"
    if element:  # the screen with the element at its top (a clipped or an element's own
        # screenshot is drawn another way by Chromium, which squeezes CJK glyphs on a phone)
        page.locator(element).evaluate("e => e.scrollIntoView()")
        page.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=full_page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)


def top(page, selector: str) -> float | None:
    """The top of the first element `selector` finds, on the page; None if there is none."""
    return page.evaluate("""s => { const e = document.querySelector(s);
        return e ? e.getBoundingClientRect().top + scrollY : null; }""", selector)


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize("device", DEVICES)
def test_document_page_in_each_language(browser, server, built, doc, device, screenshot_dir):
    """Title, notice and card come in this order in every language; nothing scrolls sideways;
    the outline is there where Material's table of contents is not; the citation ends with
    the reader's today."""
    with opened(browser, device, server) as (pg, watch):
        for lang in LANGS:
            before = datetime.date.today().isoformat()
            pg.goto(server + SITE_DIR[lang] + f"documents/{doc}.html")
            pg.wait_for_load_state("networkidle")
            after = datetime.date.today().isoformat()
            order = [(name, top(pg, selector)) for name, selector in
                     (("title", "article h1"), ("notice", "[data-archive-notice]"), ("card", "[data-archive-card]"))]
            present = [(name, y) for name, y in order if y is not None]
            assert [name for name, _ in present] == [name for name, _ in sorted(present, key=lambda item: item[1])]
            assert [name for name, _ in present][0] == "title" and present[-1][0] == "card", (lang, present)
            if lang != "zh":  # a converted or translated page says so
                assert [name for name, _ in present] == ["title", "notice", "card"], lang
            assert no_sideways_scrolling(pg), (device, lang)
            outline = pg.locator("[data-archive-outline]")
            toc = pg.locator(".md-sidebar--secondary")
            if device == "phone":
                assert outline.is_visible() and not toc.is_visible()
            else:
                assert not outline.is_visible() and toc.is_visible()
            # the access date is the reader's today
            assert pg.locator("[data-archive-today]").inner_text() in (before, after)
            assert pg.locator("[data-archive-cite-url]").inner_text().endswith(f"{SITE_DIR[lang]}documents/{doc}.html")
            save(pg, screenshot_dir, f"{device}-{lang}-document")
            save(pg, screenshot_dir, f"{device}-{lang}-document-cite", element="[data-archive-cite]")
            save(pg, screenshot_dir, f"{device}-{lang}-document-full", full_page=True)
        # the other pages a reader sees first
        for rel in ("index.html", "browse/agency.html"):
            for lang in LANGS:
                pg.goto(server + SITE_DIR[lang] + rel)
                assert no_sideways_scrolling(pg), (device, lang, rel)
            save(pg, screenshot_dir, f"{device}-en-{rel.replace('/', '-')[:-5]}")
        watch.check()


def test_without_scripts_the_citation_keeps_its_placeholder(browser, server, doc):
    with opened(browser, "desktop", server, java_script_enabled=False) as (pg, _):
        pg.goto(server + f"en/documents/{doc}.html")
        assert pg.locator("[data-archive-today]").inner_text() == t("en", "site.date_placeholder")


def test_phone_outline_leads_to_each_heading(browser, server, built, doc, screenshot_dir):
    with opened(browser, "phone", server) as (pg, watch):
        for lang in LANGS:
            headings = built.variant(doc, lang).headings
            for index in (len(headings) - 1, 0):  # the last heading, then back up to the first
                pg.goto(server + SITE_DIR[lang] + f"documents/{doc}.html")
                pg.locator("[data-archive-outline] summary").click()
                links = pg.locator("[data-archive-outline] a")
                assert links.count() == len(headings), lang
                link = links.nth(index)
                assert link.is_visible()
                if lang == "en" and index == 0:
                    save(pg, screenshot_dir, "phone-en-outline")
                assert " ".join(link.inner_text().split()) == " ".join(headings[index]["text"].split())
                target = link.get_attribute("href")
                link.click()
                pg.wait_for_function("h => decodeURIComponent(location.hash) === h", arg=target)
                pg.wait_for_timeout(200)  # the scroll settles
                header, heading = pg.evaluate("""id => [document.querySelector('.md-header').getBoundingClientRect().bottom,
                    document.getElementById(id.slice(1)).getBoundingClientRect().top]""", target)
                # the heading is at the top of the screen, below the header, not under it
                assert header - 2 <= heading <= 844 / 2, (lang, index, header, heading)
        watch.check()


@pytest.fixture(params=["http", "file"])
def target(request, server, snapshot) -> str:
    return server if request.param == "http" else snapshot["dir"].as_uri() + "/"


@pytest.mark.parametrize("device", DEVICES)
def test_way_back_to_the_list(browser, target, built, doc, device):
    """From a browse list to a document: the document links back to the list (the reader's
    own page of it, by script) and to each browse group it is in."""
    lang = "en"
    root = target + SITE_DIR[lang]
    with opened(browser, device, target) as (pg, watch):
        # straight to the document: no page to go back to
        pg.goto(root + f"documents/{doc}.html")
        assert not pg.locator("[data-archive-back]").is_visible()
        # from the list
        pg.goto(root + "browse/doc_type.html")
        with pg.expect_navigation():
            pg.locator(f"a[href$='documents/{doc}.html']").first.click()
        back = pg.locator("[data-archive-back]")
        assert back.is_visible() and back.inner_text() == t(lang, "site.back_to_list")
        with pg.expect_navigation():
            back.click()
        assert pg.url.split("#")[0] == root + "browse/doc_type.html"
        # the groups the document is in
        pg.goto(root + f"documents/{doc}.html")
        facets = pg.locator("[data-archive-facet]")
        assert {facets.nth(i).get_attribute("data-archive-facet") for i in range(facets.count())} >= {"agency", "year"}
        for i in range(facets.count()):
            facet = facets.nth(i).get_attribute("data-archive-facet")
            with pg.expect_navigation():
                pg.locator(f"[data-archive-facet='{facet}']").click()
            assert pg.url.split("#")[0] == root + f"browse/{facet}.html"
            # the group the link names lists the document
            assert pg.evaluate("""slug => {
                const heading = document.getElementById(decodeURIComponent(location.hash.slice(1)));
                const list = heading && heading.nextElementSibling;
                return !!(list && list.querySelector(`a[href$="documents/${slug}.html"]`)); }""", doc), facet
            pg.go_back()
        watch.check()


def test_switching_language_fetches_no_sitemap(browser, target, doc):
    with opened(browser, "desktop", target) as (pg, watch):
        pg.goto(target + f"documents/{doc}.html")
        assert pg.evaluate("document.querySelectorAll('link[hreflang]').length") == 4
        for other in ("zh-Hant", "en", "zh"):
            pg.locator(".md-header__option .md-select button").hover()
            with pg.expect_navigation():
                pg.locator(f"a.md-select__link[data-archive-lang='{other}']").click()
            assert pg.url.endswith(f"/{SITE_DIR[other]}documents/{doc}.html")
            pg.wait_for_load_state("networkidle")
        watch.check()  # no request for a sitemap.xml, none failed


# --- the 404 pages ---------------------------------------------------------------------------

def styled(page) -> bool:
    """Material's stylesheet is applied: its header sticks to the top."""
    return page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


def test_404_pages_from_file(browser, snapshot, screenshot_dir):
    base = snapshot["dir"].as_uri() + "/"
    for device in DEVICES:
        with opened(browser, device, base) as (pg, watch):
            for lang in LANGS:
                pg.goto(base + SITE_DIR[lang] + "404.html")
                assert styled(pg), lang
                assert pg.locator("article h1").inner_text() == t(lang, "site.not_found_title")
                assert no_sideways_scrolling(pg)
                save(pg, screenshot_dir, f"{device}-{lang}-404-file")
                with pg.expect_navigation():
                    pg.locator("[data-archive-not-found] a").first.click()
                assert pg.url == base + SITE_DIR[lang] + "index.html"
            watch.check()


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder, and a missing file's address with the site's 404 page, as web servers
    and GitHub Pages do."""

    not_found: Path

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def sub_path_server(built, site_url, tmp_path_factory):
    """The site served under the sub-path of its site_url (/sub/), with its 404 page for any
    missing address."""
    from urllib.parse import urlsplit

    sub_path = urlsplit(site_url).path.strip("/")
    root = tmp_path_factory.mktemp("served")
    (root / sub_path).symlink_to(built.site, target_is_directory=True)
    handler = type("Handler", (_SiteHandler,), {"not_found": built.site / "404.html"})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{sub_path}/"
    server.shutdown()
    server.server_close()


def test_404_page_at_a_deep_missing_address_under_a_sub_path(browser, sub_path_server, screenshot_dir):
    for device in DEVICES:
        with opened(browser, device, sub_path_server) as (pg, watch):
            for missing in ("no-such-page.html", "documents/no/such/deep/page.html", "en/missing/page.html"):
                response = pg.goto(sub_path_server + missing)
                assert response.status == 404
                pg.wait_for_load_state("networkidle")
                assert styled(pg), missing
                assert no_sideways_scrolling(pg)
                home = pg.locator("[data-archive-not-found] a").first.evaluate("a => a.href")
                assert home == sub_path_server + "index.html", (missing, home)
            save(pg, screenshot_dir, f"{device}-404-deep")
            with pg.expect_navigation():
                pg.locator("[data-archive-not-found] a").first.click()
            assert pg.url == sub_path_server + "index.html"
            watch.errors = [e for e in watch.errors if "404" not in e]  # the missing page itself
            watch.check()


def test_a_source_in_traditional_is_the_original_on_the_traditional_site(browser, server, built, screenshot_dir):
    """A source written in Traditional characters: its Traditional page shows it unchanged and
    says it is the original; its Simplified page was made with OpenCC and says so, linking
    the original; the two link each other, in the notices and in the switcher."""
    slug = next(s for s in built.documents if built.record(s).source_script == "zh-Hant")
    record = built.record(slug)
    with opened(browser, "desktop", server) as (pg, watch):
        pg.goto(server + SITE_DIR["zh-Hant"] + f"documents/{slug}.html")
        article = pg.locator("article").inner_text()
        assert all(block.text.split()[0] in article for block in record.blocks if block.text.split())
        notice = pg.locator("[data-archive-notice]")
        assert "原文" in notice.inner_text() and "OpenCC" in notice.inner_text()
        notice.locator("a").click()
        pg.wait_for_load_state()
        assert pg.url.split("#")[0] == server + f"documents/{slug}.html"  # the Simplified page
        simplified = built.variant(slug, "zh")
        assert simplified.variant["method"] == "opencc" and simplified.variant["config"] == "t2s"
        assert simplified.title in pg.locator("article h1").inner_text()
        notice = pg.locator("[data-archive-notice]")
        assert "繁体原文" in notice.inner_text()
        notice.locator("a").click()
        pg.wait_for_load_state()
        assert pg.url.split("#")[0] == server + SITE_DIR["zh-Hant"] + f"documents/{slug}.html"
        save(pg, screenshot_dir, "desktop-zh-Hant-traditional-source")
        # the English page's "original" is the Traditional one
        pg.goto(server + SITE_DIR["en"] + f"documents/{slug}.html")
        href = pg.locator("[data-archive-notice] a").get_attribute("href")
        assert href.endswith(f"zh-Hant/documents/{slug}.html")
        watch.check()
