"""The site is cut into builds (build_scripts/site/units.py): a listing and shards of documents,
each cached by the key of what it reads. The reader sees one site; a change rebuilds only the
builds it touches; a failed build keeps the last good site."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from build_scripts.render import DOCUMENT_FILES
from build_scripts.settings import LANGUAGES
from build_scripts.site import UNITS_DIR, build_sites, merge_sitemaps, write_crawler_files
from build_scripts.site.hooks import trim_indentation
from build_scripts.site.search import PAGEFIND_DIR
from build_scripts.site.units import LISTING, plan, shard_count, shard_name, shard_of

SITE_URL = "https://archive.example.org/docs/"


def tree(root: Path, skip_index: bool = False) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(root).rglob("*")) if p.is_file()
            and not (skip_index and f"{PAGEFIND_DIR}/" in p.relative_to(root).as_posix())}


def sitemap_urls(site: Path) -> set[str]:
    return {url.strip() for path in site.rglob("sitemap*.xml")
            for url in re.findall(r"<url>.*?</url>", path.read_text("utf-8"), re.S)}


@pytest.mark.parametrize("documents, per_shard, expected", [(0, 500, 1), (1, 500, 1), (500, 500, 1),
                                                            (501, 500, 2), (10_000, 1000, 16), (100_000, 1000, 128)])
def test_the_shard_count_is_a_power_of_two_that_keeps_shards_at_most_their_size(documents, per_shard, expected):
    assert shard_count(documents, per_shard) == expected


def test_a_document_stays_in_its_shard_and_shards_are_even():
    slugs = [f"gen-{i:05d}" for i in range(4000)]
    counts = [0] * 8
    for slug in slugs:
        counts[shard_of(slug, 8)] += 1
        # when the count doubles, a document moves only to its shard's new twin
        assert shard_of(slug, 16) % 8 == shard_of(slug, 8)
    assert min(counts) > 400 and max(counts) < 600


def test_every_file_of_the_docs_is_in_exactly_one_build(bare_archive):
    units = plan(bare_archive.docs, 1)
    for lang in LANGUAGES:
        lang_dir = bare_archive.docs / lang
        everything = sorted(p.relative_to(lang_dir).as_posix() for p in lang_dir.rglob("*") if p.is_file())
        listed = [path for unit in units[lang] for path in unit.files]
        assert sorted(listed) == everything and len(set(listed)) == len(listed)
        listing, shards = units[lang][0], units[lang][1:]
        assert listing.name == LISTING and "index.md" in listing.files
        assert not any(path.startswith("documents/") for path in listing.files)
        for shard in shards:
            for slug in shard.slugs:
                assert shard.name == shard_name(shard_of(slug, shard_count(3, 1)))
                assert {DOCUMENT_FILES[kind].format(slug=slug) for kind in DOCUMENT_FILES} <= set(shard.files)


def test_a_sharded_site_is_the_site_of_one_build(bare_archive, tmp_path):
    """Same files at the same addresses with the same bytes (the search indexes are cut
    differently), whether the documents are in one shard or in one shard each."""
    one = build_sites(None, bare_archive.docs, tmp_path / "one", tmp_path / "work-one", per_shard=100,
                      site_url=SITE_URL)
    many = build_sites(None, bare_archive.docs, tmp_path / "many", tmp_path / "work-many", per_shard=1,
                       site_url=SITE_URL)
    assert one.errors == [] and many.errors == []
    assert one.counts["shards"] == 1
    assert many.counts["shards"] == len({shard_of(slug, 4) for slug in bare_archive.documents}) > 1
    pages_one = tree(tmp_path / "one", skip_index=True)
    pages_many = tree(tmp_path / "many", skip_index=True)
    sitemaps = [name for name in pages_one if "sitemap" in name or name == ".build-fingerprint"]
    for name in sitemaps:
        pages_one.pop(name), pages_many.pop(name, None)
    assert pages_many == pages_one
    # the sitemaps list the same pages, each once
    urls = sitemap_urls(tmp_path / "many")
    assert urls == sitemap_urls(tmp_path / "one")
    assert sum(len(bare_archive.documents) for _ in LANGUAGES) == len([u for u in urls if "/documents/" in u])
    # the theme's assets are written once per language, by the listing: no shard output has them
    for shard in (tmp_path / "work-many" / UNITS_DIR / "zh").iterdir():
        if shard.name.startswith("shard-"):
            assert sorted(p.name for p in shard.iterdir()) <= sorted(["documents", "downloads", PAGEFIND_DIR,
                                                                     "sitemap.xml", ".unit-key"])


def test_one_changed_document_rebuilds_its_shard_only(bare_archive, tmp_path):
    site, work = tmp_path / "site", tmp_path / "work"
    first = build_sites(None, bare_archive.docs, site, work, per_shard=1)
    shards = len({shard_of(slug, 4) for slug in bare_archive.documents})
    assert first.errors == [] and first.counts["built"] == first.counts["builds"] == 3 * (1 + shards)
    slug = bare_archive.records[1].slug
    shard = shard_name(shard_of(slug, 4))
    others = {path: path.stat().st_ino for path in (work / UNITS_DIR / "en").glob("shard-*/documents/*.html")
              if path.parent.parent.name != shard}
    page = bare_archive.docs / "en" / "documents" / f"{slug}.md"
    page.write_text(page.read_text("utf-8") + "\nA sentence added on review.\n", "utf-8")
    again = build_sites(None, bare_archive.docs, tmp_path / "site2", work, previous_site=site, per_shard=1)
    assert again.errors == [] and again.counts["built"] == 1
    assert "A sentence added on review." in (tmp_path / "site2" / "en" / "documents" / f"{slug}.html").read_text("utf-8")
    # the other shards' outputs were reused as they were
    assert others and all(path.stat().st_ino == inode for path, inode in others.items())
    # and the assembled site links them, it does not copy them
    for path in others:
        assert (tmp_path / "site2" / "en" / "documents" / path.name).stat().st_ino == path.stat().st_ino


def test_a_failed_shard_keeps_the_last_good_site_and_the_next_build_recovers(bare_archive, tmp_path):
    site, work = tmp_path / "site", tmp_path / "work"
    assert build_sites(None, bare_archive.docs, site, work, per_shard=1).errors == []
    before = tree(site)
    slug = bare_archive.records[0].slug
    shard = shard_name(shard_of(slug, 4))
    cached = tree(work / UNITS_DIR / "zh-Hant" / shard)
    page = bare_archive.docs / "zh-Hant" / "documents" / f"{slug}.md"
    good = page.read_text("utf-8")
    page.write_text(good + "\n[missing](no-such-page.md)\n", "utf-8")
    failed = build_sites(None, bare_archive.docs, site, work, previous_site=site, per_shard=1)
    assert failed.errors and f"zh-Hant: {shard}" in failed.errors[0] and "no-such-page.md" in failed.errors[0]
    assert tree(site) == before
    assert tree(work / UNITS_DIR / "zh-Hant" / shard) == cached  # its last good output is kept
    page.write_text(good + "\nCorrected.\n", "utf-8")
    fixed = build_sites(None, bare_archive.docs, site, work, previous_site=site, per_shard=1)
    assert fixed.errors == [] and fixed.counts["built"] == 1
    assert "Corrected." in (site / "zh-Hant" / "documents" / f"{slug}.html").read_text("utf-8")


def test_a_sitemap_past_its_limit_is_split_and_every_part_is_named(tmp_path, monkeypatch):
    import build_scripts.site as site_stage

    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    listing = tmp_path / "listing.xml"
    listing.write_text(head + "\n  <url><loc>https://x.org/index.html</loc></url>\n</urlset>", "utf-8")
    shard = tmp_path / "shard.xml"
    shard.write_text(head + "".join(f"\n  <url><loc>https://x.org/documents/d{i}.html</loc></url>" for i in range(4))
                     + "\n  <url><loc>https://x.org/index.html</loc></url>\n</urlset>", "utf-8")
    out = tmp_path / "site"
    out.mkdir()
    monkeypatch.setattr(site_stage, "SITEMAP_LIMIT", 2)
    names = merge_sitemaps(listing, [shard], out)
    assert names == ["sitemap.xml", "sitemap-2.xml", "sitemap-3.xml"]
    urls = [re.findall(r"<loc>(.*?)</loc>", (out / name).read_text("utf-8")) for name in names]
    assert urls == [["https://x.org/index.html", "https://x.org/documents/d0.html"],
                    ["https://x.org/documents/d1.html", "https://x.org/documents/d2.html"],
                    ["https://x.org/documents/d3.html"]]
    write_crawler_files(out, "https://x.org/", {"zh": names, "zh-Hant": ["sitemap.xml"], "en": ["sitemap.xml"]})
    robots = (out / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://x.org/sitemap-3.xml" in robots and "Sitemap: https://x.org/en/sitemap.xml" in robots


def test_template_indentation_is_dropped_and_verbatim_text_kept():
    page = "<div>\n    <p>a  b</p>\n\n      <span>x</span> <span>y</span>\n<pre>\n  kept\n    <b>\n  </b></pre>\n  <i>z</i>"
    assert trim_indentation(page) == ("<div>\n<p>a  b</p>\n<span>x</span> <span>y</span>\n"
                                      "<pre>\n  kept\n    <b>\n  </b></pre>\n<i>z</i>")
