"""Tiny random-weight CTranslate2 zh→en models in two token conventions, built offline.

They translate into nonsense but are real CTranslate2 Transformer models with real
SentencePiece models, so the ``ctranslate2`` engine (build_scripts/variants/ct2_backend.py)
runs its whole code path without a download:

- ``build_marian(out_dir)``: Marian / quickmt layout — src.spm.model (trained on zh) and
  tgt.spm.model (trained on a few English lines), separate vocabularies with ``</s>`` at 0,
  ``<unk>`` at 1 and ``<pad>`` last, int8 weights; the caller appends ``</s>``
  (``source_suffix: ["</s>"]``);
- ``build_nllb(out_dir)``: NLLB layout — one shared SentencePiece model, a shared
  vocabulary ``<s> <pad> </s> <unk> …`` ending in the language tokens ``zho_Hans`` and
  ``eng_Latn``, decoding started from ``</s>``; the caller frames each sentence with
  ``zho_Hans … </s>`` and forces ``eng_Latn`` as target prefix.

Each returns the model folder; ``MARIAN_OPTIONS`` / ``NLLB_OPTIONS`` are the matching
``english.ctranslate2`` settings. The weights are filled by tiny_model.py's ``_fill_random``.

    python tests/helpers/tiny_ct2.py OUT_DIR [--seed-dir source]

Load it by its path, like tiny_model.py (``import tests.helpers`` finds argostranslate's own
top-level ``tests`` package).
"""
from __future__ import annotations

import argparse
import importlib.util
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPM_SPECIALS = ("<unk>", "<s>", "</s>")
ENGLISH = [
    "This is a machine translation of the reply to the proposal.",
    "The municipal bureau supports small and medium-sized enterprises.",
    "We will promote high-quality development of manufacturing.",
    "Thank you for your suggestions on the work of the government.",
    "The city has built a system for cultivating specialized enterprises.",
    "Rewards of one million yuan are given to qualifying companies.",
    "The number of new market entities increased by a quarter year on year.",
    "We will strengthen publicity and optimise services for enterprises.",
    "Contact person and telephone number of the department.",
    "Deputy, member, committee, congress, province, county, district.",
]

MARIAN_OPTIONS = {"source_spm": "src.spm.model", "target_spm": "tgt.spm.model", "source_prefix": [],
                  "source_suffix": ["</s>"], "target_prefix": [], "compute_type": "int8"}
NLLB_SPM = "sentencepiece.bpe.model"
NLLB_OPTIONS = {"source_spm": NLLB_SPM, "target_spm": None, "source_prefix": ["zho_Hans"],
                "source_suffix": ["</s>"], "target_prefix": ["eng_Latn"], "compute_type": "int8"}


def _tiny_model():
    spec = importlib.util.spec_from_file_location("_tiny_model_for_ct2", HERE / "tiny_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _train(lines: list[str], prefix: Path, vocab_size: int) -> list[str]:
    """A SentencePiece model at ``prefix``.model; its pieces less the special ones."""
    _tiny_model()._train_sentencepiece(lines, prefix, vocab_size)
    vocab = Path(f"{prefix}.vocab").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in vocab if line.split("\t")[0] not in SPM_SPECIALS]


def _chinese_lines(seed_dir: Path) -> list[str]:
    lines = _tiny_model()._seed_lines(seed_dir)
    return [line for line in lines if line not in ENGLISH and not line.isascii()]


def _save(spec, out_dir: Path, vocab_source: list[str], vocab_target: list[str], d_model: int, ffn: int,
          seed: int, quantization: str | None) -> None:
    spec.register_source_vocabulary(vocab_source)
    spec.register_target_vocabulary(vocab_target)
    _tiny_model()._fill_random(spec, len(vocab_source), len(vocab_target), d_model, ffn, seed)
    spec.validate()
    if quantization:
        spec.optimize(quantization=quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def build_marian(out_dir: Path, seed_dir: Path = Path("source"), vocab_size: int = 900, d_model: int = 32,
                 ffn: int = 64, seed: int = 1234) -> Path:
    """A Marian/quickmt-style model in ``out_dir`` (int8, separate spm models and vocabularies)."""
    import ctranslate2

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = _train(_chinese_lines(Path(seed_dir)), Path(tmp) / "src.spm", vocab_size)
        target = _train(ENGLISH * 10, Path(tmp) / "tgt.spm", 120)
        for name in ("src.spm.model", "tgt.spm.model"):
            (out_dir / name).write_bytes((Path(tmp) / name).read_bytes())
    spec = ctranslate2.specs.TransformerSpec.from_config(1, 2)
    # Marian's convention: decoding starts from <pad> (Transformers' MarianMT converted by CT2)
    spec.config.bos_token = "<pad>"
    spec.config.decoder_start_token = "<pad>"
    _save(spec, out_dir, ["</s>", "<unk>", *source, "<pad>"], ["</s>", "<unk>", *target, "<pad>"],
          d_model, ffn, seed, "int8")
    return out_dir


def build_nllb(out_dir: Path, seed_dir: Path = Path("source"), vocab_size: int = 1000, d_model: int = 32,
               ffn: int = 64, seed: int = 4321) -> Path:
    """An NLLB-style model in ``out_dir`` (shared spm and vocabulary, language tokens)."""
    import ctranslate2

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pieces = _train(_chinese_lines(Path(seed_dir)) + ENGLISH * 10, Path(tmp) / "shared", vocab_size)
        (out_dir / NLLB_SPM).write_bytes((Path(tmp) / "shared.model").read_bytes())
    spec = ctranslate2.specs.TransformerSpec.from_config(1, 2)
    spec.config.decoder_start_token = "</s>"
    vocabulary = ["<s>", "<pad>", "</s>", "<unk>", *pieces, "zho_Hans", "eng_Latn"]
    _save(spec, out_dir, vocabulary, vocabulary, d_model, ffn, seed, None)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed-dir", type=Path, default=Path("source"))
    args = parser.parse_args(argv)
    print(build_marian(args.out / "marian", args.seed_dir))
    print(build_nllb(args.out / "nllb", args.seed_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
