"""Where each source came from: the optional manifest beside the sources.

    manifest = load_manifest(Path("source"))
    manifest.entries["000_x.txt"]  # Provenance(source_url=…, retrieved="2023-10-26", notes=…)
    manifest.problems               # ["error: source/manifest.tsv line 4: …"]

The manifest is a TSV (header row, one row per file) or a YAML file; its names and the column
names it may use are in data/read.yaml. A row that cannot be read is reported by file and line
and left out; the archive is built all the same, and a value that is not what its column says
(a source that is no web address, a date that is no date) is kept in the notes, never dropped.
"""
from __future__ import annotations

import csv
import datetime
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from dateutil import parser as date_parser

from . import settings


@dataclass(frozen=True)
class Provenance:
    source_url: str | None = None
    retrieved: str | None = None  # ISO date
    notes: str | None = None

    def key(self) -> str:
        """What a record's cache key takes from it: a changed manifest row makes the record again."""
        return "\x1f".join(value or "" for value in (self.source_url, self.retrieved, self.notes))


@dataclass
class Manifest:
    path: Path | None = None
    entries: dict[str, Provenance] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # rows left out (the build goes on)
    warnings: list[str] = field(default_factory=list)  # rows kept, with a value moved to the notes

    def of(self, file_name: str) -> Provenance | None:
        return self.entries.get(file_name)


def manifest_path(source_dir: Path) -> Path | None:
    for name in settings.read().manifest_files:
        path = Path(source_dir) / name
        if path.is_file():
            return path
    return None


# 2023年10月26日, 2023.10.26 and 2023/10/26 as ISO before dateutil reads them
_CHINESE_DATE = re.compile(r"(\d{4})\s*[年./]\s*(\d{1,2})\s*[月./]\s*(\d{1,2})\s*日?")


def parse_date(value: str) -> str:
    """An ISO date from a date as archivists write it; ValueError when it is none."""
    text = _CHINESE_DATE.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", value.strip())
    # a fixed default, so that a missing day or month is never taken from today
    parsed = date_parser.parse(text, default=datetime.datetime(1900, 1, 1), yearfirst=True)
    if not re.search(r"\d{4}", text) or not re.search(r"\d{1,2}\D+\d{1,2}|\d{8}", text):
        raise ValueError("no year, month and day")
    return parsed.date().isoformat()


def is_web_address(value: str) -> bool:
    parts = urllib.parse.urlsplit(value)
    return parts.scheme in ("http", "https", "ftp") and bool(parts.netloc) and " " not in value


def _entry(values: dict[str, str], where: str, warnings: list[str]) -> Provenance:
    url, retrieved = values.get("source_url") or None, values.get("retrieved") or None
    notes = [values["notes"]] if values.get("notes") else []
    if url and not is_web_address(url):
        warnings.append(f"warning: {where}: source {url!r} is not a web address; kept in the notes")
        notes.append(f"source: {url}")
        url = None
    if retrieved:
        try:
            retrieved = parse_date(retrieved)
        except (ValueError, OverflowError):
            warnings.append(f"warning: {where}: retrieved {retrieved!r} is not a date; kept in the notes")
            notes.append(f"retrieved: {retrieved}")
            retrieved = None
    return Provenance(url, retrieved, "; ".join(notes) or None)


def _column_names() -> dict[str, str]:
    """{column name as written, lower-cased: the value it gives}."""
    return {alias.lower(): name for name, aliases in settings.read().manifest_columns.items() for alias in aliases}


def _rows_tsv(path: Path):
    """(line number, {value name: text}) per row; raises ValueError for a header that names no file column."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    names = _column_names()
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    columns = [names.get(cell.strip().lower()) for cell in header or []]
    if "file" not in columns:
        raise ValueError("its header row names no file column (" + ", ".join(settings.read().manifest_columns["file"]) + ")")
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row) or row[0].startswith("#"):
            continue
        if len(row) > len(columns):
            yield number, None
            continue
        yield number, {name: cell.strip() for name, cell in zip(columns, row) if name}


def _rows_yaml(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    names = _column_names()
    if isinstance(data, dict):
        items = [{"file": name, **(value if isinstance(value, dict) else {"source_url": value})}
                 for name, value in data.items()]
    elif isinstance(data, list):
        items = data
    elif data is None:
        items = []
    else:
        raise ValueError("is neither a mapping of file names nor a list")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield number, None
            continue
        yield number, {names[str(key).lower()]: "" if value is None else str(value).strip()
                       for key, value in item.items() if str(key).lower() in names}


def load_manifest(source_dir: Path) -> Manifest:
    path = manifest_path(source_dir)
    manifest = Manifest(path)
    if path is None:
        return manifest
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    try:
        rows = list(_rows_yaml(path) if is_yaml else _rows_tsv(path))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        manifest.problems.append(f"error: {path}: {error}; no provenance was read from it")
        return manifest
    for number, values in rows:
        where = f"{path} {'item' if is_yaml else 'line'} {number}"
        if values is None:
            manifest.problems.append(f"error: {where}: more cells than the header names (a tab in a value?); row left out")
            continue
        name = values.get("file", "")
        if not name:
            manifest.problems.append(f"error: {where}: no file name; row left out")
        elif name in manifest.entries:
            manifest.problems.append(f"error: {where}: {name} is named a second time; the first row is kept")
        else:
            manifest.entries[name] = _entry(values, where, manifest.warnings)
    return manifest


def unlisted(manifest: Manifest, file_names: list[str]) -> list[str]:
    """Rows naming a file that is not among the sources: a renamed or removed file."""
    if manifest.path is None:
        return []
    present = set(file_names)
    return [f"warning: {manifest.path}: {name} is not among the sources" for name in manifest.entries if name not in present]
