"""`records SRC OUT`: read → clean → structure every *.txt in SRC, one JSON record each in OUT."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..clean import clean
from ..read import ReadError, read_file
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


def write_json_atomic(path: Path, data: dict) -> None:
    """Write next to the target, then rename: a reader never sees half a record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(to_json(data))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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


def source_files(source_dir: Path) -> list[Path]:
    return sorted(path for path in source_dir.iterdir() if path.is_file() and path.suffix.lower() == ".txt")


def run(source_dir: Path, out_dir: Path) -> tuple[list[dict], list[Failure]]:
    """Write a record for every readable document; report the others and go on."""
    records, failures = [], []
    for path in source_files(source_dir):
        try:
            record = build_record(path)
        except (ReadError, StructureError) as error:
            failures.append(Failure(path.name, str(error)))
            continue
        write_json_atomic(out_dir / f"{path.stem}.json", record)
        records.append(record)
    return records, failures


def main(source_dir: Path, out_dir: Path) -> int:
    if not source_dir.is_dir():
        print(f"error: {source_dir}: not a folder", file=sys.stderr)
        return 2
    records, failures = run(source_dir, out_dir)
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"records: {len(records)} written to {out_dir}, {len(failures)} failed", file=sys.stderr)
    return 1 if failures else 0
