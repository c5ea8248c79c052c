"""`export`: the last build's records and variants → the whole archive as data files in
SITE/downloads (archive.jsonl.gz, archive.sqlite, metadata.csv, README.md).

`build` makes the same files and its home pages show them; this remakes them from what the
last build left in WORK, without building anything else."""
from __future__ import annotations

import sys
from pathlib import Path

from ..record import Record, Variant
from ..settings import LANGUAGES


def add_arguments(parser) -> None:
    parser.add_argument("--work", type=Path, default=Path("build"),
                        help="the build's working folder: records/, variants/, cache/ (default: build)")
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")


def load_build(work: Path) -> tuple[list[Record], dict[str, dict[str, Variant]], list[str]]:
    """(records, documents[slug][lang], problems) from WORK/records and WORK/variants/<lang>."""
    records_dir = work / "records"
    paths = sorted(records_dir.glob("*.json")) if records_dir.is_dir() else []
    if not paths:
        return [], {}, [f"error: {records_dir}: no records; build the archive first "
                        f"(python -m build_scripts build)"]
    records = [Record.from_json(path.read_text(encoding="utf-8")) for path in paths]
    documents: dict[str, dict[str, Variant]] = {record.slug: {} for record in records}
    problems = []
    for lang in LANGUAGES:
        folder = work / "variants" / lang
        for record in records:
            path = folder / f"{record.slug}.json"
            if not path.is_file():
                problems.append(f"error: {path}: missing; build the archive again (python -m build_scripts build)")
                continue
            documents[record.slug][lang] = Variant.from_json(path.read_text(encoding="utf-8"))
    return records, documents, problems


def run(args) -> int:
    from ..export import make_exports, place_exports

    records, documents, problems = load_build(args.work)
    if not problems and not args.site.is_dir():
        problems.append(f"error: {args.site}: no site; build the archive first (python -m build_scripts build)")
    if problems:
        for problem in problems[:10]:
            print(problem, file=sys.stderr)
        return 2
    exports = make_exports(records, documents, args.work / "cache" / "exports", jobs=args.jobs)
    downloads = args.site / "downloads"
    placed = place_exports(exports, downloads)
    sizes = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size, _ in exports.files)
    if exports.reused:
        print(f"exports: unchanged (made {exports.built}){', placed in ' + str(downloads) if placed else ''}",
              file=sys.stderr)
    else:
        print(f"exports: {len(records)} documents → {downloads}: {sizes}", file=sys.stderr)
    return 0
