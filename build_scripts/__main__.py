"""Command line: python -m build_scripts {build,records,variants,site,snapshot,evaluate}.

Thin: each verb (build_scripts/commands/) parses its arguments, calls the stage, prints."""
from __future__ import annotations

import argparse
import importlib
import sys

VERBS = {
    "build": "the whole pipeline: records, variants, pages, site",
    "records": "raw .txt documents → one JSON record each",
    "variants": "records → Traditional and English variants and Markdown pages",
    "site": "the Markdown pages → the trilingual site (mkdocs build)",
    "snapshot": "the built site as one zip that works offline",
    "evaluate": "score the records stage against annotated pages",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__.splitlines()[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    for verb, summary in VERBS.items():
        module = importlib.import_module(f".commands.{verb}", __package__)
        module.add_arguments(verbs.add_parser(verb, help=summary, description=module.__doc__.splitlines()[0]))
    args = parser.parse_args(argv)
    return importlib.import_module(f".commands.{args.verb}", __package__).run(args)


if __name__ == "__main__":
    sys.exit(main())
