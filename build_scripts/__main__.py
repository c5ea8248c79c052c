"""Command line: python -m build_scripts {build,records,variants,site,snapshot,zim,evaluate}.

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
    "export": "the last build as data: JSON Lines, SQLite with full-text search, CSV (site/downloads/)",
    "zim": "the built site as one .zim file for Kiwix, with full-text search",
    "evaluate": "score the records stage against annotated pages",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__.splitlines()[0])
    verbs = parser.add_subparsers(dest="verb", required=True)
    # only the verb asked for is imported: a build with nothing to do must not load every stage
    asked = argv[0] if argv and argv[0] in VERBS else None
    for verb, summary in VERBS.items():
        subparser = verbs.add_parser(verb, help=summary, description=summary)
        if verb == asked:
            importlib.import_module(f".commands.{verb}", __package__).add_arguments(subparser)
    args = parser.parse_args(argv)
    return importlib.import_module(f".commands.{args.verb}", __package__).run(args)


if __name__ == "__main__":
    sys.exit(main())
