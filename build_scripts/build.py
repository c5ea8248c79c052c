"""`build`: the whole pipeline on a source folder, from raw files to the trilingual site.

Reads top to bottom: gather the records, derive their variants, render every page, build the
sites — all in memory, each stage taking what the one before made — then write the outputs
into a staging folder and move them into place only when every stage succeeded. Sources are
read at the start; the cache, staging and the site are written at the end. A source file that
cannot be read is reported by name and left out; the rest of the archive is still built.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .files import Fingerprint, Staging, write_text_atomic
from .incremental import Store
from .settings import LANGUAGES

PROJECT = Path(__file__).resolve().parents[1]
FINGERPRINT_FILE = "last-build.fingerprint"


@dataclass
class BuildResult:
    problems: list[str] = field(default_factory=list)  # files left out; the rest was built
    errors: list[str] = field(default_factory=list)  # the build failed; nothing was replaced
    unchanged: bool = False  # the same inputs as the last build: nothing was done
    seconds: dict[str, float] = field(default_factory=dict)  # by stage (and by site build)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or self.problems else 0


def build_fingerprint(sources: list[Path], manifest, docs_dir: Path, site_dir: Path, settings,
                      site_url: str | None) -> str:
    """Everything a build's output depends on: the sources, the pipeline's code and rules, the
    site's configuration and templates, the pinned packages, the translation model and the
    output places. A superset of each stage's own keys, so it errs towards rebuilding."""
    fingerprint = Fingerprint()
    for name in ("mkdocs.yml", "requirements.txt"):
        fingerprint.add_file(PROJECT / name, name)
    for name in ("build_scripts", "overrides"):
        fingerprint.add_tree(PROJECT / name, name)
    model = settings.translator()
    fingerprint.add("model", getattr(model, "model_id", "none"))
    fingerprint.add("places", f"{docs_dir.resolve()}|{site_dir.resolve()}|{site_url or ''}")
    for path in sources:
        fingerprint.add_file(path, "source/" + path.name)
    if manifest.path is not None:
        fingerprint.add_file(manifest.path, "manifest")
    return fingerprint.hexdigest()


def build(source_dir: Path, docs_dir: Path, site_dir: Path, work_dir: Path, *, jobs: int | None = None,
          log: Callable[[str], None] | None = None, ray_address: str | None = None,
          ray_workers: int | None = None) -> BuildResult:
    log = log or (lambda message: print(message, file=sys.stderr))
    result = BuildResult()
    if not Path(source_dir).is_dir():
        result.errors.append(f"error: {source_dir}: not a folder")
        return result
    from .provenance import load_manifest, unlisted
    from .read import source_files
    from .site.config import configured_site_url
    from .variants import VariantSettings

    sources, ignored = source_files(source_dir)
    manifest = load_manifest(source_dir)
    settings = VariantSettings.load(cache_dir=Path(work_dir) / "cache", ray_address=ray_address,
                                    ray_workers=ray_workers)
    outputs = {"records": work_dir / "records", "variants": work_dir / "variants",
               **{f"docs/{lang}": docs_dir / lang for lang in LANGUAGES}, "site": site_dir}
    staging = Staging(work_dir / "staging", outputs)
    fingerprint_file = work_dir / FINGERPRINT_FILE
    site_url = configured_site_url()
    fingerprint = build_fingerprint(sources, manifest, docs_dir, site_dir, settings, site_url)
    if all(output.is_dir() for output in outputs.values()) and fingerprint_file.is_file() \
            and fingerprint_file.read_text(encoding="ascii").strip() == fingerprint:
        log("build: nothing changed since the last build; outputs kept as they are")
        result.unchanged = True
        return result
    fingerprint_file.unlink(missing_ok=True)
    # the stages, loaded only when there is work for them
    from .export import make_exports, place_exports
    from .records import make_records, write_records
    from .render import render
    from .site import build_sites
    from .variants import make_variants, write_variants

    clock = Clock(result.seconds)
    records, failures, stored_records = make_records(sources, store=Store(work_dir / "cache" / "records"), jobs=jobs,
                                                     manifest=manifest)
    result.problems += manifest.problems + [str(failure) for failure in failures]
    for warning in manifest.warnings + unlisted(manifest, [path.name for path in sources]):
        log(warning)
    clock.lap("records")
    log(f"records: {len(records)} documents, {len(failures)} failed, {len(ignored)} other files ignored")
    if not records:
        result.errors.append(f"error: {source_dir}: no document could be read")
        return result
    documents, report = make_variants(records, settings, jobs=jobs, log=log)
    clock.lap("variants")
    result.errors += report.errors
    log(f"variants: {report.reused} unchanged, {report.converted} made, "
        f"{report.translator_calls} paragraphs translated by {report.model or 'no model'}")
    if result.errors:
        log(f"build failed: the previous {site_dir}/, {docs_dir}/ and records are unchanged")
        return result
    exports = make_exports(records, documents, work_dir / "cache" / "exports", jobs=jobs, stored=report.stored)
    clock.lap("exports")
    log(f"exports: {'unchanged' if exports.reused else 'made'} ({exports.built})")
    pages = render(documents, store=Store(work_dir / "cache" / "pages"), stored=report.stored, site_url=site_url,
                   exports=exports)
    clock.lap("render")

    with staging:
        site = build_sites(pages, staging["docs"], staging["site"], work_dir, previous_site=site_dir,
                           site_url=site_url, jobs=jobs)
        clock.lap("site")
        result.seconds.update({f"site.{step}": value for step, value in site.seconds.items()})
        if site.counts:
            shards = site.counts["shards"]
            log(f"site: {site.counts['built']} of {site.counts['builds']} builds made ({shards} "
                f"shard{'s' if shards != 1 else ''} of documents per language), the others reused")
        result.errors += site.errors
        if result.errors:
            log(f"build failed: the previous {site_dir}/, {docs_dir}/ and records are unchanged")
            return result
        if not site.unchanged:  # an unchanged site is not staged: its downloads are placed below
            place_exports(exports, staging["site"] / "downloads")
        write_records(records, staging["records"], stored_records)
        write_variants(documents, staging["variants"], report.stored)
        staging.commit()  # the site last; when it was unchanged, the previous one stays
    if site.unchanged:
        place_exports(exports, site_dir / "downloads")
        log(f"site: nothing changed, {site_dir}/ kept as it is")
    clock.lap("write")
    if not result.problems:  # a build with files left out is tried again next time
        write_text_atomic(fingerprint_file, fingerprint + "\n")
    return result


class Clock:
    """Seconds each stage took, into `seconds`."""

    def __init__(self, seconds: dict[str, float]):
        self.seconds, self.last = seconds, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = now - self.last
        self.last = now
