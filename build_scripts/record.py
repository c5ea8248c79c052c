"""The archive's one record type, passed from stage to stage in memory.

`structure` makes a `Record` from a cleaned page; the variants stage makes one `Variant` per
language from it (a `Record` whose text is in that language, with how it was made); `render`
turns a `Variant` into a page. What each stage does with a field is said once, here, in the
field's metadata, so no stage keeps its own list of keys:

- `translate`: how a variant carries the field into another language: "text" (a sentence:
  OpenCC; the English model), "name" (a proper name: OpenCC; the glossary only), "salutation"
  (OpenCC; the glossary, else the model), "label" (the document type's label from
  doc_types.yaml), None (kept as it is: numbers, dates, codes).
- `front_matter`: the field goes into a page's YAML front matter.
- `card`: its place in the metadata card shown above a document (labelled `field.<name>` in
  the labels files).
- `facet`: the browse facet that groups documents by it.

The JSON on disk (`build/records/<slug>.json`) is a public interface: `to_json` writes the
same keys in the same order as ever, one key per line, so archivists can diff it. `headings`
and `body` are written too, but derived from `blocks`.
"""
from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass, field


def _meta(*, translate: str | None = None, front_matter: bool = True, card: int | None = None,
          facet: str | None = None) -> dict:
    return {"translate": translate, "front_matter": front_matter, "card": card, "facet": facet}


def _copied(value):
    """A list or dict field's own copy, so a record and what is made from it never share one."""
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def _value(default=None, **meta):
    if isinstance(default, (list, dict)):
        return field(default_factory=type(default), metadata=_meta(**meta))
    return field(default=default, metadata=_meta(**meta))


@dataclass
class Block:
    """One unit of the document's body, in reading order."""

    kind: str  # addressee | heading | paragraph | signature | date | contact | closing
    text: str
    level: int | None = None  # headings: 1 for 一、, 2 for (一), …
    run_in: bool = False  # a heading whose paragraph goes on on the same line (1.完善…。一是…)
    original: str | None = None  # variants: the Simplified text this block was made from

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind}
        if self.level is not None:
            out["level"] = self.level
        out["text"] = self.text
        if self.run_in:
            out["run_in"] = True
        if self.original is not None:
            out["original"] = self.original
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Block:
        return cls(kind=data["kind"], text=data["text"], level=data.get("level"),
                   run_in=bool(data.get("run_in")), original=data.get("original"))


@dataclass
class Record:
    source_file: str = _value("")
    slug: str = _value("")
    title: str | None = _value(translate="text", card=1)
    # true when the page states no title and `title` was made from the proposal a reply cites,
    # its first sentence or the file name (`warnings` says which)
    title_derived: bool = _value(False)
    agency: str | None = _value(translate="name", card=2, facet="agency")
    date: str | None = _value(card=3)
    date_source: str | None = _value()  # signature | issue_date | publication_date
    publication_date: str | None = _value(card=4)
    doc_number: str | None = _value(card=5)
    index_number: str | None = _value(card=6)
    addressee: str | None = _value(translate="salutation", card=7)
    doc_type: str | None = _value()
    doc_type_label: str | None = _value(translate="label", card=8, facet="doc_type")
    region: str | None = _value(translate="name", card=9, facet="region")
    region_path: list = _value([], translate="name")
    blocks: list = _value([], front_matter=False)
    removed: list = _value([], front_matter=False)  # [{"line", "rule"}]: chrome taken out
    lifted: list = _value([], front_matter=False)  # [{"line", "field"}]: metadata taken out
    page_metadata: dict = _value({}, front_matter=False)  # label → value as the page prints them
    source_encoding: str | None = _value(front_matter=False)
    warnings: list = _value([], front_matter=False)
    # provenance, from the optional manifest beside the sources (provenance.py); null when unknown
    source_url: str | None = _value(card=10)
    retrieved: str | None = _value(card=11)  # the date the page was captured, ISO
    source_notes: str | None = _value(card=12)
    # the script the source is written in: "zh-Hans" or "zh-Hant" (clean/script.py); the
    # variant in the other script is made from it with OpenCC
    source_script: str | None = _value()

    @property
    def headings(self) -> list[dict]:
        return [{"level": block.level, "text": block.text} for block in self.blocks if block.kind == "heading"]

    @property
    def body(self) -> str:
        """The cleaned text, one paragraph per line; a run-in heading shares its paragraph's line
        (after a space where both sides are Latin, as in the English variant)."""
        lines: list[str] = []
        joining = False
        for block in self.blocks:
            if joining and lines:
                latin = lines[-1][-1:] < "\u2e80" and block.text[:1] < "\u2e80"
                lines[-1] += (" " if latin and lines[-1] and block.text else "") + block.text
            else:
                lines.append(block.text)
            joining = block.run_in
        return "\n".join(lines)

    def to_dict(self) -> dict:
        out: dict = {}
        for spec in dataclasses.fields(self):
            if spec.name == "blocks":  # the derived views stand before the blocks, as they always did
                out["headings"] = self.headings
                out["body"] = self.body
                out["blocks"] = [block.to_dict() for block in self.blocks]
            else:
                out[spec.name] = _copied(getattr(self, spec.name))
        return out

    def to_json(self) -> str:
        return to_json(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict) -> Record:
        known = {spec.name for spec in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["blocks"] = [Block.from_dict(block) for block in data.get("blocks") or []]
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> Record:
        return cls.from_dict(json.loads(text))


@dataclass
class Variant(Record):
    """A record in one site language: its text fields converted (zh-Hant) or translated (en);
    a translated block keeps its Simplified `original`, for the reader to compare."""

    lang: str = _value("zh")
    # how it was made: {"method": "original" | "opencc" | "argos", settings…,
    # "machine_translated": bool, "translation_missing": bool}
    variant: dict = _value({})

    @classmethod
    def of(cls, record: Record, lang: str, variant: dict, **changes) -> Variant:
        """`record` in `lang`, with the fields `changes` names replaced."""
        values = {spec.name: _copied(getattr(record, spec.name)) for spec in dataclasses.fields(Record)}
        return cls(**{**values, **changes}, lang=lang, variant=variant)

    @property
    def machine_translated(self) -> bool:
        return bool(self.variant.get("machine_translated"))

    @property
    def translation_missing(self) -> bool:
        return bool(self.variant.get("translation_missing"))


# the field metadata never changes: each question is answered once, not once per page
@functools.lru_cache(maxsize=None)
def record_fields(**wanted) -> tuple[str, ...]:
    """Names of the record's fields whose metadata has the given values: record_fields(translate="name")."""
    return tuple(spec.name for spec in dataclasses.fields(Variant)
                 if all(spec.metadata.get(key) == value for key, value in wanted.items()))


def front_matter_fields() -> tuple[str, ...]:
    return record_fields(front_matter=True)


@functools.lru_cache(maxsize=None)
def card_fields() -> tuple[str, ...]:
    """The fields of the metadata card, in the card's order."""
    specs = [spec for spec in dataclasses.fields(Record) if spec.metadata.get("card")]
    return tuple(spec.name for spec in sorted(specs, key=lambda spec: spec.metadata["card"]))


@functools.lru_cache(maxsize=None)
def facet_fields() -> dict[str, str]:
    """{facet: field}; the year facet is worked out from the dates."""
    return {spec.metadata["facet"]: spec.name for spec in dataclasses.fields(Record) if spec.metadata.get("facet")}


def to_json(data: dict) -> str:
    """JSON that diffs well: one key per line, one list item per line.

    json.dump(indent=...) gives the same layout through the pure-Python encoder, which costs
    more than all of cleaning; here each value goes through the C encoder.
    """
    def value(item) -> str:
        if isinstance(item, list) and item:
            return "[\n" + ",\n".join("    " + json.dumps(element, ensure_ascii=False) for element in item) + "\n  ]"
        return json.dumps(item, ensure_ascii=False)

    return "{\n" + ",\n".join(f"  {json.dumps(key, ensure_ascii=False)}: {value(item)}" for key, item in data.items()) + "\n}\n"
