"""The same archive gives the same bytes: documents in slug order, no time stamps, a fixed
SQLite page size, whatever folder or order the files were made in."""
from __future__ import annotations

import sqlite3

import pytest

from build_scripts.export import FILES, make_exports
from build_scripts.export.writers import PAGE_SIZE

from .conftest import TODAY


@pytest.fixture(scope="module")
def second(corpus, tmp_path_factory):
    records, documents = corpus
    # another folder, the records in another order, the words cut by a pool of processes
    return make_exports(list(reversed(records)), documents, tmp_path_factory.mktemp("again") / "deeper",
                        today=TODAY, jobs=2)


@pytest.mark.parametrize("name", [name for name, _ in FILES])
def test_two_exports_of_the_same_archive_are_identical(name, exported, second):
    assert not second.reused and second.folder != exported.folder
    assert (exported.folder / name).read_bytes() == (second.folder / name).read_bytes()


def test_the_database_is_whole_and_compact(exported, tmp_path):
    copy = tmp_path / "archive.sqlite"  # a check may write: never the store's file
    copy.write_bytes((exported.folder / "archive.sqlite").read_bytes())
    connection = sqlite3.connect(copy)
    try:
        assert connection.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA freelist_count").fetchone()[0] == 0  # VACUUMed
        for table in ("documents_fts", "words_fts"):
            connection.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    finally:
        connection.close()
