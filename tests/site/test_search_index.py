"""The search index: jieba with the archive's user dictionary, one index per language."""

import json
import re
from pathlib import Path

import jieba
import opencc
import pytest

from build_scripts.site.config import USER_DICT
from build_scripts.site.i18n import LANGS, SITE_DIR


def index_of(site: Path, lang: str) -> dict:
    return json.loads((site / SITE_DIR[lang] / "search" / "search_index.json").read_text("utf-8"))


def tokens(index: dict) -> set[str]:
    sep = re.compile(index["config"]["separator"])
    out = set()
    for doc in index["docs"]:
        for field in (doc["title"], doc["text"]):
            out.update(t for t in sep.split(re.sub(r"<[^>]+>", " ", field)) if t)
    return out


def dict_terms() -> list[str]:
    return [line.split()[0] for line in USER_DICT.read_text("utf-8").splitlines() if line.strip()]


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


def test_user_dictionary_has_traditional_forms():
    terms = set(dict_terms())
    cc = opencc.OpenCC("s2t")
    simplified = [t for t in terms if cc.convert(t) != t and t == opencc.OpenCC("t2s").convert(t)]
    assert len(simplified) > 20
    for term in simplified:
        assert cc.convert(term) in terms, term


@pytest.mark.parametrize("lang,terms", [
    ("zh", ["专精特新", "融资担保", "链长制", "小巨人", "供应链"]),
    ("zh-Hant", ["專精特新", "融資擔保", "鏈長制", "小巨人", "供應鏈"]),
    ("en", ["guarantee", "chain"]),
])
def test_archive_terms_are_single_words_in_the_index(built, lang, terms):
    found = tokens(index_of(built["site"], lang))
    for term in terms:
        assert term in found, f"{term} is not one word in the {lang} index"
    # the split forms jieba makes without the dictionary must not be all there is
    if lang == "zh":
        assert "特新" not in found


def test_each_language_has_its_own_index_of_its_own_pages(built):
    site = built["site"]
    han = re.compile(r"[\u4e00-\u9fff]")
    for lang in LANGS:
        index = index_of(site, lang)
        locs = {d["location"].split("#")[0] for d in index["docs"]}
        slugs = {p.stem for p in (built["variants"] / lang).glob("*.json")}
        assert locs == {f"documents/{s}.html" for s in slugs}
        for loc in locs:
            assert (site / SITE_DIR[lang] / loc).is_file()
    # The English index is English: document titles carry no Chinese.
    en_titles = [d["title"] for d in index_of(site, "en")["docs"] if "#" not in d["location"]]
    assert en_titles and not any(han.search(t) for t in en_titles)
    zh_hant = " ".join(d["text"] for d in index_of(site, "zh-Hant")["docs"])
    assert "專精特新" in zh_hant.replace("\u200b", "") and "专精特新" not in zh_hant.replace("\u200b", "")


def test_offline_index_script_matches_json(built):
    for lang in LANGS:
        folder = built["site"] / SITE_DIR[lang] / "search"
        js = (folder / "search_index.js").read_text("utf-8")
        assert js.startswith("var __index = ")
        assert json.loads(js[len("var __index = "):]) == json.loads((folder / "search_index.json").read_text("utf-8"))
