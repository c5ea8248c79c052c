"""The site's own pages in each language: home and browse by facet.

Facet values are grouped by their Simplified value (the record's own value), so a facet has
the same groups, counts and anchors in every language; only the labels are in the page's
language, taken from that language's variant (English names come from the glossary there).
"""

from __future__ import annotations

import hashlib
import html
import json
import re

from ..record import Variant, facet_fields
from .labels import t
from .lang import lang_attribute, shown_script, text_lang

Documents = dict[str, dict[str, Variant]]  # {slug: {lang: Variant}}

FACETS = ("agency", "year", "doc_type", "region")
NEWEST = 10

_YEAR = re.compile(r"(19|20)\d{2}")


def year_in(*dates: str | None) -> str | None:
    """The year of the first of `dates` that has one."""
    for value in dates:
        match = _YEAR.search(value or "")
        if match:
            return match.group(0)
    return None


def year_of(page: Variant) -> str | None:
    return year_in(page.date, page.publication_date)


def sort_date(page: Variant) -> str:
    return page.date or page.publication_date or ""


def facet_key(original: Variant, facet: str) -> str | None:
    if facet == "year":
        return year_of(original)
    value = getattr(original, facet_fields()[facet])
    return str(value).strip() if value else None


def facet_label(key: str | None, facet: str, page: Variant) -> str:
    if key is None:
        return t(page.lang, "unknown")
    if facet == "year":
        return key
    return str(getattr(page, facet_fields()[facet]) or key)


def anchor(key: str | None) -> str:
    """Same anchor for a facet value in every language and every build."""
    raw = "unknown" if key is None else key
    return "v-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:10]


def facet_anchors(simplified: Variant) -> dict[str, str]:
    """{facet: anchor of the document's group on browse/<facet>.html}, from its Simplified
    variant (the values the groups are made of), so its page can link back to its lists."""
    return {facet: anchor(facet_key(simplified, facet)) for facet in FACETS}


def facet_groups(documents: Documents, lang: str, facet: str):
    """[(key, label, [variants in `lang`])], biggest group first (years: newest first)."""
    groups: dict[str | None, list[Variant]] = {}
    for languages in documents.values():
        groups.setdefault(facet_key(languages["zh"], facet), []).append(languages[lang])
    out = []
    for key, pages in groups.items():
        label = facet_label(key, facet, pages[0])
        pages.sort(key=sort_date, reverse=True)
        out.append((key, label, pages))
    if facet == "year":
        out.sort(key=lambda g: (g[0] is None, -(int(g[0]) if g[0] else 0)))
    else:
        out.sort(key=lambda g: (g[0] is None, -len(g[2]), g[1]))
    return out


def chart_svg(counts: list[tuple[str, int]], title: str) -> str:
    """A small bar chart (documents per year) as inline SVG, made at build time."""
    counts = sorted(counts)
    if not counts:
        return ""
    bar, gap, height, top, bottom, left = 28, 10, 140, 22, 24, 8
    width = left * 2 + len(counts) * (bar + gap)
    peak = max(n for _, n in counts) or 1
    parts = [
        f'<svg class="archive-chart" role="img" aria-label="{html.escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + top + bottom}" '
        f'width="{width}" height="{height + top + bottom}">',
        f"<title>{html.escape(title)}</title>",
    ]
    for i, (year, n) in enumerate(counts):
        h = max(1, round(height * n / peak))
        x = left + i * (bar + gap)
        y = top + height - h
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="{bar}" height="{h}" class="archive-chart__bar">'
            f"<title>{year}: {n}</title></rect>"
            f'<text x="{x + bar / 2}" y="{y - 4}" text-anchor="middle" class="archive-chart__n">{n}</text>'
            f'<text x="{x + bar / 2}" y="{top + height + 16}" text-anchor="middle" '
            f'class="archive-chart__year">{year}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|-])")


def _md_text(text: str) -> str:
    """Text from a document (title, agency, region …) → Markdown that shows exactly that
    text inside link text, table cells and headings: HTML becomes entities (Markdown
    passes raw HTML through, and a backslash does not escape `<`), Markdown syntax is
    backslash-escaped, so `[x](javascript:…)` is not a link."""
    text = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def _shown(text: str, page: Variant) -> str:
    """Text from a document as Markdown inline text, marked with its `lang` when it is Chinese
    on an English page."""
    lang = text_lang(text, page.lang, shown_script(page))
    return f"<span{lang_attribute(lang)}>{_md_text(text)}</span>" if lang else _md_text(text)


def _doc_link(page: Variant, prefix: str) -> str:
    """A list item: the title (marked when it is not translated), then agency · date · type."""
    title = page.title or page.slug
    lang = text_lang(title, page.lang, shown_script(page))
    item = f"- [{_md_text(title)}]({prefix}documents/{page.slug}.md)"
    if lang:
        item += f'{{ lang="{lang}" }} <span class="archive-untranslated">{html.escape(t(page.lang, "render.title_untranslated"))}</span>'
    details = [_shown(page.agency, page) if page.agency else None, html.escape(sort_date(page)) or None,
               _shown(page.doc_type_label, page) if page.doc_type_label else None]
    details = [detail for detail in details if detail]
    return item + (f" <small>{' · '.join(details)}</small>" if details else "")


def facet_page(documents: Documents, lang: str, facet: str) -> str:
    groups = facet_groups(documents, lang, facet)
    title = t(lang, f"facet.{facet}")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "search:",
             "  exclude: true", "---", "", f"# {title}", ""]
    if facet == "year":
        counts = [(k, len(r)) for k, _, r in groups if k]
        lines += [chart_svg(counts, t(lang, "chart_title")), ""]
    lines += [f"| {t(lang, 'table_value')} | {t(lang, 'table_count')} |", "|---|---:|"]
    for key, label, recs in groups:
        lines.append(f"| [{_shown(label, recs[0])}](#{anchor(key)}) | {len(recs)} |")
    lines.append("")
    for key, label, recs in groups:
        label_lang = text_lang(label, lang, shown_script(recs[0]))
        lines += [f"## {_md_text(label)} ({len(recs)}) {{#{anchor(key)}{lang_attribute(label_lang)}}}", ""]
        lines += [_doc_link(r, "../") for r in recs]
        lines.append("")
    return "\n".join(lines)


def browse_index(documents: Documents, lang: str) -> str:
    title = t(lang, "browse")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "search:",
             "  exclude: true", "---", "", f"# {title}", "", t(lang, "browse_intro"), ""]
    for facet in FACETS:
        n = len(facet_groups(documents, lang, facet))
        lines.append(f"- [{t(lang, f'facet.{facet}')}]({facet}.md) ({n})")
    groups = facet_groups(documents, lang, "year")
    lines += ["", chart_svg([(k, len(r)) for k, _, r in groups if k], t(lang, "chart_title")), ""]
    return "\n".join(lines)


def home_page(documents: Documents, lang: str, downloads: str | None = None) -> str:
    """The language's home: the newest documents, the ways to browse, the archive as data
    (`downloads`: the exports' section, export.downloads_section) and how the site is made."""
    recs = sorted((languages[lang] for languages in documents.values()), key=sort_date, reverse=True)
    title = t(lang, "site_name")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "search:",
             "  exclude: true", "---", "", f"# {title}", "", t(lang, "about_archive"), "",
             f'<p class="archive-count">{html.escape(t(lang, "count", n=len(recs)))}</p>', "",
             f"## {t(lang, 'newest')}", ""]
    lines += [_doc_link(r, "") for r in recs[:NEWEST]]
    lines += ["", f"## {t(lang, 'browse')}", ""]
    for facet in FACETS:
        lines.append(f"- [{t(lang, f'facet.{facet}')}](browse/{facet}.md)")
    if downloads:
        lines += ["", downloads]
    lines += ["", f"## {t(lang, 'how_made')}", "", t(lang, "how_made_text"), ""]
    return "\n".join(lines)


def site_pages(documents: Documents, lang: str, downloads: str | None = None) -> dict[str, str]:
    """{path in the language's docs folder: text}: home and browse."""
    pages = {"index.md": home_page(documents, lang, downloads), "browse/index.md": browse_index(documents, lang)}
    for facet in FACETS:
        pages[f"browse/{facet}.md"] = facet_page(documents, lang, facet)
    return pages
