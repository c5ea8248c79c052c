"""The English glossary (build_scripts/data/glossary.yaml) and English names for metadata.

``english_name(text)`` gives the English of a short metadata name — an issuing agency,
an addressee, a region, a document-type label — deterministically, without the model:

1. an exact entry in ``names``, ``terms`` or ``agencies``;
2. a person and a role (``柳楷斌委员`` → ``Member Liu Kaibin``);
3. a place, its level and an agency (``揭阳市工业和信息化局`` →
   ``Jieyang Municipal Bureau of Industry and Information Technology``), places romanised
   with pypinyin, agencies from ``agencies``;
4. otherwise ``fallback``: the Chinese text itself (``"original"``, the default) or its
   pinyin (``"pinyin"``); ``english_name_or_none`` returns None instead.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from build_scripts import settings

GLOSSARY_FILE = settings.DATA_DIR / "glossary.yaml"

_CJK = r"\u3400-\u9fff"


@dataclass(frozen=True)
class Glossary:
    terms: dict[str, str]
    agencies: dict[str, str]
    levels: dict[str, tuple[str, str]]
    roles: dict[str, str]
    names: dict[str, str]
    places: dict[str, str]
    units: dict[str, tuple[int, str]]
    version: str  # hash of the file's content: part of the translation cache key

    @functools.cached_property
    def term_pattern(self) -> re.Pattern | None:
        if not self.terms:
            return None
        ordered = sorted(self.terms, key=len, reverse=True)
        return re.compile("|".join(re.escape(t) for t in ordered))


def load_glossary(path: Path | None = None) -> Glossary:
    """Read a glossary file (default: build_scripts/data/glossary.yaml)."""
    resolved = Path(path or GLOSSARY_FILE).resolve()
    stat = resolved.stat()
    # keyed by size and mtime too: an edited glossary is read again in the same process
    return _load(str(resolved), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load(path: str, size: int = 0, mtime_ns: int = 0) -> Glossary:
    raw = Path(path).read_bytes()
    data = settings.from_text("glossary", raw.decode("utf-8"), Path(path))
    return Glossary(
        terms=dict(data.terms),
        agencies=dict(data.agencies),
        levels=dict(data.levels),
        roles=dict(data.roles),
        names=dict(data.names),
        places=dict(data.places),
        units={unit: (value.factor, value.en) for unit, value in data.units.items()},
        version=hashlib.sha256(raw).hexdigest()[:12],
    )


# --- romanisation -----------------------------------------------------------------

def place_name(text: str, glossary: Glossary | None = None) -> str:
    """English of a place name without its level: the glossary's spelling, else pinyin."""
    glossary = glossary or load_glossary()
    return glossary.places.get(text) or pinyin(text)


def pinyin(text: str, capitalize: bool = True) -> str:
    """Pinyin of a place name, one word: 揭阳 → Jieyang, 西安 → Xi'an."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    out = ""
    for i, syl in enumerate(syllables):
        if i and syl[:1] in "aoe" and out[-1:].isalpha():
            out += "'"
        out += syl
    return out[:1].upper() + out[1:] if capitalize else out


def person_name(text: str) -> str:
    """Pinyin of a personal name, surname first: 柳楷斌 → Liu Kaibin; 徐** → Xu**."""
    hidden = re.match(rf"^([{_CJK}])([*＊×xX]+)$", text)
    if hidden:
        return pinyin(hidden.group(1)) + "*" * len(hidden.group(2))
    surname_len = 2 if len(text) == 4 else 1
    return " ".join(
        part for part in (pinyin(text[:surname_len]), pinyin(text[surname_len:])) if part
    )


# --- names ------------------------------------------------------------------------

def _strip_name(text: str) -> str:
    return re.sub(r"[:：\s]+$", "", text.strip())


def _place_split(text: str, glossary: Glossary) -> tuple[str, str, str] | None:
    """('揭阳', '市', '工业和信息化局') for 揭阳市工业和信息化局, or None."""
    levels = sorted(glossary.levels, key=len, reverse=True)
    level_alt = "|".join(re.escape(lv) for lv in levels)
    match = re.match(rf"^([{_CJK}]{{2,6}}?)({level_alt})(.*)$", text)
    if not match:
        return None
    place, level, rest = match.groups()
    if rest and rest not in glossary.agencies:
        return None
    return place, level, rest


def english_place_path(text: str, glossary: Glossary | None = None) -> list[str] | None:
    """['Guangdong Province', 'Jieyang City'] for 广东省揭阳市; None unless all of it parses."""
    glossary = glossary or load_glossary()
    levels = "|".join(re.escape(lv) for lv in sorted(glossary.levels, key=len, reverse=True))
    parts = re.findall(rf"([{_CJK}]{{2,6}}?)({levels})", text)
    if not parts or "".join(a + b for a, b in parts) != text:
        return None
    return [f"{place_name(place, glossary)} {glossary.levels[level][0]}" for place, level in parts]


def english_name_or_none(text: str | None, glossary: Glossary | None = None) -> str | None:
    """English for a metadata name by the glossary's rules, or None if no rule applies."""
    if not text:
        return None
    glossary = glossary or load_glossary()
    name = _strip_name(text)
    if not name:
        return None
    for table in (glossary.names, glossary.terms, glossary.agencies):
        if name in table:
            return table[name]
    # people: 柳楷斌委员, 徐**代表
    for role in sorted(glossary.roles, key=len, reverse=True):
        if name.endswith(role) and 1 < len(name) - len(role) <= 4:
            who = name[: -len(role)]
            if re.fullmatch(rf"[{_CJK}]{{2,4}}|[{_CJK}][*＊×]+", who):
                return f"{glossary.roles[role]} {person_name(who)}"
    # level + agency with no place: 市工业和信息化局, 县政府
    for level, (_noun, adjective) in glossary.levels.items():
        rest = name[len(level):]
        if name.startswith(level) and rest in glossary.agencies:
            return f"{adjective} {glossary.agencies[rest]}"
    split = _place_split(name, glossary)
    if split:
        place, level, rest = split
        noun, adjective = glossary.levels[level]
        if not rest:
            return f"{place_name(place, glossary)} {noun}"
        return f"{place_name(place, glossary)} {adjective} {glossary.agencies[rest]}"
    # nested places: 广东省揭阳市 → Jieyang City, Guangdong Province
    places = english_place_path(name, glossary)
    if places:
        return ", ".join(reversed(places))
    # a short place + agency: 揭阳工信局
    for agency in sorted(glossary.agencies, key=len, reverse=True):
        place = name[: -len(agency)]
        if name.endswith(agency) and 2 <= len(place) <= 4 and re.fullmatch(f"[{_CJK}]+", place):
            return f"{place_name(place, glossary)} {glossary.agencies[agency]}"
    return None


def english_name(
    text: str | None, glossary: Glossary | None = None, fallback: str = "original"
) -> str | None:
    """English for a short metadata name (agency, addressee, region, type label).

    ``fallback`` decides what comes back when no glossary rule applies: ``"original"``
    (the Chinese text, stripped) or ``"pinyin"`` (a romanisation).  None stays None.
    """
    if text is None:
        return None
    found = english_name_or_none(text, glossary)
    if found is not None:
        return found
    name = _strip_name(text)
    if fallback == "pinyin" and re.search(f"[{_CJK}]", name):
        return pinyin(name)
    return name
