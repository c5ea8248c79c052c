"""The zh→en machine translation engines behind one interface, chosen in data/variants.yaml.

    spec = find_translator(settings.variants().english, cache_dir)   # NoModel: none installed
    translator = spec.open()            # loads nothing yet; the model is loaded on first use
    translator.translate_batch(["关于……", "……"])  # English of each masked paragraph, in order

Two engines:

- ``argos`` (default): an Argos Translate package (``argos_setup``), through argostranslate's
  own API, with its runtime settings fixed by us (provider, sentence splitter, beam size,
  compute type) whatever the user's argostranslate ``settings.json`` says;
- ``ctranslate2``: any CTranslate2 translation model with SentencePiece models
  (``ct2_backend``), e.g. quickmt-zh-en (Marian/eole conventions) or NLLB (language tokens).

A ``TranslatorSpec`` is what is needed to open a translator anywhere: it is small and
picklable, so a worker process or a Ray actor opens its own copy of the model from it. Its
``model_id`` is the model's identity — a hash of the model's files and of every setting that
changes its output — and keys the translation cache; its ``label`` names the model on the
English pages.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

ENGINE_NAMES = {"argos": "Argos Translate", "ctranslate2": "CTranslate2"}


class Translator(Protocol):
    """One loaded (or loadable) model."""

    spec: TranslatorSpec
    model_id: str
    label: str
    engine: str
    calls: int  # paragraphs sent to the model

    def translate(self, text: str) -> str:
        """The English of one paragraph (possibly several sentences)."""

    def translate_batch(self, texts: list[str]) -> list[str]:
        """The English of each paragraph, in order; the same as ``translate`` one by one."""


@dataclass(frozen=True)
class TranslatorSpec:
    engine: str  # a key of ENGINE_NAMES
    model_dir: Path  # the Argos package folder, or the CTranslate2 model folder
    model_id: str
    label: str  # e.g. "translate-zh_en 1.9"
    options: tuple[tuple[str, object], ...] = ()  # the engine's settings, as sorted (key, value) pairs
    cache_dir: Path = Path("build/cache")  # where an engine may keep what it makes (a spaCy pipeline)

    @property
    def name(self) -> str:
        """How a page names the translation: "Argos Translate (translate-zh_en 1.9)"."""
        return f"{ENGINE_NAMES[self.engine]} ({self.label})"

    def option(self, key: str, default=None):
        return dict(self.options).get(key, default)

    def open(self) -> Translator:
        if self.engine == "argos":
            from build_scripts.variants.argos_setup import ArgosTranslator

            return ArgosTranslator(self)
        if self.engine == "ctranslate2":
            from build_scripts.variants.ct2_backend import CTranslate2Translator

            return CTranslate2Translator(self)
        raise ValueError(f"unknown translation engine {self.engine!r}")


def frozen_options(options: dict) -> tuple[tuple[str, object], ...]:
    """A settings dict as sorted pairs, lists made tuples: hashable, picklable, stable."""
    return tuple(sorted((key, tuple(value) if isinstance(value, list) else value) for key, value in options.items()))


def model_identity(engine: str, files: list[Path], options: dict, root: Path) -> str:
    """A hash of the model's files (by content) and of the settings that change its output."""
    digest = hashlib.sha256(json.dumps({"engine": engine, "options": options}, sort_keys=True,
                                       default=list).encode())
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(file_digest(path).encode())
    return digest.hexdigest()[:16]


_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_digest(path: Path) -> str:
    """sha256 of a file, remembered per (path, size, mtime): a model is hashed once a process."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        _DIGESTS[key] = digest.hexdigest()
    return _DIGESTS[key]


@dataclass
class NoModel:
    """Why no translator was found: one line for the build's warning."""

    engine: str
    where: Path
    hint: str = field(default="")

    def message(self) -> str:
        return (f"warning: no Chinese→English {ENGINE_NAMES[self.engine]} model installed in {self.where}; English pages "
                f"show the Chinese text with a notice. {self.hint}".rstrip())


def find_translator(english, cache_dir: Path) -> TranslatorSpec | NoModel:
    """The configured engine's model (``english`` is settings.English), or why there is none."""
    if english.engine == "argos":
        from build_scripts.variants import argos_setup

        return argos_setup.find_spec(english, cache_dir)
    from build_scripts.variants import ct2_backend

    return ct2_backend.find_spec(english, cache_dir)
