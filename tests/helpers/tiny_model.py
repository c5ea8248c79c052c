"""Build a tiny but valid Argos Translate zh→en package (``.argosmodel``) offline.

It translates into nonsense, but it is a real package, in one of two layouts:

``argos-1.9`` (default): the layout of the package ``argospm install translate-zh_en`` installs
today (``translate-zh_en-1_9.argosmodel`` from the Argos package index, made by LibreTranslate's
Locomotive ``opus_mt_convert.py`` from OPUS-MT): a top folder ``translate-zh_en-1_9/``, a
``metadata.json`` of exactly six keys, ``README.md``, one ``sentencepiece.model``, ``model/`` a
CTranslate2 Transformer in Marian's conventions (vocabulary ``</s>`` first, ``<unk>`` second,
``<pad>`` last, ``add_source_eos``, int8 weights) and ``stanza/`` — a placeholder here, since the
build never lets argostranslate build a stanza pipeline; no ``spacy/``, no ``minisbd/``. Stored,
not deflated, as Locomotive writes it.

``spacy``: the layout these tests used before, a package that ships its own blank spaCy ``zh``
pipeline as ``spacy/``, float32 weights, spm's own vocabulary order: argostranslate takes another
branch of ``sbd.py`` for it (the packaged spaCy instead of the cached one).

Tests and benchmarks use it to run the real argostranslate code path without a network or a
multi-hundred-MB download.

    python tests/helpers/tiny_model.py OUT.argosmodel [--seed-dir source] [--layout argos-1.9|spacy]

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

LAYOUTS = ("argos-1.9", "spacy")
# the top folder of each layout's zip, which argostranslate installs as the package's folder
PACKAGE_DIR_NAMES = {"argos-1.9": "translate-zh_en-1_9", "spacy": "translate-zh_en-tiny"}
PACKAGE_DIR_NAME = PACKAGE_DIR_NAMES["spacy"]
# Marian's special tokens, where ct2-marian-converter finds them in an OPUS-MT vocabulary
MARIAN_FIRST, MARIAN_LAST = ("</s>", "<unk>"), ("<pad>",)


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


def _marian_vocabulary(pieces: list[str]) -> list[str]:
    """SentencePiece's pieces in the order of an OPUS-MT vocabulary."""
    ordinary = [piece for piece in pieces if piece not in ("<unk>", "<s>", "</s>", "<pad>")]
    return [*MARIAN_FIRST, *ordinary, *MARIAN_LAST]


def _metadata(layout: str, package_version: str) -> dict:
    if layout == "argos-1.9":
        # the six keys of the real package, as the Argos package index lists them
        return {"package_version": package_version, "argos_version": "1.9.0", "from_code": "zh",
                "from_name": "Chinese", "to_code": "en", "to_name": "English"}
    return {"package_version": package_version, "argos_version": "1.11", "from_code": "zh", "from_name": "Chinese",
            "to_code": "en", "to_name": "English", "type": "translate", "links": []}


def _stanza_placeholder(folder: Path) -> None:
    """What stanza.download("zh", processors="tokenize") leaves, with no model in it: a build that
    tried to load it would fail, which is the point."""
    (folder / "zh-hans" / "tokenize").mkdir(parents=True)
    (folder / "resources.json").write_text(json.dumps({"zh": {"alias": "zh-hans"}, "zh-hans": {
        "default_processors": {"tokenize": "gsdsimp"}}}), encoding="utf-8")
    (folder / "zh-hans" / "tokenize" / "gsdsimp.pt").write_bytes(b"placeholder: not a stanza model\n")


def _package_files(pkg: Path, layout: str) -> list[Path]:
    """The files to zip: Locomotive writes files only (no folder entries), README and metadata
    first, then the SentencePiece model, model/ and stanza/."""
    files = [path for path in sorted(pkg.rglob("*")) if path.is_file()]
    if layout != "argos-1.9":
        return [path for path in sorted(pkg.rglob("*"))]
    first = [pkg / "README.md", pkg / "metadata.json", pkg / "sentencepiece.model"]
    return first + [path for path in files if path not in first]


def build_tiny_argosmodel(
    out_file: Path,
    seed_dir: Path = Path("source"),
    vocab_size: int = 800,
    d_model: int = 32,
    ffn: int = 64,
    seed: int = 1234,
    package_version: str | None = None,
    layout: str = "argos-1.9",
) -> Path:
    """Write a tiny zh→en ``.argosmodel`` in ``layout`` to ``out_file`` and return its path."""
    import ctranslate2

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    package_version = package_version or ("1.9" if layout == "argos-1.9" else "0.0.1-tiny")
    out_file = Path(out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / PACKAGE_DIR_NAMES[layout]
        pkg.mkdir()
        _train_sentencepiece(_seed_lines(Path(seed_dir)), Path(tmp) / "sp", vocab_size)
        shutil.copy(Path(tmp) / "sp.model", pkg / "sentencepiece.model")
        pieces = [
            line.split("\t")[0]
            for line in (Path(tmp) / "sp.vocab").read_text(encoding="utf-8").splitlines()
        ]
        if layout == "argos-1.9":
            pieces = _marian_vocabulary(pieces)
        spec = ctranslate2.specs.TransformerSpec.from_config(1, 2)
        spec.register_source_vocabulary(pieces)
        spec.register_target_vocabulary(pieces)
        _fill_random(spec, len(pieces), len(pieces), d_model, ffn, seed)
        if layout == "argos-1.9":
            spec.config.add_source_eos = True  # as ct2-marian-converter sets it
        spec.validate()  # before optimize, as CTranslate2's converters do
        if layout == "argos-1.9":
            spec.optimize(quantization="int8")
        (pkg / "model").mkdir()
        spec.save(str(pkg / "model"))
        if layout == "argos-1.9":
            _stanza_placeholder(pkg / "stanza")
        else:
            import spacy

            spacy.blank("zh").to_disk(pkg / "spacy")
        metadata = _metadata(layout, package_version)
        (pkg / "metadata.json").write_text(
            json.dumps(metadata) if layout == "argos-1.9" else json.dumps(metadata, indent=2), encoding="utf-8")
        (pkg / "README.md").write_text(
            "Tiny random-weight zh→en test package. Translates into nonsense.\n",
            encoding="utf-8",
        )
        tmp_zip = out_file.with_suffix(".partial")
        compression = zipfile.ZIP_STORED if layout == "argos-1.9" else zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(tmp_zip, "w", compression) as zf:
            for path in _package_files(pkg, layout):
                zf.write(path, path.relative_to(Path(tmp)).as_posix())
        tmp_zip.replace(out_file)
    return out_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed-dir", type=Path, default=Path("source"))
    parser.add_argument("--layout", choices=LAYOUTS, default="argos-1.9")
    args = parser.parse_args(argv)
    print(build_tiny_argosmodel(args.out, args.seed_dir, layout=args.layout))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
