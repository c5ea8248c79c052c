"""Command line: python -m build_scripts {records,build,...}. Thin: the stages do the work."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    records = commands.add_parser("records", help="raw .txt documents → one JSON record each")
    records.add_argument("source", type=Path)
    records.add_argument("out", type=Path)
    records.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")

    variants = commands.add_parser("variants", help="records → Traditional and English variants and Markdown pages")
    variants.add_argument("records", type=Path, nargs="?", default=Path("build/records"))
    variants.add_argument("out", type=Path, nargs="?", default=Path("build/variants"))
    variants.add_argument("docs", type=Path, nargs="?", default=Path("docs"))

    evaluate = commands.add_parser("evaluate", help="score the records stage against annotated pages")
    evaluate.add_argument("raw", type=Path, help="folder of raw pages")
    evaluate.add_argument("expect", type=Path, help="folder of <stem>.json annotations")
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list every miss under its page")

    build = commands.add_parser("build", help="the whole pipeline: records, variants, site")
    build.add_argument("--source", type=Path, default=Path("source"))
    build.add_argument("--docs", type=Path, default=Path("docs"))
    build.add_argument("--site", type=Path, default=Path("site"))
    build.add_argument("--work", type=Path, default=Path("build"))
    build.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")

    args = parser.parse_args(argv)
    if args.command == "records":
        from .commands import records as command
        return command.main(args.source, args.out, jobs=args.jobs)
    if args.command == "variants":
        from .commands import variants as command
        problems = command.run(args.records, args.out, args.docs)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if args.command == "evaluate":
        from . import evaluate as evaluation
        print(evaluation.report(evaluation.evaluate(args.raw, args.expect), verbose=args.verbose))
        return 0
    if args.command == "build":
        from .commands import build as command
        return command.main(args.source, args.docs, args.site, args.work, jobs=args.jobs)
    return 2


if __name__ == "__main__":
    sys.exit(main())
