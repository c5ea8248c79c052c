"""Variants stage benchmark: OpenCC chars/s, tiny-model sentences/s, no-change rebuild/cold.

    .venv/bin/python benchmarks/variants_throughput.py [--docs N] [--copies N] [--repeat N]

Runs offline in a temporary directory: the records of source/ are built, a tiny
random-weight zh→en .argosmodel is built and installed there (never the user's Argos
data), and the variants stage is run cold (empty translation cache) and again with
nothing changed.  The tiny model is a 1-layer Transformer, so sentences/s measures the
pipeline around the model (splitting, tokenising, CTranslate2 calls, placeholders), not
the speed of a real translation model.

Incremental builds: a generated set of ``--copies`` records (copies of the seeds' records
with distinct slugs, titles and paragraphs, so neither store can fold them together) is
made cold (empty store) with 1 and with every core, then again with nothing changed and with
one record changed, in memory, as `build` does.  Medians over ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import statistics
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _distinct(record, n: int):
    """A copy of a seed record that no store folds into another: slug, title, paragraphs and headings."""
    mark = f"(第{n + 1}号)"
    return dataclasses.replace(
        record, slug=f"seed_copy_{n:05d}", source_file=f"seed_copy_{n:05d}.txt", title=f"{record.title}{mark}",
        blocks=[dataclasses.replace(block, text=block.text + mark) if block.kind in ("paragraph", "heading") else block
                for block in record.blocks])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="only the first N documents (0: all)")
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--copies", type=int, default=40, help="generated records for the rebuild timings")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-variants-") as tmp_name:
        tmp = Path(tmp_name)
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(tmp / name.lower())

        from build_scripts.read import source_files
        from build_scripts.records import make_records
        from build_scripts.variants import VariantSettings, make_variants
        from build_scripts.variants import argos_setup
        from build_scripts.variants.traditional import to_traditional
        from importlib.util import module_from_spec, spec_from_file_location

        # a test helper, loaded by its path: `tests` is also a package argostranslate installs
        spec = spec_from_file_location("tiny_model", REPO / "tests" / "helpers" / "tiny_model.py")
        tiny_model = module_from_spec(spec)
        spec.loader.exec_module(tiny_model)
        build_tiny_argosmodel = tiny_model.build_tiny_argosmodel

        source = tmp / "source"
        source.mkdir()
        files = sorted((REPO / "source").glob("*.txt"))
        if args.docs:
            files = files[: args.docs]
        for path in files:
            (source / path.name).write_bytes(path.read_bytes())
        seeds, _, _ = make_records(source_files(source)[0])

        # 1. Traditional conversion throughput
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
        chars = sum(len(t) for t in texts)
        to_traditional(texts[0][:10])  # load the dictionaries
        rounds, started = 0, time.perf_counter()
        while time.perf_counter() - started < 2.0:
            for text in texts:
                to_traditional(text, "s2t")
            rounds += 1
        opencc_rate = chars * rounds / (time.perf_counter() - started)

        # 2. tiny-model translation throughput, through argostranslate
        model = build_tiny_argosmodel(tmp / "tiny.argosmodel", REPO / "source")
        packages = tmp / "packages"
        argos_setup.install_file(model, packages)
        translation = argos_setup.load_translation(packages, tmp / "cache")
        sentences = [s for t in texts for s in re.findall(r"[^。!?！？\n]+[。!?！？]", t)][: args.sentences]
        translation.translate(sentences[0])  # load the model
        started = time.perf_counter()
        for sentence in sentences:
            translation.underlying.hypotheses(sentence, num_hypotheses=1)
        sentence_rate = len(sentences) / (time.perf_counter() - started)

        # 3. cold build vs no-change / one-changed rebuilds of a generated set of records
        generated = [_distinct(seeds[n % len(seeds)], n) for n in range(args.copies)]
        quiet = lambda message: None  # noqa: E731

        def build(cache: Path, jobs: int | None = None, model: bool = True):
            settings = VariantSettings(packages_dir=packages if model else tmp / "no-model", cache_dir=cache)
            started = time.perf_counter()
            _, report = make_variants(generated, settings, log=quiet, jobs=jobs)
            report.seconds = time.perf_counter() - started
            assert not report.errors, report.errors[:3]
            return report

        cold1, cold, warm, one = [], [], [], []
        for r in range(args.repeat):
            cold1.append(build(tmp / f"cold1-{r}", jobs=1))
            shutil.rmtree(tmp / f"cold1-{r}")
            cache = tmp / f"cache-{r}"
            cold.append(build(cache))
            warm.append(build(cache))
            assert warm[-1].converted == 0 and warm[-1].translator_calls == 0, warm[-1]
            generated[r] = dataclasses.replace(generated[r], title=generated[r].title + "(修订)")
            one.append(build(cache))
            assert one[-1].converted == 1, one[-1]
            shutil.rmtree(cache)
        # without a model: OpenCC, English metadata and rendering only, where the pool shows
        plain1, plain = [], []
        for r in range(args.repeat):
            plain1.append(build(tmp / f"plain1-{r}", jobs=1, model=False))
            plain.append(build(tmp / f"plain-{r}", model=False))

    median = lambda reports: statistics.median(r.seconds for r in reports)  # noqa: E731
    print(f"documents: {len(files)} ({chars} characters)")
    print(f"OpenCC s2t conversion: {opencc_rate:,.0f} characters/s")
    print(f"tiny-model translation: {sentence_rate:.1f} sentences/s ({len(sentences)} sentences)")
    print(f"generated records: {args.copies} (medians of {args.repeat} runs; {cold[0].jobs} cores)")
    print(f"  cold build, 1 job:      {median(cold1):7.2f}s ({cold1[0].translator_calls} paragraphs translated)")
    print(f"  cold build, {cold[0].jobs} jobs:     {median(cold):7.2f}s")
    print(f"  no-change rebuild:      {median(warm):7.2f}s (0 converted, 0 translated; "
          f"{warm[0].reused} documents read back from the store)")
    print(f"  one record changed:     {median(one):7.2f}s (1 converted, "
          f"{one[0].translator_calls} paragraph translated)")
    print(f"  cold build, no model, 1 job / {plain[0].jobs} jobs: {median(plain1):.2f}s / {median(plain):.2f}s "
          "(OpenCC and English metadata only, where the pool shows)")
    print(f"  no-change / cold ({cold[0].jobs} jobs): {median(warm) / median(cold):.4f}")
    print(f"  one-changed / cold:     {median(one) / median(cold):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
