"""The variants stage: each `Record` → its `Variant` in every site language.

    variants, report = make_variants(records, VariantSettings.load(), jobs=None)
    variants["<slug>"]["zh-Hant"]  # a Variant

- zh: the record itself (method "original");
- zh-Hant: OpenCC (`traditional`) with the archive's phrase corrections, document numbers,
  dates and Latin text kept as issued;
- a source written in Traditional (`record.source_script` "zh-Hant", clean/script.py) the
  other way round: zh-Hant is the record itself, zh is made with OpenCC t2s, and the English
  is translated from that Simplified text;
- en: Argos Translate, offline (`english`), one English block per source block, numbers and
  glossary terms protected (`protect`), names by the glossary (`glossary`); every paragraph
  the model translates is kept in a SQLite translation cache (`cache`).

With no zh→en model installed the stage still succeeds: one warning, and English variants
with English metadata and the Chinese text, marked `translation_missing`.

Incremental and parallel (`build_scripts.incremental`): a document's three variants are
stored under a key made of its record's JSON and the stage's fingerprint (settings, OpenCC,
glossary, model, code); unchanged documents are read back from there. Changed ones are made by
worker processes from the translation cache; a paragraph the cache lacks is translated by
this process alone, with its one model, in document order, so the output is the same for any
number of jobs.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from build_scripts.files import Fingerprint, write_text_atomic
from build_scripts.incremental import Store, key_of, make_missing, place, workers
from build_scripts.record import Record, Variant
from build_scripts.settings import LANGUAGES
from build_scripts.variants.cache import TranslationCache
from build_scripts.variants.english import CacheOnlyTranslator, EnglishVariantMaker, NeedsModel
from build_scripts.variants.glossary import load_glossary
from build_scripts.variants.traditional import (PhraseCorrections, opencc_version, original_traditional_variant,
                                                simplified_variant, traditional_variant)
from build_scripts.variants.translators import NoModel, TranslatorSpec, find_translator

PACKAGE = Path(__file__).resolve().parent
# the libraries whose releases change the text of a variant
LIBRARIES = ("opencc", "pypinyin", "argostranslate", "ctranslate2", "sentencepiece", "PyYAML", "pydantic")


@dataclass
class VariantSettings:
    opencc_config: str = "s2tw"
    packages_dir: Path | None = None  # None: argostranslate's default
    cache_dir: Path = Path("build/cache")
    glossary_path: Path | None = None
    phrase_corrections_path: Path | None = None  # None: data/traditional_phrases.yaml
    english: object = None  # settings.English (engine and its options); None: data/variants.yaml's
    ray_address: str | None = None  # translate missing paragraphs on Ray (distributed.py); None: here
    ray_workers: int | None = None  # Ray actors, one model each; None: one per CPU of the cluster

    @classmethod
    def load(cls, **overrides) -> VariantSettings:
        """build_scripts/data/variants.yaml, with the keyword overrides that are not None."""
        from build_scripts import settings

        data = settings.variants()
        loaded = cls(opencc_config=data.traditional.opencc_config,
                     packages_dir=Path(data.english.packages_dir) if data.english.packages_dir else None,
                     english=data.english, ray_address=data.english.ray_address)
        for key, value in overrides.items():
            if value is not None:
                setattr(loaded, key, value)
        return loaded

    def english_settings(self):
        """The English engine's settings, with this run's packages_dir."""
        from build_scripts import settings

        english = self.english or settings.variants().english
        packages_dir = str(self.packages_dir) if self.packages_dir else english.packages_dir
        return english.model_copy(update={"packages_dir": packages_dir})

    def translator(self) -> TranslatorSpec | NoModel:
        return find_translator(self.english_settings(), self.cache_dir)


@dataclass
class Report:
    """What a run did."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: int = 0
    model: str | None = None
    translator_calls: int = 0
    cache_hits: int = 0
    paragraphs: int = 0
    placeholder_repairs: int = 0
    jobs: int = 1
    reused: int = 0  # documents read back from the store (nothing redone)
    converted: int = 0  # documents made again (OpenCC run, English made)
    cache_pruned: int = 0  # stored documents no longer in the archive, removed
    stored: dict = field(default_factory=dict)  # slug → its store entry (files <lang>.json)
    remote_paragraphs: int = 0  # translated on Ray (distributed.py) before the pages were made


def type_label(doc_type: str | None, lang: str) -> str | None:
    """The label doc_types.yaml gives a document type in `lang`."""
    from build_scripts import settings

    return settings.doc_types().labels.get(doc_type or "", {}).get(lang)


def original_variant(record: Record) -> Variant:
    return Variant.of(record, "zh", {"method": "original", "machine_translated": False, "translation_missing": False})


def original_lang(record: Record) -> str:
    """The site language whose page is the record itself: the script the source is written in."""
    return "zh-Hant" if record.source_script == "zh-Hant" else "zh"


def _fingerprint(settings: VariantSettings, corrections: PhraseCorrections, glossary_version: str,
                 model_id: str | None) -> str:
    """Everything besides the record that a document's variants depend on."""
    fingerprint = Fingerprint()
    fingerprint.add("settings", f"{settings.opencc_config} {opencc_version()} {corrections.fingerprint} "
                                f"{glossary_version} {model_id or 'none'}")
    for path in (*sorted(PACKAGE.glob("*.py")), PACKAGE.parent / "record.py",
                 *(PACKAGE.parent / "data" / f"{name}.yaml" for name in ("variants", "doc_types"))):
        fingerprint.add_file(path, path.name)
    for name in LIBRARIES:
        try:
            fingerprint.add(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            fingerprint.add(name, "absent")
    return fingerprint.hexdigest()


@dataclass
class _Job:
    """What a worker needs to make a document's variants (picklable)."""

    opencc_config: str
    corrections: PhraseCorrections
    glossary_path: Path | None
    translator: TranslatorSpec | None
    translations: Path


_WORKER: dict = {}


def _english_maker(glossary, translator, cache) -> EnglishVariantMaker:
    return EnglishVariantMaker(glossary, translator, cache, type_label=lambda doc_type: type_label(doc_type, "en"))


def _start_worker(job: _Job) -> None:
    """Per process: the glossary and a read-only view of the translation cache."""
    translator = CacheOnlyTranslator(job.translator) if job.translator else None
    _WORKER.update(job=job, maker=_english_maker(load_glossary(job.glossary_path), translator,
                                                 TranslationCache(job.translations, readonly=True)))


def english_input(record: Record, made: dict) -> Record:
    """What the English is translated from: the Simplified text (the model is zh→en), which
    for a source written in Traditional is its zh variant. Each English block keeps it as its
    `original`."""
    return made["zh"] if original_lang(record) == "zh-Hant" else record


def _english_source(record: Record) -> Record:
    """What `english_input` gives, made without the Traditional variant."""
    if original_lang(record) == "zh-Hant":
        return simplified_variant(record, type_label(record.doc_type, "zh"))
    return record


def _make(record: Record) -> dict:
    """zh and zh-Hant of one record; en too when the translation cache (or the absence of a
    model) allows it, else the builder's process, which holds the model, makes it."""
    job: _Job = _WORKER["job"]
    try:
        hant_label = type_label(record.doc_type, "zh-Hant")
        if original_lang(record) == "zh-Hant":
            made = {"zh": simplified_variant(record, type_label(record.doc_type, "zh")),
                    "zh-Hant": original_traditional_variant(record, job.opencc_config, hant_label, job.corrections)}
        else:
            made = {"zh": original_variant(record),
                    "zh-Hant": traditional_variant(record, job.opencc_config, hant_label, job.corrections)}
        try:
            made["en"], made["stats"] = _WORKER["maker"].make(english_input(record, made))
        except NeedsModel:
            pass
        return made
    except Exception as error:  # one document's failure must not stop the archive
        return {"error": f"error: {record.source_file}: {type(error).__name__}: {error}"}


def make_variants(records: list[Record], settings: VariantSettings | None = None, *, jobs: int | None = None,
                  log: Callable[[str], None] | None = None) -> tuple[dict[str, dict[str, Variant]], Report]:
    """({slug: {lang: Variant}}, report) for every record, in the records' order."""
    settings = settings or VariantSettings.load()
    log = log or (lambda message: print(message, file=sys.stderr))
    report = Report()
    glossary = load_glossary(settings.glossary_path)
    found = settings.translator()
    spec = found if isinstance(found, TranslatorSpec) else None
    translator = spec.open() if spec else None
    if spec is None:
        report.warnings.append(found.message())
        log(report.warnings[-1])
    report.model = spec.name if spec else None

    store = Store(Path(settings.cache_dir) / "variants")
    corrections = PhraseCorrections.load(settings.phrase_corrections_path)
    stage = _fingerprint(settings, corrections, glossary.version, translator.model_id if translator else None)
    variants: dict[str, dict[str, Variant]] = {}
    used: set[str] = set()
    todo: list[tuple[Record, str]] = []
    for record in records:
        key = key_of(stage, record.to_json())
        entry = store.get(key)
        if entry is not None:
            # the Simplified original is the record itself: only the converted ones are read back
            variants[record.slug] = {lang: original_variant(record) if lang == original_lang(record) == "zh" else
                                     Variant.from_json((entry / f"{lang}.json").read_text(encoding="utf-8"))
                                     for lang in LANGUAGES}
            report.stored[record.slug] = entry
            used.add(key)
            report.reused += 1
        else:
            todo.append((record, key))

    if todo:
        report.jobs = workers(jobs, len(todo))
        cache = TranslationCache(Path(settings.cache_dir) / "translations.sqlite")
        maker = _english_maker(glossary, translator, cache)
        job = _Job(settings.opencc_config, corrections, settings.glossary_path, spec, cache.path)
        try:
            if spec and settings.ray_address:
                from build_scripts.variants import distributed

                distributed.translate_missing([_english_source(record) for record, _ in todo],
                                              maker, settings.ray_address, report, log,
                                              ray_workers=settings.ray_workers)
            for (record, key), made in zip(todo, make_missing(_make, [record for record, _ in todo], jobs=jobs,
                                                              initializer=_start_worker, initargs=(job,))):
                if "error" in made:
                    report.errors.append(made["error"])
                    continue
                # made without the model that this build has: not stored, the next build tries again
                degraded = "en" not in made and not _translate_here(record, made, maker, report, log)
                if "en" not in made:
                    continue
                stats = made.pop("stats")
                report.paragraphs += stats.paragraphs
                report.cache_hits += stats.cached
                report.placeholder_repairs += stats.repairs
                report.converted += 1
                variants[record.slug] = made
                cache.commit()
                if not degraded:
                    report.stored[record.slug] = store.put(key, {f"{lang}.json": made[lang].to_json() for lang in LANGUAGES})
                    used.add(key)
        finally:
            cache.close()
    # in the records' order, whichever way each was made
    variants = {record.slug: variants[record.slug] for record in records if record.slug in variants}
    report.documents = len(variants)
    report.cache_pruned = store.prune(used)
    report.translator_calls = translator.calls if translator else 0
    return variants, report


def _translate_here(record: Record, made: dict, maker: EnglishVariantMaker, report: Report,
                    log: Callable[[str], None]) -> bool:
    """The English of a record whose paragraphs the translation cache lacks, by the model.
    A model that fails is dropped for the rest of the run and the English made without it.
    Returns whether the model made it."""
    try:
        made["en"], made["stats"] = maker.make(english_input(record, made))
        return maker.translator is not None
    except Exception as error:
        if maker.translator is None:
            report.errors.append(f"error: {record.source_file}: {type(error).__name__}: {error}")
            return False
        report.warnings.append(f"warning: machine translation failed ({error}); English pages are built without it")
        log(report.warnings[-1])
        maker.translator = None
    try:
        made["en"], made["stats"] = maker.make(english_input(record, made))
    except Exception as error:
        report.errors.append(f"error: {record.source_file}: {type(error).__name__}: {error}")
    return False


def write_variants(variants: dict[str, dict[str, Variant]], out_dir: Path, stored: dict[str, Path] | None = None) -> None:
    """`out_dir/<lang>/<slug>.json` for every variant: linked from the store when it is there, else written."""
    for slug, languages in variants.items():
        for lang, variant in languages.items():
            target = Path(out_dir) / lang / f"{slug}.json"
            if stored and slug in stored:
                place(stored[slug] / f"{lang}.json", target)
            else:
                write_text_atomic(target, variant.to_json())
