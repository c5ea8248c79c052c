"""The other script of a document, with the official OpenCC binding (``opencc`` on PyPI, pinned).

Simplified → Traditional: the configuration is a setting (``build_scripts/data/variants.yaml``:
``traditional.opencc_config``). The default, ``s2tw``, converts characters only, in the forms
readers use (為, 群, 裡, 著); ``s2t`` gives OpenCC's "standard" forms (爲, 羣, 裏), ``s2hk``
Hong Kong ones (羣, 着, 説); ``s2twp`` additionally swaps in Taiwan vocabulary (信息→資訊,
软件→軟體), which rewrites the text and is therefore only for an archivist who wants it.

Phrases OpenCC reads wrongly (大学生发展 → 大學生髮展) are corrected by the archivists' list
(``data/traditional_phrases.yaml``) through OpenCC's own configuration: the chosen
configuration is copied with that list, as an OpenCC text dictionary, put first in its phrase
step and in its segmentation, into a folder named by the content (``corrected_config``).

Traditional → Simplified (a source written in Traditional): OpenCC ``t2s``.

Document numbers, phone numbers, dates and Latin text are cut out before conversion and put
back unchanged (``protect.find_spans``), so 金经信办建〔2023〕22号 stays as issued.
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from build_scripts.record import Record, Variant, record_fields
from build_scripts.variants.protect import find_spans

SUPPORTED_CONFIGS = ("s2t", "s2tw", "s2twp", "s2hk")
TO_SIMPLIFIED = "t2s"
KEEP_KINDS = {"doc_number", "phone", "date", "latin"}


def opencc_version() -> str:
    from importlib.metadata import version

    return version("opencc")


def default_config() -> str:
    """The configuration variants.yaml chooses."""
    from build_scripts import settings

    return settings.variants().traditional.opencc_config


@dataclasses.dataclass(frozen=True)
class PhraseCorrections:
    """The archivists' phrase corrections, Simplified → Traditional, as OpenCC reads them."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> PhraseCorrections:
        """``path`` (a YAML file shaped like data/traditional_phrases.yaml), else that file."""
        from build_scripts import settings

        if path is None:
            data = settings.traditional_phrases()
        else:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise settings.SettingsError(f"{path}: cannot be read: {error}") from None
            data = settings.from_text("traditional_phrases", text, Path(path))
        return cls(tuple(sorted((phrase.simplified, phrase.traditional) for phrase in data.phrases)))

    def text_dictionary(self) -> str:
        """OpenCC's text dictionary format: "from<TAB>to", one a line, sorted."""
        return "".join(f"{simplified}\t{traditional}\n" for simplified, traditional in self.pairs)

    @property
    def fingerprint(self) -> str:
        """Names the list in a page's record of how it was made; a changed list re-converts."""
        return hashlib.sha256(self.text_dictionary().encode("utf-8")).hexdigest()[:12]


@functools.lru_cache(maxsize=None)
def default_corrections() -> PhraseCorrections:
    return PhraseCorrections.load()


def opencc_data_dir() -> Path:
    """The installed package's configurations and dictionaries (s2tw.json, STPhrases.ocd2…)."""
    import opencc

    found = Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"
    if not (found / "s2t.json").is_file():
        raise RuntimeError(f"the OpenCC package has no configuration files in {found}")
    return found


def _absolute_files(node, data_dir: Path):
    """The configuration with each dictionary file named by its full path: the binding looks a
    file up beside the configuration and in a directory fixed when it was compiled, not in
    the package's own data folder."""
    if isinstance(node, dict):
        return {key: str(data_dir / value) if key == "file" else _absolute_files(value, data_dir)
                for key, value in node.items()}
    if isinstance(node, list):
        return [_absolute_files(item, data_dir) for item in node]
    return node


def _with_corrections(config: dict, corrections_file: Path) -> dict:
    """`config` with the corrections first in its first conversion step (so they win where
    they match) and in its segmentation (so a corrected phrase is one segment, not split
    across two)."""
    corrections = {"type": "text", "file": str(corrections_file)}
    config = copy.deepcopy(config)
    first = config["conversion_chain"][0]["dict"]
    if first.get("type") == "group" and first.get("match_policy", "short_circuit") == "short_circuit":
        first["dicts"].insert(0, corrections)
    else:
        config["conversion_chain"][0]["dict"] = {"type": "group", "match_policy": "short_circuit",
                                                 "dicts": [corrections, first]}
    segmentation = config.get("segmentation")
    if segmentation is not None:
        segmentation["dict"] = {"type": "group", "match_policy": "union",
                                "dicts": [corrections, segmentation["dict"]]}
    config["name"] = f"{config.get('name', '')} + the archive's phrase corrections".strip()
    return config


def _write_atomic(path: Path, text: str) -> None:
    """Worker processes may write the same file at once: each writes its own, then renames."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def corrected_config(config: str, corrections: PhraseCorrections, folder: Path | None = None) -> Path:
    """The OpenCC configuration file of `config` with `corrections`, written (with the
    corrections' text dictionary) into a folder named by its content, under `folder` (default:
    the temporary directory); written again each time, so a stale or tampered copy is never
    used."""
    data_dir = opencc_data_dir()
    base = _absolute_files(json.loads((data_dir / f"{config}.json").read_text(encoding="utf-8")), data_dir)
    dictionary = corrections.text_dictionary()
    key = hashlib.sha256(json.dumps([base, dictionary], ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    user = getattr(os, "getuid", lambda: "user")()
    target = Path(folder or tempfile.gettempdir()) / f"archive-opencc-{user}" / f"{config}-{key}"
    target.mkdir(parents=True, exist_ok=True)
    corrections_file = target / "phrase_corrections.txt"
    _write_atomic(corrections_file, dictionary)
    config_file = target / f"{config}.json"
    _write_atomic(config_file, json.dumps(_with_corrections(base, corrections_file), ensure_ascii=False, indent=2))
    return config_file


@functools.lru_cache(maxsize=16)
def _converter(config: str, corrections: PhraseCorrections):
    import opencc

    if config == TO_SIMPLIFIED:
        return opencc.OpenCC(f"{TO_SIMPLIFIED}.json")
    if config not in SUPPORTED_CONFIGS:
        raise ValueError(f"unsupported OpenCC config {config!r}; use one of {SUPPORTED_CONFIGS}")
    if not corrections.pairs:  # an empty list: OpenCC's own configuration, as installed
        return opencc.OpenCC(f"{config}.json")
    return opencc.OpenCC(str(corrected_config(config, corrections)))


def traditional_converter(config: str | None = None, corrections: PhraseCorrections | None = None):
    """The OpenCC converter the Traditional pages are made with (`convert(text)`): `config`
    (default: variants.yaml's) with the phrase corrections (default: the archive's)."""
    return _converter(config or default_config(), default_corrections() if corrections is None else corrections)


def _convert_keeping_spans(text: str | None, converter, *, spans_in_converted: bool = False) -> str | None:
    """`text` through `converter`, the protected spans kept as they are. The patterns of
    protect.py are written in Simplified: in a Traditional text (`spans_in_converted`) they
    are looked for in its conversion, which has the same length, and kept from the text."""
    if not text:
        return text
    probe = converter.convert(text) if spans_in_converted else text
    spans = find_spans(probe if len(probe) == len(text) else text, None, KEEP_KINDS)
    if not spans:
        return probe if spans_in_converted else converter.convert(text)
    out, pos = [], 0
    for span in spans:
        if span.start > pos:
            out.append(converter.convert(text[pos : span.start]))
        out.append(text[span.start : span.end])
        pos = span.end
    if pos < len(text):
        out.append(converter.convert(text[pos:]))
    return "".join(out)


def to_traditional(text: str | None, config: str | None = None,
                   corrections: PhraseCorrections | None = None) -> str | None:
    """Convert Simplified ``text`` to Traditional with ``config`` (default: variants.yaml's)
    and the phrase corrections (default: the archive's), keeping protected spans."""
    if config == TO_SIMPLIFIED:
        raise ValueError(f"unsupported OpenCC config {config!r} for Traditional; use one of {SUPPORTED_CONFIGS}")
    return _convert_keeping_spans(text, traditional_converter(config, corrections))


def to_simplified(text: str | None) -> str | None:
    """Convert Traditional ``text`` to Simplified with OpenCC ``t2s``, keeping protected spans."""
    return _convert_keeping_spans(text, _converter(TO_SIMPLIFIED, PhraseCorrections()), spans_in_converted=True)


def _converted_fields(record: Record, convert) -> dict:
    """The text fields (and names, the salutation, the blocks) of `record` through `convert`."""
    changes = {}
    for name in record_fields(translate="text") + record_fields(translate="name") + record_fields(translate="salutation"):
        value = getattr(record, name)
        changes[name] = [convert(part) for part in value] if isinstance(value, list) else convert(value)
    changes["blocks"] = [dataclasses.replace(block, text=convert(block.text)) for block in record.blocks]
    return changes


def traditional_variant(record: Record, config: str | None = None, type_label: str | None = None,
                        corrections: PhraseCorrections | None = None) -> Variant:
    """The zh-Hant variant of a Simplified record: every text field converted by OpenCC
    `config` with the phrase corrections; numbers and codes kept. `type_label`: the document
    type's own Traditional label, when doc_types.yaml has one."""
    config = config or default_config()
    corrections = default_corrections() if corrections is None else corrections
    changes = _converted_fields(record, lambda text: to_traditional(text, config, corrections))
    changes["doc_type_label"] = type_label or to_traditional(record.doc_type_label, config, corrections)
    return Variant.of(record, "zh-Hant", {
        "method": "opencc", "config": config, "opencc_version": opencc_version(),
        "phrase_corrections": corrections.fingerprint,
        "machine_translated": False, "translation_missing": False,
    }, **changes)


def simplified_variant(record: Record, type_label: str | None = None) -> Variant:
    """The zh variant of a record written in Traditional: every text field converted by
    OpenCC t2s; numbers and codes kept as issued (國辦函〔2014〕31號)."""
    changes = _converted_fields(record, to_simplified)
    changes["doc_type_label"] = type_label or to_simplified(record.doc_type_label)
    return Variant.of(record, "zh", {
        "method": "opencc", "config": TO_SIMPLIFIED, "opencc_version": opencc_version(),
        "machine_translated": False, "translation_missing": False,
    }, **changes)


def original_traditional_variant(record: Record, config: str | None = None, type_label: str | None = None,
                                 corrections: PhraseCorrections | None = None) -> Variant:
    """The zh-Hant variant of a record written in Traditional: its text as the source has it.
    Only what the archive adds in its own (Simplified) words is converted: the region, from
    the place-name list, a title the page does not state (made with doc_types.yaml's words
    around the words it cites), and the type label (`type_label`, else converted)."""
    convert = functools.partial(to_traditional, config=config or default_config(),
                                corrections=default_corrections() if corrections is None else corrections)
    return Variant.of(record, "zh-Hant", {"method": "original", "machine_translated": False, "translation_missing": False},
                      title=convert(record.title) if record.title_derived else record.title,
                      region=convert(record.region), region_path=[convert(part) for part in record.region_path],
                      doc_type_label=type_label or convert(record.doc_type_label))
