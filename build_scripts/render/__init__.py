"""The render stage: every document's variants → the Markdown of each language's site.

    pages = render(documents)  # {lang: {path in docs/<lang>/: text}}

`markdown.render_page` renders one document page (front matter, the notice, the text);
`browse.site_pages` the home, browse and download pages; every word comes from the language's
labels file (`labels`).
"""
from __future__ import annotations

from ..settings import LANGUAGES
from .browse import Documents, site_pages
from .markdown import render_page

Pages = dict[str, dict[str, str]]  # {lang: {path in the language's docs folder: text}}


def render(documents: Documents) -> Pages:
    pages: Pages = {}
    for lang in LANGUAGES:
        pages[lang] = {f"documents/{slug}.md": render_page(languages[lang]) for slug, languages in documents.items()}
        pages[lang].update(site_pages(documents, lang))
    return pages
