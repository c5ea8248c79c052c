"""Without a zh→en model the build succeeds, says so once, and English pages say so too."""
import json
import os
import subprocess
import sys

from build_scripts.commands.variants import VariantSettings, build_variants, english_metadata, run
from conftest import REPO


def test_build_without_model(tmp_path, records, records_dir, no_network):
    logs = []
    settings = VariantSettings(packages_dir=tmp_path / "empty", cache_dir=tmp_path / "cache")
    report = build_variants(records_dir, tmp_path / "variants", tmp_path / "docs", settings, log=logs.append)
    assert report.errors == []
    assert len(logs) == 1 and logs[0].startswith("warning: no Chinese→English") and "make models" in logs[0]
    assert report.translator_calls == 0
    for record in records:
        for lang in ("zh", "zh-Hant", "en"):
            assert (tmp_path / "docs" / lang / "documents" / f"{record['slug']}.md").exists()
        zh = json.loads((tmp_path / "variants" / "zh" / f"{record['slug']}.json").read_text(encoding="utf-8"))
        assert zh["variant"]["method"] == "original" and zh["blocks"] == record["blocks"]
        page = json.loads((tmp_path / "variants" / "en" / f"{record['slug']}.json").read_text(encoding="utf-8"))
        assert page["variant"]["translation_missing"] is True
        assert page["variant"]["machine_translated"] is False
        # the text stays Chinese, block for block; rule-only lines (dates, names) are English
        for source, shown in zip(record["blocks"], page["blocks"]):
            if source["kind"] in ("paragraph", "heading"):
                assert shown["text"] == source["text"] and "original" not in shown
        markdown = (tmp_path / "docs" / "en" / "documents" / f"{record['slug']}.md").read_text(encoding="utf-8")
        assert "**Machine translation not generated.**" in markdown
        assert "make models" in markdown
        assert f'href="../../documents/{record["slug"]}.html"' in markdown
    page = json.loads((tmp_path / "variants" / "en" / "doc_a.json").read_text(encoding="utf-8"))
    assert page["agency"] == "Jieyang Municipal Bureau of Industry and Information Technology"
    assert page["addressee"] == "Member Liu Kaibin"
    assert page["doc_type_label"] == "Reply to a CPPCC proposal"
    assert page["blocks"][-1]["text"] == "13 July 2023"
    assert no_network == []


def test_run_returns_errors_for_broken_records(tmp_path, records_dir):
    (records_dir / "broken.json").write_text("{not json", encoding="utf-8")
    settings = VariantSettings(packages_dir=tmp_path / "empty", cache_dir=tmp_path / "cache")
    errors = run(records_dir, tmp_path / "variants", tmp_path / "docs", settings, log=lambda m: None)
    assert len(errors) == 1 and "broken.json" in errors[0]
    assert (tmp_path / "docs" / "en" / "documents" / "doc_a.md").exists()


def test_pages_of_removed_documents_are_pruned(tmp_path, records_dir):
    settings = VariantSettings(packages_dir=tmp_path / "empty", cache_dir=tmp_path / "cache")
    build_variants(records_dir, tmp_path / "variants", tmp_path / "docs", settings, log=lambda m: None)
    (records_dir / "doc_b.json").unlink()
    errors = run(records_dir, tmp_path / "variants", tmp_path / "docs", log=lambda m: None,
                 settings=settings, cache_dir=tmp_path / "cache2")
    assert errors == []
    for lang in ("zh", "zh-Hant", "en"):
        assert not (tmp_path / "docs" / lang / "documents" / "doc_b.md").exists()
        assert not (tmp_path / "variants" / lang / "doc_b.json").exists()
        assert (tmp_path / "docs" / lang / "documents" / "doc_a.md").exists()
    assert (tmp_path / "cache2" / "translations.sqlite").exists()


def test_english_metadata_for_facets(records):
    meta = english_metadata(records[1])
    assert meta == {
        "agency": "Municipal Bureau of Economy and Information Technology",
        "region": "Jinhua City, Zhejiang Province",
        "region_path": ["Zhejiang Province", "Jinhua City"],
        "doc_type_label": "Reply to a people's congress suggestion",
    }


def test_command_line_prints_one_warning_and_no_traceback(tmp_path, records_dir):
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(tmp_path / "none"))
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts.commands.variants", str(records_dir),
         str(tmp_path / "variants"), str(tmp_path / "docs"), "--cache-dir", str(tmp_path / "cache")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning:") == 1 and "Traceback" not in result.stderr
    assert "variants: 2 documents" in result.stdout


def test_a_broken_model_degrades_to_the_no_translation_pages(tmp_path, records_dir, no_network):
    packages = tmp_path / "packages"
    broken = packages / "translate-zh_en-broken"
    (broken / "model").mkdir(parents=True)
    (broken / "metadata.json").write_text(
        json.dumps({"from_code": "zh", "to_code": "en", "type": "translate", "package_version": "9"}),
        encoding="utf-8",
    )
    logs = []
    settings = VariantSettings(packages_dir=packages, cache_dir=tmp_path / "cache")
    report = build_variants(records_dir, tmp_path / "variants", tmp_path / "docs", settings, log=logs.append)
    assert report.errors == []
    assert len(logs) == 1 and "machine translation failed" in logs[0]
    page = json.loads((tmp_path / "variants" / "en" / "doc_b.json").read_text(encoding="utf-8"))
    assert page["variant"]["translation_missing"] is True
    assert no_network == []
