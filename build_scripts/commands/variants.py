"""`variants RECORDS VARIANTS DOCS`: the three language variants of every record.

For every build/records/<slug>.json this writes build/variants/<lang>/<slug>.json for
zh (the record itself, variant method "original"), zh-Hant (OpenCC) and en (Argos
Translate, offline), and renders docs/<lang>/documents/<slug>.md with
render.markdown.render_page.  Files whose content did not change are not rewritten.

Incremental and parallel: each document's six outputs are cached under
``cache_dir/variants/`` by the hash of its record and of everything else they depend on
(``variants.incremental``); unchanged documents are linked from there.  Changed ones are
made by a process pool (one worker per core); paragraphs missing from the translation
cache are translated by this process alone, with the one model on every core.

With no zh→en model installed the stage still succeeds: it prints one warning and the
English pages carry English metadata, the Chinese text and a notice saying how to
generate the translation.

    python -m build_scripts.commands.variants build/records build/variants docs
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from build_scripts.config import LANGUAGES as LANGS
from build_scripts.files import write_text_atomic
from build_scripts.variants import argos_setup, incremental
from build_scripts.variants.cache import TranslationCache
from build_scripts.variants.english import (
    ArgosTranslator,
    CacheOnlyTranslator,
    EnglishSettings,
    EnglishVariantMaker,
    NeedsModel,
)
from build_scripts.variants.glossary import english_name, load_glossary
from build_scripts.variants.traditional import opencc_version, to_traditional

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "data" / "variants.yaml"


@dataclass
class VariantSettings:
    opencc_config: str = "s2t"
    packages_dir: Path | None = None  # None: argostranslate's default
    cache_dir: Path = Path("build/cache")
    glossary_path: Path | None = None
    english: EnglishSettings = field(default_factory=lambda: load_settings().english)


def load_settings(path: Path = SETTINGS_FILE, **overrides) -> VariantSettings:
    """Settings from build_scripts/data/variants.yaml, with keyword overrides."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    trad = data.get("traditional") or {}
    eng = data.get("english") or {}
    settings = VariantSettings(
        opencc_config=str(trad.get("opencc_config", "s2t")),
        packages_dir=Path(eng["packages_dir"]) if eng.get("packages_dir") else None,
        english=EnglishSettings(
            **{k: str(eng[k]) for k in ("original_url", "notice", "notice_missing", "source") if k in eng}
        ),
    )
    for key, value in overrides.items():
        if value is not None:
            setattr(settings, key, value)
    return settings


@dataclass
class Report:
    """What a run did; `errors` is what `run` returns."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: int = 0
    written: int = 0
    model: str | None = None
    translator_calls: int = 0
    cache_hits: int = 0
    paragraphs: int = 0
    placeholder_repairs: int = 0
    seconds: float = 0.0
    jobs: int = 1
    reused: int = 0  # documents linked from the per-document cache (nothing redone)
    converted: int = 0  # documents made again (OpenCC run, English made)
    rendered: int = 0  # Markdown pages rendered
    cache_pruned: int = 0  # per-document cache entries no longer used, removed


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_text_atomic(path, text)
    return True


def _doc_type_labels() -> dict:
    try:
        from build_scripts import config

        return (config.load("doc_types") or {}).get("labels") or {}
    except (ImportError, OSError, KeyError):
        return {}


def original_variant(record: dict) -> dict:
    page = dict(record)
    page["lang"] = "zh"
    page["variant"] = {"method": "original", "machine_translated": False, "translation_missing": False}
    return page


def traditional_variant(record: dict, config: str, labels: dict | None = None) -> dict:
    """The zh-Hant variant: text fields converted by OpenCC ``config``; numbers kept."""
    page = dict(record)
    page["lang"] = "zh-Hant"
    for key in ("title", "agency", "addressee", "region"):
        page[key] = to_traditional(record.get(key), config)
    if record.get("region_path"):
        page["region_path"] = [to_traditional(p, config) for p in record["region_path"]]
    label = (labels or {}).get(record.get("doc_type") or "", {}).get("zh-Hant")
    page["doc_type_label"] = label or to_traditional(record.get("doc_type_label"), config)
    page["headings"] = [dict(h, text=to_traditional(h.get("text"), config)) for h in record.get("headings") or []]
    page["blocks"] = [dict(b, text=to_traditional(b.get("text"), config)) for b in record.get("blocks") or []]
    page["body"] = to_traditional(record.get("body"), config)
    page["variant"] = {
        "method": "opencc",
        "config": config,
        "opencc_version": opencc_version(),
        "machine_translated": False,
        "translation_missing": False,
    }
    return page


def english_metadata(record: dict) -> dict:
    """English names for the facets of a record (agency, region, type), by glossary only."""
    labels = _doc_type_labels()
    label = labels.get(record.get("doc_type") or "", {}).get("en")
    return {
        "agency": english_name(record.get("agency")),
        "region": english_name(record.get("region")),
        "region_path": [english_name(p) for p in record.get("region_path") or []],
        "doc_type_label": label or english_name(record.get("doc_type_label")),
    }


@dataclass
class _Job:
    """What a worker needs to make a document's variants (picklable)."""

    opencc_config: str
    glossary_path: Path | None
    english: EnglishSettings
    model_id: str | None
    model_label: str | None
    translations: Path
    render: Callable[[dict, str], str]


_WORKER: dict = {}


def _init_worker(job: _Job) -> None:
    """Per process: glossary, labels and a read-only view of the translation cache."""
    _WORKER.clear()
    glossary = load_glossary(job.glossary_path)
    translator = CacheOnlyTranslator(job.model_id, job.model_label) if job.model_id else None
    cache = TranslationCache(job.translations, readonly=True)
    labels = _doc_type_labels()
    _WORKER.update(job=job, labels=labels,
                   maker=EnglishVariantMaker(glossary, translator, cache, job.english, labels))


def _dump(page: dict) -> str:
    return json.dumps(page, ensure_ascii=False, indent=2) + "\n"


def _make_document(item: tuple[int, str, str]) -> dict:
    """zh and zh-Hant (OpenCC) of one record, rendered; English too when the translation
    cache (or the absence of a model) allows it, else ``texts["en"]`` is left out."""
    index, path, key = item
    job: _Job = _WORKER["job"]
    result = {"index": index, "key": key, "path": path}
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        slug = record.get("slug") or Path(path).stem
        result["slug"] = slug
        pages = {
            "zh": original_variant(record),
            "zh-Hant": traditional_variant(record, job.opencc_config, _WORKER["labels"]),
        }
        try:
            pages["en"], stats = _WORKER["maker"].make(record)
            result["stats"] = stats
        except NeedsModel:
            result["record"] = record  # the builder's process translates it
        result["texts"] = {lang: (_dump(page), job.render(page, lang)) for lang, page in pages.items()}
    except Exception as exc:
        result["error"] = f"error: {Path(path).name}: {type(exc).__name__}: {exc}"
    return result


def default_jobs() -> int:
    return argos_setup.cpu_count()


def build_variants(
    records_dir: Path,
    variants_dir: Path,
    docs_dir: Path,
    settings: VariantSettings | None = None,
    log: Callable[[str], None] | None = None,
    render: Callable[[dict, str], str] | None = None,
    jobs: int | None = None,
) -> Report:
    """Write all variants and pages; returns a Report (errors, warnings, counts).

    Incremental: a document whose record and stage fingerprint (settings, glossary,
    model, renderer, code) are unchanged is linked from ``cache_dir/variants/``; nothing
    is converted, translated or rendered for it.  The others are made by ``jobs``
    processes (default: every core) — OpenCC, the English page from the translation
    cache, rendering — while this process translates, in document order, the
    paragraphs the translation cache lacks with the one loaded model.
    """
    started = time.perf_counter()
    settings = settings or load_settings()
    log = log or (lambda message: print(message, file=sys.stderr))
    if render is None:
        from build_scripts.render.markdown import render_page as render
    jobs = max(1, int(jobs or default_jobs()))
    report = Report(jobs=jobs)
    glossary = load_glossary(settings.glossary_path)
    labels = _doc_type_labels()

    packages_dir = Path(settings.packages_dir) if settings.packages_dir else argos_setup.default_packages_dir()
    info = argos_setup.find_package(packages_dir)
    translator = ArgosTranslator(info, settings.cache_dir) if info else None
    if translator is None:
        warning = (
            f"warning: no Chinese→English Argos Translate model installed in {packages_dir}; "
            "English pages show the Chinese text with a notice. Run `make models` "
            "(or `make models MODEL=file.argosmodel`) and rebuild to translate them."
        )
        report.warnings.append(warning)
        log(warning)
    report.model = translator.label if translator else None

    stage = incremental.fingerprint(
        opencc_config=settings.opencc_config, opencc_version=opencc_version(),
        glossary_version=glossary.version, model_id=translator.model_id if translator else None,
        english_settings=settings.english, render=render,
    )
    documents = incremental.DocumentCache(Path(settings.cache_dir) / "variants")
    slugs: set[str] = set()
    used: set[str] = set()
    todo: list[tuple[int, str, str]] = []
    for index, path in enumerate(sorted(Path(records_dir).glob("*.json"))):
        try:
            key = incremental.document_key(stage, path.stem.encode() + b"\x00" + path.read_bytes())
        except OSError as exc:
            report.errors.append(f"error: {path.name}: {type(exc).__name__}: {exc}")
            continue
        folder = documents.lookup(key)
        if folder is not None:
            try:
                slug = json.loads((folder / "entry.json").read_text(encoding="utf-8"))["slug"]
                report.written += incremental.place_entry(folder, slug, variants_dir, docs_dir)
            except (OSError, ValueError, KeyError) as exc:
                log(f"warning: {path.name}: cached variants unusable ({exc}); rebuilt")
            else:
                slugs.add(slug)
                used.add(key)
                report.reused += 1
                report.documents += 1
                continue
        todo.append((index, str(path), key))

    if todo:
        cache = TranslationCache(Path(settings.cache_dir) / "translations.sqlite")
        maker = EnglishVariantMaker(glossary, translator, cache, settings.english, labels)
        job = _Job(settings.opencc_config, settings.glossary_path, settings.english,
                   translator.model_id if translator else None, translator.label if translator else None,
                   cache.path, render)
        workers = min(jobs, len(todo))
        pool = None
        try:
            if workers > 1:
                import multiprocessing

                # forkserver: workers never inherit the model's threads from this process
                method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
                pool = multiprocessing.get_context(method).Pool(workers, _init_worker, (job,))
                chunk = max(1, min(16, len(todo) // (workers * 8)))
                results = pool.imap(_make_document, todo, chunksize=chunk)
            else:
                _init_worker(job)
                results = map(_make_document, todo)
            for result in results:  # in document order: deterministic
                degraded = _finish(result, maker, translator, render, documents,
                                        variants_dir, docs_dir, report, log)
                if "slug" in result and "error" not in result:
                    slugs.add(result["slug"])
                    if not degraded:
                        used.add(result["key"])
                cache.commit()
        finally:
            if pool is not None:
                pool.close()
                pool.join()
            cache.close()
    _prune(variants_dir, docs_dir, slugs, report)
    report.cache_pruned = documents.prune(used)
    report.translator_calls = translator.calls if translator else 0
    report.seconds = time.perf_counter() - started
    return report


def _finish(result, maker, translator, render, documents, variants_dir, docs_dir, report, log) -> bool:
    """Complete one made document (English by the model if needed), cache it, place it.

    Returns True when its English was degraded by a model failure (then not cached)."""
    if "error" in result:
        report.errors.append(result["error"])
        return False
    degraded = False
    texts = result["texts"]
    stats = result.get("stats")
    if "record" in result:  # the translation cache lacked a paragraph: the model is here
        record = result["record"]
        try:
            try:
                page, stats = maker.make(record)
            except Exception as exc:  # a model failure must not stop the archive
                if translator is None or maker.translator is None:
                    raise
                message = f"warning: machine translation failed ({exc}); English pages are built without it"
                report.warnings.append(message)
                log(message)
                maker.translator = None
                page, stats = maker.make(record)
            if maker.translator is None:
                degraded = True
            texts["en"] = (_dump(page), render(page, "en"))
        except Exception as exc:
            report.errors.append(f"error: {Path(result['path']).name}: {type(exc).__name__}: {exc}")
            return False
    report.converted += 1
    report.rendered += len(texts)
    report.paragraphs += stats.paragraphs
    report.cache_hits += stats.cached
    report.placeholder_repairs += stats.repairs
    if degraded:
        for lang, (json_text, markdown) in texts.items():
            changed = _write_if_changed(Path(variants_dir) / lang / f"{result['slug']}.json", json_text)
            changed |= _write_if_changed(Path(docs_dir) / lang / "documents" / f"{result['slug']}.md", markdown)
            report.written += int(changed)
    else:
        folder = documents.store(result["key"], texts, slug=result["slug"])
        report.written += incremental.place_entry(folder, result["slug"], variants_dir, docs_dir)
    report.documents += 1
    return degraded


def _prune(variants_dir: Path, docs_dir: Path, slugs: set[str], report: Report) -> None:
    """Remove the variants and pages of documents that are no longer in the records."""
    for lang in LANGS:
        for path in [*(Path(variants_dir) / lang).glob("*.json"),
                     *(Path(docs_dir) / lang / "documents").glob("*.md")]:
            if path.stem not in slugs:
                path.unlink()
                report.written += 1


def run(
    records_dir: Path,
    variants_dir: Path,
    docs_dir: Path,
    settings: VariantSettings | None = None,
    log: Callable[[str], None] | None = None,
    cache_dir: Path | None = None,
    jobs: int | None = None,
) -> list[str]:
    """The stage: returns the list of errors (one string per failed document).

    ``cache_dir`` (default build/cache) holds the translation cache, the per-document
    output cache (``variants/``) and the spaCy pipeline: outputs are reused from there,
    never from ``variants_dir``/``docs_dir``, which may be new, empty folders.
    ``jobs``: worker processes (default: every core).
    """
    if cache_dir is not None:
        settings = settings or load_settings()
        settings.cache_dir = Path(cache_dir)
    return build_variants(records_dir, variants_dir, docs_dir, settings, log, jobs=jobs).errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path, nargs="?", default=Path("build/records"))
    parser.add_argument("variants", type=Path, nargs="?", default=Path("build/variants"))
    parser.add_argument("docs", type=Path, nargs="?", default=Path("docs"))
    parser.add_argument("--opencc-config", default=None)
    parser.add_argument("--packages-dir", type=Path, default=None)
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: every core)")
    args = parser.parse_args(argv)
    settings = load_settings(
        opencc_config=args.opencc_config, packages_dir=args.packages_dir, cache_dir=args.cache_dir
    )
    report = build_variants(args.records, args.variants, args.docs, settings, jobs=args.jobs)
    for error in report.errors:
        print(error, file=sys.stderr)
    print(
        f"variants: {report.documents} documents ({report.reused} unchanged, {report.converted} made "
        f"with {report.jobs} jobs), {report.written} files written, "
        f"model: {report.model or 'none'}, {report.translator_calls} paragraphs translated, "
        f"{report.cache_hits} from cache, {report.seconds:.1f}s"
    )
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
