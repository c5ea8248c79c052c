"""Build a tiny but valid Argos Translate zh→en package (``.argosmodel``) offline.

It translates into nonsense, but it is a real package: a one-layer CTranslate2
Transformer with random float32 weights, a SentencePiece model trained on the seed
corpus, a blank spaCy Chinese pipeline saved as ``spacy/`` (used for sentence
boundaries with ``ARGOS_CHUNK_TYPE=SPACY``) and ``metadata.json``, zipped the way
``argospm`` packages are.  Tests and benchmarks use it to run the real
argostranslate code path without a network or a multi-hundred-MB download.

    python tests/helpers/tiny_model.py OUT.argosmodel [--seed-dir source]

A test helper, not part of the pipeline. Load it by its path (as tests/variants/conftest.py
and benchmarks/variants_throughput.py do): ``import tests.helpers`` finds the top-level
``tests`` package that argostranslate installs, not this folder.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

PACKAGE_DIR_NAME = "translate-zh_en-tiny"


def _seed_lines(seed_dir: Path, limit_chars: int = 400_000) -> list[str]:
    lines: list[str] = []
    total = 0
    for path in sorted(Path(seed_dir).glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if line:
                lines.append(line)
                total += len(line)
        if total >= limit_chars:
            break
    # a little English so the target side has Latin pieces to emit
    lines += [
        "This is a machine translation of the reply to the proposal.",
        "The municipal bureau supports small and medium-sized enterprises.",
        "We will promote high-quality development of manufacturing.",
    ] * 20
    return lines


def _train_sentencepiece(lines: list[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=0.98,
        hard_vocab_limit=False,
        num_threads=1,
        seed_sentencepiece_size=100_000,
        shuffle_input_sentence=False,
        minloglevel=2,
    )


def _fill_random(spec, source_vocab: int, target_vocab: int, d_model: int, ffn: int, seed: int) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)

    def shape_for(name: str) -> tuple[int, ...]:
        parts = name.split("/")
        leaf, parent = parts[-1], parts[-2]
        if parent.startswith("embeddings"):
            return (source_vocab if name.startswith("encoder") else target_vocab, d_model)
        if parent == "projection":
            return (target_vocab, d_model)
        if parent == "layer_norm":
            return (d_model,)
        block = parts[-3]
        if block == "self_attention":
            return {"linear_0": (3 * d_model, d_model), "linear_1": (d_model, d_model)}[parent]
        if block == "attention":
            return {
                "linear_0": (d_model, d_model),
                "linear_1": (2 * d_model, d_model),
                "linear_2": (d_model, d_model),
            }[parent]
        if block == "ffn":
            return {"linear_0": (ffn, d_model), "linear_1": (d_model, ffn)}[parent]
        raise ValueError(f"no shape rule for {name} ({leaf})")

    for name, value in spec.variables(ordered=True):
        if value is not None:
            continue
        shape = shape_for(name)
        if name.endswith("layer_norm/gamma"):
            array = np.ones(shape, dtype=np.float32)
        elif name.endswith("layer_norm/beta"):
            array = np.zeros(shape, dtype=np.float32)
        else:
            array = (rng.standard_normal(shape) * 0.05).astype(np.float32)
        obj = spec
        *path, attr = name.split("/")
        for part in path:
            obj = _child(obj, part)
        setattr(obj, attr, array)


def _child(obj, part: str):
    """`layer_0` in a variable name is `layer[0]` on the spec object."""
    if hasattr(obj, part):
        return getattr(obj, part)
    base, _, index = part.rpartition("_")
    return getattr(obj, base)[int(index)]


def build_tiny_argosmodel(
    out_file: Path,
    seed_dir: Path = Path("source"),
    vocab_size: int = 800,
    d_model: int = 32,
    ffn: int = 64,
    seed: int = 1234,
    package_version: str = "0.0.1-tiny",
) -> Path:
    """Write a tiny zh→en ``.argosmodel`` to ``out_file`` and return its path."""
    import ctranslate2
    import spacy

    out_file = Path(out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / PACKAGE_DIR_NAME
        pkg.mkdir()
        _train_sentencepiece(_seed_lines(Path(seed_dir)), Path(tmp) / "sp", vocab_size)
        shutil.copy(Path(tmp) / "sp.model", pkg / "sentencepiece.model")
        pieces = [
            line.split("\t")[0]
            for line in (Path(tmp) / "sp.vocab").read_text(encoding="utf-8").splitlines()
        ]
        spec = ctranslate2.specs.TransformerSpec.from_config(1, 2)
        spec.register_source_vocabulary(pieces)
        spec.register_target_vocabulary(pieces)
        _fill_random(spec, len(pieces), len(pieces), d_model, ffn, seed)
        spec.validate()
        (pkg / "model").mkdir()
        spec.save(str(pkg / "model"))
        spacy.blank("zh").to_disk(pkg / "spacy")
        (pkg / "metadata.json").write_text(
            json.dumps(
                {
                    "package_version": package_version,
                    "argos_version": "1.11",
                    "from_code": "zh",
                    "from_name": "Chinese",
                    "to_code": "en",
                    "to_name": "English",
                    "type": "translate",
                    "links": [],
                },
                indent=2,
            ),
            encoding="utf-8",
        )
        (pkg / "README.md").write_text(
            "Tiny random-weight zh→en test package. Translates into nonsense.\n",
            encoding="utf-8",
        )
        tmp_zip = out_file.with_suffix(".partial")
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(pkg.rglob("*")):
                zf.write(path, path.relative_to(Path(tmp)).as_posix())
        tmp_zip.replace(out_file)
    return out_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed-dir", type=Path, default=Path("source"))
    args = parser.parse_args(argv)
    print(build_tiny_argosmodel(args.out, args.seed_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
