"""Glossary names, protected spans and placeholder restoration."""
import shutil

import pytest

from build_scripts.variants import glossary as glossary_module
from build_scripts.variants.glossary import english_name, english_name_or_none, load_glossary
from build_scripts.variants.protect import english_amount, find_spans, mask, render_without_model, restore


@pytest.fixture
def g():
    return load_glossary()


@pytest.mark.parametrize("name, english", [
    ("揭阳市工业和信息化局", "Jieyang Municipal Bureau of Industry and Information Technology"),
    ("市经信局", "Municipal Bureau of Economy and Information Technology"),
    ("市台盟", "Municipal Committee of the Taiwan Democratic Self-Government League"),
    ("柳楷斌委员:", "Member Liu Kaibin"),
    ("徐**代表:", "Deputy Xu**"),
    ("广东省揭阳市", "Jieyang City, Guangdong Province"),
    ("陕西省安康市", "Ankang City, Shaanxi Province"),
    ("西安市", "Xi'an City"),
    ("提案答复" , None),
])
def test_metadata_names(g, name, english):
    assert english_name_or_none(name, g) == english


def test_fallbacks(g):
    assert english_name("某某协调小组", g) == "某某协调小组"
    assert english_name("某某协调小组", g, fallback="pinyin").isascii()
    assert english_name(None, g) is None


@pytest.mark.parametrize("text, english", [
    ("100万元", "1 million yuan"),
    ("20万元", "200,000 yuan"),
    ("2006亿元", "200.6 billion yuan"),
    ("3.21亿元", "321 million yuan"),
    ("10500.46万元", "105.0046 million yuan"),
    ("4.14万户", "41,400 households"),
    ("23.25%", "23.25%"),
    ("0.5个百分点", "0.5 percentage points"),
    ("2023年7月13日", "13 July 2023"),
    ("1-5月", "January–May"),
    ("第1019号", "No. 1019"),
    ("金经信办建〔2023〕22号", "金经信办建〔2023〕22号"),
    ("0579-82468123", "0579-82468123"),
    ("1133070000259288XD/2023-04645", "1133070000259288XD/2023-04645"),
])
def test_protected_spans_have_exact_english(g, text, english):
    spans = find_spans(f"根据{text}。", g)
    assert [(s.text, s.en) for s in spans] == [(text, english)]


def test_doc_number_prefix_stops_at_ordinary_words(g):
    spans = find_spans("按照金经信办建〔2023〕22号文件的要求", g)
    assert spans[0].text == "金经信办建〔2023〕22号"


def test_amounts_are_exact_not_rounded():
    assert english_amount("1.23456789", 100000000, "yuan") == "123.456789 million yuan"
    assert english_amount("7", 10000, "") == "70,000"


def test_mask_hides_terms_and_numbers_from_the_model(g):
    masked = mask("专精特新“小巨人”企业分别奖励100万元、20万元,链长制", g)
    assert masked.text == "[P0]“[P1]”企业分别奖励[P2]、[P3],[P4]"
    text, repairs = restore("[P0] \"[P1]\" enterprises get [P2] and [P3]; [P4]", masked)
    assert repairs == 0
    assert text == ('specialized, refined, distinctive and innovative (SRDI) "little giant" '
                    "enterprises get 1 million yuan and 200,000 yuan; chain-leader system")


def test_restore_repairs_what_the_model_did_to_placeholders(g):
    masked = mask("奖励100万元、20万元和5万元", g)
    # mangled spacing / full-width brackets, a duplicate, an unknown and a dropped one
    text, repairs = restore("award [ P0 ] and ［P1］ [P1] [P7]", masked)
    assert text == "award 1 million yuan and 200,000 yuan (50,000 yuan)"
    assert repairs == 3
    for value in ("1 million yuan", "200,000 yuan", "50,000 yuan"):
        assert text.count(value) == 1


def test_a_line_without_chinese_after_masking_needs_no_model(g):
    assert render_without_model(mask("2023年11月15日", g)) == "15 November 2023"


def test_glossary_version_follows_the_file(tmp_path):
    copy = tmp_path / "glossary.yaml"
    shutil.copy(glossary_module.GLOSSARY_FILE, copy)
    before = load_glossary(copy).version
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    glossary_module._load.cache_clear()
    assert load_glossary(copy).version != before
