"""Translation throughput: the local path against Ray (distributed.py), with the tiny model.

    .venv/bin/python benchmarks/translation_throughput.py [--docs N] [--runs N]

Offline, in a temporary folder: a tiny random-weight zh→en .argosmodel is built and installed
(tests/helpers/tiny_model.py), and `--docs` records are made from the seeds' records, each copy
with its own text so that no paragraph is found in the translation cache. The variants stage
runs on a fresh translation cache each time:

  (a) on this machine (no Ray, jobs=2), (b) a local Ray with 1 worker, (c) with 2 workers.

Paragraphs/s is the paragraphs the model translated over the whole stage (pages included).
Ray's start-up (ray.init of a private instance) is timed once, apart: the runs reuse it.
Ray's overhead per paragraph is the time of `translate_missing` (actors started, model loaded
in each, batches sent and stored) less the time one in-process translator takes for the same
paragraphs (model loaded too), divided by the paragraphs; with 2 workers, less half of it.
The tiny model is a 1-layer Transformer: the overhead is what carries over to a real model,
the speed-up is not (a real model spends far longer per paragraph, which Ray divides).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from variants_throughput import _distinct  # noqa: E402  (benchmarks/ is this script's folder)


def timed(function, seconds: list[float]):
    """`function`, appending the seconds each call takes to `seconds`."""
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - started)
    return wrapper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10, help="generated records (copies of the seeds')")
    parser.add_argument("--runs", type=int, default=3, help="runs of each configuration (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-translation-") as tmp_name:
        tmp = Path(tmp_name)
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(tmp / name.lower())
        os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
        from importlib.util import module_from_spec, spec_from_file_location

        from build_scripts.records import make_records
        from build_scripts.variants import (VariantSettings, _english_maker, _english_source, argos_setup, distributed,
                                            make_variants)
        from build_scripts.variants.cache import TranslationCache
        from build_scripts.variants.glossary import load_glossary

        # a test helper, loaded by its path: `tests` is also a package argostranslate installs
        spec = spec_from_file_location("tiny_model", REPO / "tests" / "helpers" / "tiny_model.py")
        tiny_model = module_from_spec(spec)
        spec.loader.exec_module(tiny_model)
        packages = tmp / "packages"
        argos_setup.install_file(tiny_model.build_tiny_argosmodel(tmp / "tiny.argosmodel", REPO / "source"), packages)

        seeds, _, _ = make_records(sorted((REPO / "source").glob("*.txt")), jobs=1)
        records = [_distinct(seeds[n % len(seeds)], n) for n in range(args.docs)]
        quiet = lambda message: None  # noqa: E731

        # the paragraphs the model gets, and one in-process translator's time for them
        translator_spec = VariantSettings(packages_dir=packages, cache_dir=tmp / "probe").translator()
        probe = _english_maker(load_glossary(None), translator_spec.open(), TranslationCache(tmp / "probe.sqlite"))
        texts = [masked.text for _, masked in distributed._missing_paragraphs(
            [_english_source(record) for record in records], probe)]
        in_process = []
        for _ in range(args.runs):
            started = time.perf_counter()
            translator = translator_spec.open()
            translator.translate_batch(texts)
            in_process.append(time.perf_counter() - started)

        import ray

        started = time.perf_counter()
        distributed.connect(ray, "local")
        startup = time.perf_counter() - started

        # the time of translate_missing inside each Ray build
        remote_seconds: list[float] = []
        distributed.translate_missing = timed(distributed.translate_missing, remote_seconds)
        # and of starting its actors (process, imports, model found; the model loads at the first batch)
        actor_start_seconds: list[float] = []
        distributed._ready = timed(distributed._ready, actor_start_seconds)

        def build(run: int, label: str, **ray_options) -> tuple[float, int]:
            settings = VariantSettings(packages_dir=packages, cache_dir=tmp / f"{label}-{run}", **ray_options)
            started = time.perf_counter()
            _, report = make_variants(records, settings, jobs=2, log=quiet)
            seconds = time.perf_counter() - started
            assert not report.errors and not report.warnings, (report.errors, report.warnings)
            return seconds, report.translator_calls + report.remote_paragraphs

        rows = []
        for label, options in (("local, jobs=2", {}), ("Ray, 1 worker", {"ray_address": "local", "ray_workers": 1}),
                               ("Ray, 2 workers", {"ray_address": "local", "ray_workers": 2})):
            remote_seconds.clear()
            actor_start_seconds.clear()
            runs = [build(run, label.replace(" ", "_").replace(",", ""), **options) for run in range(args.runs)]
            seconds = statistics.median(s for s, _ in runs)
            paragraphs = runs[0][1]
            workers = options.get("ray_workers")
            ray_seconds = actor_start = overhead = None
            if workers:
                ray_seconds = statistics.median(remote_seconds)
                actor_start = statistics.median(actor_start_seconds)
                overhead = (ray_seconds - statistics.median(in_process) / workers) / paragraphs
            rows.append((label, paragraphs, seconds, paragraphs / seconds, ray_seconds, actor_start, overhead))
        ray.shutdown()

    print(f"records: {len(records)}, paragraphs translated: {len(texts)}; medians of {args.runs} runs; "
          f"{os.cpu_count()} cores")
    print(f"one in-process translator: {statistics.median(in_process):.2f} s "
          f"({len(texts) / statistics.median(in_process):.1f} paragraphs/s, model load included)")
    print(f"Ray start-up (private local instance): {startup:.2f} s, not in the times below")
    print(f"{'configuration':<16}{'paragraphs':>11}{'stage s':>9}{'para/s':>8}{'Ray s':>8}{'actor start s':>15}"
          f"{'overhead ms/para':>18}")
    blank = lambda value, scale=1.0: "" if value is None else f"{value * scale:.2f}"  # noqa: E731
    for label, paragraphs, seconds, rate, ray_seconds, actor_start, overhead in rows:
        print(f"{label:<16}{paragraphs:>11}{seconds:>9.2f}{rate:>8.1f}{blank(ray_seconds):>8}{blank(actor_start):>15}"
              f"{blank(overhead, 1000):>18}")
    print("Ray s: translate_missing; actor start: until every actor answered (in Ray s); overhead: Ray s less "
          "the in-process time / workers, per paragraph")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
