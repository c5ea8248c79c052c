"""Variants stage benchmark: OpenCC chars/s, tiny-model sentences/s, no-change rebuild/cold.

    .venv/bin/python benchmarks/variants_throughput.py [--docs N]

Runs offline in a temporary directory: the records of source/ are built, a tiny
random-weight zh→en .argosmodel is built and installed there (never the user's Argos
data), and the variants stage is run cold (empty translation cache) and again with
nothing changed.  The tiny model is a 1-layer Transformer, so sentences/s measures the
pipeline around the model (splitting, tokenising, CTranslate2 calls, placeholders), not
the speed of a real translation model.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="only the first N documents (0: all)")
    parser.add_argument("--sentences", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-variants-") as tmp_name:
        tmp = Path(tmp_name)
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(tmp / name.lower())

        from build_scripts.commands import records as records_command
        from build_scripts.commands.variants import VariantSettings, build_variants
        from build_scripts.variants import argos_setup
        from build_scripts.variants.tiny_model import build_tiny_argosmodel
        from build_scripts.variants.traditional import to_traditional

        source = tmp / "source"
        source.mkdir()
        files = sorted((REPO / "source").glob("*.txt"))
        if args.docs:
            files = files[: args.docs]
        for path in files:
            (source / path.name).write_bytes(path.read_bytes())
        records_command.run(source, tmp / "records")

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

        # 3. cold build vs no-change rebuild of the variants stage
        settings = VariantSettings(packages_dir=packages, cache_dir=tmp / "build-cache")
        quiet = lambda message: None  # noqa: E731
        cold = build_variants(tmp / "records", tmp / "variants", tmp / "docs", settings, log=quiet)
        warm = build_variants(tmp / "records", tmp / "variants", tmp / "docs", settings, log=quiet)
        assert warm.translator_calls == 0, warm

    print(f"documents: {len(files)} ({chars} characters)")
    print(f"OpenCC s2t conversion: {opencc_rate:,.0f} characters/s")
    print(f"tiny-model translation: {sentence_rate:.1f} sentences/s ({len(sentences)} sentences)")
    print(f"variants cold build: {cold.seconds:.2f}s ({cold.translator_calls} paragraphs translated)")
    print(f"variants no-change rebuild: {warm.seconds:.2f}s (0 translated, {warm.cache_hits} from cache)")
    print(f"no-change rebuild / cold build: {warm.seconds / cold.seconds:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
