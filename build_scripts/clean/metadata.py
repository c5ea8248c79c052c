"""Page information: the label/value metadata a site prints around a document, in any shape.

Shapes seen on government sites, all read by one parser:
- `发布时间:2023-11-15 来源:本网 浏览次数:` — labels with colons, also glued to the previous
  value (`08:57信息来源: …局阅读次数:`) or letter-spaced (`索 引 号:`);
- `索 引 号 640323004/2022-00062 发文时间 2021-10-22` — labels without colons, separated by spaces;
- `[ 索引号 ] | value | [ 发文字号 ] | value | ||||` — pipe tables with bracketed labels;
- `• 来源:…`, `- 发布日期:…` — bulleted lists;
- `标 题:` on one line and its value on the next;
- in the page's margins only: several labels nobody listed (`稿源:… 编审:…`), a short unlabelled
  lead (`湖南省农业农村厅  时间: …`) and an agency's byline with a date.
The label vocabulary is data (chrome.yaml: page_info_labels); labels are matched in both scripts.
"""
from __future__ import annotations

import functools
import re

from .. import patterns, settings

_BULLET = re.compile(r"^\s*[•·●▪◆◇■□*>-]+\s*")
_TABLE_RULE = re.compile(r"[|丨]")
_LEADING_DATETIME = re.compile(r"((?:19|20)\d{2}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)")
# in the page's margins, any short word before a colon may be a label
_ANY_LABEL = re.compile(r"(?:(?<=\s)|^)([\u4e00-\u9fff]{1,6})\s*:")
_VALUE_STRIP = " 【[]】|丨-•·'\"‘’“”"


def labels() -> dict[str, str | None]:
    """label → the record field its value feeds (None: kept only in page_metadata)."""
    return settings.chrome().page_info_labels


@functools.lru_cache(maxsize=None)
def _alternation() -> str:
    return patterns.one_of(sorted(labels(), key=len, reverse=True), letter_spaced=True)


@functools.lru_cache(maxsize=None)
def _colon_label() -> re.Pattern:
    # a label is what stands right before a colon; it may be glued to the previous value
    return re.compile(rf"({_alternation()})\s*:")


@functools.lru_cache(maxsize=None)
def _bare_label() -> re.Pattern:
    # without colons a label stands alone between spaces: 索 引 号 6403…  发文时间 2021-10-22,
    # maybe numbered: 主题(一) 综合政务 主题(二) 文秘工作
    return re.compile(rf"(?:(?<=\s)|^)({_alternation()})(?:\([一二三四五六七八九十\d]\))?(?=\s|$)")


@functools.lru_cache(maxsize=None)
def _bracket_label() -> re.Pattern:
    return re.compile(rf"[\[【]\s*({_alternation()})\s*[\]】]")


def canonical(label: str) -> str:
    """The label as the vocabulary spells it: no letter-spacing, Simplified characters."""
    return re.sub(r"\s+", "", patterns.fold(label))


def field_for(label: str) -> str | None:
    return labels().get(canonical(label))


def _shape(text: str) -> str:
    """One shape for every table: bullets and pipes → spaces, [label] → label:.

    Every replacement keeps the line's length, so a span of the shaped line is the same span
    of the original, from which the values are read.
    """
    folded = patterns.fold(text)
    folded = _BULLET.sub(lambda m: " " * len(m.group()), folded)
    folded = _bracket_label().sub(lambda m: " " + m.group()[1:-1] + ":", folded)
    return _TABLE_RULE.sub(" ", folded)


def _labels_in(shaped: str) -> list[re.Match]:
    """Labels before colons. A common one (名称, 日期) glued to a word before it ends a longer
    label we do not know (信息分类名称:), so it is read as part of the value before it."""
    return [match for match in _colon_label().finditer(shaped)
            if not (canonical(match.group(1)) in settings.chrome().weak_page_info_labels
                    and re.search(r"[\u4e00-\u9fff]$", shaped[: match.start()]))]


def _pairs(text: str, matches: list[re.Match]) -> dict[str, str]:
    info: dict[str, str] = {}
    for match, following in zip(matches, matches[1:] + [None]):
        value = text[match.end(): following.start() if following else len(text)]
        info.setdefault(re.sub(r"\s+", "", match.group(1)), value.strip(_VALUE_STRIP))
    return info


def parse(text: str, *, loose: bool = False) -> dict[str, str] | None:
    """{label: value} when the line is page information, else None.

    Strict (inside the document): the whole line is label:value pairs of listed labels, with at
    most a date in front. Loose (above or below the document, where a page prints its
    metadata): listed labels without colons count too, so do two or more unlisted labels with
    colons, and an agency's name followed by a date; a short unlabelled lead (the site's or
    agency's name) is kept under the key "".
    """
    text = text.strip()
    folded = patterns.fold(text)
    if not loose and ":" not in folded and "[" not in folded and "【" not in folded:
        return None  # inside the document only labels with colons (or in brackets) count
    shaped = _shape(text)
    matches = _labels_in(shaped)
    if not matches and loose:
        matches = list(_bare_label().finditer(shaped))
        if not matches or matches[0].start() != 0:
            # labels nobody listed (稿源: … 编审: …), when there are several on one line
            matches = list(_ANY_LABEL.finditer(shaped))
            if len(matches) < 2 or shaped[: matches[0].start()].strip():
                return _agency_and_date(text)
    if not matches:
        return None
    info: dict[str, str] = {}
    if re.search(r"[\u4e00-\u9fff]$", shaped[: matches[0].start()]):
        return None  # the first label is glued to a word before it: 意见反馈截止日期: is a sentence's
    lead = text[: matches[0].start()].strip(_VALUE_STRIP)
    if lead:
        leading_date = _LEADING_DATETIME.fullmatch(patterns.fold(lead))
        if leading_date:
            info["日期"] = lead
        elif loose and len(lead) <= settings.chrome().settings.page_info_lead_max_chars \
                and not re.search(f"[{patterns.SENTENCE_END},]", lead):
            info[""] = lead
            dated = _LEADING_DATETIME.search(patterns.fold(lead))  # 【字体: 】 打印 2018-04-03 14:06 来源:…
            if dated:
                info["日期"] = lead[dated.start(): dated.end()]
        else:
            return None
    info.update(_pairs(text, matches))
    return info


def _agency_and_date(text: str) -> dict[str, str] | None:
    """清水县人民政府 2024年01月08日, 皇姑区 2020年05月26日: a byline of the publishing body (or
    its place) and the date, no labels."""
    match = re.fullmatch(r"(\S{2,30}?)\s+(\S.*)", text)
    named = match and (patterns.agency_line(match.group(1)) or patterns.place_name(8).fullmatch(match.group(1)))
    if named and patterns.date_line(re.sub(r"\s*\d{1,2}:\d{2}(?::\d{2})?$", "", match.group(2))):
        return {"": match.group(1), "日期": match.group(2)}
    return None


def value_of(text: str) -> str:
    """A value printed on a line of its own, without the list bullet or table rule around it."""
    return _BULLET.sub("", text).strip(_VALUE_STRIP)


def weak_only(info: dict[str, str]) -> bool:
    """Labels too common in document text (时间:, 来源:) to lift when they stand alone in the body."""
    named = [label for label in info if label]
    return len(named) == 1 and canonical(named[0]) in settings.chrome().weak_page_info_labels


def label_only(text: str, *, loose: bool = False) -> str | None:
    """The label when the line is a label whose value the page printed on the next line."""
    info = parse(text, loose=loose)
    if re.search(r"[|丨]", text):
        return None  # a table row: an empty cell is an empty value, not one printed below
    if info and len(info) == 1:
        label, value = next(iter(info.items()))
        if label and not value and canonical(label) not in settings.chrome().labels_without_value_below:
            return label
    return None
