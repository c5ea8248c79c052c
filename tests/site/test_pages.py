"""The built pages, read as files: home, facets, chart, document page features, links.

What the pages should show is worked out here from the records and variants the real stages
made, not by the render stage's own code."""

import html
import json
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlparse

from markupsafe import escape

from build_scripts.render.browse import chart_svg
from build_scripts.render.labels import t
from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site import build_sites
from build_scripts.site.config import SITE_DIR

HAN = re.compile(r"[\u4e00-\u9fff]")
CARD_KEYS = ("doc_number", "index_number", "date", "publication_date", "agency", "addressee", "region",
             "doc_type_label")


def page(built, lang, rel):
    return (built.site / SITE_DIR[lang] / rel).read_text("utf-8")


def sort_date(record) -> str:
    return record.date or record.publication_date or ""


def year(record) -> str | None:
    """The year of a record's date (ISO), else of its publication date."""
    date = record.date or record.publication_date
    return date[:4] if date else None


def test_home_page_counts_documents_and_lists_newest(built):
    n = len(built.records)
    assert f"共收录 {n} 份文件" in page(built, "zh", "index.html")
    assert f"共收錄 {n} 份文件" in page(built, "zh-Hant", "index.html")
    en = page(built, "en", "index.html")
    assert f"holds {n} documents" in en
    assert "machine translation" in en and "names the model" in en
    # newest first: the first listed document is the one with the latest date
    latest = max(sort_date(r) for r in built.records)
    newest = [r.slug for r in built.records if sort_date(r) == latest]
    assert len(newest) == 1, newest  # (the chosen pages have one newest document)
    for lang in LANGS:
        links = re.findall(r'href="documents/([^"]+)\.html"', page(built, lang, "index.html"))
        assert links[0] == newest[0], lang


FACET_FIELD = {"agency": "agency", "doc_type": "doc_type_label", "region": "region"}


def expected_groups(built, lang: str, facet: str) -> dict[str, list[str]]:
    """{label: sorted slugs}: the documents counted by their record's value, labelled with the
    value of the page's language (or the label for 'not stated')."""
    groups = defaultdict(list)
    for record in built.records:
        if facet == "year":
            label = year(record) or t(lang, "unknown")
        else:
            value = getattr(record, FACET_FIELD[facet])
            label = getattr(built.variant(record.slug, lang), FACET_FIELD[facet]) if value else t(lang, "unknown")
        groups[label].append(record.slug)
    return {label: sorted(slugs) for label, slugs in groups.items()}


def built_groups(html_text: str) -> list[tuple[str, int, list[str]]]:
    """[(label, count in the table, slugs listed under the label's heading)] in table order."""
    rows = re.findall(r'<tr>\s*<td><a href="#([^"]+)">(.*?)</a></td>\s*'
                      r'<td style="text-align: right;">(\d+)</td>\s*</tr>', html_text, re.S)
    out = []
    for anchor, label, count in rows:
        section = re.search(rf'<h2 id="{re.escape(anchor)}"[^>]*>(.*?)<a class="headerlink".*?</h2>\s*<ul>(.*?)</ul>',
                            html_text, re.S)
        assert section, (anchor, label)
        label = html.unescape(re.sub(r"<[^>]+>", "", label))
        assert html.unescape(section.group(1)).strip() == f"{label} ({count})"
        slugs = re.findall(r'href="\.\./documents/([^"]+)\.html"', section.group(2))
        out.append((label, int(count), sorted(slugs)))
    return out


def test_facet_pages_group_and_count_the_records(built):
    n = len(built.records)
    for facet in ("agency", "year", "doc_type", "region"):
        zh_groups = expected_groups(built, "zh", facet)
        # the pages are chosen so that each facet has several groups, years and types some of
        # more than one document
        assert len(zh_groups) >= 3, facet
        if facet in ("year", "doc_type"):
            assert max(len(slugs) for slugs in zh_groups.values()) >= 2, facet
        for lang in LANGS:
            expected = expected_groups(built, lang, facet)
            groups = built_groups(page(built, lang, f"browse/{facet}.html"))
            assert {label: slugs for label, _, slugs in groups} == expected, (lang, facet)
            assert [count for _, count, _ in groups] == [len(slugs) for _, _, slugs in groups]
            assert sum(count for _, count, _ in groups) == n
            unknown = t(lang, "unknown")
            labels = [label for label, _, _ in groups]
            if unknown in labels:
                assert labels[-1] == unknown, (lang, facet)  # 'not stated' comes last
            known = [(label, count) for label, count, _ in groups if label != unknown]
            if facet == "year":
                assert [label for label, _ in known] == sorted((label for label, _ in known), reverse=True)
            else:  # biggest group first
                assert [c for _, c in known] == sorted((c for _, c in known), reverse=True), (lang, facet)
    # English agency labels are the glossary's English names, never the Chinese ones
    en_labels = [label for label, _, _ in built_groups(page(built, "en", "browse/agency.html"))]
    named = [r for r in built.records if r.agency and built.variant(r.slug, "en").agency != r.agency]
    assert len(named) >= 5
    for record in named:
        assert not HAN.search(built.variant(record.slug, "en").agency)
        assert record.agency not in en_labels and built.variant(record.slug, "en").agency in en_labels


def test_year_chart_is_made_at_build_time(built):
    counts = defaultdict(int)
    for record in built.records:
        if year(record):
            counts[year(record)] += 1
    assert len(counts) >= 3
    for lang in LANGS:
        html_text = page(built, lang, "browse/year.html")
        svg = re.search(r"<svg class=\"archive-chart\".*?</svg>", html_text, re.S).group(0)
        assert len(re.findall(r"<rect ", svg)) == len(counts)
        for y, n in counts.items():
            assert f">{y}</text>" in svg
            assert f"<title>{y}: {n}</title>" in svg, (lang, y, n)
    # bars scale with counts
    small = chart_svg([("2020", 1), ("2021", 4)], "t")
    heights = [int(h) for h in re.findall(r'height="(\d+)" class="archive-chart__bar"', small)]
    assert heights[1] == 4 * heights[0]


def full_document(built) -> str:
    """The seed whose card has the most fields (and that has headings)."""
    def filled(slug):
        record = built.record(slug)
        return sum(bool(getattr(record, key)) for key in CARD_KEYS), len(record.headings), slug
    slug = max(sorted(built.seeds), key=filled)
    assert filled(slug)[0] >= 7 and built.record(slug).headings, filled(slug)
    return slug


def test_document_page_has_card_cite_downloads(built):
    slug = full_document(built)
    for lang in LANGS:
        html_text = page(built, lang, f"documents/{slug}.html")
        variant = built.variant(slug, lang)
        card = re.search(r"<section class=\"archive-card\".*?</section>", html_text, re.S).group(0)
        shown = [key for key in CARD_KEYS if getattr(variant, key)]
        if variant.date_source == "publication_date":  # then `date` is the publication date: shown once
            shown.remove("date")
        for key in shown:
            assert str(escape(getattr(variant, key))) in card, (lang, key)  # shown as text
        cite = re.search(r"<section class=\"archive-cite\".*?</section>", html_text, re.S).group(0)
        assert f"{SITE_DIR[lang]}documents/{slug}.html" in cite
        assert str(escape(variant.doc_number)) in cite
        assert str(escape(variant.title)) in cite
        # the citation ends with the page's address and the access date (filled in by the
        # reader's browser: tests/site/test_reader.py)
        assert re.search(rf'data-archive-cite-url>https://[^<]+/{re.escape(SITE_DIR[lang])}documents/{slug}\.html</a>'
                         r'.*<time data-archive-today>', cite, re.S), lang
        # downloads resolve to files holding this document's text, record and citations
        base = f"file://{built.site}/{SITE_DIR[lang]}documents/{slug}.html"
        hrefs = {Path(href).name.split(".", 1)[1]: Path(urlparse(urljoin(base, href)).path)
                 for href in re.findall(r'href="([^"]+)" download', html_text)}
        assert set(hrefs) == {"txt", "json", "bib", "ris", "csl.json"}, (lang, hrefs)
        # the text after its header (title, agency, date, number, source) and a blank line
        assert hrefs["txt"].read_text("utf-8").split("\n\n", 1)[1].strip() == variant.body.strip()
        record = json.loads(hrefs["json"].read_text("utf-8"))
        assert record["slug"] == slug and record["lang"] == lang and record["title"] == variant.title
        assert json.loads(hrefs["csl.json"].read_text("utf-8"))[0]["title"] == variant.title
        assert variant.doc_number in hrefs["ris"].read_text("utf-8")
        assert hrefs["bib"].read_text("utf-8").lstrip().startswith("@") and slug in hrefs["bib"].read_text("utf-8")
        # table of contents from the document's headings
        toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', html_text, re.S).group(0)
        for heading in variant.headings:
            assert html.escape(heading["text"], quote=False) in toc, (lang, heading)
    assert "data-archive-notice" in page(built, "en", f"documents/{slug}.html")
    assert "archive-notice--opencc" in page(built, "zh-Hant", f"documents/{slug}.html")
    assert "data-archive-notice" not in page(built, "zh", f"documents/{slug}.html")


def test_switcher_links_point_to_the_same_page(built):
    site = built.site
    slug = built.records[0].slug
    for lang in LANGS:
        for rel in (f"documents/{slug}.html", "browse/agency.html", "index.html"):
            html_text = page(built, lang, rel)
            links = dict(re.findall(r'href="([^"]+)" hreflang="([^"]+)"[^>]*class="md-select__link', html_text))
            links = {v: k for k, v in links.items()}
            assert set(links) == set(LANGS)
            for other, href in links.items():
                assert not href.startswith(("/", "http")), href
                target = (site / SITE_DIR[lang] / rel).parent / href
                assert target.resolve() == (site / SITE_DIR[other] / rel).resolve()


EXTERNAL = re.compile(r'(?:src|href)="(?:https?:)?//|url\((?:["\']?)(?:https?:)?//|@import', re.I)
# <link>s that name a page (the published address of this one, its other languages) and load nothing
NAMING_LINK = re.compile(r'<link rel="(?:canonical|alternate )"', re.I)


def test_no_page_loads_anything_from_another_host(built):
    offenders = []
    for path in built.site.rglob("*"):
        if path.suffix == ".html":
            text = path.read_text("utf-8")
            # links the reader may follow are fine; resources loaded by the page are not
            for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", text):
                if EXTERNAL.search(tag) and not NAMING_LINK.match(tag):
                    offenders.append((path.name, tag))
        elif path.suffix == ".css" and path.parent.name == "stylesheets":
            if re.search(r"url\((?:[\"']?)https?://|@import\s+url\((?:[\"']?)https?://", path.read_text("utf-8")):
                offenders.append((path.name, "css"))
    assert offenders == []
    assert "fonts.googleapis.com" not in page(built, "zh", "index.html")


def test_strict_build_fails_on_a_broken_link(bare_archive):
    slug = bare_archive.records[0].slug
    doc = bare_archive.docs / "en" / "documents" / f"{slug}.md"
    doc.write_text(doc.read_text("utf-8") + "\n[missing](no-such-page.md)\n", "utf-8")
    result = build_sites(None, bare_archive.docs, bare_archive.site, bare_archive.work)
    assert result.errors and "no-such-page.md" in "\n".join(result.errors)
    assert not (bare_archive.site / "index.html").exists()


def test_missing_pages_are_reported_not_built(bare_archive):
    slug = bare_archive.records[0].slug
    (bare_archive.docs / "zh-Hant" / "documents" / f"{slug}.md").unlink()
    result = build_sites(None, bare_archive.docs, bare_archive.site, bare_archive.work)
    assert any("zh-Hant" in e and slug in e for e in result.errors), result.errors
    assert not (bare_archive.site / "index.html").exists()


def test_card_shows_a_signature_date_but_not_a_publication_date_twice(built):
    from build_scripts.site.hooks import card_fields

    def fields(record):
        return [key for key, _, _ in card_fields(record.to_dict())]

    signed = [r for r in built.records if r.date_source == "signature" and r.publication_date
              and r.publication_date != r.date]
    published = [r for r in built.records if r.date_source == "publication_date"]
    assert signed and published
    for record in signed:
        assert "date" in fields(record) and "publication_date" in fields(record), record.slug
    for record in published:
        assert "date" not in fields(record) and "publication_date" in fields(record), record.slug


def test_only_a_web_address_becomes_the_source_link():
    """A manifest's source_url is a link only when it is an http(s) address; anything else
    (javascript:, data:, an address with markup in it) is shown as text."""
    from build_scripts.site.hooks import card_rows

    def link(url):
        return next(row["href"] for row in card_rows({"source_url": url}, "en") if row["field"] == "source_url")

    assert link("https://www.gov.cn/zhengce/content/2023-08/01/content_1.htm") == \
        "https://www.gov.cn/zhengce/content/2023-08/01/content_1.htm"
    assert link("HTTP://example.org/a?b=1&c=2") == "HTTP://example.org/a?b=1&c=2"
    for url in ("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//example.org/x",
                'https://example.org/"><img src=x onerror=alert(1)>', "www.gov.cn/page.html"):
        assert link(url) is None, url
