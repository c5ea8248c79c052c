"""Incremental and parallel variants stage: the per-document store under cache_dir.

Every build here writes into *new* output folders (as the build command's staging does),
so whatever is reused comes from cache_dir, never from the previous outputs.
"""
import copy
import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from build_scripts.__main__ import main
from build_scripts.files import write_text_atomic
from build_scripts.records import write_records
from build_scripts.render import render
from build_scripts.settings import LANGUAGES
from build_scripts.variants import VariantSettings, make_variants, write_variants
from build_scripts.variants.glossary import GLOSSARY_FILE

JIEYANG = "001_ee64e7c325dd4286.txt"
JINHUA = "004_a4924afafe98401d.txt"


class Builds:
    """Successive builds of `records` into fresh output folders with one cache folder:
    the variants (`write_variants`, linked from the store) and every page (`render`),
    as `python -m build_scripts variants` writes them."""

    def __init__(self, tmp_path: Path, records: list, packages_dir: Path, cache_dir: Path | None = None):
        self.tmp, self.records, self.packages_dir = tmp_path, records, packages_dir
        self.cache_dir = cache_dir or tmp_path / "cache"
        self.count = 0
        self.out: Path | None = None
        self.variants: dict = {}

    def __call__(self, jobs=2, **overrides):
        self.count += 1
        self.out = self.tmp / f"out{self.count}"
        settings = VariantSettings(packages_dir=self.packages_dir, cache_dir=self.cache_dir, **overrides)
        self.variants, report = make_variants(self.records, settings, log=lambda m: None, jobs=jobs)
        assert report.errors == []
        assert list(self.variants) == [record.slug for record in self.records]
        write_variants(self.variants, self.out / "variants", report.stored)
        for lang, pages in render(self.variants).items():
            for relative, text in pages.items():
                write_text_atomic(self.out / "docs" / lang / relative, text)
        return report

    def files(self) -> dict[str, str]:
        return {p.relative_to(self.out).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(self.out.rglob("*")) if p.is_file()}


def _document_files(slug: str) -> set[str]:
    """Every output of one document: its variants, its pages and its downloads."""
    return {name for lang in LANGUAGES for name in (
        f"variants/{lang}/{slug}.json", f"docs/{lang}/documents/{slug}.md",
        f"docs/{lang}/downloads/{slug}.txt", f"docs/{lang}/downloads/{slug}.json")}


# per language: a page and two downloads per document, the home page, the browse index and
# four facet pages; and one variant per document
def _file_count(documents: int) -> int:
    # per language: a page and five downloads (text, record, three citation files) per document,
    # home and five browse pages, the search's two data files; and a variant per document
    return len(LANGUAGES) * (documents * 6 + 6 + 2) + len(LANGUAGES) * documents


@pytest.fixture
def many(record_of) -> list:
    """Six records: three copies each of two real ones (揭阳 and 金华's replies), with
    distinct slugs and one changed line."""
    out = []
    for n in range(3):
        for name, source_file in (("jieyang", JIEYANG), ("jinhua", JINHUA)):
            copied = copy.deepcopy(record_of(source_file))
            copied.slug = f"{name}_{n}"
            copied.source_file = f"{copied.slug}.txt"
            copied.blocks[1] = dataclasses.replace(copied.blocks[1], text=copied.blocks[1].text + f"(第{n + 1}份)")
            out.append(copied)
    assert all(record.blocks[1].kind == "paragraph" for record in out)
    return out


def test_no_change_rebuild_redoes_nothing(tmp_path, many, tiny_packages_dir, no_network):
    build = Builds(tmp_path, many, tiny_packages_dir)
    cold = build()
    assert cold.converted == 6 and cold.translator_calls > 0 and cold.reused == 0 and cold.documents == 6
    first = build.files()
    assert len(first) == _file_count(6)

    warm = build()
    assert (warm.reused, warm.converted, warm.translator_calls, warm.paragraphs, warm.cache_hits) == (6, 0, 0, 0, 0)
    assert warm.documents == 6 and warm.cache_pruned == 0
    assert build.files() == first
    # the variants in the new folders are the stored files themselves, linked
    for record in many:
        for lang in LANGUAGES:
            assert os.path.samefile(build.out / "variants" / lang / f"{record.slug}.json",
                                    warm.stored[record.slug] / f"{lang}.json")
    assert no_network == []


def test_one_changed_record_redoes_that_document_only(tmp_path, many, tiny_packages_dir):
    build = Builds(tmp_path, many, tiny_packages_dir)
    build()
    before = build.files()

    record = many[2]  # jieyang_1
    assert record.slug == "jieyang_1" and record.blocks[5].kind == "paragraph"
    record.blocks[5] = dataclasses.replace(record.blocks[5], text="当年新增市场主体5.2万户,同比增长25%。")
    report = build()
    assert (report.reused, report.converted) == (5, 1)
    assert report.translator_calls == 1  # the one changed paragraph; the others are cached
    assert report.cache_pruned == 1  # the changed document's old entry
    after = build.files()
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == _document_files("jieyang_1")
    assert "52,000 households" in after["docs/en/documents/jieyang_1.md"]


def test_a_rule_change_remakes_many_and_translates_changed_paragraphs_only(tmp_path, many, tiny_packages_dir):
    """What a chrome-rule edit does to records: one line leaves the body of every document."""
    build = Builds(tmp_path, many, tiny_packages_dir)
    build()
    for record in many:
        assert record.blocks[-1].kind in ("contact", "date")
        del record.blocks[-1]  # the contact line / the signature's date
    report = build()
    assert report.converted == 6 and report.reused == 0
    assert report.translator_calls == 0  # no paragraph's text changed
    assert report.cache_hits > 0


def test_glossary_change_invalidates_every_document(tmp_path, many, tiny_packages_dir):
    glossary = tmp_path / "glossary.yaml"
    shutil.copyfile(GLOSSARY_FILE, glossary)
    build = Builds(tmp_path, many, tiny_packages_dir)
    build(glossary_path=glossary)
    assert build(glossary_path=glossary).converted == 0

    text = glossary.read_text(encoding="utf-8")
    assert "\nterms:\n" in text
    glossary.write_text(text.replace("\nterms:\n", "\nterms:\n  收悉: received\n", 1), encoding="utf-8")
    report = build(glossary_path=glossary)
    assert report.converted == 6 and report.reused == 0
    assert report.translator_calls > 0  # the glossary is part of the translation cache key
    assert "收悉" in build.variants["jieyang_0"]["zh"].blocks[1].text
    assert "received" in build.variants["jieyang_0"]["en"].blocks[1].text


def test_settings_and_model_are_part_of_the_key(tmp_path, many, tiny_packages_dir):
    build = Builds(tmp_path, many, tiny_packages_dir)
    build(opencc_config="s2t")
    assert build(opencc_config="s2tw").converted == 6
    assert build(opencc_config="s2tw").converted == 0
    build.packages_dir = tmp_path / "no-model"
    report = build(opencc_config="s2tw")
    assert report.converted == 6 and report.translator_calls == 0
    page = build.variants["jinhua_2"]["en"]
    assert page.variant["translation_missing"] is True
    assert build.variants["jinhua_2"]["zh-Hant"].variant["config"] == "s2tw"


def test_output_is_identical_with_one_and_two_jobs(tmp_path, many, tiny_packages_dir):
    one = Builds(tmp_path / "one", many, tiny_packages_dir)
    two = Builds(tmp_path / "two", many, tiny_packages_dir)
    assert one(jobs=1).jobs == 1
    assert two(jobs=2).jobs == 2
    assert one.files() == two.files() and len(one.files()) == _file_count(6)
    # and without a model (the English made entirely in the workers)
    one.packages_dir = two.packages_dir = tmp_path / "no-model"
    one(jobs=1)
    two(jobs=2)
    assert one.files() == two.files()


def test_an_output_edited_in_place_is_not_reused(tmp_path, records, record_of):
    build = Builds(tmp_path, records, tmp_path / "no-model")
    first = build()
    slug = record_of(JIEYANG).slug
    output = build.out / "variants" / "zh" / f"{slug}.json"
    assert os.path.samefile(output, first.stored[slug] / "zh.json")  # a hard link into the store
    original = output.read_text(encoding="utf-8")
    with open(output, "a", encoding="utf-8") as handle:  # through the hard link into the store
        handle.write("edited\n")
    report = build()
    assert (report.converted, report.reused) == (1, len(records) - 1)
    assert (build.out / "variants" / "zh" / f"{slug}.json").read_text(encoding="utf-8") == original


def test_stale_entries_are_pruned_and_run_takes_jobs(tmp_path, records, records_dir, capsys):
    def run(out: str) -> int:
        return main(["variants", str(records_dir), str(tmp_path / out / "variants"), str(tmp_path / out / "docs"),
                     "--packages-dir", str(tmp_path / "no-model"), "--cache-dir", str(tmp_path / "cache"),
                     "--jobs", "1"])

    def entries() -> list[str]:
        return sorted(p.name for p in (tmp_path / "cache" / "variants").glob("*/*"))

    assert run("one") == 0
    assert f"{len(records)} made with 1 jobs" in capsys.readouterr().err
    before = entries()
    assert len(before) == len(records)
    records[0].title += "(修订)"
    write_records(records[:1], records_dir)
    assert run("two") == 0
    assert f"({len(records) - 1} unchanged, 1 made with 1 jobs)" in capsys.readouterr().err
    after = entries()
    assert len(after) == len(records) and len(set(after) - set(before)) == 1
