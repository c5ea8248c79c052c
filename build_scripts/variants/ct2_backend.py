"""zh→en through a plain CTranslate2 model and its SentencePiece models, offline.

Set in data/variants.yaml ``english.ctranslate2`` (engine ``ctranslate2``)::

    model_dir/                 model.bin config.json *_vocabulary.json
                               src.spm.model [tgt.spm.model]   (source_spm, target_spm)

A paragraph is split into sentences by our own rule (``split_sentences``), each sentence
encoded with the source SentencePiece model, framed by the configured tokens, and all
sentences of a batch of paragraphs go to CTranslate2 in one ``translate_batch`` call.
Two token conventions are covered by the settings alone:

- Marian / quickmt (eole): separate source and target SentencePiece models;
  quickmt expects ``</s>`` after the pieces (``source_suffix: ["</s>"]``), a model converted
  with ``add_source_eos`` adds it itself (``source_suffix: []``);
- NLLB: one shared SentencePiece model (``target_spm: null``), ``source_prefix:
  [zho_Hans]``, ``source_suffix: ["</s>"]``, ``target_prefix: [eng_Latn]``; the target
  prefix comes back at the head of every hypothesis and is dropped here.

Nothing here imports ctranslate2 or sentencepiece until the first translation: finding a
model only hashes its files (``model_id``).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from build_scripts.variants.translators import NoModel, TranslatorSpec, frozen_options, model_identity

ROOT = Path(__file__).resolve().parents[2]
ENGINE = "ctranslate2"
HINT = "Run `make models ENGINE=quickmt` (or set english.ctranslate2.model_dir) and rebuild to translate them."
MODEL_FILES = ("model.bin", "config.json")
# whichever of these the converter wrote: they map pieces to the model's ids
VOCABULARY_FILES = ("source_vocabulary.json", "target_vocabulary.json", "shared_vocabulary.json",
                    "source_vocabulary.txt", "target_vocabulary.txt", "shared_vocabulary.txt")
# never emit <unk> (it decodes to " ⁇ " on a page): quickmt's own translator does the same
DISABLE_UNK = True
MAX_BATCH_SIZE = 64  # sentences CTranslate2 decodes at once: bounds memory on a large batch

# --- sentence splitting ----------------------------------------------------------------
# Named in the model's identity and on every English page: change the name with the rule.
SENTENCE_SPLITTER = "rule-based zh v1: after 。！？!? (and ；; past 40 characters), closers kept, [Pn] whole"
_ENDS = set("。！？!?")
_SOFT_ENDS = set("；;")
SOFT_MIN = 40  # a clause list is cut at ；only once a sentence is this long: short ones read better whole
# what stays with the sentence it closes: quotes, brackets, more end marks
_CLOSERS = set("”’\"'）)】》」』〕〉］]") | _ENDS | _SOFT_ENDS
# one unit for the splitter: a placeholder (protect.PLACEHOLDER) or any one character
_UNIT = re.compile(r"\[P\d+\]|.", re.S)


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, stripped, none empty; their concatenation is the text
    less the whitespace between sentences. Deterministic, no model."""
    units = _UNIT.findall(text)
    sentences: list[str] = []
    current: list[str] = []
    length = 0
    i = 0
    while i < len(units):
        unit = units[i]
        current.append(unit)
        length += 1
        i += 1
        if unit in _ENDS or (unit in _SOFT_ENDS and length >= SOFT_MIN):
            while i < len(units) and units[i] in _CLOSERS:  # "……。”" and "？！" stay together
                current.append(units[i])
                i += 1
            sentences.append("".join(current))
            current, length = [], 0
    sentences.append("".join(current))
    return [sentence.strip() for sentence in sentences if sentence.strip()]


# --- finding the model -----------------------------------------------------------------

def model_dir_of(options) -> Path | None:
    """``english.ctranslate2.model_dir``, relative to the project folder unless absolute."""
    if not options.model_dir:
        return None
    path = Path(options.model_dir).expanduser()
    return path if path.is_absolute() else ROOT / path


def runtime_options(options) -> dict:
    """Every setting that changes the English: part of the model's identity."""
    return {"source_spm": options.source_spm, "target_spm": options.target_spm,
            "source_prefix": list(options.source_prefix), "source_suffix": list(options.source_suffix),
            "target_prefix": list(options.target_prefix), "beam_size": options.beam_size,
            "compute_type": options.compute_type, "max_decoding_length": options.max_decoding_length,
            "sentence_splitter": SENTENCE_SPLITTER, "disable_unk": DISABLE_UNK}


def find_spec(english, cache_dir: Path) -> TranslatorSpec | NoModel:
    """The configured CTranslate2 model as a TranslatorSpec, or NoModel (translators.find_translator)."""
    options = english.ctranslate2
    model_dir = model_dir_of(options)
    if model_dir is None:
        return NoModel(ENGINE, ROOT, "Set english.ctranslate2.model_dir in build_scripts/data/variants.yaml. " + HINT)
    if not model_dir.is_dir():
        return NoModel(ENGINE, model_dir, HINT)
    needed = [*MODEL_FILES, options.source_spm] + ([options.target_spm] if options.target_spm else [])
    missing = [name for name in needed if not (model_dir / name).is_file()]
    if missing:
        return NoModel(ENGINE, model_dir, f"({', '.join(missing)} missing.) {HINT}")
    files = [model_dir / name for name in dict.fromkeys(needed)]
    files += [model_dir / name for name in VOCABULARY_FILES if (model_dir / name).is_file()]
    settings = runtime_options(options)
    model_id = model_identity(ENGINE, files, settings, model_dir)
    return TranslatorSpec(ENGINE, model_dir, model_id, options.label or model_dir.name, frozen_options(settings),
                          Path(cache_dir))


# --- translating -------------------------------------------------------------------------

class CTranslate2Translator:
    """One CTranslate2 model and its SentencePiece models, loaded on first use; counts paragraphs."""

    engine = ENGINE

    def __init__(self, spec: TranslatorSpec):
        self.spec = spec
        self.model_id = spec.model_id
        self.label = spec.label
        self.calls = 0
        self._model = None
        self._source_sp = None
        self._target_sp = None

    def _option(self, key: str):
        value = self.spec.option(key)
        return list(value) if isinstance(value, tuple) else value

    def _open_model(self):
        import ctranslate2

        # one inter thread: the build has one translator process; ARGOS_INTRA_THREADS is the
        # knob the Argos engine already honours (argos_setup), so both engines read the same one
        return ctranslate2.Translator(str(self.spec.model_dir), device="cpu",
                                      compute_type=self._option("compute_type"), inter_threads=1,
                                      intra_threads=int(os.environ.get("ARGOS_INTRA_THREADS", 1)))

    def load(self):
        if self._model is None:
            import sentencepiece

            source = self.spec.model_dir / self._option("source_spm")
            self._source_sp = sentencepiece.SentencePieceProcessor(model_file=str(source))
            target = self._option("target_spm")
            self._target_sp = (sentencepiece.SentencePieceProcessor(model_file=str(self.spec.model_dir / target))
                               if target else self._source_sp)
            self._model = self._open_model()
        return self._model

    def _tokens(self, sentence: str) -> list[str]:
        pieces = self._source_sp.encode(sentence, out_type=str)
        return [*self._option("source_prefix"), *pieces, *self._option("source_suffix")]

    def _detokenize(self, tokens: list[str]) -> str:
        prefix = self._option("target_prefix")
        if prefix and tokens[:len(prefix)] == prefix:
            tokens = tokens[len(prefix):]
        return self._target_sp.decode(tokens).strip()

    def _translate_sentences(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        model = self.load()
        prefix = self._option("target_prefix")
        results = model.translate_batch(
            [self._tokens(sentence) for sentence in sentences],
            target_prefix=[list(prefix) for _ in sentences] if prefix else None,
            beam_size=self._option("beam_size"),
            max_decoding_length=self._option("max_decoding_length"),
            num_hypotheses=1,
            disable_unk=self._option("disable_unk"),
            max_batch_size=MAX_BATCH_SIZE,
        )
        return [self._detokenize(result.hypotheses[0]) for result in results]

    def translate(self, text: str) -> str:
        return self.translate_batch([text])[0]

    def translate_batch(self, texts: list[str]) -> list[str]:
        """All sentences of all paragraphs in one CTranslate2 call, rejoined per paragraph."""
        split = [split_sentences(text) for text in texts]
        english = iter(self._translate_sentences([sentence for sentences in split for sentence in sentences]))
        self.calls += len(texts)
        return [" ".join(next(english) for _ in sentences) for sentences in split]
