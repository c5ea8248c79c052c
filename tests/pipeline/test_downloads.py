"""A document's downloads in every language: the .txt starts with what the document is (title,
agency, date, document number, source), the JSON is the variant as ever, the citation files sit
beside them; the store renders a document again when the site_url its citations name changes."""
import json

import pytest

from build_scripts.incremental import Store
from build_scripts.record import Variant
from build_scripts.render import DOCUMENT_FILES, render
from build_scripts.render.labels import t

from .seed_documents import SOURCE_URL, WITH_URL, make_documents, slug_of

LANGS = ("zh", "zh-Hant", "en")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return make_documents(tmp_path_factory.mktemp("downloads"))


def read(content) -> str:
    return content if isinstance(content, str) else content.read_text(encoding="utf-8")


def test_the_text_download_starts_with_what_the_document_is(seeds):
    records, documents, _ = seeds
    pages = render(documents)
    with_url = slug_of(records, WITH_URL)
    for slug, languages in documents.items():
        for lang in LANGS:
            page = languages[lang]
            text = pages[lang][f"downloads/{slug}.txt"]
            header, body = text.split("\n\n", 1)
            lines = header.split("\n")
            assert lines[0] == page.title
            # no addressee before the header: the text follows it, as the page has it
            assert body == page.body.rstrip("\n") + "\n" and not header.startswith(page.addressee or "\0")

            def line(field, value):
                return t(lang, "render.text_field", label=t(lang, f"field.{field}"), value=value or t(lang, "unknown"))

            date_field = "date" if page.date or not page.publication_date else "publication_date"
            assert lines[1:4] == [line("agency", page.agency), line(date_field, getattr(page, date_field)),
                                  line("doc_number", page.doc_number)]
            if slug == with_url:  # the manifest's source URL, else the file it was read from
                assert lines[4] == line("source_url", SOURCE_URL)
            else:
                assert lines[4] == line("source_file", page.source_file)
            assert len(lines) == 5
    # in the page's language: labels and values
    assert pages["en"][f"downloads/{with_url}.txt"].split("\n")[1].startswith("Agency: Guangzhou")
    assert pages["zh"][f"downloads/{with_url}.txt"].split("\n")[1] == "发文机关：广州市工业和信息化局"


def test_every_download_is_there_and_the_json_is_the_variant(seeds):
    _, documents, _ = seeds
    pages = render(documents, site_url="https://archive.example.org/")
    assert set(DOCUMENT_FILES.values()) >= {"downloads/{slug}.bib", "downloads/{slug}.ris", "downloads/{slug}.csl.json"}
    for slug, languages in documents.items():
        for lang in LANGS:
            for path in DOCUMENT_FILES.values():
                assert read(pages[lang][path.format(slug=slug)]), (lang, path)
            record = json.loads(pages[lang][f"downloads/{slug}.json"])
            assert Variant.from_dict(record) == languages[lang]


def test_a_changed_site_url_renders_the_citations_again(seeds, tmp_path):
    _, documents, stored = seeds
    store = Store(tmp_path / "pages")
    slug = next(iter(documents))
    first = render(documents, store=store, stored=stored, site_url="https://one.example.org/")
    again = render(documents, store=store, stored=stored, site_url="https://one.example.org/")
    assert first["en"][f"downloads/{slug}.bib"] == again["en"][f"downloads/{slug}.bib"]  # the same stored file
    assert f"UR  - https://one.example.org/en/documents/{slug}.html" in read(again["en"][f"downloads/{slug}.ris"])
    # (each render prunes the entries it did not use: a file is read before the next render)
    moved = render(documents, store=store, stored=stored, site_url="https://two.example.org/archive/")
    assert f"url = {{https://two.example.org/archive/en/documents/{slug}.html}}" in read(moved["en"][f"downloads/{slug}.bib"])
    page_with_url = read(moved["zh"][f"documents/{slug}.md"])
    none = render(documents, store=store, stored=stored)
    assert "url = " not in read(none["zh"][f"downloads/{slug}.bib"])
    # the page itself does not name the site: the same text whatever the site_url
    assert read(none["zh"][f"documents/{slug}.md"]) == page_with_url
