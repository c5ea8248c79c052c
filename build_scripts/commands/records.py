"""`records SRC OUT`: read → clean → structure every *.txt in SRC, one JSON record each in OUT."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..clean import clean
from ..files import Fingerprint, write_text_atomic
from ..read import ReadError, read_file, read_text
from ..structure import StructureError, structure


@dataclass
class Failure:
    source_file: str
    problem: str

    def __str__(self) -> str:
        return f"error: {self.source_file}: {self.problem}"


def build_record(path: Path) -> dict:
    """One source file → its record; raises ReadError or StructureError."""
    return structure(clean(read_file(path)))


def to_json(record: dict) -> str:
    """A record as JSON that diffs well: one key per line, one list item per line.

    json.dump(indent=...) gives the same layout through the pure-Python encoder, which
    cost more than all of cleaning; here each value goes through the C encoder.
    """
    def value(item) -> str:
        if isinstance(item, list) and item:
            return "[\n" + ",\n".join("    " + json.dumps(element, ensure_ascii=False) for element in item) + "\n  ]"
        return json.dumps(item, ensure_ascii=False)

    return "{\n" + ",\n".join(f"  {json.dumps(key, ensure_ascii=False)}: {value(item)}" for key, item in record.items()) + "\n}\n"


def source_files(source_dir: Path) -> tuple[list[Path], list[Path]]:
    """(documents, ignored): *.txt in any case and extensionless files are documents."""
    documents, ignored = [], []
    for path in sorted(source_dir.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        (documents if path.suffix.lower() in (".txt", "") else ignored).append(path)
    return documents, ignored


# the data files the records stage reads (a glossary change must not re-clean the archive)
RULE_FILES = ("read", "chrome", "agencies", "doc_types", "regions", "structure")


@functools.lru_cache(maxsize=None)
def rules_fingerprint() -> str:
    """What a record depends on besides its file: the rule files and the stage's own code."""
    package = Path(__file__).resolve().parents[1]
    parts = [package / "data" / f"{name}.yaml" for name in RULE_FILES] + [
        package / name for name in ("read.py", "patterns.py", "config.py")
    ] + sorted((package / "clean").glob("*.py")) + sorted((package / "structure").glob("*.py")) + [Path(__file__).resolve()]
    fingerprint = Fingerprint()
    for part in parts:
        fingerprint.add_file(part, part.name)
    return fingerprint.hexdigest()


def _record_or_failure(path: Path, cache_dir: Path | None) -> dict | Failure:
    """Worker: a cached record when the file and the rules are unchanged, else a fresh one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Failure(path.name, f"cannot be read: {error.strerror}")
    cached = None
    if cache_dir is not None:
        key = hashlib.sha256(path.name.encode() + b"\0" + rules_fingerprint().encode() + b"\0" + data).hexdigest()
        cached = cache_dir / key[:2] / f"{key}.json"
        if cached.is_file():
            return json.loads(cached.read_text(encoding="utf-8"))
    try:
        record = structure(clean(read_text(path.name, data)))
    except (ReadError, StructureError) as error:
        return Failure(path.name, str(error))
    if cached is not None:
        write_text_atomic(cached, to_json(record))
    return record


def _mark_duplicates(records: list[dict]) -> None:
    """Two files with the same document text are both published; the later one says so."""
    first_with_body: dict[str, str] = {}
    for record in records:
        key = hashlib.sha256(record["body"].encode()).hexdigest()
        if key in first_with_body:
            record["warnings"].append(f"duplicate: same text as {first_with_body[key]}")
        else:
            first_with_body[key] = record["source_file"]


def run(source_dir: Path, out_dir: Path, *, cache_dir: Path | None = None, jobs: int | None = None,
        ignored: list[Path] | None = None) -> tuple[list[dict], list[Failure]]:
    """Write a record for every readable document; report the others and go on.

    Records are built in parallel over `jobs` processes (default: every core) and, with a
    cache_dir, reused while neither the file nor the rules changed.
    """
    documents, skipped = source_files(source_dir)
    if ignored is not None:
        ignored.extend(skipped)
    jobs = jobs or os.cpu_count() or 1
    work = functools.partial(_record_or_failure, cache_dir=cache_dir)
    if jobs > 1 and len(documents) >= _PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(work, documents, chunksize=max(1, len(documents) // (jobs * 8))))
    else:
        results = [work(path) for path in documents]
    records = [result for result in results if isinstance(result, dict)]
    failures = [result for result in results if isinstance(result, Failure)]
    _mark_duplicates(records)
    for record in records:
        write_text_atomic(out_dir / f"{record['slug']}.json", to_json(record))
    return records, failures


# below this many files, starting worker processes costs more than it saves
_PARALLEL_FROM = 40


def main(source_dir: Path, out_dir: Path, jobs: int | None = None) -> int:
    if not source_dir.is_dir():
        print(f"error: {source_dir}: not a folder", file=sys.stderr)
        return 2
    ignored: list[Path] = []
    records, failures = run(source_dir, out_dir, ignored=ignored, jobs=jobs)
    for failure in failures:
        print(failure, file=sys.stderr)
    note = f", {len(ignored)} other files ignored ({', '.join(p.name for p in ignored[:5])})" if ignored else ""
    print(f"records: {len(records)} written to {out_dir}, {len(failures)} failed{note}", file=sys.stderr)
    return 1 if failures else 0
