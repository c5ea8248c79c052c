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

import copy
import html
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.variants import argos_setup
from build_scripts.variants.cache import TranslationCache
from build_scripts.variants.glossary import Glossary, english_name, english_name_or_none
from build_scripts.variants.protect import has_cjk, mask, render_without_model, restore

SENTENCE_SPLITTER = "spaCy blank zh + sentencizer (ARGOS_CHUNK_TYPE=SPACY)"


class ArgosTranslator:
    """argostranslate's zh→en translation, loaded on first use; counts its calls."""

    def __init__(self, info: argos_setup.ModelInfo, cache_dir: Path):
        self.info = info
        self.model_id = info.model_id
        self.label = info.label
        self.cache_dir = Path(cache_dir)
        self.calls = 0
        self._translation = None

    def load(self):
        if self._translation is None:
            translation = argos_setup.load_translation(self.info.path.parent, self.cache_dir)
            if translation is None:
                raise RuntimeError(f"argostranslate found no zh→en translation in {self.info.path.parent}")
            self._translation = translation
        return self._translation

    def translate(self, text: str) -> str:
        translation = self.load()
        self.calls += 1
        return translation.hypotheses(text, num_hypotheses=1)[0].value


class NeedsModel(Exception):
    """Raised by ``CacheOnlyTranslator``: a paragraph is not in the translation cache."""


class CacheOnlyTranslator:
    """Stands for the model in a worker process: same id and label, never loads it.

    A worker makes the English page from the translation cache alone; a page with a
    paragraph the cache lacks raises ``NeedsModel`` and is made by the one process that
    holds the model.
    """

    calls = 0

    def __init__(self, model_id: str, label: str):
        self.model_id = model_id
        self.label = label

    def translate(self, text: str) -> str:
        raise NeedsModel(text)


def markdown_text(value: str) -> str:
    """A source-derived value (file name) for the Markdown/HTML notice: shown as text only."""
    from build_scripts.render.markdown import escape

    return escape(str(value))


def url_part(value: str) -> str:
    """A slug for an ``href`` attribute: percent-encoded, then attribute-escaped."""
    return html.escape(urllib.parse.quote(str(value), safe=""), quote=True)


@dataclass
class EnglishSettings:
    original_url: str = "../../documents/{slug}.html"
    notice: str = "**Machine translation.** <a href=\"{original_url}\">Original</a>{source}"
    notice_missing: str = "**Machine translation not generated.** <a href=\"{original_url}\">Original</a>{source}"
    source: str = " (source file: {source_file})"


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
    translator: ArgosTranslator | None
    cache: TranslationCache
    settings: EnglishSettings = field(default_factory=EnglishSettings)
    doc_type_labels: dict | None = None

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
        raw = self.translator.translate(masked.text)
        english, repairs = restore(raw, masked)
        self.cache.put(model_id, version, text, english, repairs)
        stats.translated += 1
        stats.repairs += repairs
        return english

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

    def make(self, record: dict) -> tuple[dict, PageStats]:
        stats = PageStats()
        page = copy.deepcopy(record)
        missing = self.translator is None
        page["lang"] = "en"

        def text_or_original(text):
            translated = self.translate_text(text, stats)
            return text if translated is None else translated

        page["title"] = text_or_original(record.get("title"))
        page["agency"] = english_name(record.get("agency"), self.glossary)
        page["addressee"] = self._name(record.get("addressee"), stats)
        page["region"] = english_name(record.get("region"), self.glossary)
        if record.get("region_path"):
            page["region_path"] = [english_name(p, self.glossary) for p in record["region_path"]]
        label = None
        if self.doc_type_labels and record.get("doc_type") in self.doc_type_labels:
            label = self.doc_type_labels[record["doc_type"]].get("en")
        page["doc_type_label"] = label or english_name(record.get("doc_type_label"), self.glossary)

        blocks = []
        for block in record.get("blocks") or []:
            new = dict(block)
            source = block.get("text") or ""
            if block.get("kind") in ("signature", "addressee"):
                english = self._name(source, stats)
            else:
                english = self.translate_text(source, stats)
            if english is not None and english != source:
                new["text"] = english
                new["original"] = source
            blocks.append(new)
        page["blocks"] = blocks

        # headings: the same paragraphs as the heading blocks (cache hits)
        page["headings"] = [
            dict(h, text=text_or_original(h.get("text"))) for h in record.get("headings") or []
        ]
        page["body"] = _body_from_blocks(blocks)

        model_label = self.translator.label if self.translator else None
        page["variant"] = {
            "method": "argos",
            "model": model_label,
            "model_id": self.translator.model_id if self.translator else None,
            "glossary_version": self.glossary.version,
            "sentence_splitter": SENTENCE_SPLITTER,
            "machine_translated": not missing,
            "translation_missing": missing,
            "placeholder_repairs": stats.repairs,
        }
        # the slug and the file name come from the sources: escaped for the href / the text
        original_url = self.settings.original_url.format(slug=url_part(record.get("slug") or ""))
        page["original_url"] = original_url
        source = self.settings.source.format(
            source_file=markdown_text(record.get("source_file") or record.get("slug") or ""))
        template = self.settings.notice_missing if missing else self.settings.notice
        page["notice"] = template.format(
            original_url=original_url,
            source=source,
            model=f"Argos Translate ({model_label})" if model_label else "Argos Translate",
        ).strip()
        return page, stats


def _body_from_blocks(blocks: list[dict]) -> str:
    """One line per body paragraph; a run-in heading shares its line with the paragraph."""
    lines: list[str] = []
    joining = False
    for block in blocks:
        text = block.get("text") or ""
        if joining and lines:
            lines[-1] = f"{lines[-1]} {text}".strip()
        else:
            lines.append(text)
        joining = bool(block.get("run_in"))
    return "\n".join(lines)
