"""`build`: the whole pipeline on a source folder — records, variants, then the site.

Reads top to bottom: gather every record, derive the variants, write the site — all into a
staging folder — and only when every stage succeeded, move the new outputs into place. A build
that fails or is interrupted half-way leaves the previous records, docs/ and site/ exactly as
they were. A source file that cannot be read is reported by name and left out; the rest of the
archive is still built.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ..files import recover, replace_dir
from . import records as records_command

def main(source_dir: Path, docs_dir: Path, site_dir: Path, work_dir: Path, jobs: int | None = None) -> int:
    from . import site as site_command
    from . import variants as variants_command

    records_dir, variants_dir = work_dir / "records", work_dir / "variants"
    staging = work_dir / "staging"
    languages = ("zh", "zh-Hant", "en")
    targets = [records_dir, variants_dir, site_dir] + [docs_dir / lang for lang in languages]
    recover(targets)
    if staging.exists():
        shutil.rmtree(staging)  # a build that died before its swap
    staging.mkdir(parents=True)

    ignored: list[Path] = []
    records, failures = records_command.run(source_dir, staging / "records", cache_dir=work_dir / "cache" / "records",
                                            jobs=jobs, ignored=ignored)
    problems = [str(failure) for failure in failures]
    print(f"records: {len(records)} documents, {len(failures)} failed, {len(ignored)} other files ignored",
          file=sys.stderr)
    stage_errors: list[str] = []
    timings: dict = {}
    if not records:
        stage_errors.append(f"error: {source_dir}: no document could be read")
    if not stage_errors:
        stage_errors += variants_command.run(staging / "records", staging / "variants", staging / "docs",
                                             cache_dir=work_dir / "cache", jobs=jobs)
    if not stage_errors:
        stage_errors += site_command.run(staging / "variants", staging / "docs", staging / "site", build_dir=work_dir,
                                         jobs=jobs, previous_site=site_dir, timings=timings)

    for problem in problems + stage_errors:
        print(problem, file=sys.stderr)
    if stage_errors:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: the previous {site_dir}/, {docs_dir}/ and records are unchanged", file=sys.stderr)
        return 1

    # everything is built: move it into place, the site last
    replace_dir(staging / "records", records_dir)
    replace_dir(staging / "variants", variants_dir)
    for lang in languages:
        replace_dir(staging / "docs" / lang, docs_dir / lang)
    if timings.get("unchanged") and site_dir.exists():
        print(f"site: nothing changed, {site_dir}/ kept as it is", file=sys.stderr)
    else:
        replace_dir(staging / "site", site_dir)
    shutil.rmtree(staging, ignore_errors=True)
    # a bad source file is reported and fails the command, after everything else was built
    return 1 if problems else 0
