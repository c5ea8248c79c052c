"""A source written in Traditional characters (tests/data/devset/27, gov.cn's Big5 page): the
Traditional page keeps its text, the Simplified page is made with OpenCC t2s, the English is
translated from that Simplified text; a Simplified source is made as before."""
import opencc
import pytest

from build_scripts.render import render
from build_scripts.variants import VariantSettings, make_variants
from build_scripts.variants.traditional import default_corrections, to_simplified

BIG5_NOTICE = "27_govcn_big5_notice.txt"
JINHUA = "004_a4924afafe98401d.txt"


@pytest.fixture
def made(tmp_path, records):
    """The variants of every record (seeds and devset pages), no model installed."""
    settings = VariantSettings(packages_dir=tmp_path / "no-model", cache_dir=tmp_path / "cache")
    variants, report = make_variants(records, settings, jobs=1, log=lambda message: None)
    assert report.errors == []
    return variants, settings


def test_the_traditional_page_is_the_source_text(made, record_of):
    record = record_of(BIG5_NOTICE)
    assert record.source_script == "zh-Hant"
    page = made[0][record.slug]["zh-Hant"]
    assert page.variant == {"method": "original", "machine_translated": False, "translation_missing": False}
    for name in ("title", "agency", "addressee", "doc_number", "index_number", "date", "body"):
        assert getattr(page, name) == getattr(record, name), name
    assert [(block.kind, block.text) for block in page.blocks] == [(block.kind, block.text) for block in record.blocks]
    # only the archive's own words are in Traditional on it: the region from the place list, the type label
    assert record.region == "全国" and page.region == "全國" and page.region_path == ["全國"]
    assert page.doc_type_label == "通知"


def test_the_simplified_page_is_made_with_t2s(made, record_of):
    record = record_of(BIG5_NOTICE)
    page = made[0][record.slug]["zh"]
    assert page.variant["method"] == "opencc" and page.variant["config"] == "t2s"
    assert page.title == "国务院办公厅关于落实中共中央国务院关于全面深化农村改革加快推进农业现代化若干意见有关政策措施分工的通知"
    assert page.agency == "国务院办公厅" and page.addressee == "国务院各部委、各直属机构:"
    t2s = opencc.OpenCC("t2s")
    for made_block, source in zip(page.blocks, record.blocks):
        assert made_block.kind == source.kind
        assert made_block.text == to_simplified(source.text)
        # OpenCC's own t2s but for the document numbers, kept as issued
        if "〔" not in source.text:
            assert made_block.text == t2s.convert(source.text)
    # the document number, in its field and in the text, as issued
    assert page.doc_number == record.doc_number == "國辦函〔2014〕31號"
    cited = next(block.text for block in page.blocks if "中發〔2014〕1號" in block.text)
    assert cited.startswith("为贯彻落实《中共中央 国务院关于全面深化农村改革加快推进农业现代化的若干意见》(中發〔2014〕1號)")
    assert page.region == "全国" and page.doc_type_label == "通知"


def test_the_english_is_made_from_the_simplified_text(made, record_of):
    record = record_of(BIG5_NOTICE)
    english, simplified = made[0][record.slug]["en"], made[0][record.slug]["zh"]
    assert english.variant["method"] == "argos" and english.translation_missing
    assert english.doc_type_label == "Notice"
    assert english.doc_number == "國辦函〔2014〕31號"
    # without a model the English page shows the text it would translate: the Simplified
    pairs = list(zip(english.blocks, simplified.blocks))
    assert len(pairs) == len(simplified.blocks) >= 5
    for block, source in pairs:
        if block.kind == "paragraph":
            assert block.text == source.text
        if block.original is not None:  # a block given in English keeps what it was made from
            assert block.original == source.text
    assert any(block.original == "国务院各部委、各直属机构:" for block, _ in pairs)


def test_a_simplified_source_is_made_as_before(made, record_of):
    record = record_of(JINHUA)
    assert record.source_script == "zh-Hans"
    pages = made[0][record.slug]
    assert pages["zh"].variant["method"] == "original" and pages["zh"].body == record.body
    assert pages["zh-Hant"].variant["method"] == "opencc" and pages["zh-Hant"].variant["config"] == "s2tw"
    assert pages["zh-Hant"].variant["phrase_corrections"] == default_corrections().fingerprint
    assert "大學生發展" in pages["zh-Hant"].body


def test_read_back_from_the_store_the_same(made, records, record_of):
    variants, settings = made
    again, report = make_variants(records, settings, jobs=1, log=lambda message: None)
    assert report.converted == 0 and report.reused == len(records)
    slug = record_of(BIG5_NOTICE).slug
    for lang in ("zh", "zh-Hant", "en"):
        assert again[slug][lang].to_json() == variants[slug][lang].to_json(), lang


def test_the_pages_say_which_script_is_the_original(made, record_of):
    import yaml

    slug = record_of(BIG5_NOTICE).slug
    pages = render(made[0])
    for lang, method in (("zh", "opencc"), ("zh-Hant", "original")):
        meta = yaml.safe_load(pages[lang][f"documents/{slug}.md"].split("---\n")[1])
        assert meta["source_script"] == "zh-Hant"
        assert meta["variant"]["method"] == method


def test_the_model_is_given_the_simplified_text(tmp_path, record_of, tiny_packages_dir):
    record = record_of(BIG5_NOTICE)
    settings = VariantSettings(packages_dir=tiny_packages_dir, cache_dir=tmp_path / "cache")
    variants, report = make_variants([record], settings, jobs=1, log=lambda message: None)
    assert report.errors == [] and report.translator_calls > 0
    english, simplified = variants[record.slug]["en"], variants[record.slug]["zh"]
    assert english.machine_translated
    translated = [(block, source) for block, source in zip(english.blocks, simplified.blocks) if block.original]
    assert len(translated) >= 3
    for block, source in translated:
        assert block.original == source.text and block.text != source.text
