"""Render stage: a `Variant` → one Markdown page with YAML front matter.

The same function renders every language; its words come from that language's labels file.
Every page reads in the same order: the title, the notice (what the page is made from, when it
is not the original), the metadata card (`CARD_MARK`, where the theme puts it), the text, and
at the end, folded away, what the cleaning took out of the source page.

Text from the sources is escaped so that it is always shown as text: a page never runs markup
that came from a raw document.
"""
from __future__ import annotations

import html
import posixpath
import re
import urllib.parse

import yaml

from ..record import Block, Variant, front_matter_fields
from ..settings import SITE_DIR
from .browse import facet_anchors
from .labels import t, translator_name
from .lang import SIMPLIFIED, TRADITIONAL, lang_attribute, shown_script, source_script, text_lang

# libyaml's emitter: the pure-Python one took most of a build's rendering time
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# The theme puts the metadata card here: under the title and the notice, on every page.
CARD_MARK = "<!--archive-card-->"
# Escaped wherever they stand: emphasis, code, links and footnotes, attribute lists, table cells,
# a heading's closing hashes.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
# Escaped at the start of a line only, where they open an admonition (!!!) or a list
# ("- ", "+ ", "1. ", "1) ") — elsewhere "2+4", "3.21" and "1-5月" stay readable in the Markdown.
_LINE_START_SPECIAL = re.compile(r"^(\s*)(?:([!+-])|(\d+)([.)]))", re.MULTILINE)
# …and those no backslash can escape: ~~~ (a code fence), ??? (a details block), ":" (a definition)
_LINE_START_ENTITY = re.compile(r"^(\s*)([~?:])", re.MULTILINE)

# A sentence ends at 。！？ (with the closing quotes after them), or at . ! ? before a space.
_SENTENCE_END = re.compile(r"[。！？]+[”’」』）)]*|[.!?]+[”’\"')]*(?=\s|$)")
# What a search engine shows of a description; a longer first sentence is cut, with an ellipsis.
DESCRIPTION_LENGTH = 160
# the other Chinese site: where the version in the other script is
_OTHER_SCRIPT_SITE = {"zh": "zh-Hant", "zh-Hant": "zh"}


def escape(text: str) -> str:
    """Plain text → Markdown that shows exactly that text (HTML and Markdown syntax inert)."""
    text = html.escape(text, quote=False)
    # html.escape turned < > & into entities; escape the remaining Markdown punctuation
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START_ENTITY.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return _LINE_START_SPECIAL.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), text)


def _html_text(text: str) -> str:
    """Plain text → the content of a raw HTML block: escaped, and with no blank line in it
    (one would end the block, and Markdown would read what follows)."""
    return html.escape(re.sub(r"\n\s*\n", "\n", text.strip()), quote=False)


# --- which page is the original ------------------------------------------------------

def original_site(page: Variant) -> str:
    """The site whose page holds the original text: the one in the source's script."""
    return "zh-Hant" if page.source_script == TRADITIONAL else "zh"


def document_href(from_lang: str, to_lang: str, slug: str) -> str:
    """Link from a document's page in `from_lang` to its page in `to_lang`, relative, so that it
    works from file:// and under any sub-path."""
    target = f"{SITE_DIR[to_lang]}documents/{urllib.parse.quote(slug, safe='')}.html"
    return posixpath.relpath(target, f"{SITE_DIR[from_lang]}documents")


# --- front matter ----------------------------------------------------------------------

def first_sentence(text: str) -> str:
    """The first sentence of `text` on one line, at most DESCRIPTION_LENGTH characters."""
    text = " ".join(text.split())
    end = _SENTENCE_END.search(text)
    sentence = text[:end.end()] if end else text
    if len(sentence) <= DESCRIPTION_LENGTH:
        return sentence
    cut = sentence[:DESCRIPTION_LENGTH - 1]
    if " " in cut[-30:]:  # English: not inside a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:，、；：") + "…"


def summary(page: Variant) -> str:
    """A sentence about the document made of its metadata, in the page's language:
    "Reply to a CPPCC proposal issued by … on 2023-08-01."."""
    lang = page.lang
    date = page.date or page.publication_date
    return t(lang, "render.summary",
             type=page.doc_type_label or t(lang, "render.summary_type"),
             agency=t(lang, "render.summary_agency", agency=page.agency) if page.agency else "",
             date=t(lang, "render.summary_date", date=date) if date else "")


def description(page: Variant) -> str:
    """What search engines and link previews show of the page (plain text): the first sentence
    of the text's first paragraph when it is in the page's language, else `summary`."""
    if page.lang == "en" and page.translation_missing:
        return summary(page)
    paragraph = next((block.text for block in page.blocks if block.kind == "paragraph" and block.text.strip()), None)
    if paragraph and text_lang(paragraph, page.lang, shown_script(page)) is None:
        return first_sentence(paragraph)
    return summary(page)


def front_matter(page: Variant, simplified: Variant | None = None) -> str:
    """The record's fields, `description`, and `facets` ({facet: anchor of the document's
    group on browse/<facet>.html}) from the Simplified variant, whose values name the groups."""
    fields = page.to_dict()
    meta = {name: fields[name] for name in front_matter_fields() if fields[name] not in (None, [], {})}
    meta["description"] = description(page)
    if simplified is None and page.lang == "zh":
        simplified = page
    if simplified is not None:
        meta["facets"] = facet_anchors(simplified)
    return "---\n" + yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


# --- the page ----------------------------------------------------------------------------

def notice(page: Variant) -> str:
    """What a reader must know about how the page was made, with a link to the original:
    machine translation (or its absence), OpenCC's conversion, or — on the original's page
    when another page was converted from it — that this is the original. Empty when the
    language's label for the case is empty (a Simplified original needs no notice)."""
    method = page.variant.get("method")
    if page.lang == "en":
        key = "notice_translation_missing" if page.translation_missing else "notice_machine_translated"
        kind = "archive-notice--missing" if page.translation_missing else "archive-mt-notice"
    elif method == "opencc":
        key, kind = "notice_opencc", "archive-notice--opencc"
    else:
        key, kind = "notice_original", "archive-notice--original"
    other = _OTHER_SCRIPT_SITE.get(page.lang)
    original = original_site(page) if page.lang == "en" else other
    text = t(page.lang, key,
             original_url=html.escape(document_href(page.lang, original, page.slug), quote=True),
             converted_url=html.escape(document_href(page.lang, other, page.slug), quote=True) if other else "",
             model=html.escape(translator_name(page)))
    if not text:
        return ""
    # data-pagefind-ignore: the notice is the same on every page; search finds documents by their own words
    return (f'<div class="archive-notice {kind}" role="note" data-archive-notice data-pagefind-ignore markdown="1">\n\n'
            f"{text.strip()}\n\n</div>\n\n")


def _heading(text: str, level: int, page: Variant) -> str:
    text = " ".join(text.split())  # a heading is one line
    lang = text_lang(text, page.lang, shown_script(page))
    return f"{'#' * level} {escape(text)}" + (f' {{ lang="{lang}" }}' if lang else "") + "\n\n"


def _original(block: Block, page: Variant) -> str:
    """The Simplified text a converted or translated paragraph was made from, folded away under it."""
    if not block.original or block.original == block.text:
        return ""
    lang = text_lang(block.original, page.lang, SIMPLIFIED)  # an `original` is Simplified (record.py)
    # Not indexed: the original is the Simplified site's to find, and it would not be cut into
    # words on an English page.
    return (f'<details class="doc-original" markdown="0" data-pagefind-ignore><summary>{html.escape(t(page.lang, "original"))}</summary>'
            f"<p{lang_attribute(lang)}>{_html_text(block.original)}</p></details>\n\n")


def _closing_section(blocks: list[Block], css_class: str, page: Variant) -> str:
    lines = []
    for block in blocks:
        lang = text_lang(block.text, page.lang, shown_script(page))
        text = _html_text(block.text)
        lines.append(f"<span{lang_attribute(lang)}>{text}</span>" if lang else text)
    joined = "<br>\n".join(lines)
    return f'<div class="{css_class}" markdown="0">\n<p>{joined}</p>\n</div>\n\n'


_CLOSING_SECTIONS = {"signature": "doc-signature", "date": "doc-signature", "contact": "doc-contact"}


def _source_line(text: str, page: Variant) -> str:
    """A line as the source page had it, in the source's script."""
    return f"<span{lang_attribute(text_lang(text, page.lang, source_script(page)))}>{_html_text(text)}</span>"


def removed_block(page: Variant) -> str:
    """What the cleaning took out of the source page, folded away at the end: each removed line
    with the rule that matched it, each line of metadata moved into the card with its field,
    and the source file with its encoding. Not indexed: it is not the document's text."""
    lang = page.lang
    parts = [f'<details class="doc-removed" markdown="0" data-pagefind-ignore>\n'
             f"<summary>{html.escape(t(lang, 'render.removed_summary', n=len(page.removed) + len(page.lifted)))}</summary>\n"]
    if page.removed:
        parts.append(f'<p>{html.escape(t(lang, "render.removed_lines"))}</p>\n<ul class="doc-removed__lines">\n')
        parts += [f'<li>{_source_line(item.get("line") or "", page)} (<code>{html.escape(str(item.get("rule") or ""))}</code>)</li>\n'
                  for item in page.removed]
        parts.append("</ul>\n")
    if page.lifted:
        parts.append(f'<p>{html.escape(t(lang, "render.lifted_lines"))}</p>\n<ul class="doc-removed__lifted">\n')
        for item in page.lifted:
            field = str(item.get("field") or "")
            try:
                name = html.escape(t(lang, f"field.{field}"))
            except KeyError:  # a field the card does not show (page_info, publisher): its own name
                name = f"<code>{html.escape(field)}</code>"
            parts.append(f'<li>{_source_line(item.get("line") or "", page)} → {name}</li>\n')
        parts.append("</ul>\n")
    if page.source_file:
        source = [(t(lang, "field.source_file"), page.source_file)]
        if page.source_encoding:
            source.append((t(lang, "render.encoding"), page.source_encoding))
        shown = " · ".join(t(lang, "render.text_field", label=html.escape(label), value=f"<code>{html.escape(value)}</code>")
                           for label, value in source)
        parts.append(f'<p class="doc-source">{shown}</p>\n')
    parts.append("</details>\n")
    return "".join(parts)


def render_page(page: Variant, simplified: Variant | None = None) -> str:
    """The page of `page`; `simplified`: the same document's Simplified variant (the page itself
    on the Simplified site), which names its groups on the browse pages (front matter `facets`)."""
    parts = [front_matter(page, simplified), "\n", _heading(page.title or page.slug or "", 1, page),
             notice(page), CARD_MARK, "\n\n"]
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
            parts.append(_closing_section(run, section, page))
            continue
        lang = text_lang(block.text, page.lang, shown_script(page))
        if block.kind == "heading":
            parts.append(_heading(block.text, min(6, (block.level or 1) + 1), page))
        elif block.kind == "addressee":
            parts.append(f'<p class="doc-addressee"{lang_attribute(lang)}>{_html_text(block.text)}</p>\n\n')
        elif lang:  # Chinese on an English page: a paragraph that says so
            parts.append(f"<p{lang_attribute(lang)}>{_html_text(block.text)}</p>\n\n")
        else:
            parts.append(escape(block.text) + "\n\n")
        parts.append(_original(block, page))
        position += 1
    parts.append(removed_block(page))
    return "".join(parts)
