"""`build`: the whole pipeline on a source folder — records, variants, then the site.

Reads top to bottom: gather every record, derive the variants, write the site — all into a
staging folder — and only when every stage succeeded, move the new outputs into place. A build
that fails or is interrupted half-way leaves the previous records, docs/ and site/ exactly as
they were. A source file that cannot be read is reported by name and left out; the rest of the
archive is still built.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ..config import LANGUAGES
from ..files import Fingerprint, recover, replace_dir, write_text_atomic
from . import records as records_command

PROJECT = Path(__file__).resolve().parents[2]
FINGERPRINT_FILE = "last-build.fingerprint"


def build_fingerprint(source_dir: Path, docs_dir: Path, site_dir: Path) -> str:
    """Everything a build's output depends on: the sources, the pipeline's code and rules, the
    site's configuration and templates, the pinned packages, the translation model and the
    output places. A superset of each stage's own cache keys, so it errs towards rebuilding."""
    from ..variants.argos_setup import find_package
    from .variants import load_settings

    fingerprint = Fingerprint()
    for name in ("mkdocs.yml", "requirements.txt"):
        fingerprint.add_file(PROJECT / name, name)
    for name in ("build_scripts", "overrides"):
        fingerprint.add_tree(PROJECT / name, name)
    model = find_package(load_settings().packages_dir)
    fingerprint.add("model", model.model_id if model else "none")
    fingerprint.add("places", f"{docs_dir.resolve()}|{site_dir.resolve()}|{os.environ.get('ARCHIVE_SITE_URL', '')}")
    documents, _ = records_command.source_files(source_dir)
    for path in documents:
        fingerprint.add_file(path, "source/" + path.name)
    return fingerprint.hexdigest()


def main(source_dir: Path, docs_dir: Path, site_dir: Path, work_dir: Path, jobs: int | None = None) -> int:
    from . import site as site_command
    from . import variants as variants_command

    records_dir, variants_dir = work_dir / "records", work_dir / "variants"
    staging = work_dir / "staging"
    targets = [records_dir, variants_dir, site_dir] + [docs_dir / lang for lang in LANGUAGES]
    recover(targets)
    # nothing changed since the last clean build, and its outputs are all there: nothing to do
    fingerprint = build_fingerprint(source_dir, docs_dir, site_dir) if source_dir.is_dir() else None
    fingerprint_file = work_dir / FINGERPRINT_FILE
    if fingerprint and all(target.is_dir() for target in targets) and fingerprint_file.is_file() \
            and fingerprint_file.read_text(encoding="ascii").strip() == fingerprint:
        print("build: nothing changed since the last build; outputs kept as they are", file=sys.stderr)
        return 0
    fingerprint_file.unlink(missing_ok=True)
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
    for lang in LANGUAGES:
        replace_dir(staging / "docs" / lang, docs_dir / lang)
    if timings.get("unchanged") and site_dir.exists():
        print(f"site: nothing changed, {site_dir}/ kept as it is", file=sys.stderr)
    else:
        replace_dir(staging / "site", site_dir)
    shutil.rmtree(staging, ignore_errors=True)
    if problems:
        # a bad source file is reported and fails the command, after everything else was built
        return 1
    write_text_atomic(fingerprint_file, fingerprint + "\n")
    return 0
