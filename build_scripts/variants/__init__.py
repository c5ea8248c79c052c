"""Variants stage: Traditional Chinese (OpenCC) and machine English (Argos Translate).

Entry point: ``build_scripts.commands.variants.run(records_dir, variants_dir, docs_dir,
settings=None, log=None, cache_dir=None, jobs=None) -> list[str]`` (errors); ``build_variants(...)`` returns a fuller Report.
Settings: ``build_scripts/data/variants.yaml``; glossary: ``build_scripts/data/glossary.yaml``.

Modules
-------
``traditional``  ``to_traditional(text, config="s2t")`` — OpenCC, doc numbers/dates/phones/
                 Latin kept as they are.
``english``      ``EnglishVariantMaker`` — one English block per source block, through
                 argostranslate, with placeholders and the translation cache.
``protect``      protected spans (numbers, amounts, dates, doc numbers, Latin, glossary
                 terms), placeholders ``[P<n>]`` and their restoration.
``glossary``     the YAML glossary and English names for metadata (below).
``cache``        SQLite translation cache keyed by model id + glossary version + paragraph.
``incremental``  per-document output cache (``cache_dir/variants/<key>/``): key = hash of
                 the record's bytes + the stage fingerprint (OpenCC config/version,
                 glossary version, model id, variants.yaml settings, render/markdown.py,
                 labels.yaml, doc_types.yaml, this package's code, library versions).
                 Hits are hard-linked (else copied) into the — possibly new, empty —
                 output folders; entries not used by a build are pruned after it.
``argos_setup``  finding/installing/loading the zh→en package offline (blocks argos's
                 spaCy model-table download; spaCy blank-zh sentence splitting).

Parallel: ``build_variants(..., jobs=None)`` makes changed documents in a process pool
(default: one worker per core; OpenCC, English from the translation cache, rendering).
A paragraph missing from the translation cache is translated by the building process
alone — one model copy, one cache writer, document order — so the output is the same
for any ``jobs`` (tested).  ``Report`` counts ``reused``, ``converted``, ``rendered`` and
``translator_calls``: a rebuild with nothing changed has 0, 0, 0.
``tiny_model``   builds a tiny random-weight zh→en ``.argosmodel`` for tests/benchmarks.

English names for metadata (for the site stage's English facet labels)
----------------------------------------------------------------------
``glossary.english_name(text, glossary=None, fallback="original") -> str | None``
    English for a short metadata name — agency, addressee, region, document-type
    label — by the glossary's rules only (no model, deterministic, same at every build):
    ``揭阳市工业和信息化局`` → ``Jieyang Municipal Bureau of Industry and Information
    Technology``; ``广东省揭阳市`` → ``Jieyang City, Guangdong Province``; ``柳楷斌委员`` →
    ``Member Liu Kaibin``.  With no rule, returns the Chinese text (``fallback="original"``)
    or a pinyin romanisation (``fallback="pinyin"``).  ``english_name_or_none`` returns
    None instead of falling back.
``commands.variants.english_metadata(record) -> dict``
    ``{"agency", "region", "region_path", "doc_type_label"}`` in English for one record
    (type labels from ``doc_types.yaml``'s ``labels.<type>.en``).
The English variant records (build/variants/en/*.json) already carry these fields in
English, so reading them is equivalent.
"""
