"""downloads/README.md names every file, key, table and column, and says how to search; the
home page's section links every file with its size, the date and the schema version."""
from __future__ import annotations

import re
import sqlite3

import pytest

from build_scripts.export import FILES, SCHEMA_VERSION, downloads_section, human_size
from build_scripts.export.schema import ADDED, FIELDS, VARIANT_FIELDS, jsonl_added_keys, record_keys
from build_scripts.record import Variant
from build_scripts.render.labels import t
from build_scripts.settings import LANGUAGES


@pytest.fixture(scope="module")
def readme(exported):
    return (exported.folder / "README.md").read_text(encoding="utf-8")


def test_every_field_of_the_record_is_described():
    variant_keys = set(Variant().to_dict()) - set(record_keys())
    assert set(FIELDS) == set(record_keys()), "describe the new field in build_scripts/export/schema.py"
    assert set(VARIANT_FIELDS) == variant_keys - {"lang"}
    assert all(english and chinese for english, chinese in [*FIELDS.values(), *VARIANT_FIELDS.values(),
                                                             *ADDED.values()])


def test_the_readme_names_every_file_key_table_and_column(readme, exported):
    sections = re.split(r"^## ", readme, flags=re.M)
    assert [section.splitlines()[0] for section in sections[1:]] == ["English", "简体中文", "繁體中文"]
    connection = sqlite3.connect(f"file:{exported.folder / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")]
        columns = {table: [row[1] for row in connection.execute(f"PRAGMA table_info([{table}])")] for table in tables}
    finally:
        connection.close()
    assert set(tables) == {"documents", "headings", "removed", "lifted", "words", "meta"}
    for section in sections[1:]:
        for name, _ in FILES:
            assert f"`{name}`" in section
        for key in record_keys():
            assert f"| `{key}` |" in section
        for key, *_ in jsonl_added_keys():
            assert f"| `{key}` |" in section
        for table, names in columns.items():
            assert f"`{table}`" in section
            for name in names:
                assert f"| `{name}` |" in section, (table, name)
        assert "documents_fts" in section and "trigram" in section and "words_fts" in section
        assert "jieba" in section and f"{SCHEMA_VERSION}" in section
    assert "**The English is a machine translation**" in readme and "**英文为机器翻译**" in readme
    assert "**英文為機器翻譯**" in readme
    # the Traditional section converts the prose, never the names and queries
    traditional = sections[3]
    assert "`金经信办建〔2023〕22号`" in traditional and "MATCH '融资'" in traditional


@pytest.mark.parametrize("size, lang, shown", [
    (1_234_567, "en", "1.2 MB"), (1_234_567, "zh", "1.2 MB"), (12_345_678_9, "en", "123.5 MB"),
    (45_600, "zh-Hant", "45.6 kB"), (999, "en", "999 B"), (2_000_000, "en", "2 MB"),
])
def test_sizes_are_human_readable(size, lang, shown):
    assert human_size(size, lang) == shown


@pytest.mark.parametrize("lang, prefix", [("zh", ""), ("zh-Hant", "../"), ("en", "../")])
def test_the_home_page_section(exported, lang, prefix):
    section = downloads_section(exported, lang, prefix)
    assert section.startswith(f"## {t(lang, 'downloads.heading')}\n")
    for name, size, label in exported.files:
        line = next(line for line in section.splitlines() if f'href="{prefix}downloads/{name}"' in line)
        assert human_size(size, lang) in line and t(lang, label) in line
    assert t(lang, "downloads.made", date="2024-05-06", version=SCHEMA_VERSION) in section
    assert f'href="{prefix}downloads/README.md"' in section
    # links as HTML: the strict MkDocs build checks Markdown links, and these files are not its pages
    assert "](" not in section


def test_the_labels_have_every_downloads_word():
    from build_scripts import settings

    keys = [{key for key in settings.labels(lang).words if key.startswith("downloads.")} for lang in LANGUAGES]
    assert keys[0] == keys[1] == keys[2]
    assert {label for _, label in FILES} | {"downloads.heading", "downloads.intro", "downloads.made",
                                            "downloads.readme_link"} <= keys[0]
