"""Structure stage: a cleaned page → the archive record (a plain dict, see CONTRACT.md).

Each metadata field comes from small extractors tried in order; a field the document does
not state stays None rather than being guessed.
"""
from __future__ import annotations

import functools
import hashlib
import re
from pathlib import PurePath

from .. import patterns, settings
from ..clean import BODY, CleanPage, Line
from ..clean.layout import is_prose
from ..clean.script import detect_script
from ..record import Block, Record
from . import headings as heading_finder
from .region import find_region, starts_with_place


class StructureError(Exception):
    """The page holds no document text (nothing but chrome and metadata)."""


def slug_for(source_file: str) -> str:
    """A permalink from the file's own name only, so adding documents never moves it.

    A plain name (lower-case letters, digits, _ and -, ending .txt) is its own slug; any other
    name keeps its readable part plus a hash of the whole name, so 'A.txt', 'a.TXT' and 'a'
    get distinct slugs.
    """
    path = PurePath(source_file)
    stem = path.stem if path.suffix.lower() == ".txt" else path.name
    readable = stem
    if re.search(r"[\u4e00-\u9fff]", stem):  # 答复函.txt → dafuhan-…: readable in any browser bar
        from pypinyin import lazy_pinyin
        readable = "-".join(lazy_pinyin(stem))
    slug = re.sub(r"[^0-9a-z_]+", "-", readable.lower()).strip("-")
    if slug and slug == stem and path.suffix == ".txt":
        return slug
    digest = hashlib.sha1(source_file.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"doc-{digest}"


_NOTE = re.compile(r"\s*[((][^()()]{1,20}[))]\s*")


def _inline_salutation(body: list[Line]) -> str | None:
    """马军运代表: 您好,…: a salutation the page ran into the first paragraph."""
    honorifics = patterns.one_of(settings.structure().addressee.honorifics)
    opening = next((n for n, line in enumerate(body) if is_prose(line.text)), 0)
    for line in body[: opening + 1]:
        match = re.match(rf"\s*([^,。:;!?]{{1,30}}?(?:{honorifics})\s*:)\s*\S", patterns.fold(line.text))
        if match:
            return line.text[match.start(1): match.end(1)]
    return None


def _may_follow_the_date(text: str) -> bool:
    """What may stand under a letter's date: contact lines, 抄送, closing formulas, (此件公开发布).
    (clean.layout.closes_letter is the other question: which lines end the document at all.)"""
    return bool(patterns.contact_line(text) or patterns.closing_formula(text) or _NOTE.fullmatch(patterns.fold(text)))


def _signature_kinds(body: list[Line]) -> dict[int, str]:
    """{body position: signature | date | contact | closing} for the letter's closing lines."""
    kinds: dict[int, str] = {}
    max_agencies = settings.structure().signature.max_agency_lines
    for position, line in enumerate(body):
        text = line.text
        if patterns.closing_formula(text):
            kinds[position] = "closing"
        elif patterns.contact_line(text):
            kinds[position] = "contact"
        elif patterns.date_line(text) or patterns.digits_only_date(text) or patterns.spaced_date(text):
            # a note such as (此件公开发布) may stand between the signature and its date
            gap = int(position >= 2 and bool(_NOTE.fullmatch(patterns.fold(body[position - 1].text)))
                      and patterns.agency_line(body[position - 2].text))
            above = position - 1 - gap
            while above >= 0 and position - above <= max_agencies + gap and patterns.agency_line(body[above].text) \
                    and above not in kinds:
                kinds[above] = "signature"
                above -= 1
            # a date line closes a letter when it follows its signature, when nothing but the
            # letter's close (contact lines, 抄送, notes) follows it, or when it stands under the
            # letter's last paragraph with an attached document below (a signature the page left out)
            after_text = position > 0 and is_prose(body[position - 1].text) and \
                (position + 1 == len(body) or not is_prose(body[position + 1].text))
            if above < position - 1 - gap or after_text or all(_may_follow_the_date(line.text) for line in body[position + 1:]):
                kinds[position] = "date"
    # an issuing body's name ending the document, even without a date under it
    for position in range(len(body) - 1, max(len(body) - 4, -1), -1):
        if position in kinds:
            continue
        if patterns.agency_line(body[position].text):
            kinds[position] = "signature"
        break
    return kinds


# 南县住房和城乡建设局2018年度整体支出绩效评价报告: a body's report of a year
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")


def _agency_from_title(title: str | None) -> str | None:
    """揭阳市工业和信息化局关于…, 镇巴县人民政府工作规则: the body named before what it issues."""
    if not title:
        return None
    types = settings.doc_types()
    byline = re.match(r"([^:]{2,20}):", patterns.fold(title))
    if byline and patterns.agency_line(title[: byline.end(1)]):
        return title[: byline.end(1)]
    folded = patterns.fold(title)  # 揭陽市工業和信息化局關於…
    for suffix in sorted(patterns.agency_suffixes(), key=len, reverse=True):
        for match in re.finditer(re.escape(suffix), folded):
            prefix, rest = title[: match.end()], folded[match.end():]
            if not patterns.agency_line(prefix):
                continue
            # 国家税务总局关于…, 财政部关于…: a body's name before 关于 issues what follows
            if rest.startswith(types.title_verbs):
                return prefix
            # otherwise the body is named from its place (揭阳市…, 中共…), never 市领导…; a place our
            # list lacks (a county since renamed) still reads as one: 兖州市人民政府办公室
            if not (starts_with_place(prefix) or patterns.place_name(4).match(prefix)):
                continue
            form = rest.endswith(types.title_form_words)
            if rest.startswith(types.title_openers) or (form and (len(rest) <= 8 or _YEAR.match(rest))):
                return prefix
    return None


def _valid_agency(name: str | None) -> str | None:
    """The organisation a page field names: 来源: 本网 中山市发展和改革局 → 中山市发展和改革局."""
    if not name:
        return None
    not_agencies = settings.agencies().not_agencies
    for token in re.split(r"[\s、,,/|]+", patterns.fold(name)):
        start = patterns.fold(name).find(token)
        original = patterns.compact(name[start: start + len(token)])
        # 新聞局(GCS): an agency's name may carry its Latin abbreviation
        bare = re.sub(r"\([A-Za-z]{2,10}\)$", "", patterns.fold(original))
        if token and token not in not_agencies and patterns.agency_line(bare):
            return original
    return None


def _fuller_name(agency: str | None, page: CleanPage) -> str | None:
    """市人民政府办公厅 in the title, 贵阳市人民政府办公厅 in the page's header: the full name."""
    if not agency:
        return None
    named = [line.text for line in page.lines if line.field == "publisher"]
    named += [page.page_fields.get(field) for field in ("publisher", "source")]
    fuller = [name for name in map(_valid_agency, named) if name and len(name) > len(agency) and name.endswith(agency)]
    return fuller[0] if fuller else agency


@functools.lru_cache(maxsize=None)
def _agency_label() -> re.Pattern:
    """承办单位: 县交通运输局, a body line naming the issuing body (letter-spaced or not)."""
    labels = patterns.one_of(settings.structure().agency_labels, letter_spaced=True)
    return re.compile(rf"\s*(?:{labels})\s*:\s*(\S.{{1,30}})$")


def _page_agency(page: CleanPage) -> str | None:
    """The issuing body the page names: 发布机构, 来源, 作者, or the document's 承办单位 line."""
    for field_name in ("publisher", "source", "author"):
        agency = _valid_agency(page.page_fields.get(field_name))
        if agency:
            return agency
    for line in page.body:
        match = _agency_label().match(patterns.fold(line.text))
        if match:
            return line.text[match.start(1): match.end(1)].strip()
    return None


def _doc_type(title: str | None, title_derived: bool, body: list[str], has_addressee: bool, has_signature: bool,
              page_info: dict) -> str:
    types = settings.doc_types()
    # the rules are written in Simplified: a page in Traditional is matched folded
    title, body = patterns.fold(title or ""), [patterns.fold(text) for text in body]
    opening = "\n".join(body[:3])
    is_reply = bool(re.search(types.reply_markers, (title or "") + "\n" + opening))
    # a story: page information, no addressee or signature, and a headline rather than an official title
    official = bool(re.search(types.official_title, patterns.fold(title or "")))
    is_news = not has_addressee and not has_signature and bool(page_info) and not official
    text = "\n".join(body)
    for rule in types.types:
        # a derived title is the cited proposal's or the first sentence's words, not the document's form
        if rule.title is not None and (title_derived or not re.search(rule.title, title or "")):
            continue
        if rule.reply and not is_reply:
            continue
        if rule.body is not None and not re.search(rule.body, text):
            continue
        if rule.news and not is_news:
            continue
        return rule.id
    return "other"


def structure(page: CleanPage) -> Record:
    """The record of a cleaned page; reads the page, never changes it."""
    if not page.body:
        raise StructureError(f"holds no document text: all {len(page.lines)} lines are page chrome or metadata")
    warnings: list[str] = list(page.warnings)
    body = page.body
    title = page.title
    doc_number = page.doc_number or _page_doc_number(page)

    texts = [line.text for line in body]
    addressee = page.addressee
    addressee_text = addressee.text if addressee else _inline_salutation(body)
    kinds = _signature_kinds(body)
    found_headings = heading_finder.find_headings(texts)

    blocks: list[Block] = []
    for position, line in enumerate(body):
        if addressee is line:
            blocks.append(Block("addressee", line.text))
        elif position in kinds:
            blocks.append(Block(kinds[position], line.text))
        elif position in found_headings:
            level, heading = found_headings[position]
            blocks.append(Block("heading", heading.text, level=level, run_in=heading.run_in))
            rest = line.text[len(heading.text):].strip()
            if heading.run_in and rest:
                blocks.append(Block("paragraph", rest))
        else:
            blocks.append(Block("paragraph", line.text))

    signature_agencies = [patterns.compact(body[p].text) for p in sorted(kinds) if kinds[p] == "signature"]
    date, date_source = _document_date(body, kinds, page, warnings)
    agency = (
        "、".join(_first_signature_group(body, kinds))
        or _fuller_name(_agency_from_title(title.text), page)
        or _page_agency(page)
    )
    if not agency:
        warnings.append("agency: the document does not name its issuing body")
    if title.derived:
        warnings.append(f"title: the page states no title; '{title.text}' is derived ({title.extractor})")
    if not date:
        warnings.append("date: the document states no date")

    region_path = find_region(
        [title.text, agency or "", *signature_agencies],
        "\n".join(texts),
        [line.text for line in page.lines if line.role != BODY],
    )
    doc_type = _doc_type(title.text, title.derived, texts, addressee is not None,
                         any(k == "signature" for k in kinds.values()), page.page_info)
    labels = settings.doc_types().labels
    removed = [{"line": line.text, "rule": line.rule} for line in page.lines if line.role == "removed"]
    removed += [{"line": item["line"], "rule": item["rule"]} for item in page.inline_removed]
    return Record(
        source_file=page.source_file,
        slug=slug_for(page.source_file),
        title=title.text,
        title_derived=title.derived,
        agency=agency,
        date=date,
        date_source=date_source,
        publication_date=patterns.parse_date(page.page_fields.get("publication_date", "")),
        doc_number=doc_number,
        index_number=page.page_fields.get("index_number") or None,
        addressee=addressee_text,
        doc_type=doc_type,
        doc_type_label=labels[doc_type]["zh"],
        region="".join(region_path or []) or None,
        region_path=region_path or [],
        blocks=blocks,
        removed=removed,
        lifted=[{"line": line.text, "field": line.field} for line in page.lines if line.role == "lifted"],
        page_metadata=dict(page.page_info),
        source_encoding=page.encoding,
        warnings=warnings,
        source_script=detect_script("\n".join([title.text, *(block.text for block in blocks)])),
    )


def _page_doc_number(page: CleanPage) -> str | None:
    """The page's 发文字号 field, or the number printed after the title (split off by the cleaner)."""
    value = page.page_fields.get("doc_number") or ""
    match = patterns.DOC_NUMBER.search(patterns.fold(value))
    if match:
        return value[match.start(): match.end()]
    # 〔2023〕第12号 after a headline: a number without an issuer's code is still the page's own
    match = re.search(r"[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*第?\s*\d{1,5}\s*号", patterns.fold(value))
    return value[match.start(): match.end()] if match and value.strip() == value[match.start(): match.end()] else None


def _first_signature_group(body: list[Line], kinds: dict[int, str]) -> list[str]:
    group: list[str] = []
    for position in sorted(kinds):
        if kinds[position] == "signature":
            group.append(patterns.compact(body[position].text))
        elif group:
            break
    return group


def _document_date(body: list[Line], kinds: dict[int, str], page: CleanPage, warnings: list[str]) -> tuple[str | None, str | None]:
    """The signature date, else the date the document was issued, else the page's publication date."""
    for position in sorted(kinds):
        if kinds[position] != "date":
            continue
        text = body[position].text
        date = patterns.date_line(text)
        if date:
            return date, "signature"
        date = patterns.digits_only_date(text) or patterns.spaced_date(text)
        if date:
            warnings.append(f"date: signature date '{text}' lost its 年/月/日 on capture; read as {date}")
            return date, "signature"
    for field_name, source in (("issue_date", "issue_date"), ("publication_date", "publication_date")):
        date = patterns.parse_date(page.page_fields.get(field_name, ""))
        if date:
            return date, source
    return None, None
