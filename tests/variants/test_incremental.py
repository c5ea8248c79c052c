"""Incremental and parallel variants stage: the per-document cache under cache_dir.

Every build here writes into *new* output folders (as the build command's staging does),
so whatever is reused comes from cache_dir, never from the previous outputs.
"""
import copy
import json
import shutil
from pathlib import Path

import pytest

from build_scripts.commands.variants import VariantSettings, build_variants, run
from build_scripts.variants.glossary import GLOSSARY_FILE


class Builds:
    """Successive builds into fresh output folders with one cache folder."""

    def __init__(self, tmp_path: Path, records_dir: Path, packages_dir: Path, cache_dir: Path | None = None):
        self.tmp, self.records_dir, self.packages_dir = tmp_path, records_dir, packages_dir
        self.cache_dir = cache_dir or tmp_path / "cache"
        self.count = 0
        self.out: Path | None = None

    def __call__(self, jobs=2, **overrides):
        self.count += 1
        self.out = self.tmp / f"out{self.count}"
        settings = VariantSettings(packages_dir=self.packages_dir, cache_dir=self.cache_dir, **overrides)
        report = build_variants(self.records_dir, self.out / "variants", self.out / "docs", settings,
                                log=lambda m: None, jobs=jobs)
        assert report.errors == []
        return report

    def files(self) -> dict[str, str]:
        return {p.relative_to(self.out).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(self.out.rglob("*")) if p.is_file()}


def _write(records_dir: Path, record: dict) -> None:
    (records_dir / f"{record['slug']}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def many_records_dir(tmp_path, records) -> Path:
    """Six records: copies of the two hand-made ones with distinct slugs and one changed line."""
    out = tmp_path / "many"
    out.mkdir()
    for n in range(3):
        for record in records:
            copied = copy.deepcopy(record)
            copied["slug"] = f"{record['slug']}_{n}"
            copied["source_file"] = f"{copied['slug']}.txt"
            copied["blocks"][1]["text"] += f"(第{n + 1}份)"
            _write(out, copied)
    return out


def test_no_change_rebuild_redoes_nothing(tmp_path, many_records_dir, tiny_packages_dir, no_network):
    build = Builds(tmp_path, many_records_dir, tiny_packages_dir)
    cold = build()
    assert cold.converted == 6 and cold.rendered == 18 and cold.translator_calls > 0 and cold.reused == 0
    first = build.files()

    warm = build()
    assert (warm.reused, warm.converted, warm.rendered, warm.translator_calls, warm.paragraphs) == (6, 0, 0, 0, 0)
    assert warm.documents == 6 and warm.written == 36  # six files per document, into new folders
    assert build.files() == first
    assert no_network == []


def test_one_changed_record_redoes_that_document_only(tmp_path, records, many_records_dir, tiny_packages_dir):
    build = Builds(tmp_path, many_records_dir, tiny_packages_dir)
    build()
    before = build.files()

    record = json.loads((many_records_dir / "doc_a_1.json").read_text(encoding="utf-8"))
    record["blocks"][5]["text"] = "当年新增市场主体5.2万户,同比增长25%。"
    _write(many_records_dir, record)
    report = build()
    assert (report.reused, report.converted, report.rendered) == (5, 1, 3)
    assert report.translator_calls == 1  # the one changed paragraph; the others are cached
    after = build.files()
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {f"{kind}/{lang}/{name}" for lang in ("zh", "zh-Hant", "en")
                       for kind, name in (("variants", "doc_a_1.json"), ("docs", "documents/doc_a_1.md"))}
    assert "52,000 households" in after["docs/en/documents/doc_a_1.md"]


def test_a_rule_change_rerenders_many_and_translates_changed_paragraphs_only(
    tmp_path, many_records_dir, tiny_packages_dir
):
    """What a chrome-rule edit does to records: one line leaves the body of every document."""
    build = Builds(tmp_path, many_records_dir, tiny_packages_dir)
    build()
    for path in sorted(many_records_dir.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        del record["blocks"][-1]  # the signature's date / the contact line
        _write(many_records_dir, record)
    report = build()
    assert report.converted == 6 and report.rendered == 18 and report.reused == 0
    assert report.translator_calls == 0  # no paragraph's text changed
    assert report.cache_hits > 0


def test_glossary_change_invalidates_every_document(tmp_path, many_records_dir, tiny_packages_dir):
    glossary = tmp_path / "glossary.yaml"
    shutil.copyfile(GLOSSARY_FILE, glossary)
    build = Builds(tmp_path, many_records_dir, tiny_packages_dir)
    build(glossary_path=glossary)
    assert build(glossary_path=glossary).converted == 0

    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "\nterms:\n", "\nterms:\n  收悉: received\n", 1), encoding="utf-8")
    report = build(glossary_path=glossary)
    assert report.converted == 6 and report.reused == 0
    assert report.translator_calls > 0  # the glossary is part of the translation cache key
    page = json.loads((build.out / "variants" / "en" / "doc_a_0.json").read_text(encoding="utf-8"))
    assert "received" in page["blocks"][1]["text"]


def test_settings_and_model_are_part_of_the_key(tmp_path, many_records_dir, tiny_packages_dir):
    build = Builds(tmp_path, many_records_dir, tiny_packages_dir)
    build()
    assert build(opencc_config="s2tw").converted == 6
    assert build(opencc_config="s2tw").converted == 0
    build.packages_dir = tmp_path / "no-model"
    report = build(opencc_config="s2tw")
    assert report.converted == 6 and report.translator_calls == 0
    page = json.loads((build.out / "variants" / "en" / "doc_b_2.json").read_text(encoding="utf-8"))
    assert page["variant"]["translation_missing"] is True


def test_output_is_identical_with_one_and_two_jobs(tmp_path, many_records_dir, tiny_packages_dir):
    one = Builds(tmp_path / "one", many_records_dir, tiny_packages_dir)
    two = Builds(tmp_path / "two", many_records_dir, tiny_packages_dir)
    assert one(jobs=1).jobs == 1
    assert two(jobs=2).jobs == 2
    assert one.files() == two.files() and len(one.files()) == 36
    # and without a model (the English made entirely in the workers)
    one.packages_dir = two.packages_dir = tmp_path / "no-model"
    one(jobs=1)
    two(jobs=2)
    assert one.files() == two.files()


def test_an_output_edited_in_place_is_not_reused(tmp_path, records_dir):
    build = Builds(tmp_path, records_dir, tmp_path / "no-model")
    build()
    page = build.out / "docs" / "zh" / "documents" / "doc_a.md"
    original = page.read_text(encoding="utf-8")
    with open(page, "a", encoding="utf-8") as handle:  # through the hard link into the cache
        handle.write("edited\n")
    report = build()
    assert (report.converted, report.reused) == (1, 1)
    assert (build.out / "docs" / "zh" / "documents" / "doc_a.md").read_text(encoding="utf-8") == original


def test_stale_entries_are_pruned_and_run_takes_jobs(tmp_path, records, records_dir):
    settings = VariantSettings(packages_dir=tmp_path / "no-model")
    kwargs = dict(settings=settings, log=lambda m: None, cache_dir=tmp_path / "cache", jobs=1)
    assert run(records_dir, tmp_path / "v1", tmp_path / "d1", **kwargs) == []
    entries = lambda: sorted(p.name for p in (tmp_path / "cache" / "variants").glob("*/*"))  # noqa: E731
    assert len(entries()) == 2
    records[0]["title"] += "(修订)"
    _write(records_dir, records[0])
    assert run(records_dir, tmp_path / "v2", tmp_path / "d2", **kwargs) == []
    assert len(entries()) == 2
