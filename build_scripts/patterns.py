"""Shapes of lines that both the cleaner and the structurer recognise.

These describe official-document conventions (GB/T 9704 layout), not any one site, so they
live in code; the vocabularies they use (agency suffixes, closing formulas) are data.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable

from . import settings

CJK = r"\u4e00-\u9fff"

# Pages mix full-width (U+FF01–FF5E) and ASCII punctuation, and central sites serve a copy in
# Traditional characters. Rules are written once, in ASCII punctuation and Simplified
# characters, and matched against a folded copy; folding maps one character to one character,
# so a span found in the folded copy is the same span in the original text, which is never
# changed.
_VOCABULARY_FILES = ("chrome", "agencies", "doc_types", "structure", "regions")


@functools.lru_cache(maxsize=None)
def _fold_table() -> dict[int, int]:
    """Full-width → ASCII, and the Traditional forms of every word our rule files use → Simplified.

    The Traditional forms come from OpenCC, word by word (so 發佈 gives 佈 → 布 in context),
    and only where the conversion keeps the word's length: a one-to-one map.
    """
    import opencc

    table = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    words: set[str] = set()
    for name in _VOCABULARY_FILES:
        words.update(re.findall(rf"[{CJK}]+", (settings.DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")))
    text = "\n".join(sorted(words))
    pairs: dict[str, str] = {}
    for variant in ("s2t", "s2tw", "s2hk"):
        converted = opencc.OpenCC(variant).convert(text)
        for word, traditional in zip(text.split("\n"), converted.split("\n")):
            if len(word) == len(traditional):
                pairs.update((trad, simple) for simple, trad in zip(word, traditional) if simple != trad)
    # keep a pair only when OpenCC converts the character back the same way on its own
    back = opencc.OpenCC("t2s").convert("".join(pairs))
    for (trad, simple), converted in zip(pairs.items(), back):
        if converted == simple:
            table[ord(trad)] = ord(simple)
    return table


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    return text.translate(_fold_table())


SENTENCE_END = "。!?;"

# 金经信办建〔2023〕22号, 高卫体发[2023]148号, 岳办发〔2017〕2号
DOC_NUMBER = re.compile(
    rf"[{CJK}A-Za-z]{{1,16}}\s*[〔\[(【\[(]\s*(?:19|20)\d{{2}}\s*[〕\])】\])]\s*第?\s*\d{{1,5}}\s*号"
)
# a document number a capture garbled, on a line of its own: 牟政办发〔201746 (〕 and 号 lost)
DOC_NUMBER_GARBLED = re.compile(
    rf"[{CJK}]{{1,16}}\s*[〔\[(【]\s*(?:19|20)\d{{2}}\s*[〕\])】]?\s*第?\s*\d{{1,5}}\s*号?"
)
# 640100-115/2017-22498, 1133070000259288XD/2023-04645, 003129766/201901-00336
INDEX_NUMBER = re.compile(r"[0-9A-Z]{6,20}(?:[-/][0-9A-Za-z]{1,12}){1,4}")

_ZH_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
# 2018年10日11日: a 月 mistyped as 日 is still read (the third part must follow)
DATE_CJK = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*[月日]\s*(\d{1,2})\s*日")
# 二〇二三年五月十六日; also with the year's zero typed as a letter or digit (二O一一年), and
# with Arabic month and day (二O一一年5月16日)
DATE_ZH_NUMERALS = re.compile(r"([〇零○Oo0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3}|\d{1,2})月([一二三四五六七八九十]{1,3}|\d{1,2})日")
DATE_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
# a page that lost 年/月 on capture: 2017821, 20170809
DATE_DIGITS_ONLY = re.compile(r"((?:19|20)\d{2})(\d{1,2})(\d{1,2})")



def one_of(words: Iterable[str], *, letter_spaced: bool = False) -> str:
    """A pattern matching any of the words, tried in the given order; letter-spaced: also as a
    page may print a label, with spaces between its characters (联 系 人, 索 引 号)."""
    if letter_spaced:
        return "|".join(r"\s*".join(map(re.escape, word)) for word in words)
    return "|".join(map(re.escape, words))


@functools.lru_cache(maxsize=None)
def _contact_line() -> re.Pattern:
    labels = one_of(settings.structure().contact_labels, letter_spaced=True)
    return re.compile(rf"[((]?\s*(?:{labels})\s*[::]")


def contact_line(text: str) -> bool:
    """A line of the document's contact block: 联系人:, 联系电话:, 承办人:, 抄送:…"""
    return bool(_contact_line().match(fold(text)))


_CN_NUMERALS = "一二三四五六七八九十百零〇"
# section numbering, outermost first (the conventional order of Chinese official documents)
HEADING_STYLES: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"第[{_CN_NUMERALS}\d]+章")),
    ("section", re.compile(rf"第[{_CN_NUMERALS}\d]+节")),
    ("cn", re.compile(rf"[{_CN_NUMERALS}]+\s*[、,,.]")),
    ("cn_paren", re.compile(rf"[((]\s*[{_CN_NUMERALS}]+\s*[))]")),
    ("arabic", re.compile(r"\d{1,2}\s*(?:[、.](?!\d)|\s(?=[\u4e00-\u9fff]))")),
    ("decimal", re.compile(r"\d{1,2}\.\d{1,2}(?:\.\d{1,2})?(?![\d%%])\s*")),
    ("arabic_paren", re.compile(r"[((]\s*\d{1,2}\s*[))]")),
]


def numbering(text: str) -> tuple[str, str] | None:
    """(style, numbering) when the line starts with section numbering."""
    folded = fold(text)
    for style, pattern in HEADING_STYLES:
        match = pattern.match(folded)
        if match:
            return style, text[: match.end()]
    return None


def doc_number_line(text: str) -> bool:
    """A line that is only a document number (金经信办建〔2023〕22号), or one garbled on capture."""
    folded = fold(text).strip()
    return bool(DOC_NUMBER.fullmatch(folded) or DOC_NUMBER_GARBLED.fullmatch(folded))


def iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _zh_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(units, 0) if units else 0)
    return _ZH_DIGITS[text]


def parse_date(text: str) -> str | None:
    """The first date written in `text`, as ISO, or None."""
    text = fold(text)
    for pattern in (DATE_CJK, DATE_ISO):
        match = pattern.search(text)
        if match:
            return iso_date(*(int(part) for part in match.groups()))
    match = DATE_ZH_NUMERALS.search(text)
    if match:
        year = int("".join(str(_ZH_DIGITS[ch]) for ch in match.group(1)))
        return iso_date(year, _zh_number(match.group(2)), _zh_number(match.group(3)))
    return None


_SPACES = re.compile(r"\s+")


def date_line(text: str) -> str | None:
    """ISO date if the whole line is a date (a signature's date line), else None."""
    if len(text) > 40:  # a paragraph: not worth three patterns
        return None
    compact = _SPACES.sub("", fold(text))
    for pattern in (DATE_CJK, DATE_ZH_NUMERALS, DATE_ISO):
        if pattern.fullmatch(compact):
            return parse_date(compact)
    return None


def digits_only_date(text: str) -> str | None:
    """A date that lost its 年/月 on capture (2017821): accepted only when one reading is valid.

    Chinese dates are written either unpadded (2023年10月8日) or padded (2014年02月23日), so a
    reading that pads one part and not the other (2023108 as 1月08日) is not taken.
    """
    compact = fold(text).strip()
    if len(compact) > 10 or not re.fullmatch(r"(?:19|20)\d{4,6}", compact):
        return None
    year, rest = int(compact[:4]), compact[4:]
    readings = set()
    for cut in (1, 2):
        month, day = rest[:cut], rest[cut:]
        if not 0 < len(day) <= 2:
            continue
        padded = [len(part) == 2 and part.startswith("0") for part in (month, day)]
        if padded[0] != padded[1] and any(padded):
            continue
        readings.add(iso_date(year, int(month), int(day)))
    readings.discard(None)
    return readings.pop() if len(readings) == 1 else None


def spaced_date(text: str) -> str | None:
    """A date line whose 年/月/日 were lost as spaces on capture: '2017 6 23' (stray marks allowed)."""
    if len(text) > 30:
        return None
    match = re.fullmatch(r"[^\w]*((?:19|20)\d{2})\s+(\d{1,2})\s+(\d{1,2})[^\w]*", fold(text).strip())
    return iso_date(*(int(part) for part in match.groups())) if match else None


@functools.lru_cache(maxsize=None)
def place_name(longest: int) -> re.Pattern:
    """A place's name, listed or not: up to `longest` characters and a level (省, 市, 县…)."""
    return re.compile(rf"[{CJK}]{{1,{longest}}}(?:{one_of(settings.regions().place_suffixes)})")


def agency_suffixes() -> tuple[str, ...]:
    return settings.agencies().suffixes


def agency_line(text: str) -> bool:
    """A line that is only an organisation's name (a signature line)."""
    compact = re.sub(r"\s+", "", fold(text))
    agencies = settings.agencies()
    if not 3 <= len(compact) <= agencies.max_name_chars:
        return False
    if re.search(rf"[{SENTENCE_END},,::《》“”\d|丨/]", compact):
        return False  # a list of names (市委 | 市政府 | 市政协) is a navigation bar
    return compact.endswith(agencies.suffixes) and not compact.endswith(agencies.site_endings)


@functools.lru_cache(maxsize=None)
def _closing_formulas() -> frozenset[str]:
    return frozenset(re.sub(r"\s+", "", fold(f)) for f in settings.chrome().closing_formulas)


def closing_formula(text: str) -> bool:
    return len(text) <= 20 and _SPACES.sub("", fold(text)) in _closing_formulas()


def ends_sentence(text: str) -> bool:
    """Ends with a full stop, or with a quote or bracket closing a sentence (…。” …。))."""
    folded = fold(text.rstrip())
    if folded[-1:] and folded[-1] in "”\"」』)":
        folded = folded[:-1]
    return bool(folded) and folded[-1] in SENTENCE_END


def compact(text: str) -> str:
    """Drop the spaces a page puts between characters (答 复 → 答复, 索 引 号 → 索引号)."""
    return re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", text).strip()
