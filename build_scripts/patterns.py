"""Shapes of lines that both the cleaner and the structurer recognise.

These describe official-document conventions (GB/T 9704 layout), not any one site, so they
live in code; the vocabularies they use (agency suffixes, closing formulas) are data.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re

from . import config

CJK = r"\u4e00-\u9fff"

# Pages mix full-width (U+FF01–FF5E) and ASCII punctuation. Rules are written once, in ASCII,
# and matched against a folded copy; folding maps one character to one character, so a span
# found in the folded copy is the same span in the original text, which is never changed.
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    if not _FULL_WIDTH.search(text):
        return text
    return _FULL_WIDTH.sub(lambda match: chr(ord(match.group()) - 0xFEE0), text)
SENTENCE_END = "。!?;"

# 金经信办建〔2023〕22号, 高卫体发[2023]148号, 岳办发〔2017〕2号
DOC_NUMBER = re.compile(
    rf"[{CJK}A-Za-z]{{1,16}}\s*[〔\[(【\[(]\s*(?:19|20)\d{{2}}\s*[〕\])】\])]\s*第?\s*\d{{1,5}}\s*号"
)
# 640100-115/2017-22498, 1133070000259288XD/2023-04645, 003129766/201901-00336
INDEX_NUMBER = re.compile(r"[0-9A-Z]{6,20}(?:[-/][0-9A-Za-z]{1,12}){1,4}")

_ZH_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
DATE_CJK = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_ZH_NUMERALS = re.compile(r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
DATE_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
# a page that lost 年/月 on capture: 2017821, 20170809
DATE_DIGITS_ONLY = re.compile(r"((?:19|20)\d{2})(\d{1,2})(\d{1,2})")

CONTACT_LINE = re.compile(
    r"[((]?\s*(?:联\s*系\s*人|联系电话|联系方式|联\s*系\s*人\s*及\s*电\s*话|电\s*话|承\s*办\s*人|经\s*办\s*人|"
    r"领导签批|领导签字|签\s*发\s*人|审\s*核\s*人|抄\s*送|抄\s*报|传\s*真|邮\s*编|通讯地址)\s*[::]"
)


def iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _zh_number(text: str) -> int:
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


def date_line(text: str) -> str | None:
    """ISO date if the whole line is a date (a signature's date line), else None."""
    compact = re.sub(r"\s+", "", fold(text))
    for pattern in (DATE_CJK, DATE_ZH_NUMERALS, DATE_ISO):
        if pattern.fullmatch(compact):
            return parse_date(compact)
    return None


def digits_only_date(text: str) -> str | None:
    """A date that lost its 年/月 on capture (2017821): accepted only when one reading is valid."""
    compact = fold(text).strip()
    if not re.fullmatch(r"(?:19|20)\d{4,6}", compact):
        return None
    year, rest = int(compact[:4]), compact[4:]
    readings = {
        iso_date(year, int(rest[:cut]), int(rest[cut:]))
        for cut in (1, 2) if 0 < cut < len(rest) and len(rest) - cut <= 2
    } - {None}
    return readings.pop() if len(readings) == 1 else None


def agency_suffixes() -> list[str]:
    return config.load("agencies")["suffixes"]


def agency_line(text: str) -> bool:
    """A line that is only an organisation's name (a signature line)."""
    compact = re.sub(r"\s+", "", fold(text))
    if not 3 <= len(compact) <= config.load("agencies")["max_name_chars"]:
        return False
    if re.search(rf"[{SENTENCE_END},,::《》“”\d]", compact):
        return False
    return compact.endswith(tuple(agency_suffixes()))


@functools.lru_cache(maxsize=None)
def _closing_formulas() -> frozenset[str]:
    return frozenset(re.sub(r"\s+", "", fold(f)) for f in config.load("chrome")["closing_formulas"])


def closing_formula(text: str) -> bool:
    return re.sub(r"\s+", "", fold(text)) in _closing_formulas()


def ends_sentence(text: str) -> bool:
    """Ends with a full stop, or with a quote or bracket closing a sentence (…。” …。))."""
    folded = fold(text.rstrip())
    if folded[-1:] and folded[-1] in "”\"」』)":
        folded = folded[:-1]
    return bool(folded) and folded[-1] in SENTENCE_END


def compact(text: str) -> str:
    """Drop the spaces a page puts between characters (答 复 → 答复, 索 引 号 → 索引号)."""
    return re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", text).strip()
