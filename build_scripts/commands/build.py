"""`build`: the whole pipeline, records → variants → pages → site, outputs replaced only on success."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..build import build


def add_arguments(parser) -> None:
    parser.add_argument("--source", type=Path, default=Path("source"))
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--work", type=Path, default=Path("build"))
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    parser.add_argument("--ray-address", default=None,
                        help='translate missing paragraphs on Ray: "local", "auto" or HOST:PORT (needs `make ray`)')
    parser.add_argument("--ray-workers", type=int, default=None,
                        help="Ray actors, one model each (default: one per CPU of the cluster)")


def run(args) -> int:
    result = build(args.source, args.docs, args.site, args.work, jobs=args.jobs, ray_address=args.ray_address,
                   ray_workers=args.ray_workers)
    for problem in result.problems + result.errors:
        print(problem, file=sys.stderr)
    if result.seconds:
        # one line for benchmarks and the curious: seconds by stage, and by site build
        print("timings: " + json.dumps({name: round(value, 2) for name, value in result.seconds.items()}),
              file=sys.stderr)
    return result.exit_code
