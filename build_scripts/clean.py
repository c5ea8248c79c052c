"""Clean stage: mark every line of a page as document text, chrome (removed) or metadata (lifted).

Nothing is deleted silently: a removed line keeps the name of the rule that removed it, a
lifted line the field it fed. Rules come from data/chrome.yaml and act by a line's role and
position (page header above the title, site footer below the last paragraph), always on a
whole line.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import config, patterns
from .read import SourceText
from . import title as title_finder

BODY, REMOVED, LIFTED = "body", "removed", "lifted"


@dataclass
class Line:
    index: int
    raw: str
    text: str
    role: str = BODY
    rule: str | None = None  # why it was removed
    field: str | None = None  # what it was lifted into

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip(" "))

    def remove(self, rule: str) -> None:
        self.role, self.rule = REMOVED, rule

    def lift(self, field_name: str) -> None:
        self.role, self.field = LIFTED, field_name


@dataclass
class CleanPage:
    source_file: str
    encoding: str
    lines: list[Line]
    page_info: dict[str, str] = field(default_factory=dict)  # label → value, as the page says
    page_fields: dict[str, str] = field(default_factory=dict)  # record field → value
    title: title_finder.TitleMatch | None = None
    inline_removed: list[dict] = field(default_factory=list)

    @property
    def body(self) -> list[Line]:
        return [line for line in self.lines if line.role == BODY]


@dataclass(frozen=True)
class Rule:
    name: str
    zone: str
    pattern: re.Pattern


@functools.lru_cache(maxsize=None)
def rules() -> tuple[Rule, ...]:
    return tuple(Rule(r["name"], r["zone"], re.compile(r["pattern"])) for r in config.load("chrome")["line_rules"])


def settings() -> dict:
    return config.load("chrome")["settings"]


def _spaced(label: str) -> str:
    return r"\s*".join(map(re.escape, label))


@functools.lru_cache(maxsize=None)
def _label_pattern() -> re.Pattern:
    labels = sorted(config.load("chrome")["page_info_labels"], key=len, reverse=True)
    return re.compile(r"(?:(?<=^)|(?<=[\s】\]|丨•·]))[•·●▪*]?\s*(" + "|".join(map(_spaced, labels)) + r")\s*[::]")


_LEADING_DATETIME = re.compile(r"((?:19|20)\d{2}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+")
_INLINE_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|&(?:nbsp|amp|lt|gt|quot|ensp|emsp);")
# the loose pieces of a font-size widget that a page split over several lines: 字号:[ / 大 / 中 / 小 / ]
_WIDGET_PIECE = re.compile(r"[\[【]?\s*(?:大|中|小|默认|超大|标准|较大)\s*[\]】]?|[\[\]【】|丨]")


def parse_page_info(text: str) -> dict[str, str] | None:
    """{label: value} when the whole line is label:value pairs (an optional leading date), else None."""
    matches = list(_label_pattern().finditer(patterns.fold(text)))
    if not matches:
        return None
    lead = patterns.fold(text[: matches[0].start()]).strip(" •·●▪*")
    info: dict[str, str] = {}
    if lead:
        leading_date = _LEADING_DATETIME.fullmatch(lead + " ")
        if not leading_date:
            return None
        info["日期"] = leading_date.group(1)
    for match, following in zip(matches, matches[1:] + [None]):
        label = re.sub(r"\s+", "", match.group(1))
        value = text[match.end(): following.start() if following else len(text)]
        info.setdefault(label, value.strip(" 【[]】|丨-"))
    return info


def _record_page_info(page: CleanPage, info: dict[str, str]) -> None:
    fields = config.load("chrome")["page_info_labels"]
    for label, value in info.items():
        if not value:
            continue
        page.page_info.setdefault(label, value)
        target = fields.get(label)
        if target:
            page.page_fields.setdefault(target, value)


def _strip_inline_html(page: CleanPage) -> None:
    for line in page.lines:
        if "<" not in line.text and "&" not in line.text:
            continue
        found = _INLINE_HTML.findall(line.text)  # tags are ASCII: no folding needed
        if found and _INLINE_HTML.sub("", line.text).strip():
            page.inline_removed.extend({"line": fragment, "rule": "html_remnant", "inline": True, "line_index": line.index} for fragment in found)
            line.text = re.sub(r"\s+", " ", _INLINE_HTML.sub(" ", line.text)).strip()


def _apply_rules(lines: list[Line], zones: set[str]) -> None:
    for line in lines:
        if line.role != BODY:
            continue
        folded = patterns.fold(line.text)
        for rule in rules():
            if rule.zone in zones and rule.pattern.fullmatch(folded):
                line.remove(rule.name)
                break


def _remove_split_widgets(lines: list[Line]) -> None:
    for position, line in enumerate(lines):
        if line.rule != "font_size_widget":
            continue
        for follower in lines[position + 1: position + 8]:
            if follower.role == BODY and _WIDGET_PIECE.fullmatch(patterns.fold(follower.text)):
                follower.remove("font_size_widget")
            elif follower.role == BODY:
                break


def _lift_page_info(page: CleanPage, *, strong_only: bool, before: int | None = None) -> None:
    weak = set(config.load("chrome").get("weak_page_info_labels", []))
    lines = page.lines
    for position, line in enumerate(lines):
        if line.role != BODY or (before is not None and position >= before):
            continue
        info = parse_page_info(line.text)
        if info is None:
            continue
        if strong_only and len(info) == 1 and set(info) <= weak:
            continue
        line.lift("page_info")
        label, value = next(iter(info.items()))
        if len(info) == 1 and not value:
            # a label whose value the page put on the next, more indented line
            following = next((other for other in lines[position + 1:] if other.role == BODY), None)
            if following and following.indent > line.indent and parse_page_info(following.text) is None:
                following.lift("page_info")
                info[label] = following.text
        _record_page_info(page, info)


def _clean_header(page: CleanPage, start: int) -> None:
    """Lines above the document's start: page banner, navigation, an unlabelled metadata table."""
    title_text = page.title.text if page.title else None
    header_rules = [rule for rule in rules() if rule.zone == "header"]
    for line in page.lines[:start]:
        if line.role != BODY:
            continue
        text = line.text
        folded = patterns.fold(text)
        rule = next((r for r in header_rules if r.pattern.fullmatch(folded)), None)
        if rule:
            line.remove(rule.name)
        elif title_text and patterns.compact(text) == patterns.compact(title_text):
            line.lift("title")
        elif patterns.DOC_NUMBER.fullmatch(folded):
            line.lift("doc_number")
            page.page_fields.setdefault("doc_number", text)
        elif patterns.INDEX_NUMBER.fullmatch(folded):
            line.lift("index_number")
            page.page_fields.setdefault("index_number", text)
        elif patterns.date_line(text):
            line.lift("publication_date")
            page.page_fields.setdefault("publication_date", text)
        elif patterns.agency_line(text):
            line.lift("publisher")
            page.page_fields.setdefault("publisher", patterns.compact(text))
        elif (info := parse_page_info(text)) is not None:
            line.lift("page_info")
            _record_page_info(page, info)
        else:
            line.remove("page_header")


def _clean_footer(page: CleanPage) -> None:
    """Remove the trailing run of site-footer lines, then photo captions under a story."""
    footer_rules = [rule for rule in rules() if rule.zone in ("footer", "anywhere")]
    for line in reversed(page.lines):
        if line.role != BODY:
            continue
        rule = next((r for r in footer_rules if r.pattern.fullmatch(patterns.fold(line.text))), None)
        if rule is None:
            break
        line.remove(rule.name)
    _remove_captions(page)


def _remove_captions(page: CleanPage) -> None:
    body = page.body
    limits = settings()
    last_paragraph = max((i for i, line in enumerate(body) if patterns.ends_sentence(line.text)), default=None)
    if last_paragraph is None:
        return
    tail = body[last_paragraph + 1:]
    if len(tail) < limits["caption_min_run"]:
        return
    for line in tail:
        text = line.text
        if (len(text) > limits["caption_max_chars"] or re.search(f"[{patterns.SENTENCE_END},:]", patterns.fold(text))
                or patterns.agency_line(text) or patterns.date_line(text) or patterns.digits_only_date(text)
                or patterns.CONTACT_LINE.match(patterns.fold(text)) or patterns.closing_formula(text)):
            return
    for line in tail:
        line.remove("photo_caption")


def clean(source: SourceText) -> CleanPage:
    lines = [Line(i, raw, raw.strip()) for i, raw in enumerate(source.lines) if raw.strip()]
    page = CleanPage(source.source_file, source.encoding, lines)
    _strip_inline_html(page)
    _apply_rules(lines, {"anywhere"})
    _remove_split_widgets(lines)
    _lift_page_info(page, strong_only=True)
    # above the first paragraph even a common label (名称:, 来源:) is page information
    _lift_page_info(page, strong_only=False, before=title_finder.document_start(page))
    page.title = title_finder.locate_title(page)
    start = page.title.start if page.title else title_finder.document_start(page)
    if page.title:
        for position in page.title.positions:
            page.lines[position].lift("title")
    _clean_header(page, start)
    _clean_footer(page)
    return page
