"""The search index: jieba with the archive's user dictionary, one index per language."""

import html
import json
import re
from pathlib import Path

import jieba
import opencc

from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site.config import SITE_DIR, USER_DICT

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']{4,}")  # (People's is one word)


def index_of(site: Path, lang: str) -> dict:
    return json.loads((site / SITE_DIR[lang] / "search" / "search_index.json").read_text("utf-8"))


def tokens(index: dict) -> set[str]:
    sep = re.compile(index["config"]["separator"])
    out = set()
    for doc in index["docs"]:
        for field in (doc["title"], doc["text"]):
            out.update(t for t in sep.split(re.sub(r"<[^>]+>", " ", field)) if t)
    return out


def test_default_jieba_splits_the_terms_the_dictionary_keeps_whole():
    # Without the user dictionary these terms are cut apart; the dictionary is what fixes it.
    plain = jieba.Tokenizer()
    assert list(plain.cut("专精特新")) != ["专精特新"]
    assert list(plain.cut("链长制")) != ["链长制"]
    custom = jieba.Tokenizer()
    custom.load_userdict(str(USER_DICT))
    for term in ("专精特新", "融资担保", "链长制", "小巨人", "專精特新", "融資擔保"):
        assert list(custom.cut(term)) == [term]
    assert "专精特新" in list(custom.cut("对新认定的国家级专精特新“小巨人”企业给予奖励"))


def test_user_dictionary_has_traditional_forms(terms):
    terms = set(terms)
    cc = opencc.OpenCC("s2t")
    simplified = [t for t in terms if cc.convert(t) != t and t == opencc.OpenCC("t2s").convert(t)]
    assert len(simplified) > 20
    for term in simplified:
        assert cc.convert(term) in terms, term


def archive_terms(built, terms, lang: str) -> list[str]:
    """The dictionary's terms in the text of the archive's `lang` pages (zh-Hant: the
    Traditional forms the dictionary lists)."""
    text = "\n".join(built.text(slug, lang) for slug in built.documents)
    if lang == "zh-Hant":
        cc = opencc.OpenCC("s2t")
        terms = [cc.convert(term) for term in terms if cc.convert(term) in terms]
    return [term for term in dict.fromkeys(terms) if term in text]


def test_archive_terms_are_single_words_in_the_index(built, terms):
    for lang in ("zh", "zh-Hant"):
        found = tokens(index_of(built.site, lang))
        used = archive_terms(built, terms, lang)
        assert len(used) >= 20, (lang, used)  # the seeds use many of them
        missing = [term for term in used if term not in found]
        assert missing == [], f"not one word in the {lang} index: {missing}"
    # the split forms jieba makes without the dictionary must not be all there is
    assert "专精特新" in archive_terms(built, terms, "zh")
    assert "特新" not in tokens(index_of(built.site, "zh"))
    # English: the words of the English names (glossary) on the English pages are words of
    # the English index
    found = tokens(index_of(built.site, "en"))
    names = {word for slug in built.documents for block in built.variant(slug, "en").blocks
             if block.kind in ("signature", "addressee") for word in LATIN_WORD.findall(block.text)}
    assert len(names) >= 10
    assert sorted(names - found) == []


def test_each_language_has_its_own_index_of_its_own_pages(built, terms):
    site = built.site
    for lang in LANGS:
        index = index_of(site, lang)
        locs = {d["location"].split("#")[0] for d in index["docs"]}
        assert locs == {f"documents/{slug}.html" for slug in built.documents}
        for loc in locs:
            assert (site / SITE_DIR[lang] / loc).is_file()
        # each page is indexed under its own language's title
        titles = {d["location"]: d["title"].replace("\u200b", "") for d in index["docs"] if "#" not in d["location"]}
        for slug in built.documents:
            assert html.unescape(titles[f"documents/{slug}.html"]) == built.variant(slug, lang).title, (lang, slug)
    # The English index holds the English of the pages: the glossary's names and the notice.
    en = html.unescape(" ".join(d["text"] for d in index_of(site, "en")["docs"]).replace("\u200b", ""))
    signatures = [block.text for slug in built.documents for block in built.variant(slug, "en").blocks
                  if block.kind == "signature" and not HAN.search(block.text)]
    assert len(signatures) >= 5
    for text in signatures:
        assert text in en, text
    assert "Not yet translated" in en or "Machine translation" in en
    # the Traditional index has the Traditional text, not the Simplified
    zh_hant = " ".join(d["title"] + " " + d["text"] for d in index_of(site, "zh-Hant")["docs"]).replace("\u200b", "")
    zh_hant_pages = "\n".join(built.text(slug, "zh-Hant") for slug in built.documents)
    cc = opencc.OpenCC("s2t")
    converted = [term for term in archive_terms(built, terms, "zh") if cc.convert(term) != term]
    assert "专精特新" in converted
    for term in converted:
        assert term not in zh_hant, term
        assert (cc.convert(term) in zh_hant) == (cc.convert(term) in zh_hant_pages), term


def test_offline_index_script_matches_json(built):
    for lang in LANGS:
        folder = built.site / SITE_DIR[lang] / "search"
        js = (folder / "search_index.js").read_text("utf-8")
        assert js.startswith("var __index = ")
        assert json.loads(js[len("var __index = "):]) == json.loads((folder / "search_index.json").read_text("utf-8"))
