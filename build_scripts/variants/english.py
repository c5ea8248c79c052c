"""Machine-English variant of a record, paragraph by paragraph, through Argos Translate.

Each block of the record is translated on its own (one English block per source block,
same order, same kind and heading level) and keeps its Simplified text in
``blocks[*].original`` for the per-paragraph original toggle.  Before the model sees a
paragraph, protected spans (numbers, amounts, dates, document numbers, Latin text,
glossary terms) become placeholders; afterwards their exact English is put back
(``protect.restore``).  A paragraph left with no Chinese after masking (a date line) is
rendered by rule and never reaches the model.

Every model output is stored in the translation cache under (model id, glossary
version, paragraph): the model is loaded only when some paragraph is missing there.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

from build_scripts.record import Record, Variant, record_fields
from build_scripts.variants.cache import TranslationCache
from build_scripts.variants.glossary import Glossary, english_name, english_name_or_none
from build_scripts.variants.protect import Masked, has_cjk, mask, render_without_model, restore
from build_scripts.variants.translators import Translator, TranslatorSpec


class NeedsModel(Exception):
    """Raised by ``CacheOnlyTranslator``: a paragraph is not in the translation cache."""


class CacheOnlyTranslator:
    """Stands for the model in a worker process: same identity, never loads it.

    A worker makes the English page from the translation cache alone; a page with a
    paragraph the cache lacks raises ``NeedsModel`` and is made by the one process that
    holds the model (or the paragraph was sent to a Ray cluster before, distributed.py).
    """

    calls = 0

    def __init__(self, spec: TranslatorSpec):
        self.spec = spec
        self.model_id, self.label, self.engine = spec.model_id, spec.label, spec.engine

    def translate(self, text: str) -> str:
        raise NeedsModel(text)

    def translate_batch(self, texts: list[str]) -> list[str]:
        raise NeedsModel(texts[0] if texts else "")


@dataclass
class PageStats:
    paragraphs: int = 0
    translated: int = 0  # model calls for this page
    cached: int = 0
    by_rule: int = 0
    repairs: int = 0


@dataclass
class EnglishVariantMaker:
    glossary: Glossary
    translator: Translator | None
    cache: TranslationCache
    # the English label of a document type (doc_types.yaml), or None
    type_label: Callable[[str | None], str | None] = lambda doc_type: None
    # what the model would be asked, while `missing` collects it (None: translate)
    _collected: list[tuple[str, Masked]] | None = None

    # -- one paragraph -------------------------------------------------------------
    def translate_text(self, text: str | None, stats: PageStats) -> str | None:
        """English for one paragraph; None when it needs the model and there is none."""
        if text is None or not text.strip():
            return text
        stats.paragraphs += 1
        masked = mask(text, self.glossary)
        if not has_cjk(masked.text):
            stats.by_rule += 1
            return render_without_model(masked)
        if self.translator is None:
            return None
        model_id, version = self.translator.model_id, self.glossary.version
        hit = self.cache.get(model_id, version, text)
        if hit is not None:
            stats.cached += 1
            stats.repairs += hit[1]
            return hit[0]
        if self._collected is not None:
            self._collected.append((text, masked))
            return None
        english, repairs = self.store(text, masked, self.translator.translate(masked.text))
        stats.translated += 1
        stats.repairs += repairs
        return english

    def store(self, text: str, masked: Masked, raw: str) -> tuple[str, int]:
        """The model's English of a masked paragraph, its protected spans put back, into the cache."""
        english, repairs = restore(raw, masked)
        self.cache.put(self.translator.model_id, self.glossary.version, text, english, repairs)
        return english, repairs

    def missing(self, record: Record) -> list[tuple[str, Masked]]:
        """The paragraphs of a record that need the model: (paragraph, masked), in the order
        `make` would ask for them, the cached ones and those rendered by rule left out."""
        self._collected = []
        try:
            self.make(record)
            return self._collected
        finally:
            self._collected = None

    # -- one record ----------------------------------------------------------------
    def _name(self, text: str | None, stats: PageStats) -> str | None:
        if not text:
            return text
        found = english_name_or_none(text, self.glossary)
        if found is not None:
            return found
        if self.translator is not None:
            translated = self.translate_text(text, stats)
            if translated is not None:
                return translated
        return english_name(text, self.glossary)

    def make(self, record: Record) -> tuple[Variant, PageStats]:
        stats = PageStats()

        def text_or_original(text):
            translated = self.translate_text(text, stats)
            return text if translated is None else translated

        def name(text):
            return english_name(text, self.glossary)

        # each field as its metadata says (record.py): sentences through the model, names by the glossary
        by_kind = {"text": text_or_original, "name": name, "salutation": lambda text: self._name(text, stats)}
        changes = {}
        for kind, english in by_kind.items():
            for field_name in record_fields(translate=kind):
                value = getattr(record, field_name)
                changes[field_name] = [english(part) for part in value] if isinstance(value, list) else english(value)
        changes["doc_type_label"] = self.type_label(record.doc_type) or name(record.doc_type_label)

        blocks = []
        for block in record.blocks:
            source = block.text or ""
            if block.kind in ("signature", "addressee"):
                english = self._name(source, stats)
            else:
                english = self.translate_text(source, stats)
            if english is not None and english != source:
                block = dataclasses.replace(block, text=english, original=source)
            blocks.append(block)
        changes["blocks"] = blocks

        missing = self.translator is None
        spec = self.translator.spec if self.translator else None
        return Variant.of(record, "en", {
            "method": spec.engine if spec else "argos",
            "model": spec.label if spec else None,
            "model_id": spec.model_id if spec else None,
            "translator": spec.name if spec else None,
            "glossary_version": self.glossary.version,
            "sentence_splitter": spec.option("sentence_splitter") if spec else None,
            "machine_translated": not missing,
            "translation_missing": missing,
            "placeholder_repairs": stats.repairs,
        }, **changes), stats
