"""Markdown pages: front matter (description, facets), the same order in every language, notices
that say which text is the original, `lang` on Chinese shown on English pages, what the cleaning
removed, the lists of the home and browse pages, and source text always inert."""
import dataclasses
import html as html_module
import re

import markdown
import pytest
import yaml
from hypothesis import given, settings, strategies as st

from build_scripts.record import Block, Variant
from build_scripts.render import render
from build_scripts.render.browse import anchor, facet_key, site_pages
from build_scripts.render.labels import t
from build_scripts.render.markdown import CARD_MARK, DESCRIPTION_LENGTH, escape, first_sentence, render_page

from .seed_documents import TRADITIONAL_PAGE, make_documents, slug_of

# the Markdown extensions mkdocs.yml enables
SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "footnotes", "def_list", "toc",
                   "pymdownx.details", "pymdownx.superfences"]
LANGS = ("zh", "zh-Hant", "en")

PAGE = Variant(
    source_file="x.txt", slug="x", title="关于<b>加强</b>管理的通知", agency="某某局", date="2024-03-01",
    doc_number="某发〔2024〕1号", addressee="各单位:", doc_type_label="通知", lang="zh", source_encoding="gb18030",
    variant={"method": "original"},
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
    removed=[{"line": "扫一扫在手机打开当前页", "rule": "qr_code"}, {"line": "<b>打印</b> & 关闭", "rule": "page_widgets"}],
    lifted=[{"line": "索引号:000014349/2024-00001", "field": "index_number"}, {"line": "发布机构:某某局", "field": "publisher"}],
)
TRANSLATED = dataclasses.replace(
    PAGE, lang="en", title="Notice on strengthening management", agency="Some Bureau",
    doc_type_label="Notice", variant={"method": "argos", "model": "zh-en 1.9", "machine_translated": True},
    blocks=[Block("addressee", "All units:", original="各单位:"),
            Block("heading", "I. General requirements", level=1, original="一、总体要求"),
            Block("paragraph", "Development is the key. It needs 3.21 million yuan.", original="发展是关键。需要321万元。"),
            Block("paragraph", "Reply to 柳楷斌's proposal.", original="对柳楷斌提案的答复。")])
MISSING = dataclasses.replace(TRANSLATED, title=PAGE.title, blocks=PAGE.blocks,
                              variant={"method": "argos", "translation_missing": True})
TRADITIONAL = dataclasses.replace(PAGE, lang="zh-Hant", title="關於加強管理的通知", variant={"method": "opencc", "config": "s2tw"})


def body_of(page_markdown: str) -> str:
    return page_markdown.split("---\n", 2)[2].lstrip("\n")


def to_html(page_markdown: str) -> str:
    return markdown.Markdown(extensions=SITE_EXTENSIONS).convert(body_of(page_markdown))


def notice_of(page_markdown: str) -> str:
    start = page_markdown.index('<div class="archive-notice')
    return page_markdown[start:page_markdown.index("</div>", start)]


def meta_of(page_markdown: str) -> dict:
    return yaml.safe_load(page_markdown.split("---\n")[1])


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """(records, documents, pages) of the seeds and the Traditional page, by the real stages."""
    records, documents, _ = make_documents(tmp_path_factory.mktemp("render"))
    return records, documents, render(documents)


def test_front_matter_holds_the_metadata():
    meta = meta_of(render_page(PAGE))
    assert meta["doc_number"] == "某发〔2024〕1号" and meta["date"] == "2024-03-01" and meta["lang"] == "zh"
    assert meta["facets"] == {facet: anchor(facet_key(PAGE, facet)) for facet in ("agency", "year", "doc_type", "region")}


def test_structure_and_inert_source_text():
    html = to_html(render_page(PAGE))
    assert re.search(r"<h2[^>]*>一、总体要求</h2>", html) and re.search(r"<h3[^>]*>\(一\)基本原则</h3>", html)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>不是标题" not in html and "<li>不是列表" not in html
    signature = html.split('class="doc-signature"')[1].split("</div>")[0]
    assert "某某局" in signature and "2024年3月1日" in signature
    assert "联系人" in html.split('class="doc-contact"')[1]


@pytest.mark.parametrize("page", [PAGE, TRADITIONAL, TRANSLATED, MISSING], ids=lambda page: page.lang + str(page.variant))
def test_every_language_orders_title_notice_card_text_alike(page):
    body = body_of(render_page(page))
    assert body.startswith("# "), body[:80]
    title_end = body.index("\n")
    card = body.index(CARD_MARK)
    notice = body.find("data-archive-notice")
    if page.lang == "zh":  # the Simplified original: no notice, the card under the title
        assert notice == -1 and body[title_end:card].strip() == ""
    else:
        assert title_end < notice < card
    first_block = escape(page.blocks[1].text)  # the first heading
    assert card < body.index(first_block) < body.index('class="doc-removed"')


def test_notices_link_the_original_and_tell_readers_no_maintainer_steps():
    notice = notice_of(render_page(TRANSLATED))
    assert "**Machine translation.**" in notice and "Argos Translate (zh-en 1.9)" in notice
    assert 'href="../../documents/x.html"' in notice
    missing = render_page(MISSING)
    notice = notice_of(missing)
    assert "**Not yet translated.**" in notice and 'href="../../documents/x.html"' in notice
    # one sentence for readers: no maintainer's instructions, no file name
    text = re.sub(r"<[^>]+>", "", notice.split("\n\n", 1)[1])
    assert "make models" not in missing and "x.txt" not in text and text.strip().count("\n") == 0
    assert len(text) < 160
    notice = notice_of(render_page(TRADITIONAL))
    assert "OpenCC" in notice and 'href="../../documents/x.html"' in notice and "archive-notice--opencc" in notice


def test_a_traditional_source_says_which_page_is_the_original():
    source = dataclasses.replace(PAGE, source_script="zh-Hant")
    simplified = body_of(render_page(dataclasses.replace(source, variant={"method": "opencc", "config": "t2s"})))
    original = body_of(render_page(dataclasses.replace(source, lang="zh-Hant", variant={"method": "original"})))
    english = body_of(render_page(dataclasses.replace(MISSING, source_script="zh-Hant")))
    # the converted Simplified page links the Traditional original …
    assert "archive-notice--opencc" in simplified and 'href="../zh-Hant/documents/x.html"' in simplified
    assert "繁体原文" in simplified
    # … the original says it is one, and links the page OpenCC made from it …
    assert "archive-notice--original" in original and 'href="../../documents/x.html"' in original
    assert "原文（繁體）" in original
    # … and the English page's original is the Traditional page
    assert 'href="../../zh-Hant/documents/x.html"' in english


def test_chinese_on_english_pages_is_marked_with_its_language():
    html = to_html(render_page(MISSING))
    assert re.search(r'<h1[^>]* lang="zh-Hans"[^>]*>关于&lt;b&gt;加强&lt;/b&gt;管理的通知</h1>', html)
    assert re.search(r'<h2[^>]* lang="zh-Hans"[^>]*>一、总体要求</h2>', html)
    assert '<p class="doc-addressee" lang="zh-Hans">各单位:</p>' in html
    assert '<p lang="zh-Hans"># 不是标题\n- 不是列表</p>' in html  # as text, and marked
    # mostly Latin (markup, a URL): not marked as Chinese, and as inert as ever
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert '<span lang="zh-Hans">某某局</span>' in html.split('class="doc-signature"')[1]
    html = to_html(render_page(TRANSLATED))
    assert 'lang="zh' not in html.split("<details")[0].split('class="doc-removed"')[0].replace(
        '<p lang="zh-Hans">对柳楷斌提案的答复。</p>', "")  # English text, even with a Chinese name in it
    assert "<p>Reply to 柳楷斌's proposal.</p>" in html
    # the folded originals are the Simplified text each block was made from
    assert '<summary>Chinese original</summary><p lang="zh-Hans">发展是关键。需要321万元。</p>' in html
    # search markup as it was: the originals are not indexed
    assert len(re.findall(r'<details class="doc-original"[^>]* data-pagefind-ignore>', html)) == 4
    # a Chinese page marks nothing in its own script
    assert " lang=" not in to_html(render_page(PAGE)).split('class="doc-removed"')[0]


def test_what_the_cleaning_removed_is_shown_folded_and_escaped():
    for page in (PAGE, MISSING, TRADITIONAL):
        html = to_html(render_page(page))
        block = html[html.index('<details class="doc-removed"'):]
        assert re.match(r'<details class="doc-removed"[^>]* data-pagefind-ignore>\n<summary>', block)
        summary = re.search(r"<summary>(.*?)</summary>", block).group(1)
        assert summary == html_module.escape(t(page.lang, "render.removed_summary", n=4), quote=False)
        assert "(<code>qr_code</code>)" in block and "(<code>page_widgets</code>)" in block
        assert "&lt;b&gt;打印&lt;/b&gt; &amp; 关闭" in block and "<b>" not in block
        assert f"→ {t(page.lang, 'field.index_number')}</li>" in block and "→ <code>publisher</code>" in block
        assert "<code>x.txt</code>" in block and "<code>gb18030</code>" in block
        # the source's lines are Simplified: marked so on the English and the Traditional pages
        marked = '<span lang="zh-Hans">扫一扫在手机打开当前页</span>' in block
        assert marked is (page.lang != "zh"), page.lang


def test_description_is_the_first_sentence_of_the_text():
    first = dataclasses.replace(PAGE, blocks=[Block("addressee", "各单位:"), Block("heading", "一、总体要求", level=1),
                                              Block("paragraph", "现将有关事项通知如下。第二句。")])
    assert meta_of(render_page(first))["description"] == "现将有关事项通知如下。"
    assert meta_of(render_page(TRANSLATED))["description"] == "Development is the key."
    # an English page with its text untranslated: a sentence made of its English metadata
    assert meta_of(render_page(MISSING))["description"] == "Notice issued by Some Bureau on 2024-03-01."
    assert first_sentence("增长3.21%。其余") == "增长3.21%。" and first_sentence("It grew 3.21 times. Then") == "It grew 3.21 times."
    long = first_sentence("发展" * 200 + "。")
    assert len(long) == DESCRIPTION_LENGTH and long.endswith("…")
    words = first_sentence("word " * 100)
    assert len(words) <= DESCRIPTION_LENGTH and words.endswith("word…")


def test_seed_pages_in_every_language(seeds):
    records, documents, pages = seeds
    traditional = slug_of(records, TRADITIONAL_PAGE.name)
    for slug, languages in documents.items():
        for lang in LANGS:
            page_markdown = pages[lang][f"documents/{slug}.md"]
            assert page_markdown == render_page(languages[lang], languages["zh"])
            meta = meta_of(page_markdown)
            # a description of its own: plain text, one line, not the addressee
            description = meta["description"]
            assert 10 < len(description) <= DESCRIPTION_LENGTH and "\n" not in description
            assert description != languages[lang].addressee
            if lang != "en":
                paragraph = next(b.text for b in languages[lang].blocks if b.kind == "paragraph")
                assert paragraph.startswith(description.rstrip("…"))
            else:  # no model here: English metadata, not the Chinese text
                assert description.startswith(languages["en"].doc_type_label or "Document")
            body = body_of(page_markdown)
            assert body.index("# ") < body.index(CARD_MARK)
            # every page but a Simplified original says how it was made, or that it is the original
            has_notice = "data-archive-notice" in body
            assert has_notice is (lang != "zh" or slug == traditional), (slug, lang)
            if lang != "en" and has_notice:
                original = (lang == "zh-Hant") == (slug == traditional)
                assert ("archive-notice--original" if original else "archive-notice--opencc") in body
    assert len({meta_of(pages["zh"][f"documents/{slug}.md"])["description"] for slug in documents}) == len(documents)


def test_facets_in_front_matter_lead_to_the_document_on_the_browse_pages(seeds):
    _, documents, pages = seeds
    for lang in LANGS:
        for slug in documents:
            facets = meta_of(pages[lang][f"documents/{slug}.md"])["facets"]
            for facet, group in facets.items():
                facet_page = pages[lang][f"browse/{facet}.md"]
                section = facet_page.split(f"{{#{group}")[1].split("\n## ")[0]
                assert f"(../documents/{slug}.md)" in section, (lang, slug, facet)


def test_english_lists_show_english_metadata_and_mark_untranslated_titles(seeds):
    records, documents, _ = seeds
    for lang in LANGS:
        home = to_html(site_pages(documents, lang)["index.md"])
        items = re.findall(r"<li>(<a href=\"documents/.*?)</li>", home)
        assert len(items) == len(documents)
        for item in items:
            slug = re.match(r'<a href="documents/([^"]+)\.md"', item).group(1)
            page = documents[slug][lang]
            small = re.search(r"<small>(.*?)</small>", item).group(1)
            shown = re.sub(r"<[^>]+>", "", small)
            for value in (page.agency, page.date or page.publication_date, page.doc_type_label):
                if value:
                    assert html_module.escape(value, quote=False) in shown, (lang, slug, value)
            untranslated = t(lang, "render.title_untranslated") in item
            assert untranslated is (lang == "en"), (lang, slug)  # no model: no title is translated
            if lang == "en":
                assert re.match(r'<a href="[^"]+" lang="zh-Hans">', item)
                if page.agency and page.agency != documents[slug]["zh"].agency:  # the glossary's English name
                    assert f"<small>{html_module.escape(page.agency, quote=False)}" in item
                elif page.agency:  # an agency the glossary does not know: Chinese, marked
                    assert f'<small><span lang="zh-Hans">{page.agency}</span>' in item
            else:
                assert " lang=" not in item
    # an English facet heading that is Chinese (an agency the glossary does not know) says so;
    # the English ones do not
    unknown = next(iter(documents))
    documents = {**documents, unknown: {**documents[unknown],
                                        "en": dataclasses.replace(documents[unknown]["en"], agency="某某县未知局")}}
    agency = to_html(site_pages(documents, "en")["browse/agency.md"])
    headings = re.findall(r"<h2 ([^>]*)>(.*?)</h2>", agency)
    assert any('lang="zh-Hans"' in attributes and "某某县未知局" in text for attributes, text in headings)
    for attributes, text in headings:
        assert ('lang="zh-Hans"' in attributes) is bool(re.search(r"[\u4e00-\u9fff]", text)), text


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


@settings(max_examples=200, deadline=None)
@given(text=TRICKY)
def test_a_marked_chinese_heading_keeps_its_text_and_its_lang(text):
    text = " ".join(("发展" * 11 + text).split())  # more Han characters than the 40 Latin ones make words
    page = dataclasses.replace(MISSING, title=text, blocks=[])
    rendered = to_html(render_page(page))
    heading = re.search(r"<h1([^>]*)>(.*?)</h1>", rendered)
    assert 'lang="zh-Hans"' in heading.group(1)
    assert "<" not in heading.group(2) and html_module.unescape(heading.group(2)).strip() == text


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
