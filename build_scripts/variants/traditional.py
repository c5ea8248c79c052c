"""Traditional Chinese with the official OpenCC binding (``opencc`` on PyPI, pinned).

The configuration is a setting (``build_scripts/data/variants.yaml``:
``traditional.opencc_config``).  The default, ``s2t``, converts characters only: an
archive must not change the wording of a document.  ``s2tw``/``s2hk`` also use the
Taiwan / Hong Kong standard character forms (裡, 着…); ``s2twp`` additionally swaps in
Taiwan vocabulary (信息→資訊, 软件→軟體), which rewrites the text and is therefore
only for an archivist who wants it.

Document numbers, phone numbers, dates and Latin text are cut out before conversion
and put back unchanged (``protect.find_spans``), so 金经信办建〔2023〕22号 stays as
issued.
"""
from __future__ import annotations

import dataclasses
import functools

from build_scripts.record import Record, Variant, record_fields
from build_scripts.variants.protect import find_spans

SUPPORTED_CONFIGS = ("s2t", "s2tw", "s2twp", "s2hk")
KEEP_KINDS = {"doc_number", "phone", "date", "latin"}


def opencc_version() -> str:
    from importlib.metadata import version

    return version("opencc")


@functools.lru_cache(maxsize=8)
def _converter(config: str):
    import opencc

    if config not in SUPPORTED_CONFIGS:
        raise ValueError(f"unsupported OpenCC config {config!r}; use one of {SUPPORTED_CONFIGS}")
    return opencc.OpenCC(f"{config}.json")


def to_traditional(text: str | None, config: str = "s2t") -> str | None:
    """Convert Simplified ``text`` to Traditional with ``config``, keeping protected spans."""
    if not text:
        return text
    converter = _converter(config)
    spans = find_spans(text, None, KEEP_KINDS)
    if not spans:
        return converter.convert(text)
    out, pos = [], 0
    for span in spans:
        if span.start > pos:
            out.append(converter.convert(text[pos : span.start]))
        out.append(span.text)
        pos = span.end
    if pos < len(text):
        out.append(converter.convert(text[pos:]))
    return "".join(out)


def traditional_variant(record: Record, config: str = "s2t", type_label: str | None = None) -> Variant:
    """The zh-Hant variant: every text field converted by OpenCC `config`; numbers and codes
    kept. `type_label`: the document type's own Traditional label, when doc_types.yaml has one."""
    changes = {}
    for name in record_fields(translate="text") + record_fields(translate="name") + record_fields(translate="salutation"):
        value = getattr(record, name)
        changes[name] = [to_traditional(part, config) for part in value] if isinstance(value, list) \
            else to_traditional(value, config)
    changes["doc_type_label"] = type_label or to_traditional(record.doc_type_label, config)
    changes["blocks"] = [dataclasses.replace(block, text=to_traditional(block.text, config)) for block in record.blocks]
    return Variant.of(record, "zh-Hant", {
        "method": "opencc", "config": config, "opencc_version": opencc_version(),
        "machine_translated": False, "translation_missing": False,
    }, **changes)
