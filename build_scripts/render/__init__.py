"""The render stage: every document's variants → the Markdown of each language's site.

    pages = render(documents, store=Store(…), stored=report.stored, site_url="https://…/")
    pages["en"]["documents/<slug>.md"]  # its text, or the file in the store that holds it

`markdown.render_page` renders one document page (front matter, the notice, the text);
`browse.site_pages` the home and browse pages; `cite` a document's citation files; every word
comes from the language's labels file (`labels`). A document's pages and downloads are kept in
a store under its variants' key (and the site_url its citations name), so a document that did
not change is not rendered, nor written, again.
"""
from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from ..files import Fingerprint, write_text_atomic
from ..incremental import Store, key_of, place
from ..record import Variant
from ..settings import DATA_DIR, LANGUAGES, SITE_DIR
from . import cite
from ..export import downloads_section
from .browse import Documents, site_pages
from .labels import t
from .markdown import render_page
from .search_data import FACETS_PATH, SCRIPTS_PATH, facets_script, scripts_script

Pages = dict[str, dict[str, "str | Path"]]  # {lang: {path in the language's docs folder: text or stored file}}
# a document's files in each language, by their name in a store entry: its page and downloads
DOCUMENT_FILES = {"md": "documents/{slug}.md", "txt": "downloads/{slug}.txt", "json": "downloads/{slug}.json",
                  "bib": "downloads/{slug}.bib", "ris": "downloads/{slug}.ris", "csl": "downloads/{slug}.csl.json"}


def permalink(site_url: str | None, lang: str, slug: str) -> str | None:
    """The absolute address of a document's page, or None when the site has no site_url."""
    if not site_url:
        return None
    return f"{site_url.rstrip('/')}/{SITE_DIR[lang]}documents/{urllib.parse.quote(slug, safe='')}.html"


def text_download(page: Variant) -> str:
    """The cleaned text as a file: a header that says what it is (title; agency, date, document
    number and source, labelled in the page's language), a blank line, then the text."""
    lang = page.lang
    unknown = t(lang, "unknown")
    date_field = "publication_date" if not page.date and page.publication_date else "date"
    source = ("source_url", page.source_url) if page.source_url else ("source_file", page.source_file)
    header = [" ".join((page.title or page.slug).split())]
    for field, value in (("agency", page.agency), (date_field, getattr(page, date_field)),
                         ("doc_number", page.doc_number), source):
        header.append(t(lang, "render.text_field", label=t(lang, f"field.{field}"), value=value or unknown))
    return "\n".join(header) + "\n\n" + page.body.rstrip("\n") + "\n"


def document_files(page: Variant, simplified: Variant | None = None, site_url: str | None = None) -> dict[str, str]:
    """{kind: text} of one document in one language: its page and its downloads. `simplified`:
    the document's Simplified variant (render_page); `site_url`: where the site is published."""
    url = permalink(site_url, page.lang, page.slug)
    return {"md": render_page(page, simplified), "txt": text_download(page),
            "json": json.dumps(page.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n",
            "bib": cite.bibtex(page, url), "ris": cite.ris(page, url),
            "csl": json.dumps([cite.csl_json(page, url)], ensure_ascii=False, indent=2) + "\n"}


def _fingerprint() -> str:
    """What a document's pages depend on besides its variants: this stage's code and words."""
    fingerprint = Fingerprint()
    fingerprint.add_tree(Path(__file__).resolve().parent, "render")
    fingerprint.add_tree(DATA_DIR / "labels", "labels")
    fingerprint.add_file(Path(__file__).resolve().parents[1] / "record.py", "record.py")
    return fingerprint.hexdigest()


def render(documents: Documents, *, store: Store | None = None, stored: dict[str, Path] | None = None,
           site_url: str | None = None, exports=None) -> Pages:
    """Every language's pages. With a store and the variants' store entries (`stored`), a
    document's files come from the store when its variants, this stage and `site_url` are
    unchanged. `site_url`: where the site is published (the citations' URLs), or None.
    `exports` (export.Exports): the archive as data, linked from the home pages."""
    pages: Pages = {lang: {} for lang in LANGUAGES}
    fingerprint = _fingerprint() if store is not None else ""
    used: set[str] = set()
    for slug, languages in documents.items():
        entry = None
        if store is not None and stored and slug in stored:
            key = key_of(fingerprint, stored[slug].name, site_url or "")
            used.add(key)
            entry = store.get(key) or store.put(key, {
                f"{lang}.{kind}": text for lang in LANGUAGES
                for kind, text in document_files(languages[lang], languages["zh"], site_url).items()})
        for lang in LANGUAGES:
            files = None if entry else document_files(languages[lang], languages["zh"], site_url)
            for kind, path in DOCUMENT_FILES.items():
                pages[lang][path.format(slug=slug)] = entry / f"{lang}.{kind}" if entry else files[kind]
    scripts = scripts_script(documents)
    for lang in LANGUAGES:
        downloads = downloads_section(exports, lang, "../" * SITE_DIR[lang].count("/")) if exports else None
        pages[lang].update(site_pages(documents, lang, downloads))
        pages[lang][FACETS_PATH] = facets_script(documents, lang)
        pages[lang][SCRIPTS_PATH] = scripts
    if store is not None:
        store.prune(used)
    return pages


def write_pages(pages: Pages, docs_dir: Path) -> None:
    """Every language's pages into docs_dir/<lang>/: stored files linked, the others written.
    (docs_dir is a staging folder swapped in whole, or the variants command's own output.)"""
    folders: set[Path] = set()
    for lang, files in pages.items():
        for relative, content in files.items():
            path = Path(docs_dir) / lang / relative
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            if isinstance(content, Path):
                place(content, path)
            elif path.exists():  # perhaps a link into a store: replaced, never written through
                write_text_atomic(path, content)
            else:
                path.write_text(content, encoding="utf-8")
