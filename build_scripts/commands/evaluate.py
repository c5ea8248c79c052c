"""`evaluate RAW EXPECT`: the records stage scored against annotated pages."""
from __future__ import annotations

from pathlib import Path

from ..evaluate import evaluate, report


def add_arguments(parser) -> None:
    parser.add_argument("raw", type=Path, help="folder of raw pages")
    parser.add_argument("expect", type=Path, help="folder of <stem>.json annotations")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss under its page")


def run(args) -> int:
    print(report(evaluate(args.raw, args.expect), verbose=args.verbose))
    return 0
