"""The region a document comes from, as far as its text tells, from data/regions.yaml.

Names in the title, the issuing body and the signature count most, then the body, then the
page's own lines (a site footer names its owner). A county name shared by several places is
used only when its city or province is named too; the answer is a path province → city →
county, as specific as the text allows.
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

import ahocorasick

from .. import patterns, settings


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    parent: str | None


@functools.lru_cache(maxsize=None)
def _gazetteer() -> tuple[dict[str, list[Place]], "ahocorasick.Automaton"]:
    by_name: dict[str, list[Place]] = {}
    for entry in settings.regions().places:
        place = Place(entry.name, entry.level, entry.parent)
        by_name.setdefault(entry.name, []).append(place)
        if entry.short:
            by_name.setdefault(entry.short, []).append(place)
    # one automaton for 3,000 names (Aho-Corasick): a regex of them, even shaped as a trie,
    # was the records stage's largest cost
    automaton = ahocorasick.Automaton()
    for name in by_name:
        automaton.add_word(name, name)
    automaton.make_automaton()
    return by_name, automaton


def _names_in(text: str, automaton: "ahocorasick.Automaton") -> list[str]:
    """Place names in the text, leftmost and longest first, never overlapping (黑龙江省, not 龙江)."""
    return [name for _, name in automaton.iter_long(patterns.fold(text))] if text else []


def _path(place: Place, by_name: dict[str, list[Place]]) -> list[str]:
    path = [place.name]
    parent = place.parent
    while parent:
        path.insert(0, parent)
        parents = [p for p in by_name.get(parent, []) if p.name == parent]
        parent = parents[0].parent if parents else None
    return path


def _resolve(mentions: Counter, by_name: dict[str, list[Place]]) -> Counter:
    """Places meant by the names found; a shared name counts only when its parent is named too."""
    named = set(mentions)
    resolved: Counter = Counter()
    for name, count in mentions.items():
        places = list({place.name + (place.parent or ""): place for place in by_name[name]}.values())
        if len(places) > 1:
            places = [place for place in places if place.parent in named]
        if len(places) == 1:
            resolved[places[0]] += count
    return resolved


def _most_specific(resolved: Counter, by_name: dict[str, list[Place]]) -> list[str]:
    paths = {place: _path(place, by_name) for place in resolved}
    support = Counter()
    for place, count in resolved.items():
        for depth in range(1, len(paths[place]) + 1):
            support[tuple(paths[place][:depth])] += count
    # start from the best-supported top-level area, then go down while one child carries
    # at least half of the support (a county named once in a city's reply is not the region)
    current: tuple[str, ...] = ()
    while True:
        children = [path for path in support if len(path) == len(current) + 1 and path[: len(current)] == current]
        if not children:
            break
        best = max(children, key=lambda path: support[path])
        if current and support[best] * 2 < support[current]:
            break
        current = best
    return list(current)


def starts_with_place(text: str) -> bool:
    """Whether a name opens with a place (揭阳市…) or a national body (中共…, 国务院…)."""
    _, automaton = _gazetteer()
    regions = settings.regions()
    text = patterns.fold(text)  # 揭陽市… in a page written in Traditional
    return any(end == len(name) - 1 for end, name in automaton.iter_long(text[:12])) \
        or text.startswith(regions.national_prefixes) or text.startswith(regions.national)


def find_region(primary: list[str], body: str, page_lines: list[str]) -> list[str] | None:
    """The region path (e.g. ['浙江省', '宁波市', '余姚市']) or None."""
    by_name, automaton = _gazetteer()
    regions = settings.regions()
    # the opening of a long body names its places as well as the whole does, at a fraction of the cost
    body = body[: settings.structure().region.body_chars]
    for texts in (primary, [body], page_lines):
        text = patterns.fold("\n".join(t for t in texts if t))
        resolved = _resolve(Counter(_names_in(text, automaton)), by_name)
        if resolved:
            return _most_specific(resolved, by_name)
        if any(name in text for name in regions.national):
            return [regions.national_region]
    return None
