"""Clean stage: give every line of a page a role — document text (body), chrome (removed) or
page metadata (lifted: title, number, page information) — from evidence, not from one site's
layout.

The document is found from the body outward: it runs from its first line of prose to its last
line of text (prose, or a letter's signature, date and contact lines). Above it lies the page
header: there, anything that is not page metadata, the title or the letter's head (number,
addressee) is chrome. Below it, the site footer starts at the first chrome or metadata line and
runs to the end. Inside, a line is text unless a whole-line rule (data/chrome.yaml) says it
can never be. Nothing is deleted: a removed line keeps the rule that removed it, a lifted line
the field it fed.
"""
from __future__ import annotations

import re

from .. import patterns, settings
from ..read import SourceText
from . import layout, metadata
from . import title as title_finder
from .page import BODY, LIFTED, REMOVED, CleanPage, Line, TitleMatch
from .rules import ANYWHERE, FOOTER, HEADER, limits, matching_rule, page_end_rules, widget_piece

__all__ = ["BODY", "LIFTED", "REMOVED", "CleanPage", "Line", "TitleMatch", "clean"]

# a short bulleted item among the lines above the document
_BULLETS = "•·●▪◆■"
_BULLET_ITEM = re.compile(rf"\s*[{_BULLETS}]\s*[^。;!?]{{1,40}}")
_INLINE_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|&(?:nbsp|amp|lt|gt|quot|ensp|emsp);")


def _strip_inline_html(page: CleanPage) -> None:
    for line in page.lines:
        if "<" not in line.text and "&" not in line.text:
            continue
        found = _INLINE_HTML.findall(line.text)  # tags are ASCII: no folding needed
        if found and _INLINE_HTML.sub("", line.text).strip():
            page.inline_removed.extend({"line": fragment, "rule": "html_remnant", "inline": True, "line_index": line.index} for fragment in found)
            line.text = re.sub(r"\s+", " ", _INLINE_HTML.sub(" ", line.text)).strip()


def _remove_chrome(lines: list[Line]) -> None:
    """Lines that can never be document text, wherever they stand."""
    for position, line in enumerate(lines):
        if not line.is_body:
            continue
        rule = matching_rule(line.text, (ANYWHERE,))
        if rule:
            line.remove(rule)
        if rule == "font_size_widget":  # its pieces, when the page split it over lines
            for follower in lines[position + 1: position + 8]:
                if not follower.is_body or not widget_piece(follower.text):
                    break
                follower.remove(rule)


def _record(page: CleanPage, info: dict[str, str]) -> None:
    for label, value in info.items():
        if not value:
            continue
        if label:
            page.page_info.setdefault(label, value)
            target = metadata.field_for(label)
            if target:
                page.page_fields.setdefault(target, value)
            dated = re.search(r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$", patterns.fold(value))
            if dated and target in ("source", "publisher", "author"):  # 来源:bjb2 2017-11-14
                page.page_fields.setdefault("publication_date", value[dated.start():])
            continue
        # values the page prints without a label are kept together under the key ""
        page.page_info[""] = f"{page.page_info['']} | {value}" if page.page_info.get("") else value
        if patterns.agency_line(value):
            page.page_fields.setdefault("publisher", patterns.compact(value))
        elif patterns.date_line(value) or _date_time(value):
            page.page_fields.setdefault("publication_date", value)


def _lift_page_info(page: CleanPage, positions: list[int], *, loose: bool) -> None:
    """Lift the page-information lines among `positions`, with a value printed on the next line."""
    lines = page.lines
    for position in positions:
        line = lines[position]
        if line.is_body and not patterns.contact_line(line.text):
            info = metadata.parse(line.text, loose=loose)
            if info is not None and (loose or not metadata.weak_only(info)):
                line.lift("page_info")
                _record(page, info)
        if line.field == "page_info":
            _lift_value_below(page, position, loose=loose)


def _lift_value_below(page: CleanPage, position: int, *, loose: bool) -> None:
    """标 题: / its value on the next line; inside the document only when set in under its label."""
    line = page.lines[position]
    label = metadata.label_only(line.text, loose=loose)
    following = next((other for other in page.lines[position + 1:] if other.role != REMOVED), None)
    if label and following is not None and following.is_body and metadata.parse(following.text, loose=loose) is None \
            and not layout.is_prose(following.text) and not layout.addressee_like(following.text) \
            and (loose or following.indent > line.indent):
        following.lift("page_info")
        _record(page, {label: metadata.value_of(following.text)})


def _only_looks_like_prose(text: str) -> bool:
    """A welcome banner ending with !, a metadata row long with ;-separated values."""
    return matching_rule(text, (HEADER,)) is not None or (
        not patterns.fold(text).rstrip().endswith("。") and metadata.parse(text, loose=True) is not None)


_UNLISTED_LABEL = re.compile(r"([\u4e00-\u9fff]{1,8})\s*:")


def _lift_stacked_table(page: CleanPage, start: int) -> None:
    """Labels nobody listed, each on a line of its own with its value on the next (公报编号: /
    6/2015 / 刊登日期: / 2015.2.13): two such pairs in a row make a metadata table."""
    lines = [line for line in page.lines[:start] if line.role != REMOVED]

    def pair_at(i: int) -> bool:
        label, value = lines[i], lines[i + 1]
        return (label.is_body and value.is_body and bool(_UNLISTED_LABEL.fullmatch(patterns.fold(label.text)))
                and not _UNLISTED_LABEL.fullmatch(patterns.fold(value.text))
                and not layout.addressee_like(value.text) and not layout.is_prose(value.text))

    pairs = {i for i in range(len(lines) - 1) if pair_at(i)}
    for i in sorted(i for i in pairs if i - 2 in pairs or i + 2 in pairs):
        lines[i].lift("page_info")
        lines[i + 1].lift("page_info")
        _record(page, {patterns.fold(lines[i].text).rstrip(": "): metadata.value_of(lines[i + 1].text)})


def _past_a_slogan(lines: list[Line], start: int) -> int:
    """The document's first paragraph, not a slogan banner standing alone above the title.

    A sentence with no title above it, then a long stretch without prose that holds an official
    title, is a site's banner (宣传人大制度…;推进民主法制建设…。): the document's text is the
    densest run of prose, which begins after that title.
    """
    following = next((i for i in range(start + 1, len(lines)) if lines[i].is_body and layout.is_prose(lines[i].text)), None)
    if following is None or following - start <= limits().slogan_gap_lines:
        return start
    official = lambda i: lines[i].is_body and title_finder.title_like(lines[i].text) and title_finder.official_form(lines[i].text)
    if any(official(i) for i in range(start)) or not any(official(i) for i in range(start + 1, following)):
        return start
    return following


def _read_head(page: CleanPage, start: int) -> None:
    """The lines above the first paragraph: metadata, title, the letter's head, and chrome."""
    lines = page.lines
    for line in lines[:start]:
        rule = matching_rule(line.text, (HEADER,)) if line.is_body else None
        if rule:
            line.remove(rule)
    _lift_page_info(page, list(range(start)), loose=True)
    _lift_stacked_table(page, start)
    for line in lines[:start]:
        if line.is_body and _BULLET_ITEM.fullmatch(patterns.fold(line.text)):
            value = metadata.value_of(line.text)
            if not patterns.numbering(value):
                line.lift("page_info")  # an unlabelled metadata list: • 2024-05-10 / • 县农业农村局
                _record(page, {"": value})

    letter = {p for p in range(start) if lines[p].is_body and _letter_head(lines[p].text)}
    candidates = [p for p in range(start) if lines[p].is_body and p not in letter]
    page.title = title_finder.locate(page, candidates, start)
    if page.title.extractor == "first_title_like_line":
        page.warnings.append(f"title: '{page.title.text}' is the page's first title-like line, the weakest evidence")
    _lift_title(page, candidates)

    top = min(page.title.positions) if page.title.positions else _document_top(page, start, letter)
    for position in range(start):
        line = lines[position]
        if not line.is_body:
            continue
        text = line.text
        if patterns.doc_number_line(text) and page.doc_number is None:
            line.lift("doc_number")
            page.doc_number = text.strip()
            if not patterns.DOC_NUMBER.fullmatch(patterns.fold(page.doc_number)):
                page.warnings.append(f"doc_number: '{page.doc_number}' looks garbled on capture; kept as printed")
        elif _date_time(text):  # a time to the second is the page's, never the document's
            line.lift("publication_date")
            page.page_fields.setdefault("publication_date", text)
        elif position >= top:
            continue  # the document's own head: red header, 签发人, a byline, headings
        elif patterns.date_line(text):
            line.lift("publication_date")
            page.page_fields.setdefault("publication_date", text)
        elif patterns.INDEX_NUMBER.fullmatch(patterns.fold(text)):
            line.lift("index_number")
            page.page_fields.setdefault("index_number", text)
        elif patterns.agency_line(text):
            line.lift("publisher")
            page.page_fields.setdefault("publisher", patterns.compact(text))
        elif len(re.findall(r"[,;。]", patterns.fold(text))) >= 2:
            continue  # punctuated like text: kept, whatever stands around it
        else:
            line.remove("page_header")
    _mark_addressee(page, start)


def _letter_head(text: str) -> bool:
    """A line of the letter above its text, never a title: addressee, number, 签发人, a heading."""
    return bool(layout.addressee_like(text) or patterns.doc_number_line(text) or patterns.contact_line(text)
                or (patterns.numbering(text) and not title_finder.official_form(text)))


def _date_time(text: str) -> bool:
    """2014-03-10 08:00:00: the page's publication time, alone on a line."""
    return bool(re.fullmatch(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}(?::\d{2})?", patterns.fold(text).strip()))


def _dated(text: str) -> bool:
    """A date and at most its weekday: the line of a press release's date."""
    folded = patterns.fold(text).strip()
    return bool(re.fullmatch(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*\(?\s*(?:星期|礼拜|周)[一二三四五六日天]\s*\)?", folded))


def _document_top(page: CleanPage, start: int, letter: set[int]) -> int:
    """Without a title line the document begins at its letter head, else at its first paragraph."""
    return min((p for p in letter if page.lines[p].is_body), default=start)


def _lift_title(page: CleanPage, candidates: list[int]) -> None:
    title = page.title
    for position in title.positions + title.copies:
        page.lines[position].lift("title")
    text, number, date = title_finder.split_tail(title.text)
    if number or date:
        title.text = text
        if number:
            page.page_fields.setdefault("doc_number", number)
        if date:
            page.page_fields.setdefault("publication_date", date)
    if title.derived:
        return
    # the page's headline or metadata copy of the same title
    for position in candidates:
        line = page.lines[position]
        if line.is_body and title_finder.same_title(line.text, text):
            line.lift("title")


def _mark_addressee(page: CleanPage, start: int) -> None:
    """The salutation: the last one among the few lines above the first paragraph."""
    search = settings.structure().addressee.search_lines
    above = [p for p in range(start) if page.lines[p].is_body][-search:]
    if start < len(page.lines):
        above.append(start)
    for position in reversed(above):
        if layout.addressee_like(page.lines[position].text):
            page.lines[position].kind = "addressee"
            return


def _read_foot(page: CleanPage, end: int) -> None:
    """Below the document's last line: the site footer starts at its first chrome or metadata line."""
    lines = page.lines
    in_footer = False
    for line in lines[end + 1:]:
        if not line.is_body:
            in_footer = True
            continue
        rule = matching_rule(line.text, (FOOTER,))
        info = metadata.parse(line.text, loose=True) if not patterns.contact_line(line.text) else None
        if rule:
            line.remove(rule)
        elif info is not None:
            line.lift("page_info")
            _record(page, info)
        elif page.title and title_finder.same_title(line.text, page.title.text):
            line.lift("title")  # a "related reading" list repeating the document's own title
        elif _dated(line.text):  # a release's date under its text: 2025年7月23日(星期三)
            line.lift("publication_date")
            page.page_fields.setdefault("publication_date", line.text)
        elif in_footer:
            line.remove("site_footer")
            continue
        else:
            continue
        in_footer = True
    # a table's rules left alone at the very end of the page
    for line in reversed(lines):
        if line.is_body and not re.fullmatch(r"[\s|丨]+", line.text):
            break
        if line.is_body:
            line.remove("table_rule_remnant")
    _remove_captions(page)


def _remove_captions(page: CleanPage) -> None:
    """A run of short unpunctuated lines under a story's last paragraph: photo captions."""
    body = page.body
    captions = limits()
    last_paragraph = max((i for i, line in enumerate(body) if patterns.ends_sentence(line.text)), default=None)
    if last_paragraph is None:
        return
    tail = body[last_paragraph + 1:]
    if len(tail) < captions.caption_min_run:
        return
    for line in tail:
        text = line.text
        if (len(text) > captions.caption_max_chars or re.search(f"[{patterns.SENTENCE_END},:]", patterns.fold(text))
                or patterns.agency_line(text) or layout.closes_letter(text) or patterns.numbering(text)):
            return
    for line in tail:
        line.remove("photo_caption")


def clean(source: SourceText) -> CleanPage:
    lines = [Line(i, raw, raw.strip()) for i, raw in enumerate(source.lines) if raw.strip()]
    page = CleanPage(source.source_file, source.encoding, lines)
    _strip_inline_html(page)
    _remove_chrome(lines)
    _lift_page_info(page, list(range(len(lines))), loose=False)
    first = layout.first_prose(lines, unless=_only_looks_like_prose)
    start = _past_a_slogan(lines, first)
    if start != first:
        lines[first].remove("isolated_banner")
    _read_head(page, start)
    end = layout.last_text(lines, ends_page=lambda line: line.rule in page_end_rules())
    _read_foot(page, max(end, start))
    return page
