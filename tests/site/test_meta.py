"""What machines read in the built HTML: descriptions, canonical and hreflang links, the
Highwire Press tags reference managers save a document from, the sitemaps, robots.txt, the
`lang` of Chinese on English pages, and the 404 pages' links.

The `built` archive is built for a site_url under a sub-path (conftest: SITE_URL). Pages are
read by Chromium with scripts off: the HTML as served, parsed by a browser (the selectors are
those the consumers use). What they should say is worked out here from the variants the real
stages made.

The Highwire tags are checked against what Zotero's "Embedded Metadata" translator reads
(github.com/zotero/translators, "Embedded Metadata.js" at commit 2814370161d0, 2026-06-26): its
table of tags and fields, the tags it handles by hand, how it infers the item type, and how
it cuts an author's name (`processHighwireCreators`, and Zotero.Utilities.cleanAuthor from
github.com/zotero/utilities), ported below.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from markupsafe import escape

from build_scripts.render.labels import t
from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site import build_sites
from build_scripts.site.config import SITE_DIR

HAN = re.compile(r"[\u3400-\u9fff]")
HREFLANG = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}

# --- Zotero's Embedded Metadata translator (commit 2814370161d0) --------------------------
# HIGHWIRE_MAPPINGS: tag → Zotero field, read with `html>head>meta[name$="<tag>"]`, first match
HIGHWIRE_MAPPINGS = {
    "citation_title": "title", "citation_publication_date": "date", "citation_cover_date": "date",
    "citation_date": "date", "citation_journal_title": "publicationTitle",
    "citation_journal_abbrev": "journalAbbreviation", "citation_inbook_title": "publicationTitle",
    "citation_book_title": "bookTitle", "citation_volume": "volume", "citation_issue": "issue",
    "citation_series_title": "series", "citation_conference_title": "conferenceName",
    "citation_conference": "conferenceName", "citation_dissertation_institution": "university",
    "citation_technical_report_institution": "institution", "citation_technical_report_number": "number",
    "citation_publisher": "publisher", "citation_isbn": "ISBN", "citation_abstract": "abstractNote",
    "citation_doi": "DOI", "citation_public_url": "url", "citation_language": "language",
}
# "handled separately in addHighwireMetadata()" (and the editors beside the authors)
HANDLED_SEPARATELY = {
    "citation_author", "citation_authors", "citation_editor", "citation_editors", "citation_firstpage",
    "citation_lastpage", "citation_issn", "citation_eIssn", "citation_pdf_url", "citation_abstract_html_url",
    "citation_fulltext_html_url", "citation_pmid", "citation_online_date", "citation_year", "citation_keywords",
}
# init(): the tags that set the item type (hwType); citation_title alone makes a guess of
# journalArticle, which hwType overrides
ITEM_TYPE_TAGS = {
    "citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
# Dublin Core tags (prefix "dc", any case, then . : or _) become RDF statements, which the RDF
# translator (RDF.js: detectType) reads; dc:type "report" makes a report when no hwType says
DC_TYPE = re.compile(r"dc[.:_]type", re.I)
DC_ITEM_TYPES = {"report": "report"}


def clean_author(author: str, use_comma: bool) -> dict:
    """Zotero.Utilities.cleanAuthor, for the names at stake (no initials)."""
    author = re.sub(r"^[\s\u00A0.,/\[\]:]+", "", author)
    author = re.sub(r"[\s\u00A0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00A0]+", " ", author, count=1)
    if use_comma:
        parts = re.split(r"[,،] ?", author)
        return {"lastName": parts[0], "firstName": parts[1] if len(parts) > 1 else ""}
    space = author.rfind(" ")
    return {"lastName": author[space + 1:], "firstName": author[:space] if space >= 0 else ""}


def highwire_creators(values: list[str]) -> list[dict]:
    """processHighwireCreators: each tag split at semicolons; a lone tag at a comma when both
    sides hold a space; each name through cleanAuthor (inverted when it holds a comma)."""
    creators = []
    for value in values:
        names = re.split(r"\s*;\s*", value)
        if len(names) == 1 and len(values) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                names = by_comma
        for name in names:
            name = name.strip()
            if name and re.search(r"[^\s,\-.;]", name):
                creators.append(clean_author(name, "," in name))
    return creators


def zotero_item(tags: list[tuple[str, str]]) -> dict:
    """The item the translator makes of a page's meta tags (name, content) in document order."""
    item: dict = {"itemType": None}
    for tag, field in HIGHWIRE_MAPPINGS.items():  # processFields: in the table's order, first tag
        value = next((content for name, content in tags if name.endswith(tag) and content.strip()), None)
        if value:
            item[field] = " ".join(value.split())
    for name, _ in tags:
        item["itemType"] = ITEM_TYPE_TAGS.get(name, item["itemType"])
    dc_type = next((DC_ITEM_TYPES.get(content.lower()) for name, content in tags if DC_TYPE.fullmatch(name)), None)
    item["itemType"] = item["itemType"] or dc_type or \
        ("journalArticle" if any(n == "citation_title" for n, _ in tags) else None)
    item["creators"] = highwire_creators([content for name, content in tags if name.endswith("citation_author")])
    return item


def test_the_author_port_cuts_names_as_zotero_does():
    """The port above, on what Zotero's own tests show: a person's name is cut at its last
    space, an inverted one at its comma, several at semicolons."""
    assert highwire_creators(["Akinwumi A. Akinyede"]) == [{"firstName": "Akinwumi A.", "lastName": "Akinyede"}]
    assert highwire_creators(["Akinyede, Akinwumi"]) == [{"firstName": "Akinwumi", "lastName": "Akinyede"}]
    assert len(highwire_creators(["A Person; B Person"])) == 2
    # a corporate name: whole only without a space, or inverted with an empty given name
    assert highwire_creators(["Bureau of Statistics"]) == [{"firstName": "Bureau of", "lastName": "Statistics"}]
    assert highwire_creators(["广州市统计局"]) == [{"firstName": "", "lastName": "广州市统计局"}]
    assert highwire_creators(["Bureau of Statistics,"]) == [{"firstName": "", "lastName": "Bureau of Statistics"}]


# --- reading the built pages ---------------------------------------------------------------

@pytest.fixture(scope="module")
def reader(browser):
    """Chromium with scripts off: the served HTML, parsed."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


HEAD_JS = """() => ({
    description: [...document.querySelectorAll('html>head>meta[name="description"]')].map(m => m.content),
    canonical: [...document.querySelectorAll('html>head>link[rel="canonical"]')].map(l => l.getAttribute('href')),
    alternates: [...document.querySelectorAll('html>head>link[hreflang]')].map(l => ({
        rel: l.getAttribute('rel'), tokens: [...l.relList], hreflang: l.hreflang, href: l.getAttribute('href')})),
    material_alternates: document.querySelectorAll('link[rel=alternate]').length,
    meta: [...document.querySelectorAll('meta[name]')].map(m => [m.name, m.content,
        m.parentElement === document.head && document.head.parentElement === document.documentElement]),
})"""


def head_of(reader, path: Path) -> dict:
    reader.goto(path.as_uri())
    return reader.evaluate(HEAD_JS)


def site_path(built, site_url: str, url: str) -> Path:
    """The file in the built site that an absolute URL of the published site names."""
    assert url.startswith(site_url), url
    return built.site / unquote(url[len(site_url):])


def front_matter(built, lang: str, slug: str) -> dict:
    text = (built.docs / lang / "documents" / f"{slug}.md").read_text("utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def document_path(built, lang: str, slug: str) -> Path:
    return built.site / SITE_DIR[lang] / "documents" / f"{slug}.html"


@pytest.fixture(scope="module")
def heads(built, reader) -> dict[tuple[str, str], dict]:
    """{(lang, slug): what the head of the document page says}"""
    return {(lang, slug): head_of(reader, document_path(built, lang, slug)) for slug in built.documents for lang in LANGS}


def test_each_document_has_its_own_description(built, heads, reader):
    for lang in LANGS:
        site_description = t(lang, "site_description")
        described = {}
        for slug in built.documents:
            descriptions = heads[lang, slug]["description"]
            assert len(descriptions) == 1, (lang, slug)
            assert descriptions[0] == front_matter(built, lang, slug)["description"], (lang, slug)
            assert descriptions[0] != site_description
            described[slug] = descriptions[0]
        assert len(set(described.values())) == len(described), lang  # no two documents alike
        # on the Chinese sites, the first sentence of the document's text
        for slug, description in described.items():
            if lang != "en":
                first = next(block.text for block in built.variant(slug, lang).blocks
                             if block.kind == "paragraph" and block.text.strip())
                assert first.startswith(description.rstrip("…")), (lang, slug, description)
        # the site's other pages keep the site's description
        for rel in ("index.html", "browse/agency.html"):
            assert head_of(reader, built.site / SITE_DIR[lang] / rel)["description"] == [site_description]


def test_canonical_and_hreflang_name_the_same_page_in_each_language(built, heads, reader, site_url):
    pages = [(lang, f"documents/{slug}.html", heads[lang, slug]) for slug in built.documents for lang in LANGS]
    pages += [(lang, rel, head_of(reader, built.site / SITE_DIR[lang] / rel))
              for lang in LANGS for rel in ("index.html", "browse/index.html", "browse/year.html")]
    for lang, rel, head in pages:
        assert head["canonical"] == [site_url + SITE_DIR[lang] + rel], (lang, rel)
        assert site_path(built, site_url, head["canonical"][0]).is_file()
        alternates = {alt["hreflang"]: alt["href"] for alt in head["alternates"]}
        expected = {HREFLANG[other]: site_url + SITE_DIR[other] + rel for other in LANGS}
        expected["x-default"] = site_url + rel  # the Simplified site, at the root
        assert alternates == expected, (lang, rel)
        for href in alternates.values():
            assert site_path(built, site_url, href).is_file(), href
        # rel is the one token "alternate" to an HTML reader, and Material's script (which fetches
        # a sitemap.xml beside every link[rel=alternate]) finds none
        assert all(alt["tokens"] == ["alternate"] for alt in head["alternates"]), head["alternates"]
        assert head["material_alternates"] == 0


def test_highwire_tags_are_what_zotero_reads(built, heads, site_url):
    readable = set(HIGHWIRE_MAPPINGS) | HANDLED_SEPARATELY
    for (lang, slug), head in heads.items():
        variant = built.variant(slug, lang)
        tags = [(name, content) for name, content, _ in head["meta"] if name.startswith("citation_") or DC_TYPE.fullmatch(name)]
        assert tags, (lang, slug)
        # every tag emitted is one the translator reads, where it reads it (html>head>meta)
        names = {name for name, _ in tags if not DC_TYPE.fullmatch(name)}
        assert names <= readable, names - readable
        assert all(in_head for name, _, in_head in head["meta"] if name.startswith("citation_"))
        item = zotero_item(tags)
        url = site_url + SITE_DIR[lang] + f"documents/{slug}.html"
        date = variant.date or variant.publication_date
        expected = {
            "itemType": "report",
            "title": " ".join(variant.title.split()),
            "url": url,
            "language": {"zh": "zh-CN", "zh-Hant": "zh-TW", "en": "en"}[
                "zh" if lang == "en" and variant.translation_missing else lang],
        }
        if date:
            expected["date"] = date.replace("-", "/")
        if variant.doc_number:
            expected["number"] = variant.doc_number
        if variant.agency:
            expected["institution"] = expected["publisher"] = variant.agency
        assert {key: item.get(key) for key in expected} == expected, (lang, slug)
        # the agency is one author, never cut into a first and a last name
        if variant.agency and not re.search(r"[,;]", variant.agency):
            assert item["creators"] == [{"firstName": "", "lastName": variant.agency}], (lang, slug, item["creators"])
        assert dict(tags)["citation_fulltext_html_url"] == url
    # English agency names (with spaces) are among them: the case the translator would cut
    assert any(" " in (built.variant(slug, "en").agency or "") for slug in built.documents)


def sitemap_urls(path: Path) -> list[tuple[str, dict[str, str]]]:
    """[(loc, {hreflang: href})] of a sitemap."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(path).getroot()
    return [(url.find("s:loc", ns).text, {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)})
            for url in root.findall("s:url", ns)]


def test_sitemaps_list_every_page_and_robots_names_them(built, site_url):
    sitemaps = [site_url + SITE_DIR[lang] + "sitemap.xml" for lang in LANGS]
    robots = (built.site / "robots.txt").read_text("utf-8")
    assert re.findall(r"^Sitemap: (\S+)$", robots, re.M) == sitemaps
    index = ET.parse(built.site / "sitemap-index.xml").getroot()
    assert [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")] == sitemaps
    for lang, sitemap in zip(LANGS, sitemaps):
        path = site_path(built, site_url, sitemap)
        urls = sitemap_urls(path)
        locs = [loc for loc, _ in urls]
        assert len(locs) == len(set(locs))
        for loc, alternates in urls:
            assert loc.startswith(site_url + SITE_DIR[lang]) and site_path(built, site_url, loc).is_file(), loc
            assert set(alternates) == {"zh-Hans", "zh-Hant", "en", "x-default"}, loc
            assert all(site_path(built, site_url, href).is_file() for href in alternates.values())
        # every page the language's site has (documents, home, browse), and nothing else
        pages = {site_url + SITE_DIR[lang] + str(p.relative_to(path.parent)) for p in path.parent.rglob("*.html")
                 if p.name != "404.html" and not p.relative_to(path.parent).parts[0] in ("zh-Hant", "en", "assets")}
        assert set(locs) == pages, lang
        assert {site_url + SITE_DIR[lang] + f"documents/{slug}.html" for slug in built.documents} <= set(locs)


def test_chinese_on_english_pages_carries_its_lang(built, reader):
    """On an English page, every piece of Chinese the site's templates show (the header, the
    way back, the card, the outline, the table of contents, the cite block) is inside an
    element whose `lang` says Chinese. (English with a Chinese word quoted in it, as an
    archivist's note may be, is English: Chinese here is text with at least as many Han
    characters as Latin words.)"""
    untranslated = [slug for slug in built.documents if built.variant(slug, "en").translation_missing]
    assert untranslated  # built without a model: the titles are Chinese
    for slug in built.documents:
        reader.goto(document_path(built, "en", slug).as_uri())
        unmarked = reader.evaluate("""() => {
            const regions = '.md-header__topic, [data-archive-wayback], [data-archive-card], ' +
                            '[data-archive-outline], .md-sidebar--secondary, [data-archive-cite]';
            const out = [];
            for (const region of document.querySelectorAll(regions)) {
                const walk = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
                for (let node = walk.nextNode(); node; node = walk.nextNode()) {
                    const han = (node.data.match(/[\\u3400-\\u9fff]/g) || []).length;
                    if (!han || han < (node.data.match(/[A-Za-z]+/g) || []).length) continue;
                    const lang = node.parentElement.closest('[lang]').getAttribute('lang');
                    if (!lang.startsWith('zh')) out.push(node.data.trim());
                }
            }
            return out;
        }""")
        assert unmarked == [], (slug, unmarked)
        variant = built.variant(slug, "en")
        if HAN.search(variant.title):
            marked = reader.evaluate("""() => [...document.querySelectorAll(
                '.md-header__topic [lang], [data-archive-card] [lang], [data-archive-cite] [lang]')].map(e => e.lang)""")
            assert len(marked) >= 3 and set(marked) <= {"zh-Hans", "zh-Hant"}, (slug, marked)
    # the Chinese sites mark nothing: their page's language is right
    reader.goto(document_path(built, "zh", untranslated[0]).as_uri())
    assert reader.evaluate("document.querySelectorAll('[data-archive-card] [lang]').length") == 0


def test_card_shows_where_the_page_came_from(built):
    with_source = [slug for slug in built.documents if built.record(slug).source_url]
    assert with_source  # the development pages' manifest gives their addresses
    for slug in with_source:
        record = built.record(slug)
        for lang in LANGS:
            page = document_path(built, lang, slug).read_text("utf-8")
            card = re.search(r'<section class="archive-card".*?</section>', page, re.S).group(0)
            link = re.search(r'<div class="archive-card__row archive-card__row--source_url">.*?<a href="([^"]+)"[^>]*>([^<]+)</a>',
                             card, re.S)
            assert link and html.unescape(link.group(1)) == record.source_url, (lang, slug)
            assert html.unescape(link.group(2)) == record.source_url  # the address itself is shown
            for field in ("retrieved", "source_notes"):
                value = getattr(built.variant(slug, lang), field)
                if value:
                    assert str(escape(value)) in card, (lang, slug, field)
            assert "archive-card__row--source_file" not in card


def test_404_pages_link_relative_to_themselves(built):
    for lang in LANGS:
        page = (built.site / SITE_DIR[lang] / "404.html").read_text("utf-8")
        rooted = re.findall(r'\b(?:href|src)="(/[^"]*)"', page)
        assert rooted == [], (lang, rooted[:5])
        # the relative links resolve to the language's own files
        base = (built.site / SITE_DIR[lang] / "404.html").as_uri()
        for link in re.findall(r'<link rel="stylesheet" href="([^"]+)"', page):
            assert Path(urlsplit(urljoin(base, link)).path).is_file(), link
        assert t(lang, "site.not_found_title") in page


def test_without_a_site_url_links_are_relative_and_sitemaps_empty(bare_archive, reader):
    """A site built without its address works wherever it is put: relative alternates and
    permalinks, no canonical link, sitemaps that list no page, no robots.txt."""
    result = build_sites(None, bare_archive.docs, bare_archive.site, bare_archive.work, site_url=None)
    assert result.errors == []
    site = bare_archive.site
    assert not (site / "robots.txt").exists() and not (site / "sitemap-index.xml").exists()
    for lang in LANGS:
        assert sitemap_urls(site / SITE_DIR[lang] / "sitemap.xml") == []
        slug = bare_archive.records[0].slug
        path = site / SITE_DIR[lang] / "documents" / f"{slug}.html"
        head = head_of(reader, path)
        assert head["canonical"] == []
        assert {alt["hreflang"] for alt in head["alternates"]} == {"zh-Hans", "zh-Hant", "en", "x-default"}
        for alt in head["alternates"]:
            assert not alt["href"].startswith(("/", "http")), alt
            assert (path.parent / alt["href"]).resolve().is_file(), alt
        tags = dict((name, content) for name, content, _ in head["meta"])
        assert tags["citation_public_url"] == f"{slug}.html"  # Zotero makes it absolute
        permalink = re.search(r"data-archive-permalink><code>([^<]+)</code>", path.read_text("utf-8")).group(1)
        assert permalink == f"{SITE_DIR[lang]}documents/{slug}.html"
