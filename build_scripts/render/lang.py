"""Which language a piece of text is in, for the `lang` attribute around it.

An English page shows Chinese where there is no translation (a title, the text, a document
number, an agency the glossary does not know): marked with its script's language tag, screen
readers read it as Chinese and browsers pick a Chinese font for it.
"""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# BCP 47 tags of the two scripts (what `Record.source_script` holds)
SIMPLIFIED, TRADITIONAL = "zh-Hans", "zh-Hant"


def has_han(text: str | None) -> bool:
    return bool(text) and _HAN.search(text) is not None


def text_lang(text: str | None, page_lang: str, script: str | None = None) -> str | None:
    """The `lang` to put on `text` shown on a page in `page_lang`, or None when the page's own
    language is right for it. `script`: the script of the Chinese it holds (default Simplified)."""
    if page_lang == "en" and has_han(text):
        return script or SIMPLIFIED
    return None
