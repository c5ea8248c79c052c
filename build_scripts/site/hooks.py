"""MkDocs hooks for the archive site (loaded by each language's config via `hooks:`).

- Gives every document page what the theme override needs for the metadata card, the cite
  block and the downloads (`page.meta["archive_doc"]`), from the page's own front matter.
- Escapes page titles (`_escape_title`): Material prints them unescaped.
- Works out, for every page, where the language switcher must go: the same page in
  the other language's tree, as a link relative to the page (so that it also works
  from file://). A document missing in another language falls back to that
  language's home page.

Settings come from `extra.archive` in the config: `lang`, `docs_root`.
"""

from __future__ import annotations

import html
import json
import posixpath
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from build_scripts.record import card_fields as card_order  # noqa: E402
from build_scripts.render.labels import labels, t  # noqa: E402
from build_scripts.render.search_data import filters_of  # noqa: E402
from build_scripts.settings import LANGUAGES as LANGS  # noqa: E402
from build_scripts.site.config import SITE_DIR  # noqa: E402
from build_scripts.site.search import search_keys  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

_state: dict = {}


def card_fields(meta: dict) -> list[tuple[str, str, str]]:
    """The card's rows (field, label key, value). `date` is labelled as the date the document was
    signed or issued, so it is shown only when it is that, not when it fell back to the page's
    publication date."""
    hidden = {"date"} if meta.get("date_source") == "publication_date" else set()
    return [(name, f"field.{name}", meta[name]) for name in card_order() if meta.get(name) and name not in hidden]


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
    _state["site_url"] = (config.site_url or "").rstrip("/")
    archive["strings"] = labels(lang)
    # For pages without a Page object (404.html): each language's home, from this root.
    archive["home_alternates"] = [
        {"lang": other, "name": t(other, "language_name"), "current": other == lang,
         "link": relative_link(lang, "index.html", other, "index.html")}
        for other in LANGS
    ]
    config.extra["archive"] = archive
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    lang = _state.get("lang", "zh")
    src = page.file.src_uri
    page.meta["archive_alternates"] = alternates(lang, src, page.url)
    if src.startswith("documents/") and src.endswith(".md"):
        slug = posixpath.basename(src)[:-3]
        doc = page.meta  # the render stage wrote the document's metadata as its front matter
        variant = doc.get("variant") or {}
        path = f"{SITE_DIR[lang]}documents/{slug}.html"
        page.meta["archive_doc"] = {
            "slug": slug,
            "fields": card_fields(doc),
            "title": doc.get("title") or slug,
            "agency": doc.get("agency"),
            "date": doc.get("date") or doc.get("publication_date"),
            "doc_number": doc.get("doc_number"),
            "machine_translated": bool(variant.get("machine_translated", lang == "en")),
            "translation_missing": bool(variant.get("translation_missing")),
            "permalink_path": path,
            "permalink": (_state["site_url"] + "/" + path) if _state.get("site_url") else path,
            "permalink_href": relative_link(lang, page.url, lang, f"documents/{slug}.html"),
            "download_text": relative_link(lang, page.url, lang, f"downloads/{slug}.txt"),
            "download_json": relative_link(lang, page.url, lang, f"downloads/{slug}.json"),
            "original_href": relative_link(lang, page.url, "zh", f"documents/{slug}.html"),
            "search": search_markup(doc, lang),
        }
        if not page.meta.get("title"):
            page.meta["title"] = page.meta["archive_doc"]["title"]
    _escape_title(page)
    return markdown


def _escape_title(page) -> None:
    """Material prints `page.meta.title` into the header, <title> and search results as
    HTML, and MkDocs does not autoescape: a title from the sources (front matter) is
    escaped here, once, so `<script>` in a title is shown, never run."""
    title = page.meta.get("title")
    if title is not None:
        page.meta["title"] = html.escape(str(title))


@event_priority(-50)  # after the search plugin writes its index, before offline copies it
def on_post_build(config, **kwargs):
    """The search worker learns the site's language from the (otherwise empty) lunr index that
    Material hands it; Pagefind needs it to segment a query the way the pages were."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        data["config"]["archive"] = {"lang": _state.get("lang", "zh")}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
