"""`snapshot`: the built trilingual site as one zip that works unpacked from file://."""
from __future__ import annotations

import sys
from pathlib import Path

from ..site.snapshot import TOP, write_snapshot


def add_arguments(parser) -> None:
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("dist/archive-snapshot.zip"))


def run(args) -> int:
    errors = write_snapshot(args.site, args.out)
    for error in errors:
        print(error, file=sys.stderr)
    if not errors:
        print(f"snapshot: wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB); "
              f"unpack it and open {TOP}/index.html", file=sys.stderr)
    return 1 if errors else 0
