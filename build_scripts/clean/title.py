"""The document's title, found in the page header (the lines above its first paragraph).

Small extractors tried in order, each returning a TitleMatch or None (after trafilatura's
metadata functions): the page's 标题/名称 field, a title the page prints twice, the title block
right above the letter (addressee, number), the line above the page information, a line shaped
like an official title, the first title-like line. A title may be broken over lines; joins of
up to `title_max_lines` consecutive lines are tried. A page that states none gets a title
derived from what it does say, marked as derived.
"""
from __future__ import annotations

import functools
import re
from pathlib import PurePath

from .. import patterns, settings
from . import layout
from .page import CleanPage, TitleMatch
from .rules import limits

# what stands between a column's name and the title it repeats: 政务服务丨…
_SEPARATORS = "丨|::-—·• "


def title_like(text: str) -> bool:
    compact = patterns.fold(patterns.compact(text))
    form_words = settings.doc_types().title_form_words
    if len(compact) < 4 and compact.replace(" ", "") not in form_words:  # 说 明, 公 告: a title of one word
        return False
    words = compact.split()
    if len(words) >= 4 and all(len(word) <= 8 for word in words):
        return False  # a navigation bar: 中国政府网 黑龙江省政府网 English 市人大 市政协
    return (len(compact) <= limits().title_max_chars and not re.search(r"[>»›]", compact)
            and not layout.is_prose(compact) and not patterns.ends_sentence(compact)
            and not layout.addressee_like(compact) and not patterns.contact_line(compact)
            and not patterns.date_line(compact) and not patterns.doc_number_line(compact)
            and not patterns.INDEX_NUMBER.fullmatch(compact) and not patterns.numbering(compact)
            and not re.fullmatch(r"[\d\s:/.\-]+", compact))


def official_form(text: str) -> bool:
    """Shaped like an official title: 关于…的通知, …工作规则, 对…建议答复."""
    compact = patterns.fold(patterns.compact(split_tail(text)[0]))
    types = settings.doc_types()
    return any(word in compact for word in types.official_title_words) or compact.endswith(types.title_form_words)


_NUMBER = r"[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*第?\s*\d{1,5}\s*号"
# the issuer's code belongs to the number only when set apart from the title: (岳办发〔2017〕2号)
_TRAILING_NUMBERS = (
    re.compile(rf"\s*\(\s*([\u4e00-\u9fff]{{0,16}}{_NUMBER})\s*\)$"),
    re.compile(rf"\s+([\u4e00-\u9fff]{{1,16}}{_NUMBER})$"),
    re.compile(rf"({_NUMBER})$"),
)


_LEADING_NUMBER = re.compile(rf"\s*([\u4e00-\u9fff]{{1,16}}{_NUMBER})\s*(?=[\u4e00-\u9fff])")


def split_tail(title: str) -> tuple[str, str | None, str | None]:
    """(title, doc number, date): a headline may end with the document's number or the page's date."""
    number = date = None
    title = title.rstrip(" |丨")  # a table's rule left at the end of the headline
    for pattern in _TRAILING_NUMBERS:
        match = pattern.search(patterns.fold(title))
        rest = title[: match.start()].strip() if match else ""
        # with the issuer's code split off, what is left must still read as a title
        if rest and (pattern is _TRAILING_NUMBERS[-1] or (title_like(rest) and not patterns.agency_line(rest))):
            number, title = title[match.start(1): match.end(1)], rest
            break
    match = re.search(r"\s+((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)$", patterns.fold(title))
    if match and match.start() > 0:
        date, title = title[match.start(1): match.end(1)], title[: match.start()]
    title, leading = split_head(title)
    return title.strip(), number or leading, date


def split_head(text: str) -> tuple[str, str | None]:
    """(text, doc number): a red header may print the number before the issuing body
    (丽文广旅体函〔2022〕69号丽水市文化和广电旅游体育局)."""
    match = _LEADING_NUMBER.match(patterns.fold(text))
    if match and len(text) > match.end():
        return text[match.end():].strip(), text[match.start(1): match.end(1)]
    return text, None


def _join(page: CleanPage, positions: list[int]) -> str:
    if len(positions) == 1:
        return page.lines[positions[0]].text
    return "".join(patterns.compact(page.lines[p].text) for p in positions)


def _runs(candidates: list[int]) -> list[list[int]]:
    """Runs of consecutive candidate lines (no other body, chrome or metadata line between)."""
    runs: list[list[int]] = []
    for position in candidates:
        if runs and runs[-1][-1] == position - 1:
            runs[-1].append(position)
        else:
            runs.append([position])
    return runs


def _spans(candidates: list[int]) -> list[list[int]]:
    """Every stretch of 1..title_max_lines consecutive candidate lines, top to bottom."""
    most = limits().title_max_lines
    spans = []
    for run in _runs(candidates):
        for start in range(len(run)):
            for size in range(1, most + 1):
                if start + size <= len(run):
                    spans.append(run[start: start + size])
    return spans


def _match(page: CleanPage, positions: list[int], extractor: str) -> TitleMatch:
    return TitleMatch(_join(page, positions), extractor, positions)


def from_page_field(page: CleanPage, candidates: list[int], start: int) -> TitleMatch | None:
    value = page.page_fields.get("title")
    if not value:
        return None
    found = [span for span in _spans(candidates) if _key(_join(page, span)) == _key(value)]
    if found:
        return _match(page, found[-1], "page_info_title")
    return TitleMatch(value, "page_info_title", [])


def _key(text: str) -> str:
    """A title as compared: both scripts, both widths, no spaces (印发 2023年 = 印发2023年)."""
    return re.sub(r"\s+", "", patterns.fold(text))


def same_title(earlier: str, later: str) -> bool:
    """The page's headline repeats the document's title, maybe after a column name (政务服务丨…)."""
    earlier, later = _key(earlier), _key(later)
    if earlier == later:
        return True
    return earlier.endswith(later) and earlier[-len(later) - 1] in _SEPARATORS and len(later) >= 8


def _lost_characters(fuller: str, copy: str) -> bool:
    """The copy is the fuller title with characters lost on capture (关于县政协次会议6.11提案…)."""
    fuller, copy = _key(fuller), _key(copy)
    if not 8 <= len(copy) < len(fuller) or len(copy) < 0.6 * len(fuller) or copy in fuller:
        return False  # a part of the headline is a shorter title, not a damaged one
    remaining = iter(fuller)
    return all(char in remaining for char in copy)


def from_repetition(page: CleanPage, candidates: list[int], start: int) -> TitleMatch | None:
    """A page with a headline or a metadata table states the title twice; the last copy heads the
    document, unless the capture lost characters of it that the headline still has."""
    spans = [span for span in _spans(candidates) if title_like(_join(page, span))
             and not patterns.agency_line(_join(page, span))]
    pairs = [(earlier, later) for later in reversed(spans) for earlier in spans
             if earlier[-1] < later[0] and len(patterns.compact(_join(page, later))) >= 5]
    for earlier, later in pairs:
        if same_title(_join(page, earlier), _join(page, later)):
            return _match(page, later, "repeated_title")
    # printed once as a value of the page's metadata table (公文名称, 法规), once as the document's
    values = [value for value in page.page_info.values() if value]
    for later in reversed(spans):
        if len(patterns.compact(_join(page, later))) >= 5 and any(same_title(value, _join(page, later)) for value in values):
            return _match(page, later, "repeated_title")
    for earlier, later in pairs:
        if _lost_characters(_join(page, earlier), _join(page, later)):
            match = _match(page, earlier, "repeated_title_fuller_copy")
            match.copies = list(later)
            return match
    return None


def _best_suffix(page: CleanPage, run: list[int], *, official: bool) -> list[int] | None:
    """The most lines at the end of a run that read as one title."""
    for size in range(min(len(run), limits().title_max_lines), 0, -1):
        span = run[-size:]
        text = _join(page, span)
        # a title is broken over lines only where it is an official one (发文机关 + 关于…的通知),
        # and its first line opens one: a column label above it (政协委员提案) is not part of it
        if title_like(text) and all(title_like(page.lines[p].text) or len(patterns.compact(page.lines[p].text)) < 4 for p in span) \
                and (size == 1 or _opens_title(page.lines[span[0]].text)) \
                and (size == 1 and not official or official_form(text)):
            return span
    return None


def _opens_title(text: str) -> bool:
    """The first line of a title broken over lines: the issuing body, or 关于/对/印发…"""
    compact = patterns.fold(patterns.compact(split_head(text)[0]))
    types = settings.doc_types()
    return (patterns.agency_line(compact) or compact.startswith(types.title_openers)
            or any(verb in compact for verb in types.title_verbs))


def above_letter(page: CleanPage, candidates: list[int], start: int) -> TitleMatch | None:
    """The title block right above the letter: its number, 签发人, red header and addressee are skipped."""
    position = max((p for p in candidates if p < start), default=None)
    run = [r for r in _runs(candidates) if position in r]
    if not run:
        return None
    span = _best_suffix(page, run[0][: run[0].index(position) + 1], official=True)
    return _match(page, span, "title_above_letter") if span else None


def above_page_info(page: CleanPage, candidates: list[int], start: int) -> TitleMatch | None:
    """News and disclosure pages print the title straight above 发布时间/来源 (chrome may lie between)."""
    for position in range(start):
        line = page.lines[position]
        if line.field != "page_info":
            continue
        above = position - 1
        while above >= 0 and page.lines[above].rule is not None:
            above -= 1
        run = [r for r in _runs(candidates) if above in r]
        if run:
            span = _best_suffix(page, run[0][: run[0].index(above) + 1], official=False)
            if span:
                return _match(page, span, "title_above_page_info")
        return None
    return None


def by_form(page: CleanPage, candidates: list[int], start: int) -> TitleMatch | None:
    """A line shaped like an official title, joined with the lines the page broke it into."""
    for run in _runs(candidates):
        for end in range(len(run)):
            span = _best_suffix(page, run[: end + 1], official=True)
            if span:
                # a title broken after 的/关于/和 goes on on the next line
                goes_on = settings.doc_types().title_continues_after
                while span[-1] != run[-1] and patterns.compact(_join(page, span)).endswith(goes_on):
                    span = span + [span[-1] + 1]
                return _match(page, span, "title_by_form")
    return None


def first_title_like(page: CleanPage, candidates: list[int], start: int) -> TitleMatch | None:
    """A news page opens with its headline."""
    for position in candidates:
        if title_like(page.lines[position].text) and not patterns.agency_line(page.lines[position].text):
            return _match(page, [position], "first_title_like_line")
    return None


@functools.lru_cache(maxsize=None)
def _cited_proposal() -> tuple[re.Pattern, re.Pattern]:
    """提出的《关于…的建议》(第36号) … 收悉 / 已转交我局; or unquoted: 提出的关于…建议收悉"""
    types = settings.doc_types()
    cited_by, kinds = patterns.one_of(types.proposal_cited_by), patterns.one_of(types.proposal_kinds)
    quoted = re.compile(rf"(?:{cited_by})的?[^《“。]{{0,30}}[《“](关于[^》”]{{2,100}})[》”]\s*(\(?第?\s*\d+\s*号\)?(?:{kinds})?)?")
    bare = re.compile(rf"(?:{cited_by})的?\s*(关于[^,。]{{2,100}}?(?:{kinds}))\s*(\(?第?\s*\d+\s*号\)?)?\s*(?:已)?收悉")
    return quoted, bare


def from_cited_proposal(page: CleanPage) -> TitleMatch | None:
    """A reply pasted without its title: name it after the proposal it answers."""
    body = [line.text for line in page.body][:4]
    types = settings.doc_types()
    if not re.search(types.reply_markers, patterns.fold("\n".join(body))):
        return None
    quoted, bare = _cited_proposal()
    for text in body:
        folded = patterns.fold(text)
        match = quoted.search(folded) or bare.search(folded)
        if match:
            number = text[match.start(2): match.end(2)] if match.group(2) else ""
            title = types.derived_reply_title.format(cited=text[match.start(1): match.end(1)], number=number)
            return TitleMatch(title, "derived_from_cited_proposal", [], derived=True)
    return None


def from_first_sentence(page: CleanPage) -> TitleMatch | None:
    """The opening of the first paragraph, shortened: a page that states no title at all."""
    most = limits().derived_title_chars
    for line in page.body:
        if layout.is_prose(line.text):
            sentence = re.split(r"(?<=[。!?;])", line.text, maxsplit=1)[0].strip()
            sentence = sentence.rstrip("。!?;:,,;:")
            return TitleMatch(sentence if len(sentence) <= most else sentence[:most] + "…", "derived_from_first_sentence", [], derived=True)
    return None


def from_file_name(page: CleanPage) -> TitleMatch:
    return TitleMatch(PurePath(page.source_file).stem, "derived_from_file_name", [], derived=True)


# in order of the evidence they rest on; each gets the header lines that may hold a title
EXTRACTORS = (from_page_field, from_repetition, above_letter, above_page_info, by_form, first_title_like)


def locate(page: CleanPage, candidates: list[int], start: int) -> TitleMatch:
    """The title: stated by the page when it can be found, else derived (and marked so)."""
    for extractor in EXTRACTORS:
        match = extractor(page, candidates, start)
        if match:
            return match
    return from_cited_proposal(page) or from_first_sentence(page) or from_file_name(page)
