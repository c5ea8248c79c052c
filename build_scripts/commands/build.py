"""`build`: the whole pipeline, records → variants → pages → site, outputs replaced only on success."""
from __future__ import annotations

import sys
from pathlib import Path

from ..build import build


def add_arguments(parser) -> None:
    parser.add_argument("--source", type=Path, default=Path("source"))
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--work", type=Path, default=Path("build"))
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")


def run(args) -> int:
    result = build(args.source, args.docs, args.site, args.work, jobs=args.jobs)
    for problem in result.problems + result.errors:
        print(problem, file=sys.stderr)
    return result.exit_code
