"""Citation files (render/cite.py) of real documents in every language, parsed back: CSL-JSON
with json, RIS line by line, BibTeX by its braces; a hostile title survives all three as text.

What Zotero reads of them (its RIS, BibTeX and CSL JSON import translators): RIS `TY  - GOVDOC`
is a report, `SN` its number, `M3` its type, `PB` its institution, `AU` without a comma one
corporate name; BibTeX @techreport is a report, `number` its number, `{{Name}}` one corporate
name; CSL `report` with `number`, `genre`, `publisher` and a `literal` author."""
import dataclasses
import json
import re

import pytest

from build_scripts.render import permalink, render
from build_scripts.render.cite import bibtex, csl_json, ris
from build_scripts.render.labels import t

from .seed_documents import make_documents

SITE_URL = "https://archive.example.org/sub/"
LANGS = ("zh", "zh-Hant", "en")
HOSTILE = "50% of $5 & #1 {open \\textbf{x} under_score ~tilde^ <b>|\nnext line} }{"


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    return make_documents(tmp_path_factory.mktemp("cite"))[1]


def date_parts(page) -> list[int]:
    date = page.date or page.publication_date
    return [int(part) for part in date.split("-")] if date else []


# --- parsers a test can trust: small, and strict --------------------------------------------

def ris_tags(text: str) -> list[tuple[str, str]]:
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    for line in lines:
        assert re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line
    assert lines[0] == "TY  - GOVDOC" and lines[-1] == "ER  - "
    return [(line[:2], line[6:]) for line in lines]


def bibtex_entry(text: str) -> tuple[str, str, dict[str, str]]:
    """(type, key, {field: raw value}), reading braces the way BibTeX does: every brace counts,
    a backslash before it or not."""
    match = re.fullmatch(r"@(\w+)\{([^,\s]+),\n(.*)\}\n", text, re.S)
    assert match, text
    kind, key, body = match.groups()
    fields: dict[str, str] = {}
    position = 0
    while position < len(body):
        name = re.match(r"\s*(\w+) = ", body[position:])
        assert name, body[position:]
        position += name.end()
        if body[position] == "{":
            depth, start = 0, position
            while True:
                depth += {"{": 1, "}": -1}.get(body[position], 0)
                assert depth >= 0
                position += 1
                if depth == 0:
                    break
            value = body[start + 1:position - 1]
        else:  # a macro (month = aug)
            value = re.match(r"\w+", body[position:]).group(0)
            position += len(value)
        fields[name.group(1)] = value
        assert body[position:position + 2] in (",\n", "\n", ""), body[position:]
        position += 2 if body[position:position + 2] == ",\n" else 1
    return kind, key, fields


# LaTeX → text, for the characters BibTeX must not see bare
UNESCAPE = [(r"\{\vphantom{\}}", "{"), (r"\vphantom{\{}\}", "}"), (r"{\textbackslash}", "\\"),
            (r"{\textasciitilde}", "~"), (r"{\textasciicircum}", "^"), (r"{\textless}", "<"),
            (r"{\textgreater}", ">"), (r"{\textbar}", "|"), (r"\%", "%"), (r"\&", "&"), (r"\$", "$"),
            (r"\#", "#"), (r"\_", "_")]


def latex_text(value: str) -> str:
    out, position = "", 0
    while position < len(value):
        for escaped, character in UNESCAPE:
            if value.startswith(escaped, position):
                out += character
                position += len(escaped)
                break
        else:
            assert value[position] not in "{}\\%&$#_~^", (value, position)  # nothing special left bare
            out += value[position]
            position += 1
    return out


# --- the tests -------------------------------------------------------------------------------

def test_citations_of_every_seed_in_every_language(documents):
    pages = render(documents, site_url=SITE_URL)
    for slug, languages in documents.items():
        for lang in LANGS:
            page = languages[lang]
            url = f"https://archive.example.org/sub/{'' if lang == 'zh' else lang + '/'}documents/{slug}.html"
            assert permalink(SITE_URL, lang, slug) == url
            language = {"zh": "zh-CN", "zh-Hant": "zh-TW", "en": "zh-CN"}[lang]  # no model: English untranslated

            [item] = json.loads(pages[lang][f"downloads/{slug}.csl.json"])
            assert item == csl_json(page, url)
            assert item["type"] == "report" and item["title"] == page.title and item["URL"] == url
            assert item.get("issued") == ({"date-parts": [date_parts(page)]} if date_parts(page) else None)
            assert item["language"] == language
            if page.agency:
                assert item["author"] == [{"literal": page.agency}] and item["publisher"] == page.agency
            assert item.get("number") == page.doc_number and item.get("genre") == page.doc_type_label

            text = pages[lang][f"downloads/{slug}.ris"]
            assert text == ris(page, url)
            tags = ris_tags(text)
            one = dict(tags)
            assert one["TI"] == page.title and one["UR"] == url and one["LA"] == language
            assert one.get("DA", "").rstrip("/").split("/") == ([f"{part:02d}" for part in date_parts(page)] or [""])
            assert one.get("SN") == page.doc_number and one.get("M3") == page.doc_type_label
            if page.agency:
                assert "," not in one["AU"] and one["AU"] == one["PB"] == page.agency  # one corporate name
            assert one["DB"] == t(lang, "site_name")

            text = pages[lang][f"downloads/{slug}.bib"]
            assert text == bibtex(page, url)
            kind, key, fields = bibtex_entry(text)
            assert kind == "techreport" and re.fullmatch(r"[A-Za-z0-9_-]+", key) and lang in key
            # the title in a second pair of braces: its capitals kept as they are
            assert fields["title"][0] + fields["title"][-1] == "{}" and latex_text(fields["title"][1:-1]) == page.title
            if page.agency:
                assert fields["author"] == "{" + page.agency + "}" and fields["institution"] == page.agency
            assert fields.get("number") == page.doc_number and fields["url"] == url
            assert fields.get("year") == (str(date_parts(page)[0]) if date_parts(page) else None)
            assert fields["language"] == language
    # each language's citation is its own: its own key and URL
    keys = {bibtex_entry(pages[lang][f"downloads/{slug}.bib"])[1] for slug in documents for lang in LANGS}
    assert len(keys) == len(documents) * len(LANGS)


def test_without_a_site_url_there_is_no_url_field(documents):
    page = next(iter(documents.values()))["zh"]
    assert permalink(None, "zh", page.slug) is None
    assert "URL" not in csl_json(page, None)
    assert "UR" not in dict(ris_tags(ris(page, None)))
    assert "url" not in bibtex_entry(bibtex(page, None))[2]


def test_a_hostile_title_stays_text_in_every_format(documents):
    page = dataclasses.replace(next(iter(documents.values()))["en"], title=HOSTILE, agency="Bureau of A_B & C {x}",
                               doc_number="50%#1")
    one_line = " ".join(HOSTILE.split())
    _, _, fields = bibtex_entry(bibtex(page, SITE_URL + "en/documents/x.html"))
    assert latex_text(fields["title"][1:-1]) == one_line
    assert latex_text(fields["author"][1:-1]) == "Bureau of A_B & C {x}" and latex_text(fields["number"]) == "50%#1"
    tags = dict(ris_tags(ris(page, None)))
    assert tags["TI"] == one_line and tags["AU"] == "Bureau of A_B & C {x}"
    assert json.loads(json.dumps(csl_json(page, None)))["title"] == one_line


def test_a_machine_translation_says_so(documents):
    chinese = next(iter(documents.values()))["zh"]
    english = dataclasses.replace(next(iter(documents.values()))["en"], title="Reply on supply chains",
                                  variant={"method": "argos", "model": "zh-en 1.9", "machine_translated": True})
    note = t("en", "render.cite_machine_translation", model="Argos Translate (zh-en 1.9)")
    assert "Machine translation" in note
    assert csl_json(english, None)["note"] == note and csl_json(english, None)["language"] == "en"
    assert dict(ris_tags(ris(english, None)))["N1"] == note
    assert latex_text(bibtex_entry(bibtex(english, None))[2]["note"]) == note
    assert "note" not in csl_json(chinese, None) and "N1" not in dict(ris_tags(ris(chinese, None)))
