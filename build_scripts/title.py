"""Where a page's document begins, and its title.

Small extractors tried in order, each returning a TitleMatch or None (after trafilatura's
metadata functions): a labelled 名称 field, a title the page repeats, the line just above the
page-info line, a line shaped like an official title, and last a title derived from the
proposal that a reply cites.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import config, patterns

def clean_rules():
    from .clean import rules
    return rules()


if TYPE_CHECKING:  # pragma: no cover
    from .clean import CleanPage


@dataclass
class TitleMatch:
    text: str
    extractor: str
    positions: list[int] = field(default_factory=list)  # lines (in page.lines) that hold the title
    start: int = 0  # where the document proper begins: lines above are page header
    derived: bool = False


def _settings() -> dict:
    return config.load("chrome")["settings"]


def _form_words() -> tuple[str, ...]:
    return tuple(config.load("doc_types")["title_form_words"])


def _body_positions(page: "CleanPage") -> list[int]:
    return [position for position, line in enumerate(page.lines) if line.role == "body"]


def _is_paragraph(text: str) -> bool:
    return patterns.ends_sentence(text) or len(text) > _settings()["title_max_chars"]


def _is_addressee(text: str) -> bool:
    return patterns.fold(text).endswith(":") and len(text) <= 160 and "。" not in text


def _title_like(text: str) -> bool:
    compact = patterns.fold(patterns.compact(text))
    return (4 <= len(compact) <= _settings()["title_max_chars"]
            and not _is_paragraph(compact) and not _is_addressee(compact)
            and not patterns.date_line(compact) and not patterns.DOC_NUMBER.fullmatch(compact)
            and not patterns.INDEX_NUMBER.fullmatch(compact)
            and not re.fullmatch(r"[\d\s:/.-]+", compact))


def _window(page: "CleanPage") -> list[int]:
    """Body lines near the top, up to the first paragraph or addressee: where a title can be."""
    window = []
    header_rules = [rule.pattern for rule in clean_rules() if rule.zone == "header"]
    for position in _body_positions(page)[: _settings()["title_search_lines"]]:
        text = page.lines[position].text
        if any(pattern.fullmatch(patterns.fold(text)) for pattern in header_rules):
            continue  # banner lines above a title (欢迎来到…) do not end the search
        if _is_paragraph(text) or _is_addressee(text):
            break
        window.append(position)
    return window


def from_page_info(page: "CleanPage") -> TitleMatch | None:
    value = page.page_fields.get("title")
    if not value:
        return None
    wanted = patterns.compact(value)
    for position in _body_positions(page):
        if patterns.compact(page.lines[position].text) == wanted:
            return TitleMatch(page.lines[position].text, "page_info_title", [position], position)
    return TitleMatch(value, "page_info_title", [], document_start(page))


def from_repetition(page: "CleanPage") -> TitleMatch | None:
    """A page with a metadata table states its title twice; the last one heads the document."""
    seen: dict[str, list[int]] = {}
    for position in _window(page):
        text = page.lines[position].text
        if _title_like(text) and len(patterns.compact(text)) >= 5 and not patterns.agency_line(text):
            seen.setdefault(patterns.compact(text), []).append(position)
    repeated = [positions for positions in seen.values() if len(positions) > 1]
    if not repeated:
        return None
    last = repeated[0][-1]
    return TitleMatch(page.lines[last].text, "repeated_title", [last], last)


def before_page_info(page: "CleanPage") -> TitleMatch | None:
    """News and disclosure pages print the title straight above 发布时间/来源."""
    window = set(_window(page))
    previous_body = None
    for position, line in enumerate(page.lines[: _settings()["title_search_lines"] * 2]):
        if line.role == "lifted" and line.field == "page_info":
            if previous_body is not None and previous_body in window and _title_like(page.lines[previous_body].text):
                return TitleMatch(page.lines[previous_body].text, "title_above_page_info", [previous_body], previous_body)
        elif line.role == "body":
            previous_body = position
    return None


def by_form(page: "CleanPage") -> TitleMatch | None:
    """A line shaped like an official title: 关于…的通知, …工作规则; joined when the page broke it."""
    window = _window(page)
    for slot, position in enumerate(window):
        text = patterns.compact(page.lines[position].text)
        if not _title_like(text) or patterns.agency_line(text):
            continue
        if not ("关于" in text or text.endswith(_form_words()) or re.search(r"\([^()]*号\)$", patterns.fold(text))):
            continue
        positions = [position]
        # an issuing body's name printed on the line above (发文机关标志) belongs to the title
        if slot > 0 and text.startswith("关于") and patterns.agency_line(page.lines[window[slot - 1]].text):
            positions.insert(0, window[slot - 1])
        for following in window[slot + 1:]:
            joined = "".join(patterns.compact(page.lines[p].text) for p in positions)
            follower = patterns.compact(page.lines[following].text)
            open_ended = joined.endswith(("的", "关于", "和", "及", "与", "、", "对", "暨"))
            short_tail = len(follower) <= 6 and follower.endswith(_form_words())
            if (open_ended or short_tail) and not _is_paragraph(follower) and not _is_addressee(follower) \
                    and len(joined + follower) <= _settings()["title_max_chars"]:
                positions.append(following)
            else:
                break
        title = "".join(patterns.compact(page.lines[p].text) for p in positions)
        return TitleMatch(title, "title_by_form", positions, positions[0])
    return None


# 提出的《关于…的建议》(第36号) … 收悉 / 已转交我局; or unquoted: 提出的关于…建议收悉
_CITED_QUOTED = re.compile(r"(?:提出|所提|提交)的?[^《“。]{0,30}[《“](关于[^》”]{2,100})[》”]\s*(\(?第?\s*\d+\s*号\)?(?:提案|建议|议案)?)?")
_CITED_BARE = re.compile(r"(?:提出|所提|提交)的?\s*(关于[^,。]{2,100}?(?:建议|提案|议案))\s*(\(?第?\s*\d+\s*号\)?)?\s*(?:已)?收悉")


def from_cited_proposal(page: "CleanPage") -> TitleMatch | None:
    """A reply pasted without its title: name it after the proposal it answers (marked derived)."""
    opening = "\n".join(page.lines[p].text for p in _body_positions(page)[:4])
    if not re.search(config.load("doc_types")["reply_markers"], opening):
        return None
    for position in _body_positions(page)[:4]:
        text = page.lines[position].text
        match = _CITED_QUOTED.search(patterns.fold(text)) or _CITED_BARE.search(patterns.fold(text))
        if match:
            cited = text[match.start(1): match.end(1)]
            number = text[match.start(2): match.end(2)] if match.group(2) else ""
            template = config.load("doc_types")["derived_reply_title"]
            return TitleMatch(template.format(cited=cited, number=number), "derived_from_cited_proposal",
                              [], document_start(page), derived=True)
    return None


EXTRACTORS = (from_page_info, from_repetition, before_page_info, by_form, from_cited_proposal)


def locate_title(page: "CleanPage") -> TitleMatch | None:
    for extractor in EXTRACTORS:
        match = extractor(page)
        if match:
            return match
    return None


def document_start(page: "CleanPage") -> int:
    """Without a title line: the document starts at its addressee or its first paragraph."""
    from .clean import parse_page_info
    for position in _body_positions(page)[: _settings()["title_search_lines"]]:
        text = page.lines[position].text
        if parse_page_info(text) is not None:
            continue
        if _is_addressee(text) or _is_paragraph(text):
            return position
    positions = _body_positions(page)
    return positions[0] if positions else 0
