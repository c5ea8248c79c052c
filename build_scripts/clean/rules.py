"""Whole-line chrome rules (data/chrome.yaml), each allowed to act in some zones of the page.

A rule matches a whole line of the folded text (full-width punctuation as ASCII, Traditional
characters as Simplified), never a phrase inside a sentence.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .. import patterns, settings

# where a rule may act: anywhere, above the document (header), below it (footer)
ANYWHERE, HEADER, FOOTER = "anywhere", "header", "footer"


@dataclass(frozen=True)
class Rule:
    name: str
    zone: str
    pattern: re.Pattern


@functools.lru_cache(maxsize=None)
def _font_size_words() -> str:
    """The words of a font-size widget as one alternation: chrome.yaml lists them once."""
    return patterns.one_of(settings.chrome().font_size_words)


def _pattern(rule: settings.LineRule) -> str:
    """The rule's pattern with `{font_size_words}` spelled out."""
    return rule.pattern.replace("{font_size_words}", _font_size_words())


@functools.lru_cache(maxsize=None)
def rules() -> tuple[Rule, ...]:
    listed = settings.chrome().line_rules
    found = [Rule(r.name, r.zone, re.compile(_pattern(r))) for r in listed]
    # buttons and counters side by side on one line: 【字体:大 中 小】【打印】【关闭】
    widgets = "|".join(f"(?:{_pattern(r)})" for r in listed if r.widget)
    # (at least one word: a lone | is a table's rule, part of the document)
    found.append(Rule("widget_bar", ANYWHERE, re.compile(rf"(?=.*[\u4e00-\u9fffA-Za-z])(?>(?:{widgets})\s*[|丨]?\s*){{2,}}")))
    return tuple(found)


@functools.lru_cache(maxsize=None)
def page_end_rules() -> frozenset[str]:
    """Rules for the site's own footer: nothing of the document stands below their lines."""
    return frozenset(r.name for r in settings.chrome().line_rules if r.ends_page)


def limits() -> settings.PageLayout:
    """The page-layout thresholds (chrome.yaml: settings)."""
    return settings.chrome().settings


@functools.lru_cache(maxsize=None)
def _combined(zones: tuple[str, ...]) -> re.Pattern:
    """The zones' rules as one alternation, in file order: one regex call per line, not thirty."""
    chosen = [(f"r{number}", rule.pattern.pattern) for number, rule in enumerate(rules()) if rule.zone in zones]
    return re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in chosen) or "(?!)")


def matching_rule(text: str, zones: tuple[str, ...]) -> str | None:
    """The name of the first rule of those zones that matches the whole line, or None."""
    match = _combined(zones).fullmatch(patterns.fold(text))
    return rules()[int(match.lastgroup[1:])].name if match else None


@functools.lru_cache(maxsize=None)
def _widget_piece() -> re.Pattern:
    return re.compile(rf"[\[【]?\s*(?:{_font_size_words()})\s*[\]】]?|[\[\]【】|丨]")


def widget_piece(text: str) -> bool:
    """A loose piece of a font-size widget that the page split over lines: 大 / 中 / 小 / ]."""
    return bool(_widget_piece().fullmatch(patterns.fold(text)))
