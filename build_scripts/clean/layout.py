"""Evidence about a line from its shape alone: prose, a salutation, a part of a letter's close.

These are what the zones are found from: the document is the run from its first line of prose
to its last line of text; the page header lies above it and the site footer below it.
"""
from __future__ import annotations

import functools
import re

from .. import patterns, settings
from .page import Line
from .rules import limits


@functools.lru_cache(maxsize=None)
def _ends_with_before_colon(words: tuple[str, ...]) -> re.Pattern:
    """A line ending with one of the words and a colon (folded: an ASCII colon)."""
    return re.compile(rf"(?:{patterns.one_of(words)})\s*:$")


def is_prose(text: str) -> bool:
    """A sentence of the document: ends with a full stop, or is long and punctuated like text.

    A line ending with a colon is prose only when it leads into what follows (现答复如下:); a
    salutation (各乡镇人民政府,县级有关部门:) is not, however long.
    """
    folded = patterns.fold(text).rstrip()
    size = len(patterns.compact(folded))
    thresholds = limits()
    if folded.endswith(":"):
        lead_in = _ends_with_before_colon(settings.structure().lead_in_words)
        return size >= thresholds.prose_min_chars and bool(lead_in.search(folded))
    if patterns.ends_sentence(folded):
        return size >= thresholds.prose_min_chars
    return size >= thresholds.paragraph_min_chars and len(re.findall(r"[,;。]", folded)) >= 2


def closes_letter(text: str) -> bool:
    """A line of a letter's close: a date, a contact line, a closing formula."""
    return bool(patterns.date_line(text) or patterns.digits_only_date(text) or patterns.spaced_date(text)
                or patterns.contact_line(text) or patterns.closing_formula(text))


def addressee_like(text: str) -> bool:
    """A salutation: 柳楷斌委员:, 各乡镇人民政府,县级有关部门:, 高松代表 (no colon), 尊敬的…"""
    addressee = settings.structure().addressee
    folded = patterns.fold(patterns.compact(text))
    if len(folded) > addressee.max_chars or re.search(f"[{patterns.SENTENCE_END}]", folded):
        return False
    if patterns.numbering(text) or patterns.contact_line(text) or patterns.doc_number_line(text):
        return False
    if folded.startswith(addressee.openers):
        return True
    if folded.endswith(":"):
        # a long salutation lists bodies (各县(市、区)人民政府,…:); a long line with figures or
        # quotations is a sentence leading into a list
        long_sentence = len(folded) > addressee.bare_max_chars and re.search(r"[\d“”\"《》]", folded)
        return not long_sentence and not _ends_with_before_colon(addressee.not_before_colon).search(folded)
    if folded.startswith(addressee.bodies_opener) and re.search(r"[,、]", folded):
        return patterns.agency_line(re.split(r"[,、]", folded)[-1])
    return len(folded) <= addressee.bare_max_chars and folded.endswith(addressee.honorifics)


def first_prose(lines: list[Line], *, unless=lambda text: False) -> int:
    """Index of the document's first line of prose (len(lines) when it has none).

    `unless` names lines that only look like prose (a site's welcome banner ends with a !).
    """
    return next((i for i, line in enumerate(lines) if line.is_body and is_prose(line.text) and not unless(line.text)),
                len(lines))


def last_text(lines: list[Line], *, ends_page=lambda line: False) -> int:
    """Index of the document's last line: its last prose, or a line of the letter's close below
    it (a date, a contact line) that stands above the site's own footer (-1: none)."""
    end = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].is_body and is_prose(lines[i].text)), -1)
    for position in range(end + 1, len(lines)):
        if ends_page(lines[position]):
            break
        if lines[position].is_body and closes_letter(lines[position].text):
            end = position
    return end
