"""The data files archivists extend (build_scripts/data/*.yaml), each read once and checked.

Every file has a pydantic model below, and an accessor (`settings.chrome()`,
`settings.structure()`, …) that gives its typed contents, read once per process. A wrong or
missing value stops the run with a SettingsError naming the file, the key path and the problem,
before a single page is read with half a rule set.

Unknown keys: the keys of a file and of its sections are fixed, so an unknown one is a typo and
is reported. An item of a rules list (a chrome rule, a document type) may carry notes of its
own beside `examples` and `keeps`, unless the key reads like a misspelt field (`ends_pgae`).
"""
from __future__ import annotations

import codecs
import difflib
import functools
import os
import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator,
                      model_validator)

DATA_DIR = Path(__file__).resolve().parent / "data"
_ROOT = DATA_DIR.parent.parent
# the site's languages: Simplified (the original, at the site's root), Traditional, English
LANGUAGES = ("zh", "zh-Hant", "en")
# where each language's site lies inside site/ (Simplified at the root)
SITE_DIR = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}

try:  # the C loader is ~10x faster on the large place-name file
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


class SettingsError(Exception):
    """A data file that cannot be read, is not YAML, or holds a wrong or missing value."""


# --- value types ------------------------------------------------------------------

def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"not a valid regular expression: {error}") from None
    return pattern


def _known_encoding(name: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError:
        raise ValueError(f"no such encoding: {name}") from None
    return name


# an empty word would match every line (every text ends with "")
Word = Annotated[str, Field(min_length=1)]
Words = tuple[Word, ...]
Count = Annotated[int, Field(ge=0)]
Regex = Annotated[str, AfterValidator(_compiles)]
Language = Literal[LANGUAGES]  # one of LANGUAGES
# the record fields a page-information label may feed
PageField = Literal["title", "doc_number", "index_number", "publication_date", "issue_date",
                    "publisher", "source", "author"]


class _Section(BaseModel):
    """A file, or a section of one: its keys are fixed, so an unknown key is a typo."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _RuleItem(BaseModel):
    """An item of a rules list: archivists may document it with keys of their own (a note, a
    source), but a key that reads like a misspelt field would silently drop a condition."""

    model_config = ConfigDict(extra="allow", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _no_misspelt_fields(cls, data):
        if isinstance(data, dict):
            for key in [str(key) for key in data if key not in cls.model_fields]:
                close = difflib.get_close_matches(key, cls.model_fields, n=1, cutoff=0.8)
                if close:
                    raise ValueError(f"unknown key {key!r}: did you mean {close[0]!r}?")
        return data


# --- read.yaml --------------------------------------------------------------------

class Read(_Section):
    candidate_encodings: tuple[Annotated[str, AfterValidator(_known_encoding)], ...] = Field(min_length=1)
    max_control_characters: Count
    max_control_ratio: Annotated[float, Field(ge=0, le=1)]
    manifest_files: tuple[Word, ...] = Field(min_length=1)
    manifest_columns: dict[Literal["file", "source_url", "retrieved", "notes"], Words]

    @field_validator("manifest_columns")
    @classmethod
    def _every_column_named(cls, value: dict) -> dict:
        missing = {"file", "source_url", "retrieved", "notes"} - set(value)
        if missing:
            raise ValueError("names no column for " + ", ".join(sorted(missing)))
        return value


# --- chrome.yaml ------------------------------------------------------------------

class LineRule(_RuleItem):
    name: Word
    zone: Literal["anywhere", "header", "footer"]
    pattern: Regex
    widget: bool = False
    ends_page: bool = False
    examples: tuple[str, ...] = ()
    keeps: tuple[str, ...] = ()


class PageLayout(_Section):
    title_max_chars: Count
    paragraph_min_chars: Count
    prose_min_chars: Count
    slogan_gap_lines: Count
    title_max_lines: Annotated[int, Field(ge=1)]
    derived_title_chars: Count
    page_info_lead_max_chars: Count
    caption_min_run: Count
    caption_max_chars: Count


class Chrome(_Section):
    line_rules: tuple[LineRule, ...]
    font_size_words: Words
    closing_formulas: Words
    page_info_labels: dict[Word, PageField | None]
    settings: PageLayout
    labels_without_value_below: frozenset[Word]
    weak_page_info_labels: frozenset[Word]

    @field_validator("line_rules")
    @classmethod
    def _rule_names_unique(cls, rules: tuple[LineRule, ...]) -> tuple[LineRule, ...]:
        names = [rule.name for rule in rules]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:  # a removed line names its rule: two rules of one name cannot be told apart
            raise ValueError(f"more than one rule named {', '.join(twice)}")
        return rules


# --- agencies.yaml ----------------------------------------------------------------

class Agencies(_Section):
    suffixes: Words
    max_name_chars: Count
    not_agencies: frozenset[Word]
    site_endings: Words


# --- doc_types.yaml ---------------------------------------------------------------

class TypeRule(_RuleItem):
    id: Word
    title: Regex | None = None
    reply: bool = False
    body: Regex | None = None
    news: bool = False


class DocTypes(_Section):
    types: tuple[TypeRule, ...]
    labels: dict[Word, dict[Language, str]]
    reply_markers: Regex
    title_form_words: Words
    official_title_words: Words
    title_verbs: Words
    title_openers: Words
    title_continues_after: Words
    proposal_cited_by: Words
    proposal_kinds: Words
    derived_reply_title: str
    official_title: Regex

    @field_validator("labels")
    @classmethod
    def _every_type_named(cls, labels: dict, info: ValidationInfo) -> dict:
        # "other" is what a document gets when no rule holds
        for type_id in [rule.id for rule in info.data.get("types", ())] + ["other"]:
            missing = [lang for lang in LANGUAGES if lang not in labels.get(type_id, {})]
            if missing:
                raise ValueError(f"no label for {type_id} in {', '.join(missing)}")
        return labels

    @field_validator("derived_reply_title")
    @classmethod
    def _fills_in_cited_and_number(cls, template: str) -> str:
        try:
            template.format(cited="", number="")
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(f"only {{cited}} and {{number}} can be filled in ({error!r})") from None
        return template


# --- regions.yaml -----------------------------------------------------------------

class Place(_Section):
    name: Word
    level: Literal["province", "city", "county"]
    parent: Word | None = None
    short: Word | None = None


class Regions(_Section):
    national: Words
    national_prefixes: Words
    national_region: Word
    place_suffixes: Words
    places: tuple[Place, ...]

    @field_validator("places")
    @classmethod
    def _parents_listed(cls, places: tuple[Place, ...]) -> tuple[Place, ...]:
        names = {place.name for place in places}
        orphans = sorted({place.parent for place in places if place.parent and place.parent not in names})
        if orphans:  # a region path climbs through the parents
            raise ValueError(f"parent not listed as a place: {', '.join(orphans)}")
        return places


# --- structure.yaml ---------------------------------------------------------------

class Headings(_Section):
    own_line_max_chars: Count
    own_line_stopped_max_chars: Count
    run_in_max_chars: Annotated[int, Field(ge=1)]


class Addressee(_Section):
    search_lines: Count
    max_chars: Count
    honorifics: Words
    bare_max_chars: Count
    openers: Words
    bodies_opener: Word
    not_before_colon: Words


class Signature(_Section):
    max_agency_lines: Count


class RegionSearch(_Section):
    body_chars: Count


class Structure(_Section):
    headings: Headings
    addressee: Addressee
    signature: Signature
    region: RegionSearch
    lead_in_words: Words
    contact_labels: Words
    agency_labels: Words


# --- glossary.yaml ----------------------------------------------------------------

class Unit(_Section):
    factor: int
    en: str = ""


class Glossary(_Section):
    terms: dict[Word, str] = {}
    agencies: dict[Word, str] = {}
    levels: dict[Word, tuple[str, str]] = {}
    roles: dict[Word, str] = {}
    names: dict[Word, str] = {}
    places: dict[Word, str] = {}
    units: dict[Word, Unit] = {}


# --- variants.yaml ----------------------------------------------------------------

class Traditional(_Section):
    opencc_config: Literal["s2t", "s2tw", "s2twp", "s2hk"]


class ArgosOptions(_Section):
    beam_size: int = Field(4, ge=1)
    compute_type: str = "int8"


class CTranslate2Options(_Section):
    model_dir: str | None = None
    label: str | None = None
    source_spm: str = "src.spm.model"
    target_spm: str | None = None  # None: the source model decodes the target too
    source_prefix: list[str] = []
    source_suffix: list[str] = []
    target_prefix: list[str] = []
    beam_size: int = Field(4, ge=1)
    compute_type: str = "int8"
    max_decoding_length: int = Field(256, ge=1)


class English(_Section):
    engine: Literal["argos", "ctranslate2"] = "argos"
    packages_dir: str | None = None
    argos: ArgosOptions = ArgosOptions()
    ctranslate2: CTranslate2Options = CTranslate2Options()
    ray_address: str | None = None
    install_timeout: int = Field(60, ge=1)


class Variants(_Section):
    traditional: Traditional
    english: English


# --- traditional_phrases.yaml -----------------------------------------------------

# a key or value of an OpenCC text dictionary: tabs, spaces and line breaks separate its fields
Phrase = Annotated[str, Field(min_length=1, pattern=r"^\S+$")]


class PhraseCorrection(_RuleItem):
    simplified: Phrase
    traditional: Phrase
    note: str | None = None

    @model_validator(mode="after")
    def _characters_only(self):
        # a correction fixes characters, it does not reword; and the search aligns the two
        # scripts character by character
        if len(self.simplified) != len(self.traditional):
            raise ValueError(f"{self.traditional!r} must have one character for each of {self.simplified!r}")
        return self


class TraditionalPhrases(_Section):
    phrases: tuple[PhraseCorrection, ...] = ()

    @field_validator("phrases")
    @classmethod
    def _one_correction_a_phrase(cls, phrases: tuple[PhraseCorrection, ...]) -> tuple[PhraseCorrection, ...]:
        keys = [phrase.simplified for phrase in phrases]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:  # OpenCC would take one of them, silently
            raise ValueError(f"more than one correction of {', '.join(twice)}")
        return phrases


# --- script.yaml ------------------------------------------------------------------

class Script(_Section):
    min_marked_characters: Count
    traditional_share: Annotated[float, Field(ge=0, lt=1)]


# --- site.yaml --------------------------------------------------------------------

class Site(_Section):
    documents_per_shard: Annotated[int, Field(ge=1)]


# --- labels/<lang>.yaml -------------------------------------------------------------

class Labels(BaseModel):
    """Every word of one language's site: label → text."""

    model_config = ConfigDict(frozen=True)
    words: dict[Word, str]

    @model_validator(mode="before")
    @classmethod
    def _as_words(cls, data):
        return {"words": data}

    def __getitem__(self, key: str) -> str:
        return self.words[key]


# --- loading ----------------------------------------------------------------------

MODELS: dict[str, type[BaseModel]] = {
    "read": Read, "chrome": Chrome, "agencies": Agencies, "doc_types": DocTypes, "regions": Regions,
    "structure": Structure, "glossary": Glossary, "variants": Variants,
    "traditional_phrases": TraditionalPhrases, "script": Script, "site": Site,
    **{f"labels/{lang}": Labels for lang in LANGUAGES},
}


def _shown(path: Path) -> str:
    """The file as a message names it: from the project's root when it lies inside."""
    try:
        return str(Path(path).resolve().relative_to(_ROOT))
    except ValueError:
        return str(path)


def _problem(error: dict) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "(the whole file)"
    got = error.get("input")
    shown = f" (got {got!r})" if error["type"] != "missing" and isinstance(got, (str, int, float)) else ""
    return f"{where}: {error['msg'].removeprefix('Value error, ')}{shown}"


def from_text(name: str, text: str, path: Path) -> BaseModel:
    """The named file's model from its YAML `text`; `path` is what the messages name."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise SettingsError(f"{_shown(path)}: not valid YAML: {error}") from None
    try:
        return MODELS[name].model_validate({} if data is None else data)
    except ValidationError as error:
        raise SettingsError("\n".join(f"{_shown(path)}: {_problem(e)}" for e in error.errors())) from None


def load(name: str, data_dir: Path | None = None) -> BaseModel:
    """`<data_dir>/<name>.yaml` (default build_scripts/data), read and checked on every call:
    the pipeline uses the cached accessors below; tests point `data_dir` at copies."""
    path = Path(data_dir or DATA_DIR) / f"{name}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{_shown(path)}: cannot be read: {error}") from None
    return from_text(name, text, path)


@functools.lru_cache(maxsize=None)
def read() -> Read:
    return load("read")


@functools.lru_cache(maxsize=None)
def chrome() -> Chrome:
    return load("chrome")


@functools.lru_cache(maxsize=None)
def agencies() -> Agencies:
    return load("agencies")


@functools.lru_cache(maxsize=None)
def doc_types() -> DocTypes:
    return load("doc_types")


@functools.lru_cache(maxsize=None)
def regions() -> Regions:
    return load("regions")


@functools.lru_cache(maxsize=None)
def structure() -> Structure:
    return load("structure")


@functools.lru_cache(maxsize=None)
def glossary() -> Glossary:
    return load("glossary")


@functools.lru_cache(maxsize=None)
def variants() -> Variants:
    return load("variants")


@functools.lru_cache(maxsize=None)
def traditional_phrases() -> TraditionalPhrases:
    return load("traditional_phrases")


@functools.lru_cache(maxsize=None)
def script() -> Script:
    return load("script")


@functools.lru_cache(maxsize=None)
def labels(lang: str) -> Labels:
    """The words of the `lang` site (data/labels/<lang>.yaml): the same labels as Simplified, so
    no page is ever left without a word."""
    found = load(f"labels/{lang}")
    missing = sorted(set(load("labels/zh").words) - set(found.words))
    if missing:
        raise SettingsError(f"{_shown(DATA_DIR / 'labels' / f'{lang}.yaml')}: no label for {', '.join(missing)}")
    return found


@functools.lru_cache(maxsize=None)
def site() -> Site:
    """data/site.yaml; ARCHIVE_DOCUMENTS_PER_SHARD (a whole number ≥ 1) overrides its shard size."""
    found = load("site")
    override = os.environ.get("ARCHIVE_DOCUMENTS_PER_SHARD")
    if override is None:
        return found
    if not override.strip().isdigit() or int(override) < 1:
        raise SettingsError(f"ARCHIVE_DOCUMENTS_PER_SHARD: not a whole number of at least 1 (got {override!r})")
    return found.model_copy(update={"documents_per_shard": int(override)})
