"""Markdown pages: front matter, heading levels, signature block set apart, source text inert."""
import re

import markdown
import yaml

from build_scripts.render.markdown import render_page

# the Markdown extensions mkdocs.yml enables
SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "footnotes", "def_list", "toc",
                   "pymdownx.details", "pymdownx.superfences"]

PAGE = {
    "source_file": "x.txt", "slug": "x", "title": "关于<b>加强</b>管理的通知", "agency": "某某局", "date": "2024-03-01",
    "doc_number": "某发〔2024〕1号", "addressee": "各单位:",
    "blocks": [
        {"kind": "addressee", "text": "各单位:"},
        {"kind": "heading", "level": 1, "text": "一、总体要求"},
        {"kind": "paragraph", "text": "<script>alert(1)</script> [点我](javascript:alert(1)) <img src=x onerror=alert(1)>"},
        {"kind": "heading", "level": 2, "text": "(一)基本原则"},
        {"kind": "paragraph", "text": "# 不是标题\n- 不是列表"},
        {"kind": "signature", "text": "某某局"},
        {"kind": "date", "text": "2024年3月1日"},
        {"kind": "contact", "text": "联系人:张三,电话:12345678"},
    ],
}


def test_front_matter_holds_the_metadata():
    text = render_page(PAGE, "zh")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["doc_number"] == "某发〔2024〕1号" and meta["date"] == "2024-03-01" and meta["lang"] == "zh"


def test_structure_and_inert_source_text():
    html = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(render_page(PAGE, "zh").split("---\n", 2)[2])
    assert re.search(r"<h2[^>]*>一、总体要求</h2>", html) and re.search(r"<h3[^>]*>\(一\)基本原则</h3>", html)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>不是标题" not in html and "<li>" not in html
    signature = html.split('class="doc-signature"')[1].split("</div>")[0]
    assert "某某局" in signature and "2024年3月1日" in signature
    assert "联系人" in html.split('class="doc-contact"')[1]


def test_original_toggle_for_a_converted_page():
    page = {**PAGE, "blocks": [{"kind": "paragraph", "text": "Development.", "original": "发展。"}]}
    text = render_page(page, "en")
    assert "<summary>Chinese original</summary>" in text and "发展。" in text


def test_notice_comes_before_the_title():
    text = render_page({**PAGE, "notice": "Machine translation notice."}, "en")
    body = text.split("---\n", 2)[2]
    assert body.index("Machine translation notice.") < body.index("# ")


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
