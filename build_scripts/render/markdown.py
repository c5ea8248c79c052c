"""Render stage: a `Variant` → one Markdown page with YAML front matter.

The same function renders every language; its words come from that language's labels file.
Text from the sources is escaped so that it is always shown as text: a page never runs markup
that came from a raw document.
"""
from __future__ import annotations

import html
import re
import urllib.parse

import yaml

from ..record import Block, Variant, front_matter_fields
from .labels import t

# libyaml's emitter: the pure-Python one took most of a build's rendering time
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# The theme puts the metadata card here, under the notice, when a page has one.
CARD_MARK = "<!--archive-card-->"
# An English page links its original: site/en/documents/<slug>.html → site/documents/<slug>.html.
ORIGINAL_URL = "../../documents/{slug}.html"
# Escaped wherever they stand: emphasis, code, links and footnotes, attribute lists, table cells,
# a heading's closing hashes.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
# Escaped at the start of a line only, where they open an admonition (!!!) or a list
# ("- ", "+ ", "1. ", "1) ") — elsewhere "2+4", "3.21" and "1-5月" stay readable in the Markdown.
_LINE_START_SPECIAL = re.compile(r"^(\s*)(?:([!+-])|(\d+)([.)]))", re.MULTILINE)
# …and those no backslash can escape: ~~~ (a code fence), ??? (a details block), ":" (a definition)
_LINE_START_ENTITY = re.compile(r"^(\s*)([~?:])", re.MULTILINE)


def escape(text: str) -> str:
    """Plain text → Markdown that shows exactly that text (HTML and Markdown syntax inert)."""
    text = html.escape(text, quote=False)
    # html.escape turned < > & into entities; escape the remaining Markdown punctuation
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START_ENTITY.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return _LINE_START_SPECIAL.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), text)


def front_matter(page: Variant) -> str:
    fields = page.to_dict()
    meta = {name: fields[name] for name in front_matter_fields() if fields[name] not in (None, [], {})}
    return "---\n" + yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def notice(page: Variant) -> str:
    """What a reader must know before reading a page that is not the original, with a link to
    it: machine translation (or its absence), or OpenCC's conversion. Empty for the original."""
    if page.lang == "zh":
        return ""
    key = ("notice_translation_missing" if page.translation_missing else "notice_machine_translated") \
        if page.lang == "en" else "notice_opencc"
    model = page.variant.get("model")
    text = t(page.lang, key, original_url=html.escape(ORIGINAL_URL.format(slug=urllib.parse.quote(page.slug, safe="")), quote=True),
             model=f"Argos Translate ({html.escape(model)})" if model else "Argos Translate",
             source=t(page.lang, "notice_source", source_file=escape(page.source_file)) if page.source_file else "")
    if not text:
        return ""
    kind = "archive-notice--missing" if page.translation_missing else \
        "archive-mt-notice" if page.lang == "en" else "archive-notice--opencc"
    # data-pagefind-ignore: the notice is the same on every page; search finds documents by their own words
    return (f'<div class="archive-notice {kind}" role="note" data-archive-notice data-pagefind-ignore markdown="1">\n\n'
            f"{text.strip()}\n\n</div>\n\n{CARD_MARK}\n\n")


def _original(block: Block, lang: str) -> str:
    """The Simplified source of a converted or translated paragraph, folded away under it."""
    if not block.original or block.original == block.text:
        return ""
    # Not indexed: the original is the Simplified site's to find, and it would not be cut into
    # words on an English page.
    return (f'<details class="doc-original" markdown="0" data-pagefind-ignore><summary>{html.escape(t(lang, "original"))}</summary>'
            f'<p lang="zh-Hans">{html.escape(block.original)}</p></details>\n\n')


def _closing_section(blocks: list[Block], css_class: str) -> str:
    lines = "<br>\n".join(html.escape(block.text) for block in blocks)
    return f'<div class="{css_class}" markdown="0">\n<p>{lines}</p>\n</div>\n\n'


_CLOSING_SECTIONS = {"signature": "doc-signature", "date": "doc-signature", "contact": "doc-contact"}


def render_page(page: Variant) -> str:
    parts = [front_matter(page), "\n", notice(page)]
    parts.append(f"# {escape(page.title or page.slug or '')}\n\n")
    blocks = page.blocks
    position = 0
    while position < len(blocks):
        block = blocks[position]
        if block.kind in _CLOSING_SECTIONS:
            # the signature and contact lines stay together, set apart from the text
            section = _CLOSING_SECTIONS[block.kind]
            run = []
            while position < len(blocks) and _CLOSING_SECTIONS.get(blocks[position].kind) == section:
                run.append(blocks[position])
                position += 1
            parts.append(_closing_section(run, section))
            continue
        if block.kind == "heading":
            hashes = "#" * min(6, (block.level or 1) + 1)
            parts.append(f"{hashes} {escape(block.text)}\n\n")
        elif block.kind == "addressee":
            parts.append(f'<p class="doc-addressee">{html.escape(block.text)}</p>\n\n')
        else:
            parts.append(escape(block.text) + "\n\n")
        parts.append(_original(block, page.lang))
        position += 1
    if page.source_file:
        parts.append(f'<p class="doc-source">{html.escape(t(page.lang, "field.source_file"))}: '
                     f'<code>{html.escape(page.source_file)}</code></p>\n')
    return "".join(parts)
