"""`variants RECORDS VARIANTS DOCS`: every record's Traditional and English variants, and the
Markdown pages of all three languages."""
from __future__ import annotations

import sys
from pathlib import Path

from ..record import Record
from ..render import render, write_pages
from ..variants import VariantSettings, make_variants, write_variants


def add_arguments(parser) -> None:
    parser.add_argument("records", type=Path, nargs="?", default=Path("build/records"))
    parser.add_argument("out", type=Path, nargs="?", default=Path("build/variants"))
    parser.add_argument("docs", type=Path, nargs="?", default=Path("docs"))
    parser.add_argument("--opencc-config", default=None, help="s2t, s2tw, s2twp or s2hk (default: data/variants.yaml's)")
    parser.add_argument("--packages-dir", type=Path, default=None, help="where the zh→en Argos package is installed")
    parser.add_argument("--cache-dir", type=Path, default=None, help="default build/cache")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    parser.add_argument("--ray-address", default=None,
                        help='translate missing paragraphs on Ray: "local", "auto" or HOST:PORT (needs `make ray`)')
    parser.add_argument("--ray-workers", type=int, default=None,
                        help="Ray actors, one model each (default: one per CPU of the cluster)")


def run(args) -> int:
    records, errors = [], []
    for path in sorted(args.records.glob("*.json")):
        try:
            records.append(Record.from_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as error:
            errors.append(f"error: {path}: not a record: {error}")
    settings = VariantSettings.load(opencc_config=args.opencc_config, packages_dir=args.packages_dir,
                                    cache_dir=args.cache_dir, ray_address=args.ray_address,
                                    ray_workers=args.ray_workers)
    documents, report = make_variants(records, settings, jobs=args.jobs)
    write_variants(documents, args.out, report.stored)
    pages = render(documents)
    write_pages(pages, args.docs)
    for lang in pages:
        # the pages and downloads of documents no longer in the records go
        for folder in ("documents", "downloads"):
            for path in (args.docs / lang / folder).glob("*"):
                if path.relative_to(args.docs / lang).as_posix() not in pages[lang]:
                    path.unlink()
        for path in (args.out / lang).glob("*.json"):
            if path.stem not in documents:
                path.unlink()
    for error in errors + report.errors:
        print(error, file=sys.stderr)
    print(f"variants: {report.documents} documents ({report.reused} unchanged, {report.converted} made "
          f"with {report.jobs} jobs), model: {report.model or 'none'}, {report.translator_calls} paragraphs "
          f"translated, {report.cache_hits} from cache", file=sys.stderr)
    return 1 if errors or report.errors else 0
