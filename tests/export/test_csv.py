"""metadata.csv: one row per document, the metadata in three languages, no texts; UTF-8 with
a byte order mark and CRLF line ends, as Excel opens it."""
from __future__ import annotations

import csv
import io

from build_scripts.export.schema import csv_columns


def test_opens_with_a_bom_and_has_one_row_per_document(exported, corpus):
    records, documents = corpus
    data = (exported.folder / "metadata.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")  # line ends, not in values
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row["slug"] for row in rows] == sorted(record.slug for record in records)
    assert list(rows[0]) == [column.name for column in csv_columns()]
    assert not any(name.startswith(("body_", "variant_")) for name in rows[0])
    for row in rows:
        record = next(record for record in records if record.slug == row["slug"])
        for lang, column in (("zh", "title_zh"), ("zh-Hant", "title_zh_hant"), ("en", "title_en")):
            assert row[column] == (documents[record.slug][lang].title or "")
        assert row["doc_number"] == (record.doc_number or "")
        assert row["title_derived"] == str(int(record.title_derived))


def test_a_value_with_commas_quotes_and_line_breaks_survives(fresh_corpus, tmp_path):
    from build_scripts.export.writers import write_csv

    records, documents = fresh_corpus
    records[0].source_notes = 'captured twice, "first" copy\nsecond line'
    path = tmp_path / "metadata.csv"
    write_csv(path, [(record, documents[record.slug]) for record in records])
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    assert rows[0]["source_notes"] == 'captured twice, "first" copy\nsecond line'
    assert len(rows) == len(records)
