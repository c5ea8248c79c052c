"""`python -m build_scripts export`: the last build's records and variants → SITE/downloads.
One real build of the five seeds (about a minute) for the module."""
from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys

import pytest

from build_scripts.__main__ import main

from .conftest import ROOT, SEEDS

NAMES = ["archive.jsonl.gz", "archive.sqlite", "metadata.csv", "README.md"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("built")
    (root / "source").mkdir()
    for seed in SEEDS:
        shutil.copy(seed, root / "source" / seed.name)
    result = subprocess.run([sys.executable, "-m", "build_scripts", "build", "--source", str(root / "source"),
                             "--docs", str(root / "docs"), "--site", str(root / "site"), "--work", str(root / "work")],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("home", ["index.html", "zh-Hant/index.html", "en/index.html"])
def test_the_build_itself_publishes_the_files_and_links_them_from_every_home_page(built, home):
    """`make site` is the one command: the build makes the exports and each home page links
    every file, by a link that resolves in the built site."""
    html = (built / "site" / home).read_text(encoding="utf-8")
    for name in NAMES:
        href = re.search(rf'href="([^"]*downloads/{re.escape(name)})"', html)
        assert href, (home, name)
        target = (built / "site" / home).parent / href.group(1)
        assert target.resolve() == (built / "site" / "downloads" / name).resolve() and target.is_file()


def export(root, capsys, *extra) -> tuple[int, str]:
    code = main(["export", "--work", str(root / "work"), "--site", str(root / "site"), *extra])
    return code, capsys.readouterr().err


def test_export_places_the_files_and_then_has_nothing_to_do(built, capsys):
    code, said = export(built, capsys)
    assert code == 0 and said.startswith("exports: "), said
    downloads = built / "site" / "downloads"
    entries = built / "work" / "cache" / "exports" / "entries"
    for name in NAMES:
        placed = downloads / name
        # the store's file, linked: written once
        assert placed.stat().st_nlink >= 2 and any(os.path.samefile(placed, path) for path in entries.glob(f"*/*/{name}"))
    with gzip.open(downloads / "archive.jsonl.gz", "rt", encoding="utf-8") as handle:
        assert len(handle.read().splitlines()) == len(SEEDS)
    before = {name: (downloads / name).stat().st_mtime_ns for name in NAMES}
    code, said = export(built, capsys)
    assert code == 0 and said.startswith("exports: unchanged"), said
    assert {name: (downloads / name).stat().st_mtime_ns for name in NAMES} == before
    # the site's own downloads are still there beside them
    assert len(list(downloads.glob("*.bib"))) == len(SEEDS)


def test_no_build_yet_names_the_folder(tmp_path, capsys):
    code = main(["export", "--work", str(tmp_path / "nothing"), "--site", str(tmp_path / "site")])
    said = capsys.readouterr().err
    assert code == 2 and str(tmp_path / "nothing" / "records") in said and "build" in said


def test_no_site_names_the_folder(built, tmp_path, capsys):
    code = main(["export", "--work", str(built / "work"), "--site", str(tmp_path / "no-site")])
    said = capsys.readouterr().err
    assert code == 2 and str(tmp_path / "no-site") in said


def test_a_failed_export_leaves_the_previous_downloads(built, tmp_path, capsys):
    work = tmp_path / "work"
    shutil.copytree(built / "work" / "records", work / "records")
    shutil.copytree(built / "work" / "variants", work / "variants")
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads" / "archive.sqlite").write_bytes(b"the previous export")
    next((work / "variants" / "en").glob("*.json")).unlink()
    code = main(["export", "--work", str(work), "--site", str(site)])
    said = capsys.readouterr().err
    assert code == 2 and str(work / "variants" / "en") in said
    assert (site / "downloads" / "archive.sqlite").read_bytes() == b"the previous export"
    assert sorted(path.name for path in (site / "downloads").iterdir()) == ["archive.sqlite"]
