"""Render stage: a record (or a variant record) → one Markdown page with YAML front matter.

The same function renders every language. Text from the sources is escaped so that it is
always shown as text: a page never runs markup that came from a raw document.
"""
from __future__ import annotations

import html
import re

import yaml

from .. import config

# front-matter keys, in the order an archivist reads them
FRONT_MATTER_KEYS = (
    "title", "title_derived", "agency", "date", "publication_date", "doc_number", "index_number",
    "addressee", "doc_type", "doc_type_label", "region", "source_file", "slug", "lang", "variant",
)
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


def _labels(lang: str) -> dict:
    labels = config.load("labels")
    return {**labels["zh"], **labels.get(lang, {})}


def front_matter(page: dict, lang: str) -> str:
    meta = {key: page.get(key) for key in FRONT_MATTER_KEYS if page.get(key) is not None}
    meta["lang"] = lang
    if page.get("region_path"):
        meta["region_path"] = page["region_path"]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _original(block: dict, labels: dict) -> str:
    """The Simplified source of a converted or translated paragraph, folded away under it."""
    original = block.get("original")
    if not original or original == block.get("text"):
        return ""
    return (f'<details class="doc-original" markdown="0"><summary>{html.escape(labels["original"])}</summary>'
            f'<p lang="zh-Hans">{html.escape(original)}</p></details>\n\n')


def _closing_section(blocks: list[dict], css_class: str) -> str:
    lines = "<br>\n".join(html.escape(block["text"]) for block in blocks)
    return f'<div class="{css_class}" markdown="0">\n<p>{lines}</p>\n</div>\n\n'


_CLOSING_SECTIONS = {"signature": "doc-signature", "date": "doc-signature", "contact": "doc-contact"}


def render_page(page: dict, lang: str) -> str:
    labels = _labels(lang)
    parts = [front_matter(page, lang), "\n"]
    if page.get("notice"):
        # a machine-translation notice is the first thing a reader sees, before the title
        parts.append(page["notice"].rstrip() + "\n\n")
    parts.append(f"# {escape(page.get('title') or page.get('slug') or '')}\n\n")
    blocks = page.get("blocks", [])
    position = 0
    while position < len(blocks):
        block = blocks[position]
        kind = block["kind"]
        if kind in _CLOSING_SECTIONS:
            # the signature and contact lines stay together, set apart from the text
            section = _CLOSING_SECTIONS[kind]
            run = []
            while position < len(blocks) and _CLOSING_SECTIONS.get(blocks[position]["kind"]) == section:
                run.append(blocks[position])
                position += 1
            parts.append(_closing_section(run, section))
            continue
        if kind == "heading":
            hashes = "#" * min(6, block.get("level", 1) + 1)
            parts.append(f"{hashes} {escape(block['text'])}\n\n")
        elif kind == "addressee":
            parts.append(f'<p class="doc-addressee">{html.escape(block["text"])}</p>\n\n')
        else:
            parts.append(escape(block["text"]) + "\n\n")
        parts.append(_original(block, labels))
        position += 1
    if page.get("source_file"):
        parts.append(f'<p class="doc-source">{html.escape(labels["source_file"])}: '
                     f'<code>{html.escape(page["source_file"])}</code></p>\n')
    return "".join(parts)
