"""Find, install and load an Argos Translate zh→en package, offline.

argostranslate 1.11 reads its settings from the environment *when it is imported*, and
``argostranslate.sbd`` with ``ARGOS_CHUNK_TYPE=SPACY`` calls
``argostranslate.networking.cache_spacy()`` at import time, which runs
``spacy.cli.download("xx_sent_ud_sm")``: that fetches spaCy's model compatibility table
from the network.  MiniSBD (the default chunker) downloads an ONNX model at first use.
Neither may happen during a build or a test, so this module

* sets the model provider (local), ``ARGOS_CHUNK_TYPE=SPACY``, the beam size, the compute type
  and ``ARGOS_DEVICE_TYPE=cpu`` before the first import, whatever the user's settings.json says,
* replaces ``networking.cache_spacy`` *before* ``argostranslate.sbd`` is imported with a
  function that returns a blank spaCy Chinese pipeline saved in our own cache directory
  (used by packages that do not ship ``spacy/``; a package that does, uses its own), and
* points argostranslate at the packages directory we choose, also when it was already
  imported (its settings are module globals; its installed-language caches are cleared).

Sentence splitting is therefore spaCy's rule-based ``sentencizer`` on a blank ``zh``
pipeline (character tokenizer): deterministic, offline, no model.

Importing argostranslate pulls in stanza and torch (seconds), so nothing here imports it
until a translation is actually needed; finding a package only reads ``metadata.json``.

CLI (used by ``make models``)::

    python -m build_scripts.variants.argos_setup status
    python -m build_scripts.variants.argos_setup install FILE.argosmodel
    python -m build_scripts.variants.argos_setup download      # needs internet
    python -m build_scripts.variants.argos_setup ensure        # make site: install once if missing
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

FROM_CODE = "zh"
TO_CODE = "en"


def default_packages_dir() -> Path:
    """Where argostranslate looks for installed packages (same rules as its settings)."""
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(os.environ["ARGOS_PACKAGES_DIR"])
    home = Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
    return data / "argos-translate" / "packages"


@dataclass(frozen=True)
class ModelInfo:
    """An installed zh→en package, read from its metadata only."""

    path: Path
    package_version: str
    model_id: str  # changes whenever the model's weights, vocabulary or runtime settings change

    @property
    def label(self) -> str:
        return f"{self.path.name} {self.package_version}".strip()


# The files of a package that decide its output (a package has sentencepiece.model or bpe.model).
MODEL_FILES = ("model/model.bin", "model/config.json", "model/shared_vocabulary.json",
               "model/shared_vocabulary.txt", "model/source_vocabulary.json", "model/target_vocabulary.json",
               "sentencepiece.model", "bpe.model")
SENTENCE_SPLITTER = "spaCy blank zh + sentencizer"


def runtime_options(options=None) -> dict:
    """How argostranslate is run, set by us whatever its settings.json says: each of these
    changes the English, so all are part of the model's identity. ``options``: the
    ``english.argos`` settings (data/variants.yaml when None)."""
    if options is None:
        from build_scripts import settings

        options = settings.variants().english.argos
    return {"model_provider": "OPENNMT", "chunk_type": "SPACY", "sentence_splitter": SENTENCE_SPLITTER,
            "beam_size": options.beam_size, "compute_type": options.compute_type}


def _model_id(pkg_dir: Path, metadata: dict, options: dict) -> str:
    from build_scripts.variants.translators import model_identity

    files = [pkg_dir / name for name in MODEL_FILES if (pkg_dir / name).exists()]
    versions = {k: metadata.get(k) for k in ("package_version", "from_code", "to_code")}
    return model_identity("argos", files, {**options, **versions}, pkg_dir)


def find_package(packages_dir: Path | None = None, options: dict | None = None) -> ModelInfo | None:
    """The installed zh→en translate package in ``packages_dir``, or None."""
    packages_dir = Path(packages_dir) if packages_dir else default_packages_dir()
    if not packages_dir.is_dir():
        return None
    for pkg_dir in sorted(p for p in packages_dir.iterdir() if p.is_dir()):
        meta_path = pkg_dir / "metadata.json"
        if not meta_path.exists():
            continue
        try:
            metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (
            metadata.get("from_code") == FROM_CODE
            and metadata.get("to_code") == TO_CODE
            and metadata.get("type", "translate") == "translate"
            and (pkg_dir / "model").is_dir()
        ):
            return ModelInfo(pkg_dir, str(metadata.get("package_version", "")),
                             _model_id(pkg_dir, metadata, options or runtime_options()))
    return None


def find_spec(english, cache_dir: Path):
    """The configured Argos package as a TranslatorSpec, or NoModel (translators.find_translator)."""
    from build_scripts.variants.translators import NoModel, TranslatorSpec, frozen_options

    packages_dir = Path(english.packages_dir) if english.packages_dir else default_packages_dir()
    options = runtime_options(english.argos)
    info = find_package(packages_dir, options)
    if info is None:
        return NoModel("argos", packages_dir, "Run `make models` (or `make models MODEL=file.argosmodel`) "
                                              "and rebuild to translate them.")
    return TranslatorSpec("argos", info.path, info.model_id, info.label, frozen_options(options), Path(cache_dir))


class ArgosTranslator:
    """argostranslate's zh→en translation of one package, loaded on first use; counts its calls."""

    engine = "argos"

    def __init__(self, spec):
        self.spec = spec
        self.model_id = spec.model_id
        self.label = spec.label
        self.calls = 0
        self._translation = None

    def load(self):
        if self._translation is None:
            translation = load_translation(self.spec.model_dir.parent, self.spec.cache_dir,
                                           beam_size=self.spec.option("beam_size"),
                                           compute_type=self.spec.option("compute_type"))
            if translation is None:
                raise RuntimeError(f"argostranslate found no zh→en translation in {self.spec.model_dir.parent}")
            self._translation = translation
        return self._translation

    def translate(self, text: str) -> str:
        translation = self.load()
        self.calls += 1
        return translation.hypotheses(text, num_hypotheses=1)[0].value

    def translate_batch(self, texts: list[str]) -> list[str]:
        return [self.translate(text) for text in texts]


def blank_spacy_zh(cache_dir: Path) -> Path:
    """A blank spaCy ``zh`` pipeline on disk (character tokenizer), made once."""
    target = Path(cache_dir) / "spacy-blank-zh"
    if not (target / "config.cfg").exists():
        import spacy

        target.parent.mkdir(parents=True, exist_ok=True)
        spacy.blank("zh").to_disk(target)
    return target


# argostranslate's own cache_spacy, kept so a test can show the attempt it makes
ORIGINAL_CACHE_SPACY = None


def _prepare_environment(packages_dir: Path, cache_dir: Path, beam_size: int, compute_type: str) -> None:
    # argostranslate reads each setting from the environment, else from the user's
    # ~/.config/argos-translate/settings.json, once at import. That file can send every
    # paragraph to a remote LibreTranslate server (ARGOS_MODEL_PROVIDER), make the sentence
    # splitter download stanza or MiniSBD models (ARGOS_CHUNK_TYPE), or change the English
    # (beam size, compute type). The environment wins over the file, and the module globals
    # are set again below for an argostranslate imported before us.
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages_dir)
    os.environ["ARGOS_MODEL_PROVIDER"] = "OPENNMT"
    os.environ["ARGOS_CHUNK_TYPE"] = "SPACY"
    os.environ["ARGOS_BEAM_SIZE"] = str(beam_size)
    os.environ["ARGOS_COMPUTE_TYPE"] = compute_type
    os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
    # One translator process for the whole build (one copy of the model, one writer of the
    # translation cache, paragraphs in document order), with ONE CTranslate2 thread by
    # default: the worker pool already keeps every core busy with OpenCC and rendering,
    # and OpenMP threads competing with it made the tiny model 4-5x slower on 2 cores
    # (benchmarks/variants_throughput.py).  Fixed, never derived from --jobs, so the
    # numbers it computes do not depend on it.  ARGOS_INTRA_THREADS overrides it.
    os.environ.setdefault("ARGOS_INTRA_THREADS", "1")
    spacy_path = blank_spacy_zh(cache_dir)

    # Block the one network attempt: cache_spacy() at `import argostranslate.sbd`.
    from argostranslate import networking, settings

    def cache_spacy_offline() -> Path:
        return spacy_path

    global ORIGINAL_CACHE_SPACY
    if ORIGINAL_CACHE_SPACY is None:
        ORIGINAL_CACHE_SPACY = networking.cache_spacy
    networking.cache_spacy = cache_spacy_offline
    # The settings module was evaluated at its first import; make it agree with us.
    settings.package_data_dir = Path(packages_dir)
    settings.package_dirs[:] = [Path(packages_dir)]
    settings.chunk_type = settings.ChunkType.SPACY
    settings.model_provider = settings.ModelProvider.OPENNMT
    settings.beam_size = beam_size
    settings.compute_type = compute_type
    settings.device = os.environ["ARGOS_DEVICE_TYPE"]
    settings.inter_threads = 1
    settings.intra_threads = int(os.environ["ARGOS_INTRA_THREADS"])

    from argostranslate import sbd, translate

    sbd._cached_spacy_path = spacy_path
    # argostranslate memoises loaded translations per language pair, process-wide.
    translate.installed_translates.clear()
    translate.get_installed_languages.cache_clear()


def load_translation(packages_dir: Path, cache_dir: Path, beam_size: int | None = None,
                     compute_type: str | None = None):
    """argostranslate's own ITranslation object for zh→en, from ``packages_dir``.

    Returns None when no zh→en package is installed there.
    """
    packages_dir = Path(packages_dir)
    packages_dir.mkdir(parents=True, exist_ok=True)
    defaults = runtime_options()
    _prepare_environment(packages_dir, Path(cache_dir), beam_size or defaults["beam_size"],
                         compute_type or defaults["compute_type"])
    from argostranslate import translate

    source = translate.get_language_from_code(FROM_CODE)
    target = translate.get_language_from_code(TO_CODE)
    if source is None or target is None:
        return None
    return source.get_translation(target)


def install_file(model_file: Path, packages_dir: Path | None = None) -> ModelInfo:
    """Install a local ``.argosmodel`` with argostranslate's own installer, atomically: it
    unpacks into a folder beside ``packages_dir`` and the package's folder is moved in whole,
    so an interrupted install never leaves a half package that the build would find."""
    packages_dir = Path(packages_dir) if packages_dir else default_packages_dir()
    packages_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages_dir)
    from argostranslate import package, settings

    with tempfile.TemporaryDirectory(prefix=".installing-", dir=packages_dir.parent) as unpacked:
        settings.package_data_dir = Path(unpacked)
        try:
            package.install_from_path(Path(model_file))
        finally:
            settings.package_data_dir = packages_dir
            settings.package_dirs[:] = [packages_dir]
        for folder in Path(unpacked).iterdir():
            target = packages_dir / folder.name
            if target.exists():
                shutil.rmtree(target)
            folder.rename(target)
    info = find_package(packages_dir)
    if info is None:
        raise SystemExit(f"{model_file} did not install a zh→en translate package")
    return info


class NeedsInternet(Exception):
    """The Argos package index cannot be reached."""


def package_index_url() -> str:
    from argostranslate import settings

    return settings.remote_package_index


def check_index(timeout: float = 5) -> None:
    """Raise NeedsInternet when the package index does not answer. argospm itself, offline,
    retries until it ends in a RecursionError; this says it in one line instead."""
    url = package_index_url()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            pass
    except (OSError, ValueError) as error:  # URLError, timeouts and refused sockets are OSErrors
        reason = getattr(error, "reason", error)
        raise NeedsInternet(f"needs internet: cannot reach the Argos package index ({url}): {reason}") from None


def download(packages_dir: Path | None = None, timeout: float = 5) -> ModelInfo:
    """Install translate-zh_en from the Argos package index (needs internet)."""
    packages_dir = Path(packages_dir) if packages_dir else default_packages_dir()
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages_dir)
    check_index(timeout)
    from argostranslate import package

    package.update_package_index()
    for available in package.get_available_packages():
        if available.from_code == FROM_CODE and available.to_code == TO_CODE:
            downloaded = available.download()
            info = install_file(downloaded, packages_dir)
            downloaded.unlink()
            return info
    raise SystemExit("no zh→en package in the Argos package index")


def ensure(packages_dir: Path | None, timeout: int) -> str:
    """What `make site` says about the English model: installed already, installed now, or why
    not. Never fails: without a model the build makes untranslated English pages."""
    from build_scripts import settings

    english = settings.variants().english
    if english.engine != "argos":
        return ""
    packages_dir = Path(packages_dir or english.packages_dir or default_packages_dir())
    info = find_package(packages_dir)
    if info is not None:
        return f"English: {info.label} installed in {info.path.parent}"
    if os.environ.get("OFFLINE", "") not in ("", "0"):
        return "English: no translation model installed; OFFLINE is set, so none is fetched (`make models`)"
    try:
        check_index(min(timeout, 10))
    except NeedsInternet as error:
        return f"English: no translation model installed, and it {error}; the English pages will be untranslated"
    command = [sys.executable, "-m", "build_scripts.variants.argos_setup", "--packages-dir", str(packages_dir),
               "download"]
    try:
        done = subprocess.run(command, timeout=timeout, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        return (f"English: installing translate-zh_en took longer than {timeout} s and was stopped "
                "(install_timeout in data/variants.yaml); `make models` tries again without a limit")
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
        return f"English: installing translate-zh_en failed: {last[0]}"
    return f"English: installed {done.stdout.strip()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Manage the zh→en Argos Translate model")
    parser.add_argument("--packages-dir", type=Path, default=None)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("status")
    install = sub.add_parser("install")
    install.add_argument("file", type=Path)
    sub.add_parser("download")
    ensure_parser = sub.add_parser("ensure", help="install the model once if none is (make site)")
    ensure_parser.add_argument("--timeout", type=int, default=None)
    args = parser.parse_args(argv)
    if args.cmd == "ensure":
        from build_scripts import settings

        message = ensure(args.packages_dir, args.timeout or settings.variants().english.install_timeout)
        if message:
            print(message, file=sys.stderr)
        return 0
    if args.cmd == "install":
        info = install_file(args.file, args.packages_dir)
    elif args.cmd == "download":
        try:
            info = download(args.packages_dir)
        except NeedsInternet as error:
            print(error, file=sys.stderr)
            return 2
    else:
        info = find_package(args.packages_dir)
        if info is None:
            print(f"no zh→en model installed in {args.packages_dir or default_packages_dir()}")
            return 1
    print(f"{info.label} at {info.path} (model id {info.model_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
