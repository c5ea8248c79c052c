"""The whole archive as data: a few files for site/downloads/, made from the records and their
variants.

    exports = make_exports(records, documents, work_dir / "cache" / "exports")
    place_exports(exports, site_dir / "downloads")
    downloads_section(exports, lang, prefix)  # the home page's Markdown

- archive.jsonl.gz: one line per document, the record JSON and the other languages;
- archive.sqlite: the documents in three languages, headings, removed lines, with two full-text
  indexes (trigram, and jieba's words: schema.py, words.py);
- metadata.csv: the metadata, for spreadsheets;
- README.md: every file and field, made from record.py's fields (readme.py).

The files are kept as one store entry, keyed by every record's and variant's JSON, this code
and SCHEMA_VERSION: the same archive gives the same entry back, untouched, with the date it
was made, so two builds of it publish the same bytes and the same date. Only the entry in use
is kept.
"""
from __future__ import annotations

import datetime
import json
import os
import sqlite3
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..files import Fingerprint
from ..incremental import Store, place
from ..record import Record, Variant

# a file's layout: its keys, columns or tables; raise it when one changes
SCHEMA_VERSION = 1
PACKAGE = Path(__file__).resolve().parent
ABOUT = "exports.json"  # in the entry: the date it was made and its files
# (name, the label of its one-line description on the home page), in the order shown
FILES = (("archive.jsonl.gz", "downloads.jsonl"), ("archive.sqlite", "downloads.sqlite"),
         ("metadata.csv", "downloads.csv"), ("README.md", "downloads.readme"))
README = "README.md"
# the libraries whose releases change the files' bytes
LIBRARIES = ("sqlite-utils", "jieba", "OpenCC")


@dataclass
class Exports:
    folder: Path  # the store entry the files lie in
    files: list[tuple[str, int, str]]  # (name, size in bytes, label key), in the order shown
    built: str  # ISO date the entry was made
    schema_version: int
    reused: bool  # the entry was there: nothing was made
    key: str = ""


def _fingerprint(ordered: list[tuple[Record, dict[str, Variant]]], stored: dict[str, Path] | None = None) -> str:
    """`stored`: the variants stage's store entries by slug. An entry's name is the key of its
    record's JSON and of everything that made its variants, so it stands for both (and saves
    serialising every record again, half a minute at 10,000 documents)."""
    fingerprint = Fingerprint()
    fingerprint.add("schema", str(SCHEMA_VERSION))
    fingerprint.add_tree(PACKAGE, "export")
    fingerprint.add_file(PACKAGE.parent / "record.py", "record.py")
    for name in LIBRARIES:
        try:
            fingerprint.add(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            fingerprint.add(name, "absent")
    fingerprint.add("sqlite", sqlite3.sqlite_version)
    fingerprint.add("zlib", zlib.ZLIB_RUNTIME_VERSION)
    for record, variants in ordered:
        if stored and record.slug in stored:
            fingerprint.add(f"variants-entry/{record.slug}", Path(stored[record.slug]).name)
            continue
        fingerprint.add(f"record/{record.slug}", record.to_json())
        for lang in sorted(variants):
            fingerprint.add(f"variant/{lang}/{record.slug}", variants[lang].to_json())
    return fingerprint.hexdigest()


def _today(today: str | datetime.date | None) -> str:
    if today is not None:
        return today if isinstance(today, str) else today.isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible-builds convention
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    return datetime.date.today().isoformat()


def _read(folder: Path, key: str, reused: bool) -> Exports:
    about = json.loads((folder / ABOUT).read_text(encoding="utf-8"))
    return Exports(folder=folder, files=[tuple(item) for item in about["files"]], built=about["built"],
                   schema_version=about["schema_version"], reused=reused, key=key)


def make_exports(records: list[Record], documents: dict[str, dict[str, Variant]], store_dir: Path, *,
                 today: str | datetime.date | None = None, jobs: int | None = None,
                 stored: dict[str, Path] | None = None) -> Exports:
    """The export files of these records (and their variants, documents[slug][lang]), from
    the store when this archive was exported before, else made and stored. `stored`: the
    variants' store entries by slug (see _fingerprint)."""
    from .readme import readme
    from .words import segment_all, segmenter
    from .writers import sqlite_meta, write_csv, write_jsonl, write_sqlite

    store_dir = Path(store_dir)
    ordered = [(record, documents.get(record.slug, {})) for record in sorted(records, key=lambda r: r.slug)]
    key = _fingerprint(ordered, stored)
    store = Store(store_dir / "entries")
    entry = store.get(key)
    if entry is not None:
        store.prune({key})
        return _read(entry, key, reused=True)

    # each document's Simplified title and text as one text: its first line is the title
    texts = []
    for record, variants in ordered:
        simplified = variants.get("zh", record)
        texts.append(" ".join((simplified.title or "").split()) + "\n" + simplified.body)
    words = [tuple(text.split("\n", 1)) for text in segment_all(texts, store_dir, jobs=jobs)]

    def write(folder: Path) -> None:
        write_jsonl(folder / "archive.jsonl.gz", ordered)
        write_sqlite(folder / "archive.sqlite", ordered, words, sqlite_meta(len(ordered), SCHEMA_VERSION, segmenter()))
        write_csv(folder / "metadata.csv", ordered)
        sizes = [(name, (folder / name).stat().st_size) for name, _ in FILES if name != README]
        (folder / README).write_text(readme(sizes + [(README, 0)], SCHEMA_VERSION, len(ordered)),
                                     encoding="utf-8", newline="\n")
        files = [(name, (folder / name).stat().st_size, label) for name, label in FILES]
        about = {"built": _today(today), "schema_version": SCHEMA_VERSION, "files": files}
        (folder / ABOUT).write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    folder = store.make(key, write)
    store.prune({key})
    return _read(folder, key, reused=False)


def place_exports(exports: Exports, downloads_dir: Path) -> bool:
    """Hard-link the files into `downloads_dir` (copies across filesystems): every file is
    linked aside first, then renamed into place, so a failure leaves the previous ones.
    False when they were all there already."""
    downloads_dir = Path(downloads_dir)
    downloads_dir.mkdir(parents=True, exist_ok=True)
    aside: list[tuple[Path, Path]] = []
    try:
        for name, _, _ in exports.files:
            source, target = exports.folder / name, downloads_dir / name
            try:
                if target.exists() and os.path.samefile(source, target):
                    continue
            except OSError:
                pass
            temporary = downloads_dir / f".{name}.{os.getpid()}.staged"
            aside.append((temporary, target))
            place(source, temporary)
        for temporary, target in aside:
            os.replace(temporary, target)
    except BaseException:
        for temporary, _ in aside:
            temporary.unlink(missing_ok=True)
        raise
    return bool(aside)


def human_size(size: int, lang: str) -> str:
    """1234567 → "1.2 MB" (kB and MB as in both Chinese and English; the number in the
    language's own format)."""
    from babel.numbers import format_decimal

    locale = {"zh": "zh_Hans_CN", "zh-Hant": "zh_Hant_TW", "en": "en"}.get(lang, "en")
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale:
            return f"{format_decimal(size / scale, format='#,##0.#', locale=locale)} {unit}"
    return f"{format_decimal(size, locale=locale)} B"


def downloads_section(exports: Exports, lang: str, prefix: str = "") -> str:
    """The home page's Markdown: a heading, one line per file (link, size, what it is), the
    date and schema version, and the README. `prefix`: from the page to the site's root
    ("" on the Simplified home, "../" on the others). The links are HTML: the files are not
    pages of the MkDocs build, whose strict link check would refuse Markdown links to them."""
    import html

    from ..render.labels import t

    items = []
    for name, size, label in exports.files:
        href = html.escape(f"{prefix}downloads/{name}", quote=True)
        items.append(f'<li><a href="{href}"><code>{html.escape(name)}</code></a> '
                     f"({html.escape(human_size(size, lang))}): {html.escape(t(lang, label))}</li>")
    readme = html.escape(f"{prefix}downloads/{README}", quote=True)
    return "\n".join([
        f"## {t(lang, 'downloads.heading')}", "",
        html.escape(t(lang, "downloads.intro")), "",
        '<ul class="archive-downloads">', *items, "</ul>", "",
        html.escape(t(lang, "downloads.made", date=exports.built, version=exports.schema_version))
        + f' <a href="{readme}">{html.escape(t(lang, "downloads.readme_link"))}</a>', "",
    ])

