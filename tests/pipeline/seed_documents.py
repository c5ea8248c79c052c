"""The render tests' documents, made by the real records and variants stages (no translation
model, as on a machine without one): the five seeds, one of them with a row in a provenance
manifest beside the sources, and the devset page written in Traditional characters."""
from __future__ import annotations

import shutil
from pathlib import Path

from build_scripts.provenance import load_manifest
from build_scripts.read import source_files
from build_scripts.record import Record, Variant
from build_scripts.records import make_records
from build_scripts.variants import VariantSettings, make_variants

from .conftest import ROOT, SEEDS

TRADITIONAL_PAGE = ROOT / "tests" / "data" / "devset" / "27_govcn_big5_notice.txt"
SOURCE_URL = "https://www.gz.gov.cn/gkmlpt/content/9/9213/post_9213468.html"
WITH_URL = SEEDS[0].name  # the seed the manifest gives a source URL


def make_documents(folder: Path) -> tuple[list[Record], dict[str, dict[str, Variant]], dict[str, Path]]:
    """(records, {slug: {lang: Variant}}, the variants' store entries by slug)."""
    src = folder / "src"
    src.mkdir(parents=True)
    for page in [*SEEDS, TRADITIONAL_PAGE]:
        shutil.copy(page, src / page.name)
    (src / "manifest.tsv").write_text(f"file\tsource_url\tretrieved\tnotes\n{WITH_URL}\t{SOURCE_URL}\t2023-10-26\t\n",
                                      encoding="utf-8")
    paths, _ = source_files(src)
    records, failures, _ = make_records(paths, manifest=load_manifest(src), jobs=1)
    assert failures == [] and len(records) == len(SEEDS) + 1
    (folder / "no-model").mkdir()
    settings = VariantSettings(packages_dir=folder / "no-model", cache_dir=folder / "cache")
    documents, report = make_variants(records, settings, log=lambda message: None, jobs=1)
    assert report.errors == []
    return records, documents, report.stored


def slug_of(records: list[Record], source_file: str) -> str:
    return next(record.slug for record in records if record.source_file == source_file)
