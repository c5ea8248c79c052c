"""`zim`: the built trilingual site as one .zim file for Kiwix, with its own full-text search."""
from __future__ import annotations

import sys
from pathlib import Path

from ..site.zim import write_zim


def add_arguments(parser) -> None:
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("dist/archive.zim"))
    parser.add_argument("--date", default=None,
                        help="the Date metadata, YYYY-MM-DD (default: SOURCE_DATE_EPOCH's day, else today)")
    parser.add_argument("--force", action="store_true", help="write it even when site/ is unchanged")


def run(args) -> int:
    errors = write_zim(args.site, args.out, date=args.date, force=args.force)
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0
