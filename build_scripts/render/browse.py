"""Pages this stage writes into each language's docs_dir: home, browse facets, downloads.

Everything is computed from the variant records (build/variants/<lang>/<slug>.json).
Facet values are grouped by their Simplified value (the record's own value), so a
facet has the same groups, counts and anchors in every language; only the labels
are translated.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from .i18n import LANGS, t

FACETS = ("agency", "year", "doc_type", "region")
FACET_FIELD = {"agency": "agency", "doc_type": "doc_type_label", "region": "region"}
NEWEST = 10

_YEAR = re.compile(r"(19|20)\d{2}")


def load_variants(variants_dir: Path) -> dict[str, dict[str, dict]]:
    """{lang: {slug: variant record}} for every language folder present."""
    out: dict[str, dict[str, dict]] = {}
    for lang in LANGS:
        folder = Path(variants_dir) / lang
        recs = {}
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                rec = json.loads(path.read_text(encoding="utf-8"))
                recs[rec.get("slug") or path.stem] = rec
        out[lang] = recs
    return out


def year_of(rec: dict) -> str | None:
    for key in ("date", "publication_date"):
        m = _YEAR.search(str(rec.get(key) or ""))
        if m:
            return m.group(0)
    return None


def sort_date(rec: dict) -> str:
    return str(rec.get("date") or rec.get("publication_date") or "")


def _english_name(value: str) -> str | None:
    """English for an agency/region/type label from the variants stage's glossary;
    None when it has no rule for it (or is not there)."""
    try:
        from build_scripts.variants.glossary import english_name_or_none
    except Exception:
        return None
    try:
        return english_name_or_none(value) or None
    except Exception:
        return None


def facet_key(zh_rec: dict, facet: str) -> str | None:
    if facet == "year":
        return year_of(zh_rec)
    value = zh_rec.get(FACET_FIELD[facet])
    return str(value).strip() if value else None


def facet_label(key: str | None, facet: str, lang: str, rec: dict | None) -> str:
    if key is None:
        return t(lang, "unknown")
    if facet == "year":
        return key
    if lang == "zh":
        return key
    value = (rec or {}).get(FACET_FIELD[facet])
    if lang == "en":
        # A label that is still Chinese (no translation made) gets the glossary's name.
        if not value or re.search(r"[\u4e00-\u9fff]", str(value)):
            return _english_name(key) or str(value or key)
    return str(value or key)


def anchor(key: str | None) -> str:
    """Same anchor for a facet value in every language and every build."""
    raw = "unknown" if key is None else key
    return "v-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:10]


def facet_groups(variants: dict[str, dict[str, dict]], lang: str, facet: str):
    """[(key, label, [records in `lang`])], biggest group first (years: newest first)."""
    zh = variants.get("zh") or variants.get(lang) or {}
    own = variants.get(lang) or {}
    groups: dict[str | None, list[dict]] = {}
    for slug, zh_rec in zh.items():
        rec = own.get(slug, zh_rec)
        groups.setdefault(facet_key(zh_rec, facet), []).append(rec)
    out = []
    for key, recs in groups.items():
        first = recs[0]
        recs.sort(key=sort_date, reverse=True)
        out.append((key, facet_label(key, facet, lang, first), recs))
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


def _doc_link(rec: dict, prefix: str) -> str:
    title = rec.get("title") or rec.get("slug")
    date = sort_date(rec)
    suffix = f" <small>{html.escape(date)}</small>" if date else ""
    return f"- [{_md_text(title)}]({prefix}documents/{rec['slug']}.md){suffix}"


def facet_page(variants, lang: str, facet: str) -> str:
    groups = facet_groups(variants, lang, facet)
    title = t(lang, f"facet.{facet}")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "search:",
             "  exclude: true", "---", "", f"# {title}", ""]
    if facet == "year":
        counts = [(k, len(r)) for k, _, r in groups if k]
        lines += [chart_svg(counts, t(lang, "chart_title")), ""]
    lines += [f"| {t(lang, 'table_value')} | {t(lang, 'table_count')} |", "|---|---:|"]
    for key, label, recs in groups:
        lines.append(f"| [{_md_text(label)}](#{anchor(key)}) | {len(recs)} |")
    lines.append("")
    for key, label, recs in groups:
        lines += [f"## {_md_text(label)} ({len(recs)}) {{#{anchor(key)}}}", ""]
        lines += [_doc_link(r, "../") for r in recs]
        lines.append("")
    return "\n".join(lines)


def browse_index(variants, lang: str) -> str:
    title = t(lang, "browse")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "search:",
             "  exclude: true", "---", "", f"# {title}", "", t(lang, "browse_intro"), ""]
    for facet in FACETS:
        n = len(facet_groups(variants, lang, facet))
        lines.append(f"- [{t(lang, f'facet.{facet}')}]({facet}.md) ({n})")
    groups = facet_groups(variants, lang, "year")
    lines += ["", chart_svg([(k, len(r)) for k, _, r in groups if k], t(lang, "chart_title")), ""]
    return "\n".join(lines)


def home_page(variants, lang: str) -> str:
    own = variants.get(lang) or {}
    zh = variants.get("zh") or own
    recs = [own.get(s, r) for s, r in zh.items()]
    recs.sort(key=sort_date, reverse=True)
    title = t(lang, "site_name")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "search:",
             "  exclude: true", "---", "", f"# {title}", "", t(lang, "about_archive"), "",
             f'<p class="archive-count">{html.escape(t(lang, "count", n=len(recs)))}</p>', "",
             f"## {t(lang, 'newest')}", ""]
    lines += [_doc_link(r, "") for r in recs[:NEWEST]]
    lines += ["", f"## {t(lang, 'browse')}", ""]
    for facet in FACETS:
        lines.append(f"- [{t(lang, f'facet.{facet}')}](browse/{facet}.md)")
    lines += ["", f"## {t(lang, 'how_made')}", "", t(lang, "how_made_text"), ""]
    return "\n".join(lines)


def write_lang_pages(variants, lang: str, docs_lang_dir: Path) -> list[Path]:
    """Write index.md, browse/*.md and downloads/* for one language; returns paths written."""
    docs_lang_dir = Path(docs_lang_dir)
    written = []

    def put(rel: str, text: str):
        path = docs_lang_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    put("index.md", home_page(variants, lang))
    put("browse/index.md", browse_index(variants, lang))
    for facet in FACETS:
        put(f"browse/{facet}.md", facet_page(variants, lang, facet))
    for slug, rec in (variants.get(lang) or {}).items():
        put(f"downloads/{slug}.txt", (rec.get("body") or "").rstrip("\n") + "\n")
        put(f"downloads/{slug}.json", json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    return written
