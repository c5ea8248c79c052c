"""`build`: the whole pipeline on a source folder — records, variants, then the site.

Reads top to bottom: gather every record, derive the variants, then write the site. A file
that fails is reported by name and left out; the rest of the archive is still built.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import records as records_command


def main(source_dir: Path, docs_dir: Path, site_dir: Path, work_dir: Path) -> int:
    from . import site as site_command
    from . import variants as variants_command

    records_dir, variants_dir = work_dir / "records", work_dir / "variants"
    records, failures = records_command.run(source_dir, records_dir)
    problems = [str(failure) for failure in failures]
    print(f"records: {len(records)} documents, {len(failures)} failed", file=sys.stderr)
    if not records:
        problems.append(f"error: {source_dir}: no document could be read")
    else:
        problems += variants_command.run(records_dir, variants_dir, docs_dir, cache_dir=work_dir / "cache")
        problems += site_command.run(variants_dir, docs_dir, site_dir, build_dir=work_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    # every problem is reported after everything else was built, and fails the command
    return 1 if problems else 0
