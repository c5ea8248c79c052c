"""Section headings from Chinese numbering: 第一章, 一、, (一), 1./1、, 1.1, (1).

A numbered line heads a section when it is short (a line of its own) or opens with a short
run-in phrase (1.完善人才政策体系。一是……). Numbered items whose siblings are long
paragraphs form a list, not sections; a run of headings repeated later is a table of contents.
Levels are ranks among the numbering styles a document uses, in the conventional order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import patterns, settings

STYLES = patterns.HEADING_STYLES
_ORDER = {name: rank for rank, (name, _) in enumerate(STYLES)}


@dataclass
class Candidate:
    position: int  # index into the body lines
    style: str
    text: str  # the heading as written, numbering included
    run_in: bool  # the heading opens a paragraph that goes on


numbering = patterns.numbering


def candidate(position: int, text: str) -> tuple[str, Candidate | None] | None:
    """None: not numbered. (style, None): numbered but reads as a list item. Else a heading."""
    found = numbering(text)
    if not found:
        return None
    style, marker = found
    rest = text[len(marker):].strip()
    limits = settings.structure().headings
    if not rest:
        # 第一章 alone (its name lost or on the next line) still opens a chapter; a bare 1. does not
        return (style, Candidate(position, style, text, run_in=False)) if style in ("chapter", "section") else (style, None)
    folded_rest = patterns.fold(rest)
    # a question heads its answer (一、本办法出台的目的是什么?) as a title would
    stopped = folded_rest[-1] in "。;:?"
    inner = folded_rest[:-1] if stopped else folded_rest
    limit = limits.own_line_max_chars if not stopped or folded_rest[-1] == "?" else limits.own_line_stopped_max_chars
    if len(rest) <= limit and not re.search(r"[。!?;]", inner):
        return style, Candidate(position, style, text, run_in=False)
    first_sentence = re.match(r"[^。!?:]{1,%d}[。!?]" % limits.run_in_max_chars, folded_rest)
    if first_sentence and len(rest) > first_sentence.end():
        head_end = text.index(rest, len(marker)) + first_sentence.end()
        return style, Candidate(position, style, text[:head_end], run_in=True)
    return style, None


def find_headings(lines: list[str]) -> dict[int, tuple[int, Candidate]]:
    """{body position: (level, candidate)} for the lines that head sections."""
    found: list[tuple[int, str, Candidate | None]] = []
    for position, text in enumerate(lines):
        result = candidate(position, text)
        if result:
            found.append((position, *result))

    # siblings: consecutive items of one style under the same parent; one long item makes a list
    list_groups: set[int] = set()
    group_of: dict[int, int] = {}
    open_groups: dict[str, int] = {}
    group_counter = 0
    for position, style, cand in found:
        for other in [s for s in open_groups if _ORDER[s] > _ORDER[style]]:
            del open_groups[other]
        if style not in open_groups:
            group_counter += 1
            open_groups[style] = group_counter
        group_of[position] = open_groups[style]
        if cand is None:
            list_groups.add(open_groups[style])
    headings = [c for position, style, c in found if c is not None and group_of[position] not in list_groups]

    # a table of contents: headings that stand together and come again later
    texts = [re.sub(r"\s+", "", c.text) for c in headings]
    toc = {i for i, text in enumerate(texts) if text in texts[i + 1:] and
           ((i + 1 < len(headings) and headings[i + 1].position == headings[i].position + 1) or
            (i > 0 and headings[i - 1].position == headings[i].position - 1))}
    headings = [c for i, c in enumerate(headings) if i not in toc]

    ranks = sorted({c.style for c in headings}, key=_ORDER.get)
    return {c.position: (ranks.index(c.style) + 1, c) for c in headings}
