"""The real argostranslate code path with a tiny .argosmodel built here, offline.

The model translates into nonsense; what is asserted is what the pipeline controls:
paragraph alignment, the machine-translation notice and link, glossary terms and
numbers, the translation cache, offline sentence splitting and no network.
"""
import dataclasses
import html
import re
import shutil
import zipfile

from build_scripts.record import Variant
from build_scripts.render import render
from build_scripts.render.lang import text_lang
from build_scripts.render.markdown import CARD_MARK, escape, render_page
from build_scripts.variants import VariantSettings, argos_setup, make_variants, write_variants
from build_scripts.variants.argos_setup import ArgosTranslator
from build_scripts.variants.protect import has_cjk

GUANGZHOU = "000_bef68711d2b2d5e8.txt"  # signed and dated; rewards of 100万元、20万元
JIEYANG = "001_ee64e7c325dd4286.txt"  # to 柳楷斌委员; run-in headings at three levels
ANKANG = "002_425556da689228ab.txt"  # 新增市场主体4.14万户,同比增长23.25%
JINHUA = "004_a4924afafe98401d.txt"  # 金经信办建〔2023〕22号, to 徐**代表, 1-5月 figures, a phone number
FUJIAN = "26_fujian_gov_reply.txt"  # dated "2017919": a line with no Chinese in it


def _settings(tmp_path, packages_dir):
    return VariantSettings(packages_dir=packages_dir, cache_dir=tmp_path / "cache")


def _build(tmp_path, records, packages_dir, logs=None, jobs=None):
    return make_variants(records, _settings(tmp_path, packages_dir), jobs=jobs,
                         log=(logs.append if logs is not None else lambda m: None))


def _count(text: str, phrase: str) -> int:
    """How often `phrase` stands in `text` on its own (1 million yuan is not in 21 million yuan)."""
    return len(re.findall(rf"(?<![\w.,]){re.escape(phrase)}(?![\w])", text))


def _block(record, needle: str) -> int:
    found = [i for i, block in enumerate(record.blocks) if needle in block.text]
    assert len(found) == 1, (record.source_file, needle)
    return found[0]


def test_the_tiny_package_with_its_own_spacy_is_a_valid_argos_package(tiny_model_file_with_spacy, tmp_path):
    names = zipfile.ZipFile(tiny_model_file_with_spacy).namelist()
    for expected in ("metadata.json", "model/model.bin", "sentencepiece.model", "spacy/config.cfg"):
        assert any(n.endswith(expected) for n in names), expected
    packages = tmp_path / "packages"
    argos_setup.install_file(tiny_model_file_with_spacy, packages)
    info = argos_setup.find_package(packages)
    assert info is not None and info.package_version == "0.0.1-tiny"
    translation = argos_setup.load_translation(packages, tmp_path / "cache")
    from argostranslate.translate import PackageTranslation

    assert isinstance(translation.underlying, PackageTranslation)
    output = translation.translate("关于做强制造业企业,提供高质量供给。")
    assert isinstance(output, str) and output.strip()


def test_sentence_splitting_is_spacy_offline_and_deterministic(tiny_packages_dir, no_network):
    translation = argos_setup.load_translation(tiny_packages_dir, tiny_packages_dir.parent / "cache")
    from argostranslate.sbd import SpacySentencizerSmall

    sentencizer = translation.underlying.sentencizer
    assert isinstance(sentencizer, SpacySentencizerSmall)
    text = "一是完善培育体系。二是加大支持力度!三是优化服务?四是加强宣传"
    first = sentencizer.split_sentences(text)
    assert first == ["一是完善培育体系。", "二是加大支持力度!", "三是优化服务?", "四是加强宣传"]
    assert sentencizer.split_sentences(text) == first
    assert no_network == []


def test_unpatched_argos_would_reach_for_spacys_model_table(tmp_path, no_network):
    """The network attempt argostranslate makes for SPACY chunking, which we replace."""
    from argostranslate import settings

    from argostranslate import networking

    original = argos_setup.ORIGINAL_CACHE_SPACY or networking.cache_spacy
    saved = settings.cache_dir
    settings.cache_dir = tmp_path  # empty: no cached xx_sent_ud_sm
    try:
        assert original() is None  # the download failed ...
    finally:
        settings.cache_dir = saved
    assert no_network, "... because it tried to use the network"


def test_english_pages_through_argos(tmp_path, records, record_of, tiny_packages_dir_each_layout, no_network):
    tiny_packages_dir = tiny_packages_dir_each_layout
    label = argos_setup.find_package(tiny_packages_dir).label
    variants, report = _build(tmp_path, records, tiny_packages_dir)
    assert report.errors == [] and report.warnings == []
    assert report.translator_calls > 0 and report.model == f"Argos Translate ({label})"
    assert report.documents == len(records) == len(variants)
    write_variants(variants, tmp_path / "variants", report.stored)
    pages = render(variants)
    rule_only = 0
    for record in records:
        slug = record.slug
        page = variants[slug]["en"]
        # the JSON written is the variant, and renders to the same page
        assert Variant.from_json((tmp_path / "variants" / "en" / f"{slug}.json").read_text(encoding="utf-8")) == page
        # paragraph-aligned: one English block per source block, same order, kind, level
        assert len(page.blocks) == len(record.blocks)
        # translated from the Simplified page: the record itself, or its t2s conversion (a source in Traditional)
        for source, english in zip(variants[slug]["zh"].blocks, page.blocks):
            assert english.kind == source.kind
            assert english.level == source.level and english.run_in == source.run_in
            if has_cjk(source.text):
                assert english.original == source.text
                assert english.text != source.text
            else:  # nothing to translate: kept as it is, with no original to show
                assert english.text == source.text and english.original is None
                rule_only += 1
        assert [h["level"] for h in page.headings] == [h["level"] for h in record.headings]
        assert page.variant["method"] == "argos" and page.variant["machine_translated"] is True
        assert page.variant["translation_missing"] is False
        assert page.variant["translator"] == report.model and page.variant["model"] == label
        assert page.doc_number == record.doc_number and page.index_number == record.index_number
        markdown = pages["en"][f"documents/{slug}.md"]
        assert markdown == render_page(page, variants[slug]["zh"])
        body = markdown.split("\n---\n", 1)[1]
        # the title, then the notice with the link to the original, the card, the document text
        notice_at = body.index("**Machine translation.**")
        original = "zh-Hant/" if record.source_script == "zh-Hant" else ""  # the page in the source's script
        assert f'href="../../{original}documents/{slug}.html"' in body
        first = page.blocks[0]
        # (the tiny model's "English" is Han characters: shown as Chinese, in <p lang>)
        as_html = first.kind == "addressee" or text_lang(first.text, "en")
        shown = html.escape(first.text, quote=False) if as_html else escape(first.text)
        assert body.index(f"# {escape(page.title)}") < notice_at < body.index(CARD_MARK) < body.index(shown)
    assert rule_only == 1  # the Fujian reply's "2017919"
    assert record_of(FUJIAN).blocks[-1].text == "2017919"

    blocks = variants[record_of(JIEYANG).slug]["en"].blocks
    assert blocks[0].kind == "addressee" and blocks[0].text == "Member Liu Kaibin"
    blocks = variants[record_of(GUANGZHOU).slug]["en"].blocks
    assert [b.kind for b in blocks[-3:]] == ["signature", "date", "contact"]
    assert blocks[-3].text == "Guangzhou Municipal Bureau of Industry and Information Technology"
    assert blocks[-2].text == "1 August 2023"
    # every protected value stands in the English as often as in the Chinese: exactly
    source = record_of(GUANGZHOU).blocks[_block(record_of(GUANGZHOU), "100万元、20万元")].text
    reward = blocks[_block(record_of(GUANGZHOU), "100万元、20万元")].text
    for chinese, fixed in (("专精特新", "specialized, refined, distinctive and innovative (SRDI)"),
                           ("小巨人", "little giant"), ("100万元", "1 million yuan"), ("20万元", "200,000 yuan"),
                           ("3亿元", "300 million yuan")):
        assert source.count(chinese) >= 1 and _count(reward, fixed) == source.count(chinese), (fixed, reward)
    ankang = record_of(ANKANG)
    growth = variants[ankang.slug]["en"].blocks[_block(ankang, "4.14万户")].text
    assert _count(growth, "41,400 households") == 1 and _count(growth, "23.25%") == 1
    jinhua = record_of(JINHUA)
    source = jinhua.blocks[_block(jinhua, "2006亿元")].text
    figures = variants[jinhua.slug]["en"].blocks[_block(jinhua, "2006亿元")].text
    for chinese, fixed in (("1-5月", "January–May"), ("2006亿元", "200.6 billion yuan"), ("73.3%", "73.3%"),
                           ("0.5个百分点", "0.5 percentage points"), ("规上工业", "industry above designated size")):
        assert source.count(chinese) >= 1 and _count(figures, fixed) == source.count(chinese), (fixed, figures)
    meta = variants[jinhua.slug]["en"]
    contact = meta.blocks[_block(jinhua, "0579-82469741")]
    assert contact.kind == "contact" and "0579-82469741" in contact.text
    assert meta.agency == "Jinhua Municipal Bureau of Economy and Information Technology"
    assert meta.addressee == "Deputy Xu**"
    assert meta.region == "Jinhua City, Zhejiang Province"
    assert meta.blocks[-1].text == "10 July 2023"
    assert no_network == []


def test_cache_second_build_translates_nothing_and_a_changed_paragraph_only(
    tmp_path, records, record_of, tiny_packages_dir, no_network
):
    first_variants, first = _build(tmp_path, records, tiny_packages_dir)
    pages = render(first_variants)
    assert first.translator_calls > 0 and first.converted == len(records)

    second_variants, second = _build(tmp_path, records, tiny_packages_dir)
    assert second.translator_calls == 0
    assert (second.reused, second.converted, second.paragraphs) == (len(records), 0, 0)
    assert second_variants == first_variants
    assert render(second_variants) == pages

    record = record_of(JIEYANG)
    assert record.blocks[5].kind == "paragraph"
    record.blocks[5] = dataclasses.replace(record.blocks[5], text="当年新增市场主体5.2万户,同比增长25%。")
    third_variants, third = _build(tmp_path, records, tiny_packages_dir)
    assert third.translator_calls == 1
    assert (third.reused, third.converted) == (len(records) - 1, 1)
    changed = third_variants[record.slug]["en"].blocks[5]
    assert changed.original == "当年新增市场主体5.2万户,同比增长25%。"
    assert "52,000 households" in changed.text and "25%" in changed.text
    assert no_network == []


def test_translator_is_not_loaded_when_everything_is_cached(tmp_path, records, tiny_packages_dir, monkeypatch):
    first, report = _build(tmp_path, records, tiny_packages_dir)
    assert report.translator_calls > 0

    def must_not_load(self):
        raise AssertionError("model loaded on a no-change rebuild")

    monkeypatch.setattr(ArgosTranslator, "load", must_not_load)
    again, report = _build(tmp_path, records, tiny_packages_dir)
    assert report.errors == [] and report.warnings == [] and report.reused == len(records)
    assert again == first
    # and with the stored documents gone, from the translation cache alone
    shutil.rmtree(tmp_path / "cache" / "variants")
    again, report = _build(tmp_path, records, tiny_packages_dir)
    assert report.errors == [] and report.warnings == []
    assert (report.reused, report.converted, report.translator_calls) == (0, len(records), 0)
    assert report.cache_hits > 0
    assert again == first
