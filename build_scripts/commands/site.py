"""`site`: the trilingual site/ from the pages already in DOCS (real `mkdocs build`s: each
language's listing and shards of documents, each reused while what it reads is unchanged)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..site import build_sites


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--work", type=Path, default=Path("build"))
    parser.add_argument("--site-url", default=None)
    parser.add_argument("--no-strict", action="store_true")
    parser.add_argument("--always", action="store_true",
                        help="build everything again, even what has not changed since it was built")


def run(args) -> int:
    result = build_sites(None, args.docs, args.site, args.work, strict=not args.no_strict, site_url=args.site_url,
                         previous_site=None if args.always else args.site, reuse=not args.always)
    for error in result.errors:
        print(error, file=sys.stderr)
    if not result.errors:
        print(f"site: {args.site} is up to date (nothing it is built from changed)" if result.unchanged else
              f"site: built {args.site} (" + ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items()) + ")",
              file=sys.stderr)
    return 1 if result.errors else 0
