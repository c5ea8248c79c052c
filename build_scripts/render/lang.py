"""Which language a piece of text is in, for the `lang` attribute around it.

An English page shows Chinese where there is no translation (a title, the text, a document
number, an agency the glossary does not know): marked with its script's language tag, screen
readers read it as Chinese and browsers pick a Chinese font for it. A Chinese page shows lines
of the source as they were (what the cleaning removed): in the other script's page they are
marked with the source's script.
"""
from __future__ import annotations

import re

from ..clean.script import SIMPLIFIED, TRADITIONAL  # BCP 47 tags of the two scripts (`Record.source_script`)

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# the script each Chinese site is written in
PAGE_SCRIPT = {"zh": SIMPLIFIED, "zh-Hant": TRADITIONAL}


def has_han(text: str | None) -> bool:
    return bool(text) and _HAN.search(text) is not None


def mostly_han(text: str | None) -> bool:
    """Chinese rather than English with a Chinese name in it: a Han character is a word, so
    the text is Chinese when its Han characters are at least as many as its Latin words."""
    if not text:
        return False
    han = len(_HAN.findall(text))
    return han > 0 and han >= len(_LATIN_WORD.findall(text))


def text_lang(text: str | None, page_lang: str, script: str | None = None) -> str | None:
    """The `lang` to put on `text` shown on a page in `page_lang`, or None when the page's own
    language is right for it. `script`: the script of the Chinese it holds (default Simplified).

    On an English page, Chinese text gets its script's tag. On a Chinese page, text gets one
    only when `script` is given and is not the page's own (a Simplified source line shown on
    the Traditional site)."""
    if page_lang == "en":
        return (script or SIMPLIFIED) if mostly_han(text) else None
    if script and script != PAGE_SCRIPT.get(page_lang) and has_han(text):
        return script
    return None


def source_script(record) -> str:
    """The script of a record's source: of the source page's own lines (what the cleaning
    removed or moved into the card)."""
    return getattr(record, "source_script", None) or SIMPLIFIED


def shown_script(page) -> str:
    """The script of the Chinese in a page's own text: the page's script on a Chinese site;
    Simplified on an English page, whose text is translated from the Simplified variant (what
    is left untranslated is Simplified, and so are the blocks' `original`s)."""
    return PAGE_SCRIPT.get(page.lang, SIMPLIFIED)


def lang_attribute(lang: str | None) -> str:
    """` lang="…"` for an HTML tag, or nothing."""
    return f' lang="{lang}"' if lang else ""
