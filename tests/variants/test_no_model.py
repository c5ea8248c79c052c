"""Without a zh→en model the build succeeds, says so once, and English pages say so too."""
import json
import os
import subprocess
import sys
from pathlib import Path

from build_scripts.__main__ import main
from build_scripts.record import Record
from build_scripts.render import render
from build_scripts.variants import VariantSettings, make_variants

REPO = Path(__file__).resolve().parents[2]
LANGS = ("zh", "zh-Hant", "en")
JIEYANG = "001_ee64e7c325dd4286.txt"  # 揭阳市工业和信息化局's reply to 柳楷斌委员
JINHUA = "004_a4924afafe98401d.txt"  # 金华市经信局's reply to 徐**代表, signed and dated


def _command(records_dir: Path, tmp_path: Path, *extra: str, cache: str = "cache") -> int:
    """`python -m build_scripts variants …` in this process, without a model."""
    return main(["variants", str(records_dir), str(tmp_path / "variants"), str(tmp_path / "docs"),
                 "--packages-dir", str(tmp_path / "empty"), "--cache-dir", str(tmp_path / cache), *extra])


def test_build_without_model(tmp_path, records, record_of, no_network):
    logs = []
    settings = VariantSettings(packages_dir=tmp_path / "empty", cache_dir=tmp_path / "cache")
    variants, report = make_variants(records, settings, log=logs.append)
    assert report.errors == [] and report.documents == len(records) == len(variants)
    assert len(logs) == 1 and logs[0].startswith("warning: no Chinese→English") and "make models" in logs[0]
    assert report.warnings == logs
    assert report.translator_calls == 0 and report.model is None
    pages = render(variants)
    for record in records:
        for lang in LANGS:
            assert f"documents/{record.slug}.md" in pages[lang]
        zh = variants[record.slug]["zh"]  # the English is made from it; for a source in Simplified, the record itself
        own = variants[record.slug]["zh-Hant" if record.source_script == "zh-Hant" else "zh"]
        assert own.variant["method"] == "original" and own.blocks == record.blocks
        page = variants[record.slug]["en"]
        assert page.variant["translation_missing"] is True
        assert page.variant["machine_translated"] is False
        # the text stays Chinese, block for block; rule-only lines (dates, names) are English
        assert len(page.blocks) == len(record.blocks)
        for source, shown in zip(zh.blocks, page.blocks):
            assert shown.kind == source.kind
            if source.kind in ("paragraph", "heading"):
                assert shown.text == source.text and shown.original is None
        markdown = pages["en"][f"documents/{record.slug}.md"]
        assert "**Not yet translated.**" in markdown
        original = "zh-Hant/" if record.source_script == "zh-Hant" else ""  # the page in the source's script
        assert f'href="../../{original}documents/{record.slug}.html"' in markdown
        # the file it was read from: with what the cleaning removed, not in the notice
        assert f"<code>{record.source_file}</code>" in markdown.split('class="doc-removed"')[1]
    page = variants[record_of(JIEYANG).slug]["en"]
    assert page.agency == "Jieyang Municipal Bureau of Industry and Information Technology"
    assert page.addressee == "Member Liu Kaibin"
    assert page.blocks[0].kind == "addressee" and page.blocks[0].text == "Member Liu Kaibin"
    assert page.doc_type_label == "Reply to a CPPCC proposal"
    page = variants[record_of(JINHUA).slug]["en"]
    assert [b.kind for b in page.blocks[-2:]] == ["signature", "date"]
    assert page.blocks[-2].text == "Jinhua Municipal Bureau of Economy and Information Technology"
    assert page.blocks[-1].text == "10 July 2023"
    assert no_network == []


def test_run_returns_errors_for_broken_records(tmp_path, record_of, records_dir, capsys):
    (records_dir / "broken.json").write_text("{not json", encoding="utf-8")
    assert _command(records_dir, tmp_path) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "broken.json" in errors[0]
    # the other documents are built all the same
    assert (tmp_path / "docs" / "en" / "documents" / f"{record_of(JIEYANG).slug}.md").exists()
    assert not (tmp_path / "docs" / "en" / "documents" / "broken.md").exists()


def test_pages_of_removed_documents_are_pruned(tmp_path, records, record_of, records_dir):
    assert _command(records_dir, tmp_path) == 0
    gone, kept = record_of(JINHUA).slug, record_of(JIEYANG).slug
    for lang in LANGS:
        assert (tmp_path / "docs" / lang / "documents" / f"{gone}.md").exists()
    (records_dir / f"{gone}.json").unlink()
    assert _command(records_dir, tmp_path, cache="cache2") == 0
    for lang in LANGS:
        assert not (tmp_path / "docs" / lang / "documents" / f"{gone}.md").exists()
        assert not (tmp_path / "variants" / lang / f"{gone}.json").exists()
        assert (tmp_path / "docs" / lang / "documents" / f"{kept}.md").exists()
        assert (tmp_path / "variants" / lang / f"{kept}.json").exists()
        assert len(list((tmp_path / "variants" / lang).glob("*.json"))) == len(records) - 1
    assert (tmp_path / "cache2" / "translations.sqlite").exists()


def test_english_metadata_for_facets(tmp_path, records, record_of):
    """English names for the facets of a record (agency, region, type): by the glossary and
    doc_types.yaml, with no model."""
    record = record_of(JINHUA)
    settings = VariantSettings(packages_dir=tmp_path / "empty", cache_dir=tmp_path / "cache")
    variants, report = make_variants([record], settings, log=lambda m: None)
    assert report.errors == []
    page = variants[record.slug]["en"]
    assert {name: getattr(page, name) for name in ("agency", "region", "region_path", "doc_type_label")} == {
        "agency": "Jinhua Municipal Bureau of Economy and Information Technology",
        "region": "Jinhua City, Zhejiang Province",
        "region_path": ["Zhejiang Province", "Jinhua City"],
        "doc_type_label": "Reply to a people's congress suggestion",
    }


def test_command_line_prints_one_warning_and_no_traceback(tmp_path, records, records_dir):
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(tmp_path / "none"))
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "variants", str(records_dir),
         str(tmp_path / "variants"), str(tmp_path / "docs"), "--cache-dir", str(tmp_path / "cache")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning:") == 1 and "Traceback" not in result.stderr
    assert str(tmp_path / "none") in result.stderr  # the warning names where it looked
    assert f"variants: {len(records)} documents" in result.stderr
    for lang in LANGS:
        assert len(list((tmp_path / "variants" / lang).glob("*.json"))) == len(records)
        assert len(list((tmp_path / "docs" / lang / "documents").glob("*.md"))) == len(records)


def test_a_broken_model_degrades_to_the_no_translation_pages(tmp_path, records, record_of, no_network):
    packages = tmp_path / "packages"
    broken = packages / "translate-zh_en-broken"
    (broken / "model").mkdir(parents=True)
    (broken / "metadata.json").write_text(
        json.dumps({"from_code": "zh", "to_code": "en", "type": "translate", "package_version": "9"}),
        encoding="utf-8",
    )
    logs = []
    settings = VariantSettings(packages_dir=packages, cache_dir=tmp_path / "cache")
    variants, report = make_variants(records, settings, log=logs.append, jobs=1)
    assert report.errors == [] and report.documents == len(records)
    assert len(logs) == 1 and "machine translation failed" in logs[0]
    page = variants[record_of(JINHUA).slug]["en"]
    assert page.variant["translation_missing"] is True
    assert all(languages["en"].variant["translation_missing"] for languages in variants.values())
    # made without the model this build has: not stored, so the next build tries again
    assert report.stored == {}
    assert no_network == []


def test_a_record_file_is_read_back_as_it_was_written(records, records_dir):
    """What the command reads is what the records stage wrote."""
    for record in records:
        assert Record.from_json((records_dir / f"{record.slug}.json").read_text(encoding="utf-8")) == record


def test_downloads_of_removed_documents_are_pruned(tmp_path, record_of, records_dir):
    assert _command(records_dir, tmp_path) == 0
    gone = record_of(JINHUA).slug
    for lang in LANGS:
        for suffix in ("txt", "json"):
            assert (tmp_path / "docs" / lang / "downloads" / f"{gone}.{suffix}").exists()
    (records_dir / f"{gone}.json").unlink()
    assert _command(records_dir, tmp_path) == 0
    left = sorted(path.relative_to(tmp_path).as_posix() for path in (tmp_path / "docs").rglob(f"{gone}.*"))
    assert left == []
