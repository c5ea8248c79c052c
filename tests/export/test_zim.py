"""The site as a ZIM file (Kiwix): every file an entry, openZIM metadata, a Xapian full-text
index that finds Chinese words and English names, nothing loaded from the network, written
atomically and skipped when site/ is unchanged.

The site is built once for this module by the real command, from a copy of the seeds, with no
translation model: the English pages have English metadata and the Chinese text."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher
from libzim.suggestion import SuggestionSearcher

from build_scripts.__main__ import main
from build_scripts.site import zim
from build_scripts.site.snapshot import SKIP_SUFFIXES

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "source").glob("*.txt"))
DATE = "2024-05-06"
JIEYANG = "001_ee64e7c325dd4286"       # the Jieyang bureau's reply
RESILIENCE = "000_bef68711d2b2d5e8"    # the only seed with 韧性 (供应链韧性)
JIEYANG_BUREAU_EN = "Jieyang Municipal Bureau of Industry and Information Technology"


@pytest.fixture(scope="module")
def zim_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("zim-build")
    (base / "source").mkdir()
    (base / "no-model").mkdir()
    for seed in SEEDS:
        shutil.copy(seed, base / "source" / seed.name)
    args = [sys.executable, "-m", "build_scripts", "build", "--source", str(base / "source"),
            "--docs", str(base / "docs"), "--site", str(base / "site"), "--work", str(base / "work")]
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(base / "no-model")}
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stderr
    return base / "site"


@pytest.fixture(scope="module")
def zim_file(zim_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zim-out") / "dist" / "archive.zim"
    messages: list[str] = []
    assert zim.write_zim(zim_site, out, date=DATE, log=messages.append) == []
    assert messages and messages[0].startswith("zim: wrote")
    return out


@pytest.fixture(scope="module")
def zim_archive(zim_file) -> Archive:
    return Archive(zim_file)


def search(archive: Archive, query: str, count: int = 100) -> list[str]:
    found = Searcher(archive).search(Query().set_query(query))
    return list(found.getResults(0, count))


def html(archive: Archive, path: str) -> str:
    return bytes(archive.get_entry_by_path(path).get_item().content).decode("utf-8")


def documents(paths: list[str], prefix: str = "") -> set[str]:
    """The slugs of the document pages in `paths` under the language folder `prefix`."""
    return {p[len(prefix) + len("documents/"):-len(".html")] for p in paths
            if p.startswith(prefix + "documents/")}


# ---------------------------------------------------------------- the archive

def test_metadata(zim_archive):
    meta = {key: zim_archive.get_metadata(key) for key in zim_archive.metadata_keys}
    assert meta["Title"].decode() == "政府文件档案馆"
    assert meta["Language"] == b"zho,eng"
    assert meta["Date"].decode() == DATE
    for key in ("Description", "LongDescription", "Creator", "Publisher", "Name", "Tags"):
        assert meta[key].strip(), key
    assert len(meta["Description"].decode()) <= 80
    png = bytes(zim_archive.get_illustration_item(48).content)
    assert zim.png_size(png) == (48, 48)
    assert zim_archive.has_fulltext_index and zim_archive.has_title_index
    assert zim_archive.check()


def test_main_entry_is_the_home_page(zim_archive):
    main_entry = zim_archive.main_entry
    target = main_entry.get_redirect_entry() if main_entry.is_redirect else main_entry
    assert target.path == "index.html"
    assert "<title>政府文件档案馆" in html(zim_archive, "index.html")


def test_every_site_file_is_an_entry_with_its_bytes(zim_site, zim_archive):
    files = [p for p in zim_site.rglob("*") if p.is_file() and not p.name.endswith(SKIP_SUFFIXES)]
    assert len(files) > 100
    for path in files:
        rel = path.relative_to(zim_site).as_posix()
        item = zim_archive.get_entry_by_path(rel).get_item()
        assert bytes(item.content) == path.read_bytes(), rel
        assert item.mimetype == zim.mimetype(rel)
    assert not zim_archive.has_entry_by_path(".build-fingerprint")
    assert zim_archive.get_entry_by_path("assets/images/favicon.png").get_item().mimetype == "image/png"


def test_document_page_in_each_language(zim_archive):
    zh = zim_archive.get_entry_by_path(f"documents/{JIEYANG}.html")
    assert zh.title.startswith("揭阳市工业和信息化局关于对揭阳市政协七届二次会议第7号提案的答复")
    assert "专精特新" in html(zim_archive, f"documents/{JIEYANG}.html")
    hant = html(zim_archive, f"zh-Hant/documents/{JIEYANG}.html")
    assert "揭陽市" in hant and "專精特新" in hant
    en = html(zim_archive, f"en/documents/{JIEYANG}.html")
    assert JIEYANG_BUREAU_EN in en and 'lang="en"' in en
    # the untranslated English page carries its Chinese text
    assert "专精特新" in en


def test_front_articles_are_the_document_browse_and_home_pages(zim_site, zim_archive):
    pages = [p.relative_to(zim_site).as_posix() for p in zim_site.rglob("*.html")]
    front = [rel for rel in pages if zim.is_front(rel)]
    assert len(front) == 3 * (1 + 5 + len(SEEDS))  # home, five browse pages, the documents
    assert "404.html" not in front and "en/404.html" not in front
    assert zim_archive.article_count == len(front)


# ---------------------------------------------------------------- search

def test_search_finds_a_chinese_term_in_the_documents_that_hold_it(zim_archive):
    holding = {seed.stem for seed in SEEDS if "专精特新" in seed.read_text("utf-8")}
    assert holding  # the seeds are about 专精特新 enterprises
    found = search(zim_archive, "专精特新")
    assert documents(found) == holding
    # the Traditional pages hold 專精特新, not these characters
    assert documents(found, "zh-Hant/") == set()
    assert documents(search(zim_archive, "專精特新"), "zh-Hant/") == holding


def test_search_finds_a_two_character_word(zim_archive):
    found = search(zim_archive, "韧性")
    assert documents(found) == {RESILIENCE}
    assert all(slug == RESILIENCE for prefix in ("", "zh-Hant/", "en/") for slug in documents(found, prefix))
    # a word the seeds do not hold finds nothing, although each of its characters is common
    assert search(zim_archive, "上海") == []


def test_search_finds_an_english_agency_name_on_the_english_pages(zim_archive):
    found = search(zim_archive, JIEYANG_BUREAU_EN)
    assert f"en/documents/{JIEYANG}.html" in found
    assert documents(found, "en/") == {JIEYANG}
    assert all(path.startswith("en/") for path in found)
    # English words are stemmed: a plural finds the singular
    assert f"en/documents/{JIEYANG}.html" in search(zim_archive, "Jieyang industries")


def test_title_suggestions(zim_archive):
    suggested = list(SuggestionSearcher(zim_archive).suggest("揭阳市工业").getResults(0, 10))
    assert f"documents/{JIEYANG}.html" in suggested


# ---------------------------------------------------------------- the HTML read

def test_page_text_keeps_inline_words_whole_and_drops_ignored_parts():
    page = zim.parse_page(
        "<html><head><title>T - 站</title></head><body><svg><title>chart</title></svg>"
        "<article><div data-pagefind-body><span hidden data-pagefind-filter='agency:Some Bureau'></span>"
        "<p>支持专精<a href='#'>特新</a>企业<br>发展</p><div data-pagefind-ignore>忽略<p>这段</p></div>"
        "<p hidden>隐藏</p><script>var x = '脚本';</script></div></article></body></html>")
    assert page.title == "T - 站"
    assert "专精特新" in page.text
    assert "企业 发展" in page.text
    for dropped in ("忽略", "这段", "隐藏", "脚本", "chart"):
        assert dropped not in page.text
    assert page.keywords == ["Some Bureau"]


def test_pages_without_a_pagefind_body_index_their_article():
    page = zim.parse_page("<body><nav>菜单</nav><article><h1>浏览</h1><ul><li>按年份</li></ul></article></body>")
    assert page.text == "浏览 按年份"


def test_remote_resources_are_found():
    page = zim.parse_page(
        '<link rel="stylesheet" href="https://cdn.example.com/x.css"><link rel="alternate " href="https://a.b/">'
        '<script src="//cdn.example.com/x.js"></script><img srcset="a.png 1x, https://x.org/b.png 2x">'
        '<a href="https://example.org/">a link is fine</a><img src="assets/ok.png">')
    assert page.remote == ["<link href=https://cdn.example.com/x.css>", "<script src=//cdn.example.com/x.js>",
                           "<img srcset=https://x.org/b.png>"]


def test_no_page_of_the_site_loads_anything_from_the_network(zim_site):
    for path in zim_site.rglob("*.html"):
        assert zim.parse_page(path.read_text("utf-8")).remote == [], path


def test_a_page_loading_from_the_network_is_refused(zim_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(zim_site, site)
    page = site / "en" / "documents" / f"{JIEYANG}.html"
    page.write_text(page.read_text("utf-8").replace(
        "</head>", '<script src="https://cdn.example.com/tracker.js"></script></head>'), "utf-8")
    errors = zim.write_zim(site, tmp_path / "archive.zim", date=DATE, log=lambda m: None)
    assert errors == [f"zim: en/documents/{JIEYANG}.html loads <script src=https://cdn.example.com/tracker.js> "
                      "from the network"]
    assert not (tmp_path / "archive.zim").exists()


def test_a_missing_site_is_an_error(tmp_path):
    errors = zim.write_zim(tmp_path / "nothing", tmp_path / "archive.zim", log=lambda m: None)
    assert errors and all("run the site build first" in e for e in errors)


# ---------------------------------------------------------------- writing

def test_a_second_run_reports_unchanged_and_leaves_the_file(zim_site, zim_file):
    before = zim_file.stat()
    messages: list[str] = []
    assert zim.write_zim(zim_site, zim_file, date=DATE, log=messages.append) == []
    assert messages == ["zim: unchanged"]
    after = zim_file.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)


def test_a_changed_site_or_date_is_written_again(zim_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(zim_site, site)
    out = tmp_path / "archive.zim"
    log: list[str] = []
    assert zim.write_zim(site, out, date=DATE, log=log.append) == []
    page = site / "documents" / f"{RESILIENCE}.html"
    page.write_text(page.read_text("utf-8").replace("韧性", "弹性"), "utf-8")
    assert zim.write_zim(site, out, date=DATE, log=log.append) == []
    assert zim.write_zim(site, out, date="2024-05-07", log=log.append) == []
    assert [m.split(" ")[1] for m in log] == ["wrote", "wrote", "wrote"]
    archive = Archive(out)
    assert archive.get_metadata("Date") == b"2024-05-07"
    assert documents(search(archive, "弹性")) == {RESILIENCE}


def test_the_default_date_is_today_and_not_fingerprinted(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    day, given = zim.zim_date(None)
    assert len(day) == 10 and given is False
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert zim.zim_date(None) == ("2023-11-14", True)
    assert zim.zim_date("2024-01-02") == ("2024-01-02", True)
    with pytest.raises(ValueError):
        zim.zim_date("2024-13-40")


class _FailingCreator(zim.Creator):
    """libzim's creator that fails after some items, as a full disk would."""

    def add_item(self, item):
        self.added = getattr(self, "added", 0) + 1
        if self.added > 20:
            raise RuntimeError("disk full (simulated)")
        return super().add_item(item)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_failure_while_writing_keeps_the_previous_file(zim_site, tmp_path, monkeypatch):
    out = tmp_path / "archive.zim"
    assert zim.write_zim(zim_site, out, date=DATE, log=lambda m: None) == []
    before = out.read_bytes()
    stamp = out.with_name(out.name + zim.FINGERPRINT_SUFFIX).read_text()
    monkeypatch.setattr(zim, "Creator", _FailingCreator)
    errors = zim.write_zim(zim_site, out, date=DATE, force=True, log=lambda m: None)
    assert errors and "disk full (simulated)" in errors[0]
    assert out.read_bytes() == before
    assert out.with_name(out.name + zim.FINGERPRINT_SUFFIX).read_text() == stamp
    assert _leftovers(tmp_path) == []  # libzim's scratch files went with the temporary folder
    assert Archive(out).check()


def test_an_exception_while_writing_propagates_and_cleans_up(zim_site, tmp_path, monkeypatch):
    class Interrupted(zim.Creator):
        def add_item(self, item):
            raise KeyboardInterrupt

    monkeypatch.setattr(zim, "Creator", Interrupted)
    with pytest.raises(KeyboardInterrupt):
        zim.write_zim(zim_site, tmp_path / "archive.zim", date=DATE, log=lambda m: None)
    assert list(tmp_path.iterdir()) == []


def test_the_command(zim_site, tmp_path, capsys):
    out = tmp_path / "dist" / "archive.zim"
    args = ["zim", "--site", str(zim_site), "--out", str(out), "--date", DATE]
    assert main(args) == 0
    assert "zim: wrote" in capsys.readouterr().err
    assert main(args) == 0
    assert "zim: unchanged" in capsys.readouterr().err
    assert Archive(out).get_metadata("Title") == "政府文件档案馆".encode()
    assert main(["zim", "--site", str(tmp_path / "none"), "--out", str(out)]) == 1


def test_the_drawn_illustration_is_a_48_pixel_png():
    png = zim.default_illustration()
    assert zim.png_size(png) == (48, 48)
    start = png.index(b"IDAT") + 4
    length = int.from_bytes(png[start - 8:start - 4], "big")
    assert len(zlib.decompress(png[start:start + length])) == 48 * (1 + 48 * 4)
