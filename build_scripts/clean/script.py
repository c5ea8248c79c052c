"""Which script a source is written in: Simplified ("zh-Hans") or Traditional ("zh-Hant").

Most characters are the same in both scripts; what tells them apart is the characters that
exist in only one. OpenCC knows them, in context: a character its `t2s` conversion changes is
written in Traditional (發, 國), one its `s2t` conversion changes in Simplified (发, 国), and
converting phrase by phrase keeps a word both scripts write alike (乾隆, 公里) out of the
count. The script is the one most marked characters are in (data/script.yaml: how many a
text needs, and the share); a text with too few, or a tie, is Simplified, the script of the
archive's sources.

    detect_script("國務院辦公廳關於…")  # "zh-Hant"
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import settings

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"


@dataclass(frozen=True)
class ScriptCount:
    """How many characters of a text are written in each script only."""

    traditional: int
    simplified: int

    @property
    def marked(self) -> int:
        return self.traditional + self.simplified


@functools.lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def _changed(text: str, config: str) -> int:
    """The characters of `text` that OpenCC `config` changes."""
    converted = _converter(config).convert(text)
    if len(converted) == len(text):
        return sum(before != after for before, after in zip(text, converted))
    # a phrase of another length (rare): count character by character instead
    characters = sorted(set(text) - {"\n"})  # one a line
    changes = _converter(config).convert("\n".join(characters)).split("\n")
    changing = {before for before, after in zip(characters, changes) if before != after}
    return sum(character in changing for character in text)


def count_script(text: str) -> ScriptCount:
    return ScriptCount(traditional=_changed(text, "t2s"), simplified=_changed(text, "s2t"))


def detect_script(text: str) -> str:
    """"zh-Hant" when most of the characters of `text` that only one script writes are
    Traditional (data/script.yaml), else "zh-Hans"."""
    rules = settings.script()
    count = count_script(text or "")
    if count.marked < max(rules.min_marked_characters, 1):
        return SIMPLIFIED
    return TRADITIONAL if count.traditional > rules.traditional_share * count.marked else SIMPLIFIED
