"""Text from the sources never becomes live HTML, in any of the three languages.

A record whose title, body, agency, addressee and source file name carry markup goes
through the variants stage (Traditional by OpenCC, English by the tiny model and without
a model); each generated page — the document's, and the home and browse pages that show
its title and agency — is rendered with Python-Markdown and the site's extensions (as MkDocs
does), and the HTML is checked for script elements, event handlers and javascript: links.
"""
import dataclasses
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from build_scripts.record import Block, Record
from build_scripts.render import render
from build_scripts.variants import VariantSettings, make_variants

REPO = Path(__file__).resolve().parents[2]

ATTACKS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))")
PLAIN = "".join(ATTACKS)


def _site_extensions() -> tuple[list, dict]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, options), = entry.items()
            configs[name] = {k: v for k, v in (options or {}).items() if v is not None}
        else:
            name = entry
        names.append(name)
    return names, configs


class LiveMarkup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def _html(page_markdown: str) -> str:
    body = page_markdown.split("\n---\n", 1)[1]  # MkDocs strips the front matter first
    names, configs = _site_extensions()
    return markdown.markdown(body, extensions=names, extension_configs=configs)


def _hostile_record(record: Record) -> Record:
    """A real record (揭阳市工业和信息化局's reply) with markup in every text it shows."""
    agency = f"揭阳市{ATTACKS[1]}局"
    addressee = f"{ATTACKS[0]}委员:"
    return dataclasses.replace(
        record,
        slug="hostile",
        source_file="hostile<script>alert(1)</script>[x](javascript:alert(1)).txt",
        title=f"关于{PLAIN}的通知",
        agency=agency,
        addressee=addressee,
        blocks=[
            Block("addressee", addressee),
            Block("heading", f"一、{ATTACKS[2]}", level=1),
            Block("paragraph", f"现答复如下:{ATTACKS[0]}收悉。"),
            Block("paragraph", f"对企业奖励100万元{ATTACKS[1]}。"),
            Block("paragraph", PLAIN),
            Block("paragraph", ATTACKS[2]),
            Block("signature", agency),
            Block("contact", f"联系电话:{ATTACKS[0]}"),
        ],
    )


@pytest.mark.parametrize("model", ["tiny", "none"])
def test_source_markup_is_never_live_in_any_language(tmp_path, model, request, record_of):
    packages = request.getfixturevalue("tiny_packages_dir") if model == "tiny" else tmp_path / "none"
    hostile = _hostile_record(record_of("001_ee64e7c325dd4286.txt"))
    settings = VariantSettings(packages_dir=packages, cache_dir=tmp_path / "cache")
    variants, report = make_variants([hostile], settings, log=lambda m: None, jobs=1)
    assert report.errors == []
    assert variants["hostile"]["en"].machine_translated is (model == "tiny")
    pages = render(variants)
    for lang in ("zh", "zh-Hant", "en"):
        page = pages[lang]["documents/hostile.md"]
        html = _html(page)
        parser = LiveMarkup()
        parser.feed(html)
        assert parser.found == [], (lang, parser.found, html)
        # ... and the text is still there to be read
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, lang
        assert "hostile&lt;script&gt;" in html.rsplit('<p class="doc-source">', 1)[1], lang  # the file name, as text
        if lang != "zh":  # the notice's own link to the original is kept
            assert 'href="../../documents/hostile.html"' in html, lang
        if lang == "en":  # the notice is one line for readers: the file name is not in it
            notice = html[html.index("data-archive-notice"):html.index("</div>")]
            assert "hostile&lt;script" not in notice
        # the site's own pages (home, browse) show the title and agency: as text too
        for name, text in pages[lang].items():
            if name.endswith(".md") and name != "documents/hostile.md":
                site_html = _html(text)
                parser = LiveMarkup()
                parser.feed(site_html)
                assert parser.found == [], (lang, name, parser.found)
                if name == "browse/agency.md":
                    assert "&lt;img src=x onerror=alert(1)&gt;" in site_html, lang
