"""Text from the sources never becomes live HTML, in any of the three languages.

A record whose title, body, agency, addressee and source file name carry markup goes
through the variants stage (Traditional by OpenCC, English by the tiny model and without
a model); each generated page is rendered with Python-Markdown and the site's extensions
(as MkDocs does), and the HTML is checked for script elements, event handlers and
javascript: links.
"""
import copy
import json
from html.parser import HTMLParser

import markdown
import pytest
import yaml

from build_scripts.commands.variants import VariantSettings, build_variants
from conftest import REPO, RECORDS

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


def _hostile_record() -> dict:
    record = copy.deepcopy(RECORDS[0])
    record["slug"] = "hostile"
    record["source_file"] = "hostile<script>alert(1)</script>[x](javascript:alert(1)).txt"
    record["title"] = f"关于{PLAIN}的通知"
    record["agency"] = f"揭阳市{ATTACKS[1]}局"
    record["addressee"] = f"{ATTACKS[0]}委员:"
    record["blocks"] = [
        {"kind": "addressee", "text": record["addressee"]},
        {"kind": "heading", "level": 1, "text": f"一、{ATTACKS[2]}"},
        {"kind": "paragraph", "text": f"现答复如下:{ATTACKS[0]}收悉。"},
        {"kind": "paragraph", "text": f"对企业奖励100万元{ATTACKS[1]}。"},
        {"kind": "paragraph", "text": PLAIN},
        {"kind": "paragraph", "text": ATTACKS[2]},
        {"kind": "signature", "text": record["agency"]},
        {"kind": "contact", "text": f"联系电话:{ATTACKS[0]}"},
    ]
    record["headings"] = [{"level": 1, "text": record["blocks"][1]["text"]}]
    record["body"] = "\n".join(b["text"] for b in record["blocks"])
    return record


@pytest.mark.parametrize("model", ["tiny", "none"])
def test_source_markup_is_never_live_in_any_language(tmp_path, model, request):
    packages = request.getfixturevalue("tiny_packages_dir") if model == "tiny" else tmp_path / "none"
    records_dir = tmp_path / "records"
    records_dir.mkdir()
    (records_dir / "hostile.json").write_text(json.dumps(_hostile_record(), ensure_ascii=False), encoding="utf-8")
    settings = VariantSettings(packages_dir=packages, cache_dir=tmp_path / "cache")
    report = build_variants(records_dir, tmp_path / "variants", tmp_path / "docs", settings,
                            log=lambda m: None, jobs=1)
    assert report.errors == []
    for lang in ("zh", "zh-Hant", "en"):
        page = (tmp_path / "docs" / lang / "documents" / "hostile.md").read_text(encoding="utf-8")
        html = _html(page)
        parser = LiveMarkup()
        parser.feed(html)
        assert parser.found == [], (lang, parser.found, html)
        # ... and the text is still there to be read
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, lang
        if lang == "en":
            assert 'href="../../documents/hostile.html"' in html  # the notice's own link is kept
            assert "hostile&lt;script&gt;" in html  # the file name in the notice, as text
