"""MkDocs hooks for the archive site (loaded by each language's config via `hooks:`).

- Gives every document page what the theme override needs for the metadata card, the cite
  block, the downloads, the ways back to the browse lists and the head's citation tags
  (`page.meta["archive_doc"]`), from the page's own front matter.
- Escapes page titles (`_escape_title`): Material prints them unescaped.
- Works out, for every page, where the language switcher must go: the same page in
  the other language's tree, as a link relative to the page (so that it also works
  from file://). A document missing in another language falls back to that
  language's home page.
- Works out the page's `hreflang` alternates (the same page in the languages it exists in),
  absolute when the site's address is known (`site_url`), else relative.
- Gives the templates the `archive_lang` filter: ` lang="zh-Hans"` on Chinese shown on an
  English page (render/lang.py), so screen readers and fonts treat it as Chinese.
- Makes the 404 pages' links relative (MkDocs makes them root-absolute), so they work from
  file:// and under a sub-path.
- Cuts the build down to its unit (units.py): a shard renders its documents and copies their
  downloads, and nothing of the theme; the listing sees every document page as a file it links
  to but does not build, so its lists' links are checked and made `.html` as before.
- Drops the indentation between tags that Material's templates leave (a seventh of a page).

Settings come from `extra.archive` in the config: `lang`, `docs_root`, `site_root`, `unit`,
`documents` (the listing's list of document pages).
"""

from __future__ import annotations

import html
import json
import logging
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from build_scripts.record import Variant, facet_fields  # noqa: E402
from build_scripts.record import card_fields as card_order  # noqa: E402
from build_scripts.render import DOCUMENT_FILES, cite  # noqa: E402
from build_scripts.render.browse import FACETS, year_in  # noqa: E402
from build_scripts.render.labels import labels, t  # noqa: E402
from build_scripts.render.lang import text_lang  # noqa: E402
from build_scripts.render.search_data import filters_of  # noqa: E402
from build_scripts.settings import LANGUAGES as LANGS  # noqa: E402
from build_scripts.site.config import SITE_DIR  # noqa: E402
from build_scripts.site.search import search_keys  # noqa: E402
from build_scripts.site.units import DOCUMENTS, LISTING, NAV_PAGES  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

_state: dict = {}


def card_fields(meta: dict) -> list[tuple[str, str, str]]:
    """The card's rows (field, label key, value). `date` is labelled as the date the document was
    signed or issued, so it is shown only when it is that, not when it fell back to the page's
    publication date."""
    hidden = {"date"} if meta.get("date_source") == "publication_date" else set()
    return [(name, f"field.{name}", meta[name]) for name in card_order() if meta.get(name) and name not in hidden]


# Only a web address becomes a link: a manifest's `javascript:` or `data:` stays text.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+\Z", re.I)
# BCP 47 tags of the three sites, for hreflang (the Simplified site's <html lang> is
# Material's "zh")
HREFLANG = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}
# the language a search engine shows when none of the reader's languages matches: the site's
# default, at its root
DEFAULT_LANG = "zh"
# the label of each of a document's downloads (render.DOCUMENT_FILES: kind → its file)
DOWNLOAD_LABELS = {"txt": "download_text", "json": "download_json", "bib": "site.download_bib",
                   "ris": "site.download_ris", "csl": "site.download_csl_json"}


def lang_attribute(text, page_lang: str) -> str:
    """` lang="zh-Hans"` for Chinese `text` shown on an English page (render/lang.py), else "".
    What an English page leaves untranslated is Simplified, also for a source in Traditional:
    the English variant is made from the Simplified one (render/lang.py: shown_script)."""
    tag = text_lang(str(text) if text else None, page_lang)
    return f' lang="{html.escape(tag)}"' if tag else ""


def card_rows(meta: dict, lang: str) -> list[dict]:
    """The card's rows as the template shows them: the value, its `lang` on an English page,
    and a link for the source page's address."""
    rows = []
    for name, label, value in card_fields(meta):
        text = str(value)
        rows.append({"field": name, "label": label, "value": text, "lang": lang_attribute(text, lang),
                     "href": text if name == "source_url" and _WEB_ADDRESS.match(text) else None})
    return rows


def highwire_date(value: str | None) -> str | None:
    """An ISO date (2023-08-01, 2023-08, 2023) as Highwire Press tags write it: 2023/08/01."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", (value or "").strip())
    return "/".join(part for part in match.groups() if part) if match else None


def citation_author(agency: str | None) -> str | None:
    """The agency as the one author Zotero's Embedded Metadata translator makes of it.

    The translator splits a name at its last space into first and last name ("Guangzhou …
    Information" / "Technology"), unless it holds a comma: then it reads "Last, First". A name
    with spaces is therefore written "Name," (a family name and no given name); one without
    (广州市工业和信息化局) is already read whole. A name with its own comma or semicolon would
    be cut into several authors: it is left out (the agency is still the institution)."""
    if not agency or re.search(r"[,;]", agency):
        return None
    return agency + "," if re.search(r"\s", agency) else agency


def citation_tags(meta: dict, page: Variant, title: str, url: str) -> list[tuple[str, str]]:
    """Highwire Press tags, as Zotero's Embedded Metadata translator reads them (checked
    against it in tests/site/test_meta.py): the institution makes the item a report, the
    document number its report number; the language is the cited text's, as in the
    citation downloads (render/cite.py). The title alone would make Zotero guess a journal
    article: DC.type says "report" also for a document whose agency is not known."""
    agency = meta.get("agency")
    date = highwire_date(meta.get("date") or meta.get("publication_date"))
    tags = [("DC.type", "report"), ("citation_title", title)]
    if citation_author(agency):
        tags.append(("citation_author", citation_author(agency)))
    if agency:
        tags += [("citation_technical_report_institution", agency), ("citation_publisher", agency)]
    if date:
        tags += [("citation_date", date), ("citation_publication_date", date)]
    if meta.get("doc_number"):
        tags.append(("citation_technical_report_number", str(meta["doc_number"])))
    tags += [("citation_language", cite.language(page)),
             ("citation_public_url", url), ("citation_fulltext_html_url", url)]
    return [(name, str(value)) for name, value in tags if value]


def facet_links(meta: dict, lang: str, url: str) -> list[dict]:
    """The browse groups a document is in (front matter `facets`: {facet: anchor on
    browse/<facet>.html}), with the value shown in the page's language."""
    anchors = meta.get("facets") or {}
    out = []
    for facet in FACETS:
        anchor = anchors.get(facet)
        value = year_in(meta.get("date"), meta.get("publication_date")) if facet == "year" \
            else meta.get(facet_fields().get(facet, facet))
        if not anchor or not value:
            continue
        out.append({"facet": facet, "text": str(value), "lang": lang_attribute(value, lang),
                    "title": t(lang, f"facet.{facet}"),
                    "href": relative_link(lang, url, lang, f"browse/{facet}.html") + "#" + quote(str(anchor), safe="")})
    return out


def search_markup(meta: dict, lang: str) -> dict:
    """What Pagefind reads of a document page besides its text (overrides/partials/content.html):
    its filters (render/search_data.py), result metadata, and the key words of its document
    and index numbers."""
    date = meta.get("date") or meta.get("publication_date") or ""
    result_meta = [("title", meta.get("title")), ("date", date), ("agency", meta.get("agency")),
                   ("doc_number", meta.get("doc_number")), ("doc_type", meta.get("doc_type_label"))]
    return {
        "filters": filters_of(meta.get),
        "meta": [(name, str(value)) for name, value in result_meta if value],
        "key_words": search_keys(meta.get("doc_number"), meta.get("index_number")),
        # an English page without its translation shows the Chinese text: only its English
        # metadata is indexed (Chinese would not be cut into words on an English page)
        "index_text": not (lang == "en" and (meta.get("variant") or {}).get("translation_missing")),
    }


def relative_link(from_lang: str, from_url: str, to_lang: str, to_url: str) -> str:
    """Link from page `from_url` of the `from_lang` tree to `to_url` of the `to_lang` tree."""
    here = posixpath.dirname(SITE_DIR[from_lang] + from_url) or "."
    there = SITE_DIR[to_lang] + to_url
    return posixpath.relpath(there, here)


def _exists(lang: str, src_uri: str) -> bool:
    docs_root = _state.get("docs_root")
    if not docs_root:
        return True
    return (Path(docs_root) / lang / src_uri).is_file()


def alternates(lang: str, src_uri: str, url: str) -> list[dict]:
    out = []
    for other in LANGS:
        target = url if (other == lang or _exists(other, src_uri)) else "index.html"
        out.append({
            "lang": other,
            "name": t(other, "language_name"),
            "link": relative_link(lang, url, other, target),
            "current": other == lang,
        })
    return out


def address(from_lang: str, from_url: str, to_lang: str, to_url: str) -> str:
    """Where page `to_url` of the `to_lang` tree is: its URL when the site's address is known,
    else a link relative to page `from_url` of the `from_lang` tree."""
    root = _state.get("site_root")
    return root + SITE_DIR[to_lang] + to_url if root else relative_link(from_lang, from_url, to_lang, to_url)


def hreflang_links(lang: str, src_uri: str, url: str) -> list[dict]:
    """The page in each language it exists in, and the default language's as `x-default`."""
    present = [other for other in LANGS if other == lang or _exists(other, src_uri)]
    out = [{"hreflang": HREFLANG[other], "href": address(lang, url, other, url)} for other in present]
    if DEFAULT_LANG in present:
        out.append({"hreflang": "x-default", "href": address(lang, url, DEFAULT_LANG, url)})
    return out


def _leave_lunr_index_empty(config) -> None:
    """Material's search plugin stays for its search box, but Pagefind does the searching
    (search.py): the plugin's lunr index of every page, which readers would download whole, is
    left empty. Its `search_index.json` keeps only its config (the highlighter's separator)."""
    search = config.plugins.get("material/search")
    if search is not None and getattr(search, "search_index", None) is not None:
        search.search_index.add_entry_from_context = lambda page: None


def on_config(config, **kwargs):
    _leave_lunr_index_empty(config)
    archive = dict(config.extra.get("archive") or {})
    lang = archive.get("lang", "zh")
    _state.clear()
    _state["lang"] = lang
    _state["docs_root"] = archive.get("docs_root")
    _state["site_root"] = archive.get("site_root") or None
    _state["unit"] = archive.get("unit")
    _state["documents"] = archive.get("documents")
    if _state["unit"] and _state["unit"] != LISTING:
        # a shard's pages are the documents: the 404 page is the listing's
        config.theme.static_templates.discard("404.html")
    elif _state["unit"] == LISTING:
        logging.getLogger("mkdocs.structure.pages").addFilter(_LinksToOtherUnits())
    archive["strings"] = labels(lang)
    # For pages without a Page object (404.html): each language's home, from this root.
    archive["home_alternates"] = [
        {"lang": other, "name": t(other, "language_name"), "current": other == lang,
         "link": relative_link(lang, "index.html", other, "index.html")}
        for other in LANGS
    ]
    config.extra["archive"] = archive
    return config


class _LinksToOtherUnits(logging.Filter):
    """The listing links every document, which the shards build: MkDocs says so once per link
    (at INFO level, never a failure); 100,000 such lines would only hide what matters."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "which is excluded from the built site" not in record.getMessage()


def on_files(files, config, **kwargs):
    unit = _state.get("unit")
    if unit == LISTING and _state.get("documents"):
        # the shards' pages, known to MkDocs but not built here
        for src_uri in Path(_state["documents"]).read_text(encoding="utf-8").split():
            files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                              inclusion=InclusionLevel.EXCLUDED))
    elif unit:
        # a shard: its documents and downloads, and the stubs that give the navigation its titles;
        # the theme's assets and everything else come from the listing, once per language
        for file in list(files):
            if not (file.src_uri.startswith((DOCUMENTS, "downloads/")) or file.src_uri in NAV_PAGES):
                files.remove(file)
    return files


def on_env(env, config, files, **kwargs):
    env.filters["archive_lang"] = lang_attribute
    return env


def on_template_context(context, template_name, config, **kwargs):
    """The 404 page: MkDocs links it from the server's root (or site_url's path), which is
    broken from file:// and wherever the site is not served from there. Its links are made
    relative to where it lies (each language's root); main.html adds a <base> from site_url's
    path for the deep addresses a server shows it at."""
    if template_name == "404.html":
        context["base_url"] = "."
        context["archive_not_found"] = True
        context["archive_base_path"] = urlsplit(config.site_url).path if config.site_url else None
    return context


def document_meta(page, lang: str) -> dict:
    """What the templates show of a document page, from its front matter."""
    slug = posixpath.basename(page.file.src_uri)[:-3]
    doc = page.meta  # the render stage wrote the document's metadata as its front matter
    variant = doc.get("variant") or {}
    # the page as the render stage's citation helpers (render/cite.py) read it
    variant_page = Variant.from_dict({**doc, "lang": lang})
    url = f"documents/{slug}.html"
    title = doc.get("title") or slug
    # the page's address: absolute with the site's, else relative to the page (for the head's
    # tags, which readers resolve against the page's own address)
    address_here = address(lang, page.url, lang, url)
    return {
        "slug": slug,
        "fields": card_rows(doc, lang),
        "title": title,
        "title_lang": lang_attribute(title, lang),
        "agency": doc.get("agency"),
        "agency_lang": lang_attribute(doc.get("agency"), lang),
        "date": doc.get("date") or doc.get("publication_date"),
        "doc_number": doc.get("doc_number"),
        "doc_number_lang": lang_attribute(doc.get("doc_number"), lang),
        "description": doc.get("description"),
        "machine_translated": bool(variant.get("machine_translated", lang == "en")),
        # the citation says that the text is a machine translation (render/cite.py)
        "cite_note": cite.note(variant_page),
        "translation_missing": bool(variant.get("translation_missing")),
        "permalink_path": SITE_DIR[lang] + url,
        # absolute with the site's address; else the path in the site, and archive-reader.js
        # shows the address the reader has it at (http only)
        "permalink": address_here if _state.get("site_root") else SITE_DIR[lang] + url,
        "permalink_absolute": bool(_state.get("site_root")),
        "permalink_href": relative_link(lang, page.url, lang, url),
        "downloads": [{"label": label, "href": relative_link(lang, page.url, lang, DOCUMENT_FILES[kind].format(slug=slug))}
                      for kind, label in DOWNLOAD_LABELS.items()],
        "original_href": relative_link(lang, page.url, "zh", url),
        "facets": facet_links(doc, lang, page.url),
        # the site's root, relative to the page: archive-reader.js tells the site's pages
        # (a way back) from others by it
        "root_href": (posixpath.dirname(relative_link(lang, page.url, DEFAULT_LANG, "index.html")) or ".") + "/",
        "citation": citation_tags(doc, variant_page, title, address_here),
        "search": search_markup(doc, lang),
    }


def on_page_markdown(markdown, page, config, files, **kwargs):
    lang = _state.get("lang", "zh")
    src = page.file.src_uri
    page.meta["archive_alternates"] = alternates(lang, src, page.url)
    page.meta["archive_hreflang"] = hreflang_links(lang, src, page.url)
    if src.startswith("documents/") and src.endswith(".md"):
        page.meta["archive_doc"] = document_meta(page, lang)
        if not page.meta.get("title"):
            page.meta["title"] = page.meta["archive_doc"]["title"]
        page.meta["archive_title_lang"] = page.meta["archive_doc"]["title_lang"]
    _escape_title(page)
    return markdown


def _escape_title(page) -> None:
    """Material prints `page.meta.title` into the header, <title> and search results as
    HTML, and MkDocs does not autoescape: a title from the sources (front matter) is
    escaped here, once, so `<script>` in a title is shown, never run."""
    title = page.meta.get("title")
    if title is not None:
        page.meta["title"] = html.escape(str(title))


# Runs of whitespace between tags that hold a line break: Material's template indentation. One
# line break renders the same (HTML collapses whitespace), and keeps scripts' line ends.
# <pre> and <textarea> keep their whitespace.
_INDENTATION = re.compile(r"(<(pre|textarea)\b.*?</\2>)|(?<=>)[ \t]*\n\s*(?=<)", re.S | re.I)


def trim_indentation(output: str) -> str:
    return _INDENTATION.sub(lambda match: match.group(1) or "\n", output)


def on_post_page(output, page, config, **kwargs):
    return trim_indentation(output)


@event_priority(-50)  # after the search plugin writes its index, before offline copies it
def on_post_build(config, **kwargs):
    """The search worker learns the site's language from the (otherwise empty) lunr index that
    Material hands it; Pagefind needs it to segment a query the way the pages were."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        data["config"]["archive"] = {"lang": _state.get("lang", "zh")}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
