"""Markdown pages: front matter, heading levels, signature block set apart, source text inert."""
import dataclasses
import re

import markdown
import pytest
import yaml

from build_scripts.record import Block, Variant
from build_scripts.render.markdown import render_page

# the Markdown extensions mkdocs.yml enables
SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "footnotes", "def_list", "toc",
                   "pymdownx.details", "pymdownx.superfences"]

PAGE = Variant(
    source_file="x.txt", slug="x", title="关于<b>加强</b>管理的通知", agency="某某局", date="2024-03-01",
    doc_number="某发〔2024〕1号", addressee="各单位:", lang="zh",
    blocks=[
        Block("addressee", "各单位:"),
        Block("heading", "一、总体要求", level=1),
        Block("paragraph", "<script>alert(1)</script> [点我](javascript:alert(1)) <img src=x onerror=alert(1)>"),
        Block("heading", "(一)基本原则", level=2),
        Block("paragraph", "# 不是标题\n- 不是列表"),
        Block("signature", "某某局"),
        Block("date", "2024年3月1日"),
        Block("contact", "联系人:张三,电话:12345678"),
    ],
)


def test_front_matter_holds_the_metadata():
    text = render_page(PAGE)
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["doc_number"] == "某发〔2024〕1号" and meta["date"] == "2024-03-01" and meta["lang"] == "zh"


def test_structure_and_inert_source_text():
    html = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(render_page(PAGE).split("---\n", 2)[2])
    assert re.search(r"<h2[^>]*>一、总体要求</h2>", html) and re.search(r"<h3[^>]*>\(一\)基本原则</h3>", html)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>不是标题" not in html and "<li>" not in html
    signature = html.split('class="doc-signature"')[1].split("</div>")[0]
    assert "某某局" in signature and "2024年3月1日" in signature
    assert "联系人" in html.split('class="doc-contact"')[1]


def test_original_toggle_for_a_converted_page():
    page = dataclasses.replace(PAGE, lang="en", blocks=[Block("paragraph", "Development.", original="发展。")])
    text = render_page(page)
    assert "<summary>Chinese original</summary>" in text and "发展。" in text


def test_notice_comes_before_the_title_and_links_the_original():
    translated = dataclasses.replace(PAGE, lang="en", variant={"method": "argos", "model": "zh-en 1.9",
                                                               "machine_translated": True})
    body = render_page(translated).split("---\n", 2)[2]
    assert body.index("**Machine translation.**") < body.index("# ")
    assert "Argos Translate (zh-en 1.9)" in body and 'href="../../documents/x.html"' in body
    missing = dataclasses.replace(translated, variant={"method": "argos", "translation_missing": True})
    assert "**Not yet translated.**" in render_page(missing)
    # no maintainer's instructions on a reader's page
    assert "make models" not in render_page(missing)
    assert "OpenCC" in render_page(dataclasses.replace(PAGE, lang="zh-Hant")).split("# ")[0]
    assert "archive-notice" not in render_page(PAGE)


from hypothesis import given, settings, strategies as st  # noqa: E402
import html as html_module  # noqa: E402

from build_scripts.render.markdown import escape  # noqa: E402

TRICKY = st.text(alphabet=st.sampled_from(list("1234567890.)(-+=>#*_`[]<>!&|~?{}:\\ 发展“”《》,;abcXYZ")), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=TRICKY, as_heading=st.booleans())
def test_escaped_text_renders_as_exactly_that_text(text, as_heading):
    text = " ".join(text.split())
    if not text:
        return
    source = ("### " if as_heading else "") + escape(text)
    rendered = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(source)
    inner = rendered.split(">", 1)[1].rsplit("<", 1)[0]
    assert "<" not in inner  # no markup came out of the text
    assert html_module.unescape(inner).strip() == text.strip()


def test_each_language_has_every_label_and_the_traditional_ones_are_traditional():
    from build_scripts import settings
    from build_scripts.variants.traditional import to_traditional

    words = {lang: settings.labels(lang).words for lang in settings.LANGUAGES}
    assert words["zh"].keys() == words["zh-Hant"].keys() == words["en"].keys()
    for key, text in words["zh-Hant"].items():
        # OpenCC finds nothing left to convert (a Simplified 简 on the Traditional site was a bug)
        assert to_traditional(text) == text, key


def test_a_missing_label_is_named_with_its_file(tmp_path, monkeypatch):
    import shutil

    from build_scripts import settings

    shutil.copytree(settings.DATA_DIR / "labels", tmp_path / "labels")
    english = tmp_path / "labels" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace("cite: ", "cited: "), encoding="utf-8")
    zh, en = settings.load("labels/zh", tmp_path), settings.load("labels/en", tmp_path)
    assert "cite" in zh.words and "cite" not in en.words
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    settings.labels.cache_clear()
    try:
        with pytest.raises(settings.SettingsError, match=r"en\.yaml: no label for cite"):
            settings.labels("en")
    finally:
        settings.labels.cache_clear()
