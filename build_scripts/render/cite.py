"""Citation files of one document in one language: BibTeX, RIS and CSL-JSON.

    bibtex(page, url) -> str     downloads/<slug>.bib
    ris(page, url) -> str        downloads/<slug>.ris
    csl_json(page, url) -> dict  downloads/<slug>.csl.json (a list of this one item)

All three describe the document as a government report, the form reference managers import
best (Zotero: item type "report"): the issuing agency is both the corporate author (never split
into a first and last name) and the institution, the document number is the report number, the
document type the report type, the region the place. `url` is the page's absolute permalink,
or None when the site has no `site_url` (then there is no URL field).
"""
from __future__ import annotations

import re

from ..record import Variant
from .labels import t, translator_name

# the language of each site's text, as reference managers expect it
CITATION_LANGUAGE = {"zh": "zh-CN", "zh-Hant": "zh-TW", "en": "en"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _one_line(text: str | None) -> str:
    return " ".join(str(text or "").split())


def date_parts(page: Variant) -> list[int]:
    """[year, month, day] of the document's date (its signing or issue date, else its
    publication date), as far as it is known; [] when it has none."""
    match = _DATE.match(page.date or page.publication_date or "")
    return [int(part) for part in match.groups() if part] if match else []


def language(page: Variant) -> str:
    """The language of the cited text: an English page with no translation yet shows the
    Simplified text."""
    return CITATION_LANGUAGE["zh" if page.lang == "en" and page.translation_missing else page.lang]


def citation_key(page: Variant) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", f"{page.slug}-{page.lang}")


def note(page: Variant) -> str | None:
    """What a reader of the citation must know: that the text is a machine translation."""
    if not page.machine_translated:
        return None
    return t(page.lang, "render.cite_machine_translation", model=translator_name(page))


# --- BibTeX --------------------------------------------------------------------------------

# Each special character as LaTeX prints it. A brace is escaped with a partner in \vphantom,
# so that braces stay balanced for BibTeX, which counts them even after a backslash
# (the way Zotero exports them).
_BIBTEX_SPECIAL = {
    "\\": r"{\textbackslash}", "{": r"\{\vphantom{\}}", "}": r"\vphantom{\{}\}",
    "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"{\textasciitilde}", "^": r"{\textasciicircum}",
    "<": r"{\textless}", ">": r"{\textgreater}", "|": r"{\textbar}",
}


def bibtex_escape(text: str | None) -> str:
    return "".join(_BIBTEX_SPECIAL.get(character, character) for character in _one_line(text))


def bibtex(page: Variant, url: str | None) -> str:
    """One @techreport entry (biblatex reads it as @report)."""
    parts = date_parts(page)
    fields: list[tuple[str, str]] = []
    if page.agency:
        # double braces: a corporate name, not "Last, First" names joined by "and"
        fields.append(("author", "{" + bibtex_escape(page.agency) + "}"))
    fields.append(("title", "{" + bibtex_escape(page.title or page.slug) + "}"))  # case kept as it is
    if page.agency:
        fields.append(("institution", bibtex_escape(page.agency)))
    if page.doc_type_label:
        fields.append(("type", bibtex_escape(page.doc_type_label)))
    if page.doc_number:
        fields.append(("number", bibtex_escape(page.doc_number)))
    if page.region:
        fields.append(("address", bibtex_escape(page.region)))
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1 and 1 <= parts[1] <= 12:
            fields.append(("month", _MONTHS[parts[1] - 1]))  # a macro: jan, feb, …
        fields.append(("date", "-".join(f"{part:02d}" for part in parts)))  # biblatex; Zotero reads it
    fields.append(("language", language(page)))
    if url:
        # verbatim, as the url package reads it; a permalink has no brace or space
        fields.append(("url", url))
    if note(page):
        fields.append(("note", bibtex_escape(note(page))))
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                      for name, value in fields)
    return f"@techreport{{{citation_key(page)},\n{body}\n}}\n"


# --- RIS -------------------------------------------------------------------------------------

def ris(page: Variant, url: str | None) -> str:
    """One RIS record, type GOVDOC (government document; Zotero imports it as a report)."""
    parts = date_parts(page)
    lines = [("TY", "GOVDOC")]
    if page.agency:
        lines.append(("AU", page.agency))  # one name with no comma: Zotero keeps it whole
    lines.append(("TI", page.title or page.slug))
    if parts:
        lines.append(("PY", str(parts[0])))
        # DA: YYYY/MM/DD/ with the parts that are known
        lines.append(("DA", "/".join(f"{part:02d}" for part in parts) + "/" * (4 - len(parts))))
    if page.agency:
        lines.append(("PB", page.agency))
    if page.region:
        lines.append(("CY", page.region))
    if page.doc_number:
        lines.append(("SN", page.doc_number))  # Zotero: a report's number
    if page.doc_type_label:
        lines.append(("M3", page.doc_type_label))  # Zotero: a report's type
    lines.append(("LA", language(page)))
    lines.append(("DB", t(page.lang, "site_name")))
    if url:
        lines.append(("UR", url))
    if note(page):
        lines.append(("N1", note(page)))
    lines.append(("ER", ""))
    # "TY  - value" lines, CRLF as the RIS specification has them; the last is "ER  - "
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


# --- CSL-JSON --------------------------------------------------------------------------------

def csl_json(page: Variant, url: str | None) -> dict:
    """One CSL-JSON item, type "report"."""
    item: dict = {"id": citation_key(page), "type": "report", "title": _one_line(page.title or page.slug)}
    if page.agency:
        item["author"] = [{"literal": _one_line(page.agency)}]
        item["publisher"] = _one_line(page.agency)
    if page.region:
        item["publisher-place"] = _one_line(page.region)
    parts = date_parts(page)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if page.doc_number:
        item["number"] = _one_line(page.doc_number)
    if page.doc_type_label:
        item["genre"] = _one_line(page.doc_type_label)
    item["language"] = language(page)
    item["archive"] = t(page.lang, "site_name")
    if url:
        item["URL"] = url
    if note(page):
        item["note"] = note(page)
    return item
