"""`records SRC OUT`: read → clean → structure every *.txt in SRC, one JSON record each in OUT."""
from __future__ import annotations

import sys
from pathlib import Path

from ..provenance import load_manifest, unlisted
from ..read import source_files
from ..records import make_records, write_records


def add_arguments(parser) -> None:
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")


def run(args) -> int:
    if not args.source.is_dir():
        print(f"error: {args.source}: not a folder", file=sys.stderr)
        return 2
    sources, ignored = source_files(args.source)
    manifest = load_manifest(args.source)
    records, failures, _ = make_records(sources, jobs=args.jobs, manifest=manifest)
    write_records(records, args.out)
    for message in manifest.problems + manifest.warnings + unlisted(manifest, [path.name for path in sources]):
        print(message, file=sys.stderr)
    for failure in failures:
        print(failure, file=sys.stderr)
    note = f", {len(ignored)} other files ignored ({', '.join(p.name for p in ignored[:5])})" if ignored else ""
    print(f"records: {len(records)} written to {args.out}, {len(failures)} failed{note}", file=sys.stderr)
    return 1 if failures or manifest.problems else 0
