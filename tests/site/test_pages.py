"""The built pages, read as files: home, facets, chart, document page features, links."""

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

from markupsafe import escape

from build_scripts.commands import site as site_cmd
from build_scripts.site.i18n import LANGS, SITE_DIR
from build_scripts.site.pages import chart_svg, facet_groups, load_variants

SLUG = "sample-guarantee-suggestion-reply"


def page(built, lang, rel):
    return (built["site"] / SITE_DIR[lang] / rel).read_text("utf-8")


def test_home_page_counts_documents_and_lists_newest(built):
    n = len(list((built["variants"] / "zh").glob("*.json")))
    assert f"共收录 {n} 份文件" in page(built, "zh", "index.html")
    assert f"共收錄 {n} 份文件" in page(built, "zh-Hant", "index.html")
    en = page(built, "en", "index.html")
    assert f"holds {n} documents" in en
    assert "machine translation" in en and "Argos Translate" in en
    # newest first: the first listed document is the one with the latest date
    variants = load_variants(built["variants"])["en"]
    newest = max(variants.values(), key=lambda r: r["date"])
    links = re.findall(r'href="documents/([^"]+)\.html"', en)
    assert links[0] == newest["slug"]


def test_facet_pages_have_counts_that_add_up(built):
    variants = load_variants(built["variants"])
    n = len(variants["zh"])
    for lang in LANGS:
        for facet in ("agency", "year", "doc_type", "region"):
            html = page(built, lang, f"browse/{facet}.html")
            counts = [int(c) for c in re.findall(r'<td style="text-align: right;">(\d+)</td>', html)]
            assert sum(counts) == n, (lang, facet)
            groups = facet_groups(variants, lang, facet)
            assert len(counts) == len(groups)
    agency = page(built, "zh", "browse/agency.html")
    assert "金华市经济和信息化局" in agency
    en_agency = page(built, "en", "browse/agency.html")
    assert "Jinhua Municipal Bureau of Economy and Information Technology" in en_agency
    assert not re.search(r"<td><a [^>]*>[^<]*[\u4e00-\u9fff]", en_agency), "Chinese label on English facet page"


def test_year_chart_is_made_at_build_time(built):
    variants = load_variants(built["variants"])
    years = {r["date"][:4] for r in variants["zh"].values()}
    html = page(built, "en", "browse/year.html")
    svg = re.search(r"<svg class=\"archive-chart\".*?</svg>", html, re.S).group(0)
    assert len(re.findall(r"<rect ", svg)) == len(years)
    for y in years:
        assert f">{y}</text>" in svg
    # bars scale with counts
    small = chart_svg([("2020", 1), ("2021", 4)], "t")
    heights = [int(h) for h in re.findall(r'height="(\d+)" class="archive-chart__bar"', small)]
    assert heights[1] == 4 * heights[0]


def test_document_page_has_card_cite_downloads(built):
    for lang in LANGS:
        html = page(built, lang, f"documents/{SLUG}.html")
        rec = json.loads((built["variants"] / lang / f"{SLUG}.json").read_text("utf-8"))
        card = re.search(r"<section class=\"archive-card\".*?</section>", html, re.S).group(0)
        for key in ("doc_number", "index_number", "date", "agency", "addressee", "region", "doc_type_label"):
            assert str(escape(rec[key])) in card, (lang, key)  # shown as text
        cite = re.search(r"<section class=\"archive-cite\".*?</section>", html, re.S).group(0)
        assert f"{SITE_DIR[lang]}documents/{SLUG}.html" in cite
        assert str(escape(rec["doc_number"])) in cite
        # downloads resolve to files holding this document's text and record
        base = f"file://{built['site']}/{SITE_DIR[lang]}documents/{SLUG}.html"
        hrefs = re.findall(r'href="([^"]+)" download', html)
        assert len(hrefs) == 2
        text_path = Path(urlparse(urljoin(base, hrefs[0])).path)
        json_path = Path(urlparse(urljoin(base, hrefs[1])).path)
        assert text_path.read_text("utf-8").strip() == rec["body"].strip()
        assert json.loads(json_path.read_text("utf-8"))["slug"] == SLUG
        # table of contents from the document's headings
        assert rec["headings"][0]["text"] in re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', html, re.S).group(0)
    assert "data-archive-mt-notice" in page(built, "en", f"documents/{SLUG}.html")
    assert "data-archive-mt-notice" not in page(built, "zh", f"documents/{SLUG}.html")


def test_switcher_links_point_to_the_same_page(built):
    site = built["site"]
    for lang in LANGS:
        for rel in (f"documents/{SLUG}.html", "browse/agency.html", "index.html"):
            html = page(built, lang, rel)
            links = dict(re.findall(r'href="([^"]+)" hreflang="([^"]+)"[^>]*class="md-select__link', html))
            links = {v: k for k, v in links.items()}
            assert set(links) == set(LANGS)
            for other, href in links.items():
                assert not href.startswith(("/", "http")), href
                target = (site / SITE_DIR[lang] / rel).parent / href
                assert target.resolve() == (site / SITE_DIR[other] / rel).resolve()


EXTERNAL = re.compile(r'(?:src|href)="(?:https?:)?//|url\((?:["\']?)(?:https?:)?//|@import', re.I)


def test_no_page_loads_anything_from_another_host(built):
    offenders = []
    for path in built["site"].rglob("*"):
        if path.suffix == ".html":
            text = path.read_text("utf-8")
            # links the reader may follow are fine; resources loaded by the page are not
            for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", text):
                if EXTERNAL.search(tag):
                    offenders.append((path.name, tag))
        elif path.suffix == ".css" and path.parent.name == "stylesheets":
            if re.search(r"url\((?:[\"']?)https?://|@import\s+url\((?:[\"']?)https?://", path.read_text("utf-8")):
                offenders.append((path.name, "css"))
    assert offenders == []
    assert "fonts.googleapis.com" not in page(built, "zh", "index.html")


def test_strict_build_fails_on_a_broken_link(bare_archive):
    doc = bare_archive["docs"] / "en" / "documents" / "sample-chain-chief-notice.md"
    doc.write_text(doc.read_text("utf-8") + "\n[missing](no-such-page.md)\n", "utf-8")
    errors = site_cmd.run(bare_archive["variants"], bare_archive["docs"], bare_archive["site"],
                          build_dir=bare_archive["build"])
    assert errors and "no-such-page.md" in "\n".join(errors)
    assert not (bare_archive["site"] / "index.html").exists()


def test_missing_pages_are_reported_not_built(bare_archive):
    (bare_archive["docs"] / "zh-Hant" / "documents" / "sample-chain-chief-notice.md").unlink()
    errors = site_cmd.run(bare_archive["variants"], bare_archive["docs"], bare_archive["site"],
                          build_dir=bare_archive["build"])
    assert any("zh-Hant" in e and "sample-chain-chief-notice" in e for e in errors)


def test_card_shows_a_signature_date_but_not_a_publication_date_twice():
    from build_scripts.site.hooks import card_fields
    signed = {"date": "2023-07-10", "date_source": "signature", "publication_date": "2023-07-13"}
    published = {"date": "2023-11-15", "date_source": "publication_date", "publication_date": "2023-11-15"}
    assert [key for key, _, _ in card_fields(signed)] == ["date", "publication_date"]
    assert [key for key, _, _ in card_fields(published)] == ["publication_date"]
