"""The exports are one store entry, keyed by the records, the variants and this code: the same
archive gets the same entry back, untouched and with the date it was made; a change makes a
new one and the old one goes."""
from __future__ import annotations

import os

import pytest

from build_scripts.export import make_exports, place_exports


@pytest.fixture
def store(tmp_path):
    return tmp_path / "exports"


def _entries(store):
    return sorted(path.name for path in (store / "entries").glob("*/*"))


def test_the_same_archive_is_reused_with_its_date(fresh_corpus, store):
    records, documents = fresh_corpus
    first = make_exports(records, documents, store, today="2024-01-01", jobs=1)
    stamps = {name: os.stat(first.folder / name).st_mtime_ns for name, _, _ in first.files}
    again = make_exports(records, documents, store, today="2025-12-31", jobs=1)
    assert not first.reused and again.reused
    assert again.folder == first.folder and again.built == "2024-01-01" and again.files == first.files
    assert {name: os.stat(again.folder / name).st_mtime_ns for name, _, _ in again.files} == stamps


def test_one_changed_record_makes_a_new_entry_and_drops_the_old(fresh_corpus, store):
    records, documents = fresh_corpus
    first = make_exports(records, documents, store, today="2024-01-01", jobs=1)
    records[0].source_notes = "captured again"
    changed = make_exports(records, documents, store, today="2024-02-02", jobs=1)
    assert not changed.reused and changed.key != first.key and changed.built == "2024-02-02"
    assert _entries(store) == [changed.key] and not first.folder.exists()


def test_one_changed_variant_makes_a_new_entry(fresh_corpus, store):
    records, documents = fresh_corpus
    first = make_exports(records, documents, store, today="2024-01-01", jobs=1)
    documents[records[0].slug]["en"].title = "A title translated at last"
    assert make_exports(records, documents, store, today="2024-01-01", jobs=1).key != first.key


def test_the_variants_store_entries_stand_for_their_documents(fresh_corpus, store, tmp_path):
    """As the build calls it: a document is known by its variants' store entry (whose name is
    the key of its record and of what made its variants), not serialised again."""
    records, documents = fresh_corpus
    entries = {record.slug: tmp_path / "variants" / f"key-{index}" for index, record in enumerate(records)}
    first = make_exports(records, documents, store, today="2024-01-01", jobs=1, stored=entries)
    assert make_exports(records, documents, store, today="2024-05-05", jobs=1, stored=entries).reused
    # another entry for one document: it changed
    changed = dict(entries, **{records[0].slug: tmp_path / "variants" / "key-new"})
    assert make_exports(records, documents, store, today="2024-01-01", jobs=1, stored=changed).key != first.key
    # a document with no entry (made without the model, so not stored) is known by its JSON
    unstored = {slug: path for slug, path in entries.items() if slug != records[1].slug}
    keyed = make_exports(records, documents, store, today="2024-01-01", jobs=1, stored=unstored).key
    documents[records[1].slug]["en"].title = "A title translated at last"
    assert make_exports(records, documents, store, today="2024-01-01", jobs=1, stored=unstored).key != keyed


def test_a_file_edited_through_its_link_is_made_again(fresh_corpus, store, tmp_path):
    records, documents = fresh_corpus
    first = make_exports(records, documents, store, today="2024-01-01", jobs=1)
    place_exports(first, tmp_path / "site" / "downloads")
    with open(tmp_path / "site" / "downloads" / "metadata.csv", "a", encoding="utf-8") as handle:
        handle.write("edited by hand\n")
    again = make_exports(records, documents, store, today="2024-03-03", jobs=1)
    assert not again.reused and "edited by hand" not in (again.folder / "metadata.csv").read_text("utf-8-sig")


def test_words_are_cut_again_only_for_a_changed_text(fresh_corpus, store):
    records, documents = fresh_corpus
    make_exports(records, documents, store, jobs=1)
    before = {path.parent.name for path in (store / "words").glob("*/*/words.txt")}
    assert len(before) == len(records)
    documents[records[0].slug]["zh"].title += "（修订）"
    make_exports(records, documents, store, jobs=1)
    after = {path.parent.name for path in (store / "words").glob("*/*/words.txt")}
    assert len(after) == len(records) and len(after - before) == 1


def test_placing_links_the_files_and_a_failure_keeps_the_previous(fresh_corpus, store, tmp_path, monkeypatch):
    records, documents = fresh_corpus
    downloads = tmp_path / "site" / "downloads"
    first = make_exports(records, documents, store, jobs=1)
    assert place_exports(first, downloads) is True
    for name, size, _ in first.files:
        assert os.path.samefile(downloads / name, first.folder / name) and (downloads / name).stat().st_size == size
    assert place_exports(first, downloads) is False  # all there already
    records[0].source_notes = "changed"
    second = make_exports(records, documents, store, jobs=1)
    before = {name: (downloads / name).read_bytes() for name, _, _ in first.files}

    real_link, calls = os.link, []

    def failing_link(source, target):  # the third file cannot be placed
        calls.append(target)
        if len(calls) == 3:
            raise PermissionError("no room")
        return real_link(source, target)

    monkeypatch.setattr(os, "link", failing_link)
    monkeypatch.setattr("shutil.copyfile", lambda *a, **k: (_ for _ in ()).throw(PermissionError("no room")))
    with pytest.raises(PermissionError):
        place_exports(second, downloads)
    assert {name: (downloads / name).read_bytes() for name, _, _ in first.files} == before
    assert sorted(path.name for path in downloads.iterdir()) == sorted(name for name, _, _ in first.files)
