"""The two English engines side by side on fifty of the archive's own paragraphs.

    .venv/bin/python benchmarks/compare_engines.py [--argos-packages DIR] [--ct2-model DIR] \
        [--count 50] [--out comparison.md]

The paragraphs are the body paragraphs (30 characters or more) of the records of source/ and
tests/data/devset/, fifty of them spread evenly over the archive, always the same ones. Each is
translated as the English pages translate it — glossary terms, numbers and document numbers
protected, then put back (`EnglishVariantMaker.translate_text`) — by the Argos package installed
in --argos-packages (argostranslate's default folder if omitted) and by the CTranslate2 model in
--ct2-model (data/variants.yaml's english.ctranslate2 settings; its model_dir if omitted). The
result is a Markdown table (Chinese | Argos | CTranslate2) with each engine's model, identity and
paragraphs per second, for the README.

Offline: nothing is downloaded; an engine whose model is missing is reported and left out.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def archive_paragraphs(count: int) -> list[str]:
    from build_scripts.read import source_files
    from build_scripts.records import make_records

    paths = source_files(REPO / "source")[0] + source_files(REPO / "tests" / "data" / "devset")[0]
    records, _, _ = make_records(paths, jobs=1)
    paragraphs = [block.text for record in records for block in record.blocks
                  if block.kind == "paragraph" and len(block.text) >= 30]
    paragraphs = list(dict.fromkeys(paragraphs))
    step = max(1, len(paragraphs) // count)
    return paragraphs[::step][:count]


def engine_settings(engine: str, args):
    from build_scripts import settings

    english = settings.variants().english
    if engine == "argos":
        return english.model_copy(update={"engine": "argos", "packages_dir": str(args.argos_packages)
                                          if args.argos_packages else english.packages_dir})
    options = english.ctranslate2
    if args.ct2_model:
        options = options.model_copy(update={"model_dir": str(args.ct2_model.resolve())})
    return english.model_copy(update={"engine": "ctranslate2", "ctranslate2": options})


def translate_all(engine: str, paragraphs: list[str], args, work: Path) -> tuple[object, list[str], float] | str:
    from build_scripts.variants.cache import TranslationCache
    from build_scripts.variants.english import EnglishVariantMaker, PageStats
    from build_scripts.variants.glossary import load_glossary
    from build_scripts.variants.translators import TranslatorSpec, find_translator

    found = find_translator(engine_settings(engine, args), work / engine)
    if not isinstance(found, TranslatorSpec):
        return found.message()
    translator = found.open()
    maker = EnglishVariantMaker(load_glossary(), translator, TranslationCache(work / f"{engine}.sqlite"))
    maker.translate_text(paragraphs[0], PageStats())  # loads the model: not part of the rate
    started = time.perf_counter()
    english = [maker.translate_text(paragraph, PageStats()) for paragraph in paragraphs]
    return found, english, len(paragraphs) / (time.perf_counter() - started)


def cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--argos-packages", type=Path)
    parser.add_argument("--ct2-model", type=Path)
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    paragraphs = archive_paragraphs(args.count)
    with tempfile.TemporaryDirectory(prefix="compare-engines-") as tmp:
        os.environ.setdefault("XDG_CACHE_HOME", str(Path(tmp) / "xdg-cache"))
        results = {engine: translate_all(engine, paragraphs, args, Path(tmp)) for engine in ("argos", "ctranslate2")}
    lines = [f"{len(paragraphs)} paragraphs of the archive (source/ and tests/data/devset/).", ""]
    engines = []
    for engine, result in results.items():
        if isinstance(result, str):
            lines.append(f"- {engine}: left out — {result}")
            continue
        spec, _, rate = result
        engines.append(engine)
        lines.append(f"- {spec.name}, model id `{spec.model_id}`: {rate:.2f} paragraphs/s (one process)")
    lines += ["", "| # | Chinese | " + " | ".join(results[e][0].name for e in engines) + " |",
              "|---:|---|" + "---|" * len(engines)]
    for number, paragraph in enumerate(paragraphs, 1):
        lines.append(f"| {number} | {cell(paragraph)} | " + " | ".join(cell(results[e][1][number - 1])
                                                                       for e in engines) + " |")
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
