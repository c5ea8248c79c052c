"""The records stage: source files → read → clean → structure → one `Record` each.

    records, failures, stored = make_records(read.source_files(folder)[0], store=Store(cache))
    write_records(records, out_dir, stored)

A file that cannot be read is a `Failure` that names it; the others go on. With a store, a
record is made again only when its file, its manifest row (provenance.py), or the rules and
code of the stage, changed.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .clean import clean
from .files import Fingerprint, write_text_atomic
from .incremental import Store, key_of, make_missing, place
from .provenance import Manifest, Provenance
from .read import ReadError, read_file, read_text
from .record import Record
from .structure import StructureError, structure

PACKAGE = Path(__file__).resolve().parent
RECORD_FILE = "record.json"
# the data files the other stages read: a glossary edit must not re-clean the archive
NOT_RULES = ("glossary", "variants", "traditional_phrases", "labels")


@dataclass
class Failure:
    source_file: str
    problem: str

    def __str__(self) -> str:
        return f"error: {self.source_file}: {self.problem}"


def build_record(path: Path, provenance: Provenance | None = None) -> Record:
    """One source file → its record; raises ReadError or StructureError."""
    return with_provenance(structure(clean(read_file(path))), provenance)


def with_provenance(record: Record, provenance: Provenance | None) -> Record:
    if provenance is not None:
        record.source_url, record.retrieved, record.source_notes = \
            provenance.source_url, provenance.retrieved, provenance.notes
    return record


@functools.lru_cache(maxsize=None)
def rules_fingerprint() -> str:
    """What a record depends on besides its file: the rule files and the stage's own code."""
    rules = [path for path in sorted((PACKAGE / "data").iterdir()) if path.is_file() and path.stem not in NOT_RULES]
    code = [PACKAGE / name for name in ("read.py", "patterns.py", "settings.py", "record.py", "records.py")]
    code += sorted((PACKAGE / "clean").glob("*.py")) + sorted((PACKAGE / "structure").glob("*.py"))
    fingerprint = Fingerprint()
    for path in rules + code:
        fingerprint.add_file(path, path.relative_to(PACKAGE).as_posix())
    return fingerprint.hexdigest()


def _make(item: tuple[str, bytes, Provenance | None]) -> Record | Failure:
    name, data, provenance = item
    try:
        return with_provenance(structure(clean(read_text(name, data))), provenance)
    except (ReadError, StructureError) as error:
        return Failure(name, str(error))


def make_records(paths: list[Path], *, store: Store | None = None, jobs: int | None = None,
                 manifest: Manifest | None = None) -> tuple[list[Record], list[Failure], dict[str, Path]]:
    """(records, failures, stored): every readable file's record, in the files' order, with its
    provenance from `manifest`; `stored` maps a slug to its record's file in the store, for
    `write_records` to link."""
    manifest = manifest or Manifest()
    slots: list[Record | Failure | None] = []
    todo: list[tuple[int, str, bytes, Provenance | None, str]] = []
    stored: dict[str, Path] = {}
    keys: set[str] = set()
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            slots.append(Failure(path.name, f"cannot be read: {error.strerror}"))
            continue
        provenance = manifest.of(path.name)
        key = key_of(path.name, rules_fingerprint(), data, provenance.key() if provenance else "")
        keys.add(key)
        entry = store.get(key) if store else None
        if entry is not None:
            record = Record.from_json((entry / RECORD_FILE).read_text(encoding="utf-8"))
            stored[record.slug] = entry / RECORD_FILE
            slots.append(record)
            continue
        todo.append((len(slots), path.name, data, provenance, key))
        slots.append(None)
    made = make_missing(_make, [(name, data, provenance) for _, name, data, provenance, _ in todo], jobs=jobs)
    for (slot, _, _, _, key), result in zip(todo, made):
        slots[slot] = result
        if store and isinstance(result, Record):
            stored[result.slug] = store.put(key, {RECORD_FILE: result.to_json()}) / RECORD_FILE
    if store:
        store.prune(keys)  # the records of files no longer there, or of older rules
    records = [slot for slot in slots if isinstance(slot, Record)]
    for slug in _mark_duplicates(records):
        stored.pop(slug, None)  # its record now differs from the stored one
    return records, [slot for slot in slots if isinstance(slot, Failure)], stored


def _mark_duplicates(records: list[Record]) -> list[str]:
    """Two files with the same document text are both published; the later one says so.
    Returns the slugs of the records marked."""
    first_with_body: dict[str, str] = {}
    marked = []
    for record in records:
        key = hashlib.sha256(record.body.encode()).hexdigest()
        if key in first_with_body:
            record.warnings.append(f"duplicate: same text as {first_with_body[key]}")
            marked.append(record.slug)
        else:
            first_with_body[key] = record.source_file
    return marked


def write_records(records: list[Record], out_dir: Path, stored: dict[str, Path] | None = None) -> None:
    """`out_dir/<slug>.json` for every record: linked from the store when it is there, else written."""
    for record in records:
        target = Path(out_dir) / f"{record.slug}.json"
        if stored and record.slug in stored:
            place(stored[record.slug], target)
        else:
            write_text_atomic(target, record.to_json())
