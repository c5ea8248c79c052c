"""archive.jsonl.gz: one line per document, the record JSON exactly, then the other languages."""
from __future__ import annotations

import gzip
import json

import pytest

from build_scripts.export.schema import original_lang, record_keys, suffix, translated_fields
from build_scripts.record import Record

from .conftest import DEVSET, SEEDS


@pytest.fixture(scope="module")
def lines(exported):
    with gzip.open(exported.folder / "archive.jsonl.gz", "rt", encoding="utf-8") as handle:
        text = handle.read()
    assert text.endswith("\n") and "\r" not in text
    return {line["slug"]: line for line in map(json.loads, text.splitlines())}


def test_one_line_per_document_in_slug_order(exported, corpus):
    records, _ = corpus
    with gzip.open(exported.folder / "archive.jsonl.gz", "rt", encoding="utf-8") as handle:
        slugs = [json.loads(line)["slug"] for line in handle]
    assert slugs == sorted(record.slug for record in records)


def test_gzip_header_names_no_file_and_no_time(exported):
    header = (exported.folder / "archive.jsonl.gz").read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08" and header[3] == 0  # no FNAME (nor any other) flag
    assert header[4:8] == b"\0\0\0\0"  # mtime 0


@pytest.mark.parametrize("path", SEEDS + DEVSET, ids=lambda path: path.stem)
def test_line_is_the_record_json_then_the_other_languages(path, lines, corpus):
    records, documents = corpus
    record = next(record for record in records if record.source_file == path.name)
    line = lines[record.slug]
    keys = list(line)
    # the record's own keys first, in its order, with its values
    assert keys[:len(record_keys())] == list(record_keys())
    assert {key: line[key] for key in record_keys()} == json.loads(record.to_json())
    assert Record.from_dict(line).to_json() == record.to_json()
    # then each other language, never the record's own again
    own = original_lang(record)
    others = [lang for lang in ("zh", "zh-Hant", "en") if lang != own]
    for lang in others:
        variant = documents[record.slug][lang]
        for key in translated_fields():
            assert line[f"{key}_{suffix(lang)}"] == getattr(variant, key)
        assert line[f"variant_{suffix(lang)}"] == variant.variant
    assert not any(key.endswith(f"_{suffix(own)}") for key in keys[len(record_keys()):])
    # no model here: the English is untranslated, and says so
    assert line["en_machine_translated"] is False and line["en_translation_missing"] is True
    assert line["en_model"] is None


def test_a_traditional_source_adds_its_simplified_text(lines, corpus):
    records, documents = corpus
    record = next(record for record in records if record.source_script == "zh-Hant")
    line = lines[record.slug]
    assert "body_zh" in line and "body_zh_hant" not in line
    assert line["body_zh"] == documents[record.slug]["zh"].body != record.body
