"""The three data files. Each is the same bytes for the same documents: documents in slug order,
no time stamps, a gzip header with no name nor time, a SQLite file with a fixed page size,
its indexes merged and VACUUMed."""
from __future__ import annotations

import csv
import gzip
import json
import sqlite3
from pathlib import Path

from ..record import Record, Variant
from ..settings import LANGUAGES
from . import schema
from .schema import FTS_COLUMNS

Document = tuple[Record, dict[str, Variant]]  # a record and its variants by language

PAGE_SIZE = 4096
TRIGRAM = "trigram"
# remove_diacritics 2: English typed without accents still matches (unicode61's own advice)
WORDS_TOKENIZER = "unicode61 remove_diacritics 2"


def write_jsonl(path: Path, documents: list[Document]) -> None:
    # gzip's header: no file name, mtime 0, so the bytes depend on the documents alone
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                 compresslevel=9) as out:
        for record, variants in documents:
            line = json.dumps(schema.jsonl_object(record, variants), ensure_ascii=False, separators=(",", ":"))
            out.write(line.encode("utf-8") + b"\n")


def write_csv(path: Path, documents: list[Document]) -> None:
    columns = schema.csv_columns()
    # utf-8-sig: the byte order mark tells Excel the file is UTF-8; \r\n: what RFC 4180 and
    # Excel expect (csv's default)
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([column.name for column in columns])
        for record, variants in documents:
            row = schema.document_row(record, variants, columns)
            writer.writerow(["" if row[column.name] is None else row[column.name] for column in columns])


def write_sqlite(path: Path, documents: list[Document], words: list[tuple[str, str]], meta: dict[str, str]) -> None:
    """`words`: (title, body) of each document cut into words (words.py), in the same order."""
    import sqlite_utils

    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        # before the first table: the page size is fixed from then on
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("PRAGMA journal_mode = OFF")  # a file made aside: no crash to recover from
        connection.execute("PRAGMA synchronous = OFF")
        db = sqlite_utils.Database(connection, execute_plugins=False)
        sql_type = {int: int, str: str}
        columns = schema.document_columns()
        db["documents"].create({column.name: sql_type[column.type] for column in columns}, pk="slug")
        db["documents"].insert_all((schema.document_row(record, variants) for record, variants in documents),
                                   batch_size=200)
        child = schema.child_tables()
        for table, (table_columns, *_) in child.items():
            db[table].create({name: int if kind == "integer" else str for name, kind, *_ in table_columns},
                             pk=("slug", "position"), foreign_keys=[("slug", "documents", "slug")])
        rows: dict[str, list[dict]] = {table: [] for table in child}
        for record, variants in documents:
            for table, items in schema.child_rows(record, variants).items():
                rows[table] += items
        for table, items in rows.items():
            db[table].insert_all(items, batch_size=500)
        db["words"].create({name: str for name, *_ in schema.OTHER_TABLES["words"]}, pk="slug",
                           foreign_keys=[("slug", "documents", "slug")])
        db["words"].insert_all(({"slug": record.slug, "title": title, "body": body}
                                for (record, _), (title, body) in zip(documents, words)), batch_size=200)
        db["meta"].create({name: str for name, *_ in schema.OTHER_TABLES["meta"]}, pk="key")
        db["meta"].insert_all({"key": key, "value": value} for key, value in meta.items())
        # the trigram index is the one Datasette's search box on `documents` uses: it is the
        # only full-text index whose content table is `documents`
        db["documents"].enable_fts(FTS_COLUMNS, tokenize=TRIGRAM)
        db["words"].enable_fts(["title", "body"], tokenize=WORDS_TOKENIZER)
        for table in ("documents_fts", "words_fts"):  # one b-tree segment each: smaller, and fixed
            connection.execute(f"INSERT INTO [{table}]([{table}]) VALUES ('optimize')")
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()


def sqlite_meta(count: int, version: int, segmenter: str) -> dict[str, str]:
    """The `meta` table: what a user needs to query the file right."""
    return {
        "schema_version": str(version),
        "documents": str(count),
        "languages": " ".join(schema.suffix(lang) for lang in LANGUAGES),
        "documents_fts": f"FTS5 tokenize={TRIGRAM} over documents({', '.join(FTS_COLUMNS)}): any string of "
                         "3 characters or more, case-insensitive; quote it: MATCH '\"专精特新\"'",
        "words_fts": f"FTS5 tokenize='{WORDS_TOKENIZER}' over words(title, body): the Simplified title and "
                     f"text cut into words by {segmenter}, separated by spaces; query a word: MATCH '融资'",
        "sqlite_version": sqlite3.sqlite_version,
    }
